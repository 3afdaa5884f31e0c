"""Reads that span models: the net list and a campaign's progress."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import Jobcenter, User
from companies.models import Company, CompanyRelationship, Contact

from .models import Campaign, CampaignCompany, Segment, SegmentAssessment, Visit

# Seed 000: the net list "normally leaves out one-person companies". CVR's bands 0 and 1
# are those; a company with no band in the register (unknown size) stays on the list,
# since leaving it out would silently drop companies the register knows little about.
ONE_PERSON_BANDS = ("0", "1")
# The four segments of seed 000 (Segment's primary key is its number, constrained to 1-4).
SEGMENT_NUMBERS = (1, 2, 3, 4)


def net_list_companies(*, jobcenter: Jobcenter, filters: dict[str, Any]) -> QuerySet[Company]:
    """The companies a net list with these filters holds (seed 000: the companies the
    jobcenter does not cooperate with yet, in its own municipalities).

    `filters` is the JSON-able spec kept on the campaign: municipalities (codes; empty =
    all the jobcenter serves), exclude_one_person, exclude_known, exclude_in_campaign,
    exclude_segmented (absent in campaigns saved before it existed: not applied),
    industry_sections (DB07 letters), employee_bands, not_contacted_since (ISO date).
    Opted-out companies are always left out (they refused contact)."""
    served = list(jobcenter.served_municipalities.values_list("code", flat=True))
    chosen = [code for code in filters.get("municipalities") or [] if code in served]
    own = CompanyRelationship.objects.filter(jobcenter=jobcenter, company=OuterRef("pk"))
    companies = (
        Company.objects.active()
        .visible_to(jobcenter)
        .filter(municipality_codes__overlap=chosen or served)
        .exclude(Exists(own.filter(opted_out_on__isnull=False)))
    )
    if filters.get("exclude_one_person"):
        companies = companies.exclude(employee_band__in=ONE_PERSON_BANDS)
    if filters.get("exclude_known"):
        companies = companies.exclude(Exists(own.filter(is_known=True)))
    if filters.get("exclude_segmented"):
        # Issue 8.10: a company with a current segment (screened, or a partner in segment
        # 1-2) is not screened again unless the team lead asks for it.
        companies = companies.exclude(Exists(own.filter(segment__isnull=False)))
    if filters.get("exclude_in_campaign"):
        on_campaign = CampaignCompany.objects.filter(
            campaign__jobcenter=jobcenter,
            campaign__ends_on__gte=timezone.localdate(),
            relationship__company=OuterRef("pk"),
        )
        companies = companies.exclude(Exists(on_campaign))
    if filters.get("industry_sections"):
        companies = companies.filter(industry_section__letter__in=filters["industry_sections"])
    if filters.get("employee_bands"):
        companies = companies.filter(employee_band__in=filters["employee_bands"])
    if filters.get("not_contacted_since"):
        since = datetime.date.fromisoformat(filters["not_contacted_since"])
        companies = companies.not_contacted_since(jobcenter=jobcenter, since=since)
    return companies


@dataclass
class CampaignBoard:
    """What the campaign page shows: the company the user holds, the user's companies
    left, the companies per consultant (to page through) with counts, and the visits."""

    campaign_companies: QuerySet[CampaignCompany]
    counts: Any
    held: CampaignCompany | None
    my_remaining: int
    visits: QuerySet[Visit]


def campaign_board(
    *, campaign: Campaign, user: User, consultant: User | None, now: datetime.datetime
) -> CampaignBoard:
    """The campaign page's reads (issue 10.4); `consultant` narrows the list to one."""
    companies = CampaignCompany.objects.filter(campaign=campaign)
    campaign_companies = companies.select_related("relationship__company", "consultant").order_by(
        "consultant__first_name", "consultant__username", "relationship__company__name"
    )
    if consultant is not None:
        campaign_companies = campaign_companies.filter(consultant=consultant)
    counts = (
        companies.values("consultant__first_name", "consultant__last_name", "consultant__username")
        .annotate(
            total=Count("pk"),
            remaining=Count("pk", filter=Q(status__in=CampaignCompany.OPEN_STATUSES)),
        )
        .order_by("consultant__first_name", "consultant__username")
    )
    return CampaignBoard(
        campaign_companies=campaign_companies,
        counts=counts,
        held=companies.held_by(user, now=now).select_related("relationship__company").first(),
        my_remaining=companies.filter(consultant=user).open().count(),
        visits=Visit.objects.filter(campaign_company__campaign=campaign)
        .select_related("contact__relationship__company", "contact_person")
        .order_by("contact__occurred_at"),
    )


NET_LIST_PREVIEW = 25


