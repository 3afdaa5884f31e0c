"""Job orders: taking them, changing them, the response clock and closing them.

Every function is keyword-only, validates with `full_clean()` and raises Django's
`ValidationError` with field names (the form and the API show them beside the field).
Status changes are claimed atomically (`UPDATE ... WHERE status = ...`), so two
consultants, or a double click, cannot both close or pause one order; they return False
when the order had already moved on.
"""

import datetime
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Jobcenter, User
from companies.models import Company, Workplace
from companies.services import relationship_get_or_create
from jobcenter_crm.lib.mail import email_message

from ..models import JobOrder, JobOrderSettings, PlacementStep

logger = logging.getLogger(__name__)

# The API body's names (issue 11, point 6) → model fields.
REQUIREMENT_FIELDS = {
    "education": "required_education",
    "skills": "required_skills",
    "certificates": "required_certificates",
    "driving_licences": "required_driving_licences",
    "languages": "required_languages",
}
WISH_LIST_FIELDS = {"skills": "wished_skills"}
WISH_NUMBER_FIELDS = {"experience_years": "wished_experience_years"}

# Fields `job_order_update` may change; status and the clock move only through the
# functions below.
EDITABLE_FIELDS = frozenset(
    {
        "workplace",
        "title",
        "occupation",
        "description",
        "kind",
        "hours_per_week",
        "openings",
        "postal_code",
        "start_date",
        "channel",
        "received_at",
        "response_standard",
        "responsible",
        "requirements",
        "wishes",
    }
)
# A received-at time a little ahead of the server's clock is a phone's clock, not a typo.
CLOCK_SKEW = datetime.timedelta(minutes=5)


class JobOrderError(Exception):
    """A job-order write the caller's user may not make (no jobcenter)."""


def _clean_terms(values: Iterable[str]) -> list[str]:
    """Trimmed, without empty entries and without repeats (case-insensitively), in the
    order given."""
    seen: set[str] = set()
    terms = []
    for value in values:
        term = " ".join(str(value).split())
        if term and term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return terms


