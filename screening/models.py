import datetime
import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.dates import (
    date_bounds_check,
    datetime_bounds_check,
    months_bounds_check,
)
from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet

if TYPE_CHECKING:
    from accounts.models import User


def segment_cooperation(number: int | None) -> bool | None:
    """Whether a company in the segment cooperates with the jobcenter today (the
    relationship's "known company" flag): segments 1-2 are partners (a binding agreement,
    regular contact), segment 4 wants no cooperation; segment 3 (the company calls when it
    needs to) and no segment say nothing, so the flag stays as the consultant set it."""
    if number in (1, 2):
        return True
    if number == 4:
        return False
    return None


def segment_cooperation_conflict(number: int | None, is_known: bool) -> str | None:
    """Why the "cooperates today" flag contradicts the segment, in the user's language, or
    None. The rule is segment_cooperation's: the flag is changed by assessing the segment
    again, never by unticking it beside a segment that says otherwise."""
    expected = segment_cooperation(number)
    if expected is None or expected == is_known:
        return None
    if expected:
        return str(
            _(
                "The company is in segment %(number)s, a partner that cooperates with the "
                "jobcenter today. If the cooperation has ended, assess the segment again "
                "(screening) first."
            )
            % {"number": number}
        )
    return str(
        _(
            "The company is in segment 4 and does not want cooperation. If it cooperates "
            "with the jobcenter today, assess the segment again (screening) first."
        )
    )


