"""What consultants keep from the candidate search (seed 003, koncept 3): talent pools
(emnebanker, named candidate lists shared in the jobcenter), personal bookmarks, and saved
searches (a consultant's templates that show what is new since last time)."""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet


class TalentPool(models.Model):
    """A named list of candidates the whole jobcenter shares (emnebank), e.g. "Truckførere
    til sæsonen"."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey(
        "accounts.Jobcenter", on_delete=models.PROTECT, related_name="talent_pools"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = JobcenterOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("talent pool")
        verbose_name_plural = _("talent pools")
        ordering = ["name", "pk"]
        constraints = [
            # "Sæsonlager" and "sæsonlager" are one pool to the people using them.
            models.UniqueConstraint(
                "jobcenter", Lower("name"), name="talent_pool_name_once_per_jobcenter"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("matching:talentpool-detail", args=[self.code])


class TalentPoolVisit(models.Model):
    """When a user last opened a pool: the pool is shared, what is new is each user's."""

    pool = models.ForeignKey(TalentPool, on_delete=models.CASCADE, related_name="visits")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(_("last opened"))

    class Meta:
        verbose_name = _("talent pool visit")
        verbose_name_plural = _("talent pool visits")
        constraints = [
            models.UniqueConstraint(fields=["pool", "user"], name="talent_pool_visit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.pool}: {self.user} {self.opened_at:%Y-%m-%d %H:%M}"


class TalentPoolMember(models.Model):
    """A candidate in a pool; goes with the candidate when retention deletes them."""

    pool = models.ForeignKey(TalentPool, on_delete=models.CASCADE, related_name="members")
    candidate = models.ForeignKey(
        "matching.Candidate", on_delete=models.CASCADE, related_name="pool_memberships"
    )
    added_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("talent pool member")
        verbose_name_plural = _("talent pool members")
        ordering = ["-added_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "candidate"], name="talent_pool_candidate_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pool}: {self.candidate}"


class CandidateBookmark(models.Model):
    """A consultant's own bookmark on a candidate."""

    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="candidate_bookmarks"
    )
    candidate = models.ForeignKey(
        "matching.Candidate", on_delete=models.CASCADE, related_name="bookmarks"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = JobcenterOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "candidate"], name="candidate_bookmark_once_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.candidate}"


class SavedSearch(models.Model):
    """A consultant's search template: the search form's values, and which candidates it
    found when last opened, so that opening it again marks those that are new."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=120)
    # The search form's fields as submitted (strings), validated again on every run.
    criteria = models.JSONField(_("criteria"), default=dict)
    last_run_at = models.DateTimeField(_("last opened"), null=True, blank=True)
    last_result_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    # The terms the search narrows candidates by (matching.engine.ranking), kept so that
    # the list of searches counts the candidates new or updated since last time in SQL.
    watch_terms = ArrayField(
        models.CharField(max_length=200), default=list, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = JobcenterOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"], name="saved_search_name_once_per_user"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("matching:savedsearch-detail", args=[self.code])
