"""The company page's reads: one `company_page(company=, user=)` selector composed of each
app's own selectors, so the view only binds forms and renders. Other apps add their panel
by adding a field here and an include to companies/company_detail.html."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from accounts.models import User
from screening.models import SegmentAssessment
from screening.selectors import segment_history_for_relationship
from servicepackages.selectors import CompanyServiceDemands, service_demands_for_company_page

from .models import Agreement, Company, CompanyRelationship, Contact, ContactPerson, Workplace
from .selectors import OtherJobcenterView, colleague_contact_warning, other_jobcenters_relationships

TIMELINE_LENGTH = 50


@dataclass
class CompanyPage:
    """Everything the company page shows. The private parts (relationship, contacts,
    agreements, contact persons, segments, demands) are the user's own jobcenter's only."""

    company: Company
    relationship: CompanyRelationship | None
    workplaces: list[Workplace]
    contact_persons: list[ContactPerson]
    # The choices of the page's forms (evaluated by the forms themselves).
    contact_person_choices: "QuerySet[ContactPerson]"
    consultant_choices: "QuerySet[User]"
    contacts: list[Contact] = field(default_factory=list)
    timeline_truncated: bool = False
    agreements: list[Agreement] = field(default_factory=list)
    other_jobcenters: list[OtherJobcenterView] = field(default_factory=list)
    colleague_contact: Contact | None = None
    segment_history: list[SegmentAssessment] = field(default_factory=list)
    service_demands: CompanyServiceDemands = field(default_factory=CompanyServiceDemands)


def own_relationship(*, company: Company, user: User) -> CompanyRelationship | None:
    return (
        CompanyRelationship.objects.for_user(user)
        .select_related("segment", "responsible")
        .filter(company=company)
        .first()
    )


def workplaces_for_company(*, company: Company) -> list[Workplace]:
    return list(company.workplaces.select_related("municipality").order_by("-is_main", "name"))


def contact_timeline(
    *, user: User, relationship: CompanyRelationship, show_all: bool = False
) -> tuple[list[Contact], bool]:
    """The relationship's contact log, latest first: the first TIMELINE_LENGTH entries
    (or all), and whether there are more."""
    timeline = (
        Contact.objects.for_user(user)
        .filter(relationship=relationship)
        .select_related("consultant", "contact_person")
        .order_by("-occurred_at")
    )
    contacts = list(timeline if show_all else timeline[: TIMELINE_LENGTH + 1])
    truncated = not show_all and len(contacts) > TIMELINE_LENGTH
    return contacts[:TIMELINE_LENGTH], truncated


def open_agreements(*, user: User, relationship: CompanyRelationship) -> list[Agreement]:
    return list(
        Agreement.objects.for_user(user)
        .open()
        .filter(relationship=relationship)
        .select_related("responsible_user", "responsible_person")
        .order_by("deadline")
    )


def company_page(*, company: Company, user: User, show_all: bool = False) -> CompanyPage:
    """The page of `company` as `user` sees it (the company was reached through
    get_visible_or_404, which admits only a jobcenter's users)."""
    jobcenter = user.jobcenter
    assert jobcenter is not None
    relationship = own_relationship(company=company, user=user)
    persons = ContactPerson.objects.for_user(user).active_at(company)
    page = CompanyPage(
        company=company,
        relationship=relationship,
        workplaces=[],
        contact_persons=list(persons),
        contact_person_choices=persons.all(),
        consultant_choices=User.objects.for_user(user).active().consultants(),
    )
    if relationship is not None:
        page.contacts, page.timeline_truncated = contact_timeline(
            user=user, relationship=relationship, show_all=show_all
        )
        page.agreements = open_agreements(user=user, relationship=relationship)
        page.segment_history = segment_history_for_relationship(
            user=user, relationship=relationship
        )
    page.other_jobcenters = other_jobcenters_relationships(company=company, jobcenter=jobcenter)
    page.colleague_contact = colleague_contact_warning(company=company, user=user)
    page.service_demands = service_demands_for_company_page(user=user, relationship=relationship)
    page.workplaces = workplaces_for_company(company=company)
    return page
