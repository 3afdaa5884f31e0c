"""The company list at national scale (issue 13.6): the whole list's count is kept a while
once it is large, and says so; a search or a filter is always counted exactly; pages are
read keys first and keep every sort's order."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from companies import listing
from tests.factories import CompanyFactory, RelationshipFactory

LIST_URL = reverse("companies:company-list")


def listed(response) -> list[str]:
    return [company.name for company in response.context["page_obj"].object_list]


def count_line(response) -> str:
    match = re.search(
        r'<p class="mb-0" id="company-count" role="status">(.*?)</p>',
        response.content.decode(),
        re.S,
    )
    assert match is not None
    return match.group(1)


@pytest.fixture(autouse=True)
def _no_kept_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def large_from_three(monkeypatch):
    """A list of three companies counts as large (the limit is 10,000 in production)."""
    monkeypatch.setattr(listing, "CACHED_COUNT_FROM", 3)


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


@pytest.mark.parametrize(
    "query", [{"q": "smedje"}, {"industry": "F"}, {"employees": "1"}, {"known": "no"}]
)
def test_a_search_or_a_filter_is_always_counted_exactly(consultant_client, large_from_three, query):
    for number in range(3):
        CompanyFactory(name=f"Smedje {number}", industry_section=None, employee_band="1")
    consultant_client.get(LIST_URL)  # keeps the whole list's count
    CompanyFactory(name="Smedje 3", industry_section=None, employee_band="1")

    response = consultant_client.get(LIST_URL, query)

    assert response.context["count"].counted_at is None
    assert "optalt" not in count_line(response)
    assert response.context["page_obj"].paginator.count == len(listed(response))


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
