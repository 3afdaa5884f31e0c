import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Jobcenter, User
from companies.models import Agreement, CompanyRelationship, Contact
from companies.services import agreement_create, contact_complete
from planning.services import reminders_close_for_relationship
from screening.models import Segment, SegmentAssessment
from screening.services import segment_assess

from .defaults import load_default_catalogue
from .models import Package, Product, ServiceDemand, ServiceDemandChange, Track


@transaction.atomic
def catalogue_install_defaults(*, jobcenter: Jobcenter) -> int:
    """Copy the default catalogue into the jobcenter's own; existing codes are left as
    the admin edited them. Returns the number of products created."""
    data = load_default_catalogue()
    tracks = {track.code: track for track in Track.objects.all()}
    packages = {}
    for row in data["packages"]:
        packages[row["code"]], _ = Package.objects.get_or_create(
            jobcenter=jobcenter,
            code=row["code"],
            defaults={
                "name": row["name"],
                "description": row.get("description", ""),
                "order": row.get("order", 0),
            },
        )
    created_count = 0
    for row in data["products"]:
        product, created = Product.objects.get_or_create(
            jobcenter=jobcenter,
            code=row["code"],
            defaults={
                "name": row["name"],
                "description": row.get("description", ""),
                "track": tracks[row["track"]],
                "level": row["level"],
                "counter_demands": row.get("counter_demands", ""),
                "response_hours": row.get("response_hours"),
                "delivery_standard": row.get("delivery_standard", ""),
                "order": row.get("order", 0),
                "source": row.get("source", ""),
            },
        )
        if created:
            created_count += 1
            product.packages.set([packages[code] for code in row.get("packages", [])])
    return created_count


# The catalogue administration (issue 4, point 7). Every jobcenter edits its own copy.

MoveDirection = Literal["up", "down"]


def _unique_code(model: type[Package] | type[Product], *, jobcenter: Jobcenter, name: str) -> str:
    max_length = model._meta.get_field("code").max_length or 50
    base = slugify(name)[: max_length - 4].strip("-") or model._meta.model_name or "item"
    taken = set(
        model.objects.filter(jobcenter=jobcenter, code__startswith=base).values_list(
            "code", flat=True
        )
    )
    code, suffix = base, 2
    while code in taken:
        code, suffix = f"{base}-{suffix}", suffix + 1
    return code


def _next_order(queryset: QuerySet[Any]) -> int:
    return (queryset.aggregate(highest=Max("order"))["highest"] or 0) + 1


def _move(siblings: list[Any], item: Any, direction: MoveDirection) -> bool:
    """Swap the item with its neighbour and renumber the siblings 1..n, so equal order
    numbers (typed by an admin) cannot make a move a no-op."""
    position = next(index for index, row in enumerate(siblings) if row.pk == item.pk)
    target = position - 1 if direction == "up" else position + 1
    if not 0 <= target < len(siblings):
        return False
    siblings[position], siblings[target] = siblings[target], siblings[position]
    for number, row in enumerate(siblings, start=1):
        row.order = number
    type(item).objects.bulk_update(siblings, ["order"])
    item.order = next(row.order for row in siblings if row.pk == item.pk)
    return True


@transaction.atomic
def package_create(
    *, jobcenter: Jobcenter, name: str, description: str = "", order: int | None = None
) -> Package:
    package = Package(
        jobcenter=jobcenter,
        code=_unique_code(Package, jobcenter=jobcenter, name=name),
        name=name,
        description=description,
        order=order if order is not None else _next_order(Package.objects.for_jobcenter(jobcenter)),
    )
    package.full_clean()
    package.save()
    return package


@transaction.atomic
def package_update(*, package: Package, name: str, description: str, order: int) -> Package:
    package.name, package.description, package.order = name, description, order
    package.full_clean()
    package.save(update_fields=["name", "description", "order"])
    return package


@transaction.atomic
def package_move(*, package: Package, direction: MoveDirection) -> bool:
    """Move the package one place up or down among the jobcenter's packages."""
    siblings = list(
        Package.objects.select_for_update()
        .filter(jobcenter_id=package.jobcenter_id)
        .order_by("order", "name", "pk")
    )
    return _move(siblings, package, direction)


def _check_packages(jobcenter: Jobcenter, packages: Sequence[Package]) -> None:
    if any(package.jobcenter_id != jobcenter.pk for package in packages):
        raise ValueError("A package of another jobcenter cannot hold this product.")


