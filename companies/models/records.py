"""Records of changes to the register: merges, merge requests to the operator, and dates
repaired by a migration."""

import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet

if TYPE_CHECKING:
    pass


from .register import Company


class CompanyMerge(models.Model):
    """The record of two company records merged into one (nothing is deleted)."""

    kept = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="merges_merged")
    merged_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    details = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("company merge")
        verbose_name_plural = _("company merges")

    def __str__(self) -> str:
        return f"{self.merged} → {self.kept}"


class MergeRequestQuerySet(JobcenterOwnedQuerySet["MergeRequest"]):
    def open(self) -> "MergeRequestQuerySet":
        return self.filter(status=MergeRequest.Status.OPEN)


class MergeRequest(models.Model):
    """A jobcenter's request that the operator merge two records: asked for when the
    merge would touch another jobcenter's relationship, which no jobcenter may change."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting the operator")
        DONE = "done", _("Merged")
        REJECTED = "rejected", _("Rejected")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    kept = models.ForeignKey(
        Company, verbose_name=_("record to keep"), on_delete=models.PROTECT, related_name="+"
    )
    merged = models.ForeignKey(
        Company, verbose_name=_("duplicate"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        "accounts.User", verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    # Why it went to the operator: the other jobcenters involved, in Danish.
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    merge = models.ForeignKey(CompanyMerge, on_delete=models.PROTECT, null=True, blank=True)

    objects = MergeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("merge request")
        verbose_name_plural = _("merge requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kept", "merged"],
                condition=models.Q(status="open"),
                name="one_open_merge_request_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merged} → {self.kept}"


class DateRepair(models.Model):
    """A value outside the date window (jobcenter_crm.lib.dates) that a migration moved to
    the nearest bound before the database began to refuse such values: what it was, so
    nothing is silently lost."""

    table_name = models.CharField(max_length=100)
    row_id = models.BigIntegerField()
    column_name = models.CharField(max_length=100)
    original = models.TextField()
    repaired_to = models.TextField()
    repaired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("repaired date")
        verbose_name_plural = _("repaired dates")

    def __str__(self) -> str:
        return f"{self.table_name}.{self.column_name} #{self.row_id}: {self.original}"
