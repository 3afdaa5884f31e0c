from smtplib import SMTPException

from celery import shared_task

from .services import visit_confirmation_send


@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
)
def send_visit_confirmation(visit_id: int) -> None:
    """E-mail the contact person the visit's confirmation, change or cancellation. The
    service records each failure on the visit before the retry; safe to run twice."""
    visit_confirmation_send(visit_id=visit_id)
