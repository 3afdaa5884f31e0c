"""The matching engine: Danish text normalisation, hard filters and pre-scoring in SQL,
scoring with per-criterion explanations in Python.

The one entry point other apps call is `rank_for_order(order, user=..., limit=20)`; the
search page calls `rank` with an `Ask` of its own."""

import datetime
from typing import Any

from django.utils import timezone

from .ranking import admits, rank
from .scoring import WEIGHTS, Ask, Criterion, Match
from .vocabulary import Vocabulary, shipped

# Seed 000 / DANISH-DATA 6.1: supported positions (internship, wage subsidy, flex job) are
# open to activity-ready citizens too; an ordinary job, an adult apprenticeship and an
# upskilling job are ordinary employment and need a job-ready candidate.
KINDS_NEEDING_JOB_READY = frozenset({"ordinary", "adult_apprentice", "upskilling_job"})


def vocabulary_for(jobcenter_id: int | None) -> Vocabulary:
    """The shipped synonyms plus the jobcenter's own (one query)."""
    from matching.models import SynonymTerm

    base = shipped()
    if jobcenter_id is None:
        return base
    extra = list(
        SynonymTerm.objects.filter(jobcenter_id=jobcenter_id).values_list("kind", "term", "same_as")
    )
    return base.extended(extra) if extra else base


def point_of(postal_code: str) -> tuple[float | None, float | None]:
    from matching.models import PostalCode

    found = PostalCode.objects.filter(code=postal_code).values_list("latitude", "longitude")
    for latitude, longitude in found:
        return latitude, longitude
    return None, None


def ask_for_order(order: Any, *, point: tuple[float | None, float | None] | None = None) -> Ask:
    """What a job order asks for. Reads the order's fields only, so it works for any object
    with JobOrder's field names; `point` saves the postal-code lookup when the caller has
    read it with the orders."""
    if point is None:
        point = point_of(order.postal_code) if order.postal_code else (None, None)
    latitude, longitude = point
    occupations = [order.occupation, order.title]
    return Ask(
        occupations=tuple(dict.fromkeys(text for text in occupations if text)),
        education=tuple(order.required_education or ()),
        required_skills=tuple(order.required_skills or ()),
        wished_skills=tuple(order.wished_skills or ()),
        certificates=tuple(order.required_certificates or ()),
        driving_licences=tuple(order.required_driving_licences or ()),
        languages=tuple(order.required_languages or ()),
        experience_years=order.wished_experience_years,
        latitude=latitude,
        longitude=longitude,
        start_date=order.start_date,
        hours_per_week=order.hours_per_week,
        needs_job_ready=order.kind in KINDS_NEEDING_JOB_READY,
    )


def rank_for_order(
    order: Any, *, user: Any, limit: int = 20, today: datetime.date | None = None
) -> list[Match]:
    """The user's jobcenter's candidates ranked for a job order, best first, each with its
    criteria explained; logs the view of the list (who, when, which candidates, which
    order). Candidates of another jobcenter never enter. Four queries, whatever the size."""
    from matching.models import Candidate
    from matching.services import candidate_access_log

    matches = rank(
        ask_for_order(order),
        Candidate.objects.for_user(user),
        vocabulary_for(user.jobcenter_id),
        today=today or timezone.localdate(),
        limit=limit,
    )
    candidate_access_log(
        user=user,
        kind="matches",
        candidate_ids=[match.candidate.pk for match in matches],
        order_code=getattr(order, "code", None),
    )
    return matches


__all__ = [
    "KINDS_NEEDING_JOB_READY",
    "admits",
    "point_of",
    "WEIGHTS",
    "Ask",
    "Criterion",
    "Match",
    "ask_for_order",
    "rank",
    "rank_for_order",
    "vocabulary_for",
]
