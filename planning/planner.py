"""The planner: what is due for each relationship, and when, computed in SQL from the
contact log and the service demands as they stand (never from a stored copy), with the
jobcenter's rules read live, so a rule change or a logged contact changes the plan at once.

For every relationship that may be contacted (not opted out, company not ceased or merged):

- **contact**: the latest done contact of any channel + the longest allowed gap. The gap
  is the segment rule's, or the all-companies rule's when that is shorter or the company
  has no segment (seed 000: every company at least once a year unless it opted out).
- **visit** (segments whose rule has min_visits > 0 and is not campaign-only): at least
  N done visits in every rolling period of P months. The window falls below N when the
  N-th latest done visit is P months old, so the next visit is due then.
- **demand_update** (segments whose rule has demand_update_months; Struer: 1 and 2): the
  latest update of any of the company's service demands + the rule's months.

Missing history: the relationship's creation counts as the missing contact or visit, so a
company taken onto a net list today is due for a contact when the gap has passed from
today, not at once (no flood of reminders on import). A segment 1-2 company with no
service demands recorded is due for the update from the relationship's creation, i.e. at
once for an old relationship (the issue asks for "due now"). Due dates are stable dates,
so a reminder made for one is made once, also when the task catches up after days.

Planned contacts count as planned: an item is `planned_at` the earliest planned contact of
the right kind (a visit for a visit; any channel for a contact or a demand update) that
lies today or later. A planned contact left in the past, never completed, covers nothing.

Dates are local dates in the installation's time zone (Europe/Copenhagen).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import JobcenterContactRule

KINDS = ("visit", "contact", "demand_update")


@dataclass(frozen=True)
class PlannerFilter:
    """Which relationships the planner looks at. All set conditions apply."""

    jobcenter_id: int | None = None
    responsible_id: int | None = None
    unassigned: bool = False  # only relationships without a responsible consultant
    relationship_ids: tuple[int, ...] | None = None
    with_open_reminders: bool = False  # only relationships with an open reminder


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def planner_cte(*, today: datetime.date, where: PlannerFilter) -> tuple[str, dict[str, Any]]:
    """The planner as SQL common table expressions ending in `items` (one row per due
    item: relationship_id, jobcenter_id, responsible_id, company_code, company_name,
    segment_number, kind, due_on, planned_at, rule_source and the rule's numbers).
    Callers put `WITH` before it and select, insert or update from `items`."""
    conditions = []
    params: dict[str, Any] = {
        "tz": settings.TIME_ZONE,
        "day_start": _local_midnight(today),
        "default_gap": JobcenterContactRule.DEFAULT_MAX_CONTACT_GAP_MONTHS,
    }
    if where.jobcenter_id is not None:
        conditions.append("r.jobcenter_id = %(jobcenter_id)s")
        params["jobcenter_id"] = where.jobcenter_id
    if where.responsible_id is not None:
        conditions.append("r.responsible_id = %(responsible_id)s")
        params["responsible_id"] = where.responsible_id
    if where.unassigned:
        conditions.append("r.responsible_id IS NULL")
    if where.relationship_ids is not None:
        conditions.append("r.id = ANY(%(relationship_ids)s)")
        params["relationship_ids"] = list(where.relationship_ids)
    if where.with_open_reminders:
        conditions.append(
            "r.id IN (SELECT relationship_id FROM planning_reminder WHERE closed_at IS NULL)"
        )
    extra = "".join(f"\n      AND {condition}" for condition in conditions)
    sql = f"""
rel AS (
    SELECT r.id AS relationship_id, r.jobcenter_id, r.responsible_id,
           c.code AS company_code, c.name AS company_name, s.number AS segment_number,
           (r.created_at AT TIME ZONE %(tz)s)::date AS base_on,
           sr.min_visits, sr.visit_period_months, sr.campaign_visits_only,
           sr.demand_update_months, sr.max_contact_gap_months AS segment_gap,
           COALESCE(ar.max_contact_gap_months, %(default_gap)s) AS all_gap
      FROM companies_companyrelationship r
      JOIN companies_company c ON c.id = r.company_id
      LEFT JOIN screening_segment s ON s.id = r.segment_id
      LEFT JOIN screening_segmentrule sr
             ON sr.jobcenter_id = r.jobcenter_id AND sr.segment_id = r.segment_id
      LEFT JOIN planning_jobcentercontactrule ar ON ar.jobcenter_id = r.jobcenter_id
     WHERE r.opted_out_on IS NULL
       AND c.ceased_on IS NULL
       AND c.merged_into_id IS NULL{extra}
),
facts AS (
    SELECT rel.*,
           rel.min_visits > 0 AND NOT rel.campaign_visits_only AS visits_required,
           (SELECT max(k.occurred_at) FROM companies_contact k
             WHERE k.relationship_id = rel.relationship_id AND k.status = 'done'
           ) AS last_contact_at,
           (SELECT min(k.occurred_at) FROM companies_contact k
             WHERE k.relationship_id = rel.relationship_id AND k.status = 'planned'
               AND k.occurred_at >= %(day_start)s
           ) AS planned_contact_at,
           CASE WHEN rel.min_visits > 0 AND NOT rel.campaign_visits_only THEN
               (SELECT k.occurred_at FROM companies_contact k
                 WHERE k.relationship_id = rel.relationship_id AND k.status = 'done'
                   AND k.channel = 'visit'
                 ORDER BY k.occurred_at DESC OFFSET rel.min_visits - 1 LIMIT 1)
           END AS nth_visit_at,
           CASE WHEN rel.min_visits > 0 AND NOT rel.campaign_visits_only THEN
               (SELECT min(k.occurred_at) FROM companies_contact k
                 WHERE k.relationship_id = rel.relationship_id AND k.status = 'planned'
                   AND k.channel = 'visit' AND k.occurred_at >= %(day_start)s)
           END AS planned_visit_at,
           CASE WHEN rel.demand_update_months IS NOT NULL THEN
               (SELECT max(d.updated_at) FROM servicepackages_servicedemand d
                 WHERE d.relationship_id = rel.relationship_id)
           END AS last_demand_at
      FROM rel
),
items AS (
    SELECT relationship_id, jobcenter_id, responsible_id, company_code, company_name,
           segment_number, 'contact'::varchar AS kind,
           (COALESCE((last_contact_at AT TIME ZONE %(tz)s)::date, base_on)
             + make_interval(months => LEAST(COALESCE(segment_gap, all_gap), all_gap))
           )::date AS due_on,
           planned_contact_at AS planned_at,
           CASE WHEN segment_gap IS NOT NULL AND segment_gap <= all_gap
                THEN 'segment' ELSE 'all' END AS rule_source,
           LEAST(COALESCE(segment_gap, all_gap), all_gap) AS rule_months,
           NULL::integer AS rule_visits
      FROM facts
    UNION ALL
    SELECT relationship_id, jobcenter_id, responsible_id, company_code, company_name,
           segment_number, 'visit',
           (COALESCE((nth_visit_at AT TIME ZONE %(tz)s)::date, base_on)
             + make_interval(months => visit_period_months))::date,
           planned_visit_at, 'segment', visit_period_months, min_visits
      FROM facts
     WHERE visits_required
    UNION ALL
    SELECT relationship_id, jobcenter_id, responsible_id, company_code, company_name,
           segment_number, 'demand_update',
           CASE WHEN last_demand_at IS NULL THEN base_on
                ELSE ((last_demand_at AT TIME ZONE %(tz)s)::date
                      + make_interval(months => demand_update_months))::date END,
           planned_contact_at, 'segment', demand_update_months, NULL
      FROM facts
     WHERE demand_update_months IS NOT NULL
)"""  # noqa: S608  # fixed SQL fragments; values are parameters
    return sql, params


@dataclass(frozen=True)
class PlanItem:
    relationship_id: int
    company_code: Any
    company_name: str
    segment_number: int | None
    kind: str
    due_on: datetime.date
    planned_at: datetime.datetime | None
    rule_source: str
    rule_months: int
    rule_visits: int | None
    bucket: str = ""

    @property
    def company_url(self) -> str:
        from django.urls import reverse

        return reverse("companies:company-detail", args=[self.company_code])

    @property
    def rule(self) -> str:
        """The rule that set the due date, in a few words."""
        if self.kind == "visit":
            text = ngettext(
                "at least %(visits)s visit per %(months)s months",
                "at least %(visits)s visits per %(months)s months",
                self.rule_visits or 0,
            ) % {"visits": self.rule_visits, "months": self.rule_months}
        elif self.kind == "demand_update":
            text = _("service demands updated every %(months)s months") % {
                "months": self.rule_months
            }
        else:
            text = _("contact at least every %(months)s months") % {"months": self.rule_months}
        if self.rule_source == "all":
            return _("All companies: %(rule)s") % {"rule": text}
        return _("Segment %(number)s: %(rule)s") % {"number": self.segment_number, "rule": text}


_ITEM_COLUMNS = (
    "relationship_id, company_code, company_name, segment_number, kind, due_on, planned_at, "
    "rule_source, rule_months, rule_visits"
)


def _rows(sql: str, params: dict[str, Any]) -> Iterable[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def plan_items(
    *,
    today: datetime.date,
    where: PlannerFilter,
    due_until: datetime.date | None = None,
    kind: str | None = None,
) -> list[PlanItem]:
    """All due items of the filtered relationships (due on or before `due_until` if
    given), earliest first. One query."""
    cte, params = planner_cte(today=today, where=where)
    conditions = ["TRUE"]
    if due_until is not None:
        conditions.append("due_on <= %(due_until)s")
        params["due_until"] = due_until
    if kind is not None:
        conditions.append("kind = %(kind)s")
        params["kind"] = kind
    sql = (
        f"WITH {cte}\nSELECT {_ITEM_COLUMNS} FROM items WHERE {' AND '.join(conditions)}"
        " ORDER BY due_on, company_name, relationship_id, kind"
    )
    return [PlanItem(*row) for row in _rows(sql, params)]


BUCKETS = ("overdue", "planned", "today", "this_week", "coming")


@dataclass
class PlanBucket:
    key: str
    items: list[PlanItem]
    total: int


def plan_buckets(
    *,
    today: datetime.date,
    where: PlannerFilter,
    horizon_days: int = 30,
    per_bucket: int = 25,
    bucket: str | None = None,
    offset: int = 0,
) -> dict[str, PlanBucket]:
    """The plan page: due items up to `horizon_days` ahead sorted into buckets, at most
    `per_bucket` of each (from `offset` in the one `bucket` asked for), with each bucket's
    total. "overdue" holds past items nobody has planned; past items with a planned
    contact are "planned"; "this_week" runs to Sunday. One query, whatever the row count."""
    cte, params = planner_cte(today=today, where=where)
    params.update(
        today=today,
        week_end=today + datetime.timedelta(days=6 - today.weekday()),
        horizon=today + datetime.timedelta(days=horizon_days),
        first=offset,
        last=offset + per_bucket,
        bucket=bucket,
    )
    sql = f"""WITH {cte},
bucketed AS (
    SELECT {_ITEM_COLUMNS},
           CASE WHEN due_on < %(today)s AND planned_at IS NULL THEN 'overdue'
                WHEN due_on < %(today)s THEN 'planned'
                WHEN due_on = %(today)s THEN 'today'
                WHEN due_on <= %(week_end)s THEN 'this_week'
                ELSE 'coming' END AS bucket
      FROM items
     WHERE due_on <= %(horizon)s
),
numbered AS (
    SELECT bucketed.*,
           row_number() OVER (PARTITION BY bucket
                              ORDER BY due_on, company_name, relationship_id, kind) AS n,
           count(*) OVER (PARTITION BY bucket) AS total
      FROM bucketed
     WHERE %(bucket)s::text IS NULL OR bucket = %(bucket)s::text
)
SELECT {_ITEM_COLUMNS}, bucket, total FROM numbered
 WHERE n > %(first)s AND n <= %(last)s
 ORDER BY bucket, n"""  # noqa: S608  # fixed SQL fragments; values are parameters
    result = {key: PlanBucket(key=key, items=[], total=0) for key in BUCKETS}
    for row in _rows(sql, params):
        bucket_key, total = row[-2:]
        # _ITEM_COLUMNS and the bucket are PlanItem's fields in order; the total comes last.
        result[bucket_key].items.append(PlanItem(*row[:-1]))
        result[bucket_key].total = total
    return result