@transaction.atomic
def product_create(
    *,
    jobcenter: Jobcenter,
    name: str,
    track: Track,
    level: str,
    description: str = "",
    packages: Sequence[Package] = (),
    counter_demands: str = "",
    response_hours: int | None = None,
    delivery_standard: str = "",
    order: int | None = None,
) -> Product:
    """Add a product to the jobcenter's catalogue, last in its track unless an order is
    given; the slug code is derived from the name."""
    _check_packages(jobcenter, packages)
    product = Product(
        jobcenter=jobcenter,
        code=_unique_code(Product, jobcenter=jobcenter, name=name),
        name=name,
        description=description,
        track=track,
        level=level,
        counter_demands=counter_demands,
        response_hours=response_hours,
        delivery_standard=delivery_standard,
        order=order
        if order is not None
        else _next_order(Product.objects.for_jobcenter(jobcenter).filter(track=track)),
    )
    product.full_clean()
    product.save()
    product.packages.set(packages)
    return product


@transaction.atomic
def product_update(
    *,
    product: Product,
    name: str,
    track: Track,
    level: str,
    description: str,
    packages: Sequence[Package],
    counter_demands: str,
    response_hours: int | None,
    delivery_standard: str,
    order: int,
) -> Product:
    """Edit a product. Demands keep pointing at it, so the companies' history shows the
    product under its new name; retire and create a new product for a different service."""
    _check_packages(product.jobcenter, packages)
    product.name = name
    product.track = track
    product.level = level
    product.description = description
    product.counter_demands = counter_demands
    product.response_hours = response_hours
    product.delivery_standard = delivery_standard
    product.order = order
    product.full_clean()
    product.save(
        update_fields=[
            "name",
            "track",
            "level",
            "description",
            "counter_demands",
            "response_hours",
            "delivery_standard",
            "order",
        ]
    )
    product.packages.set(packages)
    return product


@transaction.atomic
def product_move(*, product: Product, direction: MoveDirection) -> bool:
    """Move a current product one place up or down within its track."""
    siblings = list(
        Product.objects.select_for_update()
        .filter(jobcenter_id=product.jobcenter_id, track_id=product.track_id)
        .current()
        .order_by("order", "name", "pk")
    )
    if not any(row.pk == product.pk for row in siblings):
        return False
    return _move(siblings, product, direction)


def product_retire(*, product: Product) -> bool:
    """Take the product off the checklist. Its demands, their history and agreements stay
    (the foreign keys PROTECT it), so every company's record still reads as it was.
    Claimed atomically: False when it was already retired."""
    now = timezone.now()
    updated = Product.objects.filter(pk=product.pk, retired_at__isnull=True).update(retired_at=now)
    product.refresh_from_db(fields=["retired_at"])
    return updated == 1


def product_reinstate(*, product: Product) -> bool:
    """Put a retired product back on the checklist; False when it was not retired."""
    updated = Product.objects.filter(pk=product.pk, retired_at__isnull=False).update(
        retired_at=None
    )
    product.refresh_from_db(fields=["retired_at"])
    return updated == 1


# The visit checklist (issue 4, point 6).


@dataclass(frozen=True)
class DemandInput:
    """One line the consultant ticked: a product of the catalogue, an existing 'other
    service' demand, or (neither given) a new 'other service' in free text."""

    status: str
    product: Product | None = None
    demand: ServiceDemand | None = None
    other_text: str = ""


@dataclass(frozen=True)
class ProductAgreementInput:
    product: Product
    description: str
    deadline: datetime.date
    responsible_side: str = Agreement.Side.JOBCENTER


@dataclass
class ChecklistResult:
    demands: list[ServiceDemand] = field(default_factory=list)
    changed: int = 0
    agreements: list[Agreement] = field(default_factory=list)
    assessment: SegmentAssessment | None = None
    visit_completed: bool = False


def _demand_bring_up_to_date(
    demand: ServiceDemand, *, status: str, other_text: str, user: User, visit: Contact, now: Any
) -> bool:
    """Set the demand's status (and text); it is brought up to date even when nothing
    changed. A history row is written only for a new demand or a real change."""
    is_new = demand.pk is None
    changed = is_new or demand.status != status or demand.other_text != other_text
    demand.status = status
    demand.other_text = other_text
    demand.updated_at = now
    demand.updated_by = user
    demand.contact = visit
    demand.full_clean()
    if is_new:
        demand.save()
    else:
        demand.save(update_fields=["status", "other_text", "updated_at", "updated_by", "contact"])
    if changed:
        change = ServiceDemandChange(
            demand=demand,
            status=status,
            other_text=other_text,
            changed_at=now,
            changed_by=user,
            contact=visit,
        )
        change.full_clean()
        change.save()
    return changed


