"""The jobcenter's key figures: set-based aggregates, a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from accounts.models import Jobcenter, User
from companies.models import Agreement, CompanyRelationship, Contact
from screening.models import Segment


@dataclass
class SegmentShare:
    label: str
    number: int | None
    count: int
    percent: float
    survey_percent: int | None


def segment_distribution(*, jobcenter: Jobcenter) -> list[SegmentShare]:
    """Relationships per current segment (not screened last) beside Struer's survey."""
    counts: dict[int | None, int] = dict(
        CompanyRelationship.objects.for_jobcenter(jobcenter)
        .values_list("segment")
        .annotate(total=Count("id"))
        .values_list("segment", "total")
    )
    total = sum(counts.values()) or 1
    rows = [
        SegmentShare(
            label=str(segment),
            number=segment.number,
            count=counts.get(segment.pk, 0),
            percent=round(100 * counts.get(segment.pk, 0) / total, 1),
            survey_percent=segment.survey_share_percent,
        )
        for segment in Segment.objects.order_by("number")
    ]
    rows.append(
        SegmentShare(
            label="",
            number=None,
            count=counts.get(None, 0),
            percent=round(100 * counts.get(None, 0) / total, 1),
            survey_percent=None,
        )
    )
    return rows


def contacts_by_channel(*, jobcenter: Jobcenter, since: datetime.datetime) -> dict[str, int]:
    rows = (
        Contact.objects.for_jobcenter(jobcenter)
        .done()
        .filter(occurred_at__gte=since)
        .values_list("channel")
        .annotate(total=Count("id"))
    )
    return dict(rows)


def consultant_figures(
    *, jobcenter: Jobcenter, since: datetime.datetime, today: datetime.date
) -> list[User]:
    """Each active consultant with contacts since `since` and overdue open agreements."""
    return list(
        User.objects.for_jobcenter(jobcenter)
        .active()
        .consultants()
        .annotate(
            contacts_done=Count(
                "contacts",
                filter=Q(contacts__status=Contact.Status.DONE, contacts__occurred_at__gte=since),
                distinct=True,
            ),
            agreements_overdue=Count(
                "agreements",
                filter=Q(agreements__status=Agreement.Status.OPEN, agreements__deadline__lt=today),
                distinct=True,
            ),
        )
        .order_by("first_name", "last_name", "username")
    )
