import datetime
import json
import logging
from dataclasses import dataclass
from email.mime.text import MIMEText
from functools import partial
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from accounts.models import Jobcenter, User
from companies.models import Company, CompanyRelationship, Contact, ContactPerson
from companies.services import contact_cancel, contact_log, contact_move, contact_person_create

from .calendar import CalendarEvent, build_ics
from .defaults import load_defaults
from .models import (
    Campaign,
    CampaignCompany,
    PilotFeedback,
    ScreeningQuestionSet,
    Segment,
    SegmentAssessment,
    SegmentRule,
    Visit,
)
from .selectors import net_list_companies


def segment_rules_install_defaults(*, jobcenter: Jobcenter) -> None:
    """Give the jobcenter Struer's contact rules for every segment it has no rule for."""
    segments = {segment.number: segment for segment in Segment.objects.all()}
    for row in load_defaults()["segments"]:
        rule = row["rule"]
        SegmentRule.objects.get_or_create(
            jobcenter=jobcenter,
            segment=segments[row["number"]],
            defaults={
                "min_visits": rule["min_visits"],
                "visit_period_months": rule["visit_period_months"],
                "max_contact_gap_months": rule["max_contact_gap_months"],
                "demand_update_months": rule.get("demand_update_months"),
                "campaign_visits_only": rule["campaign_visits_only"],
                "rule_text": rule.get("rule_text", ""),
            },
        )


# Seed 000, question 2: the form of cooperation points to one segment.
ANSWER_2_SEGMENT = {
    SegmentAssessment.Answer2.BINDING_AGREEMENT: 1,
    SegmentAssessment.Answer2.REGULAR_CONTACT: 2,
    SegmentAssessment.Answer2.COMPANY_CALLS: 3,
    SegmentAssessment.Answer2.NO_COOPERATION: 4,
}
# Question 1: "yes" points to segments 1-2, "no" to 3-4.
ANSWER_1_SEGMENTS = {True: {1, 2}, False: {3, 4}}


@dataclass(frozen=True)
class SegmentProposal:
    segment: int
    answers_disagree: bool


def segment_propose(*, answer_1: bool, answer_2: str) -> SegmentProposal:
    """The segment the two answers point to. Question 2 names the form of cooperation,
    so it decides the proposal; when question 1 points the other way the proposal is
    flagged, and the consultant chooses (the product never guesses silently)."""
    segment = ANSWER_2_SEGMENT[SegmentAssessment.Answer2(answer_2)]
    return SegmentProposal(
        segment=segment, answers_disagree=segment not in ANSWER_1_SEGMENTS[answer_1]
    )


@transaction.atomic
def segment_assess(
    *,
    relationship: CompanyRelationship,
    segment: Segment,
    user: User,
    source: str = SegmentAssessment.Source.SCREENING,
    answer_1: bool | None = None,
    answer_2: str = "",
    reason: str = "",
    contact: Contact | None = None,
    assessed_at: datetime.datetime | None = None,
) -> SegmentAssessment:
    """Record an assessment and make it the relationship's current segment."""
    proposal = (
        segment_propose(answer_1=answer_1, answer_2=answer_2)
        if answer_1 is not None and answer_2
        else None
    )
    assessment = SegmentAssessment(
        jobcenter=relationship.jobcenter,
        relationship=relationship,
        segment=segment,
        proposed_segment=Segment.objects.get(number=proposal.segment) if proposal else None,
        answer_1=answer_1,
        answer_2=answer_2,
        answers_disagree=proposal.answers_disagree if proposal else False,
        reason=reason.strip(),
        source=source,
        contact=contact,
        assessed_by=user,
        assessed_at=assessed_at or timezone.now(),
    )
    if segment.number == 4 and not assessment.reason:
        raise ValidationError({"reason": _("Write why the company does not want cooperation.")})
    assessment.full_clean()
    assessment.save()
    relationship.segment = segment
    relationship.save(update_fields=["segment"])
    return assessment


# --- Screening questions, campaigns, the call queue, screening and visits (issue 4) ---
logger = logging.getLogger(__name__)

# How long a consultant holds a company they are calling; after that a colleague may take it.
CLAIM_DURATION = datetime.timedelta(minutes=15)
# An unanswered call is tried again after this pause.
NO_ANSWER_RETRY = datetime.timedelta(hours=2)