class Segment(models.Model):
    """The four segments of seed 000 (Jobcenter Struer). Names and texts are data."""

    number = models.PositiveSmallIntegerField(_("segment"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    service_form = models.CharField(_("service form"), max_length=200, blank=True)
    survey_share_percent = models.PositiveSmallIntegerField(
        _("share in Struer's survey (%)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=4), name="segment_number_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SegmentRule(models.Model):
    """A jobcenter's contact rule for one segment; started from Struer's defaults."""

    jobcenter = models.ForeignKey(
        "accounts.Jobcenter", on_delete=models.CASCADE, related_name="segment_rules"
    )
    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="rules")
    min_visits = models.PositiveSmallIntegerField(_("minimum visits per period"), default=0)
    visit_period_months = models.PositiveSmallIntegerField(_("visit period (months)"), default=6)
    max_contact_gap_months = models.PositiveSmallIntegerField(
        _("longest gap between contacts (months)"), default=12
    )
    demand_update_months = models.PositiveSmallIntegerField(
        _("update service demands every (months)"), null=True, blank=True
    )
    campaign_visits_only = models.BooleanField(_("visited only in campaigns"), default=False)
    rule_text = models.TextField(_("rule in words"), blank=True)

    objects = JobcenterOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("segment rule")
        verbose_name_plural = _("segment rules")
        ordering = ["jobcenter", "segment__number"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "segment"], name="one_rule_per_segment"),
            models.CheckConstraint(
                condition=models.Q(visit_period_months__gte=1), name="visit_period_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(max_contact_gap_months__gte=1), name="contact_gap_positive"
            ),
            months_bounds_check("visit_period_months", name="visit_period_in_window"),
            months_bounds_check("max_contact_gap_months", name="segment_contact_gap_in_window"),
            months_bounds_check("demand_update_months", name="demand_update_in_window"),
        ]

    def __str__(self) -> str:
        return f"{self.jobcenter}: {self.segment}"


class SegmentAssessmentQuerySet(JobcenterOwnedQuerySet["SegmentAssessment"]):
    pass


class SegmentAssessment(models.Model):
    """One assessment of a company's segment: at screening, at a visit or by hand.

    The relationship's current segment is the latest assessment; these rows are the
    history a team lead reads to see companies move between segments (seed 000)."""

    class Answer2(models.TextChoices):
        # Seed 000, question 2: the form of cooperation the company wants.
        BINDING_AGREEMENT = "binding_agreement", _("A mutually binding cooperation agreement")
        REGULAR_CONTACT = "regular_contact", _("The jobcenter contacts us regularly")
        COMPANY_CALLS = "company_calls", _("We contact the jobcenter when we need to")
        NO_COOPERATION = "no_cooperation", _("We do not want cooperation")

    class Source(models.TextChoices):
        SCREENING = "screening", _("Screening")
        VISIT = "visit", _("Visit")
        MANUAL = "manual", _("Changed by hand")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    relationship = models.ForeignKey(
        "companies.CompanyRelationship", on_delete=models.CASCADE, related_name="assessments"
    )
    segment = models.ForeignKey(Segment, verbose_name=_("segment"), on_delete=models.PROTECT)
    proposed_segment = models.ForeignKey(
        Segment,
        verbose_name=_("proposed segment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_1 = models.BooleanField(_("important partner (question 1)"), null=True, blank=True)
    answer_2 = models.CharField(
        _("wanted cooperation (question 2)"), max_length=20, choices=Answer2.choices, blank=True
    )
    answers_disagree = models.BooleanField(_("the two answers point different ways"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SCREENING)
    contact = models.ForeignKey(
        "companies.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assessed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(_("assessed"))

    objects = SegmentAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("segment assessment")
        verbose_name_plural = _("segment assessments")
        ordering = ["-assessed_at"]
        indexes = [
            models.Index(fields=["relationship", "-assessed_at"], name="assessment_history"),
            models.Index(fields=["jobcenter", "assessed_at"], name="assessment_jobcenter"),
            # A consultant's screenings in a period (mine tal, the tally sheet).
            models.Index(
                fields=["assessed_by", "jobcenter", "source", "assessed_at"],
                name="assessment_assessor",
            ),
        ]
        constraints = [
            # Seed 000: the reason must be recorded when a company is put in segment 4.
            # (Segment 4's primary key is its number; see migration 0002.)
            models.CheckConstraint(
                condition=~models.Q(segment_id=4) | ~models.Q(reason=""),
                name="segment_4_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relationship}: {self.segment}"


class ScreeningQuestionSet(models.Model):
    """A jobcenter's wording of the two screening questions (seed 000). Started from
    Struer's texts with the jobcenter's own name filled in; an admin edits them."""

    jobcenter = models.OneToOneField(
        "accounts.Jobcenter", on_delete=models.CASCADE, related_name="screening_questions"
    )
    question_1 = models.TextField(_("question 1"))
    answer_1_yes = models.CharField(_("answer 'yes'"), max_length=200)
    answer_1_no = models.CharField(_("answer 'no'"), max_length=200)
    question_2 = models.TextField(_("question 2"))
    answer_binding_agreement = models.TextField(_("answer pointing to segment 1"))
    answer_regular_contact = models.TextField(_("answer pointing to segment 2"))
    answer_company_calls = models.TextField(_("answer pointing to segment 3"))
    answer_no_cooperation = models.TextField(_("answer pointing to segment 4"))
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobcenterOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening questions")
        verbose_name_plural = _("screening questions")

    def __str__(self) -> str:
        return str(self.jobcenter)

    def answer_2_choices(self) -> list[tuple[str, str]]:
        """Question 2's answers in the jobcenter's words, keyed as SegmentAssessment stores them."""
        Answer2 = SegmentAssessment.Answer2
        return [
            (Answer2.BINDING_AGREEMENT, self.answer_binding_agreement),
            (Answer2.REGULAR_CONTACT, self.answer_regular_contact),
            (Answer2.COMPANY_CALLS, self.answer_company_calls),
            (Answer2.NO_COOPERATION, self.answer_no_cooperation),
        ]

    def answer_2_text(self, code: str) -> str:
        return dict(self.answer_2_choices()).get(code, code)


class Campaign(models.Model):
    """A screening campaign (seed 000, step 1): a saved net list divided among consultants,
    who phone each company and screen it with the two questions."""

    class Distribution(models.TextChoices):
        EVEN = "even", _("Evenly")
        INDUSTRY = "industry", _("By industry")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey(
        "accounts.Jobcenter", on_delete=models.PROTECT, related_name="campaigns"
    )
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    # Struer planned 350 companies screened in six months.
    target = models.PositiveIntegerField(_("target (companies screened)"), default=350)
    is_pilot = models.BooleanField(_("pilot"), default=False)
    distribution = models.CharField(
        _("distribution"), max_length=10, choices=Distribution.choices, default=Distribution.EVEN
    )
    consultants = models.ManyToManyField(
        "accounts.User", verbose_name=_("consultants"), related_name="campaigns"
    )
    # The net list's filters as chosen, kept for the record (what was the list built from).
    net_list_filters = models.JSONField(_("net list filters"), default=dict, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = JobcenterOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(target__gte=1), name="campaign_target_1"),
            date_bounds_check("starts_on", name="campaign_starts_on_in_window"),
            date_bounds_check("ends_on", name="campaign_ends_on_in_window"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("screening:campaign-detail", args=[self.code])


class CampaignCompanyQuerySet(JobcenterOwnedQuerySet["CampaignCompany"]):
    jobcenter_lookup = "campaign__jobcenter"

    def due(self, *, now: datetime.datetime) -> "CampaignCompanyQuerySet":
        """Companies that may be called now: new ones, unanswered ones whose retry time has
        passed and call-backs that are due; never one a colleague holds, never an opted-out
        or ceased company (checked now: opt-out can come after the list was built)."""
        Status = CampaignCompany.Status
        return self.filter(
            models.Q(status=Status.QUEUED)
            | models.Q(status=Status.NO_ANSWER, retry_at__lte=now)
            | models.Q(status=Status.CALL_BACK, call_back_at__lte=now),
            models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now),
            relationship__opted_out_on__isnull=True,
            relationship__company__ceased_on__isnull=True,
        )

    def open(self) -> "CampaignCompanyQuerySet":
        return self.filter(status__in=CampaignCompany.OPEN_STATUSES)

    def held_by(self, user: "User", *, now: datetime.datetime) -> "CampaignCompanyQuerySet":
        """The open companies the user holds right now (the "held by me" claim), never one
        that refused contact since it was claimed. The call queue and the campaign page
        both read the claim through this one method."""
        return self.open().filter(
            claimed_by=user,
            claimed_until__gt=now,
            relationship__opted_out_on__isnull=True,
        )


class CampaignCompany(models.Model):
    """One company on a campaign's call list, assigned to one consultant."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Not called yet")
        NO_ANSWER = "no_answer", _("No answer")
        CALL_BACK = "call_back", _("Call back")
        WRONG_NUMBER = "wrong_number", _("Wrong number")
        DECLINED = "declined", _("Declined")
        SCREENED = "screened", _("Screened")

    OPEN_STATUSES = (Status.QUEUED, Status.NO_ANSWER, Status.CALL_BACK)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="campaign_companies"
    )
    relationship = models.ForeignKey(
        "companies.CompanyRelationship", on_delete=models.PROTECT, related_name="campaign_companies"
    )
    consultant = models.ForeignKey(
        "accounts.User",
        verbose_name=_("consultant"),
        on_delete=models.PROTECT,
        related_name="campaign_companies",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("calls"), default=0)
    retry_at = models.DateTimeField(_("try again from"), null=True, blank=True)
    call_back_at = models.DateTimeField(_("call back at"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_outcome_at = models.DateTimeField(_("last call"), null=True, blank=True)
    # The assessment made when the company was screened in this campaign: the campaign's
    # result, even if the relationship's segment changes later.
    assessment = models.OneToOneField(
        SegmentAssessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CampaignCompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign company")
        verbose_name_plural = _("campaign companies")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "relationship"], name="company_once_per_campaign"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="call_back") | models.Q(call_back_at__isnull=False),
                name="call_back_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(claimed_by__isnull=True) | models.Q(claimed_until__isnull=False),
                name="claim_has_expiry",
            ),
            datetime_bounds_check("call_back_at", name="call_back_at_in_window"),
        ]
        indexes = [
            # The call queue: one consultant's open companies in a campaign.
            models.Index(
                fields=["campaign", "consultant", "status", "attempts"], name="campaign_queue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.relationship}"

    def get_absolute_url(self) -> str:
        return reverse("screening:campaign-company-call", args=[self.code])

    def is_claimed_by(self, user: "User", *, now: datetime.datetime) -> bool:
        return (
            self.claimed_by_id == user.pk
            and self.claimed_until is not None
            and self.claimed_until > now
        )


class VisitQuerySet(JobcenterOwnedQuerySet["Visit"]):
    def unconfirmed(self) -> "VisitQuerySet":
        """Visits whose confirmation should go out and has not (a visit booked without an
        e-mail address has nothing to send)."""
        return self.exclude(
            confirmation_status__in=[
                Visit.ConfirmationStatus.SENT,
                Visit.ConfirmationStatus.NO_EMAIL,
            ]
        )


class Visit(models.Model):
    """A visit booked at a company, with its e-mail confirmation to the contact person.

    The visit's time and status live on its planned Contact (channel visit) in the contact
    log; this row adds what the confirmation needs and the iCalendar SEQUENCE."""

    class ConfirmationStatus(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Sending failed")
        # Issue 8.18: booked without the contact person's e-mail address; nothing to send.
        NO_EMAIL = "no_email", _("Not sent: no e-mail address")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    contact = models.OneToOneField(
        "companies.Contact", on_delete=models.PROTECT, related_name="visit"
    )
    campaign_company = models.ForeignKey(
        CampaignCompany, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits"
    )
    place = models.CharField(_("place"), max_length=300)
    wishes = models.TextField(_("the company's wishes for the meeting"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    contact_person = models.ForeignKey(
        "companies.ContactPerson",
        verbose_name=_("contact person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # iCalendar SEQUENCE (RFC 5545 3.8.7.4): raised on every change so calendars update.
    sequence = models.PositiveIntegerField(default=0)
    sent_sequence = models.PositiveIntegerField(null=True, blank=True)
    # The change (SEQUENCE) whose e-mail a run has claimed, committed before sending, so
    # a retried or redelivered run does not send it twice (issue 9.4).
    claimed_sequence = models.PositiveIntegerField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    confirmation_status = models.CharField(
        _("confirmation"),
        max_length=10,
        choices=ConfirmationStatus.choices,
        default=ConfirmationStatus.PENDING,
    )
    confirmation_attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5), name="visit_duration_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["jobcenter", "confirmation_status"], name="visit_confirmation"),
        ]

    def __str__(self) -> str:
        return f"{self.contact.relationship.company}: {self.contact.occurred_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("screening:visit-detail", args=[self.code])

    @property
    def ical_uid(self) -> str:
        # Stable for the visit's whole life, so a move or cancel updates the same event.
        return f"visit-{self.code}@jobcenter-crm"


class PilotFeedbackQuerySet(JobcenterOwnedQuerySet["PilotFeedback"]):
    jobcenter_lookup = "campaign__jobcenter"


class PilotFeedback(models.Model):
    """A consultant's answer to one of seed 000's evaluation questions after a pilot."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="feedback")
    consultant = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    question = models.CharField(_("question"), max_length=40)
    answer = models.TextField(_("answer"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating (1-5)"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PilotFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("pilot feedback")
        verbose_name_plural = _("pilot feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "consultant", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.question}"
