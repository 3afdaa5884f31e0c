"""Activity and results, the tally sheet (issue 12, point 4): what each consultant and the
team did in a period against the previous period and the same period last year, and the
job orders with their response, filling, candidates and hires."""

import datetime
import functools
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Jobcenter, User
from matching.models import PlacementStep

from .. import figures
from ..forms import ReportFilters
from ..models import ActivityDay, FiguresRefreshed
from ..tables import Cell, Row, Table
from .scope import Scope

ACTIVITY_METRICS = [
    ("phone", gettext_lazy("Calls")),
    ("visit", gettext_lazy("Visits")),
    ("meeting", gettext_lazy("Meetings")),
    ("email", gettext_lazy("E-mails")),
    ("new", gettext_lazy("New company contacts")),
    ("screenings", gettext_lazy("Screenings")),
    ("agreements_made", gettext_lazy("Agreements made")),
    ("agreements_kept", gettext_lazy("Agreements kept")),
]


def activity_counts(
    *,
    jobcenter: Jobcenter,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    consultant: User | None = None,
    scope: Scope | None = None,
) -> dict[tuple[int, str], int]:
    """(consultant id, metric) → count in [start_at, end_at): contacts, screenings and
    agreements are counted as such; new company contacts as companies. One grouped query
    per metric, whatever the data size."""
    counts: dict[tuple[int, str], int] = {}
    for metric, _label in ACTIVITY_METRICS:
        rows, user_field, company_field = figures.activity_rows(
            metric, jobcenter=jobcenter, start_at=start_at, end_at=end_at
        )
        if consultant is not None:
            rows = rows.filter(**{user_field: consultant.pk})
        if scope is not None:
            rows = scope.narrow(rows, company_field)
        counted = Count(company_field, distinct=True) if metric == "new" else Count("pk")
        for user_id, total in (
            rows.order_by()
            .values(user_field)
            .annotate(total=counted)
            .values_list(user_field, "total")
        ):
            if user_id is not None:
                counts[(user_id, metric)] = total
    return counts


def consultant_activity(
    *,
    jobcenter: Jobcenter,
    consultant: User,
    periods: dict[str, tuple[datetime.datetime, datetime.datetime]],
) -> dict[str, dict[str, int]]:
    """Period key → metric → what the consultant did in [start, end), live from the log
    as `activity_counts` counts it: every figure of every period in one query (a union
    of one grouped count per figure, each period a FILTER of it)."""
    sql, params = _consultant_activity_sql(
        jobcenter.pk,
        consultant.pk,
        tuple(periods.values()),
        timezone.get_current_timezone_name(),  # local dates (agreements kept on time)
    )
    result: dict[str, dict[str, int]] = {key: {} for key in periods}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for metric, *totals in cursor.fetchall():
            for key, total in zip(periods, totals, strict=True):
                result[key][metric] = total
    return result


# The query's SQL (never its result) for a consultant's periods: building and compiling
# the union of eight ORM queries cost mine tal more than running it, and a consultant asks
# for the same week again and again. The SQL depends on nothing but these arguments (the
# time zone: the SQL takes local dates in it).
@functools.lru_cache(maxsize=1024)
def _consultant_activity_sql(
    jobcenter_id: int,
    consultant_id: int,
    periods: tuple[tuple[datetime.datetime, datetime.datetime], ...],
    zone: str,  # a key only: the SQL is compiled in the active time zone
) -> tuple[str, tuple[Any, ...]]:
    jobcenter = Jobcenter(pk=jobcenter_id)
    first = min(start for start, _end in periods)
    last = max(end for _start, end in periods)
    parts: list[QuerySet[Any]] = []
    for metric, _label in ACTIVITY_METRICS:
        rows, user_field, company_field = figures.activity_rows(
            metric, jobcenter=jobcenter, start_at=first, end_at=last
        )
        moment = figures.ACTIVITY_MOMENTS[metric]
        counted = {
            # The moment, never null in its period, is in the indexes: a screening is
            # counted from the index alone.
            f"p{index}": Count(
                company_field if metric == "new" else moment,
                distinct=metric == "new",
                filter=Q(**{f"{moment}__gte": start, f"{moment}__lt": end}),
            )
            for index, (start, end) in enumerate(periods)
        }
        parts.append(
            rows.filter(**{user_field: consultant_id})
            .order_by()
            .values(user_field)
            .annotate(figure=Value(metric), **counted)
            .values_list("figure", *counted)
        )
    sql, params = parts[0].union(*parts[1:], all=True).query.sql_with_params()
    return sql, tuple(params)


