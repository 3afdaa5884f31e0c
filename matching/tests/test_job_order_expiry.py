"""Automatic expiry of job orders nobody works on: the service, the beat schedule, and the
task run by a real Celery worker against the test session's Redis."""

import datetime
import logging
import uuid

import pytest
from django.utils import timezone

from jobcenter_crm.testing.celery_workers import Workers
from matching.models import JobOrder, PlacementStep
from matching.services import (
    job_order_close,
    job_order_pause,
    job_orders_expire,
    placement_propose,
)
from planning.schedule import TASK_NAMES
from tests.factories import CompanyFactory

from .factories import make_candidate
from .orders import take_job_order

DAYS = 60


def _age(order: JobOrder, days: int) -> None:
    """Make the order look as if nothing has touched it for `days` days."""
    then = timezone.now() - datetime.timedelta(days=days)
    JobOrder.objects.filter(pk=order.pk).update(
        received_at=then - datetime.timedelta(hours=1),
        respond_by=then,
        updated_at=then,
    )


def _order(consultant, **fields):
    return take_job_order(
        user=consultant, company=CompanyFactory(), requirements={}, wishes={}, **fields
    )


@pytest.mark.django_db
def test_an_idle_open_or_paused_order_expires_with_a_danish_note(consultant, caplog):
    idle_open = _order(consultant)
    idle_paused = _order(consultant)
    job_order_pause(order=idle_paused, user=consultant)
    fresh = _order(consultant)
    for order in (idle_open, idle_paused):
        _age(order, DAYS + 1)

    with caplog.at_level(logging.INFO, logger="matching.services.job_orders"):
        assert job_orders_expire(now=timezone.now(), idle_days=DAYS) == 2

    for order in (idle_open, idle_paused):
        order.refresh_from_db()
        assert order.status == JobOrder.Status.EXPIRED
        assert order.closed_at is not None and order.closed_by is None
        assert order.outcome_note.startswith("Udløbet automatisk")
        assert "60 dage" in order.outcome_note
    fresh.refresh_from_db()
    assert fresh.status == JobOrder.Status.OPEN
    assert "Expired 2 idle job orders" in caplog.text


@pytest.mark.django_db
def test_recent_work_on_the_placement_log_keeps_an_order_alive(consultant, jobcenter_a):
    order = _order(consultant)
    placement_propose(order=order, candidate=make_candidate(jobcenter_a), user=consultant)
    _age(order, DAYS + 10)
    assert job_orders_expire(now=timezone.now(), idle_days=DAYS) == 0
    # Once the log too has been still for the period, the order expires.
    PlacementStep.objects.update(created_at=timezone.now() - datetime.timedelta(days=DAYS + 1))
    assert job_orders_expire(now=timezone.now(), idle_days=DAYS) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start_in_days", "expires"),
    [(None, True), (-(DAYS + 1), True), (-(DAYS - 1), False), (0, False), (30, False)],
)
def test_an_order_does_not_expire_before_its_start_date_is_as_long_past(
    consultant, start_in_days, expires
):
    start = (
        None
        if start_in_days is None
        else timezone.localdate() + datetime.timedelta(days=start_in_days)
    )
    order = _order(consultant, start_date=start)
    _age(order, DAYS + 1)
    assert job_orders_expire(now=timezone.now(), idle_days=DAYS) == int(expires)


@pytest.mark.django_db
@pytest.mark.parametrize("idle_days", [DAYS - 1, DAYS, DAYS + 1])
def test_the_idle_period_is_a_boundary(consultant, idle_days):
    order = _order(consultant)
    now = timezone.now()
    JobOrder.objects.filter(pk=order.pk).update(
        updated_at=now - datetime.timedelta(days=idle_days, seconds=1)
    )
    assert job_orders_expire(now=now, idle_days=DAYS) == int(idle_days >= DAYS)


