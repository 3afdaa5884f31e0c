"""Celery adapters of the screening services."""

from smtplib import SMTPException
from typing import Any, TypedDict

from celery import shared_task
from celery.signals import worker_ready

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
    service claims the change before sending, so a retried or redelivered run sends
    nothing twice."""
    services.visit_confirmation_send(visit_id=visit_id)


# The task's name before it was named after its service: confirmations queued under it
# (e.g. while a worker was down across the upgrade) are still sent, once.
send_visit_confirmation = shared_task(
    name="screening.tasks.send_visit_confirmation", **CONFIRMATION_RETRY
)(visit_confirmation_send.run)


@shared_task(name="screening.tasks.visit_confirmations_sweep", acks_late=True)
def visit_confirmations_sweep(queue: str | None = None) -> int:
    """Every few minutes and when a worker starts: queue the confirmations left waiting
    while the broker was down (at a worker's start, on a queue that worker consumes)."""
    return len(services.visit_confirmations_sweep(queue=queue))


@worker_ready.connect
def visit_confirmations_sweep_at_worker_start(sender: Any, **kwargs: Any) -> None:
    # On a queue the starting worker consumes itself (as planning.tasks does).
    consumed = list(sender.app.amqp.queues.consume_from or {})
    if consumed:
        visit_confirmations_sweep.apply_async(kwargs={"queue": consumed[0]}, queue=consumed[0])
    else:
        visit_confirmations_sweep.apply_async()
