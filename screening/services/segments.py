"""Segments: the default contact rules, the proposal from the two screening answers and
the assessment that sets a relationship's segment (with its history)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Jobcenter, User
from companies.models import CompanyRelationship, Contact

from ..defaults import load_defaults
from ..models import Segment, SegmentAssessment, SegmentRule, segment_cooperation


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
    # The "cooperates today" flag follows the segment, so the two never contradict.
    cooperates = segment_cooperation(segment.number)
    if cooperates is not None:
        relationship.is_known = cooperates
    relationship.save(update_fields=["segment", "is_known"])
    return assessment
