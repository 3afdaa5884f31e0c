"""Reads that span models: what the company page, the list and the start page show."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils import timezone

from accounts.models import Jobcenter, User

from .identifiers import fold_for_search
from .models import (
    Agreement,
    Company,
    CompanyQuerySet,
    CompanyRelationship,
    Contact,
    ContactDetailsCorrection,
    Workplace,
)


def last_done_contact_subquery(relationship_ref: str = "pk") -> Subquery:
    return Subquery(
        Contact.objects.filter(relationship=OuterRef(relationship_ref), status=Contact.Status.DONE)
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )


@dataclass
class OtherJobcenterView:
    """All another jobcenter may see of a relationship (issue 3, point 2): its segment,
    last contact and whom to call there (seed 003), the responsible consultant's work
    phone and e-mail while that consultant is active."""

    jobcenter_name: str
    segment: str | None
    responsible_name: str | None
    last_contact_at: datetime.datetime | None
    responsible_phone: str = ""
    responsible_email: str = ""


def other_jobcenters_relationships(
    *, company: Company, jobcenter: Jobcenter
) -> list[OtherJobcenterView]:
    rows = (
        CompanyRelationship.objects.filter(company=company)
        .exclude(jobcenter=jobcenter)
        .select_related("jobcenter", "segment", "responsible")
        .annotate(last_contact_at=last_done_contact_subquery())
        .order_by("jobcenter__name")
    )
    views = []
    for row in rows:
        reachable = row.responsible if row.responsible and row.responsible.is_active else None
        views.append(
            OtherJobcenterView(
                jobcenter_name=row.jobcenter.name,
                segment=str(row.segment) if row.segment else None,
                responsible_name=str(row.responsible) if row.responsible else None,
                last_contact_at=row.last_contact_at,  # type: ignore[attr-defined]  # annotated above
                responsible_phone=reachable.work_phone if reachable else "",
                responsible_email=reachable.email if reachable else "",
            )
        )
    return views


def colleague_contact_warning(
    *,
    company: Company,
    user: User,
    on: datetime.datetime | None = None,
    latest: Sequence[Contact] | None = None,
    latest_is_all: bool = False,
) -> Contact | None:
    """The latest contact a colleague of the same jobcenter had with the company within
    the jobcenter's collision window, so nobody calls the company twice (seed 001).

    `latest` may be the newest entries of the company's log, newest first (the company
    page's timeline), `latest_is_all` whether they are all of it: when they settle the
    answer, no query runs."""
    assert user.jobcenter is not None
    now = on or timezone.now()
    since = now - datetime.timedelta(days=user.jobcenter.contact_collision_days)
    if latest is not None:
        for contact in latest:
            if (
                contact.status == Contact.Status.DONE
                and contact.consultant_id != user.pk
                and since <= contact.occurred_at <= now
            ):
                return contact
        # Entries not in `latest` are older than its last one.
        if latest_is_all or (latest and latest[-1].occurred_at < since):
            return None
    return (
        Contact.objects.for_jobcenter(user.jobcenter)
        .filter(
            relationship__company=company,
            status=Contact.Status.DONE,
            occurred_at__gte=since,
            occurred_at__lte=now,
        )
        .exclude(consultant=user)
        .select_related("consultant")
        .order_by("-occurred_at")
        .first()
    )


def overdue_agreements_for_user(*, user: User, today: datetime.date) -> QuerySet[Agreement]:
    return (
        Agreement.objects.for_user(user)
        .overdue(today=today)
        .followed_by(user)
        .select_related("relationship__company")
        .order_by("deadline")
    )


def planned_contacts_for_user(*, user: User, until: datetime.date) -> QuerySet[Contact]:
    """The user's planned contacts up to and including `until` (overdue ones first)."""
    end = timezone.make_aware(datetime.datetime.combine(until, datetime.time.max))
    return (
        Contact.objects.for_user(user)
        .planned()
        .filter(consultant=user, occurred_at__lte=end)
        .select_related("relationship__company", "contact_person")
        .order_by("occurred_at")
    )


def company_likely_duplicates(*, name: str, postal_code: str = "", limit: int = 5) -> list[Company]:
    """Companies whose name is close to `name` (trigram similarity on the folded text),
    same postal code first: shown before a company is created by hand."""
    folded = fold_for_search(name)
    if not folded:
        return []
    candidates = (
        Company.objects.active()
        .filter(search_text__trigram_word_similar=folded)
        .order_by("name")[:50]
    )
    ranked = sorted(
        candidates, key=lambda company: (company.postal_code != postal_code, company.name)
    )
    return ranked[:limit]


