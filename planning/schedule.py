"""The background schedule described for people: read from CELERY_BEAT_SCHEDULE, so the
page shows what actually runs, in the user's language."""

import datetime
from dataclasses import dataclass
from typing import Any

from celery.schedules import crontab
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Every task in CELERY_BEAT_SCHEDULE is named here for people (a test holds to it): the
# page shows these, never a code path.
TASK_NAMES = {
    "planning.tasks.reminders_create": gettext_lazy("Reminders"),
    "planning.tasks.reminder_digests_send": gettext_lazy("Morning e-mail with reminders"),
    "matching.tasks.candidates_delete_stale": gettext_lazy("Deleting stale candidates"),
    "reports.tasks.monthly_summaries_send": gettext_lazy("Monthly summary for team leads"),
    "matching.tasks.job_orders_expire": gettext_lazy("Expiring idle job orders"),
    "reports.tasks.activity_days_refresh_all": gettext_lazy("Activity figures"),
    "reports.tasks.dashboard_refresh_all": gettext_lazy("Segment and service figures"),
    "reports.tasks.activity_days_rebuild_all": gettext_lazy("Activity figures, whole"),
    "screening.tasks.visit_confirmations_sweep": gettext_lazy("Waiting visit confirmations"),
    "accounts.tasks.submissions_delete_old": gettext_lazy("Deleting old form receipts"),
}
TASK_DESCRIPTIONS = {
    "planning.tasks.reminders_create": gettext_lazy(
        "Creates reminders for visits, contacts and service-demand updates that fell due, "
        "and closes those no longer due"
    ),
    "planning.tasks.reminder_digests_send": gettext_lazy(
        "Sends the morning e-mail with open reminders to users who want it"
    ),
    "reports.tasks.monthly_summaries_send": gettext_lazy(
        "Sends each team lead a summary of last month on the month's first working day"
    ),
    "reports.tasks.activity_days_refresh_all": gettext_lazy(
        "Rebuilds the figures of the activity report (the tally sheet) for the last five weeks"
    ),
    "reports.tasks.activity_days_rebuild_all": gettext_lazy(
        "Rebuilds the figures of the activity report (the tally sheet) for every day, so that "
        "contacts logged further back count too"
    ),
    "reports.tasks.dashboard_refresh_all": gettext_lazy(
        "Rebuilds the figures of the segment dashboard, the key figures and the service "
        "against the rules"
    ),
    "matching.tasks.candidates_delete_stale": gettext_lazy(
        "Deletes candidates the case system has stopped updating (storage limitation)"
    ),
    "matching.tasks.job_orders_expire": gettext_lazy(
        "Closes open and paused job orders as expired when nothing has happened on them "
        "for the set number of days"
    ),
    "screening.tasks.visit_confirmations_sweep": gettext_lazy(
        "Sends the visit confirmations left waiting while the queue was unavailable"
    ),
    "accounts.tasks.submissions_delete_old": gettext_lazy(
        "Deletes the week-old records that stop a form sent twice from saving twice"
    ),
}


@dataclass
class ScheduleRow:
    name: str
    task: str
    title: str
    description: str
    when: str


def _single(values: Any) -> int | None:
    values = sorted(values)
    return values[0] if len(values) == 1 else None


def describe(schedule: Any) -> str:
    if isinstance(schedule, crontab):
        # celery-types leaves out the parsed fields and the _orig_* expressions that
        # crontab sets in __init__.
        cron: Any = schedule
        minute = _single(cron.minute)
        hour = _single(cron.hour)
        every_day = len(cron.day_of_week) == 7 and len(cron.day_of_month) >= 28
        if every_day and minute is not None and len(cron.hour) == 24:
            return _("Every hour, %(minute)s minutes past the hour") % {"minute": minute}
        minutes = sorted(cron.minute)
        step = minutes[1] - minutes[0] if len(minutes) > 1 else 0
        if (
            every_day
            and len(cron.hour) == 24
            and step
            and 60 % step == 0
            and minutes == list(range(minutes[0], 60, step))
        ):
            return _("Every %(minutes)s minutes") % {"minutes": step}
        if every_day and minute is not None and hour is not None:
            return _("Every day at %(time)s") % {"time": f"{hour:02d}:{minute:02d}"}
        return _("Cron: %(expression)s") % {
            "expression": f"{cron._orig_minute} {cron._orig_hour} "
            f"{cron._orig_day_of_month} {cron._orig_month_of_year} "
            f"{cron._orig_day_of_week}"
        }
    if isinstance(schedule, int | float | datetime.timedelta):
        if isinstance(schedule, datetime.timedelta):
            schedule = schedule.total_seconds()
        seconds = int(schedule)
        return _("Every %(seconds)s seconds") % {"seconds": seconds}
    return str(schedule)


def schedule_rows(beat_schedule: dict[str, dict[str, Any]]) -> list[ScheduleRow]:
    return [
        ScheduleRow(
            name=name,
            task=str(entry.get("task", "")),
            title=str(TASK_NAMES.get(str(entry.get("task", "")), _("Background job"))),
            description=str(TASK_DESCRIPTIONS.get(str(entry.get("task", "")), "")),
            when=describe(entry.get("schedule")),
        )
        for name, entry in sorted(beat_schedule.items())
    ]
