"""The reports' writes: the monthly summary to team leads (issue 12, point 9) and the
pre-computed tally sheet."""

import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Value
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Jobcenter, User
from jobcenter_crm.lib.mail import email_message

from .calendar import first_working_day
from .models import (
    ActivityDay,
    CompanyTally,
    FiguresRefreshed,
    MonthlySummarySent,
    ServiceMonth,
    ServiceStatus,
)

# pg_advisory_xact_lock's first keys for the pre-computed figures' refreshes (the
# second: the jobcenter).
_ACTIVITY_LOCK = 1212
_DASHBOARD_LOCK = 1213
# The months back from the current one that the service trend is kept for.
SERVICE_MONTHS = 24
_SHEET_COLUMNS = (
    "jobcenter_id, metric, day, consultant_id, industry, employee_band, municipality_codes, total"
)


def previous_month(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month before `day`'s."""
    last = day.replace(day=1) - datetime.timedelta(days=1)
    return last.replace(day=1), last


def summary_send_for_user(*, user: User, on: datetime.date) -> bool:
    """Send `user` the summary of the month before `on` once: the MonthlySummarySent row
    is claimed in the same transaction as the e-mail is sent. Returns whether it was."""
    from .forms import ReportFilterForm, ReportFilters
    from .selectors import monthly_summary

    assert user.jobcenter is not None
    first, last = previous_month(on)
    form = ReportFilterForm(
        {"start": first.isoformat(), "end": last.isoformat()}, jobcenter=user.jobcenter, today=on
    )
    try:
        with transaction.atomic():
            MonthlySummarySent.objects.create(user=user, month=first)
            # The figures' labels are gettext: read them in the e-mail's language.
            with translation.override(settings.LANGUAGE_CODE):
                summary = monthly_summary(ReportFilters(form), today=on)
            email_message(
                template="reports/email/monthly_summary",
                context={
                    "user": user,
                    "summary": summary,
                    "first": first,
                    "last": last,
                    "url": settings.SITE_URL.rstrip("/")
                    + reverse("reports:segments")
                    + f"?start={first.isoformat()}&end={last.isoformat()}",
                },
                to=[user.email],
            ).send()
    except IntegrityError:
        return False  # already sent for this month
    return True


def monthly_summaries_send(*, on: datetime.date | None = None) -> int:
    """On the first working day of a month, one e-mail per active team lead with an
    e-mail address; any other day, nothing. Run daily: a day missed while the worker was
    down is caught up later that month, never sent twice."""
    on = on or timezone.localdate()
    first_day = first_working_day(on.year, on.month)
    if on < first_day:
        return 0
    month, _last = previous_month(on)
    users = (
        User.objects.active()
        .filter(role=User.Role.TEAM_LEAD, jobcenter__isnull=False)
        .exclude(email="")
        .exclude(Exists(MonthlySummarySent.objects.filter(user=OuterRef("pk"), month=month)))
        .select_related("jobcenter")
        .order_by("pk")
    )
    return sum(summary_send_for_user(user=user, on=on) for user in users)


# The pre-computed tally sheet (issue 12, point 4; speed at 500,000 companies).

# Wide enough for every recorded activity: the report's own date bounds (forms.py).
_EVER = (datetime.date(2000, 1, 1), datetime.date(2100, 1, 1))


def activity_days_refresh(*, jobcenter: Jobcenter, since: datetime.date | None = None) -> int:
    """Rebuild the jobcenter's ActivityDay rows from the contact log, the segment
    history and the agreements, with the very definitions the drill-down lists
    (`figures.activity_rows`), grouped by day, consultant and the company facts the
    report splits by. One transaction, so a reader sees the old sheet or the new one; a
    second refresh of the same jobcenter waits for the first. With `since`, only the days
    from then on are rebuilt (the quarter-hourly refresh: what was logged lately); a
    contact logged further back counts at the nightly full rebuild. Returns the rows
    written."""
    from . import figures

    first = max(since, _EVER[0]) if since else _EVER[0]
    start_at, end_at = figures.local_midnight(first), figures.local_midnight(_EVER[1])
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_ACTIVITY_LOCK, jobcenter.pk])
        ActivityDay.objects.filter(jobcenter=jobcenter, day__gte=first).delete()
        for metric in figures.ACTIVITY_KEYS:
            rows, user_field, company_field = figures.activity_rows(
                metric, jobcenter=jobcenter, start_at=start_at, end_at=end_at
            )
            company = company_field.removesuffix("_id")
            counted = Count(company_field, distinct=True) if metric == "new" else Count("pk")
            grouped = (
                rows.order_by()
                .filter(**{f"{user_field}__isnull": False})
                .annotate(
                    a_day=TruncDate(figures.ACTIVITY_MOMENTS[metric]),
                    a_user=F(user_field),
                    a_industry=Coalesce(F(f"{company}__industry_section__letter"), Value("")),
                    a_band=F(f"{company}__employee_band"),
                    a_codes=F(f"{company}__municipality_codes"),
                )
                .values("a_day", "a_user", "a_industry", "a_band", "a_codes")
                .annotate(a_total=counted)
            )
            sql, params = grouped.query.sql_with_params()
            # Django's own SQL for the SELECT; the values are bound parameters.
            insert = (
                f"INSERT INTO reports_activityday ({_SHEET_COLUMNS}, detailed) "  # noqa: S608
                f"SELECT %s, %s, g.a_day, g.a_user, g.a_industry, g.a_band, g.a_codes, "
                f"g.a_total, TRUE FROM ({sql}) g"
            )
            cursor.execute(insert, [jobcenter.pk, metric, *params])
            written += cursor.rowcount
        # The roll-up over the company facts. A company has one set of facts, so even the
        # new company contacts (companies, not contacts) add up.
        cursor.execute(
            f"INSERT INTO reports_activityday ({_SHEET_COLUMNS}, detailed) "  # noqa: S608
            "SELECT jobcenter_id, metric, day, consultant_id, '', '', '{}', sum(total), FALSE "
            "FROM reports_activityday WHERE jobcenter_id = %s AND detailed AND day >= %s "
            "GROUP BY jobcenter_id, metric, day, consultant_id",
            [jobcenter.pk, first],
        )
        written += cursor.rowcount
        FiguresRefreshed.objects.update_or_create(
            jobcenter=jobcenter,
            kind=FiguresRefreshed.Kind.ACTIVITY,
            defaults={"refreshed_at": timezone.now()},
        )
    return written


