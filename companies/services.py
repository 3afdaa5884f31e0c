"""Writes to the register and to a jobcenter's relationships. Every write of the
companies app goes through here; views, commands and tasks call these."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Jobcenter, User
from planning.services import reminders_close_for_relationship
from servicepackages.models import Product

from .identifiers import normalise_cvr
from .models import (
    Agreement,
    Company,
    CompanyRelationship,
    Contact,
    ContactDetailsCorrection,
    ContactPerson,
    Municipality,
    Workplace,
)


def relationship_get_or_create(*, jobcenter: Jobcenter, company: Company) -> CompanyRelationship:
    relationship, _ = CompanyRelationship.objects.get_or_create(
        jobcenter=jobcenter, company=company
    )
    return relationship


@transaction.atomic
def company_create_manual(
    *,
    name: str,
    cvr: str = "",
    address: str = "",
    postal_code: str = "",
    city: str = "",
    municipality: Municipality | None = None,
) -> Company:
    """A company typed in by hand (no CVR number is allowed); callers warn about
    likely duplicates first (selectors.company_likely_duplicates)."""
    company = Company(
        name=name,
        cvr=normalise_cvr(cvr) or None,
        address=address,
        postal_code=postal_code,
        city=city,
        municipality=municipality,
        municipality_codes=[municipality.code] if municipality else [],
        source=Company.Source.MANUAL,
    )
    company.refresh_search_text()
    company.full_clean()
    company.save()
    return company


@transaction.atomic
def relationship_update(
    *,
    relationship: CompanyRelationship,
    is_known: bool,
    responsible: User | None,
    opted_out_on: datetime.date | None,
    opt_out_reason: str,
) -> CompanyRelationship:
    relationship.is_known = is_known
    relationship.responsible = responsible
    relationship.opted_out_on = opted_out_on
    relationship.opt_out_reason = opt_out_reason if opted_out_on else ""
    relationship.full_clean()
    relationship.save(update_fields=["is_known", "responsible", "opted_out_on", "opt_out_reason"])
    # An opt-out ends the company's reminders at once (issue 5), not at the next run.
    transaction.on_commit(lambda: reminders_close_for_relationship(relationship))
    return relationship


def contact_person_create(
    *,
    relationship: CompanyRelationship,
    name: str,
    position: str = "",
    phone: str = "",
    email: str = "",
) -> ContactPerson:
    person = ContactPerson(
        jobcenter=relationship.jobcenter,
        relationship=relationship,
        name=name,
        position=position,
        phone=phone,
        email=email,
    )
    person.full_clean()
    person.save()
    return person


# Keys to rows the caller has just loaded (and a fresh random code): checking that they
# exist would cost a query each on the contact log's hot path; the database checks anyway.
_LOADED_KEYS = ["jobcenter", "relationship", "consultant", "contact_person", "contact", "code"]


def contact_details_correct(
    *, user: User, company: Company, workplace: Workplace | None, phone: str, email: str
) -> ContactDetailsCorrection | None:
    """The jobcenter's own phone and e-mail for the company (or one of its workplaces),
    shown instead of CVR's. The register's values stay as CVR has them; giving CVR's
    values back removes the correction."""
    assert user.jobcenter is not None  # views are jobcenter_required
    corrections = ContactDetailsCorrection.objects.for_jobcenter(user.jobcenter).filter(
        company=company, workplace=workplace
    )
    unit: Company | Workplace = workplace or company
    if phone == unit.phone and email == unit.email:
        corrections.delete()
        return None
    correction, _created = corrections.update_or_create(
        jobcenter=user.jobcenter,
        company=company,
        workplace=workplace,
        defaults={"phone": phone, "email": email, "corrected_by": user},
    )
    return correction


@dataclass
class AgreementInput:
    description: str
    deadline: datetime.date
    responsible_side: str = Agreement.Side.JOBCENTER
    responsible_user: User | None = None
    responsible_person: ContactPerson | None = None


@transaction.atomic
def contact_log(
    *,
    user: User,
    company: Company,
    channel: str,
    occurred_at: datetime.datetime,
    status: str = Contact.Status.DONE,
    direction: str = Contact.Direction.OUTBOUND,
    summary: str = "",
    contact_person: ContactPerson | None = None,
    agreements: list[AgreementInput] | None = None,
) -> Contact:
    """Log (or plan) a contact with the company for the user's jobcenter, with any
    agreements made at it. Creates the jobcenter's relationship on first contact."""
    assert user.jobcenter_id is not None
    # By key: the page's hot path loads neither the jobcenter nor anything twice.
    relationship, _ = CompanyRelationship.objects.get_or_create(
        jobcenter_id=user.jobcenter_id, company=company
    )
    if contact_person is not None and contact_person.relationship_id != relationship.pk:
        raise ValueError("The contact person belongs to another relationship.")
    contact = Contact(
        jobcenter_id=user.jobcenter_id,
        relationship=relationship,
        consultant=user,
        contact_person=contact_person,
        channel=channel,
        direction=direction,
        status=status,
        occurred_at=occurred_at,
        summary=summary,
    )
    contact.full_clean(exclude=_LOADED_KEYS, validate_unique=False)
    contact.save()
    for item in agreements or []:
        agreement_create(
            relationship=relationship,
            contact=contact,
            description=item.description,
            deadline=item.deadline,
            responsible_side=item.responsible_side,
            responsible_user=item.responsible_user
            or (user if item.responsible_side == Agreement.Side.JOBCENTER else None),
            responsible_person=item.responsible_person,
        )
    # A logged contact may satisfy an open reminder (issue 5): close it once committed.
    transaction.on_commit(lambda: reminders_close_for_relationship(relationship))
    return contact


