from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.views import defaults


class DanishFirstMiddleware:
    """Danish unless the user chose English with the language switch (a cookie).

    Django would otherwise follow the browser's Accept-Language, and a public-sector
    product whose users work in Danish must not turn English on a borrowed laptop."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class DemoErrorPagesMiddleware:
    """In the embedded demo (`make run`, DEBUG on) a missing page or a refused one shows the
    product's Danish 404 and 403 pages, as production does, instead of Django's debug page
    that lists every URL. Elsewhere it is not loaded.

    It sits inside CommonMiddleware, which still turns a 404 into the slash redirect."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not (settings.DEBUG and settings.EMBEDDED_DEFAULT):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404 as missing:
            return defaults.page_not_found(request, missing)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return defaults.permission_denied(request, exception)
        return None
