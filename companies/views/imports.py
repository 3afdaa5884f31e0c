"""Being written: placeholders so the URLconf loads."""

from django.http import Http404, HttpRequest, HttpResponse


def company_import_upload(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
