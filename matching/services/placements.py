"""The placement log: putting candidates on a job order and recording each step with the
company. Presenting a candidate answers the company, so it stops the order's response clock
(seed 001: a concrete candidate within three hours); the hire that fills the last opening
closes the order as filled."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import Candidate, JobOrder, Placement, PlacementStep
from .job_orders import CLOCK_SKEW, job_order_close, job_order_respond


def _check_when(occurred_at: datetime.datetime) -> None:
    if occurred_at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"occurred_at": _("A step cannot be recorded in the future.")})


@transaction.atomic
def placement_propose(
    *,
    order: JobOrder,
    candidate: Candidate,
    user: User,
    occurred_at: datetime.datetime | None = None,
    note: str = "",
) -> Placement:
    """Put a candidate on an open or paused order. The candidate must be the order's
    jobcenter's, and can be on an order once."""
    if candidate.jobcenter_id != order.jobcenter_id:
        raise ValidationError({"candidate": _("Choose a candidate of your jobcenter.")})
    if not order.is_active:
        raise ValidationError(_("Candidates cannot be put on a closed job order."))
    when = occurred_at or timezone.now()
    _check_when(when)
    placement = Placement(
        jobcenter_id=order.jobcenter_id, job_order=order, candidate=candidate, created_by=user
    )
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError as duplicate:
        raise ValidationError(
            {"candidate": _("The candidate is already on this job order.")}
        ) from duplicate
    PlacementStep.objects.create(
        placement=placement,
        status=Placement.Status.PROPOSED,
        occurred_at=when,
        recorded_by=user,
        note=note.strip(),
    )
    return placement


@transaction.atomic
def placement_advance(
    *,
    placement: Placement,
    user: User,
    status: str,
    occurred_at: datetime.datetime | None = None,
    reason: str = "",
    note: str = "",
) -> PlacementStep:
    """Record the next step: any later step (presented, interview, hired), or rejected with
    a reason. Hired and rejected end the log. Raises ValidationError for a step that does
    not follow, so two consultants recording the same step see the second refused."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if status not in placement.next_steps():
        raise ValidationError(
            {
                "status": _("A candidate who is %(current)s cannot be moved to that step.")
                % {"current": placement.get_status_display().lower()}
            }
        )
    order = JobOrder.objects.select_for_update().get(pk=placement.job_order_id)
    if order.is_closed and status != Placement.Status.REJECTED:
        raise ValidationError(_("The job order is closed."))
    reason = reason.strip()
    if status == Placement.Status.REJECTED and not reason:
        raise ValidationError({"reason": _("Say why the candidate was rejected.")})
    when = occurred_at or timezone.now()
    _check_when(when)
    placement.status = status
    if status == Placement.Status.REJECTED:
        placement.rejection_reason = reason
    placement.save(update_fields=["status", "rejection_reason", "updated_at"])
    step = PlacementStep.objects.create(
        placement=placement, status=status, occurred_at=when, recorded_by=user, note=note.strip()
    )
    if status in (Placement.Status.PRESENTED, Placement.Status.INTERVIEW, Placement.Status.HIRED):
        job_order_respond(order=order, user=user, at=when)
    if status == Placement.Status.HIRED:
        hired = Placement.objects.filter(job_order=order, status=Placement.Status.HIRED).count()
        if hired >= order.openings:
            job_order_close(
                order=order,
                user=user,
                status=JobOrder.Status.FILLED,
                outcome_note=_("%(count)s hired through the jobcenter.") % {"count": hired},
            )
    return step


@transaction.atomic
def placement_record(
    *,
    order: JobOrder,
    candidate: Candidate,
    user: User,
    status: str,
    occurred_at: datetime.datetime | None = None,
    reason: str = "",
    note: str = "",
) -> Placement:
    """Record a step for a candidate on an order, putting them on it first if they are not:
    the REST API's one call (`POST /api/v1/job-orders/{code}/placements/`)."""
    placement = Placement.objects.filter(
        job_order=order, candidate=candidate
    ).first() or placement_propose(
        order=order, candidate=candidate, user=user, occurred_at=occurred_at, note=note
    )
    if status != Placement.Status.PROPOSED:
        placement_advance(
            placement=placement,
            user=user,
            status=status,
            occurred_at=occurred_at,
            reason=reason,
            note=note,
        )
        placement.refresh_from_db()
    return placement
