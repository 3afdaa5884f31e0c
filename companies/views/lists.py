"""The company list with search and filters, its CSV/XLSX export and the map
(issue 3, points 6 and 8). All three read the same CompanyFilterSet."""

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from accounts.access import AuthenticatedRequest, request_jobcenter

from ..filters import CompanyFilterSet
from ..models import Company
from ..selectors import company_map_points

PAGE_SIZE = 50
EXPORT_ROW_LIMIT = 200_000
EXPORT_CHUNK_SIZE = 2_000
MAP_LIMIT = 2_000

# A cell starting with one of these is read as a formula by Excel and LibreOffice
# (OWASP, "CSV injection"); a leading apostrophe makes it plain text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _is_fragment_request(request: AuthenticatedRequest) -> bool:
    # htmx restoring a page missing from its history cache needs the whole page.
    return "HX-Request" in request.headers and "HX-History-Restore-Request" not in request.headers


@login_required
@require_GET
def company_list(request: AuthenticatedRequest) -> HttpResponse:
    filterset = CompanyFilterSet(request.GET, jobcenter=request_jobcenter(request))
    page_obj = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page_obj": page_obj}
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
    filename = f"companies-{timezone.localdate():%Y-%m-%d}.{file_format}"
    rows = _export_rows(companies.iterator(chunk_size=EXPORT_CHUNK_SIZE))
    if file_format == "csv":
        return _csv_response(rows, filename)
    return _xlsx_response(rows, filename)


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


def _query_string(request: AuthenticatedRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return f"?{query.urlencode()}" if query else ""


def _spreadsheet_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


def _export_rows(companies: Iterable[Company]) -> Iterator[list[Any]]:
    """The header, then one row per company; dates stay dates (the writers format them)."""
    yield [
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
    for company in companies:
        row: Any = company  # the annotations of company_list_rows
        last_contact = row.last_contact_at
        yield [
            _spreadsheet_safe(value)
            for value in (
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
            )
        ]


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def _csv_response(rows: Iterator[list[Any]], filename: str) -> StreamingHttpResponse:
    # Danish Excel opens UTF-8 only with a byte order mark, and splits on semicolons.
    writer = csv.writer(_Echo(), delimiter=";")

    def lines() -> Iterator[str]:
        yield "\ufeff"
        for row in rows:
            yield writer.writerow(
                [value.isoformat() if isinstance(value, datetime.date) else value for value in row]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_response(rows: Iterator[list[Any]], filename: str) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Companies"))
    header = next(rows)
    bold = Font(bold=True)
    sheet.append([_bold_cell(sheet, title, bold) for title in header])
    for row in rows:
        # XML cannot hold most control characters; a stray one must not fail the export.
        sheet.append(
            [
                ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
                for value in row
            ]
        )
    # Written to a temporary file, not memory: an export may hold 200,000 rows.
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _bold_cell(sheet: Any, value: str, font: Font) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell
