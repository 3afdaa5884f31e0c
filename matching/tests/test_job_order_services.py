import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from companies.models import CompanyRelationship
from matching.models import JobOrder
from matching.services import (
    job_order_close,
    job_order_pause,
    job_order_respond,
    job_order_resume,
    job_order_settings_get,
    job_order_settings_update,
    job_order_update,
)
from tests.factories import CompanyFactory, UserFactory

from .orders import take_job_order

NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def company(db):
    return CompanyFactory()


@time_machine.travel(NOON, tick=False)
def test_it_gives_an_order_the_jobcenters_standard_response_time(consultant, company):
    order = take_job_order(user=consultant, company=company)

    assert order.received_at == NOON
    assert order.respond_by == NOON + datetime.timedelta(hours=24)
    assert order.time_left(now=timezone.now()) == datetime.timedelta(hours=24)
    assert not order.is_overdue(now=timezone.now())


@time_machine.travel(NOON, tick=False)
def test_it_uses_the_hotline_standard_for_hotline_orders(consultant, company):
    order = take_job_order(user=consultant, company=company, channel=JobOrder.Channel.HOTLINE)

    assert order.response_standard == JobOrder.ResponseStandard.HOTLINE
    assert order.respond_by == NOON + datetime.timedelta(hours=3)


@time_machine.travel(NOON, tick=False)
def test_it_lets_the_consultant_choose_the_hotline_standard_for_any_order(consultant, company):
    order = take_job_order(
        user=consultant,
        company=company,
        channel=JobOrder.Channel.VISIT,
        response_standard=JobOrder.ResponseStandard.HOTLINE,
    )

    assert order.respond_by == NOON + datetime.timedelta(hours=3)


@time_machine.travel(NOON, tick=False)
def test_it_uses_the_standards_the_jobcenter_sets(consultant, company, jobcenter_a):
    job_order_settings_update(
        jobcenter=jobcenter_a, response_hours=48, hotline_response_hours=2, on_duty=[]
    )

    standard = take_job_order(user=consultant, company=company)
    hotline = take_job_order(user=consultant, company=company, channel="hotline")

    assert standard.respond_by == NOON + datetime.timedelta(hours=48)
    assert hotline.respond_by == NOON + datetime.timedelta(hours=2)


def test_a_new_standard_does_not_move_orders_already_taken(consultant, company, jobcenter_a):
    order = take_job_order(user=consultant, company=company)
    deadline = order.respond_by

    job_order_settings_update(
        jobcenter=jobcenter_a, response_hours=72, hotline_response_hours=3, on_duty=[]
    )
    order.refresh_from_db()

    assert order.respond_by == deadline


def test_the_clock_counts_from_when_the_order_was_received(consultant, company):
    with time_machine.travel(NOON, tick=False):
        order = take_job_order(
            user=consultant, company=company, received_at=NOON - datetime.timedelta(hours=20)
        )
        assert order.time_left(now=timezone.now()) == datetime.timedelta(hours=4)


def test_the_order_turns_overdue_when_its_time_runs_out(consultant, company):
    with time_machine.travel(NOON, tick=False):
        order = take_job_order(user=consultant, company=company, channel="hotline")
    with time_machine.travel(NOON + datetime.timedelta(hours=2, minutes=59), tick=False):
        assert not order.is_overdue(now=timezone.now())
        assert not JobOrder.objects.overdue(now=timezone.now()).exists()
    with time_machine.travel(NOON + datetime.timedelta(hours=3, minutes=1), tick=False):
        assert order.is_overdue(now=timezone.now())
        assert order.time_left(now=timezone.now()) == -datetime.timedelta(minutes=1)
        assert list(JobOrder.objects.overdue(now=timezone.now())) == [order]


def test_a_response_stops_the_clock_and_only_the_first_counts(consultant, company):
    with time_machine.travel(NOON, tick=False):
        order = take_job_order(user=consultant, company=company, channel="hotline")
    with time_machine.travel(NOON + datetime.timedelta(hours=2), tick=False):
        assert job_order_respond(order=order, user=consultant)
    with time_machine.travel(NOON + datetime.timedelta(hours=5), tick=False):
        assert not job_order_respond(order=order, user=consultant)
        assert order.responded_at == NOON + datetime.timedelta(hours=2)
        assert order.time_left(now=timezone.now()) is None
        assert not order.is_overdue(now=timezone.now())
        assert not JobOrder.objects.overdue(now=timezone.now()).exists()


def test_changing_the_standard_of_an_order_moves_its_deadline(consultant, company):
    with time_machine.travel(NOON, tick=False):
        order = take_job_order(user=consultant, company=company)
        order = job_order_update(order=order, user=consultant, response_standard="hotline")
    assert order.respond_by == NOON + datetime.timedelta(hours=3)
    order = job_order_update(order=order, user=consultant, title="Svejsere")
    assert order.respond_by == NOON + datetime.timedelta(hours=3)


