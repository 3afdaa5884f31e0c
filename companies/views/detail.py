"""The company page and what is done from it: log or plan a contact with an agreement,
edit the relationship, add contact persons, mark contacts and agreements, merge."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import (
    AuthenticatedRequest,
    admin_required,
    jobcenter_required,
    request_jobcenter,
)
from accounts.models import User
from accounts.submissions import AlreadySubmitted, Claim, earlier_result, submit_once
from jobcenter_crm.lib.forms import posted, preload_choices

from .. import governance, selectors, services
from ..company_page import company_page, contact_timeline_page, own_relationship
from ..forms import (
    CompanyCreateForm,
    CompanyMergeForm,
    ContactLogForm,
    ContactPersonForm,
    RelationshipForm,
)
from ..models import Agreement, Company, Contact, ContactPerson, MergeRequest


def _log_initial(request: AuthenticatedRequest) -> dict[str, str]:
    """Links such as the plan's "plan a visit" preset the log form's channel and status."""
    initial = {}
    if request.GET.get("channel") in Contact.Channel.values:
        initial["channel"] = request.GET["channel"]
    if request.GET.get("status") in (Contact.Status.DONE, Contact.Status.PLANNED):
        initial["status"] = request.GET["status"]
    return initial


def _company_page(
    request: AuthenticatedRequest,
    company: Company,
    *,
    log_form: ContactLogForm | None = None,
    relationship_form: RelationshipForm | None = None,
    person_form: ContactPersonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = company_page(company=company, user=request.user)
    relationship = page.relationship
    log_form = log_form or ContactLogForm(initial=_log_initial(request))
    preload_choices(log_form, "contact_person", page.contact_persons)
    relationship_form = relationship_form or RelationshipForm(
        initial={
            "is_known": relationship.is_known if relationship else False,
            "responsible": relationship.responsible_id if relationship else None,
            "opted_out": bool(relationship and relationship.opted_out_on),
            "opt_out_reason": relationship.opt_out_reason if relationship else "",
        },
    )
    preload_choices(relationship_form, "responsible", page.consultants)
    context = {
        "page": page,
        "company": company,
        "relationship": relationship,
        "workplaces": page.workplaces,
        "contact_persons": page.contact_persons,
        "former_contact_persons": page.former_contact_persons,
        "timeline": page.timeline,
        "contacts": page.timeline.contacts,
        "agreements": page.agreements,
        "today": timezone.localdate(),
        "other_jobcenters": page.other_jobcenters,
        "colleague_contact": page.colleague_contact,
        "segment_history": page.segment_history,
        "service_demands": page.service_demands,
        "log_form": log_form,
        "relationship_form": relationship_form,
        "person_form": person_form or ContactPersonForm(),
    }
    return render(request, "companies/company_detail.html", context, status=status)


@login_required
@jobcenter_required
def company_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    company = (
        # Not merged_into: a merged record is rare, and its header then reads the one row.
        Company.objects.select_related("municipality", "industry_section")
        .with_own_relationship(request.user)
        .get_visible_or_404(request.user, code=code)
    )
    return _company_page(request, company)


@login_required
@jobcenter_required
@require_GET
def company_timeline(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """The next entries of the contact log after `?after=<contact code>`: the entries
    alone for htmx's "vis flere", a page of their own without JavaScript."""
    company = Company.objects.get_visible_or_404(request.user, code=code)
    relationship = own_relationship(company=company, user=request.user)
    if relationship is None:
        raise Http404
    after = None
    if "after" in request.GET:
        try:
            after_code = uuid.UUID(request.GET["after"])
        except ValueError:
            return HttpResponseBadRequest(_("Unknown position in the contact log."))
        after = get_object_or_404(
            Contact.objects.for_user(request.user).filter(relationship=relationship),
            code=after_code,
        )
    timeline = contact_timeline_page(user=request.user, relationship=relationship, after=after)
    context = {
        "company": company,
        "timeline": timeline,
        "contacts": timeline.contacts,
        "after": after,
    }
    if request.headers.get("HX-Request"):
        response = render(request, "companies/partials/contact_timeline_entries.html", context)
    else:
        response = render(request, "companies/company_timeline.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@jobcenter_required
@require_POST
def contact_log(request: AuthenticatedRequest, code: str) -> HttpResponse:
    # The jobcenter's relationship comes in the same query, so logging reads it no more.
    company = (
        Company.objects.with_own_relationship_id(request.user)
        .with_own_open_reminders()
        .get_visible_or_404(request.user, code=code)
    )
    persons = ContactPerson.objects.for_user(request.user).active_at(company)
    form = ContactLogForm(request.POST, contact_persons=persons)
    if not form.is_valid():
        # A repeat of a form that was saved may no longer validate (the time is now in
        # the past, the person was deactivated): it leads to the first result. A valid
        # repeat is caught by submit_once below, so this costs the usual path nothing.
        if earlier := earlier_result(user=request.user, data=request.POST):
            messages.info(request, _("The form had been sent already; it was saved once."))
            return redirect(earlier)
        messages.error(request, _("The contact was not saved. Correct the fields marked below."))
        return _company_page(request, company, log_form=form, status=400)
    data = form.cleaned_data
    result_url = company.get_absolute_url() + "#timeline"
    # The one-time token is claimed by the service, in the same statement as the contact.
    token = data.get("submit_token")
    claim = Claim(user=request.user, token=token, url=result_url) if token else None
    try:
        _contact_log_from_form(request, company, data, claim)
    except AlreadySubmitted as repeat:
        messages.info(request, _("The form had been sent already; it was saved once."))
        return redirect(repeat.url)
    messages.success(request, _("The contact was saved."))
    return redirect(result_url)


def _contact_log_from_form(
    request: AuthenticatedRequest, company: Company, data: dict[str, Any], claim: Claim | None
) -> None:
    agreements = []
    if data["agreement_description"]:
        agreements.append(
            services.AgreementInput(
                description=data["agreement_description"],
                deadline=data["agreement_deadline"],
                responsible_side=data["agreement_responsible_side"] or Agreement.Side.JOBCENTER,
                responsible_person=data["contact_person"]
                if data["agreement_responsible_side"] == Agreement.Side.COMPANY
                else None,
            )
        )
    services.contact_log(
        user=request.user,
        company=company,
        relationship_id=company.own_id,  # type: ignore[attr-defined]  # with_own_relationship_id
        has_open_reminders=company.own_has_open_reminders,  # type: ignore[attr-defined]
        channel=data["channel"],
        direction=data["direction"],
        status=data["status"],
        occurred_at=data["occurred_at"],
        summary=data["summary"],
        contact_person=data["contact_person"],
        agreements=agreements,
        claim=claim,
    )


@login_required
@jobcenter_required
@require_POST
def relationship_edit(request: AuthenticatedRequest, code: str) -> HttpResponse:
    company = Company.objects.get_visible_or_404(request.user, code=code)
    consultants = User.objects.for_user(request.user).active().consultants()
    current = own_relationship(company=company, user=request.user)
    form = RelationshipForm(
        request.POST,
        consultants=consultants,
        segment_number=current.segment.number if current and current.segment else None,
    )
    if not form.is_valid():
        messages.error(
            request, _("The relationship was not saved. Correct the fields marked below.")
        )
        return _company_page(request, company, relationship_form=form, status=400)
    jobcenter = request_jobcenter(request)
    relationship = services.relationship_get_or_create(jobcenter=jobcenter, company=company)
    opted_out_on = None
    if form.cleaned_data["opted_out"]:
        opted_out_on = relationship.opted_out_on or timezone.localdate()
    services.relationship_update(
        relationship=relationship,
        is_known=form.cleaned_data["is_known"],
        responsible=form.cleaned_data["responsible"],
        opted_out_on=opted_out_on,
        opt_out_reason=form.cleaned_data["opt_out_reason"],
    )
    messages.success(request, _("The relationship was saved."))
    return redirect(company.get_absolute_url())


@login_required
@jobcenter_required
@require_POST
def contact_person_create(request: AuthenticatedRequest, code: str) -> HttpResponse:
    company = Company.objects.get_visible_or_404(request.user, code=code)
    form = ContactPersonForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The contact person was not saved. Correct the fields marked below.")
        )
        return _company_page(request, company, person_form=form, status=400)
    jobcenter = request_jobcenter(request)
    relationship = services.relationship_get_or_create(jobcenter=jobcenter, company=company)
    services.contact_person_create(relationship=relationship, **form.cleaned_data)
    messages.success(request, _("The contact person was added."))
    return redirect(company.get_absolute_url() + "#contact-persons")


