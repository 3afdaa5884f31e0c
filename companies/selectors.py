"""Reads that span models: what the company page, the list and the start page show."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Jobcenter, User

from .identifiers import fold_for_search
from .models import Agreement, Company, CompanyRelationship, Contact


def last_done_contact_subquery(relationship_ref: str = "pk") -> Subquery:
    return Subquery(
        Contact.objects.filter(relationship=OuterRef(relationship_ref), status=Contact.Status.DONE)
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )


@dataclass
class OtherJobcenterView:
    """All another jobcenter may see of a relationship (issue 3, point 2)."""

    jobcenter_name: str
    segment: str | None
    responsible_name: str | None
    responsible_email: str | None
    last_contact_at: datetime.datetime | None


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
    return [
        OtherJobcenterView(
            jobcenter_name=row.jobcenter.name,
            segment=str(row.segment) if row.segment else None,
            responsible_name=str(row.responsible) if row.responsible else None,
            responsible_email=row.responsible.email if row.responsible else None,
            last_contact_at=row.last_contact_at,  # type: ignore[attr-defined]
        )
        for row in rows
    ]


def colleague_contact_warning(
    *, company: Company, user: User, on: datetime.datetime | None = None
) -> Contact | None:
    """The latest contact a colleague of the same jobcenter had with the company within
    the jobcenter's collision window, so nobody calls the company twice (seed 001)."""
    assert user.jobcenter is not None
    now = on or timezone.now()
    since = now - datetime.timedelta(days=user.jobcenter.contact_collision_days)
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
        .filter(responsible_user=user)
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


def relationship_last_contacts(relationship_ids: list[int]) -> dict[int, datetime.datetime]:
    rows = (
        Contact.objects.filter(relationship_id__in=relationship_ids, status=Contact.Status.DONE)
        .values("relationship_id")
        .annotate(last=Max("occurred_at"))
    )
    return {row["relationship_id"]: row["last"] for row in rows}
