"""Celery adapters: each task calls one service, runs acks_late and retries with backoff.
The services are idempotent (unique constraints, an advisory lock, the DigestSent claim),
so a task delivered twice, retried or run on two workers does its work once."""

import datetime
from typing import Any, TypedDict

from celery import shared_task
from celery.signals import worker_ready
from django.db import DatabaseError

from . import services


class _RetryOptions(TypedDict):
    acks_late: bool
    autoretry_for: tuple[type[Exception], ...]
    retry_backoff: bool
    retry_backoff_max: int
    retry_jitter: bool
    max_retries: int


RETRY: _RetryOptions = {
    "acks_late": True,
    "autoretry_for": (DatabaseError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


def _day(on: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(on) if on else None


@shared_task(name="planning.tasks.reminders_create", **RETRY)
def reminders_create(on: str | None = None) -> dict[str, int]:
    """Hourly: make the reminders that fell due, close those no longer due."""
    run = services.reminders_create(on=_day(on))
    return {"created": run.created, "closed": run.closed}


@shared_task(name="planning.tasks.reminder_digests_send", **RETRY)
def reminder_digests_send(on: str | None = None) -> int:
    """Every morning: one e-mail per consultant who wants it and has open reminders."""
    return services.reminder_digests_send(on=_day(on))


# The task's name before it was named after its service: messages queued under it by a
# beat that ran the old code are still consumed (and run once: the DigestSent claim).
reminder_digest_send = shared_task(name="planning.tasks.reminder_digest_send", **RETRY)(
    reminder_digests_send.run
)


@worker_ready.connect
def reminders_create_at_worker_start(sender: Any, **kwargs: Any) -> None:
    """A starting worker queues the reminder run at once, on a queue it consumes itself, so
    the reminder count agrees with the plan from the first minute instead of the next hour.
    Several workers starting together queue several runs; the service makes each reminder
    once (advisory lock, unique constraint)."""
    consumed = list(sender.app.amqp.queues.consume_from or {})
    if consumed:
        reminders_create.apply_async(queue=consumed[0])
    else:
        reminders_create.apply_async()
