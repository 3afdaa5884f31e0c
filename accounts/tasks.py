"""Celery adapters of the accounts services."""

from celery import shared_task

from . import services, submissions


@shared_task(
    name="accounts.tasks.password_reset_send",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def password_reset_send(email: str, site_url: str) -> int:
    """The forgotten-password e-mail, sent outside the request: the page answers in the
    same time whether the address is known or not."""
    return services.password_reset_send(email=email, site_url=site_url)


@shared_task(name="accounts.tasks.submissions_delete_old", acks_late=True)
def submissions_delete_old() -> int:
    """Delete the one-time form tokens' claims older than a week (the forms they guard
    are long gone). Safe to run twice: the second run finds nothing."""
    return submissions.submissions_delete_old()
