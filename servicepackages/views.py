from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Product


def catalogue(request: HttpRequest) -> HttpResponse:
    """The jobcenter's service catalogue, grouped by track."""
    products = (
        Product.objects.for_user(request.user)
        .current()
        .select_related("track")
        .prefetch_related("packages")
        .order_by("track__order", "order", "name")
    )
    return render(request, "servicepackages/catalogue.html", {"products": products})
