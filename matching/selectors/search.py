"""Reads for the candidate search (seed 003, koncept 3) and the reverse search: what a
search asks the engine, the ranked result with the facts beside it, and the open orders
that fit one candidate. Each is a fixed number of queries whatever the data size."""

import calendar
import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Power, Sqrt

from accounts.models import User

from ..engine import Ask, Match, admits, ask_for_order, point_of, rank, vocabulary_for
from ..engine.ranking import KM_PER_DEGREE, occupation_keys, skill_keys
from ..engine.scoring import score
from ..engine.vocabulary import Vocabulary
from ..models import (
    Candidate,
    CandidateBookmark,
    JobOrder,
    PostalCode,
    SavedSearch,
    TalentPool,
    TalentPoolMember,
    TalentPoolVisit,
)

SEARCH_LIMIT = 50
# The reverse search scores at most this many of the nearest open orders.
REVERSE_POOL = 400
REVERSE_LIMIT = 20


class UnknownPostalCode(ValueError):
    """The search names a postal code the shipped table does not know."""


@dataclass
class SearchResult:
    matches: list[Match]
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None
    new_ids: set[int] = field(default_factory=set)
    # In the last result but changed in the case system since it was opened.
    updated_ids: set[int] = field(default_factory=set)
    watch_terms: list[str] = field(default_factory=list)

    @property
    def candidate_ids(self) -> list[int]:
        return [match.candidate.pk for match in self.matches]


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier, or the month's last day."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def search_queryset(user: User, criteria: dict[str, Any], *, today: datetime.date) -> Any:
    """The user's jobcenter's candidates narrowed by the case system's facts."""
    candidates = Candidate.objects.for_user(user)
    if criteria.get("readiness"):
        candidates = candidates.filter(readiness=criteria["readiness"])
    if criteria.get("target_group"):
        candidates = candidates.filter(target_group=criteria["target_group"])
    months = criteria.get("unemployed_months")
    if months:
        candidates = candidates.unemployed_on_or_before(months_before(today, months))
    return candidates


def candidate_search(
    *, user: User, criteria: dict[str, Any], today: datetime.date, limit: int = SEARCH_LIMIT
) -> SearchResult:
    """The search form's cleaned data ranked by degree of match, best first, each match
    explained. Raises UnknownPostalCode for a postal code not in the table."""
    latitude = longitude = radius = None
    if criteria.get("postal_code"):
        latitude, longitude = point_of(criteria["postal_code"])
        if latitude is None:
            raise UnknownPostalCode(criteria["postal_code"])
        radius = float(criteria.get("radius_km") or 25)
    ask = Ask(
        occupations=tuple(criteria.get("occupations") or ()),
        wished_skills=tuple(criteria.get("qualifications") or ()),
        latitude=latitude,
        longitude=longitude,
        radius_km=radius,
        point_is_workplace=False,
        # No date asked: everyone, whenever they can start.
        start_date=criteria.get("available_by") or datetime.date.max,
    )
    vocabulary = vocabulary_for(user.jobcenter_id)
    matches = rank(
        ask,
        search_queryset(user, criteria, today=today),
        vocabulary,
        today=today,
        limit=limit,
    )
    return SearchResult(
        matches, latitude, longitude, radius, watch_terms=search_watch_terms(ask, vocabulary)
    )


def search_watch_terms(ask: Ask, vocabulary: Vocabulary) -> list[str]:
    """The terms the engine narrows candidates by for this search (occupations with
    their synonyms and related titles, qualifications): a saved search counts the
    candidates new or updated since last time among those holding one of them."""
    strong, weak = occupation_keys(ask.occupations, vocabulary)
    return sorted(strong | weak | skill_keys(ask.wished_skills, vocabulary))


def mark_new(result: SearchResult, *, since: datetime.datetime | None, seen: list[int]) -> None:
    """Mark the candidates not in the result last time as new, and those in it but
    changed since as updated."""
    before = set(seen)
    for match in result.matches:
        candidate = match.candidate
        if candidate.pk not in before:
            result.new_ids.add(candidate.pk)
        elif since is not None and candidate.updated_at > since:
            result.updated_ids.add(candidate.pk)


def bookmarked_ids(user: User, candidate_ids: list[int]) -> set[int]:
    return set(
        CandidateBookmark.objects.filter(user=user, candidate_id__in=candidate_ids).values_list(
            "candidate_id", flat=True
        )
    )


def talent_pools(user: User) -> QuerySet[TalentPool]:
    return TalentPool.objects.for_user(user).order_by("name", "pk")


def _count(queryset: QuerySet[Any]) -> Any:
    return Coalesce(
        Subquery(queryset.order_by().values("jobcenter_id").annotate(n=Count("pk")).values("n")),
        0,
    )


