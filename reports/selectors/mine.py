"""Mine tal (issue 12, point 8): a consultant's own companies, overdue work and week."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Jobcenter, User
from companies.models import Agreement

from .. import figures
from ..forms import ReportFilters
from ..tables import Cell, Row, Table
from .activity import ACTIVITY_METRICS, consultant_activity
from .scope import SEGMENT_KEYS, Scope, segment_counts, segment_labels


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
    code = str(user.code)
    # The consultant's own companies, whatever split the team pages were left with.
    scope = Scope(filters=filters, params={"responsible": code})
    jobcenter = scope.jobcenter
    labels = segment_labels()
    counts = segment_counts(scope.companies)
    segment_rows = [
        Row(
            label=labels[number],
            cells=[
                Cell(
                    counts.counts[number],
                    scope.drill(f"segment:{figures.segment_arg(number)}"),
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
                        scope.drill(f"agreements:{side}:overdue"),
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
    week_figures = consultant_activity(
        jobcenter=jobcenter,
        consultant=user,
        periods={"this": (week_start, week_end), "last": (before, week_start)},
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
                    Cell(week_figures["this"].get(metric, 0)),
                    Cell(week_figures["last"].get(metric, 0)),
                ],
            )
            for metric, label in ACTIVITY_METRICS
        ],
        chart_columns=[0, 1],
    )
    return MyFigures(segments=segments, overdue=overdue, week=week)
