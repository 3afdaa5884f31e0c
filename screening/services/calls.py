"""The call queue: claiming the next company to call and recording a call that did not
end in a screening."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import Contact
from companies.services import contact_log
from jobcenter_crm.lib.dates import short_datetime

from ..models import Campaign, CampaignCompany
from .language import in_danish

# How long a consultant holds a company they are calling; after that a colleague may take it.
CLAIM_DURATION = datetime.timedelta(minutes=15)
# An unanswered call is tried again after this pause.
NO_ANSWER_RETRY = datetime.timedelta(hours=2)


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
            CampaignCompany.objects.filter(campaign=campaign).held_by(consultant, now=now).first()
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
    campaign_company = (
        CampaignCompany.objects.select_for_update(of=("self",))
        .select_related("relationship__company", "campaign")
        .get(pk=campaign_company.pk)
    )
    if campaign_company.status not in CampaignCompany.OPEN_STATUSES:
        raise ValidationError(_("This company has already been dealt with in the campaign."))
    if (
        campaign_company.claimed_by_id not in (None, user.pk)
        and campaign_company.claimed_until is not None
        and campaign_company.claimed_until > now
    ):
        raise ValidationError(_("A colleague is calling this company right now."))
    if campaign_company.relationship.opted_out_on is not None:
        raise ValidationError(_("The company has refused contact."))
    return campaign_company


def _close_call(campaign_company: CampaignCompany, *, status: str, now: datetime.datetime) -> None:
    campaign_company.status = status
    campaign_company.attempts = F("attempts") + 1
    campaign_company.claimed_by = None
    campaign_company.claimed_until = None
    campaign_company.last_outcome_at = now
    campaign_company.save(
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
    campaign_company.refresh_from_db(fields=["attempts"])


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
    campaign_company = _lock_for_outcome(campaign_company, user, now)
    if outcome == CampaignCompany.Status.CALL_BACK:
        if call_back_at is None or call_back_at <= now:
            raise ValidationError({"call_back_at": _("Choose a time in the future.")})
        campaign_company.call_back_at = call_back_at
    else:
        campaign_company.call_back_at = None
    campaign_company.retry_at = (
        now + NO_ANSWER_RETRY if outcome == CampaignCompany.Status.NO_ANSWER else None
    )
    with in_danish():
        summary = _("Screening campaign %(campaign)s: %(outcome)s.") % {
            "campaign": campaign_company.campaign.name,
            "outcome": CampaignCompany.Status(outcome).label,
        }
        if outcome == CampaignCompany.Status.CALL_BACK:
            summary += " " + _("Call back %(when)s.") % {
                "when": short_datetime(call_back_at, with_year=True)
            }
    if note.strip():
        summary += "\n" + note.strip()
    contact = contact_log(
        user=user,
        company=campaign_company.relationship.company,
        channel=Contact.Channel.PHONE,
        occurred_at=now,
        summary=summary,
    )
    _close_call(campaign_company, status=outcome, now=now)
    return contact
