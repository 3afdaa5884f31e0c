"""The monthly summary e-mailed to team leads (issue 12, point 9)."""

import datetime

from django.utils.translation import gettext as _

from .. import figures
from ..forms import ReportFilters
from .activity import activity_counts
from .mine import overdue_work_counts
from .scope import Scope, segment_counts


def monthly_summary(filters: ReportFilters, *, today: datetime.date) -> list[tuple[str, int]]:
    """A few headline figures of a month for the team lead's e-mail."""
    scope = Scope.of(filters)
    jobcenter = scope.jobcenter
    counts = segment_counts(scope.companies)
    moved = figures.movement_counts(
        jobcenter=jobcenter,
        start_at=scope.filters.start_at,
        end_at=scope.filters.end_at,
        companies=scope.companies,
    )
    changed = sum(n for (a, b), n in moved.items() if a is not None and a != b)
    screened = sum(n for (a, _b), n in moved.items() if a is None)
    done = activity_counts(
        jobcenter=jobcenter, start_at=scope.filters.start_at, end_at=scope.filters.end_at
    )

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
