"""Celery adapters of the screening services."""

from smtplib import SMTPException
from typing import TypedDict

from celery import shared_task

from . import services


class _RetryOptions(TypedDict):
    acks_late: bool
    autoretry_for: tuple[type[Exception], ...]
    retry_backoff: bool
    max_retries: int


CONFIRMATION_RETRY: _RetryOptions = {
    "acks_late": True,
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(name="screening.tasks.visit_confirmation_send", **CONFIRMATION_RETRY)
def visit_confirmation_send(visit_id: int) -> None:
    """E-mail the contact person the visit's confirmation, change or cancellation. The
    service records each failure on the visit before the retry; safe to run twice."""
    services.visit_confirmation_send(visit_id=visit_id)


# The task's name before it was named after its service: confirmations queued under it
# (e.g. while a worker was down across the upgrade) are still sent, once.
send_visit_confirmation = shared_task(
    name="screening.tasks.send_visit_confirmation", **CONFIRMATION_RETRY
)(visit_confirmation_send.run)
