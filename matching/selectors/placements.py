"""Reads for the placement log on the order page."""

from dataclasses import dataclass

from django.db.models import Prefetch

from accounts.models import User

from ..models import JobOrder, Placement, PlacementStep


@dataclass(frozen=True)
class OrderPlacements:
    placements: list[Placement]
    suitable: int
    target: tuple[int, int]

    @property
    def below_target(self) -> bool:
        return self.suitable < self.target[0]


def placements_for_order(*, user: User, order: JobOrder) -> OrderPlacements:
    """The candidates on the order with their steps (two queries), and how many are still
    suitable against seed 004's 3-5 per opening."""
    placements = list(
        Placement.objects.for_user(user)
        .filter(job_order=order)
        .select_related("candidate")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=PlacementStep.objects.select_related("recorded_by").order_by(
                    "occurred_at", "pk"
                ),
            )
        )
    )
    suitable = sum(1 for p in placements if p.status != Placement.Status.REJECTED)
    return OrderPlacements(placements=placements, suitable=suitable, target=order.candidate_target)
