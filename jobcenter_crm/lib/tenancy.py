"""Tenancy: every record a jobcenter owns is reached through these queryset methods.

A record of another jobcenter is answered exactly like a missing one (404), so that the
existence of another jobcenter's private data is not revealed.
"""

import logging
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from accounts.models import Jobcenter, User

M = TypeVar("M", bound=models.Model)
access_log = logging.getLogger("jobcenter_crm.access")


class JobcenterOwnedQuerySet(models.QuerySet[M]):
    """QuerySet of a model with a `jobcenter` foreign key (or `jobcenter_lookup`)."""

    jobcenter_lookup = "jobcenter"

    def for_jobcenter(self, jobcenter: "Jobcenter") -> Self:
        return self.filter(**{self.jobcenter_lookup: jobcenter})

    def for_user(self, user: "User") -> Self:
        if not user.is_authenticated or user.jobcenter_id is None:
            return self.none()
        return self.filter(**{f"{self.jobcenter_lookup}_id": user.jobcenter_id})

    def get_for_user_or_404(self, user: "User", **lookup: Any) -> M:
        try:
            return self.for_user(user).get(**lookup)
        # Raised as the model's own DoesNotExist, a subclass mypy cannot see on a generic M.
        except ObjectDoesNotExist as missing:
            # Who looked for which kind of record (no names; the codes are in the URL).
            access_log.warning(
                "access refused: status=404 user=%s record=%s",
                getattr(user, "code", "anonymous"),
                self.model._meta.label,
            )
            raise Http404 from missing