def test_it_stores_requirements_and_wishes_in_the_api_shape(consultant, company):
    order = take_job_order(
        user=consultant,
        company=company,
        requirements={
            "education": [" Smed ", "smed", ""],
            "skills": ["TIG"],
            "certificates": [],
            "driving_licences": ["C", "CE"],
            "languages": ["Dansk"],
        },
        wishes={"skills": ["Robotsvejsning"], "experience_years": 3},
    )
    order.refresh_from_db()

    assert order.requirements == {
        "education": ["Smed"],
        "skills": ["TIG"],
        "certificates": [],
        "driving_licences": ["C", "CE"],
        "languages": ["Dansk"],
    }
    assert order.wishes == {"skills": ["Robotsvejsning"], "experience_years": 3}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("requirements", {"salary": ["high"]}),
        ("wishes", {"education": ["Smed"]}),
    ],
)
def test_it_refuses_unknown_qualification_keys(consultant, company, field, value):
    with pytest.raises(ValidationError) as error:
        take_job_order(user=consultant, company=company, **{field: value})
    assert field in error.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("postal_code", "760"),
        ("postal_code", "76000"),
        ("postal_code", "7a00"),
        ("hours_per_week", 0),
        ("hours_per_week", 81),
        ("openings", 0),
        ("kind", "jobrotation"),
        ("channel", "fax"),
        ("title", ""),
        ("occupation", "  "),
    ],
)
def test_it_refuses_invalid_orders_with_the_field_named(consultant, company, field, value):
    with pytest.raises(ValidationError) as error:
        take_job_order(user=consultant, company=company, **{field: value})
    assert field in error.value.message_dict
    assert not JobOrder.objects.exists()


def test_it_refuses_a_responsible_consultant_of_another_jobcenter(consultant, outsider, company):
    with pytest.raises(ValidationError) as error:
        take_job_order(user=consultant, company=company, responsible=outsider)
    assert "responsible" in error.value.message_dict


def test_it_refuses_a_workplace_of_another_company(consultant, company):
    other = CompanyFactory()
    workplace = other.workplaces.create(name="Andet sted")
    with pytest.raises(ValidationError) as error:
        take_job_order(user=consultant, company=company, workplace=workplace)
    assert "workplace" in error.value.message_dict


def test_it_refuses_an_order_received_in_the_future(consultant, company):
    with pytest.raises(ValidationError) as error:
        take_job_order(
            user=consultant,
            company=company,
            received_at=timezone.now() + datetime.timedelta(hours=1),
        )
    assert "received_at" in error.value.message_dict


def test_taking_an_order_creates_the_relationship(consultant, company, jobcenter_a):
    take_job_order(user=consultant, company=company)
    assert CompanyRelationship.objects.filter(jobcenter=jobcenter_a, company=company).exists()


def test_an_order_is_paused_and_resumed(consultant, company):
    order = take_job_order(user=consultant, company=company)

    assert job_order_pause(order=order, user=consultant)
    assert order.status == JobOrder.Status.PAUSED
    assert order.responded_at is not None  # enough candidates referred is an answer
    assert not job_order_pause(order=order, user=consultant)
    assert job_order_resume(order=order, user=consultant)
    assert order.status == JobOrder.Status.OPEN
    assert not job_order_resume(order=order, user=consultant)


@pytest.mark.parametrize("start", ["open", "paused"])
@pytest.mark.parametrize("outcome", ["filled", "expired", "withdrawn"])
def test_closing_records_the_outcome(consultant, company, start, outcome):
    order = take_job_order(user=consultant, company=company)
    if start == "paused":
        job_order_pause(order=order, user=consultant)

    assert job_order_close(order=order, user=consultant, status=outcome, outcome_note=" Grund ")

    assert order.status == outcome
    assert order.closed_by == consultant
    assert order.closed_at is not None
    assert order.outcome_note == "Grund"
    assert order.is_closed


def test_a_closed_order_cannot_be_closed_again_paused_or_changed(consultant, company):
    order = take_job_order(user=consultant, company=company)
    assert job_order_close(order=order, user=consultant, status="filled")

    assert not job_order_close(order=order, user=consultant, status="withdrawn", outcome_note="x")
    assert not job_order_pause(order=order, user=consultant)
    assert not job_order_resume(order=order, user=consultant)
    assert order.status == JobOrder.Status.FILLED
    with pytest.raises(ValidationError):
        job_order_update(order=order, user=consultant, title="Ny titel")


@pytest.mark.parametrize("outcome", ["expired", "withdrawn"])
def test_an_order_closed_without_a_hire_says_why(consultant, company, outcome):
    order = take_job_order(user=consultant, company=company)
    with pytest.raises(ValidationError) as error:
        job_order_close(order=order, user=consultant, status=outcome, outcome_note="  ")
    assert "outcome_note" in error.value.message_dict
    order.refresh_from_db()
    assert order.status == JobOrder.Status.OPEN


@pytest.mark.parametrize("status", ["open", "paused", "bogus"])
def test_closing_needs_a_closing_status(consultant, company, status):
    order = take_job_order(user=consultant, company=company)
    with pytest.raises(ValidationError):
        job_order_close(order=order, user=consultant, status=status, outcome_note="x")


def test_the_database_refuses_a_closed_order_without_a_closing_time(consultant, company):
    order = take_job_order(user=consultant, company=company)
    with pytest.raises(IntegrityError):
        JobOrder.objects.filter(pk=order.pk).update(status=JobOrder.Status.FILLED)


def test_on_duty_must_be_active_users_of_the_jobcenter(jobcenter_a, consultant, outsider):
    with pytest.raises(ValidationError):
        job_order_settings_update(
            jobcenter=jobcenter_a, response_hours=24, hotline_response_hours=3, on_duty=[outsider]
        )
    settings = job_order_settings_update(
        jobcenter=jobcenter_a, response_hours=24, hotline_response_hours=3, on_duty=[consultant]
    )
    assert list(settings.on_duty.all()) == [consultant]
    inactive = UserFactory(jobcenter=jobcenter_a)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    with pytest.raises(ValidationError):
        job_order_settings_update(
            jobcenter=jobcenter_a, response_hours=24, hotline_response_hours=3, on_duty=[inactive]
        )


def test_settings_default_to_the_seed_standards(jobcenter_a):
    settings = job_order_settings_get(jobcenter=jobcenter_a)
    assert (settings.response_hours, settings.hotline_response_hours) == (24, 3)
