"""The segment dashboard (issue 12, point 1): companies per segment beside Struer's
survey, split on demand, movement between segments over a period, the reasons for segment
4 and screening coverage."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import Company, IndustrySection
from screening.models import Segment, SegmentAssessment

from .. import figures
from ..forms import ReportFilters
from ..models import CompanyTally
from ..tables import Cell, Row, Table
from .scope import (
    SEGMENT_KEYS,
    Scope,
    SegmentCounts,
    dashboard_refreshed_at,
    percent,
    segment_labels,
    snapshot_rows,
    tallied_segment_counts,
)


def segment_table(scope: Scope, counts: SegmentCounts, labels: dict[int | None, str]) -> Table:
    survey = dict(Segment.objects.values_list("number", "survey_share_percent"))
    screened = counts.total - counts.counts[None]
    rows = []
    for number in SEGMENT_KEYS:
        count = counts.counts[number]
        rows.append(
            Row(
                label=labels[number],
                cells=[
                    Cell(count, scope.drill(f"segment:{figures.segment_arg(number)}")),
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
    "responsible": "responsible_id",
    "industry": "industry",
    "employees": "employee_band",
}


def split_table(scope: Scope, labels: dict[int | None, str]) -> Table | None:
    """Companies per segment, one row per consultant / industry section / municipality /
    employee band, summed from the pre-computed tally; each cell drills down with that
    row's value as a list filter."""
    split = scope.filters.split
    if not split:
        return None
    tally = snapshot_rows(CompanyTally.objects.all(), scope)
    names: dict[Any, str]
    counts: dict[Any, dict[int | None, int]] = defaultdict(lambda: dict.fromkeys(SEGMENT_KEYS, 0))
    extras: dict[Any, str] = {}
    if split == "municipality":
        # A company counts in each served municipality it has its seat or a workplace in,
        # as the list's municipality filter finds it.
        served = dict(scope.jobcenter.served_municipalities.values_list("code", "name"))
        for codes, number, total in (
            tally.values("municipality_codes", "segment_number")
            .annotate(total=Sum("total"))
            .values_list("municipality_codes", "segment_number", "total")
        ):
            for code in set(codes) & set(served):
                counts[code][number] += total
        names = served
        extras = {code: code for code in served}
        param = "municipality"
    else:
        field = SPLIT_FIELDS[split]
        for key, number, total in (
            tally.values(field, "segment_number")
            .annotate(total=Sum("total"))
            .values_list(field, "segment_number", "total")
        ):
            counts[key][number] = total
        if split == "responsible":
            users = User.objects.for_jobcenter(scope.jobcenter).filter(
                pk__in=[key for key in counts if key]
            )
            names = {user.pk: str(user) for user in users}
            extras = {user.pk: str(user.code) for user in users}
            param = "responsible"
        elif split == "industry":
            names = {
                letter: f"{letter} {name}"
                for letter, name in IndustrySection.objects.values_list("letter", "name")
            }
            extras = {key: key for key in counts if key}
            param = "industry"
        else:
            names = {key: key for key in counts}
            extras = {key: key for key in counts if key}
            param = "employees"
    rows = []
    for key in sorted(counts, key=lambda k: (k is None or k == "", str(names.get(k, k)))):
        by_segment = counts[key]
        label = str(names.get(key, key)) if key not in (None, "") else _("Not stated")
        extra = {param: extras[key]} if key in extras else {}
        cells = []
        for number in SEGMENT_KEYS:
            # A row without a value (no consultant, no industry) cannot be a list filter:
            # its numbers are not links rather than links to the wrong companies.
            url = (
                scope.drill(f"segment:{figures.segment_arg(number)}", extra=extra) if extra else ""
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
    from ..forms import SPLITS

    return SPLITS


def movement_table(scope: Scope, labels: dict[int | None, str]) -> Table:
    """From (segment before the period) → to (at its end), for the relationships
    assessed in the period; the diagonal is reassessed in the same segment."""
    matrix = figures.movement_counts(
        jobcenter=scope.jobcenter,
        start_at=scope.filters.start_at,
        end_at=scope.filters.end_at,
        companies=scope.split,
    )
    to_keys: list[int | None] = [1, 2, 3, 4]
    rows = []
    for from_number in SEGMENT_KEYS:
        cells = []
        for to_number in to_keys:
            count = matrix.get((from_number, to_number), 0)
            figure = f"moved:{figures.segment_arg(from_number)}:{figures.segment_arg(to_number)}"
            cells.append(Cell(count, scope.drill(figure, period=scope.period)))
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


def segment_4_reasons(scope: Scope, limit: int = 25) -> tuple[list[Segment4Reason], int]:
    """The reasons recorded when companies were put in segment 4 in the period, latest
    first (at most `limit`), and how many there were."""
    assessments: QuerySet[Any] = SegmentAssessment.objects.for_jobcenter(scope.jobcenter).filter(
        segment__number=4,
        assessed_at__gte=scope.filters.start_at,
        assessed_at__lt=scope.filters.end_at,
    )
    assessments = scope.narrow(assessments, "relationship__company")
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


def coverage_table(scope: Scope, counts: SegmentCounts) -> Table:
    on_list = list(
        snapshot_rows(CompanyTally.objects.filter(on_net_list=True), scope)
        .values("segment_number")
        .annotate(total=Sum("total"))
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
                Cell(total, scope.drill(everyone)),
                Cell(screened, scope.drill(f"{prefix}screened")),
                Cell(percent(screened, total), suffix=" %"),
                Cell(total - screened, scope.drill(f"{prefix}unscreened")),
            ],
        )

    area = Row(
        label=_("All companies in the area"),
        cells=[
            Cell(area_total),
            Cell(area_total - area_unscreened),
            Cell(percent(area_total - area_unscreened, area_total), suffix=" %"),
            Cell(area_unscreened, scope.drill("segment:none")),
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
    refreshed_at: datetime.datetime

    @property
    def tables(self) -> list[Table]:
        return [t for t in (self.segments, self.split, self.movement, self.coverage) if t]


def segment_dashboard(filters: ReportFilters) -> SegmentDashboard:
    """The dashboard: companies by segment, the split and the coverage summed from the
    pre-computed tally (see `refreshed_at`); movement and reasons live from the
    assessments, as they depend on the period."""
    scope = Scope.of(filters)
    refreshed_at = dashboard_refreshed_at(scope.jobcenter)
    labels = segment_labels()
    counts = tallied_segment_counts(scope)
    reasons, reasons_total = segment_4_reasons(scope)
    return SegmentDashboard(
        segments=segment_table(scope, counts, labels),
        split=split_table(scope, labels),
        movement=movement_table(scope, labels),
        coverage=coverage_table(scope, counts),
        reasons=reasons,
        reasons_total=reasons_total,
        refreshed_at=refreshed_at,
    )
