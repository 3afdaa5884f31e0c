"""What every report starts from, said once: the jobcenter, the period, the split's company
filters and the companies they narrow to, and the link from a number to its companies."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Jobcenter
from companies.filters import CompanyFilterSet
from companies.models import CompanyQuerySet
from screening.models import Segment

from ..forms import ReportFilters
from ..models import CompanyTally, FiguresRefreshed

SEGMENT_KEYS: list[int | None] = [1, 2, 3, 4, None]


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def company_list_url(params: dict[str, str]) -> str:
    return f"{reverse('companies:company-list')}?{urlencode(params)}"


@dataclass
class Scope:
    """One report's filters set up once. `params` are the company list's own filter
    parameters (so a drill-down applies exactly the filters a figure was counted with);
    `companies` the companies the jobcenter sees narrowed by them, unordered for
    aggregation."""

    filters: ReportFilters
    params: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, filters: ReportFilters, *, consultant_as_company_filter: bool = True) -> "Scope":
        """The report's scope. On the tally sheet the consultant is the one who did the
        work, not the companies' responsible consultant: there it is not a company filter."""
        params = filters.list_params()
        if not consultant_as_company_filter:
            params.pop("responsible", None)
        return cls(filters=filters, params=params)

    @classmethod
    def of_params(cls, filters: ReportFilters, params: dict[str, str]) -> "Scope":
        return cls(filters=filters, params=params)

    @property
    def jobcenter(self) -> Jobcenter:
        return self.filters.jobcenter

    @cached_property
    def companies(self) -> CompanyQuerySet:
        filterset = CompanyFilterSet(self.params, jobcenter=self.jobcenter)
        return filterset.qs.order_by()

    @property
    def split(self) -> CompanyQuerySet | None:
        """The companies to narrow to, or None without a company filter: every
        relationship's company is one the jobcenter sees, so the restriction would only
        cost a pass over the whole area at national scale."""
        return self.companies if self.params else None

    def narrow(self, rows: QuerySet[Any], company_field: str) -> QuerySet[Any]:
        """`rows` of the companies the split narrows to."""
        if self.split is None:
            return rows
        return rows.filter(**{f"{company_field}__in": self.split.values("pk")})

    def drill(
        self,
        figure: str,
        *,
        period: tuple[datetime.date, datetime.date] | None = None,
        extra: dict[str, str] | None = None,
    ) -> str:
        """The company list with this scope's filters and one figure's companies (of
        `period`, for the figures counted over one)."""
        params = dict(self.params)
        params.update(extra or {})
        params["figure"] = figure
        if period is not None:
            params.update(period_start=period[0].isoformat(), period_end=period[1].isoformat())
        return company_list_url(params)

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return self.filters.start, self.filters.end


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


# The pre-computed figures (models.CompanyTally, ServiceStatus, ServiceMonth, ActivityDay)
# carry the company facts the company list filters by: its filters as their columns.
FACT_SPLITS = {
    "industry": lambda value: Q(industry=value),
    "employees": lambda value: Q(employee_band=value),
    "municipality": lambda value: Q(municipality_codes__contains=[value]),
}


def snapshot_rows(rows: QuerySet[Any], scope: Scope) -> QuerySet[Any]:
    """The scope's jobcenter's pre-computed rows narrowed by its filters; the consultant
    is the company's responsible one, as on the company list."""
    rows = rows.filter(jobcenter=scope.jobcenter)
    for name, value in scope.params.items():
        if name == "responsible":
            rows = rows.filter(responsible=scope.filters.responsible)
        else:
            rows = rows.filter(FACT_SPLITS[name](value))
    return rows


def dashboard_refreshed_at(jobcenter: Jobcenter) -> datetime.datetime:
    """When the jobcenter's pre-computed segment and service figures were built; built
    now if they never were."""
    refreshed = (
        FiguresRefreshed.objects.filter(jobcenter=jobcenter, kind=FiguresRefreshed.Kind.DASHBOARD)
        .values_list("refreshed_at", flat=True)
        .first()
    )
    if refreshed is None:
        from ..services import dashboard_refresh

        dashboard_refresh(jobcenter=jobcenter)
        return dashboard_refreshed_at(jobcenter)
    return refreshed


def tallied_segment_counts(scope: Scope) -> SegmentCounts:
    """segment_counts of the scope's companies, summed from the pre-computed tally."""
    rows = (
        snapshot_rows(CompanyTally.objects.all(), scope)
        .values("segment_number")
        .annotate(total=Sum("total"))
        .values_list("segment_number", "total")
    )
    counts: dict[int | None, int] = dict.fromkeys(SEGMENT_KEYS, 0)
    counts.update(dict(rows))
    return SegmentCounts(counts)