@transaction.atomic
def visit_checklist_record(
    *,
    visit: Contact,
    user: User,
    demands: Sequence[DemandInput] = (),
    agreements: Sequence[ProductAgreementInput] = (),
    segment: Segment | None = None,
    segment_reason: str = "",
    complete_visit: bool = False,
    summary: str = "",
) -> ChecklistResult:
    """Record what the company wants, as ticked on the visit's checklist, in one
    transaction.

    Every demand named in `demands` is brought up to date (updated_at = now, updated_by
    = user, contact = the visit), also when confirmed unchanged; a ServiceDemandChange is
    written for a new demand and for a changed status or text. Each agreement is created
    for the product with the visit as its contact (jobcenter side: the user is
    responsible; company side: the visit's contact person). A segment, when given, is
    re-assessed with source "visit" (segment 4 needs a reason). Only when the consultant
    asks (`complete_visit`) is a planned visit marked done (with `summary`), claimed
    atomically so that two consultants saving at once complete it once; a visit whose time
    has not come is never completed (ValidationError), so a checklist filled in before
    the visit leaves it planned and at its time. Products must be current and belong to
    the visit's jobcenter; other jobcenters' demands are refused (ValueError)."""
    if visit.channel != Contact.Channel.VISIT or visit.status == Contact.Status.CANCELLED:
        raise ValueError("Only a planned or held visit has a checklist.")
    if complete_visit and visit.occurred_at > timezone.now():
        raise ValidationError(
            {"complete_visit": _("A visit can be marked as done once its time has come.")}
        )
    # Serialise two checklists of the same company, so the one-demand-per-product rule is
    # met by updating, never by a constraint error.
    relationship = CompanyRelationship.objects.select_for_update().get(pk=visit.relationship_id)
    now = timezone.now()
    existing = {
        demand.product_id: demand
        for demand in ServiceDemand.objects.filter(relationship=relationship, product__isnull=False)
    }
    result = ChecklistResult()
    for item in demands:
        if item.product is not None:
            product = item.product
            if product.jobcenter_id != relationship.jobcenter_id or product.is_retired:
                raise ValueError("Only the jobcenter's current products can be ticked.")
            demand = existing.get(product.pk) or ServiceDemand(
                jobcenter_id=relationship.jobcenter_id, relationship=relationship, product=product
            )
            other_text = ""
        elif item.demand is not None:
            demand = item.demand
            if demand.relationship_id != relationship.pk:
                raise ValueError("The demand belongs to another company or jobcenter.")
            other_text = demand.other_text
        else:
            demand = ServiceDemand(
                jobcenter_id=relationship.jobcenter_id, relationship=relationship
            )
            other_text = item.other_text.strip()
        if _demand_bring_up_to_date(
            demand, status=item.status, other_text=other_text, user=user, visit=visit, now=now
        ):
            result.changed += 1
        result.demands.append(demand)
    for agreement_input in agreements:
        product = agreement_input.product
        if product.jobcenter_id != relationship.jobcenter_id:
            raise ValueError("The product belongs to another jobcenter.")
        by_company = agreement_input.responsible_side == Agreement.Side.COMPANY
        agreement = agreement_create(
            relationship=relationship,
            contact=visit,
            description=agreement_input.description,
            deadline=agreement_input.deadline,
            responsible_side=agreement_input.responsible_side,
            responsible_user=None if by_company else user,
            responsible_person=visit.contact_person if by_company else None,
            service_product=product,
        )
        result.agreements.append(agreement)
    if segment is not None:
        result.assessment = segment_assess(
            relationship=relationship,
            segment=segment,
            user=user,
            source=SegmentAssessment.Source.VISIT,
            reason=segment_reason,
            contact=visit,
            assessed_at=now,
        )
    if complete_visit and visit.status == Contact.Status.PLANNED:
        result.visit_completed = contact_complete(contact=visit, summary=summary.strip())
    # Brought-up-to-date demands may satisfy a demand-update reminder (issue 5).
    transaction.on_commit(lambda: reminders_close_for_relationship(relationship))
    return result