def agreement_create(
    *,
    relationship: CompanyRelationship,
    description: str,
    deadline: datetime.date,
    responsible_side: str = Agreement.Side.JOBCENTER,
    responsible_user: User | None = None,
    responsible_person: ContactPerson | None = None,
    contact: Contact | None = None,
    service_product: Product | None = None,
) -> Agreement:
    agreement = Agreement(
        service_product=service_product,
        jobcenter_id=relationship.jobcenter_id,
        relationship=relationship,
        contact=contact,
        description=description,
        deadline=deadline,
        responsible_side=responsible_side,
        responsible_user=responsible_user,
        responsible_person=responsible_person,
    )
    agreement.full_clean(
        exclude=[*_LOADED_KEYS, "responsible_user", "responsible_person", "service_product"],
        validate_unique=False,
    )
    agreement.save()
    return agreement


def _claim_planned(contact: Contact, **changes: object) -> bool:
    # Atomic claim: only a contact that is still planned changes, so two clicks (or two
    # consultants) cannot both complete or cancel it.
    updated = Contact.objects.filter(pk=contact.pk, status=Contact.Status.PLANNED).update(**changes)
    contact.refresh_from_db()
    return updated == 1


def contact_complete(*, contact: Contact, summary: str = "") -> bool:
    """Mark a planned contact as done. A planned call done early is re-dated to now; a
    visit is completed only once its time has come (a checklist filled in beforehand
    never completes it), so a future visit raises ValidationError."""
    if contact.channel == Contact.Channel.VISIT and contact.occurred_at > timezone.now():
        raise ValidationError(_("A visit can be marked as done once its time has come."))
    changes: dict[str, object] = {"status": Contact.Status.DONE}
    if summary:
        changes["summary"] = summary
    if contact.occurred_at > timezone.now():
        changes["occurred_at"] = timezone.now()
    completed = _claim_planned(contact, **changes)
    if completed:
        relationship = contact.relationship
        transaction.on_commit(lambda: reminders_close_for_relationship(relationship))
    return completed


def contact_move(*, contact: Contact, occurred_at: datetime.datetime) -> bool:
    return _claim_planned(contact, occurred_at=occurred_at)


def contact_cancel(*, contact: Contact) -> bool:
    return _claim_planned(contact, status=Contact.Status.CANCELLED)


def agreement_set_status(*, agreement: Agreement, status: str) -> bool:
    updated = Agreement.objects.filter(pk=agreement.pk, status=Agreement.Status.OPEN).update(
        status=status,
        completed_at=timezone.now() if status == Agreement.Status.DONE else None,
    )
    agreement.refresh_from_db()
    return updated == 1