# The days the quarter-hourly refresh rebuilds: a contact is mostly logged the same day or
# soon after, and an agreement kept within its month.
RECENT_DAYS = 35


def activity_days_refresh_all(*, full: bool = False) -> int:
    """Every jobcenter's sheet, each in its own transaction: the days since RECENT_DAYS
    ago (the quarter-hourly Celery task), or every day (`full`, nightly). A jobcenter
    whose sheet was never built gets it whole either way."""
    since = None if full else timezone.localdate() - datetime.timedelta(days=RECENT_DAYS)
    built = set(
        FiguresRefreshed.objects.filter(kind=FiguresRefreshed.Kind.ACTIVITY).values_list(
            "jobcenter_id", flat=True
        )
    )
    return sum(
        activity_days_refresh(jobcenter=jobcenter, since=since if jobcenter.pk in built else None)
        for jobcenter in Jobcenter.objects.order_by("pk")
    )


# The pre-computed segment dashboard and service against the rules (issue 12, speed).

_FACT_COLUMNS = "responsible_id, industry, employee_band, municipality_codes, segment_number"


def dashboard_refresh(*, jobcenter: Jobcenter, today: datetime.date | None = None) -> int:
    """Rebuild the jobcenter's CompanyTally, ServiceStatus and ServiceMonth rows: the
    companies by segment from the company list's own rows, the service from the
    planner's due items as of `today`, the trend for the last SERVICE_MONTHS. One
    transaction under a lock per jobcenter, like the tally sheet. Returns rows written."""
    today = today or timezone.localdate()
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_DASHBOARD_LOCK, jobcenter.pk])
        for model in (CompanyTally, ServiceStatus, ServiceMonth):
            model.objects.filter(jobcenter=jobcenter).delete()
        for sql, params in (
            _company_tally_sql(jobcenter),
            _service_status_sql(jobcenter, today),
            _service_month_sql(jobcenter, today),
        ):
            cursor.execute(sql, params)
            written += cursor.rowcount
        FiguresRefreshed.objects.update_or_create(
            jobcenter=jobcenter,
            kind=FiguresRefreshed.Kind.DASHBOARD,
            defaults={"refreshed_at": timezone.now()},
        )
    return written


def dashboard_refresh_all() -> int:
    """Every jobcenter's dashboard figures, each in its own transaction (Celery beat)."""
    return sum(
        dashboard_refresh(jobcenter=jobcenter) for jobcenter in Jobcenter.objects.order_by("pk")
    )


