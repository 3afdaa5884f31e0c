"""Skånejob, mentor and jobrotation registered for a company (samarbejdsgrad, issue 12
point 5): the company's list and the form, opened from the company page, and the end of a
running one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import AuthenticatedRequest, jobcenter_required, request_jobcenter
from companies.models import Company
from jobcenter_crm.lib.forms import posted

from .. import services
from ..forms import InstrumentEndForm, InstrumentForm
from ..models import CompanyInstrument


def _registration_form(company: Company, data: object = None) -> InstrumentForm:
    workplaces = company.workplaces.filter(ceased_on__isnull=True).order_by("-is_main", "name")
    return InstrumentForm(data, workplaces=workplaces)


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
        .select_related("workplace", "registered_by")
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
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
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
    instrument = get_object_or_404(
        CompanyInstrument.objects.for_jobcenter(request_jobcenter(request)).filter(company=company),
        code=instrument_code,
    )
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
