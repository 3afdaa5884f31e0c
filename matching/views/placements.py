"""The match list of an order and the placement log: rank candidates with the engine, put
them on the order, record each step with the company."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import AuthenticatedRequest, jobcenter_required

from .. import services
from ..engine import rank_for_order
from ..forms import PlacementProposeForm, PlacementStepForm
from ..models import Candidate, JobOrder, Placement

MATCH_LIMIT = 20


@jobcenter_required
def job_order_matches(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """The candidates ranked for the order, each criterion explained; the engine logs the
    view of the list."""
    order = JobOrder.objects.select_related("company").get_for_user_or_404(request.user, code=code)
    matches = rank_for_order(order, user=request.user, limit=MATCH_LIMIT)
    on_order = set(
        Placement.objects.for_user(request.user)
        .filter(job_order=order)
        .values_list("candidate_id", flat=True)
    )
    context = {
        "order": order,
        "matches": matches,
        "on_order": on_order,
        "today": timezone.localdate(),
    }
    return render(request, "matching/job_order_matches.html", context)


@jobcenter_required
@require_POST
def placement_create(request: AuthenticatedRequest, code: str) -> HttpResponse:
    order = JobOrder.objects.get_for_user_or_404(request.user, code=code)
    form = PlacementProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a candidate."))
        return redirect("matching:joborder-matches", code=order.code)
    candidate = Candidate.objects.get_for_user_or_404(
        request.user, code=form.cleaned_data["candidate"]
    )
    try:
        services.placement_propose(order=order, candidate=candidate, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is put on the order.") % {"name": candidate.name})
    return redirect("matching:joborder-matches", code=order.code)


@jobcenter_required
@require_POST
def placement_advance(request: AuthenticatedRequest, code: str) -> HttpResponse:
    placement = Placement.objects.select_related("job_order").get_for_user_or_404(
        request.user, code=code
    )
    order = placement.job_order
    form = PlacementStepForm(request.POST)
    if form.is_valid():
        try:
            services.placement_advance(
                placement=placement,
                user=request.user,
                status=form.cleaned_data["status"],
                occurred_at=form.cleaned_data["occurred_at"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The step is recorded."))
    else:
        messages.error(request, _("The step was not recorded. Check the date and the step."))
    return redirect(order.get_absolute_url() + "#placements")
