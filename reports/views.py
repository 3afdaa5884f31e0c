from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The start page: what the signed-in consultant has to do today."""
    return render(request, "reports/home.html", {})
