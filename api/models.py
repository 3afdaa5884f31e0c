"""API tokens: a user's keys for case systems (`Authorization: Token <key>`).

Only a SHA-256 digest of a key is stored, so a database dump gives no working key; the key
itself is shown once, when it is made. A token acts as its user: the same jobcenter, the
same role, and nothing once the user is deactivated or the token revoked."""

import hashlib
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(JobcenterOwnedQuerySet["ApiToken"]):
    jobcenter_lookup = "user__jobcenter"

    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, to tell tokens apart on the page.
    prefix = models.CharField(_("begins with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
