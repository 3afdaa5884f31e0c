"""Password sign-in: Django's, except that the demo users' published password is refused
outside the embedded demo, whatever database the users are in."""

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .passwords import DEMO_PASSWORD


class PasswordBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if password == DEMO_PASSWORD and not settings.DEMO_PASSWORDS_ALLOWED:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
