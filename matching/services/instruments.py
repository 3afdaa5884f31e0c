"""Registering skånejob, mentor and jobrotation for a company (samarbejdsgrad)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import Company, Workplace

from ..models import CompanyInstrument


def _check(
    *,
    company_id: int,
    started_on: datetime.date,
    ended_on: datetime.date | None,
    workplace: Workplace | None,
    own_workplace_id: int | None = None,
) -> None:
    """The rules of a registration and of its correction: it ends on or after its start,
    at one of the company's workplaces that has not ceased (unless it is the instrument's
    own already, which a correction keeps)."""
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": _("The end cannot be before the start.")})
    if workplace is not None and (
        workplace.company_id != company_id
        or (workplace.ceased_on is not None and workplace.pk != own_workplace_id)
    ):
        raise ValidationError({"workplace": _("Choose one of the company's workplaces.")})


def instrument_register(
    *,
    user: User,
    company: Company,
    kind: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    workplace: Workplace | None = None,
    note: str = "",
) -> CompanyInstrument:
    """One instrument registered by the user's jobcenter for the company (at one of its
    workplaces, when it has any)."""
    assert user.jobcenter is not None
    _check(company_id=company.pk, started_on=started_on, ended_on=ended_on, workplace=workplace)
    return CompanyInstrument.objects.create(
        jobcenter=user.jobcenter,
        company=company,
        workplace=workplace,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        note=note,
        registered_by=user,
    )


def instrument_end(*, instrument: CompanyInstrument, ended_on: datetime.date) -> CompanyInstrument:
    """End a running instrument (or move its end): it counts in the samarbejdsgrad up to
    and including `ended_on` and no longer after it."""
    _check(
        company_id=instrument.company_id,
        started_on=instrument.started_on,
        ended_on=ended_on,
        workplace=None,
    )
    instrument.ended_on = ended_on
    instrument.save(update_fields=["ended_on"])
    return instrument


def _same_jobcenter(user: User, instrument: CompanyInstrument) -> None:
    # The views find the instrument through the user's jobcenter already; the API and
    # commands call the same service, so the service refuses another jobcenter's too.
    if user.jobcenter_id is None or instrument.jobcenter_id != user.jobcenter_id:
        raise PermissionDenied


def instrument_update(
    *,
    user: User,
    instrument: CompanyInstrument,
    kind: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    workplace: Workplace | None = None,
    note: str = "",
) -> CompanyInstrument:
    """Correct what a registration says (kind, workplace, dates, note): all of it is
    replaced, and the samarbejdsgrad counts it for the periods it runs in from now on (the
    figures read instruments live). The rules are registration's (_check)."""
    _same_jobcenter(user, instrument)
    _check(
        company_id=instrument.company_id,
        started_on=started_on,
        ended_on=ended_on,
        workplace=workplace,
        own_workplace_id=instrument.workplace_id,
    )
    instrument.kind = kind
    instrument.workplace = workplace
    instrument.started_on = started_on
    instrument.ended_on = ended_on
    instrument.note = note
    instrument.corrected_at = timezone.now()
    instrument.corrected_by = user
    # The foreign keys and the code are not changed here, so their checks are left out.
    instrument.full_clean(
        exclude=["jobcenter", "company", "registered_by", "corrected_by", "workplace", "code"]
    )
    instrument.save(
        update_fields=[
            "kind",
            "workplace",
            "started_on",
            "ended_on",
            "note",
            "corrected_at",
            "corrected_by",
        ]
    )
    return instrument


def instrument_delete(*, user: User, instrument: CompanyInstrument) -> None:
    """Delete a registration made by mistake: it no longer counts in any samarbejdsgrad,
    also not for the periods already past. An instrument that has stopped is ended, not
    deleted."""
    _same_jobcenter(user, instrument)
    CompanyInstrument.objects.filter(pk=instrument.pk).delete()
