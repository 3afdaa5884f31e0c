"""Reads for the candidate search (seed 003, koncept 3) and the reverse search: what a
search asks the engine, the ranked result with the facts beside it, and the open orders
that fit one candidate. Each is a fixed number of queries whatever the data size."""

import calendar
import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Power, Sqrt

from accounts.models import User

from ..engine import Ask, Match, admits, ask_for_order, point_of, rank, vocabulary_for
from ..engine.ranking import (
    KM_PER_DEGREE,
    hard_filters,
    occupation_keys,
    skill_keys,
    within_radius,
)
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


def facts_filter(criteria: dict[str, Any], *, today: datetime.date) -> Q:
    """The case system's facts a search narrows candidates by."""
    where = Q()
    if criteria.get("readiness"):
        where &= Q(readiness=criteria["readiness"])
    if criteria.get("target_group"):
        where &= Q(target_group=criteria["target_group"])
    months = criteria.get("unemployed_months")
    if months:
        where &= Q(unemployed_since__lte=months_before(today, months))
    return where


def search_queryset(user: User, criteria: dict[str, Any], *, today: datetime.date) -> Any:
    """The user's jobcenter's candidates narrowed by the case system's facts."""
    return Candidate.objects.for_user(user).filter(facts_filter(criteria, today=today))


def search_ask(criteria: dict[str, Any]) -> Ask:
    """What the search form's cleaned data asks the engine. Raises UnknownPostalCode for
    a postal code not in the table."""
    latitude = longitude = radius = None
    if criteria.get("postal_code"):
        latitude, longitude = point_of(criteria["postal_code"])
        if latitude is None:
            raise UnknownPostalCode(criteria["postal_code"])
        radius = float(criteria.get("radius_km") or 25)
    return Ask(
        occupations=tuple(criteria.get("occupations") or ()),
        wished_skills=tuple(criteria.get("qualifications") or ()),
        latitude=latitude,
        longitude=longitude,
        radius_km=radius,
        point_is_workplace=False,
        # No date asked: everyone, whenever they can start.
        start_date=criteria.get("available_by") or datetime.date.max,
    )


def candidate_search(
    *, user: User, criteria: dict[str, Any], today: datetime.date, limit: int = SEARCH_LIMIT
) -> SearchResult:
    """The search form's cleaned data ranked by degree of match, best first, each match
    explained. Raises UnknownPostalCode for a postal code not in the table."""
    ask = search_ask(criteria)
    vocabulary = vocabulary_for(user.jobcenter_id)
    matches = rank(
        ask,
        search_queryset(user, criteria, today=today),
        vocabulary,
        today=today,
        limit=limit,
    )
    return SearchResult(
        matches,
        ask.latitude,
        ask.longitude,
        ask.radius_km,
        watch_terms=search_watch_terms(ask, vocabulary),
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


def _news_filter(
    search: SavedSearch, criteria: dict[str, Any], vocabulary: Vocabulary, today: datetime.date
) -> Q:
    """The candidates that are news to a saved search: created or updated since it was
    last opened, holding one of its terms (any, for a search by the case-system facts
    alone), and passing the filters the search itself applies (the facts, the start date
    and the distance), so the count is of those its result can show."""
    assert search.last_run_at is not None
    ask = search_ask(criteria)
    where = Q(updated_at__gt=search.last_run_at)
    if search.watch_terms:
        where &= Q(occupation_terms__overlap=search.watch_terms) | Q(
            skill_terms__overlap=search.watch_terms
        )
    where &= facts_filter(criteria, today=today) & hard_filters(ask, vocabulary, today=today)
    if ask.has_point:
        where &= within_radius(ask)
    return where


def saved_searches(user: User, *, today: datetime.date) -> list[SavedSearch]:
    """The user's saved searches, each with `new_count`: the candidates new to it since
    it was last opened (see _news_filter). Two queries whatever their number: the
    searches, then every count in one pass over the candidates changed since the
    earliest of them (index candidate_updated); three with the jobcenter's synonyms."""
    from ..forms import CandidateSearchForm  # the stored values are validated as on a run

    searches = list(SavedSearch.objects.for_user(user).filter(user=user).order_by("name", "pk"))
    counts: dict[str, int] = {}
    filters: dict[str, Q] = {}
    vocabulary: Vocabulary | None = None
    for search in searches:
        if search.last_run_at is None:
            continue
        form = CandidateSearchForm(search.criteria)
        if not form.is_valid():
            continue  # it cannot run as saved: nothing it would show is new
        vocabulary = vocabulary or vocabulary_for(user.jobcenter_id)
        try:
            filters[f"search_{search.pk}"] = _news_filter(
                search, form.cleaned_data, vocabulary, today
            )
        except UnknownPostalCode:
            continue
    if filters:
        since = min(search.last_run_at for search in searches if search.last_run_at)
        counts = (
            Candidate.objects.for_user(user)
            .filter(updated_at__gt=since)
            .aggregate(**{key: Count("pk", filter=where) for key, where in filters.items()})
        )
    for search in searches:
        search.new_count = counts.get(f"search_{search.pk}", 0)  # type: ignore[attr-defined]
    return searches


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
