"""Changing what was recorded about a company without losing it (issue 8.8): a contact
person's details and deactivation, its author's correction of a logged contact (the
version before is kept and shown) and a new deadline for an open agreement. Each is a
small page of its own, reached from the company page and back to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import AuthenticatedRequest, jobcenter_required
from jobcenter_crm.lib.forms import posted

from .. import services
from ..forms import AgreementDeadlineForm, ContactCorrectionForm, ContactPersonForm
from ..models import Agreement, Contact, ContactPerson


@login_required
@jobcenter_required
def contact_person_edit(request: AuthenticatedRequest, code: str) -> HttpResponse:
    person = ContactPerson.objects.select_related("relationship__company").get_for_user_or_404(
        request.user, code=code
    )
    company = person.relationship.company
    initial = {field: getattr(person, field) for field in ("name", "position", "phone", "email")}
    form = ContactPersonForm(posted(request), initial=initial)
    if request.method == "POST":
        if form.is_valid():
            services.contact_person_update(person=person, **form.cleaned_data)
            messages.success(request, _("The contact person was saved."))
            return redirect(company.get_absolute_url() + "#contact-persons")
        messages.error(
            request, _("The contact person was not saved. Correct the fields marked below.")
        )
    context = {"person": person, "company": company, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "companies/contact_person_edit.html", context, status=status)


def _contact_person_set_active(
    request: AuthenticatedRequest, code: str, *, is_active: bool
) -> HttpResponse:
    person = ContactPerson.objects.select_related("relationship__company").get_for_user_or_404(
        request.user, code=code
    )
    services.contact_person_set_active(person=person, is_active=is_active)
    if is_active:
        messages.success(request, _("%(name)s is a contact person again.") % {"name": person.name})
    else:
        messages.success(
            request,
            _(
                "%(name)s is no longer offered for new contacts. Past contacts and "
                "agreements still name them."
            )
            % {"name": person.name},
        )
    return redirect(person.relationship.company.get_absolute_url() + "#contact-persons")


@login_required
@jobcenter_required
@require_POST
def contact_person_deactivate(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _contact_person_set_active(request, code, is_active=False)


@login_required
@jobcenter_required
@require_POST
def contact_person_reactivate(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _contact_person_set_active(request, code, is_active=True)


@login_required
@jobcenter_required
def contact_correct(request: AuthenticatedRequest, code: str) -> HttpResponse:
    contact = Contact.objects.select_related(
        "relationship__company", "contact_person"
    ).get_for_user_or_404(request.user, code=code)
    company = contact.relationship.company
    if contact.consultant_id != request.user.pk:
        raise PermissionDenied(_("Only the consultant who logged a contact can correct it."))
    if contact.status != Contact.Status.DONE:
        messages.error(request, _("Only a contact that is done can be corrected."))
        return redirect(company.get_absolute_url() + "#timeline")
    # The active persons, and the one named now even if no longer active.
    persons = ContactPerson.objects.for_user(request.user).filter(
        Q(is_active=True) | Q(pk=contact.contact_person_id),
        relationship=contact.relationship,
    )
    initial = {
        "channel": contact.channel,
        "direction": contact.direction,
        "occurred_at": contact.occurred_at,
        "summary": contact.summary,
        "contact_person": contact.contact_person_id,
    }
    form = ContactCorrectionForm(posted(request), initial=initial, contact_persons=persons)
    if request.method == "POST":
        if form.is_valid():
            if services.contact_correct(contact=contact, user=request.user, **form.cleaned_data):
                messages.success(
                    request, _("The contact was corrected. The earlier version is kept.")
                )
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(company.get_absolute_url() + "#timeline")
        messages.error(
            request, _("The contact was not corrected. Correct the fields marked below.")
        )
    context = {"contact": contact, "company": company, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "companies/contact_correct.html", context, status=status)


@login_required
@jobcenter_required
@require_GET
def contact_revisions(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """A contact as it reads now and every earlier version, newest first."""
    contact = Contact.objects.select_related(
        "relationship__company", "consultant", "contact_person"
    ).get_for_user_or_404(request.user, code=code)
    revisions = contact.revisions.select_related("corrected_by", "contact_person")
    context = {
        "contact": contact,
        "company": contact.relationship.company,
        "revisions": list(revisions),
    }
    return render(request, "companies/contact_revisions.html", context)


@login_required
@jobcenter_required
def agreement_deadline(request: AuthenticatedRequest, code: str) -> HttpResponse:
    agreement = Agreement.objects.select_related("relationship__company").get_for_user_or_404(
        request.user, code=code
    )
    company = agreement.relationship.company
    if agreement.status != Agreement.Status.OPEN:
        messages.warning(request, _("The agreement is no longer open; nothing was changed."))
        return redirect(company.get_absolute_url() + "#agreements")
    form = AgreementDeadlineForm(posted(request), initial={"deadline": agreement.deadline})
    if request.method == "POST":
        if form.is_valid():
            if services.agreement_deadline_change(
                agreement=agreement, deadline=form.cleaned_data["deadline"]
            ):
                messages.success(request, _("The deadline was changed."))
            else:
                messages.warning(
                    request, _("The agreement is no longer open; nothing was changed.")
                )
            return redirect(company.get_absolute_url() + "#agreements")
        messages.error(request, _("The deadline was not changed. Correct the field marked below."))
    context = {"agreement": agreement, "company": company, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "companies/agreement_deadline.html", context, status=status)
