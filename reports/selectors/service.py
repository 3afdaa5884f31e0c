"""Service against the rules (issue 12, point 2): per segment, companies contacted and
visited within their rule, month by month, and open agreements by responsible side."""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Jobcenter
from companies.models import Agreement

from .. import figures
from ..forms import ReportFilters
from ..tables import Cell, Row, Table
from .scope import SEGMENT_KEYS, Scope, percent, segment_labels


def _planner_sql_positional(*, jobcenter: Jobcenter, today: datetime.date) -> tuple[str, list[Any]]:
    """The planner's CTE with positional parameters, so it can be joined to a queryset's
    SQL (which Django renders with positional ones)."""
    from planning.planner import PlannerFilter, planner_cte

    cte, named = planner_cte(today=today, where=PlannerFilter(jobcenter_id=jobcenter.pk))
    values: list[Any] = []

    def take(match: re.Match[str]) -> str:
        values.append(named[match.group(1)])
        return "%s"

    return re.sub(r"%\((\w+)\)s", take, cte), values


def service_counts(
    scope: Scope, today: datetime.date
) -> dict[tuple[int | None, str], tuple[int, int]]:
    """(segment, kind) → (companies the rule applies to, overdue). A company is overdue
    when its due date has passed; contacted exactly the rule's interval ago is on time."""
    cte, params = _planner_sql_positional(jobcenter=scope.jobcenter, today=today)
    inner_sql, inner_params = scope.companies.values("pk").query.sql_with_params()
    sql = (
        f"WITH {cte} SELECT segment_number, kind, count(*), "  # noqa: S608
        "count(*) FILTER (WHERE due_on < %s) FROM items "
        "WHERE kind IN ('contact', 'visit') AND relationship_id IN ("
        "SELECT r.id FROM companies_companyrelationship r "
        f"WHERE r.jobcenter_id = %s AND r.company_id IN ({inner_sql})) "
        "GROUP BY segment_number, kind"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, today, scope.jobcenter.pk, *inner_params])
        return {(number, kind): (total, late) for number, kind, total, late in cursor.fetchall()}


def service_table(
    scope: Scope,
    labels: dict[int | None, str],
    today: datetime.date,
) -> Table:
    counts = service_counts(scope, today)
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
            "As of today, by the jobcenter's contact rules. Contacted exactly the rule's "
            "interval ago is in time; the day after it is overdue. Visits count only in "
            "segments whose rule asks for visits. Companies that refused contact or have "
            "ceased are left out."
        ),
        chart_columns=[1, 4],
    )


def service_trend_table(scope: Scope, labels: dict[int | None, str]) -> Table:
    """Per month of the period: the share of companies (by today's segment) whose latest
    contact before the month's end lay within their rule's interval."""
    from planning.models import JobcenterContactRule

    inner_sql, inner_params = scope.companies.values("pk").query.sql_with_params()
    sql = f"""
WITH months AS (
    SELECT m::date AS month_start, (m + interval '1 month')::date AS month_end
      FROM generate_series(date_trunc('month', %s::date), date_trunc('month', %s::date),
                           interval '1 month') AS m
),
rel AS (
    SELECT r.id, s.number AS segment_number, r.created_at,
           LEAST(COALESCE(sr.max_contact_gap_months, ar.gap, %s), COALESCE(ar.gap, %s)) AS gap
      FROM companies_companyrelationship r
      JOIN companies_company c ON c.id = r.company_id
      LEFT JOIN screening_segment s ON s.id = r.segment_id
      LEFT JOIN screening_segmentrule sr
             ON sr.jobcenter_id = r.jobcenter_id AND sr.segment_id = r.segment_id
      LEFT JOIN (SELECT jobcenter_id, max_contact_gap_months AS gap
                   FROM planning_jobcentercontactrule) ar ON ar.jobcenter_id = r.jobcenter_id
     WHERE r.jobcenter_id = %s AND r.opted_out_on IS NULL AND c.ceased_on IS NULL
       AND r.company_id IN ({inner_sql})
)
SELECT months.month_start, rel.segment_number, count(*),
       count(*) FILTER (WHERE last.at >= (months.month_end - make_interval(months => rel.gap)))
  FROM months
  JOIN rel ON rel.created_at < months.month_end
  LEFT JOIN LATERAL (
      SELECT max(k.occurred_at) AS at FROM companies_contact k
       WHERE k.relationship_id = rel.id AND k.status = 'done'
         AND k.occurred_at < months.month_end
  ) last ON TRUE
 GROUP BY 1, 2
 ORDER BY 1, 2"""  # noqa: S608  # fixed SQL fragments; values are parameters
    default_gap = JobcenterContactRule.DEFAULT_MAX_CONTACT_GAP_MONTHS
    params: list[Any] = [
        scope.filters.start,
        scope.filters.end,
        default_gap,
        default_gap,
        scope.jobcenter.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *inner_params])
        found = cursor.fetchall()
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
            "Share of the companies (in their segment today) whose latest contact before the "
            "month's end lay within their contact rule."
        ),
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

    @property
    def tables(self) -> list[Table]:
        return [self.service, self.trend, self.agreements]


def service_report(filters: ReportFilters, *, today: datetime.date) -> ServiceReport:
    scope = Scope.of(filters)
    labels = segment_labels()
    return ServiceReport(
        service=service_table(scope, labels, today),
        trend=service_trend_table(scope, labels),
        agreements=agreements_table(scope, today),
    )
