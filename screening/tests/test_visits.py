import datetime
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from companies.models import Contact
from screening import tasks
from screening.calendar import parse_ics
from screening.models import Visit
from screening.services import (
    visit_book,
    visit_cancel,
    visit_confirmation_send,
    visit_move,
)

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise SMTPException("421 Service not available")


FAILING = "screening.tests.test_visits.FailingBackend"


@pytest.fixture
def starts_at():
    return (timezone.now() + datetime.timedelta(days=5)).replace(second=0, microsecond=0)


@pytest.fixture
def visit(campaign_company, person, consultant, starts_at):
    consultant.email = "karen@struer.dk"
    consultant.save()
    return visit_book(
        user=consultant,
        relationship=campaign_company.relationship,
        contact_person=person,
        starts_at=starts_at,
        place="Østergade 1, 7600 Struer",
        wishes="Lærlinge; fleksjob, og praktik",
        campaign_company=campaign_company,
    )


def _calendar(message) -> tuple[dict[str, str], object]:
    [part] = [a for a in message.attachments if a.get_content_type() == "text/calendar"]
    text = part.get_payload(decode=True).decode("utf-8")
    assert "\r\n" in text
    fields: dict[str, str] = {}
    for name, value in parse_ics(text):
        fields.setdefault(name.split(";")[0], value)
    return fields, part


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def test_it_sends_the_confirmation_with_an_invitation(visit, person, starts_at):
    assert visit_confirmation_send(visit_id=visit.pk) is True
    [message] = mail.outbox
    assert message.to == [person.email]
    assert message.reply_to == ["karen@struer.dk"]
    assert "Jobcenter Struer" in message.subject
    assert "Østergade 1, 7600 Struer" in message.body
    assert "Lærlinge" in message.body
    fields, part = _calendar(message)
    assert part.get_param("method") == "REQUEST"
    assert fields["BEGIN"] == "VCALENDAR"
    assert fields["METHOD"] == "REQUEST"
    assert fields["UID"] == f"visit-{visit.code}@jobcenter-crm"
    assert fields["SEQUENCE"] == "0"
    assert fields["DTSTART"] == _utc(starts_at)
    assert fields["DTEND"] == _utc(starts_at + datetime.timedelta(hours=1))
    assert fields["ORGANIZER"] == "mailto:karen@struer.dk"
    assert fields["LOCATION"] == "Østergade 1\\, 7600 Struer"
    assert fields["DESCRIPTION"] == "Lærlinge\\; fleksjob\\, og praktik"
    visit.refresh_from_db()
    assert visit.confirmation_status == Visit.ConfirmationStatus.SENT
    assert visit.sent_sequence == 0
    logged = Contact.objects.get(channel=Contact.Channel.EMAIL)
    assert (logged.status, logged.contact_person) == ("done", person)
    assert person.email in logged.summary


def test_it_does_not_send_the_same_state_twice(visit):
    tasks.visit_confirmation_send.run(visit.pk)
    tasks.visit_confirmation_send.run(visit.pk)
    assert len(mail.outbox) == 1


def test_a_confirmation_queued_under_the_old_task_name_is_still_sent_once(visit):
    from jobcenter_crm.celery import app

    app.tasks["screening.tasks.send_visit_confirmation"].run(visit.pk)
    tasks.visit_confirmation_send.run(visit.pk)
    assert len(mail.outbox) == 1
    visit.refresh_from_db()
    assert visit.confirmation_status == Visit.ConfirmationStatus.SENT


def test_it_sends_a_corrected_invitation_when_the_visit_moves(visit, starts_at):
    tasks.visit_confirmation_send.run(visit.pk)
    later = starts_at + datetime.timedelta(days=1)
    visit_move(visit=visit, starts_at=later)
    visit.refresh_from_db()
    assert visit.confirmation_status == Visit.ConfirmationStatus.PENDING
    tasks.visit_confirmation_send.run(visit.pk)
    first, second = mail.outbox
    first_fields, _ = _calendar(first)
    fields, _ = _calendar(second)
    assert fields["UID"] == first_fields["UID"]
    assert fields["SEQUENCE"] == "1"
    assert fields["METHOD"] == "REQUEST"
    assert fields["DTSTART"] == _utc(later)
    assert second.subject != first.subject
    assert visit.contact.occurred_at == later


def test_it_sends_a_cancellation(visit):
    tasks.visit_confirmation_send.run(visit.pk)
    visit_cancel(visit=visit)
    tasks.visit_confirmation_send.run(visit.pk)
    fields, part = _calendar(mail.outbox[-1])
    assert fields["METHOD"] == "CANCEL"
    assert part.get_param("method") == "CANCEL"
    assert fields["STATUS"] == "CANCELLED"
    assert fields["SEQUENCE"] == "1"
    visit.contact.refresh_from_db()
    assert visit.contact.status == Contact.Status.CANCELLED


@override_settings(EMAIL_BACKEND=FAILING)
def test_it_records_a_failure_and_lets_the_task_retry(visit):
    with pytest.raises(SMTPException):
        visit_confirmation_send(visit_id=visit.pk)
    visit.refresh_from_db()
    assert visit.confirmation_status == Visit.ConfirmationStatus.FAILED
    assert visit.confirmation_attempts == 1
    assert "421" in visit.last_error
    assert not Contact.objects.filter(channel=Contact.Channel.EMAIL).exists()
    # The task declares the retry for exactly this error.
    assert SMTPException in tasks.visit_confirmation_send.autoretry_for
    assert tasks.visit_confirmation_send.max_retries == 5


def test_a_failed_confirmation_can_be_sent_again(
    visit, consultant_client, django_capture_on_commit_callbacks
):
    with override_settings(EMAIL_BACKEND=FAILING), pytest.raises(SMTPException):
        visit_confirmation_send(visit_id=visit.pk)
    with (
        mock.patch("screening.tasks.visit_confirmation_send.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = consultant_client.post(
            reverse("screening:visit-confirmation-resend", args=[visit.code])
        )
    assert response.status_code == 302
    delay.assert_called_once_with(visit.pk)
    visit.refresh_from_db()
    assert visit.confirmation_status == Visit.ConfirmationStatus.PENDING
    # What the worker then runs:
    tasks.visit_confirmation_send.run(visit.pk)
    visit.refresh_from_db()
    assert visit.confirmation_status == Visit.ConfirmationStatus.SENT
    assert visit.confirmation_attempts == 2


def test_the_booking_survives_a_broker_that_is_down(
    campaign_company, person, consultant, starts_at, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "screening.tasks.visit_confirmation_send.delay",
            side_effect=OperationalError("Connection refused"),
        ) as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        visit = visit_book(
            user=consultant,
            relationship=campaign_company.relationship,
            contact_person=person,
            starts_at=starts_at,
            place="Østergade 1",
        )
    assert delay.call_count == 1
    visit.refresh_from_db()
    assert visit.confirmation_status == Visit.ConfirmationStatus.PENDING


def test_the_visit_page_shows_a_failed_confirmation(
    visit, consultant_client, django_assert_num_queries
):
    with override_settings(EMAIL_BACKEND=FAILING), pytest.raises(SMTPException):
        visit_confirmation_send(visit_id=visit.pk)
    url = reverse("screening:visit-detail", args=[visit.code])
    consultant_client.get(url)
    with django_assert_num_queries(6):
        response = consultant_client.get(url)
    assert response.status_code == 200
    assert b'id="confirmation-failed"' in response.content
    assert b'id="resend"' in response.content


def test_a_visit_cannot_be_booked_in_the_past(campaign_company, person, consultant):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        visit_book(
            user=consultant,
            relationship=campaign_company.relationship,
            contact_person=person,
            starts_at=timezone.now() - datetime.timedelta(hours=1),
            place="Østergade 1",
        )
    assert not Visit.objects.exists()
