"""A real Celery worker (a subprocess) against the real Redis of the test session and the
test database: the reminder task sent twice, and run by two workers at once, makes each
reminder exactly once."""

import datetime
import uuid

import pytest

from companies.models import CompanyRelationship
from jobcenter_crm.testing.celery_workers import Workers
from planning.models import Reminder
from planning.tasks import reminders_create

from .conftest import START

pytestmark = pytest.mark.django_db(transaction=True)

ON = (START + datetime.timedelta(days=400)).date()


@pytest.fixture
def workers(tmp_path):
    running = Workers(
        tmp_path,
        queue=f"planning-test-{uuid.uuid4().hex[:8]}",
        task="planning.tasks.reminders_create",
    )
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def due_relationships(reference_data, make_relationship):
    relationships = [make_relationship(segment=number % 4 + 1) for number in range(60)]
    CompanyRelationship.objects.update(created_at=START)
    return relationships


def _expected_per_relationship(relationship) -> int:
    # On ON (13 months on): every company its contact; segments 1-2 also the visit and
    # the service-demand update.
    return 3 if relationship.segment_id in (1, 2) else 1


def test_a_real_worker_makes_each_reminder_once_when_the_task_is_sent_twice(
    due_relationships, workers
):
    workers.start("w1")
    for _ in range(2):
        reminders_create.apply_async(kwargs={"on": ON.isoformat()}, queue=workers.queue)
    workers.wait_for(2)
    expected = sum(_expected_per_relationship(r) for r in due_relationships)
    assert Reminder.objects.count() == expected
    assert Reminder.objects.filter(closed_at__isnull=True).count() == expected


def test_two_workers_at_once_make_each_reminder_once(due_relationships, workers):
    workers.start("w1")
    workers.start("w2", pool="prefork")
    workers.wait_ready()
    for _ in range(4):
        reminders_create.apply_async(kwargs={"on": ON.isoformat()}, queue=workers.queue)
    workers.wait_for(4)
    expected = sum(_expected_per_relationship(r) for r in due_relationships)
    assert Reminder.objects.count() == expected
    # Both workers did take work: the runs really were concurrent attempts.
    assert all("succeeded in" in log.read_text() for log in workers.logs), workers.output()


def test_a_worker_that_starts_runs_the_reminders_at_once(
    reference_data, make_relationship, workers
):
    # Companies with nothing logged since long ago: their first contact is due today.
    for number in range(8):
        make_relationship(segment=number % 4 + 1)
    CompanyRelationship.objects.update(created_at=START)
    assert Reminder.objects.count() == 0

    workers.start("w1")  # nothing is sent: the worker's start alone runs the task
    workers.wait_for(1)
    made = Reminder.objects.count()
    assert made >= 8
    assert "planning.tasks.reminders_create" in workers.output()
    # The run at start was the whole run of today: running it again makes nothing more.
    from planning.services import reminders_create as run_now

    assert run_now().created == 0
    assert Reminder.objects.count() == made
