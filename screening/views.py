from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import SegmentRule


def overview(request: HttpRequest) -> HttpResponse:
    """The segments and the jobcenter's contact rule for each."""
    rules = SegmentRule.objects.for_user(request.user).select_related("segment")
    return render(request, "screening/overview.html", {"rules": rules})
