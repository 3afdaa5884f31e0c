"""Correcting a company's and its workplaces' phone and e-mail (the jobcenter's own
values, shown instead of CVR's). Reached from the contact details partial on the company
page and the call page, and back to where the consultant came from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.access import AuthenticatedRequest, jobcenter_required, request_jobcenter

from .. import selectors, services
from ..forms import ContactDetailsForm
from ..models import Company


@login_required
@jobcenter_required
def contact_details_edit(request: AuthenticatedRequest, code: str) -> HttpResponse:
    company = Company.objects.get_visible_or_404(request.user, code=code)
    lines = selectors.contact_details(company=company, jobcenter=request_jobcenter(request))
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    forms = {
        line.place: ContactDetailsForm(
            prefix=f"place-{line.place}", initial={"phone": line.phone, "email": line.email}
        )
        for line in lines
    }
    status = 200
    if request.method == "POST":
        place = request.POST.get("place", "")
        if place not in forms:
            messages.error(request, _("Choose the company or one of its workplaces."))
            status = 400
        else:
            form = forms[place] = ContactDetailsForm(request.POST, prefix=f"place-{place}")
            if form.is_valid():
                workplace = None if place == "company" else company.workplaces.get(p_number=place)
                services.contact_details_correct(
                    user=request.user, company=company, workplace=workplace, **form.cleaned_data
                )
                messages.success(request, _("The phone and e-mail were saved."))
                return redirect(back or company.get_absolute_url())
            messages.error(request, _("Nothing was saved. Correct the fields marked below."))
            status = 400
    context = {
        "company": company,
        "entries": [(line, forms[line.place]) for line in lines],
        "next": back,
    }
    return render(request, "companies/contact_details_edit.html", context, status=status)
