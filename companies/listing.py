"""Paging the company list at national scale (issue 13.6).

Two costs grow with the number of companies a jobcenter sees, and both are cut here:

- the count: counting the 50,000 or more companies of a large jobcenter reads every one
  of their rows (about 100 ms at 500,000 companies). The count of a large list, the whole
  list or a filtered one (the net list of companies not contacted since a date, say), is
  therefore kept for COUNT_CACHE_SECONDS per jobcenter and filters, and the page says when
  it was counted; a small list is always counted exactly, and so are a search and a
  report's drill-down (CompanyFilterSet.count_key).
- the page's rows: reading a page in name order walks the name index and reads the row of
  every company on the way, visible or not. A page's keys are found first, by an
  index-only scan of `company_name_order` (which carries the columns the visibility test
  reads), and only those 50 rows are then read with their joins and subqueries, in the
  same query.

A search or a filter finds all its companies to sort them anyway: its count is taken in the
same query as the page's keys (a window count), so the search runs once per page, not
twice; only a page past the last one costs a count of its own.

The first view of a filtered list in a large jobcenter (whose whole list's kept count is
large) would still pay a large count: its page is read uncounted instead
(CompanyPaginator.get_page_uncounted, one row more tells whether a next page exists), and
the page fetches the count on its own (companies:company-count), which keeps it.
"""

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.models import Jobcenter
from jobcenter_crm.lib.kept import keep, kept

from .models import CompanyQuerySet

# Below this, counting costs a few milliseconds and is always done.
CACHED_COUNT_FROM = 10_000
COUNT_CACHE_SECONDS = 10 * 60


@dataclass(frozen=True)
class ListCount:
    # None: counted with the page (CompanyPaginator), known once the page is read.
    value: int | None
    # When a count taken earlier is shown; None when counted for this page.
    counted_at: datetime.datetime | None = None


def _count_key(jobcenter: Jobcenter, filters: str) -> str:
    # Hashed: the filters are a query string of any length.
    digest = hashlib.sha256(filters.encode()).hexdigest()[:32]
    return f"companies:visible-count:{jobcenter.pk}:{digest}"


def company_list_count(
    *, jobcenter: Jobcenter, companies: CompanyQuerySet, filters: str | None
) -> ListCount:
    """How many companies the list holds. `filters`: CompanyFilterSet.count_key, "" for
    the whole list, None for a list always counted exactly.

    A count kept (list_count_keep) at most COUNT_CACHE_SECONDS ago is used; otherwise the
    whole list is counted now, and any other list with its page (value None here: the
    caller keeps that count when it is large)."""
    if filters is None:
        return ListCount(None)
    cached = kept(_count_key(jobcenter, filters))
    if cached is not None:
        value, counted_at = cached
        return ListCount(value, counted_at)
    if filters:
        return ListCount(None)
    value = companies.count()
    list_count_keep(jobcenter=jobcenter, filters=filters, value=value)
    return ListCount(value)


def count_may_be_large(*, jobcenter: Jobcenter) -> bool:
    """Whether the jobcenter's whole list is large by its kept count, so that a filtered
    list of it may be too. Without a kept count (the whole list not counted for a while)
    the answer is no, and a filtered list is counted with its page as before."""
    whole = kept(_count_key(jobcenter, ""))
    return whole is not None and whole[0] >= CACHED_COUNT_FROM


def list_count_keep(*, jobcenter: Jobcenter, filters: str, value: int) -> None:
    """Keep a large list's count for COUNT_CACHE_SECONDS (a small one is counted again)."""
    if value >= CACHED_COUNT_FROM:
        keep(_count_key(jobcenter, filters), (value, timezone.now()), COUNT_CACHE_SECONDS)


class UncountedPage(Page):
    """A page read before its list was counted: whether a next page exists comes from
    reading one row more. `uncounted` tells the templates not to ask for the number of
    pages (which would count)."""

    uncounted = True

    def __init__(self, object_list: Any, number: int, paginator: Paginator, *, has_next: bool):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class CompanyPaginator(Paginator):
    """Pages of company_list_rows, each read as its keys first (see the module's
    docstring), with the count known beforehand or, when `count` is None, taken with the
    keys of the page asked for."""

    def __init__(self, object_list: CompanyQuerySet, per_page: int, *, count: int | None) -> None:
        super().__init__(object_list, per_page)
        self.companies = object_list
        self._known_count = count

    @cached_property
    def count(self) -> int:
        if self._known_count is not None:
            return self._known_count
        return self.companies.count()

    def get_page(self, number: Any) -> Page:
        if self._known_count is not None or "count" in self.__dict__:
            return super().get_page(number)
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        if wanted < 1:
            return super().get_page(number)  # the last page, as Django's paginator does
        bottom = (wanted - 1) * self.per_page
        rows = list(
            self.companies.annotate(list_total=Window(Count("pk"))).values_list("pk", "list_total")[
                bottom : bottom + self.per_page
            ]
        )
        if not rows and wanted > 1:
            # Past the last page: counted on its own, then the last page is read.
            return super().get_page(wanted)
        # Set the cached property: the total came with the keys.
        self.__dict__["count"] = rows[0][1] if rows else 0
        keys = [key for key, _ in rows]
        return Page(self.companies.filter(pk__in=keys), wanted, self)

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        # A whole page's rows even when a kept count is lower than today's (no orphans):
        # a company added since is on the last page, not on none.
        keys = self.companies.values("pk")[bottom : bottom + self.per_page]
        return Page(self.companies.filter(pk__in=keys), number, self)

    def get_page_uncounted(self, number: Any) -> Page:
        """The page asked for without counting the list (see the module's docstring). A
        page past the last one falls back to get_page, which counts and reads the last."""
        try:
            wanted = max(int(number), 1)
        except (TypeError, ValueError):
            wanted = 1
        bottom = (wanted - 1) * self.per_page
        # One query: the keys of this page and one more, then their rows in list order.
        keys = self.companies.values("pk")[bottom : bottom + self.per_page + 1]
        rows = list(self.companies.filter(pk__in=keys))
        if not rows and wanted > 1:
            return self.get_page(wanted)
        return UncountedPage(
            rows[: self.per_page], wanted, self, has_next=len(rows) > self.per_page
        )
