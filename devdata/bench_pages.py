"""The pages `make bench` measures, in-process and over HTTP alike (issue 13).

Each entry of PAGES builds one page for the benchmark's consultant, or returns None when
the page does not exist (yet) in this checkout. A new page is one more function in PAGES:
return a Page with its path (and the POST data for a form), and the table, the ratios to
the floor and the growth over the data sizes follow by themselves.
"""

import datetime
import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import Jobcenter, User
from companies.models import Company, CompanyRelationship, Contact, ContactPerson

TIMELINE_CONTACTS = 200
# Contacts the benchmark's own POSTs log carry this in their summary, so that they can be
# removed again and the company page keeps its 200 contacts from run to run.
POSTED_MARK = "(bench-post)"


@dataclass
class Page:
    label: str
    path: str
    # For a form: a function giving the POST data of one submit (fresh values each time,
    # so that a double-submit guard never takes two measured posts for one).
    post: Callable[[], dict[str, str]] | None = None
    query: dict[str, str] = field(default_factory=dict)
    floor: bool = False  # the floor pages themselves
    # For a page whose every request must be a first one (a count not kept yet): a
    # function giving the query of one request, fresh each time, in place of `query`.
    fresh_query: Callable[[], dict[str, str]] | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def query_now(self) -> dict[str, str]:
        return self.fresh_query() if self.fresh_query else self.query

    @property
    def method(self) -> str:
        return "POST" if self.post else "GET"


@dataclass
class BenchContext:
    jobcenter: Jobcenter
    consultant: User
    company: Company  # the one with TIMELINE_CONTACTS contacts
    relationship: CompanyRelationship
    search: str  # a name with one slip
    searched_name: str


def typo(name: str) -> str:
    """Swap two letters in the middle of the name's longest word."""
    words = name.split()
    longest = max(range(len(words)), key=lambda index: len(words[index]))
    word = words[longest]
    if len(word) >= 4:
        middle = len(word) // 2
        words[longest] = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]
    return " ".join(words)


def bench_context(jobcenter: Jobcenter) -> BenchContext:
    consultant = (
        User.objects.filter(jobcenter=jobcenter, role=User.Role.CONSULTANT).order_by("pk").first()
    )
    if consultant is None:
        raise SystemExit(f"{jobcenter} has no consultant; generate the data first.")
    relationship = _relationship_with_contacts(jobcenter, consultant, TIMELINE_CONTACTS)
    named = (
        CompanyRelationship.objects.filter(jobcenter=jobcenter)
        .order_by("pk")
        .values_list("company__name", flat=True)[10]
    )
    return BenchContext(
        jobcenter=jobcenter,
        consultant=consultant,
        company=relationship.company,
        relationship=relationship,
        search=typo(named),
        searched_name=named,
    )


def _relationship_with_contacts(
    jobcenter: Jobcenter, consultant: User, wanted: int
) -> CompanyRelationship:
    """The jobcenter's first relationship with at least `wanted` contacts, else the one with
    most, topped up to `wanted` (the same company at every data size and every run)."""
    from django.db.models import Count

    Contact.objects.filter(jobcenter=jobcenter, summary__contains=POSTED_MARK).delete()
    relationship = (
        CompanyRelationship.objects.filter(jobcenter=jobcenter, opted_out_on__isnull=True)
        .annotate(contact_count=Count("contacts"))
        .order_by("-contact_count", "pk")
        .select_related("company")
        .first()
    )
    if relationship is None:
        raise SystemExit(f"{jobcenter} has no relationships; generate more companies.")
    missing = wanted - relationship.contact_count  # type: ignore[attr-defined]  # annotated above
    if missing > 0:
        now = timezone.now()
        Contact.objects.bulk_create(
            Contact(
                jobcenter=jobcenter,
                relationship=relationship,
                consultant=consultant,
                channel=Contact.Channel.PHONE,
                status=Contact.Status.DONE,
                occurred_at=now - datetime.timedelta(days=index + 1),
                summary="Opfølgning (bench).",
            )
            for index in range(missing)
        )
    return relationship


def remove_posted(context: BenchContext) -> None:
    """Forget what the measured posts wrote, so the next run measures the same data."""
    from .models import FloorRow

    Contact.objects.filter(jobcenter=context.jobcenter, summary__contains=POSTED_MARK).delete()
    FloorRow.objects.filter(created_by=context.consultant).delete()


def _floor_page(context: BenchContext) -> Page:
    return Page("floor: base.html only", "/bench/floor/", floor=True)


def _floor_post(context: BenchContext) -> Page:
    return Page("floor: POST one row", "/bench/floor/post/", post=lambda: {}, floor=True)


def _company_list(context: BenchContext) -> Page:
    return Page("company list, first page", reverse("companies:company-list"))


def _typo_search(context: BenchContext) -> Page:
    return Page(
        "name search with a typo", reverse("companies:company-list"), query={"q": context.search}
    )


def _filtered_list(context: BenchContext) -> Page:
    return Page(
        "list, segment 1 + section F",
        reverse("companies:company-list"),
        query={"segment": "1", "industry": "F"},
    )


