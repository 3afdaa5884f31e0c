"""The reports' reads: set-based aggregates in a fixed number of queries, whatever the
data size. Each builds `Table`s whose numbers link to the companies behind them."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Jobcenter, User
from companies.filters import CompanyFilterSet
from companies.models import (
    Agreement,
    Company,
    CompanyQuerySet,
    CompanyRelationship,
    Contact,
    IndustrySection,
)
from screening.models import Segment, SegmentAssessment

from . import figures
from .forms import ReportFilters
from .tables import Cell, Row, Table

SEGMENT_KEYS: list[int | None] = [1, 2, 3, 4, None]


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def drill_url(
    filters: ReportFilters,
    figure: str,
    *,
    period: bool = False,
    extra: dict[str, str] | None = None,
) -> str:
    """The company list with the report's split and one figure's companies."""
    params = filters.list_params()
    params.update(extra or {})
    params["figure"] = figure
    if period:
        params.update(filters.period_params())
    return f"{reverse('companies:company-list')}?{urlencode(params)}"


def narrowed(
    rows: QuerySet[Any], company_field: str, companies: CompanyQuerySet | None
) -> QuerySet[Any]:
    """`rows` of the companies the split narrows to. Without a split (`companies` None)
    nothing is narrowed: every relationship's company is one the jobcenter sees, so the
    restriction would only cost a pass over the whole area at national scale."""
    if companies is None:
        return rows
    return rows.filter(**{f"{company_field}__in": companies.values("pk")})


def split_companies(filters: ReportFilters, companies: CompanyQuerySet) -> CompanyQuerySet | None:
    return companies if filters.list_params() else None


def base_companies(filters: ReportFilters) -> CompanyQuerySet:
    """The companies the jobcenter sees, narrowed by the split exactly as the company
    list narrows them (the list's own filter set), unordered for aggregation."""
    filterset = CompanyFilterSet(filters.list_params(), jobcenter=filters.jobcenter)
    return filterset.qs.order_by()


def segment_labels() -> dict[int | None, str]:
    labels: dict[int | None, str] = {
        segment.number: str(segment) for segment in Segment.objects.order_by("number")
    }
    labels[None] = _("Not screened")
    return labels


@dataclass
class SegmentCounts:
    """Active companies per own current segment (None: not screened)."""

    counts: dict[int | None, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def segment_counts(companies: CompanyQuerySet) -> SegmentCounts:
    rows = (
        companies.filter(ceased_on__isnull=True)
        .values("segment_number")  # type: ignore[misc]  # annotated by company_list_rows
        .annotate(total=Count("pk"))
        .values_list("segment_number", "total")
    )
    counts: dict[int | None, int] = dict.fromkeys(SEGMENT_KEYS, 0)
    counts.update(dict(rows))
    return SegmentCounts(counts)


def segment_table(
    filters: ReportFilters, counts: SegmentCounts, labels: dict[int | None, str]
) -> Table:
    survey = dict(Segment.objects.values_list("number", "survey_share_percent"))
    screened = counts.total - counts.counts[None]
    rows = []
    for number in SEGMENT_KEYS:
        count = counts.counts[number]
        rows.append(
            Row(
                label=labels[number],
                cells=[
                    Cell(count, drill_url(filters, f"segment:{figures.segment_arg(number)}")),
                    # Shares of the screened companies, as Struer's survey counts them.
                    Cell(percent(count, screened) if number else None, suffix=" %"),
                    Cell(survey.get(number) if number else None, suffix=" %"),
                    Cell(percent(count, counts.total), suffix=" %"),
                ],
            )
        )
    return Table(
        key="segments",
        title=_("Companies by segment"),
        row_header=_("Segment"),
        columns=[
            _("Companies"),
            _("Share of the screened"),
            _("Struer's survey"),
            _("Share of all companies"),
        ],
        rows=rows,
        note=_(
            "Active companies in the jobcenter's area (seat or workplace) and companies it has "
            "a relationship with elsewhere; not screened: no segment recorded by this jobcenter."
        ),
        chart_columns=[1, 2],
    )


SPLIT_FIELDS = {
    "responsible": "own__responsible__code",
    "industry": "industry_section__letter",
    "employees": "employee_band",
}


def split_table(
    filters: ReportFilters, companies: CompanyQuerySet, labels: dict[int | None, str]
) -> Table | None:
    """Companies per segment, one row per consultant / industry section / municipality /
    employee band; each cell drills down with that row's value as a list filter."""
    split = filters.split
    if not split:
        return None
    active = companies.filter(ceased_on__isnull=True)
    names: dict[Any, str]
    counts: dict[Any, dict[int | None, int]] = defaultdict(lambda: dict.fromkeys(SEGMENT_KEYS, 0))
    if split == "municipality":
        # A company counts in each served municipality it has its seat or a workplace in,
        # as the list's municipality filter finds it.
        inner = active.values("pk", "segment_number", "municipality_codes")  # type: ignore[misc]
        sql, params = inner.query.sql_with_params()
        served = list(filters.jobcenter.served_municipalities.values_list("code", flat=True))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT code, s.segment_number, count(*) FROM ({sql}) s "  # noqa: S608
                "CROSS JOIN LATERAL unnest(s.municipality_codes) AS code "
                "WHERE code = ANY(%s) GROUP BY 1, 2",
                [*params, served],
            )
            for key, number, total in cursor.fetchall():
                counts[key][number] = total
        names = dict(filters.jobcenter.served_municipalities.values_list("code", "name"))
        param = "municipality"
    else:
        field = SPLIT_FIELDS[split]
        for key, number, total in (
            active.values(field, "segment_number")
            .annotate(total=Count("pk"))
            .values_list(field, "segment_number", "total")
        ):
            counts[key][number] = total
        if split == "responsible":
            names = {
                user.code: str(user)
                for user in User.objects.for_jobcenter(filters.jobcenter).filter(
                    code__in=[key for key in counts if key]
                )
            }
            param = "responsible"
        elif split == "industry":
            names = {
                letter: f"{letter} {name}"
                for letter, name in IndustrySection.objects.values_list("letter", "name")
            }
            param = "industry"
        else:
            names = {key: key for key in counts}
            param = "employees"
    rows = []
    for key in sorted(counts, key=lambda k: (k is None or k == "", str(names.get(k, k)))):
        by_segment = counts[key]
        label = str(names.get(key, key)) if key not in (None, "") else _("Not stated")
        extra = {param: str(key)} if key not in (None, "") else {}
        cells = []
        for number in SEGMENT_KEYS:
            # A row without a value (no consultant, no industry) cannot be a list filter:
            # its numbers are not links rather than links to the wrong companies.
            url = (
                drill_url(filters, f"segment:{figures.segment_arg(number)}", extra=extra)
                if extra
                else ""
            )
            cells.append(Cell(by_segment[number], url))
        cells.append(Cell(sum(by_segment.values())))
        rows.append(Row(label=label, cells=cells))
    split_label = {k: str(v) for k, v in _split_labels()}[split]
    return Table(
        key="split",
        title=_("Companies by segment and %(split)s") % {"split": split_label.lower()},
        row_header=split_label,
        columns=[*(labels[number] for number in SEGMENT_KEYS), _("Total")],
        rows=rows,
        note=_("A company with workplaces in several municipalities counts in each.")
        if split == "municipality"
        else "",
        chart_columns=[0, 1, 2, 3, 4],
        stacked=True,
    )


def _split_labels() -> list[tuple[str, Any]]:
    from .forms import SPLITS

    return SPLITS


def movement_table(
    filters: ReportFilters, companies: CompanyQuerySet, labels: dict[int | None, str]
) -> Table:
    """From (segment before the period) → to (at its end), for the relationships
    assessed in the period; the diagonal is reassessed in the same segment."""
    rows_qs = figures.movement_relationships(
        jobcenter=filters.jobcenter, start_at=filters.start_at, end_at=filters.end_at
    )
    rows_qs = narrowed(rows_qs, "company", split_companies(filters, companies))
    matrix: dict[tuple[int | None, int | None], int] = {
        (a, b): total
        for a, b, total in rows_qs.values("segment_from", "segment_to")  # type: ignore[misc]
        .annotate(total=Count("pk"))
        .values_list("segment_from", "segment_to", "total")
    }
    to_keys: list[int | None] = [1, 2, 3, 4]
    rows = []
    for from_number in SEGMENT_KEYS:
        cells = []
        for to_number in to_keys:
            count = matrix.get((from_number, to_number), 0)
            figure = f"moved:{figures.segment_arg(from_number)}:{figures.segment_arg(to_number)}"
            cells.append(Cell(count, drill_url(filters, figure, period=True)))
        cells.append(Cell(sum(matrix.get((from_number, b), 0) for b in to_keys)))
        rows.append(
            Row(label=_("From %(segment)s") % {"segment": labels[from_number]}, cells=cells)
        )
    return Table(
        key="movement",
        title=_("Movement between segments"),
        row_header=_("Segment before the period"),
        columns=[*(_("To %(segment)s") % {"segment": labels[n]} for n in to_keys), _("Total")],
        rows=rows,
        note=_(
            "Companies assessed in the period: their segment before the period and at its end. "
            "The diagonal is companies assessed again in the same segment."
        ),
    )


@dataclass
class Segment4Reason:
    company: Company
    assessed_at: datetime.datetime
    reason: str
    assessed_by: str


def segment_4_reasons(
    filters: ReportFilters, companies: CompanyQuerySet, limit: int = 25
) -> tuple[list[Segment4Reason], int]:
    """The reasons recorded when companies were put in segment 4 in the period, latest
    first (at most `limit`), and how many there were."""
    assessments: QuerySet[Any] = SegmentAssessment.objects.for_jobcenter(filters.jobcenter).filter(
        segment__number=4,
        assessed_at__gte=filters.start_at,
        assessed_at__lt=filters.end_at,
    )
    assessments = narrowed(
        assessments, "relationship__company", split_companies(filters, companies)
    )
    latest = assessments.select_related("relationship__company", "assessed_by").order_by(
        "-assessed_at", "-pk"
    )[:limit]
    reasons = [
        Segment4Reason(
            company=row.relationship.company,
            assessed_at=row.assessed_at,
            reason=row.reason,
            assessed_by=str(row.assessed_by),
        )
        for row in latest
    ]
    total = len(reasons) if len(reasons) < limit else assessments.count()
    return reasons, total


def coverage_table(
    filters: ReportFilters, companies: CompanyQuerySet, counts: SegmentCounts
) -> Table:
    on_list = (
        companies.filter(
            ceased_on__isnull=True,
            pk__in=CompanyRelationship.objects.filter(
                pk__in=figures.net_list_relationship_ids(filters.jobcenter)
            ).values("company_id"),
        )
        .values("segment_number")  # type: ignore[misc]
        .annotate(total=Count("pk"))
        .values_list("segment_number", "total")
    )
    net_screened = sum(total for number, total in on_list if number is not None)
    net_total = sum(total for _number, total in on_list)
    area_total = counts.total
    area_unscreened = counts.counts[None]

    def row(label: str, total: int, screened: int, prefix: str, everyone: str) -> Row:
        return Row(
            label=label,
            cells=[
                Cell(total, drill_url(filters, everyone)),
                Cell(screened, drill_url(filters, f"{prefix}screened")),
                Cell(percent(screened, total), suffix=" %"),
                Cell(total - screened, drill_url(filters, f"{prefix}unscreened")),
            ],
        )

    area = Row(
        label=_("All companies in the area"),
        cells=[
            Cell(area_total),
            Cell(area_total - area_unscreened),
            Cell(percent(area_total - area_unscreened, area_total), suffix=" %"),
            Cell(area_unscreened, drill_url(filters, "segment:none")),
        ],
    )
    return Table(
        key="coverage",
        title=_("Screening coverage"),
        row_header=_("Companies"),
        columns=[_("Companies"), _("Screened"), _("Share screened"), _("Never screened")],
        rows=[
            row(
                _("The net list (companies on a campaign)"),
                net_total,
                net_screened,
                "netlist:",
                "netlist:all",
            ),
            area,
        ],
        note=_("Screened: the jobcenter has recorded a segment for the company."),
    )


@dataclass
class SegmentDashboard:
    segments: Table
    split: Table | None
    movement: Table
    coverage: Table
    reasons: list[Segment4Reason]
    reasons_total: int

    @property
    def tables(self) -> list[Table]:
        return [t for t in (self.segments, self.split, self.movement, self.coverage) if t]


def segment_dashboard(filters: ReportFilters) -> SegmentDashboard:
    companies = base_companies(filters)
    labels = segment_labels()
    counts = segment_counts(companies)
    reasons, reasons_total = segment_4_reasons(filters, companies)
    return SegmentDashboard(
        segments=segment_table(filters, counts, labels),
        split=split_table(filters, companies, labels),
        movement=movement_table(filters, companies, labels),
        coverage=coverage_table(filters, companies, counts),
        reasons=reasons,
        reasons_total=reasons_total,
    )


# The key figures page (kept from the first version of reports).


def contacts_by_channel(*, jobcenter: Jobcenter, since: datetime.datetime) -> dict[str, int]:
    rows = (
        Contact.objects.for_jobcenter(jobcenter)
        .done()
        .filter(occurred_at__gte=since)
        .values_list("channel")
        .annotate(total=Count("id"))
    )
    return dict(rows)


def consultant_figures(
    *, jobcenter: Jobcenter, since: datetime.datetime, today: datetime.date
) -> QuerySet[User]:
    """Each active consultant with contacts since `since` and overdue open agreements:
    one correlated count each (two joined counts would multiply each other's rows)."""
    from django.db.models import IntegerField

    def counted(queryset: QuerySet[Any], user_field: str) -> Coalesce:
        return Coalesce(
            Subquery(
                queryset.filter(**{user_field: OuterRef("pk")})
                .order_by()
                .values(user_field)
                .annotate(total=Count("pk"))
                .values("total"),
                output_field=IntegerField(),
            ),
            0,
        )

    return (
        User.objects.for_jobcenter(jobcenter)
        .active()
        .consultants()
        .annotate(
            contacts_done=counted(
                Contact.objects.filter(status=Contact.Status.DONE, occurred_at__gte=since),
                "consultant",
            ),
            agreements_overdue=counted(
                Agreement.objects.filter(status=Agreement.Status.OPEN, deadline__lt=today),
                "responsible_user",
            ),
        )
        .order_by("first_name", "last_name", "username")
    )


# Activity and results: the tally sheet (issue 12, point 4).

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
    companies: CompanyQuerySet | None = None,
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
        rows = narrowed(rows, company_field, companies)
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


def _shift_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass
class ActivityReport:
    consultants: Table
    team: Table
    trend: Table
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
    companies: CompanyQuerySet | None,
) -> dict[str, Any]:
    """Counts of orders received / answered in time / late / filled, the median hours
    to the first response and the median days from received to filled."""
    from django.db.models import Avg, DurationField, ExpressionWrapper

    start_at = figures.local_midnight(first)
    end_at = figures.local_midnight(last + datetime.timedelta(days=1))
    now = timezone.now()
    result: dict[str, Any] = {}
    for metric in figures.ORDER_KEYS:
        rows = figures.order_rows(
            metric, jobcenter=jobcenter, start_at=start_at, end_at=end_at, now=now
        )
        rows = narrowed(rows, "company", companies)
        if consultant is not None:
            rows = rows.filter(responsible=consultant)
        if metric == "received":
            aggregated = rows.aggregate(
                total=Count("pk"),
                response=Avg(
                    ExpressionWrapper(
                        F("responded_at") - F("received_at"), output_field=DurationField()
                    )
                ),
            )
            result["response"] = aggregated["response"]
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
    return result


