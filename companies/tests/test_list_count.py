"""The company list at national scale (issue 13.6): a large list's count (the whole list's,
or a filtered one's) is kept a while per jobcenter and filters, and says so; a small list,
a search and a report's drill-down are always counted exactly; pages are read keys first
and keep every sort's order."""

import datetime
import re

import pytest
from django.utils import timezone

from companies import listing
from companies.models import IndustrySection, Municipality
from screening.models import Segment
from tests.factories import CompanyFactory, ContactFactory, RelationshipFactory

from .list_count_support import COUNT_URL, LIST_URL, count_line, listed

pytestmark = pytest.mark.usefixtures("no_kept_counts")


def test_a_large_whole_list_shows_the_count_it_kept_and_when_it_was_taken(
    consultant_client, large_from_three
):
    for number in range(3):
        CompanyFactory(name=f"Smedje {number}")
    first = consultant_client.get(LIST_URL)
    CompanyFactory(name="Smedje 3")

    second = consultant_client.get(LIST_URL, {"sort": "-name"})

    assert count_line(first) == "3 virksomheder"
    assert first.context["count"].counted_at is None
    # Counted by the first request: still three, with the time of that count.
    kept = second.context["count"]
    assert kept.value == 3 and kept.counted_at is not None
    assert re.fullmatch(r"3 virksomheder \(optalt kl\. \d\d:\d\d\)", count_line(second))


def test_a_search_is_not_given_the_whole_lists_kept_count(consultant_client, large_from_three):
    for number in range(3):
        CompanyFactory(name=f"Smedje {number}", industry_section=None, employee_band="1")
    consultant_client.get(LIST_URL)  # keeps the whole list's count
    CompanyFactory(name="Smedje 3", industry_section=None, employee_band="1")

    response = consultant_client.get(LIST_URL, {"q": "smedje"})

    assert response.context["count"].counted_at is None
    assert count_line(response) == "4 virksomheder"


@pytest.mark.parametrize("query", [{"industry": "F"}, {"employees": "1"}, {"known": "no"}])
def test_a_filtered_list_is_not_given_the_whole_lists_kept_count(
    consultant_client, large_from_three, query
):
    for number in range(3):
        CompanyFactory(name=f"Smedje {number}", industry_section=None, employee_band="1")
    consultant_client.get(LIST_URL)  # keeps the whole list's count
    CompanyFactory(name="Smedje 3", industry_section=None, employee_band="1")

    response = consultant_client.get(LIST_URL, query)

    # A large jobcenter's filtered list: shown before it is counted, then counted apart.
    assert response.context["count"].value is None
    answer = consultant_client.get(COUNT_URL, query, headers={"HX-Request": "true"})
    expected = len(listed(response))
    assert answer.content.decode() == f"{expected} virksomhed{'er' if expected != 1 else ''}"


# Filters a consultant narrows the net list with, each matching the three "Smedje"
# companies below and not "Bager" (another industry, size, municipality and history).
FILTERS = [
    {"known": "no"},
    {"employees": "1"},
    {"industry": "C"},
    {"municipality": "0671"},
    {"segment": "none"},
    {"opted_out": "no"},
    {"not_contacted_since": "2026-01-01"},
    {"known": "no", "employees": "1"},
    {"employees": "1", "known": "no", "sort": "-name"},
]


@pytest.fixture
def smedjer(jobcenter_a):
    section_c = IndustrySection.objects.get(letter="C")
    smedjer = [
        CompanyFactory(name=f"Smedje {number}", employee_band="1", industry_section=section_c)
        for number in range(3)
    ]
    # Bager is out of every filter: known, segment 1, refused contact, contacted this
    # year, and seated in Holstebro (seen through the relationship).
    bager = CompanyFactory(
        name="Bager",
        employee_band="2-4",
        industry_section=None,
        municipality=Municipality.objects.get(code="0661"),
    )
    relationship = RelationshipFactory(
        jobcenter=jobcenter_a,
        company=bager,
        is_known=True,
        segment=Segment.objects.get(number=1),
        opted_out_on=datetime.date(2026, 5, 1),
        opt_out_reason="Ønsker ikke at blive ringet op",
    )
    ContactFactory(relationship=relationship, occurred_at=timezone.now())
    return smedjer


@pytest.mark.parametrize("query", FILTERS)
def test_a_large_filtered_list_keeps_its_count_for_the_next_pages_and_says_so(
    consultant_client, large_from_three, smedjer, query
):
    first = consultant_client.get(LIST_URL, query)
    CompanyFactory(name="Smedje 3", employee_band="1", industry_section=smedjer[0].industry_section)

    again = consultant_client.get(LIST_URL, {**query, "page": "1"})
    reordered = consultant_client.get(LIST_URL, dict(reversed(list(query.items()))))

    assert first.context["count"].counted_at is None and count_line(first) == "3 virksomheder"
    # Counted with the first page, kept: the new company is not counted yet, and the
    # page says when the count was taken. The order of the filters does not matter.
    for response in (again, reordered):
        assert response.context["count"].value == 3
        assert re.fullmatch(r"3 virksomheder \(optalt kl\. \d\d:\d\d\)", count_line(response))
    # The rows themselves are read now.
    assert "Smedje 3" in listed(again) and "Bager" not in listed(again)


def test_each_filter_keeps_a_count_of_its_own(consultant_client, large_from_three, smedjer):
    consultant_client.get(LIST_URL, {"employees": "1"})  # kept: 3
    consultant_client.get(LIST_URL)  # the whole list, kept: 4

    assert consultant_client.get(LIST_URL, {"employees": "2-4"}).context["count"].value is None
    assert consultant_client.get(LIST_URL, {"employees": "1"}).context["count"].value == 3
    assert consultant_client.get(LIST_URL).context["count"].value == 4


