"""`POST /api/v1/job-orders/{code}/placements/`: a case system records placement-log steps
through the same service as the order page."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from api.services import api_token_create
from matching.models import JobOrder, Placement
from tests.factories import CompanyFactory

from .factories import make_candidate
from .orders import take_job_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(consultant) -> Client:
    _token, key = api_token_create(user=consultant)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def order(consultant):
    return take_job_order(
        user=consultant, company=CompanyFactory(), requirements={}, wishes={}, openings=1
    )


@pytest.fixture
def welder(jobcenter_a):
    return make_candidate(jobcenter_a, external_id="CPR-FREE-1", name="Søren Svejser")


def step(client, order, **body):
    return client.post(
        f"/api/v1/job-orders/{order.code}/placements/", body, content_type="application/json"
    )


def test_steps_through_to_a_hire_close_the_order_as_filled(api, order, welder, consultant):
    first = step(api, order, candidate_external_id="CPR-FREE-1", status="proposed")
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["candidate"] == {"external_id": "CPR-FREE-1", "name": "Søren Svejser"}
    assert data["status"] == "proposed" and [s["status"] for s in data["steps"]] == ["proposed"]

    presented = step(api, order, candidate_external_id="CPR-FREE-1", status="presented")
    assert presented.status_code == 201
    order.refresh_from_db()
    assert order.responded_at is not None  # presenting answers the company

    hired = step(
        api, order, candidate_external_id="CPR-FREE-1", status="hired", note="Starter mandag"
    )
    assert hired.json()["status"] == "hired"
    assert [s["status"] for s in hired.json()["steps"]] == ["proposed", "presented", "hired"]
    order.refresh_from_db()
    assert order.status == JobOrder.Status.FILLED
    assert Placement.objects.get().created_by == consultant


def test_a_first_step_beyond_proposed_puts_the_candidate_on_the_order(api, order, welder):
    when = (timezone.now() - datetime.timedelta(days=2)).replace(microsecond=0)
    response = step(
        api,
        order,
        candidate_external_id="CPR-FREE-1",
        status="interview",
        occurred_at=when.isoformat(),
    )
    assert response.status_code == 201, response.content
    steps = response.json()["steps"]
    assert [s["status"] for s in steps] == ["proposed", "interview"]
    assert datetime.datetime.fromisoformat(steps[1]["occurred_at"]) == when


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"candidate_external_id": "UNKNOWN", "status": "proposed"}, "candidate_external_id"),
        ({"candidate_external_id": "CPR-FREE-1", "status": "married"}, "status"),
        ({"candidate_external_id": "CPR-FREE-1", "status": "rejected"}, "reason"),
        ({"status": "proposed"}, "candidate_external_id"),
        (
            {
                "candidate_external_id": "CPR-FREE-1",
                "status": "proposed",
                "occurred_at": "2999-01-01T10:00:00+01:00",
            },
            "occurred_at",
        ),
    ],
)
def test_a_bad_step_is_a_400_with_the_field_named_in_danish(api, order, welder, body, field):
    response = step(api, order, **body)
    assert response.status_code == 400
    assert field in response.json()
    assert not Placement.objects.filter(status="rejected").exists()


def test_a_step_that_does_not_follow_is_refused(api, order, welder):
    step(api, order, candidate_external_id="CPR-FREE-1", status="interview")
    response = step(api, order, candidate_external_id="CPR-FREE-1", status="presented")
    assert response.status_code == 400
    assert "status" in response.json()


def test_another_jobcenters_candidate_and_order_are_out_of_reach(api, order, jobcenter_b, outsider):
    make_candidate(jobcenter_b, external_id="THEIRS-1")
    response = step(api, order, candidate_external_id="THEIRS-1", status="proposed")
    assert response.status_code == 400
    assert not Placement.objects.exists()

    _token, key = api_token_create(user=outsider)
    outsider_api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    make_candidate(jobcenter_b, external_id="CPR-FREE-1")
    assert (
        step(outsider_api, order, candidate_external_id="CPR-FREE-1", status="proposed").status_code
        == 404
    )
    assert not Placement.objects.exists()


def test_a_closed_order_takes_no_new_candidates(api, order, welder, consultant):
    from matching.services import job_order_close

    job_order_close(order=order, user=consultant, status="withdrawn", outcome_note="Trukket")
    response = step(api, order, candidate_external_id="CPR-FREE-1", status="proposed")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_without_a_token_it_is_a_401(order):
    assert step(Client(), order, candidate_external_id="X", status="proposed").status_code == 401
