"""The benchmark's floor (issue 13.1): what any logged-in page and any form post cost on
this server before the product does anything. Served only by `devdata.bench_urls`, which
only the benchmark's server uses; the product's URL conf never includes them."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import AuthenticatedRequest

from .models import FloorRow


@require_GET
def floor_page(request: HttpRequest) -> HttpResponse:
    """`base.html` and nothing else: the layout, navigation and context processors."""
    return render(request, "base.html")


@require_POST
def floor_post(request: AuthenticatedRequest) -> HttpResponse:
    """A form post that writes one row and redirects, as every product form does."""
    FloorRow.objects.create(created_by=request.user)
    return redirect("bench-floor-page")