# The company list, its export and its map (issue 3, points 6 and 8).

# `own` is the jobcenter's own relationship, joined once (at most one row per company by
# the one_relationship_per_jobcenter constraint, so the join never duplicates companies).


def company_list_rows(*, jobcenter: Jobcenter) -> CompanyQuerySet:
    """The companies `jobcenter` sees, each annotated with what the list shows of the
    jobcenter's own relationship: segment_number, segment_name, responsible_name,
    is_known, opted_out_on and last_contact_at (the latest done contact). Everything is a
    join or a correlated subquery, so a page costs the same queries for 3 rows or 50."""
    full_name = Trim(
        Concat(F("own__responsible__first_name"), Value(" "), F("own__responsible__last_name"))
    )
    return (
        Company.objects.visible_to(jobcenter)
        .select_related("municipality")
        .defer("search_text")
        .annotate(
            own=FilteredRelation("relationships", condition=Q(relationships__jobcenter=jobcenter))
        )
        .annotate(
            segment_number=F("own__segment__number"),
            segment_name=F("own__segment__name"),
            responsible_name=Coalesce(
                NullIf(full_name, Value("")), F("own__responsible__username")
            ),
            is_known=Coalesce(F("own__is_known"), Value(False)),
            opted_out_on=F("own__opted_out_on"),
            last_contact_at=last_done_contact_subquery("own__id"),
        )
        # For the filters (companies.filters): keys on the one join of `own`, compared
        # as constants, which the index of the relationships by segment and section reads.
        .alias(
            own_segment_id=F("own__segment"),
            own_industry_section_id=F("own__company_industry_section"),
        )
        .order_by("name", "pk")
    )


def company_map_points(queryset: CompanyQuerySet, *, limit: int) -> tuple[list[Company], bool]:
    """Up to `limit` companies with coordinates, and whether there were more."""
    rows = list(queryset.filter(latitude__isnull=False, longitude__isnull=False)[: limit + 1])
    return rows[:limit], len(rows) > limit


@dataclass(frozen=True)
class ContactLine:
    """How to reach the company or one of its workplaces, as the jobcenter knows it: its
    own correction where it made one, otherwise CVR's values."""

    name: str
    # "company", or the workplace's P-number: the key of the correction form.
    place: str
    is_company: bool
    phone: str
    email: str
    phone_secret: bool
    advertising_protected: bool
    cvr_phone: str
    cvr_email: str
    correction: ContactDetailsCorrection | None

    @property
    def has_details(self) -> bool:
        return bool(self.phone or self.email or self.phone_secret)


def contact_details(
    *, company: Company, jobcenter: Jobcenter, workplaces: list[Workplace] | None = None
) -> list[ContactLine]:
    """The company's line first, then every workplace that has not ceased (two queries, or
    one when the page has read the company's `workplaces` already, ordered main first)."""
    corrections = {
        correction.workplace_id: correction
        for correction in ContactDetailsCorrection.objects.for_jobcenter(jobcenter)
        .filter(company=company)
        .select_related("corrected_by")
    }
    lines = [_contact_line(company, None, corrections.get(None), company.advertising_protected)]
    if workplaces is None:
        workplaces = list(company.workplaces.order_by("-is_main", "name", "pk"))
    for workplace in workplaces:
        if workplace.ceased_on is not None or workplace.p_number is None:
            continue
        lines.append(
            _contact_line(
                workplace,
                workplace.p_number,
                corrections.get(workplace.pk),
                workplace.advertising_protected or company.advertising_protected,
            )
        )
    return lines


def _contact_line(
    unit: Company | Workplace,
    p_number: str | None,
    correction: ContactDetailsCorrection | None,
    advertising_protected: bool,
) -> ContactLine:
    return ContactLine(
        name=unit.name,
        place=p_number or "company",
        is_company=p_number is None,
        phone=correction.phone if correction else unit.phone,
        email=correction.email if correction else unit.email,
        # A number the jobcenter was given itself may be used, secret in CVR or not.
        phone_secret=unit.phone_secret and not (correction and correction.phone),
        advertising_protected=advertising_protected,
        cvr_phone=unit.phone,
        cvr_email=unit.email,
        correction=correction,
    )