def _company_tally_sql(jobcenter: Jobcenter) -> tuple[str, list[Any]]:
    from django.db.models import BooleanField, ExpressionWrapper, Q

    from companies.models import CompanyRelationship
    from companies.selectors import company_list_rows

    from . import figures

    on_list = CompanyRelationship.objects.filter(
        pk__in=figures.net_list_relationship_ids(jobcenter)
    ).values("company_id")
    grouped = (
        company_list_rows(jobcenter=jobcenter)
        .order_by()
        .filter(ceased_on__isnull=True)
        .annotate(
            t_user=F("own__responsible_id"),
            t_industry=Coalesce(F("industry_section__letter"), Value("")),
            t_band=F("employee_band"),
            t_codes=F("municipality_codes"),
            t_segment=F("own__segment__number"),
            t_net=ExpressionWrapper(Q(pk__in=on_list), output_field=BooleanField()),
        )
        .values("t_user", "t_industry", "t_band", "t_codes", "t_segment", "t_net")
        .annotate(t_total=Count("pk"))
    )
    sql, params = grouped.query.sql_with_params()
    # Django's own SQL for the SELECT; the values are bound parameters.
    insert = (
        f"INSERT INTO reports_companytally (jobcenter_id, {_FACT_COLUMNS}, on_net_list, total) "  # noqa: S608
        f"SELECT %s, g.t_user, g.t_industry, g.t_band, g.t_codes, g.t_segment, g.t_net, "
        f"g.t_total FROM ({sql}) g"
    )
    return insert, [jobcenter.pk, *params]


def _company_facts_joins(relationship: str) -> str:
    return (
        f"JOIN companies_companyrelationship fr ON fr.id = {relationship} "
        "JOIN companies_company fc ON fc.id = fr.company_id "
        "LEFT JOIN companies_industrysection fi ON fi.id = fc.industry_section_id"
    )


_FACT_VALUES = "fr.responsible_id, COALESCE(fi.letter, ''), fc.employee_band, fc.municipality_codes"


def _service_status_sql(jobcenter: Jobcenter, today: datetime.date) -> tuple[str, list[Any]]:
    """The planner's contact and visit items: due before today is overdue; contacted
    exactly the rule's interval ago is due today, so in time."""
    from .figures import planner_sql_positional

    cte, params = planner_sql_positional(jobcenter=jobcenter, today=today)
    sql = (
        f"WITH {cte} INSERT INTO reports_servicestatus "  # noqa: S608  # fixed fragments
        f"(jobcenter_id, {_FACT_COLUMNS}, relationship_id, company_id, kind, overdue) "
        f"SELECT %s, {_FACT_VALUES}, i.segment_number, i.relationship_id, fr.company_id, "
        "i.kind, i.due_on < %s "
        f"FROM items i {_company_facts_joins('i.relationship_id')} "
        "WHERE i.kind IN ('contact', 'visit')"
    )
    return sql, [*params, jobcenter.pk, today]


def _service_month_sql(jobcenter: Jobcenter, today: datetime.date) -> tuple[str, list[Any]]:
    """Per month of the last SERVICE_MONTHS: the active relationships made before the
    month's end (by today's segment) and those whose latest done contact before the
    month's end lay within their contact rule."""
    from planning.models import JobcenterContactRule

    first = today.replace(day=1)
    for _month in range(SERVICE_MONTHS):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    default_gap = JobcenterContactRule.DEFAULT_MAX_CONTACT_GAP_MONTHS
    sql = f"""
WITH months AS (
    SELECT m::date AS month_start, (m + interval '1 month')::date AS month_end
      FROM generate_series(%s::timestamp, date_trunc('month', %s::timestamp),
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
       AND c.merged_into_id IS NULL
)
INSERT INTO reports_servicemonth (jobcenter_id, {_FACT_COLUMNS}, month, total, in_time)
SELECT %s, {_FACT_VALUES}, rel.segment_number, months.month_start, count(*),
       count(*) FILTER (WHERE last.at >= (months.month_end - make_interval(months => rel.gap)))
  FROM months
  JOIN rel ON rel.created_at < months.month_end
  {_company_facts_joins("rel.id")}
  LEFT JOIN LATERAL (
      SELECT max(k.occurred_at) AS at FROM companies_contact k
       WHERE k.relationship_id = rel.id AND k.status = 'done'
         AND k.occurred_at < months.month_end
  ) last ON TRUE
 GROUP BY months.month_start, rel.segment_number, {_FACT_VALUES}"""  # noqa: S608  # fixed fragments
    params: list[Any] = [first, today, default_gap, default_gap, jobcenter.pk, jobcenter.pk]
    return sql, params