@pytest.mark.parametrize(
    "query",
    [
        {"q": "smedje"},
        {"q": "smedje", "employees": "1"},
        {"figure": "visited", "period_start": "2026-01-01", "period_end": "2026-12-31"},
        {"employees": "7"},  # refused by the form
        {"not_contacted_since": "2026-13-45"},
    ],
)
def test_a_search_a_drill_down_or_a_refused_filter_is_never_kept(
    consultant_client, smedjer, monkeypatch, query
):
    monkeypatch.setattr(listing, "CACHED_COUNT_FROM", 0)  # any other list would be kept
    for _ in range(2):
        response = consultant_client.get(LIST_URL, query)
        assert response.context["count"].counted_at is None
        assert "optalt" not in count_line(response)


def test_a_small_filtered_list_is_counted_on_every_request(consultant_client, smedjer):
    consultant_client.get(LIST_URL, {"known": "no"})
    CompanyFactory(name="Smedje 3", employee_band="1")

    response = consultant_client.get(LIST_URL, {"known": "no"})

    assert count_line(response) == "4 virksomheder"


def test_a_small_whole_list_is_counted_on_every_request(consultant_client):
    CompanyFactory(name="Smedje 0")
    consultant_client.get(LIST_URL)
    CompanyFactory(name="Smedje 1")

    response = consultant_client.get(LIST_URL)

    assert count_line(response) == "2 virksomheder"
    assert response.context["count"].counted_at is None


def test_each_jobcenter_keeps_its_own_count(
    consultant_client, outsider_client, large_from_three, jobcenter_b
):
    for number in range(3):
        CompanyFactory(name=f"Struer {number}")
    consultant_client.get(LIST_URL)
    RelationshipFactory(jobcenter=jobcenter_b, company=CompanyFactory(name="Elsewhere"))

    assert outsider_client.get(LIST_URL).context["count"].value == 1


@pytest.mark.parametrize("sort", ["", "name", "-name", "cvr", "-last_contact", "segment"])
def test_pages_read_keys_first_keep_the_sorted_order_across_pages(consultant_client, sort):
    for number in range(53):
        CompanyFactory(name=f"Company {number:02}", cvr=f"{40000000 + (number * 7) % 53:08}")
    whole = []
    for page in ("1", "2"):
        response = consultant_client.get(LIST_URL, {"sort": sort, "page": page})
        whole += listed(response)

    assert sorted(whole) == [f"Company {number:02}" for number in range(53)]
    if sort in ("", "name"):
        assert whole == sorted(whole)
    if sort == "-name":
        assert whole == sorted(whole, reverse=True)
    if sort == "cvr":
        from companies.models import Company

        assert whole == list(Company.objects.order_by("cvr").values_list("name", flat=True))


# A search or a filter is counted in the same query as its page's keys.

SEARCHED_OR_FILTERED = [{"q": "smedje"}, {"employees": "1"}, {"q": "smedje", "sort": "-name"}]


@pytest.mark.parametrize("query", SEARCHED_OR_FILTERED[:2])
@pytest.mark.parametrize(
    "page,expected",
    [
        ("1", (1, 50)),
        ("2", (2, 3)),
        ("3", (2, 3)),  # past the last page: the last page
        ("99", (2, 3)),
        ("0", (2, 3)),  # as Django's paginator: below the first is the last
        ("-1", (2, 3)),
        ("", (1, 50)),
        ("to", (1, 50)),
        ("1.5", (1, 50)),
    ],
)
def test_a_searched_or_filtered_list_pages_and_counts_whatever_page_is_asked_for(
    consultant_client, query, page, expected
):
    for number in range(53):
        CompanyFactory(name=f"Smedje {number:02}", employee_band="1")
    CompanyFactory(name="Bager", employee_band="2-4")

    response = consultant_client.get(LIST_URL, {**query, "page": page})

    page_obj = response.context["page_obj"]
    assert (page_obj.number, len(listed(response))) == expected
    assert page_obj.paginator.count == 53
    assert "53 virksomheder" in count_line(response)


def test_pages_of_a_search_together_hold_every_match_once(consultant_client):
    for number in range(53):
        CompanyFactory(name=f"Smedje {number:02}")
    whole = []
    for page in ("1", "2"):
        whole += listed(consultant_client.get(LIST_URL, {"q": "smedje", "page": page}))

    assert sorted(whole) == [f"Smedje {number:02}" for number in range(53)]


@pytest.mark.parametrize("query", SEARCHED_OR_FILTERED)
def test_a_search_or_a_filter_without_matches_shows_none(consultant_client, query):
    CompanyFactory(name="Bager", employee_band="2-4")

    for page in ("1", "2"):
        response = consultant_client.get(LIST_URL, {**query, "page": page})
        assert listed(response) == []
        assert response.context["page_obj"].paginator.count == 0
        assert "0 virksomheder" in count_line(response)


@pytest.mark.parametrize("query", [{"known": "no"}, {"not_contacted_since": "2026-01-01"}])
def test_a_kept_filtered_list_reads_its_page_without_counting(
    consultant_client, large_from_three, smedjer, query
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        consultant_client.get(LIST_URL, query)
    with CaptureQueriesContext(connection) as again:
        consultant_client.get(LIST_URL, {**query, "page": "1"})

    def counting(queries):
        # A count of the companies (the nav's badges count other things).
        return [
            q["sql"]
            for q in queries.captured_queries
            if "COUNT(" in q["sql"].upper() and 'FROM "companies_company"' in q["sql"]
        ]

    assert len(counting(first)) == 1  # the window count with the page's keys
    assert counting(again) == []
