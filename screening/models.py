import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet


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
