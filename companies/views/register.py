"""The whole register, also outside the jobcenter's area (issue 8.11): find any company
by CVR number or name, and take one in as the jobcenter's own relationship after a clear
confirmation. Only register facts are shown of a company the jobcenter does not work
with; another jobcenter's relationship stays its own (the company page shows what it may
see once the company is taken in)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import AuthenticatedRequest, jobcenter_required, request_jobcenter
from accounts.models import User
from jobcenter_crm.lib.forms import posted

from .. import governance
from ..forms import CompanyTakeInForm, RegisterSearchForm
from ..models import Company

# A search of the whole register shows the best matches; more words narrow it.
REGISTER_RESULTS = 25


@login_required
@jobcenter_required
@require_GET
def register_search(request: AuthenticatedRequest) -> HttpResponse:
    jobcenter = request_jobcenter(request)
    form = RegisterSearchForm(request.GET or None)
    results: list[Company] = []
    visible: set[int] = set()
    if form.is_valid() and form.cleaned_data["q"]:
        results = list(
            Company.objects.filter(merged_into__isnull=True)
            .search(form.cleaned_data["q"])
            .select_related("municipality")
            .defer("search_text")[: REGISTER_RESULTS + 1]
        )
        visible = set(
            Company.objects.visible_to(jobcenter)
            .filter(pk__in=[company.pk for company in results])
            .values_list("pk", flat=True)
        )
    context = {
        "form": form,
        "results": [(company, company.pk in visible) for company in results[:REGISTER_RESULTS]],
        "more": len(results) > REGISTER_RESULTS,
        "searched": bool(form.is_bound and form.is_valid() and form.cleaned_data["q"]),
    }
    return render(request, "companies/register_search.html", context)


@login_required
@jobcenter_required
def register_company(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """A company of the register: the company page if the jobcenter sees it already,
    otherwise its register facts and the confirmation to take it in."""
    jobcenter = request_jobcenter(request)
    company = (
        Company.objects.select_related("municipality", "industry_section", "merged_into")
        .filter(code=code)
        .first()
    )
    if company is None:
        raise Http404
    if Company.objects.visible_to(jobcenter).filter(pk=company.pk).exists():
        return redirect(company.get_absolute_url())
    may_be_responsible = request.user.role != User.Role.ADMIN
    form = CompanyTakeInForm(posted(request), may_be_responsible=may_be_responsible)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                governance.company_take_in(
                    jobcenter=jobcenter,
                    company=company,
                    responsible=request.user
                    if may_be_responsible and form.cleaned_data.get("responsible")
                    else None,
                )
            except ValidationError as refusal:
                for message in refusal.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("%(company)s is now one of %(jobcenter)s's companies.")
                    % {"company": company, "jobcenter": jobcenter},
                )
                return redirect(company.get_absolute_url())
        status = 400
    context = {"company": company, "form": form}
    return render(request, "companies/register_company.html", context, status=status)
