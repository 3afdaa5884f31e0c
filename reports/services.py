"""The reports' writes: the monthly summary to team leads (issue 12, point 9) and the
pre-computed tally sheet."""

import datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Value
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Jobcenter, User
from jobcenter_crm.lib.mail import email_message

from .calendar import first_working_day
from .models import ActivityDay, FiguresRefreshed, MonthlySummarySent

# pg_advisory_xact_lock's first key for the tally sheet's refresh (the second: jobcenter).
_ACTIVITY_LOCK = 1212
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


def activity_days_refresh(*, jobcenter: Jobcenter) -> int:
    """Rebuild the jobcenter's ActivityDay rows from the contact log, the segment
    history and the agreements, with the very definitions the drill-down lists
    (`figures.activity_rows`), grouped by day, consultant and the company facts the
    report splits by. One transaction, so a reader sees the old sheet or the new one; a
    second refresh of the same jobcenter waits for the first. Returns the rows written."""
    from . import figures

    start_at, end_at = (figures.local_midnight(day) for day in _EVER)
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_ACTIVITY_LOCK, jobcenter.pk])
        ActivityDay.objects.filter(jobcenter=jobcenter).delete()
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
                f"INSERT INTO reports_activityday ({_SHEET_COLUMNS}) "  # noqa: S608
                f"SELECT %s, %s, g.a_day, g.a_user, g.a_industry, g.a_band, g.a_codes, "
                f"g.a_total FROM ({sql}) g"
            )
            cursor.execute(insert, [jobcenter.pk, metric, *params])
            written += cursor.rowcount
        FiguresRefreshed.objects.update_or_create(
            jobcenter=jobcenter,
            kind=FiguresRefreshed.Kind.ACTIVITY,
            defaults={"refreshed_at": timezone.now()},
        )
    return written


def activity_days_refresh_all() -> int:
    """Every jobcenter's sheet, each in its own transaction (the Celery beat task)."""
    return sum(
        activity_days_refresh(jobcenter=jobcenter) for jobcenter in Jobcenter.objects.order_by("pk")
    )