def _qualification_fields(
    requirements: Mapping[str, Sequence[str]] | None, wishes: Mapping[str, Any] | None
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    if requirements is not None:
        unknown = set(requirements) - set(REQUIREMENT_FIELDS)
        if unknown:
            errors["requirements"] = [
                _("Unknown requirement: %(names)s.") % {"names": ", ".join(sorted(unknown))}
            ]
        for key, field in REQUIREMENT_FIELDS.items():
            fields[field] = _clean_terms(requirements.get(key) or [])
    if wishes is not None:
        unknown = set(wishes) - set(WISH_LIST_FIELDS) - set(WISH_NUMBER_FIELDS)
        if unknown:
            errors["wishes"] = [
                _("Unknown wish: %(names)s.") % {"names": ", ".join(sorted(unknown))}
            ]
        for key, field in WISH_LIST_FIELDS.items():
            fields[field] = _clean_terms(wishes.get(key) or [])
        for key, field in WISH_NUMBER_FIELDS.items():
            fields[field] = wishes.get(key)
    if errors:
        raise ValidationError(errors)
    return fields


def _check_relations(order: JobOrder) -> None:
    errors = {}
    if order.workplace is not None and order.workplace.company_id != order.company_id:
        errors["workplace"] = _("The workplace does not belong to the company.")
    if order.responsible.jobcenter_id != order.jobcenter_id or not order.responsible.is_active:
        errors["responsible"] = _("Choose an active consultant of your jobcenter.")
    if order.received_at > timezone.now() + CLOCK_SKEW:
        errors["received_at"] = _("The order cannot be received in the future.")
    if errors:
        raise ValidationError(errors)


def _start_clock(order: JobOrder) -> None:
    settings = job_order_settings_get(jobcenter=order.jobcenter)
    hours = settings.hours_for(order.response_standard)
    order.respond_by = order.received_at + datetime.timedelta(hours=hours)


def job_order_settings_get(*, jobcenter: Jobcenter) -> JobOrderSettings:
    """The jobcenter's order-watch settings, created with the seeds' defaults (24 h, hotline
    3 h, nobody on duty) the first time they are needed."""
    settings, _created = JobOrderSettings.objects.get_or_create(jobcenter=jobcenter)
    return settings


@transaction.atomic
def job_order_settings_update(
    *,
    jobcenter: Jobcenter,
    response_hours: int,
    hotline_response_hours: int,
    on_duty: Iterable[User],
) -> JobOrderSettings:
    """Set the response standards and who is on order watch. Orders already taken keep
    their deadline; the new standards apply to orders received from now on."""
    settings = job_order_settings_get(jobcenter=jobcenter)
    duty = list(on_duty)
    if any(user.jobcenter_id != jobcenter.pk or not user.is_active for user in duty):
        raise ValidationError({"on_duty": _("Choose active users of your jobcenter.")})
    settings.response_hours = response_hours
    settings.hotline_response_hours = hotline_response_hours
    settings.full_clean()
    settings.save(update_fields=["response_hours", "hotline_response_hours", "updated_at"])
    settings.on_duty.set(duty)
    return settings


@transaction.atomic
def job_order_create(
    *,
    user: User,
    company: Company,
    title: str,
    occupation: str,
    kind: str,
    postal_code: str,
    channel: str,
    hours_per_week: int = 37,
    openings: int = 1,
    description: str = "",
    workplace: Workplace | None = None,
    start_date: datetime.date | None = None,
    requirements: Mapping[str, Sequence[str]] | None = None,
    wishes: Mapping[str, Any] | None = None,
    received_at: datetime.datetime | None = None,
    response_standard: str | None = None,
    responsible: User | None = None,
) -> JobOrder:
    """Take a job order for the user's jobcenter and start its response clock.

    The caller has found `company` through `Company.objects.get_visible_or_404`.
    `requirements` and `wishes` have the REST API's shape; `start_date` None means as soon
    as possible; `received_at` defaults to now; the response standard defaults to the
    hotline standard for hotline orders and the jobcenter's standard otherwise; the
    responsible consultant defaults to the user. Taking an order makes the company one
    the jobcenter has a relationship with."""
    if user.jobcenter is None:
        raise JobOrderError("Only a jobcenter's users take job orders.")
    if response_standard is None:
        response_standard = (
            JobOrder.ResponseStandard.HOTLINE
            if channel == JobOrder.Channel.HOTLINE
            else JobOrder.ResponseStandard.STANDARD
        )
    order = JobOrder(
        jobcenter=user.jobcenter,
        company=company,
        workplace=workplace,
        title=title.strip(),
        occupation=occupation.strip(),
        description=description.strip(),
        kind=kind,
        hours_per_week=hours_per_week,
        openings=openings,
        postal_code=postal_code.strip(),
        start_date=start_date,
        channel=channel,
        received_at=received_at or timezone.now(),
        response_standard=response_standard,
        responsible=responsible or user,
        created_by=user,
        **_qualification_fields(requirements or {}, wishes or {}),
    )
    _start_clock(order)
    order.full_clean()
    _check_relations(order)
    order.save()
    relationship_get_or_create(jobcenter=order.jobcenter, company=company)
    return order


@transaction.atomic
def job_order_update(*, order: JobOrder, user: User, **changes: Any) -> JobOrder:
    """Change what an open or paused order says (any of `EDITABLE_FIELDS`, requirements and
    wishes in the API's shape; a nested object replaces the whole object). A new received-at
    time or response standard moves the response deadline; nothing else does."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"job_order_update cannot change {', '.join(sorted(unknown))}")
    order = JobOrder.objects.select_for_update().get(pk=order.pk)
    if not order.is_active:
        raise ValidationError(_("A closed job order cannot be changed."))
    requirements = changes.pop("requirements", None)
    wishes = changes.pop("wishes", None)
    changes.update(_qualification_fields(requirements, wishes))
    for text_field in ("title", "occupation", "description", "postal_code"):
        if text_field in changes:
            changes[text_field] = str(changes[text_field]).strip()
    clock_moves = any(
        field in changes and changes[field] != getattr(order, field)
        for field in ("received_at", "response_standard")
    )
    for field, value in changes.items():
        setattr(order, field, value)
    if clock_moves:
        _start_clock(order)
    order.full_clean()
    _check_relations(order)
    order.save()
    return order


def _claim(order: JobOrder, from_statuses: Sequence[str], **changes: Any) -> bool:
    updated = (
        JobOrder.objects.filter(pk=order.pk, status__in=from_statuses)
        .filter(**changes.pop("_where", {}))
        .update(updated_at=timezone.now(), **changes)
    )
    order.refresh_from_db()
    return updated == 1


def job_order_respond(*, order: JobOrder, user: User, at: datetime.datetime | None = None) -> bool:
    """Stop the response clock: the company has had its answer (a concrete candidate, CVs or
    a time frame, seed 001). The first response counts; later ones change nothing."""
    return _claim(
        order,
        [JobOrder.Status.OPEN, JobOrder.Status.PAUSED],
        _where={"responded_at__isnull": True},
        responded_at=at or timezone.now(),
    )


def job_order_pause(*, order: JobOrder, user: User) -> bool:
    """Enough candidates are referred: the order leaves the watch but stays active. Pausing
    answers the company, so it stops the clock too."""
    return _claim(
        order,
        [JobOrder.Status.OPEN],
        status=JobOrder.Status.PAUSED,
        responded_at=Coalesce("responded_at", timezone.now()),
    )


def job_order_resume(*, order: JobOrder, user: User) -> bool:
    """Back on the watch: the company needs more candidates."""
    return _claim(order, [JobOrder.Status.PAUSED], status=JobOrder.Status.OPEN)


def job_order_close(*, order: JobOrder, user: User, status: str, outcome_note: str = "") -> bool:
    """Close an open or paused order with its outcome: filled, expired or withdrawn (by the
    company). Skanderborg obliges the consultant to close every order, and saying why an
    order ends unfilled is part of the service, so expired and withdrawn need a note."""
    if status not in JobOrder.CLOSED_STATUSES:
        raise ValidationError({"status": _("Choose how the order ended.")})
    note = outcome_note.strip()
    if status != JobOrder.Status.FILLED and not note:
        raise ValidationError({"outcome_note": _("Say why the order ends without a hire.")})
    return _claim(
        order,
        JobOrder.ACTIVE_STATUSES,
        status=status,
        outcome_note=note,
        closed_at=timezone.now(),
        closed_by=user,
    )


def job_orders_expire(*, now: datetime.datetime, idle_days: int) -> int:
    """Close as expired every open or paused order nobody has touched for `idle_days`:
    neither the order (edits, response, pause) nor its placement log has moved since, and
    its start date, if any, is as long past. Skanderborg: saying no to the company serves it
    better than an order left hanging. One UPDATE claims them all, so a second run (or two
    workers at once) expires nothing twice. Logs counts per jobcenter, returns the total."""
    cutoff = now - datetime.timedelta(days=idle_days)
    recent_step = PlacementStep.objects.filter(
        placement__job_order=OuterRef("pk"), created_at__gte=cutoff
    )
    idle = (
        JobOrder.objects.active()
        .filter(updated_at__lt=cutoff)
        .filter(Q(start_date__isnull=True) | Q(start_date__lt=cutoff.date()))
        .exclude(Exists(recent_step))
    )
    # The note is stored text, read later by people: in the product's language, not the
    # worker's.
    with translation.override(django_settings.LANGUAGE_CODE):
        note = _("Expired automatically: nothing happened on the order for %(days)d days.") % {
            "days": idle_days
        }
    with transaction.atomic():
        ids = list(idle.select_for_update(skip_locked=True).values_list("pk", flat=True))
        JobOrder.objects.filter(pk__in=ids, status__in=JobOrder.ACTIVE_STATUSES).update(
            status=JobOrder.Status.EXPIRED,
            closed_at=now,
            closed_by=None,
            outcome_note=note,
            updated_at=now,
        )
    counts = (
        JobOrder.objects.filter(pk__in=ids)
        .values_list("jobcenter_id")
        .annotate(n=Count("pk"))
        .order_by("jobcenter_id")
    )
    for jobcenter_id, count in counts:
        logger.info("Expired %d idle job orders (jobcenter id %d)", count, jobcenter_id)
    _expired_orders_notify(ids, idle_days=idle_days)
    return len(ids)


def _expired_orders_notify(ids: Sequence[int], *, idle_days: int) -> None:
    """One e-mail in Danish to each responsible consultant with their orders that just
    expired (one query, one mail connection). A consultant without an e-mail address, or
    a mail server that fails, is logged by count; the orders stay expired."""
    if not ids:
        return
    by_user: dict[int, list[JobOrder]] = {}
    users: dict[int, User] = {}
    for order in (
        JobOrder.objects.filter(pk__in=ids)
        .select_related("responsible", "company")
        .order_by("responsible_id", "received_at", "pk")
    ):
        by_user.setdefault(order.responsible_id, []).append(order)
        users[order.responsible_id] = order.responsible
    messages = [
        email_message(
            template="matching/email/orders_expired",
            context={
                "user": users[user_id],
                "orders": orders,
                "days": idle_days,
                "site_url": django_settings.SITE_URL.rstrip("/"),
            },
            to=[users[user_id].email],
        )
        for user_id, orders in by_user.items()
        if users[user_id].email and users[user_id].is_active
    ]
    if len(messages) < len(by_user):
        logger.warning(
            "%d consultants with expired orders have no e-mail address or are inactive",
            len(by_user) - len(messages),
        )
    try:
        with get_connection() as connection:
            connection.send_messages(messages)
    except OSError:
        logger.exception("Could not send %d notices of expired job orders", len(messages))
