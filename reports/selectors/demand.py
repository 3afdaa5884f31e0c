"""Demand (issue 12, point 3): products × segments as a heatmap, and per track."""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from companies.models import CompanyRelationship
from servicepackages.models import Product, ServiceDemand, Track

from .. import figures
from ..forms import ReportFilters
from ..tables import Cell, Row, Table
from .scope import SEGMENT_KEYS, Scope, segment_labels


def _heat(value: int, peak: int) -> int:
    """0-5: the shade of a heatmap cell (0 for none)."""
    if not value or not peak:
        return 0
    return max(1, min(5, round(5 * value / peak)))


def demand_tables(filters: ReportFilters) -> list[Table]:
    scope = Scope.of(filters)
    labels = segment_labels()
    relationships = scope.narrow(
        CompanyRelationship.objects.for_jobcenter(scope.jobcenter), "company"
    )
    found = list(
        ServiceDemand.objects.for_jobcenter(scope.jobcenter)
        .current()
        .filter(product__isnull=False)
        .filter(relationship__in=relationships)
        .values("product_id", "relationship__segment__number")
        .annotate(
            asked=Count("pk"),
            delivered=Count("pk", filter=Q(status=ServiceDemand.Status.DELIVERED)),
        )
        .values_list("product_id", "relationship__segment__number", "asked", "delivered")
    )
    products = list(
        Product.objects.for_jobcenter(scope.jobcenter)
        .filter(Q(retired_at__isnull=True) | Q(pk__in={row[0] for row in found}))
        .select_related("track")
        .order_by("track__order", "order", "name")
    )
    asked: dict[tuple[int | None, int | None], int] = defaultdict(int)
    delivered: dict[int | None, int] = defaultdict(int)
    for product_id, segment, asked_count, delivered_count in found:
        asked[(product_id, segment)] += asked_count
        delivered[product_id] += delivered_count
    peak = max(asked.values(), default=0)
    product_rows = []
    for product in products:
        cells = []
        for number in SEGMENT_KEYS:
            value = asked[(product.pk, number)]
            cell = Cell(
                value,
                scope.drill(f"demand:{product.code}:{figures.segment_arg(number)}:asked"),
            )
            cell.heat = _heat(value, peak)
            cells.append(cell)
        total = sum(asked[(product.pk, number)] for number in SEGMENT_KEYS)
        cells.append(Cell(total, scope.drill(f"demand:{product.code}:all:asked")))
        cells.append(
            Cell(delivered[product.pk], scope.drill(f"demand:{product.code}:all:delivered"))
        )
        product_rows.append(Row(label=f"{product.track.name}: {product.name}", cells=cells))
    columns = [*(labels[number] for number in SEGMENT_KEYS), _("Asked for"), _("Delivered")]
    heatmap = Table(
        key="demand",
        title=_("Service demands: products by segment"),
        row_header=_("Product"),
        columns=columns,
        rows=product_rows,
        note=_(
            "Companies asking for each product (wanted, agreed or delivered), by their segment "
            "today; the darker the cell, the more companies."
        ),
        heatmap=True,
    )
    # Per track, each company once (a company asking for two products of a track is
    # one company there, as the linked list shows it).
    by_track: dict[tuple[int, int | None], int] = defaultdict(int)
    delivered_by_track: dict[int, int] = defaultdict(int)
    for track_id, number, companies_asking, companies_delivered in (
        ServiceDemand.objects.for_jobcenter(scope.jobcenter)
        .current()
        .filter(product__isnull=False)
        .filter(relationship__in=relationships)
        .values("product__track_id", "relationship__segment__number")
        .annotate(
            asking=Count("relationship__company", distinct=True),
            done=Count(
                "relationship__company",
                filter=Q(status=ServiceDemand.Status.DELIVERED),
                distinct=True,
            ),
        )
        .values_list("product__track_id", "relationship__segment__number", "asking", "done")
    ):
        by_track[(track_id, number)] += companies_asking
        delivered_by_track[track_id] += companies_delivered
    track_rows = []
    for track in Track.objects.order_by("order", "name"):
        cells = [
            Cell(
                by_track[(track.pk, number)],
                scope.drill(f"demand:track-{track.code}:{figures.segment_arg(number)}:asked"),
            )
            for number in SEGMENT_KEYS
        ]
        cells.append(
            Cell(
                sum(by_track[(track.pk, number)] for number in SEGMENT_KEYS),
                scope.drill(f"demand:track-{track.code}:all:asked"),
            )
        )
        cells.append(
            Cell(
                delivered_by_track[track.pk],
                scope.drill(f"demand:track-{track.code}:all:delivered"),
            )
        )
        track_rows.append(Row(label=track.name, cells=cells))
    tracks = Table(
        key="tracks",
        title=_("Service demands by track"),
        row_header=_("Track"),
        columns=columns,
        rows=track_rows,
        note=_("Companies asking for at least one product of the track."),
        chart_columns=[5, 6],
    )
    return [tracks, heatmap]