@dataclass
class ActivityReport:
    consultants: Table
    team: Table
    trend: Table
    refreshed_at: datetime.datetime
    orders: Table | None = None

    @property
    def tables(self) -> list[Table]:
        return [t for t in (self.team, self.orders, self.consultants, self.trend) if t]


def order_figures(
    *,
    jobcenter: Jobcenter,
    first: datetime.date,
    last: datetime.date,
    consultant: User | None,
    scope: Scope,
) -> dict[str, Any]:
    """Counts of orders received / answered in time / late / filled, the average hours
    to the first response and days from received to filled, the candidates presented
    per opening of the orders received, and the candidates hired."""
    start_at = figures.local_midnight(first)
    end_at = figures.local_midnight(last + datetime.timedelta(days=1))
    now = timezone.now()
    result: dict[str, Any] = {}
    for metric in figures.ORDER_KEYS:
        rows = figures.order_rows(
            metric, jobcenter=jobcenter, start_at=start_at, end_at=end_at, now=now
        )
        rows = scope.narrow(rows, "company")
        if consultant is not None:
            rows = rows.filter(responsible=consultant)
        if metric == "received":
            presented = PlacementStep.objects.filter(
                placement__job_order__in=rows, status__in=figures.PRESENTED_STEPS
            ).aggregate(candidates=Count("placement", distinct=True))
            result["presented"] = presented["candidates"]
            aggregated = rows.aggregate(
                total=Count("pk"),
                openings=Sum("openings"),
                response=Avg(
                    ExpressionWrapper(
                        F("responded_at") - F("received_at"), output_field=DurationField()
                    )
                ),
            )
            result["response"] = aggregated["response"]
            result["openings"] = aggregated["openings"] or 0
        elif metric == "filled":
            aggregated = rows.aggregate(
                total=Count("pk"),
                fill=Avg(
                    ExpressionWrapper(
                        F("closed_at") - F("received_at"), output_field=DurationField()
                    )
                ),
            )
            result["fill"] = aggregated["fill"]
        else:
            aggregated = rows.aggregate(total=Count("pk"))
        result[metric] = aggregated["total"]
    hired = scope.narrow(
        figures.hires(start_at=start_at, end_at=end_at).filter(jobcenter=jobcenter),
        "job_order__company",
    )
    if consultant is not None:
        hired = hired.filter(job_order__responsible=consultant)
    result["hired"] = hired.count()
    return result


ORDER_METRICS = [
    ("received", gettext_lazy("Job orders received")),
    ("in_time", gettext_lazy("Answered within the response standard")),
    ("late", gettext_lazy("Answered late or overdue")),
    ("filled", gettext_lazy("Job orders filled")),
    ("hired", gettext_lazy("Candidates hired")),
]


def orders_table(scope: Scope, *, periods: dict[str, tuple[datetime.date, datetime.date]]) -> Table:
    consultant = scope.filters.responsible
    counted = {
        key: order_figures(
            jobcenter=scope.jobcenter, first=first, last=last, consultant=consultant, scope=scope
        )
        for key, (first, last) in periods.items()
    }
    who = str(consultant.code) if consultant else "all"

    def url(metric: str, key: str) -> str:
        return scope.drill(f"orders:{metric}:{who}", period=periods[key])

    def hours(value: datetime.timedelta | None) -> float | None:
        return round(value.total_seconds() / 3600, 1) if value is not None else None

    def days(value: datetime.timedelta | None) -> float | None:
        return round(value.total_seconds() / 86400, 1) if value is not None else None

    def per_opening(figures: dict[str, Any]) -> float | None:
        return round(figures["presented"] / figures["openings"], 1) if figures["openings"] else None

    def measured(label: str, value: Any) -> Row:
        return Row(
            label=label,
            cells=[
                Cell(value(counted["now"])),
                Cell(value(counted["before"])),
                Cell(None),
                Cell(value(counted["last_year"])),
            ],
        )

    rows = [
        Row(
            label=str(label),
            cells=[
                Cell(counted["now"][metric], url(metric, "now")),
                Cell(counted["before"][metric], url(metric, "before")),
                Cell(counted["now"][metric] - counted["before"][metric]),
                Cell(counted["last_year"][metric], url(metric, "last_year")),
            ],
        )
        for metric, label in ORDER_METRICS
    ]
    rows.extend(
        [
            measured(_("Average hours to the first response"), lambda c: hours(c["response"])),
            measured(_("Average days from received to filled"), lambda c: days(c["fill"])),
            measured(_("Candidates presented per opening"), per_opening),
        ]
    )
    return Table(
        key="orders",
        title=_("Job orders"),
        row_header=_("Job orders"),
        columns=[
            _("This period"),
            _("Previous period"),
            _("Difference"),
            _("Same period last year"),
        ],
        rows=rows,
        note=_(
            "The response standard is each order's own (24 hours, or 3 on the hotline). "
            "Candidates hired: hires recorded in the placement log in the period. Candidates "
            "presented per opening: of the orders received in the period, the candidates put "
            "before the company per opening (seed: 3-5)."
        ),
    )


