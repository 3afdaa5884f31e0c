import datetime
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from accounts.access import (
    AuthenticatedRequest,
    jobcenter_required,
    request_jobcenter,
    team_lead_required,
)
from companies.models import Contact
from companies.selectors import overdue_agreements_for_user, planned_contacts_for_user

from . import selectors
from .forms import ReportFilterForm, ReportFilters
from .tables import Table, csv_response, xlsx_response


def home(request: AuthenticatedRequest) -> HttpResponse:
    """The start page: what the signed-in consultant has to do today."""
    today = timezone.localdate()
    context = {
        "today": today,
        "overdue_agreements": overdue_agreements_for_user(user=request.user, today=today)[:50],
        "planned_contacts": planned_contacts_for_user(user=request.user, until=today)[:50],
    }
    return render(request, "reports/home.html", context)


def _filters(request: AuthenticatedRequest) -> ReportFilters:
    form = ReportFilterForm(
        request.GET or None, jobcenter=request_jobcenter(request), today=timezone.localdate()
    )
    return ReportFilters(form)


# The team's report pages, in the order of the reports' own navigation.
REPORT_PAGES = [
    ("overview", _lazy("Key figures")),
    ("segments", _lazy("Segments")),
]


def _render(
    request: AuthenticatedRequest, template: str, filters: ReportFilters, context: dict[str, Any]
) -> HttpResponse:
    query = urlencode(filters.query_params())
    context.update(
        filters=filters,
        form=filters.form,
        report_pages=REPORT_PAGES,
        report_query=query,
        export_query=query,
    )
    return render(request, template, context)


@require_GET
@jobcenter_required
def overview(request: AuthenticatedRequest) -> HttpResponse:
    """Key figures of the jobcenter for team leads and admins; a consultant's reports
    are their own figures (mine tal)."""
    jobcenter = request_jobcenter(request)
    if not request.user.is_team_lead:
        return redirect("reports:mine")
    today = timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=30)
    by_channel = selectors.contacts_by_channel(jobcenter=jobcenter, since=since)
    filters = _filters(request)
    counts = selectors.segment_counts(selectors.base_companies(filters))
    context = {
        "segments": selectors.segment_table(filters, counts, selectors.segment_labels()),
        "channels": [(label, by_channel.get(value, 0)) for value, label in Contact.Channel.choices],
        "consultants": selectors.consultant_figures(jobcenter=jobcenter, since=since, today=today),
    }
    return _render(request, "reports/overview.html", filters, context)


@require_GET
@team_lead_required
def segment_dashboard(request: AuthenticatedRequest) -> HttpResponse:
    filters = _filters(request)
    dashboard = selectors.segment_dashboard(filters)
    context = {"dashboard": dashboard, "tables": dashboard.tables}
    return _render(request, "reports/segments.html", filters, context)


REPORTS = {
    "segments": lambda filters: selectors.segment_dashboard(filters).tables,
}


@require_GET
@team_lead_required
def export(
    request: AuthenticatedRequest, report: str, table: str, file_format: str
) -> HttpResponse:
    """One table of a report as CSV or XLSX, with the filters it was counted with."""
    if report not in REPORTS or file_format not in ("csv", "xlsx"):
        raise Http404
    filters = _filters(request)
    found: Table | None = next((t for t in REPORTS[report](filters) if t.key == table), None)
    if found is None:
        raise Http404
    rows = found.export_rows(filters.described())
    filename = (
        f"{_('report')}-{found.key}-{filters.start:%Y-%m-%d}-{filters.end:%Y-%m-%d}.{file_format}"
    )
    if file_format == "csv":
        return csv_response(rows, filename)
    return xlsx_response(rows, filename, found.title)


@require_GET
@jobcenter_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    """Mine tal: the signed-in consultant's own companies, overdue work and week."""
    filters = _filters(request)
    context = {"mine": selectors.my_figures(filters, user=request.user, today=timezone.localdate())}
    return _render(request, "reports/mine.html", filters, context)
