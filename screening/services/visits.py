"""Visits: booking, moving and cancelling, and the e-mail with its iCalendar invitation."""

import datetime
import logging
from dataclasses import dataclass
from email.mime.text import MIMEText
from functools import partial
from smtplib import SMTPException

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from accounts.models import User
from companies.models import CompanyRelationship, Contact, ContactPerson
from companies.services import contact_cancel, contact_log, contact_move
from jobcenter_crm.lib.mail import email_message

from ..calendar import CalendarEvent, build_ics
from ..models import CampaignCompany, Visit
from .language import in_danish

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VisitBooking:
    starts_at: datetime.datetime
    place: str
    wishes: str = ""
    duration_minutes: int = 60


def _enqueue_confirmation(visit_id: int, queue: str | None = None) -> None:
    from ..tasks import visit_confirmation_send

    try:
        if queue:
            visit_confirmation_send.apply_async((visit_id,), queue=queue)
        else:
            visit_confirmation_send.delay(visit_id)
    except (BrokerError, OSError):
        # The broker is down: the visit stays "waiting to be sent" and its pages offer
        # "send again"; the booking itself is not lost.
        logger.warning("Could not queue the confirmation of visit %s", visit_id, exc_info=True)


def visit_confirmation_queue(*, visit: Visit) -> bool:
    """Send (again) the confirmation of the visit's current state, after the commit.
    Returns False, and marks the visit "not sent: no e-mail address", when the contact
    person has no address: a visit may be booked without one (issue 8.18)."""
    if not visit.contact_person.email:
        Visit.objects.filter(pk=visit.pk).update(
            confirmation_status=Visit.ConfirmationStatus.NO_EMAIL, last_error=""
        )
        visit.confirmation_status = Visit.ConfirmationStatus.NO_EMAIL
        return False
    # A failed confirmation is sent again on request: its claim (if an interrupted run
    # left one) is given up, as a person decided to send it.
    Visit.objects.filter(pk=visit.pk, confirmation_status=Visit.ConfirmationStatus.FAILED).update(
        claimed_sequence=None, claimed_at=None
    )
    Visit.objects.filter(pk=visit.pk).exclude(
        confirmation_status=Visit.ConfirmationStatus.SENT, sent_sequence=F("sequence")
    ).update(confirmation_status=Visit.ConfirmationStatus.PENDING)
    transaction.on_commit(partial(_enqueue_confirmation, visit.pk))
    return True


@transaction.atomic
def visit_book(
    *,
    user: User,
    relationship: CompanyRelationship,
    contact_person: ContactPerson,
    starts_at: datetime.datetime,
    place: str,
    wishes: str = "",
    duration_minutes: int = 60,
    campaign_company: CampaignCompany | None = None,
    now: datetime.datetime | None = None,
) -> Visit:
    """Book a visit: a planned visit in the contact log, and an e-mail with an iCalendar
    invitation to the contact person (sent by Celery after the commit). Without the
    contact person's e-mail address the visit is booked and nothing is sent; the visit
    says so (confirmation "no_email")."""
    now = now or timezone.now()
    if relationship.jobcenter_id != user.jobcenter_id:
        raise ValueError("The relationship belongs to another jobcenter.")
    if contact_person.relationship_id != relationship.pk:
        raise ValueError("The contact person belongs to another relationship.")
    if starts_at <= now:
        raise ValidationError({"starts_at": _("A visit is booked for a time in the future.")})
    with in_danish():
        summary = _("Visit at %(place)s.") % {"place": place.strip()}
        if wishes.strip():
            summary += " " + _("The company's wishes: %(wishes)s") % {"wishes": wishes.strip()}
    contact = contact_log(
        user=user,
        company=relationship.company,
        channel=Contact.Channel.VISIT,
        status=Contact.Status.PLANNED,
        occurred_at=starts_at,
        summary=summary,
        contact_person=contact_person,
    )
    visit = Visit(
        jobcenter=relationship.jobcenter,
        contact=contact,
        campaign_company=campaign_company,
        place=place.strip(),
        wishes=wishes.strip(),
        duration_minutes=duration_minutes,
        contact_person=contact_person,
    )
    visit.full_clean()
    visit.save()
    visit_confirmation_queue(visit=visit)
    return visit


