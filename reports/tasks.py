"""Celery adapters: the monthly summary (idempotent by the MonthlySummarySent claim) and
the pre-computed figures (rebuilds, safe to run twice)."""

import datetime

from celery import shared_task

from planning.tasks import RETRY

from . import services


@shared_task(name="reports.tasks.monthly_summaries_send", **RETRY)
def monthly_summaries_send(on: str | None = None) -> int:
    """Daily: on and after the first working day of a month, the team leads' summary of
    the month before, once each."""
    return services.monthly_summaries_send(on=datetime.date.fromisoformat(on) if on else None)


@shared_task(name="reports.tasks.activity_days_refresh_all", **RETRY)
def activity_days_refresh_all() -> int:
    """Every quarter of an hour: the recent days of every jobcenter's pre-computed tally
    sheet rebuilt, so the page is at most that old (it says when it was built, and can
    be updated)."""
    return services.activity_days_refresh_all()


@shared_task(name="reports.tasks.activity_days_rebuild_all", **RETRY)
def activity_days_rebuild_all() -> int:
    """Nightly: every jobcenter's tally sheet rebuilt whole, so a contact logged further
    back than the quarter-hourly refresh reaches counts from the next morning."""
    return services.activity_days_refresh_all(full=True)


@shared_task(name="reports.tasks.dashboard_refresh_all", **RETRY)
def dashboard_refresh_all() -> int:
    """Every quarter of an hour: every jobcenter's pre-computed segment and service
    figures rebuilt, so those pages are at most that old (they say when)."""
    return services.dashboard_refresh_all()
