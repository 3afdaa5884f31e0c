"""Being written: placeholders so the URLconf loads."""

from django.http import Http404, HttpRequest, HttpResponse


def company_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def company_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def contact_log_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def relationship_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def contact_person_create_view(
    request: HttpRequest, *args: object, **kwargs: object
) -> HttpResponse:
    raise Http404


def company_merge_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def contact_complete_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def contact_move_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def contact_cancel_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def agreement_status_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
