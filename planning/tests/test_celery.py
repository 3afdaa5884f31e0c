"""A real Celery worker (a subprocess) against the real Redis of the test session and the
test database: the reminder task sent twice, and run by two workers at once, makes each
reminder exactly once."""

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from companies.models import CompanyRelationship
from planning.models import Reminder
from planning.tasks import reminders_create

from .conftest import START

pytestmark = pytest.mark.django_db(transaction=True)

ON = (START + datetime.timedelta(days=400)).date()


def _database_url() -> str:
    db = settings.DATABASES["default"]
    host = quote(str(db["HOST"] or "localhost"), safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}{port}/{db['NAME']}"


class Workers:
    def __init__(self, tmp_path: Path, queue: str) -> None:
        self.tmp_path = tmp_path
        self.queue = queue
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []

    def start(self, name: str, pool: str = "solo") -> None:
        log = self.tmp_path / f"{name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_SETTINGS_MODULE": "jobcenter_crm.settings_test",
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        }
        self.logs.append(log)
        self.processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "jobcenter_crm",
                    "worker",
                    "-P",
                    pool,
                    "-c",
                    "1",
                    "-n",
                    f"{name}@%h",
                    "-Q",
                    self.queue,
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel",
                    "INFO",
                    "-f",
                    str(log),
                ],  # fmt: skip
                cwd=settings.BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not all(log.exists() and " ready." in log.read_text() for log in self.logs):
            assert time.monotonic() < deadline, self.output()
            time.sleep(0.2)

    def succeeded(self) -> int:
        return sum(log.read_text().count("succeeded in") for log in self.logs if log.exists())

    def wait_for(self, count: int, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while self.succeeded() < count:
            for process in self.processes:
                assert process.poll() is None, self.output()
            assert time.monotonic() < deadline, self.output()
            time.sleep(0.3)

    def output(self) -> str:
        return "\n".join(log.read_text()[-3000:] for log in self.logs if log.exists())

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


@pytest.fixture
def workers(tmp_path):
    running = Workers(tmp_path, queue=f"planning-test-{uuid.uuid4().hex[:8]}")
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
