"""Writes to the register and to a jobcenter's relationships. Every write of the
companies app goes through here; views, commands and tasks call these."""

import contextlib
import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import submissions
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
    ContactRevision,
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


def contact_person_update(
    *, person: ContactPerson, name: str, position: str = "", phone: str = "", email: str = ""
) -> ContactPerson:
    """Correct a contact person's details. Past contacts and agreements keep pointing at
    the person, so they read the corrected name."""
    person.name, person.position, person.phone, person.email = name, position, phone, email
    person.full_clean()
    person.save(update_fields=["name", "position", "phone", "email"])
    return person


def contact_person_set_active(*, person: ContactPerson, is_active: bool) -> ContactPerson:
    """Deactivate a person who left the company (or take them back): nothing is deleted,
    so past contacts and agreements still name them; only new ones no longer offer them."""
    person.is_active = is_active
    person.save(update_fields=["is_active"])
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
    relationship_id: int | None = None,
    has_open_reminders: bool = True,
    claim: submissions.Claim | None = None,
) -> Contact:
    """Log (or plan) a contact with the company for the user's jobcenter, with any
    agreements made at it. Creates the jobcenter's relationship on first contact.
    `relationship_id`: the jobcenter's relationship with the company, when the caller has
    read it already (None: looked up, and created on first contact).
    `has_open_reminders`: False when the caller knows the relationship has no open
    reminder (CompanyQuerySet.with_own_open_reminders), so there is none to close.
    `claim`: the form's one-time token, claimed with the writes (accounts.submissions);
    raises AlreadySubmitted, with nothing written, when an earlier submit claimed it."""
    assert user.jobcenter_id is not None
    # One write (the relationship known, no agreement) is atomic by itself: the usual
    # path is one statement with the claim, with no transaction round trips around it.
    one_write = relationship_id is not None and not agreements
    with contextlib.nullcontext() if one_write else transaction.atomic():
        if claim is not None and not one_write:
            submissions.claim_or_raise(claim)
        if relationship_id is not None:
            # By key: the page's hot path loads neither the jobcenter nor anything twice.
            relationship = CompanyRelationship(
                pk=relationship_id, jobcenter_id=user.jobcenter_id, company=company
            )
        else:
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
        if claim is not None and one_write:
            submissions.insert_claimed(contact, claim)
        else:
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
        # (A reminder the nightly run makes between the caller's read and this commit is
        # closed by the next run, which closes every reminder no longer due.)
        if has_open_reminders:
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


# What a correction may change; the rest (status, company, author) is the log's record.
CORRECTABLE_FIELDS = ("channel", "direction", "occurred_at", "summary", "contact_person")


@transaction.atomic
def contact_correct(
    *,
    contact: Contact,
    user: User,
    channel: str,
    direction: str,
    occurred_at: datetime.datetime,
    summary: str,
    contact_person: ContactPerson | None,
) -> bool:
    """Its author corrects a done contact. The version before is kept as a
    ContactRevision and the contact marked corrected, so the log shows that it was and
    what it said. Returns False when nothing changed (then no revision is written).

    Raises PermissionDenied for anybody but the author and ValidationError for a contact
    that is not done (planned ones are moved, completed or cancelled instead)."""
    # Locked: two corrections at once each keep the version they replaced.
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if locked.consultant_id != user.pk:
        raise PermissionDenied(_("Only the consultant who logged a contact can correct it."))
    if locked.status != Contact.Status.DONE:
        raise ValidationError(_("Only a contact that is done can be corrected."), code="status")
    if contact_person is not None and contact_person.relationship_id != locked.relationship_id:
        raise ValidationError(_("Choose a contact person at this company."), code="person")
    changes: dict[str, object] = {
        "channel": channel,
        "direction": direction,
        "occurred_at": occurred_at,
        "summary": summary,
        "contact_person": contact_person,
    }
    if all(getattr(locked, name) == value for name, value in changes.items()):
        return False
    now = timezone.now()
    ContactRevision.objects.create(
        jobcenter_id=locked.jobcenter_id,
        contact=locked,
        corrected_by=user,
        corrected_at=now,
        **{name: getattr(locked, name) for name in CORRECTABLE_FIELDS},
    )
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.corrected_at = now
    locked.full_clean(exclude=_LOADED_KEYS, validate_unique=False)
    locked.save(update_fields=[*CORRECTABLE_FIELDS, "corrected_at"])
    contact.refresh_from_db()
    # A moved date may settle (or no longer settle) a reminder.
    relationship = locked.relationship
    transaction.on_commit(lambda: reminders_close_for_relationship(relationship))
    return True


def agreement_deadline_change(*, agreement: Agreement, deadline: datetime.date) -> bool:
    """Move an open agreement's deadline; False if it is no longer open (claimed in one
    UPDATE, as the status change is)."""
    updated = Agreement.objects.filter(pk=agreement.pk, status=Agreement.Status.OPEN).update(
        deadline=deadline
    )
    agreement.refresh_from_db()
    return updated == 1


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
