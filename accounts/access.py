"""Role checks for views. Data scoping is done by queryset methods (`for_user`); these
decorators only decide whether a role may open a page at all (403 otherwise)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import User

View = Callable[..., HttpResponse]


class AuthenticatedRequest(HttpRequest):
    """The request a view behind login receives (every view but `login_not_required` ones,
    by `LoginRequiredMiddleware`): its user is a signed-in `User`, never `AnonymousUser`.
    Only an annotation; Django still passes its own `HttpRequest`."""

    user: User


def _role_required(check: Callable[[Any], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or getattr(user, "jobcenter_id", None) is None:
                raise PermissionDenied
            if not check(user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


admin_required = _role_required(lambda user: user.is_jobcenter_admin)
team_lead_required = _role_required(lambda user: user.is_team_lead)
