"""Celery adapter of the monthly summary: idempotent (the MonthlySummarySent claim)."""

import datetime

from celery import shared_task

from planning.tasks import RETRY

from . import services


@shared_task(name="reports.tasks.monthly_summaries_send", **RETRY)
def monthly_summaries_send(on: str | None = None) -> int:
    """Daily: on and after the first working day of a month, the team leads' summary of
    the month before, once each."""
    return services.monthly_summaries_send(on=datetime.date.fromisoformat(on) if on else None)