def _visit_changed(visit: Visit) -> Visit:
    Visit.objects.filter(pk=visit.pk).update(
        sequence=F("sequence") + 1,
        confirmation_status=Visit.ConfirmationStatus.PENDING,
        last_error="",
    )
    visit.refresh_from_db()
    visit_confirmation_queue(visit=visit)
    return visit


@transaction.atomic
def visit_move(
    *, visit: Visit, starts_at: datetime.datetime, now: datetime.datetime | None = None
) -> Visit:
    """Move a planned visit; the contact person gets a corrected invitation (SEQUENCE+1)."""
    if starts_at <= (now or timezone.now()):
        raise ValidationError({"starts_at": _("A visit is booked for a time in the future.")})
    if not contact_move(contact=visit.contact, occurred_at=starts_at):
        raise ValidationError(_("Only a planned visit can be moved."))
    return _visit_changed(visit)


@transaction.atomic
def visit_cancel(*, visit: Visit) -> Visit:
    """Cancel a planned visit; the contact person gets a cancellation (METHOD:CANCEL)."""
    if not contact_cancel(contact=visit.contact):
        raise ValidationError(_("Only a planned visit can be cancelled."))
    return _visit_changed(visit)


def _confirmation_email(visit: Visit, *, now: datetime.datetime) -> tuple[EmailMessage, str]:
    contact = visit.contact
    consultant = contact.consultant
    jobcenter = visit.jobcenter
    cancelled = contact.status == Contact.Status.CANCELLED
    starts_at = contact.occurred_at
    ends_at = starts_at + datetime.timedelta(minutes=visit.duration_minutes)
    organizer_email = consultant.email or settings.DEFAULT_FROM_EMAIL
    person = visit.contact_person
    message = email_message(
        template="screening/email/visit_confirmation",
        context={
            "visit": visit,
            "person": person,
            "company": contact.relationship.company,
            "jobcenter": jobcenter,
            "consultant": consultant,
            "starts_at": timezone.localtime(starts_at),
            "ends_at": timezone.localtime(ends_at),
            "cancelled": cancelled,
            "moved": visit.sequence > 0 and not cancelled,
        },
        to=[person.email],
        reply_to=[consultant.email] if consultant.email else None,
    )
    with in_danish():
        names = {"jobcenter": jobcenter.name}
        if cancelled:
            log_summary = _("Cancellation of the visit sent to %(email)s.")
        elif visit.sequence > 0:
            log_summary = _("Changed time of the visit sent to %(email)s.")
        else:
            log_summary = _("Confirmation of the visit sent to %(email)s.")
        event = CalendarEvent(
            uid=visit.ical_uid,
            sequence=visit.sequence,
            starts_at=starts_at,
            ends_at=ends_at,
            summary=_("Meeting with %(jobcenter)s") % names,
            location=visit.place,
            description=visit.wishes,
            organizer_name=str(consultant),
            organizer_email=organizer_email,
            attendee_name=person.name,
            attendee_email=person.email,
            cancelled=cancelled,
        )
    message.extra_headers["Message-ID"] = confirmation_message_id(visit)
    ics = MIMEText(build_ics(event, stamp=now), "calendar", "utf-8")
    ics.set_param("method", "CANCEL" if cancelled else "REQUEST")
    ics.add_header("Content-Disposition", "attachment", filename="besoeg.ics")
    message.attach(ics)
    return message, log_summary % {"email": person.email}


# A claim without an outcome after this long belongs to a worker that died while
# sending: it is not sent again by itself (at most once), but marked failed for a person.
CONFIRMATION_CLAIM_LEASE = datetime.timedelta(minutes=15)


