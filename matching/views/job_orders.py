"""Job-order pages: take an order from the company page, the order with its clock and
status actions, the jobcenter's list, the order watch and its settings."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import (
    AuthenticatedRequest,
    jobcenter_required,
    request_jobcenter,
    team_lead_required,
)
from accounts.models import User
from companies.models import Company
from jobcenter_crm.lib.forms import posted

from .. import services
from ..forms import JobOrderCloseForm, JobOrderForm, JobOrderSettingsForm
from ..models import CandidateAccessLog, JobOrder, Placement
from ..selectors import job_orders as order_selectors
from ..selectors.placements import placements_for_order

LIST_PAGE_SIZE = 50

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def _get_order(request: AuthenticatedRequest, code: str) -> JobOrder:
    return JobOrder.objects.select_related(
        "company", "workplace", "responsible", "closed_by"
    ).get_for_user_or_404(request.user, code=code)


def _order_form(request: AuthenticatedRequest, company: Company, **kwargs: object) -> JobOrderForm:
    return JobOrderForm(
        posted(request),
        workplaces=company.workplaces.filter(ceased_on__isnull=True).order_by("-is_main", "name"),
        consultants=User.objects.for_user(request.user).active().consultants(),
        settings=services.job_order_settings_get(jobcenter=request_jobcenter(request)),
        **kwargs,
    )


@jobcenter_required
def job_order_create(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """The whole order in one form, opened from the company page."""
    company = Company.objects.get_visible_or_404(request.user, code=code)
    form = _order_form(
        request,
        company,
        initial={"postal_code": company.postal_code, "responsible": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            order = services.job_order_create(
                user=request.user, company=company, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The job order was saved. The response clock is running."))
            return redirect(order)
    status = 400 if form.is_bound else 200
    if form.is_bound:
        messages.error(request, _("The job order was not saved. Correct the fields marked below."))
    return render(
        request,
        "matching/job_order_form.html",
        {"form": form, "company": company, "order": None},
        status=status,
    )


@jobcenter_required
def job_order_edit(request: AuthenticatedRequest, code: str) -> HttpResponse:
    order = _get_order(request, code)
    if order.is_closed:
        messages.error(request, _("A closed job order cannot be changed."))
        return redirect(order)
    form = _order_form(request, order.company, initial=JobOrderForm.initial_from(order))
    if request.method == "POST" and form.is_valid():
        try:
            services.job_order_update(order=order, user=request.user, **form.service_arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The job order was saved."))
            return redirect(order)
    if form.is_bound:
        messages.error(request, _("The job order was not saved. Correct the fields marked below."))
    return render(
        request,
        "matching/job_order_form.html",
        {"form": form, "company": order.company, "order": order},
        status=400 if form.is_bound else 200,
    )


@jobcenter_required
def job_order_detail(
    request: AuthenticatedRequest, code: str, *, close_form: JobOrderCloseForm | None = None
) -> HttpResponse:
    order = _get_order(request, code)
    placements = placements_for_order(user=request.user, order=order)
    # The names on the order are candidate data: the view is logged like a match list.
    services.candidate_access_log(
        user=request.user,
        kind=CandidateAccessLog.Kind.MATCHES,
        candidate_ids=[p.candidate_id for p in placements.placements if p.candidate_id],
        order_code=order.code,
    )
    context = {
        "order": order,
        "placements": placements,
        "step_choices": Placement.Status.choices,
        "now": timezone.now(),
        "close_form": close_form or JobOrderCloseForm(),
    }
    return render(
        request, "matching/job_order_detail.html", context, status=400 if close_form else 200
    )


# The order's one-click status actions: the service that claims the change, what the
# consultant is told when it happened, and when the order had already moved on.
STATUS_ACTIONS: "dict[str, tuple[Callable[..., bool], StrOrPromise, StrOrPromise]]" = {
    "respond": (
        services.job_order_respond,
        gettext_lazy("The response is recorded; the clock has stopped."),
        gettext_lazy("The order had already been answered."),
    ),
    "pause": (
        services.job_order_pause,
        gettext_lazy("The order is paused: enough candidates are referred."),
        gettext_lazy("Only an open order can be paused."),
    ),
    "resume": (
        services.job_order_resume,
        gettext_lazy("The order is open again."),
        gettext_lazy("Only a paused order can be opened again."),
    ),
}


@jobcenter_required
@require_POST
def job_order_status_action(request: AuthenticatedRequest, code: str, action: str) -> HttpResponse:
    """Respond, pause or resume: the claim either happens or tells the consultant why not."""
    if action not in STATUS_ACTIONS:
        raise Http404
    order = _get_order(request, code)
    claim, done, refused = STATUS_ACTIONS[action]
    if claim(order=order, user=request.user):
        messages.success(request, done)
    else:
        messages.info(request, refused)
    return redirect(order)


@jobcenter_required
@require_POST
def job_order_close(request: AuthenticatedRequest, code: str) -> HttpResponse:
    order = _get_order(request, code)
    form = JobOrderCloseForm(request.POST)
    if form.is_valid():
        try:
            closed = services.job_order_close(order=order, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if closed:
                messages.success(request, _("The order is closed."))
            else:
                messages.info(request, _("The order had already been closed."))
            return redirect(order)
    messages.error(request, _("The order was not closed. Correct the fields marked below."))
    return job_order_detail(request, code, close_form=form)


@jobcenter_required
def job_order_list(request: AuthenticatedRequest) -> HttpResponse:
    status = request.GET.get("status", "active")
    orders = order_selectors.job_order_list(user=request.user, status=status)
    page = Paginator(orders, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "orders": page.object_list,
        "status": status,
        "statuses": JobOrder.Status.choices,
        "now": timezone.now(),
    }
    return render(request, "matching/job_order_list.html", context)


@jobcenter_required
def job_order_watch(request: AuthenticatedRequest) -> HttpResponse:
    """The order watch (ordrevagt, Middelfart): every open order, most urgent first."""
    jobcenter = request_jobcenter(request)
    settings = services.job_order_settings_get(jobcenter=jobcenter)
    context = {
        "orders": order_selectors.job_order_watch(user=request.user),
        "on_duty": list(settings.on_duty.order_by("first_name", "last_name")),
        "settings": settings,
        "now": timezone.now(),
    }
    return render(request, "matching/job_order_watch.html", context)


@team_lead_required
def job_order_settings(request: AuthenticatedRequest) -> HttpResponse:
    """A team lead sets the response standards and who is on order watch."""
    jobcenter = request_jobcenter(request)
    settings = services.job_order_settings_get(jobcenter=jobcenter)
    users = User.objects.for_user(request.user).active().consultants()
    form = JobOrderSettingsForm(
        posted(request),
        users=users,
        initial={
            "response_hours": settings.response_hours,
            "hotline_response_hours": settings.hotline_response_hours,
            "on_duty": list(settings.on_duty.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.job_order_settings_update(jobcenter=jobcenter, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The order watch settings were saved."))
            return redirect("matching:joborder-watch")
    if form.is_bound:
        messages.error(request, _("The settings were not saved. Correct the fields marked below."))
    return render(
        request,
        "matching/job_order_settings.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )
