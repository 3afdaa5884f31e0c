"""Reads for the job-order pages: the order watch, the list, the company page's orders
and the navigation count. Each is a fixed number of queries whatever the data size."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from companies.models import Company

from ..models import JobOrder

COMPANY_PAGE_ORDERS = 10


@dataclass(frozen=True)
class WatchCounts:
    waiting: int
    overdue: int


def job_order_watch_counts(*, user: User, now: datetime.datetime) -> WatchCounts:
    """Open orders of the user's jobcenter still waiting for a response, and how many of
    them are overdue: one COUNT over the watch's partial index."""
    counts = (
        JobOrder.objects.for_user(user)
        .awaiting_response()
        .aggregate(waiting=Count("pk"), overdue=Count("pk", filter=Q(respond_by__lt=now)))
    )
    return WatchCounts(waiting=counts["waiting"], overdue=counts["overdue"])


def _with_page_relations(orders: QuerySet[JobOrder]) -> QuerySet[JobOrder]:
    return orders.select_related("company", "workplace", "responsible")


def job_order_watch(*, user: User) -> list[JobOrder]:
    """The order watch (ordrevagt): every open order of the jobcenter, those waiting for a
    response first by their deadline (overdue at the top), then the answered ones."""
    return list(_with_page_relations(JobOrder.objects.for_user(user).for_watch()))


def job_order_list(*, user: User, status: str = "") -> QuerySet[JobOrder]:
    """The jobcenter's orders, newest first; `status` "active" for open and paused, a
    status value for that status, empty for all."""
    orders = JobOrder.objects.for_user(user)
    if status == "active":
        orders = orders.active()
    elif status in JobOrder.Status.values:
        orders = orders.filter(status=status)
    return _with_page_relations(orders).order_by("-received_at", "-pk")


@dataclass(frozen=True)
class CompanyJobOrders:
    orders: list[JobOrder]
    now: datetime.datetime


def job_orders_for_company_page(*, user: User, company: Company) -> CompanyJobOrders:
    """The company's orders with the user's jobcenter for the company page: active ones
    first, then the latest closed ones (one query)."""
    orders = list(
        JobOrder.objects.for_user(user)
        .filter(company=company)
        .select_related("responsible")
        .order_by(F("closed_at").desc(nulls_first=True), "-received_at")[:COMPANY_PAGE_ORDERS]
    )
    return CompanyJobOrders(orders=orders, now=timezone.now())