def confirmation_message_id(visit: Visit) -> str:
    """One Message-ID per visit and change (SEQUENCE): should the e-mail of one change
    ever be sent twice, mail systems see the same message."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "jobcenter-crm"
    return f"<visit-{visit.code}.{visit.sequence}@{domain}>"


def visit_confirmation_send(*, visit_id: int, now: datetime.datetime | None = None) -> bool:
    """Send the e-mail for the visit's current state (booked, moved or cancelled) at most
    once per change: the change is claimed in its own committed transaction before the
    e-mail goes to the mail server, so a run that is retried or redelivered after a
    killed worker finds the claim and sends nothing. Records sent or failed on the visit
    and logs the e-mail in the contact log.

    Returns whether an e-mail was sent. On an SMTP or network error the claim is given
    back, the failure recorded, and the error re-raised so the Celery task retries.
    What remains (docs/screening.md): a worker killed after the mail server took the
    e-mail but before the outcome was recorded leaves a claim the sweep marks failed,
    and an error after the server accepted the message sends it once more, with the
    same Message-ID."""
    now = now or timezone.now()
    with transaction.atomic():
        visit = (
            Visit.objects.select_for_update(of=("self",))
            .select_related(
                "jobcenter",
                "contact_person",
                "contact__consultant",
                "contact__relationship__company",
            )
            .get(pk=visit_id)
        )
        if (
            visit.confirmation_status == Visit.ConfirmationStatus.SENT
            and visit.sent_sequence == visit.sequence
        ):
            return False
        if not visit.contact_person.email:
            Visit.objects.filter(pk=visit.pk).update(
                confirmation_status=Visit.ConfirmationStatus.NO_EMAIL, last_error=""
            )
            return False
        if visit.claimed_sequence == visit.sequence:
            return False  # another run sends (or sent) this change
        Visit.objects.filter(pk=visit.pk).update(claimed_sequence=visit.sequence, claimed_at=now)
        message, log_summary = _confirmation_email(visit, now=now)
    try:
        message.send()
    except (SMTPException, OSError) as failure:
        Visit.objects.filter(pk=visit_id, claimed_sequence=visit.sequence).update(
            claimed_sequence=None,
            claimed_at=None,
            confirmation_status=Visit.ConfirmationStatus.FAILED,
            confirmation_attempts=F("confirmation_attempts") + 1,
            last_error=f"{type(failure).__name__}: {failure}"[:1000],
        )
        raise
    with transaction.atomic():
        Visit.objects.filter(pk=visit.pk).update(
            confirmation_status=Visit.ConfirmationStatus.SENT,
            sent_sequence=visit.sequence,
            confirmation_attempts=F("confirmation_attempts") + 1,
            confirmed_at=now,
            last_error="",
        )
        contact_log(
            user=visit.contact.consultant,
            company=visit.contact.relationship.company,
            channel=Contact.Channel.EMAIL,
            occurred_at=now,
            summary=log_summary,
            contact_person=visit.contact_person,
        )
    return True


def visit_confirmations_sweep(
    *, now: datetime.datetime | None = None, limit: int = 500, queue: str | None = None
) -> list[int]:
    """Confirmations left waiting (the broker was down when the visit was booked or
    changed) are queued again; a claim older than the lease with no outcome (the worker
    died while sending) is marked failed, so the pages offer "send again" to a person
    instead of the e-mail going out twice. Returns the ids queued."""
    now = now or timezone.now()
    with in_danish():
        interrupted = _(
            "Sending was interrupted; the e-mail may or may not have gone out. "
            "Check with the company before sending again."
        )
    Visit.objects.filter(
        confirmation_status=Visit.ConfirmationStatus.PENDING,
        claimed_sequence=F("sequence"),
        claimed_at__lt=now - CONFIRMATION_CLAIM_LEASE,
    ).update(confirmation_status=Visit.ConfirmationStatus.FAILED, last_error=interrupted)
    waiting = list(
        Visit.objects.filter(confirmation_status=Visit.ConfirmationStatus.PENDING)
        .filter(Q(claimed_sequence__isnull=True) | ~Q(claimed_sequence=F("sequence")))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for visit_id in waiting:
        _enqueue_confirmation(visit_id, queue)
    return waiting
