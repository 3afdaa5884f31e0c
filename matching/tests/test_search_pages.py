"""The candidate search page (seed 003, koncept 3): ranked and explained, the matched terms
marked, the case system's facts beside each, filters, the map's data, the access log,
tenancy and constant queries; saved searches that mark what is new."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching.models import CandidateAccessLog, SavedSearch

from .factories import make_candidate

pytestmark = pytest.mark.django_db

SEARCH = reverse("matching:candidate-search")


@pytest.fixture
def engineers(jobcenter_a):
    designer = make_candidate(
        jobcenter_a,
        name="Dorthe Designteknolog",
        education=["Designteknolog"],
        experience=[{"occupation": "Designteknolog", "years": 8}],
        wanted_occupations=["Maskiningeniør"],
        skills=["AutoCAD", "SolidWorks"],
        unemployed_since=datetime.date(2026, 1, 5),
    )
    engineer = make_candidate(
        jobcenter_a,
        name="Mads Maskiningeniør",
        education=["Maskiningeniør"],
        certificates=["Kursus i CE-mærkning"],
        unemployed_since=datetime.date(2025, 6, 1),
        target_group="a_dagpenge",
    )
    return engineer, designer


def search(client, **params):
    return client.get(SEARCH, params)


def test_it_ranks_by_degree_of_match_marks_the_terms_and_shows_the_case_facts(
    consultant_client, consultant, engineers
):
    engineer, designer = engineers
    response = search(consultant_client, occupations="Maskiningeniør")
    assert response.status_code == 200
    matches = response.context["result"].matches
    assert [m.candidate for m in matches][:2] == [engineer, designer]
    page = response.content.decode()
    assert "<mark>Maskiningeniør</mark>" in page
    # The unemployment period and the certificates beside the candidate (the case
    # system's courses: test_candidate_pages).
    assert "Ledig siden" in page and "Kursus i CE-mærkning" in page
    assert "Uddannelse og certifikater" in page
    log = CandidateAccessLog.objects.get(user=consultant)
    assert log.kind == "search"
    assert log.candidate_ids == [engineer.pk, designer.pk]


def test_an_empty_form_opens_the_page_and_an_empty_submit_says_what_is_missing(
    consultant_client, engineers
):
    assert consultant_client.get(SEARCH).status_code == 200
    response = search(consultant_client, occupations="", postal_code="")
    assert response.status_code == 400
    assert "Udfyld mindst ét felt" in response.content.decode()
    assert not CandidateAccessLog.objects.exists()


@pytest.mark.parametrize("bad", ["12", "abcd", "12345", "7 60", "0000"])
def test_a_bad_or_unknown_postal_code_is_a_danish_message(consultant_client, engineers, bad):
    response = search(consultant_client, occupations="Maskiningeniør", postal_code=bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "postnummer" in page.lower()
    assert response.context["result"] is None


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"readiness": "activity_ready"}, {"Aktiv Anna"}),
        ({"readiness": "job_ready"}, {"Jobparat Jens", "Fjern Frede"}),
        ({"target_group": "kontanthjaelp"}, {"Aktiv Anna"}),
        ({"unemployed_months": "12"}, {"Jobparat Jens"}),
        ({"postal_code": "7600", "radius_km": "20"}, {"Jobparat Jens", "Aktiv Anna"}),
        (
            {"postal_code": "7600", "radius_km": "300"},
            {"Jobparat Jens", "Aktiv Anna", "Fjern Frede"},
        ),
        ({"available_by": "2026-12-01"}, {"Jobparat Jens", "Fjern Frede"}),
    ],
)
def test_the_case_facts_and_the_place_narrow_the_search(
    consultant_client, jobcenter_a, params, found
):
    today = timezone.localdate()
    make_candidate(
        jobcenter_a,
        name="Jobparat Jens",
        wanted_occupations=["Lagerarbejder"],
        unemployed_since=today - datetime.timedelta(days=500),
        postal_code="7600",
    )
    make_candidate(
        jobcenter_a,
        name="Aktiv Anna",
        wanted_occupations=["Lagerarbejder"],
        readiness="activity_ready",
        target_group="kontanthjaelp",
        unemployed_since=today - datetime.timedelta(days=100),
        postal_code="7620",
        available_from=datetime.date(2027, 3, 1),
    )
    make_candidate(
        jobcenter_a, name="Fjern Frede", wanted_occupations=["Lagerarbejder"], postal_code="2100"
    )
    response = search(consultant_client, occupations="Lagerarbejder", **params)
    assert response.status_code == 200, response.context["form"].errors
    assert {m.candidate.name for m in response.context["result"].matches} == found


def test_the_map_gets_the_places_and_the_circle(consultant_client, jobcenter_a, settings):
    settings.MAP_TILE_URL = "https://tiles.example.test/{z}/{x}/{y}.png"
    make_candidate(jobcenter_a, name="Jens", wanted_occupations=["Smed"], postal_code="7600")
    make_candidate(jobcenter_a, name="Jonna", wanted_occupations=["Smed"], postal_code="7600")
    response = search(consultant_client, occupations="Smed", postal_code="7600", radius_km="15")
    config = response.context["map_config"]
    assert config["radiusKm"] == 15
    assert config["centre"][0] == pytest.approx(56.36, abs=0.3)
    assert len(config["places"]) == 1 and len(config["places"][0]["candidates"]) == 2
    page = response.content.decode()
    assert "vendor/leaflet/leaflet.js" in page and "candidate_map.js" in page
    assert "tiles.example.test" in page
    assert "unpkg" not in page and "cdn" not in page.lower()


def test_another_jobcenters_candidates_never_appear(consultant_client, engineers, jobcenter_b):
    make_candidate(jobcenter_b, name="Holger Holstebro", education=["Maskiningeniør"])
    response = search(consultant_client, occupations="Maskiningeniør")
    assert "Holger Holstebro" not in response.content.decode()


def test_the_search_page_asks_the_same_number_of_queries_for_3_or_30_candidates(
    consultant_client, jobcenter_a
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = search(
                consultant_client, occupations="Svejser", qualifications="MIG", postal_code="7600"
            )
        assert response.status_code == 200
        return len(queries)

    for number in range(3):
        make_candidate(jobcenter_a, name=f"Svejser {number}", education=["Svejser"], skills=["MIG"])
    few = count()
    for number in range(27):
        make_candidate(jobcenter_a, name=f"Svejser {number + 3}", education=["Svejser"])
    assert count() == few
    assert few <= 16


def test_a_saved_search_marks_who_is_new_since_last_time(
    consultant_client, consultant, team_lead_client, jobcenter_a
):
    make_candidate(jobcenter_a, name="Første Smed", education=["Smed"])
    response = consultant_client.post(
        f"{reverse('matching:savedsearch-create')}?occupations=Smed", {"name": "Smede"}
    )
    saved = SavedSearch.objects.get(user=consultant)
    assert response.status_code == 302 and response.url == saved.get_absolute_url()
    assert saved.criteria == {"occupations": "Smed"}

    newcomer = make_candidate(jobcenter_a, name="Ny Smed", education=["Smed"])
    opened = consultant_client.get(saved.get_absolute_url())
    assert opened.context["result"].new_ids == {newcomer.pk}
    assert "Ny Smed" in opened.content.decode()
    # Opened once, nobody is new any more.
    assert consultant_client.get(saved.get_absolute_url()).context["result"].new_ids == set()
    # A colleague's template is not reachable, nor deletable.
    assert team_lead_client.get(saved.get_absolute_url()).status_code == 404
    delete = reverse("matching:savedsearch-delete", args=[saved.code])
    assert team_lead_client.post(delete).status_code == 404
    assert consultant_client.get(delete).status_code == 405
    assert consultant_client.post(delete).status_code == 302
    assert not SavedSearch.objects.exists()


def test_a_saved_search_needs_a_name_and_a_criterion(consultant_client, consultant):
    create = reverse("matching:savedsearch-create")
    assert consultant_client.post(f"{create}?occupations=Smed", {"name": " "}).status_code == 400
    assert consultant_client.post(create, {"name": "Tom"}).status_code == 400
    assert not SavedSearch.objects.exists()


def test_outsiders_and_operators_do_not_reach_the_search(outsider_client, engineers):
    response = search(outsider_client, occupations="Maskiningeniør")
    assert response.status_code == 200
    assert response.context["result"].matches == []


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 3, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2026, 1, 15), 1, datetime.date(2025, 12, 15)),
        (datetime.date(2026, 11, 28), 12, datetime.date(2025, 11, 28)),
        (datetime.date(2026, 11, 28), 0, datetime.date(2026, 11, 28)),
        (datetime.date(2026, 5, 31), 600, datetime.date(1976, 5, 31)),
    ],
)
def test_unemployed_for_months_counts_calendar_months(day, months, expected):
    from matching.selectors.search import months_before

    assert months_before(day, months) == expected


def test_a_saved_search_opened_offers_to_save_its_own_criteria(consultant_client, consultant):
    from matching.services import saved_search_create

    saved = saved_search_create(
        user=consultant,
        name="Smede",
        criteria={"occupations": "Smed", "postal_code": "7600"},
        result_ids=[],
        now=timezone.now(),
    )
    page = consultant_client.get(saved.get_absolute_url()).content.decode()
    assert f"{reverse('matching:savedsearch-create')}?occupations=Smed&amp;postal_code=7600" in page


def test_saved_searches_count_and_mark_new_and_updated_candidates(
    consultant_client, consultant, jobcenter_a
):
    make_candidate(jobcenter_a, external_id="S-1", name="Første Smed", education=["Smed"])
    make_candidate(jobcenter_a, external_id="S-2", name="Anden Smed", education=["Smed"])
    consultant_client.post(
        f"{reverse('matching:savedsearch-create')}?occupations=Smed", {"name": "Smede"}
    )
    saved = SavedSearch.objects.get(user=consultant)
    assert saved.watch_terms

    def listed() -> int:
        page = consultant_client.get(reverse("matching:candidate-search"))
        return {search.name: search.new_count for search in page.context["saved_searches"]}["Smede"]

    assert listed() == 0
    updated = make_candidate(
        jobcenter_a, external_id="S-1", name="Første Smed", education=["Smed"], skills=["MIG"]
    )
    newcomer = make_candidate(jobcenter_a, external_id="S-3", name="Ny Smed", education=["Smed"])
    # Another trade is not news to a search for smiths.
    make_candidate(jobcenter_a, external_id="S-4", name="Ny Bager", education=["Bager"])
    assert listed() == 2

    opened = consultant_client.get(saved.get_absolute_url())
    result = opened.context["result"]
    assert result.new_ids == {newcomer.pk}
    assert result.updated_ids == {updated.pk}
    assert 'class="badge text-bg-info"' in opened.content.decode()
    assert listed() == 0


def test_a_saved_search_counts_only_what_its_own_filters_let_through(
    consultant_client, consultant, jobcenter_a
):
    start_by = timezone.localdate() + datetime.timedelta(days=30)
    query = (
        "occupations=Smed&readiness=job_ready&target_group=a_dagpenge"
        f"&postal_code=7600&radius_km=25&available_by={start_by.isoformat()}"
    )
    consultant_client.post(f"{reverse('matching:savedsearch-create')}?{query}", {"name": "Smede"})
    saved = SavedSearch.objects.get(user=consultant)

    def listed() -> int:
        page = consultant_client.get(reverse("matching:candidate-search"))
        return {search.name: search.new_count for search in page.context["saved_searches"]}["Smede"]

    smith = {"education": ["Smed"], "target_group": "a_dagpenge"}
    news = make_candidate(jobcenter_a, name="Ny Smed", **smith)
    # Each of these fails exactly one of the search's own filters.
    make_candidate(jobcenter_a, name="Aktivitetsparat", **{**smith, "readiness": "activity_ready"})
    make_candidate(jobcenter_a, name="Kontanthjælp", **{**smith, "target_group": "kontanthjaelp"})
    make_candidate(jobcenter_a, name="Langt væk", postal_code="2100", **smith)
    make_candidate(
        jobcenter_a,
        name="Starter senere",
        available_from=start_by + datetime.timedelta(days=1),
        **smith,
    )
    make_candidate(jobcenter_a, name="Bager", education=["Bager"], target_group="a_dagpenge")
    assert listed() == 1

    opened = consultant_client.get(saved.get_absolute_url())
    assert opened.context["result"].new_ids == {news.pk}  # what the count promised
    assert listed() == 0


@pytest.mark.parametrize(
    "criteria",
    [
        {"occupations": "Smed", "postal_code": "0000"},  # not a postal code any more
        {"occupations": "Smed", "unemployed_months": "mange"},
        {"occupations": "Smed", "radius_km": "-5", "postal_code": "7600"},
    ],
)
def test_a_saved_search_that_no_longer_runs_counts_nothing_and_breaks_no_page(
    consultant_client, consultant, jobcenter_a, criteria
):
    from matching.services import saved_search_create

    saved_search_create(
        user=consultant,
        name="Gammel",
        criteria=criteria,
        result_ids=[],
        now=timezone.now() - datetime.timedelta(days=1),
        watch_terms=["smed"],
    )
    make_candidate(jobcenter_a, education=["Smed"])
    page = consultant_client.get(reverse("matching:candidate-search"))
    assert page.status_code == 200
    assert [search.new_count for search in page.context["saved_searches"]] == [0]


def test_the_saved_searches_cost_the_same_queries_for_2_or_10(
    consultant_client, consultant, jobcenter_a
):
    from matching.services import saved_search_create

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert consultant_client.get(reverse("matching:candidate-search")).status_code == 200
        return len(queries)

    def searches(first: int, last: int) -> None:
        for number in range(first, last):
            saved_search_create(
                user=consultant,
                name=f"Søgning {number}",
                criteria={"occupations": "Smed"},
                result_ids=[],
                now=timezone.now() - datetime.timedelta(days=1),
                watch_terms=["smed"] if number % 2 else [],
            )
        make_candidate(jobcenter_a, education=["Smed"])

    searches(0, 2)
    few = count()
    searches(2, 10)
    assert count() == few
