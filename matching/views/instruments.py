"""Skånejob, mentor and jobrotation registered for a company (samarbejdsgrad, issue 12
point 5): the company's list and the form, opened from the company page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import AuthenticatedRequest, jobcenter_required, request_jobcenter
from companies.models import Company
from jobcenter_crm.lib.forms import posted

from .. import services
from ..forms import InstrumentForm
from ..models import CompanyInstrument


@jobcenter_required
def company_instruments(request: AuthenticatedRequest, code: str) -> HttpResponse:
    company = Company.objects.get_visible_or_404(request.user, code=code)
    form = InstrumentForm(
        posted(request),
        workplaces=company.workplaces.filter(ceased_on__isnull=True).order_by("-is_main", "name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_register(user=request.user, company=company, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The instrument is registered."))
            return redirect(reverse("matching:company-instruments", args=[company.code]))
    if form.is_bound:
        messages.error(request, _("The instrument was not registered. Correct the fields marked."))
    instruments = (
        CompanyInstrument.objects.for_jobcenter(request_jobcenter(request))
        .filter(company=company)
        .select_related("workplace", "registered_by")
    )
    return render(
        request,
        "matching/company_instruments.html",
        {"company": company, "form": form, "instruments": instruments},
        status=400 if form.is_bound else 200,
    )