def saved_searches(user: User) -> QuerySet[SavedSearch]:
    """The user's saved searches, each with `new_count`: the candidates created or updated
    since it was last opened that hold one of its terms (all such candidates for a search
    by the case-system facts alone). One query (index candidate_updated)."""
    changed = Candidate.objects.filter(
        jobcenter_id=OuterRef("jobcenter_id"), updated_at__gt=OuterRef("last_run_at")
    )
    with_terms = changed.filter(
        Q(occupation_terms__overlap=OuterRef("watch_terms"))
        | Q(skill_terms__overlap=OuterRef("watch_terms"))
    )
    return (
        SavedSearch.objects.for_user(user)
        .filter(user=user)
        .annotate(
            new_count=Case(
                When(last_run_at__isnull=True, then=Value(0)),
                When(watch_terms=[], then=_count(changed)),
                default=_count(with_terms),
            )
        )
        .order_by("name", "pk")
    )


def bookmarked_candidates(user: User) -> list[Candidate]:
    return [
        bookmark.candidate
        for bookmark in CandidateBookmark.objects.for_user(user)
        .filter(user=user)
        .select_related("candidate")
        .order_by("candidate__name", "candidate__pk")
    ]


def pool_members(pool: TalentPool) -> list[TalentPoolMember]:
    return list(
        pool.members.select_related("candidate", "added_by").order_by(
            "candidate__name", "candidate__pk"
        )
    )


def pool_last_opened(pool: TalentPool, user: User) -> datetime.datetime | None:
    """When the user last opened the pool, or None for never."""
    return (
        TalentPoolVisit.objects.filter(pool=pool, user=user)
        .values_list("opened_at", flat=True)
        .first()
    )


def pool_news(
    members: list[TalentPoolMember], since: datetime.datetime | None
) -> tuple[set[int], set[int]]:
    """(added, updated) candidate ids since the user last opened the pool: added to the
    pool, or changed in the case system; everyone is new to a user who never opened it."""
    added = {m.candidate_id for m in members if since is None or m.added_at > since}
    updated = {
        m.candidate_id
        for m in members
        if since is not None and m.candidate_id not in added and m.candidate.updated_at > since
    }
    return added, updated


@dataclass
class OrderFit:
    order: JobOrder
    match: Match


def _distance_from(latitude: float, longitude: float) -> Any:
    return Sqrt(
        Power((F("latitude") - latitude) * KM_PER_DEGREE, 2)
        + Power(
            (F("longitude") - longitude) * (KM_PER_DEGREE * math.cos(math.radians(latitude))), 2
        )
    )


def orders_for_candidate(
    *,
    user: User,
    candidate: Candidate,
    today: datetime.date,
    limit: int = REVERSE_LIMIT,
    vocabulary: Vocabulary | None = None,
) -> list[OrderFit]:
    """Reverse search: the jobcenter's open and paused orders the candidate could take,
    best fit first, each explained from the order's side. Orders beyond the candidate's
    maximum commute are left out in SQL; the hard filters and the score are the engine's.
    Two queries (orders with their points, the vocabulary)."""
    places = PostalCode.objects.filter(code=OuterRef("postal_code"))
    orders = (
        JobOrder.objects.for_user(user)
        .active()
        .select_related("company")
        .annotate(
            latitude=Subquery(places.values("latitude")[:1]),
            longitude=Subquery(places.values("longitude")[:1]),
        )
    )
    if candidate.latitude is not None and candidate.longitude is not None:
        orders = orders.annotate(
            distance=_distance_from(candidate.latitude, candidate.longitude)
        ).filter(Q(latitude__isnull=True) | Q(distance__lte=candidate.max_commute_km))
    if vocabulary is None:
        vocabulary = vocabulary_for(user.jobcenter_id)
    fits = []
    for order in orders.order_by("-received_at", "pk")[:REVERSE_POOL]:
        ask = ask_for_order(order, point=(order.latitude, order.longitude))  # type: ignore[attr-defined]
        if admits(ask, candidate, vocabulary, today=today):
            fits.append(OrderFit(order, score(ask, candidate, vocabulary, today=today)))
    fits.sort(key=lambda fit: (-fit.match.exact_score, -fit.order.received_at.timestamp()))
    return fits[:limit]


def talent_pools_with_counts(user: User) -> list[TalentPool]:
    """The jobcenter's pools with their size and `new_count`: members added or updated
    since the user last opened the pool (all, if never). One query."""
    opened = TalentPoolVisit.objects.filter(pool=OuterRef("pk"), user=user).values("opened_at")
    return list(
        talent_pools(user)
        .annotate(last_opened=Subquery(opened[:1]))
        .annotate(
            size=Count("members"),
            new_count=Count(
                "members",
                filter=Q(last_opened__isnull=True)
                | Q(members__added_at__gt=F("last_opened"))
                | Q(members__candidate__updated_at__gt=F("last_opened")),
            ),
        )
    )
