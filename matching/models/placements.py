"""The placement log (formidlingslog): each candidate put on a job order and every step with
the company, proposed → presented → interview → hired or rejected, with when and who."""

import uuid
from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.dates import datetime_bounds_check
from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet


class PlacementQuerySet(JobcenterOwnedQuerySet["Placement"]):
    def suitable(self) -> Self:
        """Still in play or hired: what counts against the 3-5 candidates per opening."""
        return self.exclude(status=Placement.Status.REJECTED)


class Placement(models.Model):
    """One candidate on one job order, with the step reached so far."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PRESENTED = "presented", _("Presented to the company")
        INTERVIEW = "interview", _("Interview")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Rejected")

    # The order of the steps; hired and rejected end the log.
    STEPS = (Status.PROPOSED, Status.PRESENTED, Status.INTERVIEW, Status.HIRED)
    FINAL = (Status.HIRED, Status.REJECTED)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    job_order = models.ForeignKey(
        "matching.JobOrder", on_delete=models.CASCADE, related_name="placements"
    )
    # Kept when the candidate is deleted (retention): the order's history stays, the
    # person's data goes.
    candidate = models.ForeignKey(
        "matching.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="placements",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_order", "candidate"], name="placement_candidate_once_per_order"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="placement_rejection_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["job_order", "status"], name="placement_order_status")]

    def __str__(self) -> str:
        return f"{self.candidate or '-'}: {self.get_status_display()}"

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL

    def next_steps(self) -> list[str]:
        """The steps this placement may move to: any later step, or rejected."""
        if self.is_final:
            return []
        later = list(self.STEPS[self.STEPS.index(self.Status(self.status)) + 1 :])
        return [*later, self.Status.REJECTED]


class PlacementStep(models.Model):
    """One step of a placement, as it happened (the log is never rewritten)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("step"), max_length=10, choices=Placement.Status.choices)
    occurred_at = models.DateTimeField(_("when"))
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("placement step")
        verbose_name_plural = _("placement steps")
        ordering = ["occurred_at", "pk"]
        constraints = [
            datetime_bounds_check("occurred_at", name="placement_step_occurred_at_in_window")
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.occurred_at:%Y-%m-%d}"
