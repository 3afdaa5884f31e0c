import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.access import (
    AuthenticatedRequest,
    jobcenter_required,
    request_jobcenter,
    team_lead_required,
)
from companies.models import Contact
from companies.selectors import overdue_agreements_for_user, planned_contacts_for_user

from . import selectors, services
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
    ("overview", gettext_lazy("Key figures")),
    ("segments", gettext_lazy("Segments")),
    ("service", gettext_lazy("Service and agreements")),
    ("demand", gettext_lazy("Demand")),
    ("activity", gettext_lazy("Activity")),
    ("cooperation", gettext_lazy("Samarbejdsgrad")),
]


def _render(
    request: AuthenticatedRequest, template: str, filters: ReportFilters, context: dict[str, Any]
) -> HttpResponse:
    params = filters.query_params()
    params.update(context.get("extra_query", {}))
    query = urlencode(params)
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
    scope = selectors.Scope.of(filters)
    refreshed_at = selectors.dashboard_refreshed_at(jobcenter)
    counts = selectors.tallied_segment_counts(scope)
    context = {
        "refreshed_at": refreshed_at,
        "refresh_url": reverse("reports:overview-refresh"),
        "segments": selectors.segment_table(scope, counts, selectors.segment_labels()),
        "channels": [(label, by_channel.get(value, 0)) for value, label in Contact.Channel.choices],
        "consultants": selectors.consultant_figures(jobcenter=jobcenter, since=since, today=today),
    }
    return _render(request, "reports/overview.html", filters, context)


@require_GET
@team_lead_required
def segment_dashboard(request: AuthenticatedRequest) -> HttpResponse:
    filters = _filters(request)
    dashboard = selectors.segment_dashboard(filters)
    context = {
        "dashboard": dashboard,
        "tables": dashboard.tables,
        "refresh_url": reverse("reports:segments-refresh"),
    }
    return _render(request, "reports/segments.html", filters, context)


def _grain(request: AuthenticatedRequest) -> str:
    return "week" if request.GET.get("grain") == "week" else "month"


def _unit(request: AuthenticatedRequest) -> str:
    return "workplace" if request.GET.get("unit") == "workplace" else "cvr"


REPORTS: dict[str, Callable[[AuthenticatedRequest, ReportFilters], list[Table]]] = {
    "segments": lambda request, filters: selectors.segment_dashboard(filters).tables,
    "service": lambda request, filters: (
        selectors.service_report(filters, today=timezone.localdate()).tables
    ),
    "demand": lambda request, filters: selectors.demand_tables(filters),
    "activity": lambda request, filters: (
        selectors.activity_report(filters, grain=_grain(request)).tables
    ),
    "cooperation": lambda request, filters: [
        selectors.cooperation_table(filters, unit=_unit(request))
    ],
}


@require_GET
@team_lead_required
def service(request: AuthenticatedRequest) -> HttpResponse:
    filters = _filters(request)
    report = selectors.service_report(filters, today=timezone.localdate())
    context = _page("service", report.tables)
    context.update(refreshed_at=report.refreshed_at, refresh_url=reverse("reports:service-refresh"))
    return _render(request, "reports/report.html", filters, context)


@require_GET
@team_lead_required
def demand(request: AuthenticatedRequest) -> HttpResponse:
    filters = _filters(request)
    tables = REPORTS["demand"](request, filters)
    return _render(request, "reports/report.html", filters, _page("demand", tables))


@require_GET
@team_lead_required
def activity(request: AuthenticatedRequest) -> HttpResponse:
    filters = _filters(request)
    grain = _grain(request)
    report = selectors.activity_report(filters, grain=grain)
    context = _page("activity", report.tables)
    context.update(
        grain=grain,
        extra_query={"grain": grain},
        job_orders_recorded=selectors.job_orders_recorded(),
        refreshed_at=report.refreshed_at,
        refresh_url=reverse("reports:activity-refresh"),
    )
    return _render(request, "reports/report.html", filters, context)


@team_lead_required
@require_POST
def dashboard_refresh(request: AuthenticatedRequest, report: str) -> HttpResponse:
    """Rebuild the jobcenter's pre-computed segment and service figures now, and show
    the report the button was pressed on again with the same filters."""
    services.dashboard_refresh(jobcenter=request_jobcenter(request))
    messages.success(request, _("The figures are updated."))
    query = request.GET.urlencode()
    return redirect(f"{reverse(f'reports:{report}')}{'?' + query if query else ''}")


@team_lead_required
@require_POST
def activity_refresh(request: AuthenticatedRequest) -> HttpResponse:
    """Rebuild the jobcenter's pre-computed tally sheet now, rather than at the next
    scheduled refresh, and show it again with the same filters."""
    # Whole, so that a contact logged further back than the quarter-hourly refresh's days
    # counts at once too.
    services.activity_days_refresh(jobcenter=request_jobcenter(request))
    messages.success(request, _("The activity figures are updated."))
    query = request.GET.urlencode()
    return redirect(f"{reverse('reports:activity')}{'?' + query if query else ''}")


@require_GET
@team_lead_required
def cooperation(request: AuthenticatedRequest) -> HttpResponse:
    filters = _filters(request)
    unit = _unit(request)
    context = _page("cooperation", REPORTS["cooperation"](request, filters))
    context.update(unit=unit, extra_query={"unit": unit})
    if unit == "cvr":  # its base is summed from the pre-computed tally
        context.update(
            refreshed_at=selectors.dashboard_refreshed_at(request_jobcenter(request)),
            refresh_url=reverse("reports:cooperation-refresh"),
        )
    return _render(request, "reports/report.html", filters, context)


def _page(report: str, tables: list[Table]) -> dict[str, Any]:
    return {"report": report, "tables": tables, "title": dict(REPORT_PAGES)[report]}


@require_GET
@team_lead_required
def export(
    request: AuthenticatedRequest, report: str, table: str, file_format: str
) -> HttpResponse:
    """One table of a report as CSV or XLSX, with the filters it was counted with."""
    if report not in REPORTS or file_format not in ("csv", "xlsx"):
        raise Http404
    filters = _filters(request)
    tables = REPORTS[report](request, filters)
    found: Table | None = next((t for t in tables if t.key == table), None)
    if found is None:
        raise Http404
    rows = found.export_rows(filters.described())
    # Outside the f-string, where makemessages finds it.
    word = _("report")
    filename = f"{word}-{found.key}-{filters.start:%Y-%m-%d}-{filters.end:%Y-%m-%d}.{file_format}"
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
