from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .selectors.job_orders import job_order_watch_counts


def job_order_watch_count(request: HttpRequest) -> dict[str, Any]:
    """`job_order_watch`: open orders waiting for a response and how many are overdue, for
    the order-watch badge in the navigation. One COUNT on the watch's partial index, run
    only when a template reads it (lazy)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.jobcenter_id is None:
        return {}
    return {
        "job_order_watch": SimpleLazyObject(
            lambda: job_order_watch_counts(user=user, now=timezone.now())
        )
    }
