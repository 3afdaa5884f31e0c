"""The monthly summary to team leads (issue 12, point 9)."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User

from .calendar import first_working_day
from .models import MonthlySummarySent


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
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "user": user,
                    "summary": monthly_summary(ReportFilters(form), today=on),
                    "first": first,
                    "last": last,
                    "url": settings.SITE_URL.rstrip("/")
                    + reverse("reports:segments")
                    + f"?start={first.isoformat()}&end={last.isoformat()}",
                }
                subject = render_to_string("reports/email/monthly_summary_subject.txt", context)
                body = render_to_string("reports/email/monthly_summary.txt", context)
            send_mail(" ".join(subject.split()), body, None, [user.email])
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