def _in_danish() -> translation.override:
    # The contact log and the e-mails to companies are written in the product's language
    # (Danish), whatever language the consultant's browser asked for.
    return translation.override(settings.LANGUAGE_CODE)


# Screening questions -------------------------------------------------------------------


def _jobcenter_short_name(jobcenter: Jobcenter) -> str:
    # "Jobcenter Struer" -> "Struer", so Struer's "Er Jobcenter {jobcenter} ..." reads right.
    name = jobcenter.name.strip()
    prefix = "Jobcenter "
    return name[len(prefix) :] if name.lower().startswith(prefix.lower()) else name


def screening_questions_for(*, jobcenter: Jobcenter) -> ScreeningQuestionSet:
    """The jobcenter's screening questions, created from Struer's defaults (seed 000) with
    the jobcenter's name filled in the first time they are needed."""
    existing = ScreeningQuestionSet.objects.filter(jobcenter=jobcenter).first()
    if existing is not None:
        return existing
    defaults = load_defaults()["questions"]
    answers = {row["code"]: row["text"] for row in defaults["answers_2"]}
    answers_1 = {row["code"]: row["text"] for row in defaults["answers_1"]}
    question_set, _created = ScreeningQuestionSet.objects.get_or_create(
        jobcenter=jobcenter,
        defaults={
            "question_1": defaults["question_1"].replace(
                "{jobcenter}", _jobcenter_short_name(jobcenter)
            ),
            "answer_1_yes": answers_1["yes"],
            "answer_1_no": answers_1["no"],
            "question_2": defaults["question_2"].replace(
                "{jobcenter}", _jobcenter_short_name(jobcenter)
            ),
            "answer_binding_agreement": answers["binding_agreement"],
            "answer_regular_contact": answers["regular_contact"],
            "answer_company_calls": answers["company_calls"],
            "answer_no_cooperation": answers["no_cooperation"],
        },
    )
    return question_set


QUESTION_FIELDS = (
    "question_1",
    "answer_1_yes",
    "answer_1_no",
    "question_2",
    "answer_binding_agreement",
    "answer_regular_contact",
    "answer_company_calls",
    "answer_no_cooperation",
)


@transaction.atomic
def screening_questions_update(
    *, question_set: ScreeningQuestionSet, user: User, texts: dict[str, str]
) -> ScreeningQuestionSet:
    for name in QUESTION_FIELDS:
        setattr(question_set, name, texts[name].strip())
    question_set.updated_by = user
    question_set.full_clean()
    question_set.save(update_fields=[*QUESTION_FIELDS, "updated_by", "updated_at"])
    return question_set


# Campaigns --------------------------------------------------------------------------------


def _industry_assignment(
    *, companies: "QuerySet[Company]", consultant_ids: list[int]
) -> dict[str, int]:
    """Each industry section's companies go to one consultant, balanced by size: the
    largest sections first, each to the consultant with the fewest companies so far."""
    sections = companies.order_by().values("industry_section_id").annotate(count=Count("pk"))
    load = dict.fromkeys(consultant_ids, 0)
    mapping: dict[str, int] = {}
    for row in sorted(sections, key=lambda row: (-row["count"], row["industry_section_id"] or 0)):
        consultant_id = min(consultant_ids, key=lambda pk: (load[pk], consultant_ids.index(pk)))
        load[consultant_id] += row["count"]
        mapping[str(row["industry_section_id"] or "none")] = consultant_id
    return mapping


