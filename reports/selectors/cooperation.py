"""Samarbejdsgrad (issue 12, point 5; DANISH-DATA.md 7.1): the share of the companies in
the jobcenter's municipalities, with at least one employee, that cooperate with a
jobcenter through a qualifying placement in the period."""

from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext as _

from companies.models import Company, Workplace

from .. import figures
from ..forms import ReportFilters
from ..models import CompanyTally
from ..tables import Cell, Row, Table
from .scope import Scope, company_list_url, dashboard_refreshed_at, percent

# Per municipality code: base, with the own jobcenter, with other jobcenters, with any.
Counts = tuple[int, int, int, int]


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _company_counts(scope: Scope, codes: list[str]) -> tuple[dict[str, Counts], Counts]:
    """CVR units: a company counts in each served municipality it has its seat or a
    workplace in, and once in all of them. The base is summed from the pre-computed
    tally (the register's facts); the cooperating companies are found from the few
    placements and instruments of the period, never by a pass over every company in the
    area."""
    jobcenter = scope.jobcenter
    start_at, end_at = scope.filters.start_at, scope.filters.end_at
    served = set(codes)
    base_per_code: dict[str, int] = dict.fromkeys(codes, 0)
    base_all = 0
    for row_codes, total in (
        CompanyTally.objects.filter(jobcenter=jobcenter, municipality_codes__overlap=codes)
        .exclude(employee_band__in=figures.EMPLOYING_BANDS_EXCLUDED)
        .values_list("municipality_codes", "total")
    ):
        base_all += total
        for code in set(row_codes) & served:
            base_per_code[code] += total
    found = {
        who: figures.cooperating_companies(
            jobcenter=jobcenter, start_at=start_at, end_at=end_at, who=who
        )
        for who in ("own", "other", "any")
    }
    cooperating = (
        figures.cooperation_base_filter(Company.objects.all(), jobcenter=jobcenter, code="all")
        .filter(found["any"])
        .annotate(own=_flag(found["own"]), other=_flag(found["other"]))
    )
    inner_sql, inner_params = cooperating.values(
        "pk", "municipality_codes", "own", "other"
    ).query.sql_with_params()
    counted = (
        "count(*) FILTER (WHERE s.own), count(*) FILTER (WHERE s.other), "
        "count(*) FILTER (WHERE s.own OR s.other)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT code, {counted} FROM ({inner_sql}) s "  # noqa: S608  # fixed fragments
            "CROSS JOIN LATERAL unnest(s.municipality_codes) AS code "
            "WHERE code = ANY(%s) GROUP BY code",
            [*inner_params, codes],
        )
        per_code = {code: tuple(rest) for code, *rest in cursor.fetchall()}
        cursor.execute(f"SELECT {counted} FROM ({inner_sql}) s", inner_params)  # noqa: S608
        everyone = tuple(cursor.fetchone() or (0, 0, 0))
    return (
        {code: (base_per_code[code], *per_code.get(code, (0, 0, 0))) for code in codes},
        (base_all, *everyone),
    )


def _workplace_counts(scope: Scope, codes: list[str]) -> tuple[dict[str, Counts], Counts]:
    """P-units: an order names its workplace; one that does not counts for the company's
    workplaces at the order's postal code."""
    jobcenter = scope.jobcenter
    start_at, end_at = scope.filters.start_at, scope.filters.end_at
    flags = {}
    for who in ("own", "other"):
        placements = figures.cooperating(
            jobcenter=jobcenter, start_at=start_at, end_at=end_at, who=who
        )
        flags[who] = _flag(
            Q(pk__in=placements.values("job_order__workplace_id"))
            | Q(
                Exists(
                    placements.filter(
                        job_order__workplace__isnull=True,
                        job_order__company=OuterRef("company"),
                        job_order__postal_code=OuterRef("postal_code"),
                    )
                )
            )
            # Skånejob, mentor and jobrotation name their workplace when the company has any.
            | Q(
                pk__in=figures.cooperating_instruments(
                    jobcenter=jobcenter, start_at=start_at, end_at=end_at, who=who
                ).values("workplace_id")
            )
        )
    workplaces = (
        Workplace.objects.filter(
            ceased_on__isnull=True,
            company__ceased_on__isnull=True,
            company__merged_into__isnull=True,
            municipality__code__in=codes,
        )
        .exclude(employee_band__in=figures.EMPLOYING_BANDS_EXCLUDED)
        .annotate(**flags)
    )
    counted = {
        "base": Count("pk"),
        "with_own": Count("pk", filter=Q(own=True)),
        "with_other": Count("pk", filter=Q(other=True)),
        "with_any": Count("pk", filter=Q(own=True) | Q(other=True)),
    }
    per_code: dict[str, Counts] = {
        code: (base, with_own, with_other, with_any)
        for code, base, with_own, with_other, with_any in workplaces.values("municipality__code")
        .annotate(**counted)
        .values_list("municipality__code", *counted)
    }
    everyone = tuple(sum(counts[i] for counts in per_code.values()) for i in range(4))
    return per_code, everyone  # type: ignore[return-value]


