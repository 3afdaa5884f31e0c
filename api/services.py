"""Making and revoking API tokens (the product's admin page, `manage.py api_token`)."""

import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import ApiToken, digest


@transaction.atomic
def api_token_create(
    *, user: User, name: str = "", created_by: User | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and its key, which is not stored and cannot be
    shown again."""
    key = secrets.token_hex(20)
    token = ApiToken(
        user=user, name=name, key_digest=digest(key), prefix=key[:8], created_by=created_by
    )
    token.full_clean()
    token.save()
    return token, key


def api_token_revoke(*, token: ApiToken) -> bool:
    """Revoke the token (at once, for every later request). False if it already was."""
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return changed == 1