@pytest.mark.django_db
def test_closed_orders_stay_as_closed_and_every_jobcenters_idle_orders_expire(consultant, outsider):
    filled = _order(consultant)
    job_order_close(order=filled, user=consultant, status=JobOrder.Status.FILLED)
    theirs = _order(outsider)
    for order in (filled, theirs):
        _age(order, DAYS + 1)
    assert job_orders_expire(now=timezone.now(), idle_days=DAYS) == 1
    filled.refresh_from_db()
    assert filled.status == JobOrder.Status.FILLED and filled.outcome_note == ""
    theirs.refresh_from_db()
    assert theirs.status == JobOrder.Status.EXPIRED
    # A second run finds nothing more to expire.
    assert job_orders_expire(now=timezone.now(), idle_days=DAYS) == 0


def test_beat_runs_the_task_daily_and_the_schedule_names_it_in_danish(settings):
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "matching.tasks.job_orders_expire"
    ]
    assert len(entries) == 1
    from django.utils import translation

    with translation.override("da"):
        assert str(TASK_NAMES["matching.tasks.job_orders_expire"]) == "Udløb af hængende jobordrer"


@pytest.fixture
def workers(tmp_path):
    running = Workers(
        tmp_path,
        queue=f"matching-test-{uuid.uuid4().hex[:8]}",
        task="matching.tasks.job_orders_expire",
    )
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_expires_each_idle_order_once_when_sent_twice(consultant, workers, settings):
    from matching.tasks import job_orders_expire as task

    idle = [_order(consultant) for _ in range(3)]
    fresh = _order(consultant)
    for order in idle:
        _age(order, settings.JOB_ORDER_EXPIRY_DAYS + 1)
    workers.start("w1")
    for _ in range(2):
        task.apply_async(queue=workers.queue)
    workers.wait_for(2)
    assert JobOrder.objects.filter(status=JobOrder.Status.EXPIRED).count() == 3
    assert JobOrder.objects.get(pk=fresh.pk).status == JobOrder.Status.OPEN
    closed_at = set(
        JobOrder.objects.filter(status=JobOrder.Status.EXPIRED).values_list("closed_at", flat=True)
    )
    # One run claimed all three; the second found nothing (the same closing moment).
    assert len(closed_at) == 1
    assert "matching.tasks.job_orders_expire" in workers.output()


@pytest.mark.django_db
def test_each_responsible_consultant_gets_one_danish_email_with_their_expired_orders(
    consultant, team_lead, jobcenter_a, mailoutbox
):
    from tests.factories import UserFactory

    consultant.email = "karen@struer.dk"
    consultant.save(update_fields=["email"])
    team_lead.email = "tina@struer.dk"
    team_lead.save(update_fields=["email"])
    silent = UserFactory(jobcenter=jobcenter_a, username="uden-post", email="")
    mine = [_order(consultant, title=f"Svejser {n}") for n in range(2)]
    theirs = _order(consultant, title="Lagerarbejder", responsible=team_lead)
    nobody_to_tell = _order(consultant, title="Kok", responsible=silent)
    alive = _order(consultant, title="Tømrer")
    for order in (*mine, theirs, nobody_to_tell):
        _age(order, DAYS + 1)

    assert job_orders_expire(now=timezone.now(), idle_days=DAYS) == 4

    assert sorted(mail.to[0] for mail in mailoutbox) == ["karen@struer.dk", "tina@struer.dk"]
    karen = next(mail for mail in mailoutbox if mail.to == ["karen@struer.dk"])
    assert karen.subject == "2 af dine jobordrer er udløbet"
    for order in mine:
        assert order.title in karen.body and order.get_absolute_url() in karen.body
    assert "Lagerarbejder" not in karen.body and alive.title not in karen.body
    assert f"{DAYS} dage" in karen.body
    tina = next(mail for mail in mailoutbox if mail.to == ["tina@struer.dk"])
    assert tina.subject == "1 af dine jobordrer er udløbet"
    # Nothing expires twice, so nobody is told twice.
    assert job_orders_expire(now=timezone.now(), idle_days=DAYS) == 0
    assert len(mailoutbox) == 2
