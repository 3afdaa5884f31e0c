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
