"""The company list with search and filters, its CSV/XLSX export and the map
(issue 3, points 6 and 8). All three read the same CompanyFilterSet."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBase,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import AuthenticatedRequest, request_jobcenter
from jobcenter_crm.lib.spreadsheets import csv_response, xlsx_response

from ..filters import CompanyFilterSet
from ..listing import (
    CompanyPaginator,
    ListCount,
    company_list_count,
    count_may_be_large,
    list_count_keep,
)
from ..models import Company
from ..selectors import company_map_points

PAGE_SIZE = 50
EXPORT_ROW_LIMIT = 200_000
EXPORT_CHUNK_SIZE = 2_000
MAP_LIMIT = 2_000


def _is_fragment_request(request: AuthenticatedRequest) -> bool:
    # htmx restoring a page missing from its history cache needs the whole page.
    return "HX-Request" in request.headers and "HX-History-Restore-Request" not in request.headers


@login_required
@require_GET
def company_list(request: AuthenticatedRequest) -> HttpResponse:
    jobcenter = request_jobcenter(request)
    filterset = CompanyFilterSet(request.GET, jobcenter=jobcenter)
    companies = filterset.qs
    count_key = filterset.count_key()
    count = company_list_count(jobcenter=jobcenter, companies=companies, filters=count_key)
    paginator = CompanyPaginator(companies, PAGE_SIZE, count=count.value)
    if count_key and count.value is None and count_may_be_large(jobcenter=jobcenter):
        # The first view of a filtered list that may be large: the rows now, the count
        # fetched by the page itself (company_count), which keeps it for the next views.
        page_obj = paginator.get_page_uncounted(request.GET.get("page"))
    else:
        page_obj = paginator.get_page(request.GET.get("page"))
        if count_key and count.value is None:
            # A filtered list was counted with its page: kept if large, for the next pages.
            list_count_keep(jobcenter=jobcenter, filters=count_key, value=paginator.count)
    context = {"filter": filterset, "page_obj": page_obj, "count": count}
    if _is_fragment_request(request):
        template = "companies/partials/company_table.html"
        # A sort or page link changed the table, not the form: the form's sort field is
        # swapped out of band to match. Never while the user is in the form (focus).
        context["sync_sort_field"] = request.headers.get("HX-Trigger") != "company-filter"
    else:
        template = "companies/company_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def company_count(request: AuthenticatedRequest) -> HttpResponse:
    """The count of the list with these filters, for a list page shown before it was
    counted: the number alone for htmx, which puts it in the page's status line; without
    JavaScript, back to the list, which now shows the count kept here."""
    jobcenter = request_jobcenter(request)
    filterset = CompanyFilterSet(request.GET, jobcenter=jobcenter)
    count_key = filterset.count_key()
    count = company_list_count(jobcenter=jobcenter, companies=filterset.qs, filters=count_key)
    if count.value is None:
        value = filterset.qs.count()
        if count_key:
            list_count_keep(jobcenter=jobcenter, filters=count_key, value=value)
        count = ListCount(value)
    if not _is_fragment_request(request):
        return redirect(reverse("companies:company-list") + _query_string(request, keep_page=True))
    response = render(
        request,
        "companies/partials/company_count.html",
        {"counter": count.value, "counted_at": count.counted_at},
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def company_export(request: AuthenticatedRequest, file_format: str) -> HttpResponseBase:
    if file_format not in ("csv", "xlsx"):
        raise Http404
    companies = CompanyFilterSet(request.GET, jobcenter=request_jobcenter(request)).qs
    count = companies.count()
    if count > EXPORT_ROW_LIMIT:
        messages.error(
            request,
            _(
                "%(count)s companies match, but an export holds at most %(limit)s. "
                "Narrow the search or the filters and export again."
            )
            % {"count": count, "limit": EXPORT_ROW_LIMIT},
        )
        return redirect(reverse("companies:company-list") + _query_string(request))
    # The file name is Danish whatever the interface language: it is kept and shared.
    filename = f"virksomheder-{timezone.localdate():%Y-%m-%d}.{file_format}"
    rows = _export_rows(companies.iterator(chunk_size=EXPORT_CHUNK_SIZE))
    if file_format == "csv":
        return csv_response(_export_header(), rows, filename)
    return xlsx_response(_export_header(), rows, filename, sheet_title=_("Companies"))


@login_required
@require_GET
def company_map(request: AuthenticatedRequest) -> HttpResponse:
    filterset = CompanyFilterSet(request.GET, jobcenter=request_jobcenter(request))
    companies, truncated = company_map_points(filterset.qs, limit=MAP_LIMIT)
    markers = [
        {
            "name": company.name,
            "url": company.get_absolute_url(),
            "lat": company.latitude,
            "lng": company.longitude,
            # Annotated by company_list_rows, which the plugin cannot see through filterset.qs.
            "segment": company.segment_number,  # type: ignore[attr-defined]
        }
        for company in companies
    ]
    context = {
        "filter": filterset,
        "companies": companies,
        "markers": markers,
        "truncated": truncated,
        "map_limit": MAP_LIMIT,
        "map_config": {
            "tileUrl": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    }
    return render(request, "companies/company_map.html", context)


def _query_string(request: AuthenticatedRequest, *, keep_page: bool = False) -> str:
    query = request.GET.copy()
    if not keep_page:
        query.pop("page", None)
    return f"?{query.urlencode()}" if query else ""


def _export_header() -> list[str]:
    return [
        _("CVR number"),
        _("Name"),
        _("Address"),
        _("Postal code"),
        _("Town"),
        _("Municipality"),
        _("Industry code"),
        _("Industry"),
        _("Employees"),
        _("Segment"),
        _("Responsible consultant"),
        _("Cooperates with us today"),
        _("Refused contact on"),
        _("Last contact"),
    ]


def _export_rows(companies: Iterable[Company]) -> Iterator[list[Any]]:
    """One row per company; dates stay dates (the writers format them), and the writers
    make every text cell formula-safe."""
    for company in companies:
        row: Any = company  # the annotations of company_list_rows
        last_contact = row.last_contact_at
        yield [
            company.cvr or "",
            company.name,
            company.address,
            company.postal_code,
            company.city,
            company.municipality.name if company.municipality else "",
            company.industry_code,
            company.industry_text,
            company.employee_band,
            row.segment_number or "",
            row.responsible_name or "",
            _("Yes") if row.is_known else _("No"),
            row.opted_out_on or "",
            timezone.localtime(last_contact).date() if last_contact else "",
        ]
