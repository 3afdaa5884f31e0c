"""Skånejob, mentor and jobrotation registered for a company (samarbejdsgrad, issue 12
point 5): the company's list and the form, opened from the company page, the end of a
running one, and the correction (or deletion) of a registration."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import AuthenticatedRequest, jobcenter_required, request_jobcenter
from companies.models import Company
from jobcenter_crm.lib.forms import posted

from .. import services
from ..forms import InstrumentEndForm, InstrumentForm
from ..models import CompanyInstrument


def _registration_form(company: Company, data: object = None) -> InstrumentForm:
    workplaces = company.workplaces.filter(ceased_on__isnull=True).order_by("-is_main", "name")
    return InstrumentForm(data, workplaces=workplaces)


def _correction_form(
    company: Company, instrument: CompanyInstrument, data: object = None
) -> InstrumentForm:
    # The company's current workplaces, and the instrument's own even if it has ceased since.
    workplaces = company.workplaces.filter(
        Q(ceased_on__isnull=True) | Q(pk=instrument.workplace_id)
    ).order_by("-is_main", "name")
    return InstrumentForm(
        data, workplaces=workplaces, initial=InstrumentForm.initial_from(instrument)
    )


def _get_instrument(
    request: AuthenticatedRequest, company: Company, instrument_code: str
) -> CompanyInstrument:
    """The instrument of the company registered by the user's jobcenter; 404 for any other."""
    return get_object_or_404(
        CompanyInstrument.objects.for_jobcenter(request_jobcenter(request))
        .filter(company=company)
        .select_related("workplace", "registered_by"),
        code=instrument_code,
    )


def _add_service_errors(form: InstrumentForm, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def _page(
    request: AuthenticatedRequest,
    company: Company,
    form: InstrumentForm,
    *,
    ending: CompanyInstrument | None = None,
    end_form: InstrumentEndForm | None = None,
    status: int = 200,
) -> HttpResponse:
    instruments = (
        CompanyInstrument.objects.for_jobcenter(request_jobcenter(request))
        .filter(company=company)
        .select_related("workplace", "registered_by", "corrected_by")
    )
    return render(
        request,
        "matching/company_instruments.html",
        {
            "company": company,
            "form": form,
            "instruments": instruments,
            # The running instrument whose end was refused, with the input and the reason.
            "ending": ending,
            "end_form": end_form or InstrumentEndForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


def _instruments_url(company: Company) -> str:
    return reverse("matching:company-instruments", args=[company.code])


@jobcenter_required
def company_instruments(request: AuthenticatedRequest, code: str) -> HttpResponse:
    company = Company.objects.get_visible_or_404(request.user, code=code)
    form = _registration_form(company, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_register(user=request.user, company=company, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The instrument is registered."))
            return redirect(_instruments_url(company))
    if form.is_bound:
        messages.error(request, _("The instrument was not registered. Correct the fields marked."))
    return _page(request, company, form, status=400 if form.is_bound else 200)


@jobcenter_required
@require_POST
def instrument_end(request: AuthenticatedRequest, code: str, instrument_code: str) -> HttpResponse:
    company = Company.objects.get_visible_or_404(request.user, code=code)
    instrument = _get_instrument(request, company, instrument_code)
    end_form = InstrumentEndForm(request.POST)
    if end_form.is_valid():
        try:
            services.instrument_end(instrument=instrument, **end_form.cleaned_data)
        except ValidationError as error:
            for message in error.message_dict.get("ended_on", []):
                end_form.add_error("ended_on", message)
        else:
            messages.success(request, _("The instrument is ended."))
            return redirect(_instruments_url(company))
    messages.error(request, _("The instrument was not ended. Correct the date."))
    return _page(
        request,
        company,
        _registration_form(company),
        ending=instrument,
        end_form=end_form,
        status=400,
    )


@jobcenter_required
def instrument_edit(request: AuthenticatedRequest, code: str, instrument_code: str) -> HttpResponse:
    company = Company.objects.get_visible_or_404(request.user, code=code)
    instrument = _get_instrument(request, company, instrument_code)
    form = _correction_form(company, instrument, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_update(
                user=request.user, instrument=instrument, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The instrument is corrected."))
            return redirect(_instruments_url(company))
    if form.is_bound:
        messages.error(request, _("The instrument was not corrected. Correct the fields marked."))
    return render(
        request,
        "matching/instrument_edit.html",
        {"company": company, "instrument": instrument, "form": form},
        status=400 if form.is_bound else 200,
    )


@jobcenter_required
@require_http_methods(["GET", "POST"])
def instrument_delete(
    request: AuthenticatedRequest, code: str, instrument_code: str
) -> HttpResponse:
    """GET asks whether to delete (what the registration says and what deleting it does);
    the POST of that page deletes."""
    company = Company.objects.get_visible_or_404(request.user, code=code)
    instrument = _get_instrument(request, company, instrument_code)
    if request.method == "GET":
        return render(
            request,
            "matching/instrument_delete.html",
            {"company": company, "instrument": instrument},
        )
    services.instrument_delete(user=request.user, instrument=instrument)
    messages.success(
        request, _("The registration is deleted. It no longer counts in the samarbejdsgrad.")
    )
    return redirect(_instruments_url(company))