ORDER_METRICS = [
    ("received", gettext_lazy("Job orders received")),
    ("in_time", gettext_lazy("Answered within the response standard")),
    ("late", gettext_lazy("Answered late or overdue")),
    ("filled", gettext_lazy("Job orders filled")),
]


def orders_table(
    filters: ReportFilters,
    *,
    periods: dict[str, tuple[datetime.date, datetime.date]],
    companies: CompanyQuerySet | None,
    company_params: dict[str, str],
) -> Table:
    consultant = filters.responsible
    counted = {
        key: order_figures(
            jobcenter=filters.jobcenter,
            first=first,
            last=last,
            consultant=consultant,
            companies=companies,
        )
        for key, (first, last) in periods.items()
    }
    who = str(consultant.code) if consultant else "all"

    def url(metric: str, key: str) -> str:
        first, last = periods[key]
        params = dict(company_params)
        params.update(
            figure=f"orders:{metric}:{who}",
            period_start=first.isoformat(),
            period_end=last.isoformat(),
        )
        return f"{reverse('companies:company-list')}?{urlencode(params)}"

    def hours(value: datetime.timedelta | None) -> float | None:
        return round(value.total_seconds() / 3600, 1) if value is not None else None

    def days(value: datetime.timedelta | None) -> float | None:
        return round(value.total_seconds() / 86400, 1) if value is not None else None

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
    rows.append(
        Row(
            label=_("Average hours to the first response"),
            cells=[
                Cell(hours(counted["now"]["response"])),
                Cell(hours(counted["before"]["response"])),
                Cell(None),
                Cell(hours(counted["last_year"]["response"])),
            ],
        )
    )
    rows.append(
        Row(
            label=_("Average days from received to filled"),
            cells=[
                Cell(days(counted["now"]["fill"])),
                Cell(days(counted["before"]["fill"])),
                Cell(None),
                Cell(days(counted["last_year"]["fill"])),
            ],
        )
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
            "Candidates per opening and hires will be shown once the placement log records "
            "them."
        ),
    )


