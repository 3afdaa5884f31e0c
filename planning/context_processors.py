from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .services import reminders_open_count


def reminder_count(request: HttpRequest) -> dict[str, Any]:
    """`reminder_count`: the user's open reminders, for the badge in the navigation. One
    COUNT on a partial index, run only when a template reads it (lazy). No Redis."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"reminder_count": SimpleLazyObject(lambda: reminders_open_count(user=user))}
