"""A screening recorded, in a campaign's call queue or from the company's own page: the
contact, the segment with its answers and, when agreed, the visit."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import CompanyRelationship, Contact, ContactPerson
from companies.services import contact_log, contact_person_create
from jobcenter_crm.lib.dates import short_datetime

from ..models import CampaignCompany, Segment, SegmentAssessment
from .calls import _close_call, _lock_for_outcome
from .language import in_danish
from .questions import screening_questions_for
from .segments import segment_assess, segment_propose
from .visits import VisitBooking, visit_book


@dataclass(frozen=True)
class NewContactPerson:
    name: str
    position: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ScreeningAnswers:
    """What the consultant heard and chose: the two answers of seed 000, the segment (the
    consultant's choice, which may differ from the proposal) and, for segment 4, why."""

    answer_1: bool
    answer_2: str
    segment: Segment
    reason: str = ""


def _screen(
    *,
    relationship: CompanyRelationship,
    user: User,
    answers: ScreeningAnswers,
    heading: str,
    channel: str,
    contact_person: ContactPerson | None,
    new_contact_person: NewContactPerson | None,
    visit: VisitBooking | None,
    campaign_company: CampaignCompany | None,
    now: datetime.datetime,
) -> SegmentAssessment:
    """The screening itself, in or outside a campaign: the contact in the contact log,
    the segment with its answers and history, and the visit if one was agreed."""
    segment, reason = answers.segment, answers.reason
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
    if visit is not None and person is None:
        raise ValidationError({"contact_person": _("A visit is booked with a contact person.")})
    proposal = segment_propose(answer_1=answers.answer_1, answer_2=answers.answer_2)
    question_set = screening_questions_for(jobcenter=relationship.jobcenter)
    with in_danish():
        lines = [
            heading,
            _("Question 1: %(answer)s.")
            % {
                "answer": question_set.answer_1_yes
                if answers.answer_1
                else question_set.answer_1_no
            },
            _("Question 2: %(answer)s") % {"answer": question_set.answer_2_text(answers.answer_2)},
        ]
        if proposal.answers_disagree:
            lines.append(_("The two answers point different ways; the consultant chose."))
        if reason.strip():
            lines.append(_("Reason: %(reason)s") % {"reason": reason.strip()})
        if visit is not None:
            lines.append(
                _("Visit agreed for %(when)s.")
                % {"when": short_datetime(visit.starts_at, with_year=True)}
            )
    contact = contact_log(
        user=user,
        company=relationship.company,
        channel=channel,
        occurred_at=now,
        summary="\n".join(lines),
        contact_person=person,
    )
    assessment = segment_assess(
        relationship=relationship,
        segment=segment,
        user=user,
        source=SegmentAssessment.Source.SCREENING,
        answer_1=answers.answer_1,
        answer_2=answers.answer_2,
        reason=reason,
        contact=contact,
        assessed_at=now,
    )
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
            campaign_company=campaign_company,
            now=now,
        )
    return assessment


def _check_reason(segment: Segment, reason: str) -> None:
    if segment.number == 4 and not reason.strip():
        raise ValidationError({"reason": _("Write why the company does not want cooperation.")})


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

    All or nothing. Raises ValidationError when segment 4 has no reason or when a
    colleague holds the company. A visit booked with a contact person without an e-mail
    address is booked without a confirmation (issue 8.18)."""
    now = now or timezone.now()
    _check_reason(segment, reason)
    campaign_company = _lock_for_outcome(campaign_company, user, now)
    with in_danish():
        heading = _("Screening in the campaign %(campaign)s: segment %(number)s, %(name)s.") % {
            "campaign": campaign_company.campaign.name,
            "number": segment.number,
            "name": segment.name,
        }
    assessment = _screen(
        relationship=campaign_company.relationship,
        user=user,
        answers=ScreeningAnswers(answer_1, answer_2, segment, reason),
        heading=heading,
        channel=Contact.Channel.PHONE,
        contact_person=contact_person,
        new_contact_person=new_contact_person,
        visit=visit,
        campaign_company=campaign_company,
        now=now,
    )
    campaign_company.assessment = assessment
    campaign_company.retry_at = None
    campaign_company.call_back_at = None
    _close_call(campaign_company, status=CampaignCompany.Status.SCREENED, now=now)
    return assessment


@transaction.atomic
def company_screen(
    *,
    relationship: CompanyRelationship,
    user: User,
    answers: ScreeningAnswers,
    channel: str = Contact.Channel.PHONE,
    contact_person: ContactPerson | None = None,
    new_contact_person: NewContactPerson | None = None,
    visit: VisitBooking | None = None,
    now: datetime.datetime | None = None,
) -> SegmentAssessment:
    """Screen a company outside any campaign, from its own page (seed 000: the segment is
    re-assessed at every contact; known companies are screened at their next visit). The
    same record as a campaign's screening: the contact, the answers, the proposal and
    the history. Raises ValidationError as screening_record does, and for a company that
    refused contact."""
    now = now or timezone.now()
    _check_reason(answers.segment, answers.reason)
    if relationship.jobcenter_id != user.jobcenter_id:
        raise ValueError("The relationship belongs to another jobcenter.")
    locked = CompanyRelationship.objects.select_for_update().get(pk=relationship.pk)
    if locked.opted_out_on is not None:
        raise ValidationError(_("The company has refused contact."))
    with in_danish():
        heading = _("Screening: segment %(number)s, %(name)s.") % {
            "number": answers.segment.number,
            "name": answers.segment.name,
        }
    return _screen(
        relationship=locked,
        user=user,
        answers=answers,
        heading=heading,
        channel=channel,
        contact_person=contact_person,
        new_contact_person=new_contact_person,
        visit=visit,
        campaign_company=None,
        now=now,
    )
