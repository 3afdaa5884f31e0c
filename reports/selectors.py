"""The reports' reads: set-based aggregates in a fixed number of queries, whatever the
data size. Each builds `Table`s whose numbers link to the companies behind them."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

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
    ).filter(company__in=companies.values("pk"))
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
    assessments = SegmentAssessment.objects.for_jobcenter(filters.jobcenter).filter(
        segment__number=4,
        assessed_at__gte=filters.start_at,
        assessed_at__lt=filters.end_at,
        relationship__company__in=companies.values("pk"),
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
    ("phone", _lazy("Calls")),
    ("visit", _lazy("Visits")),
    ("meeting", _lazy("Meetings")),
    ("email", _lazy("E-mails")),
    ("new", _lazy("New company contacts")),
    ("screenings", _lazy("Screenings")),
    ("agreements_made", _lazy("Agreements made")),
    ("agreements_kept", _lazy("Agreements kept")),
]
# Metrics counted as companies from the contact log (each drills to the companies).
CONTACT_METRICS = ("phone", "visit", "meeting", "email", "new")


def activity_counts(
    *,
    jobcenter: Jobcenter,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    consultant: User | None = None,
) -> dict[tuple[int, str], int]:
    """(consultant id, metric) → count in [start_at, end_at). Contacts count as done
    contacts; a new company contact is a done contact with no earlier done contact of the
    jobcenter with that company. One query per source, grouped in SQL."""
    done = Contact.objects.for_jobcenter(jobcenter).filter(
        status=Contact.Status.DONE, occurred_at__gte=start_at, occurred_at__lt=end_at
    )
    assessments = SegmentAssessment.objects.for_jobcenter(jobcenter).filter(
        source=SegmentAssessment.Source.SCREENING,
        assessed_at__gte=start_at,
        assessed_at__lt=end_at,
    )
    made = Agreement.objects.for_jobcenter(jobcenter).filter(
        created_at__gte=start_at, created_at__lt=end_at
    )
    kept = Agreement.objects.for_jobcenter(jobcenter).filter(
        status=Agreement.Status.DONE,
        completed_at__gte=start_at,
        completed_at__lt=end_at,
        completed_at__date__lte=F("deadline"),
    )
    if consultant is not None:
        done = done.filter(consultant=consultant)
        assessments = assessments.filter(assessed_by=consultant)
        made = made.filter(
            Q(contact__consultant=consultant) | Q(contact__isnull=True, responsible_user=consultant)
        )
        kept = kept.filter(responsible_user=consultant)
    counts: dict[tuple[int, str], int] = {}
    for user_id, channel, total in (
        done.values("consultant_id", "channel")
        .annotate(total=Count("pk"))
        .values_list("consultant_id", "channel", "total")
    ):
        counts[(user_id, channel)] = total
    earlier = Contact.objects.filter(
        relationship=OuterRef("relationship"),
        status=Contact.Status.DONE,
        occurred_at__lt=OuterRef("occurred_at"),
    )
    for user_id, total in (
        done.filter(~Exists(earlier))
        .values("consultant_id")
        .annotate(total=Count("relationship_id", distinct=True))
        .values_list("consultant_id", "total")
    ):
        counts[(user_id, "new")] = total
    for user_id, total in (
        assessments.values("assessed_by_id")
        .annotate(total=Count("pk"))
        .values_list("assessed_by_id", "total")
    ):
        counts[(user_id, "screenings")] = total
    for user_id, total in (
        made.annotate(by=Coalesce("contact__consultant_id", "responsible_user_id"))
        .values("by")
        .annotate(total=Count("pk"))
        .values_list("by", "total")
    ):
        counts[(user_id, "agreements_made")] = total
    for user_id, total in (
        kept.values("responsible_user_id")
        .annotate(total=Count("pk"))
        .values_list("responsible_user_id", "total")
    ):
        counts[(user_id, "agreements_kept")] = total
    return counts


def contacted_companies(
    *,
    jobcenter: Jobcenter,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    channel: str,
    consultant: User | None,
) -> QuerySet[Contact]:
    """The done contacts behind an activity figure ('new': first contacts only)."""
    done = Contact.objects.for_jobcenter(jobcenter).filter(
        status=Contact.Status.DONE, occurred_at__gte=start_at, occurred_at__lt=end_at
    )
    if consultant is not None:
        done = done.filter(consultant=consultant)
    if channel == "new":
        earlier = Contact.objects.filter(
            relationship=OuterRef("relationship"),
            status=Contact.Status.DONE,
            occurred_at__lt=OuterRef("occurred_at"),
        )
        return done.filter(~Exists(earlier))
    return done.filter(channel=channel)


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