def activity_report(filters: ReportFilters, *, grain: str) -> ActivityReport:
    """The tally sheet for the chosen period: per consultant, the team against the
    previous period of the same length and the same period last year, and the team's
    weeks or months."""
    jobcenter = filters.jobcenter
    # The split's company filters apply; the consultant is the one who did the work.
    company_params = {k: v for k, v in filters.list_params().items() if k != "responsible"}
    companies: CompanyQuerySet | None = (
        CompanyFilterSet(company_params, jobcenter=jobcenter).qs.order_by()
        if company_params
        else None
    )
    consultant = filters.responsible
    length = filters.end - filters.start + datetime.timedelta(days=1)
    periods = {
        "now": (filters.start, filters.end),
        "before": (filters.start - length, filters.start - datetime.timedelta(days=1)),
        "last_year": (_shift_year(filters.start), _shift_year(filters.end)),
    }
    counted = {
        key: activity_counts(
            jobcenter=jobcenter,
            start_at=figures.local_midnight(first),
            end_at=figures.local_midnight(last + datetime.timedelta(days=1)),
            consultant=consultant,
            companies=companies,
        )
        for key, (first, last) in periods.items()
    }

    def total(key: str, metric: str) -> int:
        return sum(value for (_user, name), value in counted[key].items() if name == metric)

    def url(metric: str, who: str, first: datetime.date, last: datetime.date) -> str:
        params = dict(company_params)
        params.update(
            figure=f"activity:{metric}:{who}",
            period_start=first.isoformat(),
            period_end=last.isoformat(),
        )
        return f"{reverse('companies:company-list')}?{urlencode(params)}"

    who_all = str(consultant.code) if consultant else "all"
    team_rows = []
    for metric, label in ACTIVITY_METRICS:
        now, before, last_year = (total(key, metric) for key in ("now", "before", "last_year"))
        team_rows.append(
            Row(
                label=str(label),
                cells=[
                    Cell(now, url(metric, who_all, *periods["now"])),
                    Cell(before, url(metric, who_all, *periods["before"])),
                    Cell(now - before),
                    Cell(last_year, url(metric, who_all, *periods["last_year"])),
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
                Cell(
                    counted["now"].get((user.pk, metric), 0),
                    url(metric, str(user.code), *periods["now"]),
                )
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
        trend=activity_trend(filters, companies=companies, grain=grain),
        orders=orders_table(
            filters, periods=periods, companies=companies, company_params=company_params
        )
        if job_orders_recorded()
        else None,
    )


def activity_trend(
    filters: ReportFilters, *, companies: CompanyQuerySet | None, grain: str
) -> Table:
    """Done contacts per channel by week or month of the period (one query)."""
    trunc = TruncWeek if grain == "week" else TruncMonth
    rows: QuerySet[Any] = (
        Contact.objects.for_jobcenter(filters.jobcenter)
        .done()
        .filter(
            occurred_at__gte=filters.start_at,
            occurred_at__lt=filters.end_at,
        )
    )
    rows = narrowed(rows, "relationship__company", companies)
    if filters.responsible is not None:
        rows = rows.filter(consultant=filters.responsible)
    found: dict[tuple[datetime.date, str], int] = {}
    for bucket, channel, total in (
        rows.annotate(bucket=trunc("occurred_at"))
        .values("bucket", "channel")
        .annotate(total=Count("pk"))
        .values_list("bucket", "channel", "total")
    ):
        found[(timezone.localtime(bucket).date(), channel)] = total
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


# Mine tal (issue 12, point 8).


@dataclass
class MyFigures:
    segments: Table
    overdue: Table
    week: Table


def overdue_work_counts(
    *, jobcenter: Jobcenter, today: datetime.date, responsible: User | None
) -> dict[str, int]:
    """Due items of the planner left unplanned past their date, per kind."""
    from planning.planner import PlannerFilter, planner_cte

    cte, params = planner_cte(
        today=today,
        where=PlannerFilter(
            jobcenter_id=jobcenter.pk, responsible_id=responsible.pk if responsible else None
        ),
    )
    params["today"] = today
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {cte} SELECT kind, count(*) FROM items "  # noqa: S608
            "WHERE due_on < %(today)s AND planned_at IS NULL GROUP BY kind",
            params,
        )
        return dict(cursor.fetchall())


def week_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def my_figures(filters: ReportFilters, *, user: User, today: datetime.date) -> MyFigures:
    jobcenter = filters.jobcenter
    code = str(user.code)
    mine = CompanyFilterSet({"responsible": code}, jobcenter=jobcenter).qs.order_by()
    labels = segment_labels()
    counts = segment_counts(mine)
    segment_rows = [
        Row(
            label=labels[number],
            cells=[
                Cell(
                    counts.counts[number],
                    drill_url(
                        filters,
                        f"segment:{figures.segment_arg(number)}",
                        extra={"responsible": code},
                    ),
                )
            ],
        )
        for number in SEGMENT_KEYS
    ]
    segments = Table(
        key="my-segments",
        title=_("My companies by segment"),
        row_header=_("Segment"),
        columns=[_("Companies")],
        rows=segment_rows,
        chart_columns=[0],
    )
    due = overdue_work_counts(jobcenter=jobcenter, today=today, responsible=user)
    plan_url = reverse("planning:plan")
    overdue_agreements = dict(
        Agreement.objects.for_jobcenter(jobcenter)
        .overdue(today=today)
        .filter(relationship__responsible=user)
        .values("responsible_side")
        .annotate(total=Count("relationship__company_id", distinct=True))
        .values_list("responsible_side", "total")
    )
    overdue_rows = [
        Row(label=_("Contacts overdue"), cells=[Cell(due.get("contact", 0), plan_url)]),
        Row(label=_("Visits overdue"), cells=[Cell(due.get("visit", 0), plan_url)]),
        Row(
            label=_("Service demands to bring up to date"),
            cells=[Cell(due.get("demand_update", 0), plan_url)],
        ),
        *(
            Row(
                label=_("Companies with overdue agreements (%(side)s responsible)")
                % {"side": label.lower()},
                cells=[
                    Cell(
                        overdue_agreements.get(side, 0),
                        drill_url(
                            filters, f"agreements:{side}:overdue", extra={"responsible": code}
                        ),
                    )
                ],
            )
            for side, label in Agreement.Side.choices
        ),
    ]
    overdue = Table(
        key="my-overdue",
        title=_("My overdue work"),
        row_header=_("What"),
        columns=[_("Number")],
        rows=overdue_rows,
    )
    monday, sunday = week_bounds(today)
    week_start = figures.local_midnight(monday)
    week_end = figures.local_midnight(sunday + datetime.timedelta(days=1))
    before = week_start - datetime.timedelta(days=7)
    this_week = activity_counts(
        jobcenter=jobcenter, start_at=week_start, end_at=week_end, consultant=user
    )
    last_week = activity_counts(
        jobcenter=jobcenter, start_at=before, end_at=week_start, consultant=user
    )
    week = Table(
        key="my-week",
        title=_("My week"),
        row_header=_("Activity"),
        columns=[_("This week"), _("Last week")],
        rows=[
            Row(
                label=str(label),
                cells=[
                    Cell(this_week.get((user.pk, metric), 0)),
                    Cell(last_week.get((user.pk, metric), 0)),
                ],
            )
            for metric, label in ACTIVITY_METRICS
        ],
        chart_columns=[0, 1],
    )
    return MyFigures(segments=segments, overdue=overdue, week=week)


# Service against the rules (issue 12, point 2).


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
    filters: ReportFilters, companies: CompanyQuerySet, today: datetime.date
) -> dict[tuple[int | None, str], tuple[int, int]]:
    """(segment, kind) → (companies the rule applies to, overdue). A company is overdue
    when its due date has passed; contacted exactly the rule's interval ago is on time."""
    cte, params = _planner_sql_positional(jobcenter=filters.jobcenter, today=today)
    inner_sql, inner_params = companies.values("pk").query.sql_with_params()
    sql = (
        f"WITH {cte} SELECT segment_number, kind, count(*), "  # noqa: S608
        "count(*) FILTER (WHERE due_on < %s) FROM items "
        "WHERE kind IN ('contact', 'visit') AND relationship_id IN ("
        "SELECT r.id FROM companies_companyrelationship r "
        f"WHERE r.jobcenter_id = %s AND r.company_id IN ({inner_sql})) "
        "GROUP BY segment_number, kind"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, today, filters.jobcenter.pk, *inner_params])
        return {(number, kind): (total, late) for number, kind, total, late in cursor.fetchall()}


