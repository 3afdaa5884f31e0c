from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class DanishFirstMiddleware:
    """Danish unless the user chose English with the language switch (a cookie).

    Django would otherwise follow the browser's Accept-Language, and a public-sector
    product whose users work in Danish must not turn English on a borrowed laptop."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
