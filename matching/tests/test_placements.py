import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from matching.models import JobOrder, Placement
from matching.services import placement_advance, placement_propose, placement_record
from tests.factories import CompanyFactory

from .factories import make_candidate
from .orders import take_job_order


@pytest.fixture
def order(consultant):
    return take_job_order(user=consultant, company=CompanyFactory())


@pytest.fixture
def candidate(jobcenter_a):
    return make_candidate(jobcenter_a, name="Søren Svejser")


def test_the_log_records_each_step_with_when_and_who(order, candidate, consultant, team_lead):
    earlier = timezone.now() - datetime.timedelta(days=2)
    placement = placement_propose(order=order, candidate=candidate, user=consultant)
    placement_advance(placement=placement, user=team_lead, status="presented", occurred_at=earlier)
    placement_advance(
        placement=placement, user=consultant, status="interview", note="Tirsdag kl 10"
    )

    placement.refresh_from_db()
    steps = list(placement.steps.values_list("status", "recorded_by__username", "note"))
    assert placement.status == Placement.Status.INTERVIEW
    assert steps == [
        ("presented", team_lead.username, ""),
        ("proposed", consultant.username, ""),
        ("interview", consultant.username, "Tirsdag kl 10"),
    ]  # ordered by when they happened
    assert placement.steps.get(status="presented").occurred_at == earlier


def test_presenting_a_candidate_answers_the_company(order, candidate, consultant):
    placement = placement_propose(order=order, candidate=candidate, user=consultant)
    order.refresh_from_db()
    assert order.responded_at is None  # proposing is internal
    placement_advance(placement=placement, user=consultant, status="presented")
    order.refresh_from_db()
    assert order.responded_at is not None


def test_the_hire_that_fills_the_last_opening_closes_the_order(consultant, jobcenter_a):
    order = take_job_order(user=consultant, company=CompanyFactory(), openings=2)
    first, second = (make_candidate(jobcenter_a) for _ in range(2))
    placement_record(order=order, candidate=first, user=consultant, status="hired")
    order.refresh_from_db()
    assert order.status == JobOrder.Status.OPEN

    placement_record(order=order, candidate=second, user=consultant, status="hired")
    order.refresh_from_db()
    assert order.status == JobOrder.Status.FILLED
    assert order.closed_by == consultant
    assert "2" in order.outcome_note


def test_a_rejection_needs_a_reason(order, candidate, consultant):
    placement = placement_propose(order=order, candidate=candidate, user=consultant)
    with pytest.raises(ValidationError) as error:
        placement_advance(placement=placement, user=consultant, status="rejected", reason=" ")
    assert "reason" in error.value.message_dict
    placement_advance(
        placement=placement, user=consultant, status="rejected", reason="Manglede certifikat"
    )
    placement.refresh_from_db()
    assert placement.rejection_reason == "Manglede certifikat"


@pytest.mark.parametrize(
    ("reached", "refused"),
    [
        ("interview", "presented"),
        ("interview", "proposed"),
        ("hired", "rejected"),
        ("hired", "interview"),
        ("presented", "presented"),
    ],
)
def test_a_step_cannot_go_back_or_past_the_end(consultant, jobcenter_a, reached, refused):
    order = take_job_order(user=consultant, company=CompanyFactory(), openings=5)
    placement = placement_record(
        order=order, candidate=make_candidate(jobcenter_a), user=consultant, status=reached
    )
    with pytest.raises(ValidationError) as error:
        placement_advance(placement=placement, user=consultant, status=refused, reason="x")
    assert "status" in error.value.message_dict


def test_a_candidate_is_on_an_order_once(order, candidate, consultant):
    placement_propose(order=order, candidate=candidate, user=consultant)
    with pytest.raises(ValidationError) as error:
        placement_propose(order=order, candidate=candidate, user=consultant)
    assert "candidate" in error.value.message_dict
    assert Placement.objects.count() == 1


def test_another_jobcenters_candidate_cannot_be_put_on_an_order(order, consultant, jobcenter_b):
    theirs = make_candidate(jobcenter_b)
    with pytest.raises(ValidationError):
        placement_propose(order=order, candidate=theirs, user=consultant)
    assert not Placement.objects.exists()


def test_nothing_but_a_rejection_is_recorded_on_a_closed_order(order, consultant, jobcenter_a):
    placement = placement_propose(
        order=order, candidate=make_candidate(jobcenter_a), user=consultant
    )
    from matching.services import job_order_close

    job_order_close(order=order, user=consultant, status="withdrawn", outcome_note="Aflyst")
    with pytest.raises(ValidationError):
        placement_advance(placement=placement, user=consultant, status="presented")
    with pytest.raises(ValidationError):
        placement_propose(order=order, candidate=make_candidate(jobcenter_a), user=consultant)
    placement_advance(placement=placement, user=consultant, status="rejected", reason="Aflyst")


def test_a_step_cannot_lie_in_the_future(order, candidate, consultant):
    with pytest.raises(ValidationError) as error:
        placement_propose(
            order=order,
            candidate=candidate,
            user=consultant,
            occurred_at=timezone.now() + datetime.timedelta(days=1),
        )
    assert "occurred_at" in error.value.message_dict


def test_suitable_candidates_leave_out_the_rejected(order, consultant, jobcenter_a):
    for status in ("proposed", "presented", "hired"):
        placement_record(
            order=order, candidate=make_candidate(jobcenter_a), user=consultant, status=status
        )
    placement_record(
        order=order,
        candidate=make_candidate(jobcenter_a),
        user=consultant,
        status="rejected",
        reason="Ikke interesseret",
    )
    assert Placement.objects.filter(job_order=order).suitable().count() == 3
    assert order.candidate_target == (3, 5)
