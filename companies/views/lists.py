"""Being written: placeholders so the URLconf loads."""

from django.http import Http404, HttpRequest, HttpResponse


def company_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def company_export(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def company_map(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