def _shift_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def sheet_refreshed_at(jobcenter: Jobcenter) -> datetime.datetime:
    """When the jobcenter's pre-computed sheet was built; built now if it never was."""
    refreshed = (
        FiguresRefreshed.objects.filter(jobcenter=jobcenter, kind=FiguresRefreshed.Kind.ACTIVITY)
        .values_list("refreshed_at", flat=True)
        .first()
    )
    if refreshed is None:
        from ..services import activity_days_refresh

        activity_days_refresh(jobcenter=jobcenter)
        return sheet_refreshed_at(jobcenter)
    return refreshed


# The company list's filters (Scope.params) as the pre-computed sheet's columns.
SHEET_SPLITS = {
    "industry": lambda value: Q(industry=value),
    "employees": lambda value: Q(employee_band=value),
    "municipality": lambda value: Q(municipality_codes__contains=[value]),
}


def sheet_days(scope: Scope) -> QuerySet[ActivityDay]:
    """The pre-computed days of the scope's jobcenter, split and consultant."""
    # Without a company filter the roll-up answers (a third of the rows to sum).
    days = ActivityDay.objects.filter(jobcenter=scope.jobcenter, detailed=bool(scope.params))
    for name, value in scope.params.items():
        days = days.filter(SHEET_SPLITS[name](value))
    if scope.filters.responsible is not None:
        days = days.filter(consultant=scope.filters.responsible)
    return days


def sheet_counts(
    days: QuerySet[ActivityDay], periods: dict[str, tuple[datetime.date, datetime.date]]
) -> dict[str, dict[tuple[int, str], int]]:
    """Per period: (consultant id, metric) → count, as `activity_counts` counts them live,
    summed from the days in one query."""
    first = min(start for start, _end in periods.values())
    last = max(end for _start, end in periods.values())
    sums = {
        key: Sum("total", filter=Q(day__gte=start, day__lte=end))
        for key, (start, end) in periods.items()
    }
    counted: dict[str, dict[tuple[int, str], int]] = {key: {} for key in periods}
    keys = list(periods)
    for consultant_id, metric, *totals in (
        days.filter(day__gte=first, day__lte=last)
        .values("consultant_id", "metric")
        .annotate(**sums)
        .values_list("consultant_id", "metric", *keys)
    ):
        for key, total in zip(keys, totals, strict=True):
            if total:
                counted[key][(consultant_id, metric)] = total
    return counted


def comparison_periods(filters: ReportFilters) -> dict[str, tuple[datetime.date, datetime.date]]:
    """The period, the previous one of the same length ending the day before it begins,
    and the same period last year."""
    length = filters.end - filters.start + datetime.timedelta(days=1)
    return {
        "now": (filters.start, filters.end),
        "before": (filters.start - length, filters.start - datetime.timedelta(days=1)),
        "last_year": (_shift_year(filters.start), _shift_year(filters.end)),
    }


