"""The first view of a filtered list in a large jobcenter (issue 13.6): its rows are shown
before the list is counted, with "Forrige/Næste" paging that knows no last page, and the
page fetches the count on its own (companies:company-count), which keeps it for the next
views. Everywhere else the list is counted with its page, as before."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companies import listing
from companies.views import lists
from tests.factories import CompanyFactory, RelationshipFactory

from .list_count_support import COUNT_URL, LIST_URL, count_line, listed

HTMX = {"HX-Request": "true"}
COUNTING = "Tæller virksomhederne …"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_kept_counts")]


@pytest.fixture
def companies_of_struer(jobcenter_a):
    """Three one-person smithies and two larger bakeries, all in Struer's area."""
    smedjer = [CompanyFactory(name=f"Smedje {n}", employee_band="1") for n in range(3)]
    bagere = [CompanyFactory(name=f"Bager {n}", employee_band="2-4") for n in range(2)]
    return smedjer, bagere


def count_requests(sql: list[dict]) -> list[str]:
    """The statements that count companies (a count or a window count), not the
    navigation's counts of other things."""
    return [
        query["sql"]
        for query in sql
        if "COUNT(" in query["sql"].upper() and 'FROM "companies_company"' in query["sql"]
    ]


def test_a_filtered_list_of_a_large_jobcenter_is_shown_before_it_is_counted(
    consultant_client, large_from_three, companies_of_struer
):
    consultant_client.get(LIST_URL)  # the whole list: 5 companies, kept as large

    with CaptureQueriesContext(connection) as captured:
        response = consultant_client.get(LIST_URL, {"employees": "1", "sort": "-name"})

    assert response.status_code == 200
    assert listed(response) == ["Smedje 2", "Smedje 1", "Smedje 0"]
    assert count_requests(captured.captured_queries) == []
    assert response.context["count"].value is None
    line = count_line(response)
    assert line.startswith(COUNTING)
    # The count is fetched for the same filters, with the page's query as it is.
    fetch = (
        re.search(
            r'hx-get="([^"]+)" hx-trigger="load" hx-swap="innerHTML"', response.content.decode()
        )
        .group(1)
        .replace("&amp;", "&")
    )
    assert urlsplit(fetch).path == COUNT_URL
    assert parse_qs(urlsplit(fetch).query) == {"employees": ["1"], "sort": ["-name"]}
    # Without JavaScript, a link asks for the number.
    assert f'<noscript> <a href="{COUNT_URL}?' in line


def test_the_count_comes_exact_and_is_kept_for_the_next_views(
    consultant_client, large_from_three, companies_of_struer
):
    consultant_client.get(LIST_URL)
    consultant_client.get(LIST_URL, {"employees": "1"})

    answer = consultant_client.get(COUNT_URL, {"employees": "1"}, headers=HTMX)
    CompanyFactory(name="Smedje 3", employee_band="1")
    again = consultant_client.get(LIST_URL, {"employees": "1", "page": "1"})

    assert answer.status_code == 200
    assert answer.content.decode() == "3 virksomheder"
    assert "HX-Request" in answer["Vary"]
    # Kept: the next view shows it with the time it was taken, and reads the new row.
    assert re.fullmatch(r"3 virksomheder \(optalt kl\. \d\d:\d\d\)", count_line(again))
    assert "Smedje 3" in listed(again)


def test_a_count_already_kept_is_answered_with_its_time(
    consultant_client, large_from_three, companies_of_struer
):
    consultant_client.get(LIST_URL)
    consultant_client.get(COUNT_URL, {"employees": "1"}, headers=HTMX)
    CompanyFactory(name="Smedje 3", employee_band="1")

    answer = consultant_client.get(COUNT_URL, {"employees": "1"}, headers=HTMX).content.decode()

    assert re.fullmatch(r"3 virksomheder \(optalt kl\. \d\d:\d\d\)", answer)


def test_without_javascript_the_count_leads_back_to_the_list_which_shows_it(
    consultant_client, large_from_three, companies_of_struer
):
    consultant_client.get(LIST_URL)
    query = {"employees": "1", "sort": "-name", "page": "1"}

    answer = consultant_client.get(COUNT_URL, query)

    assert answer.status_code == 302
    target = urlsplit(answer["Location"])
    assert target.path == LIST_URL and parse_qs(target.query) == {k: [v] for k, v in query.items()}
    shown = consultant_client.get(answer["Location"])
    assert re.fullmatch(r"3 virksomheder \(optalt kl\. \d\d:\d\d\)", count_line(shown))


@pytest.mark.parametrize(
    "query",
    [
        {"q": "smedje"},  # a search
        {"figure": "visited", "period_start": "2026-01-01", "period_end": "2026-12-31"},
        {"employees": "7"},  # refused by the form
        {},  # the whole list
    ],
)
def test_searches_drill_downs_refused_filters_and_the_whole_list_are_counted_with_the_page(
    consultant_client, large_from_three, companies_of_struer, query
):
    consultant_client.get(LIST_URL)

    response = consultant_client.get(LIST_URL, query)

    assert not count_line(response).startswith(COUNTING)
    assert re.match(r"\d+ virksomhed", count_line(response))


