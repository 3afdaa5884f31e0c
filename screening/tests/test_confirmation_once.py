"""The visit confirmation goes out at most once per change (issue 9.4): the change is
claimed in the database before the e-mail is handed to the mail server, under a stable
Message-ID; a run retried or redelivered after a killed worker sends nothing; and
confirmations left waiting (the broker was down, or the web process died after the
commit) are sent by the sweep, on its schedule and when a worker starts."""

import datetime
import smtplib
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.utils import timezone

from companies.models import Contact
from jobcenter_crm.testing.celery_workers import Workers
from screening.models import Visit
from screening.services import (
    visit_book,
    visit_confirmation_queue,
    visit_confirmation_send,
    visit_confirmations_sweep,
    visit_move,
)
from screening.services.visits import CONFIRMATION_CLAIM_LEASE
from tests.factories import CompanyFactory, ContactPersonFactory, RelationshipFactory


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no except clause
    of ours catches it."""


class KilledAfterSendingBackend(EmailBackend):
    """The mail server takes the e-mail, then the worker dies before it records that."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise WorkerKilled


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")


@pytest.fixture
def person(jobcenter_a):
    relationship = RelationshipFactory(
        jobcenter=jobcenter_a, company=CompanyFactory(name="Bekræftelse ApS"), is_known=True
    )
    return ContactPersonFactory(relationship=relationship, email="hr@bekraeftelse.dk")


def _book(consultant, person) -> Visit:
    return visit_book(
        user=consultant,
        relationship=person.relationship,
        contact_person=person,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Havnevej 4",
    )


def _backend(settings, backend: type) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.{backend.__name__}"


@pytest.mark.django_db
class TestAtMostOnce:
    def test_a_run_redelivered_after_the_worker_died_while_sending_sends_nothing(
        self, consultant, person, settings
    ):
        visit = _book(consultant, person)
        _backend(settings, KilledAfterSendingBackend)
        with pytest.raises(WorkerKilled):
            visit_confirmation_send(visit_id=visit.pk)
        assert len(mail.outbox) == 1
        _backend(settings, EmailBackend)
        # acks_late: the broker hands the task to the next worker.
        assert visit_confirmation_send(visit_id=visit.pk) is False
        assert len(mail.outbox) == 1

    def test_the_sweep_marks_such_a_claim_failed_after_the_lease(
        self, consultant, person, settings
    ):
        visit = _book(consultant, person)
        _backend(settings, KilledAfterSendingBackend)
        with pytest.raises(WorkerKilled):
            visit_confirmation_send(visit_id=visit.pk)
        _backend(settings, EmailBackend)
        assert visit_confirmations_sweep() == []
        visit.refresh_from_db()
        assert visit.confirmation_status == Visit.ConfirmationStatus.PENDING
        later = timezone.now() + CONFIRMATION_CLAIM_LEASE + datetime.timedelta(minutes=1)
        assert visit_confirmations_sweep(now=later) == []
        visit.refresh_from_db()
        assert visit.confirmation_status == Visit.ConfirmationStatus.FAILED
        assert "afbrudt" in visit.last_error
        # A person decides to send it again: it goes out, once.
        visit_confirmation_queue(visit=visit)
        assert visit_confirmation_send(visit_id=visit.pk) is True
        assert visit_confirmation_send(visit_id=visit.pk) is False
        assert len(mail.outbox) == 2

    def test_a_refused_send_gives_the_claim_back_so_the_retry_sends_once(
        self, consultant, person, settings
    ):
        visit = _book(consultant, person)
        _backend(settings, RefusingBackend)
        with pytest.raises(smtplib.SMTPServerDisconnected):
            visit_confirmation_send(visit_id=visit.pk)
        visit.refresh_from_db()
        assert visit.confirmation_status == Visit.ConfirmationStatus.FAILED
        assert visit.claimed_sequence is None
        _backend(settings, EmailBackend)
        assert visit_confirmation_send(visit_id=visit.pk) is True
        assert visit_confirmation_send(visit_id=visit.pk) is False
        assert len(mail.outbox) == 1
        assert Contact.objects.filter(channel=Contact.Channel.EMAIL).count() == 1

    def test_each_change_has_its_own_stable_message_id(self, consultant, person):
        visit = _book(consultant, person)
        assert visit_confirmation_send(visit_id=visit.pk)
        booked_id = mail.outbox[0].extra_headers["Message-ID"]
        assert booked_id == f"<visit-{visit.code}.0@{booked_id.rpartition('@')[2][:-1]}>"
        assert booked_id in mail.outbox[0].message().as_string()
        visit_move(visit=visit, starts_at=timezone.now() + datetime.timedelta(days=4))
        assert visit_confirmation_send(visit_id=visit.pk)
        moved_id = mail.outbox[1].extra_headers["Message-ID"]
        assert moved_id != booked_id
        assert moved_id.startswith(f"<visit-{visit.code}.1@")

    def test_the_sweep_queues_only_confirmations_nobody_claimed(
        self, consultant, person, django_capture_on_commit_callbacks
    ):
        waiting = _book(consultant, person)
        sent = _book(consultant, person)
        assert visit_confirmation_send(visit_id=sent.pk)
        assert visit_confirmations_sweep() == [waiting.pk]


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_left_waiting_is_sent_by_a_real_worker_once_it_starts(
    consultant, person, tmp_path
):
    # The booking commits, but its queueing never happens (the broker was down, or the
    # web process died right after the commit).
    with transaction.atomic():
        visit = _book(consultant, person)
        connection.run_on_commit = []
    assert Visit.objects.get(pk=visit.pk).confirmation_status == Visit.ConfirmationStatus.PENDING

    workers = Workers(tmp_path, queue=f"screening-test-{visit.code.hex[:8]}")
    try:
        workers.start("w1")
        deadline = timezone.now() + datetime.timedelta(seconds=90)
        while Visit.objects.get(pk=visit.pk).confirmation_status != Visit.ConfirmationStatus.SENT:
            assert timezone.now() < deadline, workers.output()
            time.sleep(0.3)
    finally:
        workers.stop()
    visit.refresh_from_db()
    assert visit.sent_sequence == visit.sequence == visit.claimed_sequence
    assert Contact.objects.filter(channel=Contact.Channel.EMAIL).count() == 1
