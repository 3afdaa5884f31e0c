"""Access checks for views. Data scoping is done by queryset methods (`for_user`); these
decide whether a user may open a page at all.

- A page that works on a jobcenter's data needs the user's jobcenter: `jobcenter_required`
  on the view, `request_jobcenter(request)` inside it. A user outside any jobcenter (an
  operator, i.e. a superuser working in `/admin/`) gets 404 there, as for a missing record.
- `admin_required` and `team_lead_required` imply `jobcenter_required`; a jobcenter's user
  whose role may not open the page gets 403.
"""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from .models import Jobcenter, User

View = Callable[..., HttpResponse]

# Who was refused what, and when (the log record's time): the user's code, never a name.
access_log = logging.getLogger("jobcenter_crm.access")


def log_refusal(request: HttpRequest, status: int) -> None:
    user = request.user
    who = getattr(user, "code", None) if user.is_authenticated else "anonymous"
    access_log.warning(
        "access refused: status=%s user=%s method=%s path=%s",
        status,
        who,
        request.method,
        request.path,
    )


class AuthenticatedRequest(HttpRequest):
    """The request a view behind login receives (every view but `login_not_required` ones,
    by `LoginRequiredMiddleware`): its user is a signed-in `User`, never `AnonymousUser`.
    Only an annotation; Django still passes its own `HttpRequest`."""

    user: User


def request_jobcenter(request: HttpRequest) -> Jobcenter:
    """The signed-in user's jobcenter; 404 for a user without one (an operator)."""
    user = request.user
    jobcenter = getattr(user, "jobcenter", None) if user.is_authenticated else None
    if jobcenter is None:
        log_refusal(request, 404)
        raise Http404
    return jobcenter


def jobcenter_required(view: View) -> View:
    """The view works on the user's jobcenter: 404 for a user without one."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The key suffices to decide; loading the jobcenter here would cost every view a query.
        if not request.user.is_authenticated or getattr(request.user, "jobcenter_id", None) is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _role_required(check: Callable[[Any], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            request_jobcenter(request)
            if not check(request.user):
                log_refusal(request, 403)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


admin_required = _role_required(lambda user: user.is_jobcenter_admin)
team_lead_required = _role_required(lambda user: user.is_team_lead)