def cooperation_table(filters: ReportFilters, *, unit: str) -> Table:
    """Per served municipality and in all: the base (companies, or workplaces, with at
    least one employee) and those cooperating with the own jobcenter, with other
    jobcenters of this installation and with any, each counted once. A side with no
    placement recorded at all shows '–', not a zero that would read as a fact."""
    scope = Scope.of(filters)
    jobcenter = scope.jobcenter
    dashboard_refreshed_at(jobcenter)  # the base's tally, built at the first look
    served = list(jobcenter.served_municipalities.order_by("name").values_list("code", "name"))
    codes = [code for code, _name in served]
    count = _workplace_counts if unit == "workplace" else _company_counts
    per_code, everyone = count(scope, codes)
    own_recorded = figures.cooperation_recorded(jobcenter=jobcenter, who="own")
    other_recorded = figures.cooperation_recorded(jobcenter=jobcenter, who="other")
    shown = (own_recorded, other_recorded, own_recorded or other_recorded)

    def row(label: str, counts: Counts, code: str) -> Row:
        base = counts[0]
        cells = [
            Cell(
                base,
                company_list_url({"figure": f"coopbase:{code}"}) if unit == "cvr" else "",
            )
        ]
        for index, recorded in enumerate(shown, start=1):
            cooperating = counts[index] if recorded else None
            # Only the own jobcenter's companies are listed; the others' are a number.
            url = (
                company_list_url({"figure": f"coop:{code}", **filters.period_params()})
                if index == 1 and recorded and unit == "cvr"
                else ""
            )
            cells.append(Cell(cooperating, url))
            cells.append(
                Cell(percent(cooperating, base) if cooperating is not None else None, suffix=" %")
            )
        return Row(label=label, cells=cells)

    rows = [row(name, per_code.get(code, (0, 0, 0, 0)), code) for code, name in served]
    if len(served) > 1:
        rows.append(row(_("All the jobcenter's municipalities"), everyone, "all"))
    units = _("companies (CVR units)") if unit == "cvr" else _("workplaces (P-units)")
    note = _(
        "Base: %(unit)s with their seat or a workplace in the municipality and at least one "
        "employee (CVR's bands). Cooperating: a candidate hired in the period through a "
        "job order for virksomhedspraktik, løntilskud or fleksjob, or a skånejob, mentor or "
        "jobrotation registered for the company and running in the period; each counted "
        "once per column."
    ) % {"unit": units}
    if not all(shown):
        note = (
            str(note)
            + " "
            + _("Where no placement is recorded yet, the figure is shown as '–', not as 0 %.")
        )
    return Table(
        key="cooperation",
        title=_("Samarbejdsgrad"),
        row_header=_("Municipality"),
        columns=_columns(unit),
        rows=rows,
        note=note,
        chart_columns=[2, 4, 6],
    )


def _columns(unit: str) -> list[Any]:
    base = _("companies") if unit == "cvr" else _("workplaces")
    return [
        _("Base: %(unit)s") % {"unit": base},
        _("With our jobcenter"),
        _("Share with our jobcenter"),
        _("With other jobcenters"),
        _("Share with other jobcenters"),
        _("With any jobcenter"),
        _("Share with any jobcenter"),
    ]
