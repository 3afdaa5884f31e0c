"""Registering skånejob, mentor and jobrotation for a company (samarbejdsgrad)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import Company, Workplace

from ..models import CompanyInstrument


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
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": _("The end cannot be before the start.")})
    if workplace is not None and workplace.company_id != company.pk:
        raise ValidationError({"workplace": _("Choose one of the company's workplaces.")})
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
    if ended_on < instrument.started_on:
        raise ValidationError({"ended_on": _("The end cannot be before the start.")})
    instrument.ended_on = ended_on
    instrument.save(update_fields=["ended_on"])
    return instrument