def service_table(
    filters: ReportFilters,
    companies: CompanyQuerySet,
    labels: dict[int | None, str],
    today: datetime.date,
) -> Table:
    counts = service_counts(filters, companies, today)
    rows = []
    for number in SEGMENT_KEYS:
        arg = figures.segment_arg(number)
        cells = []
        for kind in ("contact", "visit"):
            total, late = counts.get((number, kind), (0, 0))
            on_time = total - late
            cells.extend(
                [
                    Cell(on_time, drill_url(filters, f"service:{kind}:{arg}:ontime")),
                    Cell(percent(on_time, total), suffix=" %"),
                    Cell(late, drill_url(filters, f"service:{kind}:{arg}:overdue")),
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


def service_trend_table(
    filters: ReportFilters, companies: CompanyQuerySet, labels: dict[int | None, str]
) -> Table:
    """Per month of the period: the share of companies (by today's segment) whose latest
    contact before the month's end lay within their rule's interval."""
    from planning.models import JobcenterContactRule

    inner_sql, inner_params = companies.values("pk").query.sql_with_params()
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
    params: list[Any] = [filters.start, filters.end, default_gap, default_gap, filters.jobcenter.pk]
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


def agreements_table(
    filters: ReportFilters, companies: CompanyQuerySet, today: datetime.date
) -> Table:
    """Open and overdue agreements by the side responsible (jobcenter or company)."""
    late = Q(deadline__lt=today)
    found = {
        row["responsible_side"]: row
        for row in Agreement.objects.for_jobcenter(filters.jobcenter)
        .open()
        .filter(
            pk__in=narrowed(
                Agreement.objects.for_jobcenter(filters.jobcenter),
                "relationship__company",
                split_companies(filters, companies),
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
                    Cell(row.get("companies", 0), drill_url(filters, f"agreements:{side}:open")),
                    Cell(row.get("late_agreements", 0)),
                    Cell(
                        row.get("late_companies", 0),
                        drill_url(filters, f"agreements:{side}:overdue"),
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
    companies = base_companies(filters)
    labels = segment_labels()
    return ServiceReport(
        service=service_table(filters, companies, labels, today),
        trend=service_trend_table(filters, companies, labels),
        agreements=agreements_table(filters, companies, today),
    )


# Demand (issue 12, point 3): products × segments as a heatmap, and per track.


def _heat(value: int, peak: int) -> int:
    """0-5: the shade of a heatmap cell (0 for none)."""
    if not value or not peak:
        return 0
    return max(1, min(5, round(5 * value / peak)))


def demand_tables(filters: ReportFilters, companies: CompanyQuerySet) -> list[Table]:
    from servicepackages.models import Product, ServiceDemand, Track

    labels = segment_labels()
    found = list(
        ServiceDemand.objects.for_jobcenter(filters.jobcenter)
        .current()
        .filter(product__isnull=False)
        .filter(
            relationship__in=narrowed(
                CompanyRelationship.objects.for_jobcenter(filters.jobcenter),
                "company",
                split_companies(filters, companies),
            )
        )
        .values("product_id", "relationship__segment__number")
        .annotate(
            asked=Count("pk"),
            delivered=Count("pk", filter=Q(status=ServiceDemand.Status.DELIVERED)),
        )
        .values_list("product_id", "relationship__segment__number", "asked", "delivered")
    )
    products = list(
        Product.objects.for_jobcenter(filters.jobcenter)
        .filter(Q(retired_at__isnull=True) | Q(pk__in={row[0] for row in found}))
        .select_related("track")
        .order_by("track__order", "order", "name")
    )
    asked: dict[tuple[int | None, int | None], int] = defaultdict(int)
    delivered: dict[int | None, int] = defaultdict(int)
    for product_id, segment, asked_count, delivered_count in found:
        asked[(product_id, segment)] += asked_count
        delivered[product_id] += delivered_count
    peak = max(asked.values(), default=0)
    product_rows = []
    for product in products:
        cells = []
        for number in SEGMENT_KEYS:
            value = asked[(product.pk, number)]
            cell = Cell(
                value,
                drill_url(filters, f"demand:{product.code}:{figures.segment_arg(number)}:asked"),
            )
            cell.heat = _heat(value, peak)
            cells.append(cell)
        total = sum(asked[(product.pk, number)] for number in SEGMENT_KEYS)
        cells.append(Cell(total, drill_url(filters, f"demand:{product.code}:all:asked")))
        cells.append(
            Cell(delivered[product.pk], drill_url(filters, f"demand:{product.code}:all:delivered"))
        )
        product_rows.append(Row(label=f"{product.track.name}: {product.name}", cells=cells))
    columns = [*(labels[number] for number in SEGMENT_KEYS), _("Asked for"), _("Delivered")]
    heatmap = Table(
        key="demand",
        title=_("Service demands: products by segment"),
        row_header=_("Product"),
        columns=columns,
        rows=product_rows,
        note=_(
            "Companies asking for each product (wanted, agreed or delivered), by their segment "
            "today; the darker the cell, the more companies."
        ),
        heatmap=True,
    )
    # Per track, each company once (a company asking for two products of a track is
    # one company there, as the linked list shows it).
    by_track: dict[tuple[int, int | None], int] = defaultdict(int)
    delivered_by_track: dict[int, int] = defaultdict(int)
    for track_id, number, companies_asking, companies_delivered in (
        ServiceDemand.objects.for_jobcenter(filters.jobcenter)
        .current()
        .filter(product__isnull=False)
        .filter(
            relationship__in=narrowed(
                CompanyRelationship.objects.for_jobcenter(filters.jobcenter),
                "company",
                split_companies(filters, companies),
            )
        )
        .values("product__track_id", "relationship__segment__number")
        .annotate(
            asking=Count("relationship__company", distinct=True),
            done=Count(
                "relationship__company",
                filter=Q(status=ServiceDemand.Status.DELIVERED),
                distinct=True,
            ),
        )
        .values_list("product__track_id", "relationship__segment__number", "asking", "done")
    ):
        by_track[(track_id, number)] += companies_asking
        delivered_by_track[track_id] += companies_delivered
    track_rows = []
    for track in Track.objects.order_by("order", "name"):
        cells = [
            Cell(
                by_track[(track.pk, number)],
                drill_url(
                    filters, f"demand:track-{track.code}:{figures.segment_arg(number)}:asked"
                ),
            )
            for number in SEGMENT_KEYS
        ]
        cells.append(
            Cell(
                sum(by_track[(track.pk, number)] for number in SEGMENT_KEYS),
                drill_url(filters, f"demand:track-{track.code}:all:asked"),
            )
        )
        cells.append(
            Cell(
                delivered_by_track[track.pk],
                drill_url(filters, f"demand:track-{track.code}:all:delivered"),
            )
        )
        track_rows.append(Row(label=track.name, cells=cells))
    tracks = Table(
        key="tracks",
        title=_("Service demands by track"),
        row_header=_("Track"),
        columns=columns,
        rows=track_rows,
        note=_("Companies asking for at least one product of the track."),
        chart_columns=[5, 6],
    )
    return [tracks, heatmap]


# Samarbejdsgrad (issue 12, point 5; DANISH-DATA.md 7.1).


def cooperation_counted() -> bool:
    """Whether the cooperating companies are counted from the placement log. The job
    orders' placement log exists, but the samarbejdsgrad count over it (qualifying kinds,
    own and other jobcenters, each company once) is not written yet; until it is, the page
    says so and shows '–' rather than a zero that would read as a fact."""
    return False


def cooperation_table(filters: ReportFilters, *, unit: str) -> Table:
    """Per served municipality and in all: the base (companies, or workplaces, with at
    least one employee) and the shares cooperating with the own jobcenter, with other
    jobcenters of this installation and with any, each company counted once."""
    from companies.models import Workplace

    jobcenter = filters.jobcenter
    served = list(jobcenter.served_municipalities.order_by("name").values_list("code", "name"))
    codes = [code for code, _name in served]
    excluded = list(figures.EMPLOYING_BANDS_EXCLUDED)
    if unit == "workplace":
        workplaces = Workplace.objects.filter(
            ceased_on__isnull=True,
            company__ceased_on__isnull=True,
            company__merged_into__isnull=True,
            municipality__code__in=codes,
        ).exclude(employee_band__in=excluded)
        per_code = dict(
            workplaces.values("municipality__code")
            .annotate(total=Count("pk"))
            .values_list("municipality__code", "total")
        )
        everyone = sum(per_code.values())
    else:
        base = figures.cooperation_base_filter(
            Company.objects.all(), jobcenter=jobcenter, code="all"
        )
        inner_sql, inner_params = base.values("pk", "municipality_codes").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT code, count(*) FROM ({inner_sql}) s "  # noqa: S608
                "CROSS JOIN LATERAL unnest(s.municipality_codes) AS code "
                "WHERE code = ANY(%s) GROUP BY code",
                [*inner_params, codes],
            )
            per_code = dict(cursor.fetchall())
        everyone = base.count()
    recorded = cooperation_counted()
    missing = None  # not a zero: nothing is recorded to count from

    def row(label: str, total: int, code: str) -> Row:
        url = (
            f"{reverse('companies:company-list')}?{urlencode({'figure': f'coopbase:{code}'})}"
            if unit == "cvr"
            else ""
        )
        return Row(
            label=label,
            cells=[Cell(total, url), Cell(missing), Cell(missing), Cell(missing)],
        )

    rows = [row(name, per_code.get(code, 0), code) for code, name in served]
    if len(served) > 1:
        rows.append(row(_("All the jobcenter's municipalities"), everyone, "all"))
    note = _(
        "Base: %(unit)s with their seat or a workplace in the municipality and at least one "
        "employee (CVR's bands). Cooperating: a qualifying placement (virksomhedspraktik, "
        "løntilskud, fleksjob, skånejob, mentor or jobrotation) registered in the period."
    ) % {"unit": _("companies (CVR units)") if unit == "cvr" else _("workplaces (P-units)")}
    if not recorded:
        note = (
            str(note)
            + " "
            + _(
                "The cooperating companies are not counted from the placement log yet, "
                "so the shares are shown as '–', not as 0 %."
            )
        )
    return Table(
        key="cooperation",
        title=_("Samarbejdsgrad"),
        row_header=_("Municipality"),
        columns=[
            _("Base: %(unit)s") % {"unit": _("companies") if unit == "cvr" else _("workplaces")},
            _("With our jobcenter"),
            _("With other jobcenters"),
            _("With any jobcenter"),
        ],
        rows=rows,
        note=note,
    )


# The monthly summary (issue 12, point 9).


def monthly_summary(filters: ReportFilters, *, today: datetime.date) -> list[tuple[str, int]]:
    """A few headline figures of a month for the team lead's e-mail."""
    jobcenter = filters.jobcenter
    companies = base_companies(filters)
    counts = segment_counts(companies)
    moved = figures.movement_relationships(
        jobcenter=jobcenter, start_at=filters.start_at, end_at=filters.end_at
    ).filter(company__in=companies.values("pk"))
    changed = (
        moved.exclude(segment_from=F("segment_to"))  # type: ignore[misc]
        .exclude(segment_from__isnull=True)
        .count()
    )
    screened = moved.filter(segment_from__isnull=True).count()  # type: ignore[misc]
    done = activity_counts(jobcenter=jobcenter, start_at=filters.start_at, end_at=filters.end_at)

    def total(metric: str) -> int:
        return sum(value for (_user, name), value in done.items() if name == metric)

    overdue = overdue_work_counts(jobcenter=jobcenter, today=today, responsible=None)
    return [
        (_("Visits"), total("visit")),
        (_("Calls"), total("phone")),
        (_("New company contacts"), total("new")),
        (_("Companies screened for the first time"), screened),
        (_("Companies that changed segment"), changed),
        (_("Agreements made"), total("agreements_made")),
        (_("Companies not screened in the area"), counts.counts[None]),
        (_("Contacts overdue today"), overdue.get("contact", 0)),
    ]


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