def _contact_action(request: AuthenticatedRequest, code: str, action: str) -> HttpResponse:
    contact = Contact.objects.select_related("relationship__company").get_for_user_or_404(
        request.user, code=code
    )
    if action == "complete":
        try:
            changed = services.contact_complete(
                contact=contact, summary=request.POST.get("summary", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(contact.relationship.company.get_absolute_url() + "#timeline")
    elif action == "cancel":
        changed = services.contact_cancel(contact=contact)
    else:
        form = ContactLogForm(
            data={
                **request.POST.dict(),
                "channel": contact.channel,
                "direction": contact.direction,
                "status": "planned",
            }
        )
        if not form.is_valid() or "occurred_at" in form.errors:
            messages.error(request, _("Choose a valid new time."))
            return redirect(contact.relationship.company.get_absolute_url() + "#timeline")
        changed = services.contact_move(
            contact=contact, occurred_at=form.cleaned_data["occurred_at"]
        )
    if changed:
        messages.success(request, _("The planned contact was updated."))
    else:
        messages.warning(request, _("The contact is no longer planned; nothing was changed."))
    return redirect(contact.relationship.company.get_absolute_url() + "#timeline")


@login_required
@jobcenter_required
@require_POST
def contact_complete(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _contact_action(request, code, "complete")


@login_required
@jobcenter_required
@require_POST
def contact_move(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _contact_action(request, code, "move")


@login_required
@jobcenter_required
@require_POST
def contact_cancel(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _contact_action(request, code, "cancel")


@login_required
@jobcenter_required
@require_POST
def agreement_status(request: AuthenticatedRequest, code: str) -> HttpResponse:
    agreement = Agreement.objects.select_related("relationship__company").get_for_user_or_404(
        request.user, code=code
    )
    status = request.POST.get("status")
    if status not in (Agreement.Status.DONE, Agreement.Status.CANCELLED):
        messages.error(request, _("Unknown status."))
    elif services.agreement_set_status(agreement=agreement, status=status):
        messages.success(request, _("The agreement was updated."))
    else:
        messages.warning(request, _("The agreement is no longer open; nothing was changed."))
    next_url = request.POST.get("next")
    if next_url == "home":
        return redirect("reports:home")
    return redirect(agreement.relationship.company.get_absolute_url() + "#agreements")


class _SimilarCompaniesExist(Exception):
    pass


@login_required
@jobcenter_required
def company_create(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST" and (
        earlier := earlier_result(user=request.user, data=request.POST)
    ):
        messages.info(request, _("The form had been sent already; it was saved once."))
        return redirect(earlier)
    form = CompanyCreateForm(posted(request))
    duplicates: list[Company] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        jobcenter = request_jobcenter(request)
        municipality = data["municipality"] or jobcenter.municipality

        def create() -> str:
            # Checked after the token is claimed, so a second submit at the same moment
            # waits for the first and is led to its company, not warned about it.
            duplicates.extend(
                selectors.company_likely_duplicates(
                    name=data["name"], postal_code=data["postal_code"]
                )
            )
            if duplicates and not data["confirm_not_duplicate"]:
                raise _SimilarCompaniesExist
            governance.manual_company_check_area(jobcenter=jobcenter, municipality=municipality)
            company = services.company_create_manual(
                name=data["name"],
                cvr=data["cvr"],
                address=data["address"],
                postal_code=data["postal_code"],
                city=data["city"],
                municipality=municipality,
            )
            services.relationship_get_or_create(jobcenter=jobcenter, company=company)
            return company.get_absolute_url()

        try:
            submitted = submit_once(user=request.user, token=data.get("submit_token"), act=create)
        except _SimilarCompaniesExist:
            messages.warning(
                request,
                _(
                    "Similar companies are in the register already. "
                    "Check them before you create a new one."
                ),
            )
        except ValidationError as refusal:
            form.add_error("municipality", refusal)
        else:
            if submitted.first:
                messages.success(request, _("The company was created."))
            else:
                messages.info(request, _("The form had been sent already; it was saved once."))
            return redirect(submitted.url)
    return render(
        request, "companies/company_create.html", {"form": form, "duplicates": duplicates}
    )


@login_required
@admin_required
def company_merge(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Merge this (duplicate) record into another one that is kept."""
    company = Company.objects.get_visible_or_404(request.user, code=code)
    candidates = [
        candidate
        for candidate in selectors.company_likely_duplicates(name=company.name, limit=10)
        if candidate.pk != company.pk
    ]
    form = CompanyMergeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        kept = Company.objects.get_visible_or_404(request.user, code=form.cleaned_data["keep"])
        if kept.pk == company.pk:
            form.add_error("keep", _("Choose another record than this one."))
        else:
            try:
                result = governance.company_merge_or_request(
                    kept=kept, merged=company, user=request.user
                )
            except ValidationError as refusal:
                for message in refusal.messages:
                    form.add_error(None, message)
            else:
                if isinstance(result, MergeRequest):
                    messages.info(
                        request,
                        _(
                            "Another jobcenter works with one of the records (%(reason)s), so "
                            "the merge was sent to the operator as a request. Nothing has "
                            "changed yet."
                        )
                        % {"reason": result.reason},
                    )
                    return redirect(company.get_absolute_url())
                messages.success(
                    request,
                    _("%(merged)s was merged into %(kept)s.") % {"merged": company, "kept": kept},
                )
                return redirect(kept.get_absolute_url())
    return render(
        request,
        "companies/company_merge.html",
        {"company": company, "candidates": candidates, "form": form},
    )
