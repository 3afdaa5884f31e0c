"""Reads of the catalogue and the service demands that span models: the catalogue grouped
for the consultants' page and the visit checklist, and the company page's demands."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch

from accounts.models import User
from companies.models import CompanyRelationship, Contact

from .models import (
    Package,
    Product,
    ServiceDemand,
    ServiceDemandChange,
    ServiceDemandQuerySet,
    Track,
)


@dataclass
class PackageGroup:
    """The products of one track shown under one package (package None: "other
    products", those in no package)."""

    package: Package | None
    # Products, or the checklist's lines for them (forms.VisitChecklistForm.grouped_lines).
    products: list[Any] = field(default_factory=list)


@dataclass
class TrackGroup:
    track: Track
    packages: list[PackageGroup] = field(default_factory=list)


def catalogue_products(user: User) -> list[Product]:
    """The user's jobcenter's current products with track and packages (two queries)."""
    return list(
        Product.objects.for_user(user)
        .current()
        .select_related("track")
        .prefetch_related(Prefetch("packages", queryset=Package.objects.order_by("order", "name")))
        .order_by("track__order", "track__name", "order", "name")
    )


def catalogue_grouped(products: list[Product]) -> list[TrackGroup]:
    """Group products (ordered by track) by track, then by package in package order.

    A product in several packages is listed once, under its first package, so the
    checklist has one line per product; its other packages are named on that line."""
    tracks: list[TrackGroup] = []
    for product in products:
        if not tracks or tracks[-1].track.pk != product.track_id:
            tracks.append(TrackGroup(track=product.track))
        packages = list(product.packages.all())
        first = packages[0] if packages else None
        groups = tracks[-1].packages
        group = next(
            (
                group
                for group in groups
                if (group.package.pk if group.package else None) == (first.pk if first else None)
            ),
            None,
        )
        if group is None:
            group = PackageGroup(package=first)
            groups.append(group)
        group.products.append(product)
    for track in tracks:
        # Packages in their order, products in no package last ("Øvrige").
        track.packages.sort(
            key=lambda group: (
                group.package is None,
                group.package.order if group.package else 0,
                group.package.name if group.package else "",
            )
        )
    return tracks


@dataclass
class CompanyServiceDemands:
    """What the company page's service-demand panel shows."""

    current: list[ServiceDemand] = field(default_factory=list)
    declined: list[ServiceDemand] = field(default_factory=list)
    # The latest planned or held visit, whose checklist the panel links to.
    visit: Contact | None = None


def demands_for_relationship(
    *, user: User, relationship: CompanyRelationship, with_history: bool = False
) -> ServiceDemandQuerySet:
    """The relationship's demands (retired products included) with product, track and
    who brought them up to date, in catalogue order: one query, and one more for the
    history (`with_history`)."""
    demands = (
        ServiceDemand.objects.for_user(user)
        .filter(relationship=relationship)
        .select_related("product__track", "updated_by")
    )
    if with_history:
        demands = demands.prefetch_related(
            Prefetch(
                "changes",
                queryset=ServiceDemandChange.objects.select_related("changed_by").order_by(
                    "-changed_at", "-pk"
                ),
            )
        )
    return demands.order_by(
        F("product__track__order").asc(nulls_last=True),
        F("product__order").asc(nulls_last=True),
        "product__name",
        "-updated_at",
    )


def service_demands_for_company_page(
    *,
    user: User,
    relationship: CompanyRelationship | None,
    latest: Sequence[Contact] | None = None,
    latest_is_all: bool = False,
) -> CompanyServiceDemands:
    """The panel of `companies/partials/service_demands.html`: current demands (not
    declined) and declined ones, each with its history, and the visit to open the
    checklist of. Three queries whatever the number of demands and changes; two when
    `latest` (the newest entries of the contact log, newest first; `latest_is_all`: all
    of it) holds the visit or shows there is none."""
    if relationship is None or relationship.jobcenter_id != user.jobcenter_id:
        return CompanyServiceDemands()
    panel = CompanyServiceDemands()
    for demand in demands_for_relationship(user=user, relationship=relationship, with_history=True):
        if demand.status == ServiceDemand.Status.DECLINED:
            panel.declined.append(demand)
        else:
            panel.current.append(demand)
    checklist_statuses = (Contact.Status.PLANNED, Contact.Status.DONE)
    if latest is not None:
        panel.visit = next(
            (
                contact
                for contact in latest
                if contact.channel == Contact.Channel.VISIT and contact.status in checklist_statuses
            ),
            None,
        )
        if panel.visit is not None or latest_is_all:
            return panel
    panel.visit = (
        Contact.objects.for_user(user)
        .select_related("visit")
        .filter(
            relationship=relationship,
            channel=Contact.Channel.VISIT,
            status__in=checklist_statuses,
        )
        .order_by("-occurred_at")
        .first()
    )
    return panel
