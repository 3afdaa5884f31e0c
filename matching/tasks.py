"""Celery tasks of the matching app: thin adapters over the services."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from matching.services import candidates_delete_stale as delete_stale
from matching.services import job_orders_expire as expire_idle


@shared_task(acks_late=True)
def candidates_delete_stale() -> int:
    """Delete candidates not updated for CANDIDATE_RETENTION_MONTHS (default 12); the
    service logs the counts, never names. Safe to run twice: the second finds nothing."""
    return delete_stale(now=timezone.now(), months=settings.CANDIDATE_RETENTION_MONTHS)


@shared_task(acks_late=True)
def job_orders_expire() -> int:
    """Expire orders idle for JOB_ORDER_EXPIRY_DAYS (default 60). Safe to run twice: the
    service claims the orders in one UPDATE."""
    return expire_idle(now=timezone.now(), idle_days=settings.JOB_ORDER_EXPIRY_DAYS)