def test_a_small_jobcenters_filtered_list_is_counted_with_the_page(
    consultant_client, companies_of_struer
):
    consultant_client.get(LIST_URL)  # 5 companies: below the 10,000 of a large list

    response = consultant_client.get(LIST_URL, {"employees": "1"})

    assert count_line(response) == "3 virksomheder"


def test_without_a_kept_whole_count_a_filtered_list_is_counted_with_the_page(
    consultant_client, large_from_three, companies_of_struer
):
    response = consultant_client.get(LIST_URL, {"employees": "1"})  # whole list never seen

    assert count_line(response) == "3 virksomheder"


def test_an_uncounted_list_pages_forward_and_back_without_a_last_page(
    consultant_client, large_from_three, companies_of_struer, monkeypatch
):
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    consultant_client.get(LIST_URL)
    first = consultant_client.get(LIST_URL, {"employees": "1"})
    second = consultant_client.get(LIST_URL, {"employees": "1", "page": "2"})

    assert listed(first) == ["Smedje 0", "Smedje 1"] and listed(second) == ["Smedje 2"]
    first_page, second_page = first.content.decode(), second.content.decode()
    assert "Side 1</span>" in first_page and "Side 1 af" not in first_page
    assert "Næste side" in first_page and "Sidste side" not in first_page
    assert "Forrige side" not in first_page
    assert "Side 2</span>" in second_page and "Forrige side" in second_page
    assert "Næste side" not in second_page


def test_a_page_past_the_end_of_an_uncounted_list_is_the_last_counted_page(
    consultant_client, large_from_three, companies_of_struer, monkeypatch
):
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    consultant_client.get(LIST_URL)

    response = consultant_client.get(LIST_URL, {"employees": "1", "page": "9"})

    assert listed(response) == ["Smedje 2"]
    assert count_line(response) == "3 virksomheder"
    assert "Side 2 af 2" in response.content.decode()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(matching=st.integers(0, 7), page_size=st.integers(1, 3), descending=st.booleans())
def test_following_next_through_an_uncounted_list_lists_every_company_once_in_order(
    consultant_client, jobcenter_a, monkeypatch, matching, page_size, descending
):
    """Generated list sizes and page sizes: the uncounted pages, followed by their "next"
    links, hold exactly the counted list, in its order."""
    from companies.models import Company

    Company.objects.all().delete()
    cache.clear()
    monkeypatch.setattr(listing, "CACHED_COUNT_FROM", 1)
    monkeypatch.setattr(lists, "PAGE_SIZE", page_size)
    for number in range(matching):
        CompanyFactory(name=f"Smedje {number}", employee_band="1")
    CompanyFactory(name="Bager", employee_band="2-4")
    consultant_client.get(LIST_URL)  # kept as large
    sort = "-name" if descending else "name"
    expected = sorted((f"Smedje {n}" for n in range(matching)), reverse=descending)

    seen, number = [], 1
    while True:
        response = consultant_client.get(
            LIST_URL, {"employees": "1", "sort": sort, "page": str(number)}
        )
        page = response.context["page_obj"]
        assert getattr(page, "uncounted", False) or matching == 0
        seen += listed(response)
        if not page.has_next():
            break
        number += 1
    assert seen == expected


def test_the_count_is_the_users_jobcenters(
    consultant_client, outsider_client, large_from_three, jobcenter_b, companies_of_struer
):
    # Holstebro sees one smithy of its own, related from Struer's area, and none of Struer's.
    RelationshipFactory(
        jobcenter=jobcenter_b,
        company=CompanyFactory(
            name="Smedje i Lemvig", employee_band="1", municipality_codes=["0665"]
        ),
    )
    consultant_client.get(LIST_URL)
    consultant_client.get(COUNT_URL, {"employees": "1"}, headers=HTMX)  # Struer's kept: 3

    theirs = outsider_client.get(COUNT_URL, {"employees": "1"}, headers=HTMX)

    assert theirs.content.decode() == "1 virksomhed"


def test_the_count_needs_a_sign_in(client):
    response = client.get(COUNT_URL, {"employees": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    # For htmx, the sign-in is asked for as everywhere (jobcenter_crm.security).
    assert client.get(COUNT_URL, {"employees": "1"}, headers=HTMX).status_code == 401


def test_the_count_needs_a_get(consultant_client):
    assert consultant_client.post(COUNT_URL, {"employees": "1"}).status_code == 405


def test_the_first_view_reads_no_more_queries_than_a_counted_one(
    consultant_client, large_from_three, companies_of_struer
):
    # Each capture is read at once: the next request starts the query log anew.
    with CaptureQueriesContext(connection) as capture:
        consultant_client.get(LIST_URL, {"known": "no"})  # whole list not kept: counted
    counted = list(capture.captured_queries)
    consultant_client.get(LIST_URL)
    with CaptureQueriesContext(connection) as capture:
        consultant_client.get(LIST_URL, {"employees": "1"})
    uncounted = list(capture.captured_queries)

    assert len(uncounted) <= len(counted)
    assert count_requests(counted) != []
    assert count_requests(uncounted) == []