def _net_list(context: BenchContext) -> Page:
    """The net list to phone from: companies not contacted for a year. Its count (most of
    the jobcenter's companies) is taken with the first page and kept, so the p50 is of the
    next pages and the way back from a company; the first view counts (about a list's
    count, see companies.listing)."""
    since = timezone.localdate() - datetime.timedelta(days=365)
    return Page(
        "net list, not contacted for a year",
        reverse("companies:company-list"),
        query={"not_contacted_since": since.isoformat()},
    )


def _days_back_from(first: int) -> Callable[[], dict[str, str]]:
    """Net-list queries "not contacted since" a day further back each time: each one a
    list whose count was never kept, as a consultant's first look at a new net list."""
    counter = itertools.count(first)

    def query() -> dict[str, str]:
        since = timezone.localdate() - datetime.timedelta(days=next(counter))
        return {"not_contacted_since": since.isoformat()}

    return query


def _net_list_first_view(context: BenchContext) -> Page:
    """The net list seen for the first time: in a large jobcenter its rows come before
    its count (companies.listing), which the page then fetches (the next page here)."""
    return Page(
        "net list, first view (rows before the count)",
        reverse("companies:company-list"),
        fresh_query=_days_back_from(366),
    )


def _net_list_count(context: BenchContext) -> Page:
    """The count that a first view fetches over htmx, counted afresh each time."""
    return Page(
        "net list, its count (fetched by the page)",
        reverse("companies:company-count"),
        fresh_query=_days_back_from(3000),
        headers={"HX-Request": "true"},
    )


def _company_page(context: BenchContext) -> Page:
    return Page(f"company page, {TIMELINE_CONTACTS} contacts", context.company.get_absolute_url())


def _contact_log(context: BenchContext) -> Page:
    counter = itertools.count(1)

    def data() -> dict[str, str]:
        number = next(counter)
        when = timezone.localtime() - datetime.timedelta(minutes=number)
        return {
            "channel": "phone",
            "direction": "outbound",
            "status": "done",
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "summary": f"Opfølgning på praktikforløb nr. {number} {POSTED_MARK}",
            "contact_person": "",
            "agreement_description": "",
            "agreement_deadline": "",
            "agreement_responsible_side": "",
            # A fresh one-time token, as the form a browser was shown carries.
            "submit_token": str(uuid.uuid4()),
        }

    path = reverse("companies:contact-log", args=[context.company.code])
    return Page("log a contact (POST)", path, post=data)


def _visit_checklist(context: BenchContext) -> Page | None:
    """The checklist of a planned visit at the benchmark's company (made once)."""
    from screening.models import Visit

    visit = (
        Visit.objects.filter(contact__relationship=context.relationship)
        .select_related("contact")
        .order_by("pk")
        .first()
    )
    if visit is None:
        person, _ = ContactPerson.objects.get_or_create(
            jobcenter=context.jobcenter,
            relationship=context.relationship,
            name="Bente Bench",
            defaults={"email": "bente@example.invalid"},
        )
        contact = Contact.objects.create(
            jobcenter=context.jobcenter,
            relationship=context.relationship,
            consultant=context.consultant,
            channel=Contact.Channel.VISIT,
            status=Contact.Status.PLANNED,
            occurred_at=timezone.now() + datetime.timedelta(days=365),
            contact_person=person,
        )
        visit = Visit.objects.create(
            jobcenter=context.jobcenter,
            contact=contact,
            place=context.company.address or "Virksomheden",
            contact_person=person,
        )
    return Page("visit checklist", reverse("servicepackages:visit-checklist", args=[visit.code]))


def _key_figures(context: BenchContext) -> Page | None:
    # The benchmark signs in as a consultant, whose key figures are their own (mine tal);
    # the team lead's report pages are measured by `python -m devdata.bench_reports`.
    return _named("key figures (mine tal)", "reports:mine", "reports:overview")


def _named(label: str, *url_names: str, **query: str) -> Page | None:
    """A page by the first of its possible URL names that exists in this checkout."""
    for name in url_names:
        try:
            return Page(label, reverse(name), query=dict(query))
        except NoReverseMatch:
            continue
    return None


# Pages of other apps: add them here as they land (e.g. the order watch of the matching
# app), by URL name so that a checkout without them still runs. The team lead's report
# pages are measured as the team lead by `bench_reports.measure_reports`, which `make
# bench` runs after these.
def _order_watch(context: BenchContext) -> Page | None:
    return _named("order watch", "matching:joborder-watch")


PAGES: list[Callable[[BenchContext], Page | None]] = [
    _floor_page,
    _floor_post,
    _company_list,
    _typo_search,
    _filtered_list,
    _net_list,
    _net_list_first_view,
    _net_list_count,
    _company_page,
    _contact_log,
    _visit_checklist,
    _key_figures,
    _order_watch,
]


def bench_pages(context: BenchContext, only: str = "") -> list[Page]:
    pages = [page for build in PAGES if (page := build(context)) is not None]
    return select_pages(pages, only)


def select_pages(pages: list[Page], only: str) -> list[Page]:
    """`only` (BENCH_PAGES): comma-separated parts of labels, to measure a few pages while
    working on them; the floors are always kept, since the ratios need them."""
    wanted = [part.strip() for part in only.split(",") if part.strip()]
    return [
        page
        for page in pages
        if page.floor or not wanted or any(part in page.label for part in wanted)
    ]


def describe(page: Page) -> dict[str, Any]:
    return {"label": page.label, "method": page.method, "path": page.path}