def net_list_preview(*, jobcenter: Jobcenter, filters: dict[str, Any]) -> list[Company]:
    """The first companies of the net list by name, shown before the campaign is saved
    (one query)."""
    return list(
        net_list_companies(jobcenter=jobcenter, filters=filters)
        .select_related("municipality", "industry_section")
        .order_by("name", "pk")[:NET_LIST_PREVIEW]
    )


@dataclass
class ProgressRow:
    """One consultant's (or the whole campaign's) numbers."""

    label: str
    assigned: int = 0
    screened: int = 0
    remaining: int = 0
    closed: int = 0
    attempts: int = 0
    visits: int = 0
    segments: dict[int, int] = field(default_factory=dict)

    def add(self, other: "ProgressRow") -> None:
        self.assigned += other.assigned
        self.screened += other.screened
        self.remaining += other.remaining
        self.closed += other.closed
        self.attempts += other.attempts
        self.visits += other.visits
        for number, count in other.segments.items():
            self.segments[number] = self.segments.get(number, 0) + count

    @property
    def shares(self) -> list[tuple[int, int, int | None]]:
        """(segment, count, whole percent of the screened) for segments 1-4."""
        return [
            (
                number,
                self.segments.get(number, 0),
                round(100 * self.segments.get(number, 0) / self.screened)
                if self.screened
                else None,
            )
            for number in SEGMENT_NUMBERS
        ]


@dataclass
class CampaignProgress:
    campaign: Campaign
    segments: list[Segment]
    rows: list[ProgressRow]
    total: ProgressRow

    @property
    def segment_table(self) -> list[tuple[Segment, int, int | None]]:
        """Each segment with the screened companies in it and their share (in total)."""
        shares = {number: (count, share) for number, count, share in self.total.shares}
        return [(segment, *shares.get(segment.number, (0, None))) for segment in self.segments]

    @property
    def target_percent(self) -> int:
        return min(100, round(100 * self.total.screened / self.campaign.target))


def campaign_progress(*, campaign: Campaign) -> CampaignProgress:
    """Screened, remaining, calls, visits and the segment distribution, per consultant and
    in total; a fixed number of aggregate queries whatever the campaign's size."""
    Status = CampaignCompany.Status
    campaign_companies = CampaignCompany.objects.filter(campaign=campaign)
    per_consultant = campaign_companies.values("consultant_id").annotate(
        assigned=Count("pk"),
        screened=Count("pk", filter=Q(status=Status.SCREENED)),
        remaining=Count("pk", filter=Q(status__in=CampaignCompany.OPEN_STATUSES)),
        closed=Count("pk", filter=Q(status__in=[Status.DECLINED, Status.WRONG_NUMBER])),
        attempts=Sum("attempts"),
    )
    segment_counts = (
        campaign_companies.filter(status=Status.SCREENED, assessment__isnull=False)
        .values("consultant_id", "assessment__segment_id")
        .annotate(count=Count("pk"))
    )
    visit_counts = (
        Visit.objects.filter(campaign_company__campaign=campaign)
        .exclude(contact__status=Contact.Status.CANCELLED)
        .values("campaign_company__consultant_id")
        .annotate(count=Count("pk"))
    )
    names = {
        user.pk: str(user)
        for user in User.objects.filter(
            Q(campaign_companies__campaign=campaign) | Q(campaigns=campaign)
        ).distinct()
    }
    rows: dict[int, ProgressRow] = {
        pk: ProgressRow(label=name) for pk, name in sorted(names.items(), key=lambda i: i[1])
    }
    for row in per_consultant:
        progress = rows.setdefault(row["consultant_id"], ProgressRow(label="?"))
        progress.assigned = row["assigned"]
        progress.screened = row["screened"]
        progress.remaining = row["remaining"]
        progress.closed = row["closed"]
        progress.attempts = row["attempts"] or 0
    for segment_row in segment_counts:
        segment_id = segment_row["assessment__segment_id"]
        rows[segment_row["consultant_id"]].segments[segment_id] = segment_row["count"]
    for visit_row in visit_counts:
        rows[visit_row["campaign_company__consultant_id"]].visits = visit_row["count"]
    total = ProgressRow(label="")
    for progress in rows.values():
        total.add(progress)
    return CampaignProgress(
        campaign=campaign,
        segments=list(Segment.objects.order_by("number")),
        rows=list(rows.values()),
        total=total,
    )


def segment_history_for_relationship(
    *, user: User, relationship: CompanyRelationship, limit: int = 20
) -> list[SegmentAssessment]:
    """The relationship's latest segment assessments, newest first (the company page)."""
    return list(
        SegmentAssessment.objects.for_user(user)
        .filter(relationship=relationship)
        .select_related("segment", "assessed_by")
        .order_by("-assessed_at")[:limit]
    )
