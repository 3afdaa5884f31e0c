"""The company page's reads: one `company_page(company=, user=)` selector composed of each
app's own selectors, so the view only binds forms and renders. Another app adds its panel
with a field here (filled by its own selector) and an include in company_detail.html."""

from dataclasses import dataclass, field

from django.db.models import Q

from accounts.models import User
from matching.selectors.job_orders import CompanyJobOrders, job_orders_for_company_page
from screening.models import SegmentAssessment
from screening.selectors import segment_history_for_relationship
from servicepackages.selectors import CompanyServiceDemands, service_demands_for_company_page

from .models import Agreement, Company, CompanyRelationship, Contact, ContactPerson, Workplace
from .selectors import OtherJobcenterView, colleague_contact_warning, other_jobcenters_relationships

# The latest entries of the contact log are drawn with the page; "vis flere" fetches the
# next ones (htmx), so a company with years of contacts costs what one with ten does.
TIMELINE_PAGE_SIZE = 10


@dataclass
class TimelinePage:
    contacts: list[Contact]
    has_more: bool

    @property
    def last(self) -> Contact | None:
        return self.contacts[-1] if self.contacts else None


@dataclass
class CompanyPage:
    """Everything the company page shows. The private parts (relationship, contacts,
    agreements, contact persons, segments, demands) are the user's own jobcenter's only."""

    company: Company
    relationship: CompanyRelationship | None
    workplaces: list[Workplace]
    contact_persons: list[ContactPerson]
    # The relationship form's choice of responsible consultant.
    consultants: list[User]
    # Deactivated contact persons: named by past contacts, offered for no new ones.
    former_contact_persons: list[ContactPerson] = field(default_factory=list)
    timeline: TimelinePage = field(default_factory=lambda: TimelinePage([], False))
    agreements: list[Agreement] = field(default_factory=list)
    other_jobcenters: list[OtherJobcenterView] = field(default_factory=list)
    colleague_contact: Contact | None = None
    segment_history: list[SegmentAssessment] = field(default_factory=list)
    service_demands: CompanyServiceDemands = field(default_factory=CompanyServiceDemands)
    job_orders: CompanyJobOrders | None = None


def own_relationship(*, company: Company, user: User) -> CompanyRelationship | None:
    return (
        CompanyRelationship.objects.for_user(user)
        .select_related("segment", "responsible")
        .filter(company=company)
        .first()
    )


def workplaces_for_company(*, company: Company) -> list[Workplace]:
    return list(
        company.workplaces.select_related("municipality").order_by("-is_main", "name", "pk")
    )


def contact_timeline_page(
    *,
    user: User,
    relationship: CompanyRelationship,
    after: Contact | None = None,
    size: int = TIMELINE_PAGE_SIZE,
) -> TimelinePage:
    """`size` entries of the relationship's contact log, latest first, from just after
    `after` (a keyset: entries logged meanwhile never shift a page)."""
    timeline = (
        Contact.objects.for_user(user)
        .filter(relationship=relationship)
        .select_related("consultant", "contact_person", "visit")
        .order_by("-occurred_at", "-pk")
    )
    if after is not None:
        timeline = timeline.filter(
            Q(occurred_at__lt=after.occurred_at) | Q(occurred_at=after.occurred_at, pk__lt=after.pk)
        )
    contacts = list(timeline[: size + 1])
    return TimelinePage(contacts=contacts[:size], has_more=len(contacts) > size)


def open_agreements(*, user: User, relationship: CompanyRelationship) -> list[Agreement]:
    return list(
        Agreement.objects.for_user(user)
        .open()
        .filter(relationship=relationship)
        .select_related("responsible_user", "responsible_person")
        .order_by("deadline")
    )


def company_page(*, company: Company, user: User) -> CompanyPage:
    """The page of `company` as `user` sees it (the company was reached through
    get_visible_or_404, which admits only a jobcenter's users)."""
    jobcenter = user.jobcenter
    assert jobcenter is not None
    # CompanyQuerySet.with_own_relationship joins the relationship as `own`;
    # with_own_relationship_id only tells by `own_id` whether there is one.
    known_absent = hasattr(company, "own_id") and company.own_id is None
    relationship = None if known_absent else getattr(company, "own", None)
    if relationship is None and not known_absent:
        relationship = own_relationship(company=company, user=user)
    # Active and former contact persons in one query.
    persons = list(ContactPerson.objects.for_user(user).filter(relationship__company=company))
    page = CompanyPage(
        company=company,
        relationship=relationship,
        workplaces=workplaces_for_company(company=company),
        contact_persons=[person for person in persons if person.is_active],
        former_contact_persons=[person for person in persons if not person.is_active],
        consultants=list(User.objects.for_user(user).active().consultants()),
    )
    if relationship is not None:
        page.timeline = contact_timeline_page(user=user, relationship=relationship)
        page.agreements = open_agreements(user=user, relationship=relationship)
        page.segment_history = segment_history_for_relationship(
            user=user, relationship=relationship
        )
        # The newest entries often answer these two without a query of their own.
        latest, latest_is_all = page.timeline.contacts, not page.timeline.has_more
        page.service_demands = service_demands_for_company_page(
            user=user, relationship=relationship, latest=latest, latest_is_all=latest_is_all
        )
        page.colleague_contact = colleague_contact_warning(
            company=company, user=user, latest=latest, latest_is_all=latest_is_all
        )
    page.other_jobcenters = other_jobcenters_relationships(company=company, jobcenter=jobcenter)
    page.job_orders = job_orders_for_company_page(user=user, company=company)
    return page