def _distribute(
    *,
    campaign: Campaign,
    companies: "QuerySet[Company]",
    consultant_ids: list[int],
    distribution: str,
) -> int:
    """Insert the campaign's call list in one INSERT ... SELECT: round-robin by company
    name for an even split, or by the industry mapping."""
    company_sql, company_params = companies.order_by().values("pk").query.sql_with_params()
    if distribution == Campaign.Distribution.INDUSTRY:
        mapping = _industry_assignment(companies=companies, consultant_ids=consultant_ids)
        assign = "(%s::jsonb ->> coalesce(c.industry_section_id::text, 'none'))::bigint"
        assign_params: list[Any] = [json.dumps(mapping)]
    else:
        assign = "(%s::bigint[])[mod(row_number() over (order by c.name, c.id) - 1, %s) + 1]"
        assign_params = [consultant_ids, len(consultant_ids)]
    entry_table = CampaignCompany._meta.db_table
    company_table = Company._meta.db_table
    relationship_table = CompanyRelationship._meta.db_table
    sql = f"""
        INSERT INTO {entry_table}
            (code, campaign_id, relationship_id, consultant_id, status, attempts)
        SELECT gen_random_uuid(), %s, r.id, {assign}, %s, 0
        FROM {company_table} c
        JOIN {relationship_table} r ON r.company_id = c.id AND r.jobcenter_id = %s
        WHERE c.id IN ({company_sql})
        ON CONFLICT DO NOTHING
    """  # noqa: S608 (table names from model meta; values are parameters)
    params = [
        campaign.pk,
        *assign_params,
        CampaignCompany.Status.QUEUED.value,
        campaign.jobcenter_id,
        *company_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@transaction.atomic
def campaign_create(
    *,
    jobcenter: Jobcenter,
    user: User,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    target: int,
    is_pilot: bool,
    consultants: list[User],
    distribution: str,
    filters: dict[str, Any],
) -> Campaign:
    """Save a net list as a campaign and divide its companies among the consultants.

    Companies on the list without a relationship to the jobcenter get one (set-based);
    the filters are kept on the campaign for the record."""
    if not consultants:
        raise ValidationError({"consultants": _("Choose at least one consultant.")})
    if any(consultant.jobcenter_id != jobcenter.pk for consultant in consultants):
        raise ValidationError({"consultants": _("Choose consultants of your own jobcenter.")})
    campaign = Campaign(
        jobcenter=jobcenter,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        target=target,
        is_pilot=is_pilot,
        distribution=distribution,
        net_list_filters=filters,
        created_by=user,
    )
    campaign.full_clean()
    campaign.save()
    campaign.consultants.set(consultants)
    companies = net_list_companies(jobcenter=jobcenter, filters=filters)
    own = CompanyRelationship.objects.filter(jobcenter=jobcenter, company=OuterRef("pk"))
    missing = companies.exclude(Exists(own)).order_by().values_list("pk", flat=True)
    CompanyRelationship.objects.bulk_create(
        [CompanyRelationship(jobcenter=jobcenter, company_id=pk) for pk in missing],
        ignore_conflicts=True,
        batch_size=1000,
    )
    _distribute(
        campaign=campaign,
        companies=companies,
        consultant_ids=[consultant.pk for consultant in consultants],
        distribution=distribution,
    )
    return campaign


@transaction.atomic
def campaign_companies_move(*, campaign: Campaign, codes: list[Any], consultant: User) -> int:
    """Give the chosen companies still to be called to another consultant; returns how
    many moved. Companies already dealt with keep the consultant who dealt with them."""
    if consultant.jobcenter_id != campaign.jobcenter_id:
        raise ValidationError({"consultant": _("Choose a consultant of your own jobcenter.")})
    moved = (
        CampaignCompany.objects.filter(campaign=campaign, code__in=codes)
        .open()
        .update(consultant=consultant)
    )
    campaign.consultants.add(consultant)
    return moved


# The call queue -----------------------------------------------------------------------------


def campaign_company_claim_next(
    *, campaign: Campaign, consultant: User, now: datetime.datetime | None = None
) -> CampaignCompany | None:
    """Give the consultant the next company to call, and hold it for them for a while.

    A company the consultant already holds comes back first. Otherwise, in one
    transaction, the next due company is locked with SKIP LOCKED (so two consultants
    asking at the same moment never get the same one) and claimed: the consultant's own
    due call-backs first, then fewest calls, then name. When their own list is done they
    help colleagues with companies not yet reached (never a colleague's agreed call-back).
    Opted-out and ceased companies are never given (checked now, see `due`)."""
    now = now or timezone.now()
    with transaction.atomic():
        held = (
            CampaignCompany.objects.filter(
                campaign=campaign, claimed_by=consultant, claimed_until__gt=now
            )
            .open()
            .filter(relationship__opted_out_on__isnull=True)
            .first()
        )
        if held is not None:
            return held
        Status = CampaignCompany.Status
        candidate = (
            CampaignCompany.objects.filter(campaign=campaign)
            .due(now=now)
            .filter(Q(consultant=consultant) | Q(status__in=[Status.QUEUED, Status.NO_ANSWER]))
            .annotate(
                others=Case(
                    When(consultant=consultant, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                call_back_first=Case(
                    When(status=Status.CALL_BACK, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
            )
            .order_by("others", "call_back_first", "attempts", "relationship__company__name", "pk")
            .select_for_update(skip_locked=True, of=("self",))
            .first()
        )
        if candidate is None:
            return None
        candidate.claimed_by = consultant
        candidate.claimed_until = now + CLAIM_DURATION
        candidate.save(update_fields=["claimed_by", "claimed_until"])
        return candidate


def _lock_for_outcome(
    campaign_company: CampaignCompany, user: User, now: datetime.datetime
) -> CampaignCompany:
    # Called inside atomic(): the row is locked until the outcome is saved.
    entry = (
        CampaignCompany.objects.select_for_update(of=("self",))
        .select_related("relationship__company", "campaign")
        .get(pk=campaign_company.pk)
    )
    if entry.status not in CampaignCompany.OPEN_STATUSES:
        raise ValidationError(_("This company has already been dealt with in the campaign."))
    if (
        entry.claimed_by_id not in (None, user.pk)
        and entry.claimed_until is not None
        and entry.claimed_until > now
    ):
        raise ValidationError(_("A colleague is calling this company right now."))
    if entry.relationship.opted_out_on is not None:
        raise ValidationError(_("The company has refused contact."))
    return entry


def _close_call(entry: CampaignCompany, *, status: str, now: datetime.datetime) -> None:
    entry.status = status
    entry.attempts = F("attempts") + 1
    entry.claimed_by = None
    entry.claimed_until = None
    entry.last_outcome_at = now
    entry.save(
        update_fields=[
            "status",
            "attempts",
            "retry_at",
            "call_back_at",
            "claimed_by",
            "claimed_until",
            "last_outcome_at",
            "assessment",
        ]
    )
    entry.refresh_from_db(fields=["attempts"])


CALL_OUTCOMES = (
    CampaignCompany.Status.NO_ANSWER,
    CampaignCompany.Status.CALL_BACK,
    CampaignCompany.Status.WRONG_NUMBER,
    CampaignCompany.Status.DECLINED,
)


@transaction.atomic
def campaign_company_record_outcome(
    *,
    campaign_company: CampaignCompany,
    user: User,
    outcome: str,
    call_back_at: datetime.datetime | None = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Contact:
    """Record a call that did not end in a screening, log it in the contact log and
    release the company: no answer (tried again after NO_ANSWER_RETRY), call back at a
    time, wrong number, declined."""
    now = now or timezone.now()
    if outcome not in CALL_OUTCOMES:
        raise ValueError(f"Unknown call outcome {outcome!r}")
    entry = _lock_for_outcome(campaign_company, user, now)
    if outcome == CampaignCompany.Status.CALL_BACK:
        if call_back_at is None or call_back_at <= now:
            raise ValidationError({"call_back_at": _("Choose a time in the future.")})
        entry.call_back_at = call_back_at
    else:
        entry.call_back_at = None
    entry.retry_at = now + NO_ANSWER_RETRY if outcome == CampaignCompany.Status.NO_ANSWER else None
    with _in_danish():
        summary = _("Screening campaign %(campaign)s: %(outcome)s.") % {
            "campaign": entry.campaign.name,
            "outcome": CampaignCompany.Status(outcome).label,
        }
        if outcome == CampaignCompany.Status.CALL_BACK:
            summary += " " + _("Call back %(when)s.") % {
                "when": timezone.localtime(call_back_at).strftime("%d.%m.%Y %H:%M")
            }
    if note.strip():
        summary += "\n" + note.strip()
    contact = contact_log(
        user=user,
        company=entry.relationship.company,
        channel=Contact.Channel.PHONE,
        occurred_at=now,
        summary=summary,
    )
    _close_call(entry, status=outcome, now=now)
    return contact


# Screening --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewContactPerson:
    name: str
    position: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class VisitBooking:
    starts_at: datetime.datetime
    place: str
    wishes: str = ""
    duration_minutes: int = 60


@transaction.atomic
def screening_record(
    *,
    campaign_company: CampaignCompany,
    user: User,
    answer_1: bool,
    answer_2: str,
    segment: Segment,
    reason: str = "",
    contact_person: ContactPerson | None = None,
    new_contact_person: NewContactPerson | None = None,
    visit: VisitBooking | None = None,
    now: datetime.datetime | None = None,
) -> SegmentAssessment:
    """Record a screening call (seed 000): the call in the contact log, the segment with
    its answers and history (segment_assess), the company marked screened in the
    campaign, and, when a visit was agreed, the visit booked and confirmed by e-mail.

    All or nothing. Raises ValidationError when segment 4 has no reason, when a booked
    visit's contact person has no e-mail address, or when a colleague holds the company."""
    now = now or timezone.now()
    if segment.number == 4 and not reason.strip():
        raise ValidationError({"reason": _("Write why the company does not want cooperation.")})
    entry = _lock_for_outcome(campaign_company, user, now)
    relationship = entry.relationship
    person = contact_person
    if person is None and new_contact_person is not None:
        person = contact_person_create(
            relationship=relationship,
            name=new_contact_person.name,
            position=new_contact_person.position,
            phone=new_contact_person.phone,
            email=new_contact_person.email,
        )
    if person is not None and person.relationship_id != relationship.pk:
        raise ValueError("The contact person belongs to another relationship.")
    if visit is not None and (person is None or not person.email):
        raise ValidationError(
            {
                "contact_person": _(
                    "A booked visit is confirmed by e-mail: choose a contact person "
                    "with an e-mail address."
                )
            }
        )
    proposal = segment_propose(answer_1=answer_1, answer_2=answer_2)
    question_set = screening_questions_for(jobcenter=relationship.jobcenter)
    with _in_danish():
        lines = [
            _("Screening in the campaign %(campaign)s: segment %(number)s, %(name)s.")
            % {"campaign": entry.campaign.name, "number": segment.number, "name": segment.name},
            _("Question 1: %(answer)s.")
            % {"answer": question_set.answer_1_yes if answer_1 else question_set.answer_1_no},
            _("Question 2: %(answer)s") % {"answer": question_set.answer_2_text(answer_2)},
        ]
        if proposal.answers_disagree:
            lines.append(_("The two answers point different ways; the consultant chose."))
        if reason.strip():
            lines.append(_("Reason: %(reason)s") % {"reason": reason.strip()})
        if visit is not None:
            lines.append(
                _("Visit agreed for %(when)s.")
                % {"when": timezone.localtime(visit.starts_at).strftime("%d.%m.%Y %H:%M")}
            )
    contact = contact_log(
        user=user,
        company=relationship.company,
        channel=Contact.Channel.PHONE,
        occurred_at=now,
        summary="\n".join(lines),
        contact_person=person,
    )
    assessment = segment_assess(
        relationship=relationship,
        segment=segment,
        user=user,
        source=SegmentAssessment.Source.SCREENING,
        answer_1=answer_1,
        answer_2=answer_2,
        reason=reason,
        contact=contact,
        assessed_at=now,
    )
    entry.assessment = assessment
    entry.retry_at = None
    entry.call_back_at = None
    _close_call(entry, status=CampaignCompany.Status.SCREENED, now=now)
    if visit is not None:
        assert person is not None
        visit_book(
            user=user,
            relationship=relationship,
            contact_person=person,
            starts_at=visit.starts_at,
            place=visit.place,
            wishes=visit.wishes,
            duration_minutes=visit.duration_minutes,
            campaign_company=entry,
            now=now,
        )
    return assessment


# Visits and their confirmation ---------------------------------------------------------------


def _enqueue_confirmation(visit_id: int) -> None:
    from .tasks import send_visit_confirmation

    try:
        send_visit_confirmation.delay(visit_id)
    except (BrokerError, OSError):
        # The broker is down: the visit stays "waiting to be sent" and its pages offer
        # "send again"; the booking itself is not lost.
        logger.warning("Could not queue the confirmation of visit %s", visit_id, exc_info=True)


def visit_confirmation_queue(*, visit: Visit) -> None:
    """Send (again) the confirmation of the visit's current state, after the commit."""
    Visit.objects.filter(pk=visit.pk).exclude(
        confirmation_status=Visit.ConfirmationStatus.SENT, sent_sequence=F("sequence")
    ).update(confirmation_status=Visit.ConfirmationStatus.PENDING)
    transaction.on_commit(partial(_enqueue_confirmation, visit.pk))


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
    invitation to the contact person (sent by Celery after the commit)."""
    now = now or timezone.now()
    if relationship.jobcenter_id != user.jobcenter_id:
        raise ValueError("The relationship belongs to another jobcenter.")
    if contact_person.relationship_id != relationship.pk:
        raise ValueError("The contact person belongs to another relationship.")
    if starts_at <= now:
        raise ValidationError({"starts_at": _("A visit is booked for a time in the future.")})
    with _in_danish():
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
    with _in_danish():
        names = {"jobcenter": jobcenter.name}
        if cancelled:
            subject = _("Cancelled: the meeting with %(jobcenter)s") % names
            log_summary = _("Cancellation of the visit sent to %(email)s.")
        elif visit.sequence > 0:
            subject = _("New time for the meeting with %(jobcenter)s") % names
            log_summary = _("Changed time of the visit sent to %(email)s.")
        else:
            subject = _("Confirmation of the meeting with %(jobcenter)s") % names
            log_summary = _("Confirmation of the visit sent to %(email)s.")
        body = render_to_string(
            "screening/email/visit_confirmation.txt",
            {
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
        )
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
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        reply_to=[consultant.email] if consultant.email else None,
    )
    ics = MIMEText(build_ics(event, stamp=now), "calendar", "utf-8")
    ics.set_param("method", "CANCEL" if cancelled else "REQUEST")
    ics.add_header("Content-Disposition", "attachment", filename="besoeg.ics")
    message.attach(ics)
    return message, log_summary % {"email": person.email}


def visit_confirmation_send(*, visit_id: int, now: datetime.datetime | None = None) -> bool:
    """Send the e-mail for the visit's current state (booked, moved or cancelled) unless
    that state was already sent; record sent or failed on the visit and log the e-mail in
    the contact log. Safe to run twice (the row is locked and the sent SEQUENCE kept).

    Returns whether an e-mail was sent. Re-raises SMTP and network errors after recording
    them, so the Celery task retries."""
    now = now or timezone.now()
    failure: Exception
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
                confirmation_status=Visit.ConfirmationStatus.FAILED,
                confirmation_attempts=F("confirmation_attempts") + 1,
                last_error="The contact person has no e-mail address.",
            )
            return False
        message, log_summary = _confirmation_email(visit, now=now)
        try:
            message.send()
        except (SMTPException, OSError) as error:
            failure = error
        else:
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
    Visit.objects.filter(pk=visit_id).update(
        confirmation_status=Visit.ConfirmationStatus.FAILED,
        confirmation_attempts=F("confirmation_attempts") + 1,
        last_error=f"{type(failure).__name__}: {failure}"[:1000],
    )
    raise failure


# Pilot feedback -----------------------------------------------------------------------------


@transaction.atomic
def pilot_feedback_save(
    *, campaign: Campaign, consultant: User, answers: dict[str, tuple[str, int | None]]
) -> None:
    """Store (or replace) a consultant's answers to the pilot's evaluation questions."""
    from .pilot import PILOT_QUESTION_KEYS

    if not campaign.is_pilot:
        raise ValidationError(_("Only a pilot campaign is evaluated."))
    rows = []
    for key, (answer, rating) in answers.items():
        if key not in PILOT_QUESTION_KEYS:
            raise ValueError(f"Unknown pilot question {key!r}")
        row = PilotFeedback(
            campaign=campaign,
            consultant=consultant,
            question=key,
            answer=answer.strip(),
            rating=rating,
        )
        if rating is not None and not 1 <= rating <= 5:
            raise ValidationError({"rating": _("Rate from 1 to 5.")})
        # Uniqueness is what the upsert below resolves, so only the fields are checked here.
        row.full_clean(validate_unique=False, validate_constraints=False)
        rows.append(row)
    PilotFeedback.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["campaign", "consultant", "question"],
        update_fields=["answer", "rating", "updated_at"],
    )
