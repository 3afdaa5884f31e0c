"""Service against the rules (issue 12, point 2): per segment, companies contacted and
visited within their rule, month by month, and open agreements by responsible side."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from companies.models import Agreement

from .. import figures
from ..forms import ReportFilters
from ..models import ServiceMonth, ServiceStatus
from ..services import SERVICE_MONTHS
from ..tables import Cell, Row, Table
from .scope import (
    SEGMENT_KEYS,
    Scope,
    dashboard_refreshed_at,
    percent,
    segment_labels,
    snapshot_rows,
)


def service_counts(scope: Scope) -> dict[tuple[int | None, str], tuple[int, int]]:
    """(segment, kind) → (companies the rule applies to, overdue), summed from the
    pre-computed statuses. A company is overdue when its due date has passed; contacted
    exactly the rule's interval ago is on time."""
    rows = (
        snapshot_rows(ServiceStatus.objects.all(), scope)
        .values("segment_number", "kind")
        .annotate(total=Count("pk"), late=Count("pk", filter=Q(overdue=True)))
        .values_list("segment_number", "kind", "total", "late")
    )
    return {(number, kind): (total, late) for number, kind, total, late in rows}


def service_table(scope: Scope, labels: dict[int | None, str]) -> Table:
    counts = service_counts(scope)
    rows = []
    for number in SEGMENT_KEYS:
        arg = figures.segment_arg(number)
        cells = []
        for kind in ("contact", "visit"):
            total, late = counts.get((number, kind), (0, 0))
            on_time = total - late
            cells.extend(
                [
                    Cell(on_time, scope.drill(f"service:{kind}:{arg}:ontime")),
                    Cell(percent(on_time, total), suffix=" %"),
                    Cell(late, scope.drill(f"service:{kind}:{arg}:overdue")),
                ]
            )
        rows.append(Row(label=labels[number], cells=cells))
    return Table(
        key="service",
        title=_("Service against the segment rules"),
        row_header=_("Segment"),
        columns=[
            _("Contacted within the rule"),
            _("Share contacted in time"),
            _("Contact overdue"),
            _("Visited within the rule"),
            _("Share visited in time"),
            _("Visit overdue"),
        ],
        rows=rows,
        note=_(
            "As of the last update, by the jobcenter's contact rules. Contacted exactly the rule's "
            "interval ago is in time; the day after it is overdue. Visits count only in "
            "segments whose rule asks for visits. Companies that refused contact or have "
            "ceased are left out."
        ),
        chart_columns=[1, 4],
    )


def service_trend_table(scope: Scope, labels: dict[int | None, str]) -> Table:
    """Per month of the period: the share of companies (by today's segment) whose latest
    contact before the month's end lay within their rule's interval."""
    found = list(
        snapshot_rows(ServiceMonth.objects.all(), scope)
        .filter(month__gte=scope.filters.start.replace(day=1), month__lte=scope.filters.end)
        .values("month", "segment_number")
        .annotate(all=Sum("total"), kept=Sum("in_time"))
        .values_list("month", "segment_number", "all", "kept")
    )
    months = sorted({row[0] for row in found})
    shares = {(month, number): percent(in_time, total) for month, number, total, in_time in found}
    rows = [
        Row(
            label=date_format(month, "F Y"),
            cells=[Cell(shares.get((month, number)), suffix=" %") for number in SEGMENT_KEYS],
        )
        for month in months
    ]
    return Table(
        key="service-trend",
        title=_("Contacted in time, month by month"),
        row_header=_("Month"),
        columns=[labels[number] for number in SEGMENT_KEYS],
        rows=rows,
        note=_(
            "Share of the companies (in their segment at the last update) whose latest "
            "contact before the month's end lay within their contact rule; kept for the "
            "last %(months)s months."
        )
        % {"months": SERVICE_MONTHS},
        chart_columns=[0, 1, 2, 3, 4],
        chart_kind="line",
    )


def agreements_table(scope: Scope, today: datetime.date) -> Table:
    """Open and overdue agreements by the side responsible (jobcenter or company)."""
    late = Q(deadline__lt=today)
    found = {
        row["responsible_side"]: row
        for row in Agreement.objects.for_jobcenter(scope.jobcenter)
        .open()
        .filter(
            pk__in=scope.narrow(
                Agreement.objects.for_jobcenter(scope.jobcenter), "relationship__company"
            ).values("pk")
        )
        .values("responsible_side")
        .annotate(
            agreements=Count("pk"),
            companies=Count("relationship__company", distinct=True),
            late_agreements=Count("pk", filter=late),
            late_companies=Count("relationship__company", filter=late, distinct=True),
        )
    }
    rows = []
    for side, label in Agreement.Side.choices:
        row: Any = found.get(side, {})
        rows.append(
            Row(
                label=str(label),
                cells=[
                    Cell(row.get("agreements", 0)),
                    Cell(row.get("companies", 0), scope.drill(f"agreements:{side}:open")),
                    Cell(row.get("late_agreements", 0)),
                    Cell(
                        row.get("late_companies", 0),
                        scope.drill(f"agreements:{side}:overdue"),
                    ),
                ],
            )
        )
    return Table(
        key="agreements",
        title=_("Open agreements by responsible side"),
        row_header=_("Responsible"),
        columns=[
            _("Open agreements"),
            _("Companies with open agreements"),
            _("Overdue agreements"),
            _("Companies with overdue agreements"),
        ],
        rows=rows,
        note=_("The company numbers link to the companies; one company may hold several."),
    )


@dataclass
class ServiceReport:
    service: Table
    trend: Table
    agreements: Table
    refreshed_at: datetime.datetime

    @property
    def tables(self) -> list[Table]:
        return [self.service, self.trend, self.agreements]


def service_report(filters: ReportFilters, *, today: datetime.date) -> ServiceReport:
    """Service and trend from the pre-computed figures (see `refreshed_at`); the open
    agreements live, as they are few."""
    scope = Scope.of(filters)
    refreshed_at = dashboard_refreshed_at(scope.jobcenter)
    labels = segment_labels()
    return ServiceReport(
        service=service_table(scope, labels),
        trend=service_trend_table(scope, labels),
        agreements=agreements_table(scope, today),
        refreshed_at=refreshed_at,
    )