def activity_report(filters: ReportFilters, *, grain: str) -> ActivityReport:
    """The tally sheet for the chosen period: per consultant, the team against the
    previous period of the same length and the same period last year, and the team's
    weeks or months."""
    scope = Scope.of(filters, consultant_as_company_filter=False)
    jobcenter = scope.jobcenter
    consultant = filters.responsible
    refreshed_at = sheet_refreshed_at(jobcenter)
    periods = comparison_periods(filters)
    days = sheet_days(scope)
    counted = sheet_counts(days, periods)

    def total(key: str, metric: str) -> int:
        return sum(value for (_user, name), value in counted[key].items() if name == metric)

    def url(metric: str, who: str, key: str) -> str:
        return scope.drill(f"activity:{metric}:{who}", period=periods[key])

    who_all = str(consultant.code) if consultant else "all"
    team_rows = []
    for metric, label in ACTIVITY_METRICS:
        now, before, last_year = (total(key, metric) for key in ("now", "before", "last_year"))
        team_rows.append(
            Row(
                label=str(label),
                cells=[
                    Cell(now, url(metric, who_all, "now")),
                    Cell(before, url(metric, who_all, "before")),
                    Cell(now - before),
                    Cell(last_year, url(metric, who_all, "last_year")),
                ],
            )
        )
    team = Table(
        key="team",
        title=_("The team's activity and results"),
        row_header=_("Activity"),
        columns=[
            _("This period"),
            _("Previous period"),
            _("Difference"),
            _("Same period last year"),
        ],
        rows=team_rows,
        note=_(
            "Calls, visits, meetings and e-mails count done contacts; the links list the "
            "companies behind them. The previous period has the same length and ends the day "
            "before this one begins."
        ),
        chart_columns=[0, 1, 3],
    )
    users = User.objects.for_jobcenter(jobcenter).active().consultants()
    if consultant is not None:
        users = users.filter(pk=consultant.pk)
    consultant_rows = [
        Row(
            label=str(user),
            cells=[
                Cell(counted["now"].get((user.pk, metric), 0), url(metric, str(user.code), "now"))
                for metric, _label in ACTIVITY_METRICS
            ],
        )
        for user in users.order_by("first_name", "last_name", "username")
    ]
    consultants = Table(
        key="consultants",
        title=_("Activity per consultant"),
        row_header=_("Consultant"),
        columns=[str(label) for _metric, label in ACTIVITY_METRICS],
        rows=consultant_rows,
    )
    return ActivityReport(
        consultants=consultants,
        team=team,
        trend=activity_trend(days, scope, grain=grain),
        refreshed_at=refreshed_at,
        orders=orders_table(scope, periods=periods) if job_orders_recorded() else None,
    )


def activity_trend(days: QuerySet[ActivityDay], scope: Scope, *, grain: str) -> Table:
    """Done contacts per channel by week or month of the period (one query)."""
    trunc = TruncWeek if grain == "week" else TruncMonth
    found: dict[tuple[datetime.date, str], int] = {
        (bucket, metric): total
        for bucket, metric, total in days.filter(
            day__gte=scope.filters.start,
            day__lte=scope.filters.end,
            metric__in=figures.CONTACT_METRICS,
        )
        .annotate(bucket=trunc("day"))
        .values("bucket", "metric")
        .annotate(total=Sum("total"))
        .values_list("bucket", "metric", "total")
    }
    return trend_table(found, grain=grain)


def trend_table(found: dict[tuple[datetime.date, str], int], *, grain: str) -> Table:
    buckets = sorted({key[0] for key in found})
    channels = [metric for metric, _label in ACTIVITY_METRICS if metric in figures.CONTACT_METRICS]
    labels = dict(ACTIVITY_METRICS)
    table_rows = [
        Row(
            label=(
                _("Week %(week)s, %(year)s")
                % {"week": bucket.isocalendar().week, "year": bucket.isocalendar().year}
                if grain == "week"
                else date_format(bucket, "F Y")
            ),
            cells=[Cell(found.get((bucket, channel), 0)) for channel in channels],
        )
        for bucket in buckets
    ]
    return Table(
        key="trend",
        title=_("Contacts week by week") if grain == "week" else _("Contacts month by month"),
        row_header=_("Week") if grain == "week" else _("Month"),
        columns=[str(labels[channel]) for channel in channels],
        rows=table_rows,
        chart_columns=list(range(len(channels))),
        chart_kind="line",
    )


def job_orders_recorded() -> bool:
    """Whether job orders exist in this build (issue 11): until then the tally sheet
    says that their figures will come, rather than showing zeros."""
    from django.apps import apps

    app_label, model_name = "matching", "JobOrder"
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True
