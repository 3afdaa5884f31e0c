"""Production defaults that are not Django settings alone: the client's address behind
trusted proxies, the login lockout's backoff, security headers and the idle timeout."""

import datetime
import ipaddress
import time
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers


def client_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR without a proxy; behind TRUSTED_PROXY_COUNT
    proxies, the X-Forwarded-For entry the outermost trusted proxy added (entries left of
    it are whatever the client sent). None when it cannot be known: a proxy in front but
    not counted, or fewer entries than proxies."""
    count = settings.TRUSTED_PROXY_COUNT
    if count == 0:
        if settings.PROXY_IN_FRONT:
            return None
        address = request.META.get("REMOTE_ADDR", "")
    else:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) < count:
            return None
        address = hops[-count]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_address_is_real() -> bool:
    return not (settings.PROXY_IN_FRONT and settings.TRUSTED_PROXY_COUNT == 0)


def login_cooloff(request: HttpRequest | None) -> datetime.timedelta:
    """The lockout grows while the failures go on: 1 minute after the limit, doubled by
    every further failure, at most an hour; a pause longer than the lockout starts over.
    So a few wrong tries against a colleague's name cost them a minute, not the day."""
    from axes.helpers import get_client_username
    from axes.models import AccessAttempt
    from django.db.models import Max

    failures = 0
    if request is not None:
        username = get_client_username(request)
        failures = (
            AccessAttempt.objects.filter(username=username).aggregate(
                most=Max("failures_since_start")
            )["most"]
            or 0
        )
    excess = max(0, failures - settings.AXES_FAILURE_LIMIT)
    return datetime.timedelta(minutes=min(2 ** min(excess, 6), 60))


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every answer; signed-in pages
    and exports are never stored by a browser or a proxy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"


def record_sign_in(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """On `user_logged_in`: the session starts its clocks with the sign-in, saved with it,
    so the first page after signing in does not write the session again."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Signs a user out after SESSION_IDLE_TIMEOUT seconds without a request, and after
    SESSION_ABSOLUTE_TIMEOUT seconds in all. The last activity is written at most once a minute.

    An htmx request that would be sent to the login page (signed out here, or by the login
    requirement after it) gets the login page's address in HX-Redirect instead of a 302:
    the browser's request would follow a 302 and htmx would swap the login page into the
    fragment it asked for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            # A session from before the clocks were kept starts them now.
            signed_in = session.setdefault(SIGNED_IN_AT, now)
            last_seen = session.get(LAST_SEEN_AT, now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
            if idle or now - signed_in > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                query = urlencode({"next": request.get_full_path(), "expired": "1"})
                return _htmx_to_login(
                    request, HttpResponseRedirect(f"{reverse(settings.LOGIN_URL)}?{query}")
                )
            if now - last_seen >= 60 or LAST_SEEN_AT not in session:
                session[LAST_SEEN_AT] = now
        return _htmx_to_login(request, self.get_response(request))


def _htmx_to_login(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """For htmx, a redirect to the login page becomes a 401 with HX-Redirect to it; the
    page to come back to is the one the browser shows (HX-Current-URL), not the fragment."""
    if "HX-Request" not in request.headers or not 300 <= response.status_code < 400:
        return response
    location = urlsplit(response.get("Location", ""))
    if location.path != reverse(settings.LOGIN_URL):
        return response
    query = dict(parse_qsl(location.query))
    page = urlsplit(request.headers.get("HX-Current-URL", ""))
    if page.scheme in ("http", "https") and page.netloc == request.get_host():
        query["next"] = (page.path or "/") + (f"?{page.query}" if page.query else "")
    elif request.method != "GET":
        query.pop("next", None)  # a POST's address is no page to come back to
    answer = HttpResponse(status=401)
    answer["HX-Redirect"] = f"{location.path}?{urlencode(query)}" if query else location.path
    patch_vary_headers(answer, ["HX-Request"])
    add_never_cache_headers(answer)
    return answer
