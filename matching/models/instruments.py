"""Company-directed instruments a consultant registers for a company outside the job
orders: skånejob, mentor and jobrotation. DANISH-DATA.md 7.1 names them beside
virksomhedspraktik, løntilskud and fleksjob (which job orders carry as kinds) as what makes
a company cooperate with a jobcenter (samarbejdsgrad, issue 12 point 5)."""

import datetime
import uuid
from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet


class CompanyInstrumentQuerySet(JobcenterOwnedQuerySet["CompanyInstrument"]):
    def running_in(self, start: datetime.date, end: datetime.date) -> Self:
        """Instruments running on at least one day of [start, end]: begun by its end and
        not ended before its start (no end: still running)."""
        return self.filter(started_on__lte=end).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=start)
        )


class CompanyInstrument(models.Model):
    class Kind(models.TextChoices):
        SHELTERED_JOB = "sheltered_job", _("Skånejob")
        MENTOR = "mentor", _("Mentor")
        JOB_ROTATION = "job_rotation", _("Jobrotation (jobrotationsvikar)")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey(
        "companies.Company", on_delete=models.PROTECT, related_name="instruments"
    )
    workplace = models.ForeignKey(
        "companies.Workplace",
        verbose_name=_("workplace"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    registered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The last correction, and by whom: a corrected registration moves the samarbejdsgrad,
    # so the list says who changed it.
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected by"),
    )

    objects = CompanyInstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("company-directed instrument")
        verbose_name_plural = _("company-directed instruments")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="instrument_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["jobcenter", "started_on"], name="instrument_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on:%Y-%m-%d}"
