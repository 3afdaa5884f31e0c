import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.models import CandidateAccessLog, JobOrder, Placement
from matching.services import placement_propose
from tests.factories import CompanyFactory

from .factories import make_candidate
from .orders import take_job_order


@pytest.fixture
def order(consultant):
    return take_job_order(
        user=consultant,
        company=CompanyFactory(),
        title="Svejser",
        occupation="Svejser",
        requirements={},
        wishes={},
    )


@pytest.fixture
def welder(jobcenter_a):
    return make_candidate(
        jobcenter_a,
        name="Søren Svejser",
        wanted_occupations=["Svejser"],
        experience=[{"occupation": "Svejser", "years": 6}],
    )


def test_the_match_page_ranks_candidates_with_explanations_and_logs_the_view(
    consultant_client, consultant, order, welder, jobcenter_a
):
    make_candidate(jobcenter_a, name="Bente Bager", wanted_occupations=["Bager"])

    response = consultant_client.get(reverse("matching:joborder-matches", args=[order.code]))

    assert response.status_code == 200
    matches = response.context["matches"]
    assert matches[0].candidate == welder
    page = response.content.decode()
    assert "Søren Svejser" in page
    assert "<mark>" in page
    log = CandidateAccessLog.objects.get(user=consultant)
    assert log.order_code == order.code
    assert welder.pk in log.candidate_ids


def test_another_jobcenters_candidates_never_enter_the_match_list(
    consultant_client, order, welder, jobcenter_b
):
    theirs = make_candidate(jobcenter_b, name="Holger Holstebro", wanted_occupations=["Svejser"])
    response = consultant_client.get(reverse("matching:joborder-matches", args=[order.code]))
    assert theirs not in [m.candidate for m in response.context["matches"]]
    assert "Holger Holstebro" not in response.content.decode()


def test_the_consultant_puts_a_candidate_on_the_order_and_records_the_steps(
    consultant_client, order, welder
):
    create = reverse("matching:placement-create", args=[order.code])
    assert consultant_client.post(create, {"candidate": welder.code}).status_code == 302
    placement = Placement.objects.get()
    advance = reverse("matching:placement-advance", args=[placement.code])

    consultant_client.post(advance, {"status": "presented"})
    consultant_client.post(advance, {"status": "interview"})
    consultant_client.post(advance, {"status": "hired"})

    placement.refresh_from_db()
    order.refresh_from_db()
    assert placement.status == "hired"
    assert list(placement.steps.values_list("status", flat=True)) == [
        "proposed",
        "presented",
        "interview",
        "hired",
    ]
    assert order.status == JobOrder.Status.FILLED


def test_a_rejection_without_a_reason_is_refused_with_a_message(
    consultant_client, consultant, order, welder
):
    placement = placement_propose(order=order, candidate=welder, user=consultant)
    url = reverse("matching:placement-advance", args=[placement.code])
    response = consultant_client.post(url, {"status": "rejected"}, follow=True)
    placement.refresh_from_db()
    assert placement.status == "proposed"
    assert "Skriv, hvorfor kandidaten blev afvist." in response.content.decode()


def test_another_jobcenter_gets_404_on_matches_and_placements(
    outsider_client, consultant, order, welder
):
    placement = placement_propose(order=order, candidate=welder, user=consultant)
    matches = reverse("matching:joborder-matches", args=[order.code])
    assert outsider_client.get(matches).status_code == 404
    create = reverse("matching:placement-create", args=[order.code])
    assert outsider_client.post(create, {"candidate": welder.code}).status_code == 404
    advance = reverse("matching:placement-advance", args=[placement.code])
    assert outsider_client.post(advance, {"status": "presented"}).status_code == 404
    placement.refresh_from_db()
    assert placement.status == "proposed"


def test_a_candidate_of_another_jobcenter_cannot_be_put_on_the_order(
    consultant_client, order, jobcenter_b
):
    theirs = make_candidate(jobcenter_b)
    create = reverse("matching:placement-create", args=[order.code])
    assert consultant_client.post(create, {"candidate": theirs.code}).status_code == 404
    assert not Placement.objects.exists()


def test_placement_actions_refuse_get(consultant_client, consultant, order, welder):
    placement = placement_propose(order=order, candidate=welder, user=consultant)
    assert (
        consultant_client.get(reverse("matching:placement-create", args=[order.code])).status_code
        == 405
    )
    advance = reverse("matching:placement-advance", args=[placement.code])
    assert consultant_client.get(advance).status_code == 405


def test_the_order_page_shows_the_log_against_the_target_in_constant_queries(
    consultant_client, consultant, order, jobcenter_a
):
    url = reverse("matching:joborder-detail", args=[order.code])
    placement_propose(order=order, candidate=make_candidate(jobcenter_a), user=consultant)
    with CaptureQueriesContext(connection) as one:
        response = consultant_client.get(url)
    assert response.context["placements"].suitable == 1
    for _ in range(4):
        placement_propose(order=order, candidate=make_candidate(jobcenter_a), user=consultant)
    with CaptureQueriesContext(connection) as five:
        response = consultant_client.get(url)
    assert response.context["placements"].suitable == 5
    assert len(five.captured_queries) == len(one.captured_queries)
    assert "5 egnede kandidater; målet er 3-5." in response.content.decode()


def test_the_match_page_takes_the_same_queries_for_more_candidates(
    consultant_client, order, jobcenter_a
):
    url = reverse("matching:joborder-matches", args=[order.code])
    make_candidate(jobcenter_a, wanted_occupations=["Svejser"])
    with CaptureQueriesContext(connection) as one:
        consultant_client.get(url)
    for _ in range(6):
        make_candidate(jobcenter_a, wanted_occupations=["Svejser"])
    with CaptureQueriesContext(connection) as seven:
        response = consultant_client.get(url)
    assert len(response.context["matches"]) == 7
    assert len(seven.captured_queries) == len(one.captured_queries)
