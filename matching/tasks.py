"""Celery tasks of the matching app: thin adapters over the services."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from matching.services import candidates_delete_stale as delete_stale


@shared_task(acks_late=True)
def candidates_delete_stale() -> int:
    """Delete candidates not updated for CANDIDATE_RETENTION_MONTHS (default 12); the
    service logs the counts, never names. Safe to run twice: the second finds nothing."""
    return delete_stale(now=timezone.now(), months=settings.CANDIDATE_RETENTION_MONTHS)
