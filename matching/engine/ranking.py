"""From 150,000 candidates to a ranked, explained top 20: hard filters and a coarse
pre-score in SQL (GIN-indexed term arrays), then `scoring.score` in Python for the few
hundred the pre-score puts first. Constant queries: one for the candidates."""

import datetime
import math
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models.expressions import RawSQL
from django.db.models.lookups import LessThanOrEqual

from . import phrases
from .scoring import Ask, Match, score, translations_memo
from .terms import licence_classes
from .text import phrase_key
from .vocabulary import Vocabulary

# How many candidates SQL hands to Python scoring (issue 11: p95 < 300 ms at 150,000).
PRESCORE_LIMIT = 300
KM_PER_DEGREE = 111.2


def distance_sql(latitude: float, longitude: float) -> RawSQL:
    """Kilometres from a point, as SQL (equirectangular: exact enough within Denmark)."""
    return RawSQL(
        "sqrt(power((latitude - %s) * %s, 2) + power((longitude - %s) * %s, 2))",
        (
            latitude,
            KM_PER_DEGREE,
            longitude,
            KM_PER_DEGREE * math.cos(math.radians(latitude)),
        ),
        output_field=models.FloatField(),
    )


def occupation_keys(texts: Iterable[str], vocabulary: Vocabulary) -> tuple[set[str], set[str]]:
    """(strong, weak) terms a candidate's occupation_terms must overlap: strong for the same
    title, a synonym or a specialisation; weak for related titles and a shared head."""
    strong: set[str] = set()
    weak: set[str] = set()
    for text in texts:
        phrase = phrases.analyse(text, vocabulary)
        if not phrase.key:
            continue
        strong |= vocabulary.same_keys(phrase.key)
        weak |= vocabulary.related_keys(phrase.key)
        last = phrase.last
        assert last is not None
        if len(phrase.words) == 1:
            # Candidates index their compounds' heads: "ingeniør" finds "maskiningeniør".
            strong.add(last.stem)
        if last.modifier and last.head not in vocabulary.generic_heads:
            weak.add(last.head)
    return strong, weak - strong


def skill_keys(texts: Iterable[str], vocabulary: Vocabulary) -> set[str]:
    keys: set[str] = set()
    for text in texts:
        phrase = phrases.analyse(text, vocabulary)
        if phrase.key:
            keys |= vocabulary.same_keys(phrase.key)
            keys |= {word.stem for word in phrase.words}
    return keys


def within_radius(ask: Ask) -> models.Q:
    """Candidates living within the ask's radius of its point. The box around the circle
    lets PostgreSQL intersect the place index (candidate_place) with the term index
    before it reads any row."""
    assert ask.latitude is not None and ask.longitude is not None
    assert ask.radius_km is not None
    lat_span = ask.radius_km / KM_PER_DEGREE
    lon_span = ask.radius_km / (KM_PER_DEGREE * math.cos(math.radians(ask.latitude)))
    return models.Q(
        LessThanOrEqual(distance_sql(ask.latitude, ask.longitude), ask.radius_km),
        latitude__range=(ask.latitude - lat_span, ask.latitude + lat_span),
        longitude__range=(ask.longitude - lon_span, ask.longitude + lon_span),
    )


def hard_filters(ask: Ask, vocabulary: Vocabulary, *, today: datetime.date) -> models.Q:
    """Who cannot take the job at all (issue 11.4), as one WHERE clause; a required
    language counts as a requirement too, for those whose languages are recorded."""
    where = models.Q()
    for certificate in ask.certificates:
        key = phrase_key(certificate)
        if key:
            where &= models.Q(skill_terms__overlap=sorted(vocabulary.same_keys(key)))
    classes = licence_classes(ask.driving_licences)
    if classes:
        where &= models.Q(licence_classes__contains=sorted(classes))
    for language in ask.languages:
        key = phrase_key(language)
        if key:
            # Languages not recorded are unknown, not missing: the score tells.
            where &= models.Q(language_terms=[]) | models.Q(
                language_terms__overlap=sorted(vocabulary.same_keys(key))
            )
    where &= models.Q(available_from__isnull=True) | models.Q(available_from__lte=ask.start(today))
    if ask.hours_per_week:
        where &= models.Q(max_hours_per_week__isnull=True) | models.Q(
            max_hours_per_week__gte=ask.hours_per_week
        )
    if ask.needs_job_ready:
        where &= models.Q(readiness="job_ready")
    return where


def admits(ask: Ask, candidate: Any, vocabulary: Vocabulary, *, today: datetime.date) -> bool:
    """`hard_filters` for one loaded candidate, in Python: the reverse search asks it of
    one candidate for many orders, where a query per order would not do. A test holds the
    two to the same answers."""
    held_skills = set(candidate.skill_terms)
    for certificate in ask.certificates:
        key = phrase_key(certificate)
        if key and not vocabulary.same_keys(key) & held_skills:
            return False
    if not licence_classes(ask.driving_licences) <= set(candidate.licence_classes):
        return False
    held_languages = set(candidate.language_terms)
    for language in ask.languages:
        key = phrase_key(language)
        if key and held_languages and not vocabulary.same_keys(key) & held_languages:
            return False
    if candidate.available_from is not None and candidate.available_from > ask.start(today):
        return False
    if (
        ask.hours_per_week
        and candidate.max_hours_per_week is not None
        and candidate.max_hours_per_week < ask.hours_per_week
    ):
        return False
    return not (ask.needs_job_ready and candidate.readiness != "job_ready")


def candidate_pool(
    ask: Ask,
    queryset: models.QuerySet[Any],
    vocabulary: Vocabulary,
    *,
    today: datetime.date,
    limit: int = PRESCORE_LIMIT,
    others: int = PRESCORE_LIMIT,
) -> list[Any]:
    """The candidates worth scoring, best pre-score first (one query); at most `others`
    of another trade when an occupation is asked for."""
    queryset = queryset.filter(hard_filters(ask, vocabulary, today=today))
    strong, weak = occupation_keys([*ask.occupations, *ask.education], vocabulary)
    skills = skill_keys([*ask.required_skills, *ask.wished_skills], vocabulary)
    prescore_sql: list[str] = []
    params: list[Any] = []
    # Branches read in turn until the pool is full (see the end): those holding the
    # title (or a synonym or specialisation), then those holding only a related title,
    # then another trade holding the skills.
    branches: list[tuple[models.Q, bool]] = []
    if strong or weak or skills:
        if strong:
            branches.append((models.Q(occupation_terms__overlap=sorted(strong)), True))
        if weak:
            branches.append(
                (
                    models.Q(occupation_terms__overlap=sorted(weak))
                    & ~models.Q(occupation_terms__overlap=sorted(strong) or [""]),
                    True,
                )
            )
        if skills:
            branches.append(
                (
                    models.Q(skill_terms__overlap=sorted(skills))
                    & ~models.Q(occupation_terms__overlap=sorted(strong | weak) or [""]),
                    not branches,
                )
            )
        prescore_sql.append(
            "CASE WHEN occupation_terms && %s::varchar[] THEN 100 "
            "WHEN occupation_terms && %s::varchar[] THEN 30 ELSE 0 END"
        )
        params += [sorted(strong) or [""], sorted(weak) or [""]]
        if skills:
            prescore_sql.append(
                "8 * (SELECT count(*) FROM unnest(skill_terms) AS t WHERE t = ANY(%s::varchar[]))"
            )
            params.append(sorted(skills))
    if ask.has_point:
        assert ask.latitude is not None and ask.longitude is not None
        queryset = queryset.annotate(distance=distance_sql(ask.latitude, ask.longitude))
        if ask.radius_km is not None:
            queryset = queryset.filter(within_radius(ask))
        else:
            queryset = queryset.filter(
                models.Q(latitude__isnull=True) | models.Q(distance__lte=models.F("max_commute_km"))
            )
        prescore_sql.append(
            "- coalesce(sqrt(power((latitude - %s) * %s, 2) "
            "+ power((longitude - %s) * %s, 2)), 30) / 3"
        )
        params += [
            ask.latitude,
            KM_PER_DEGREE,
            ask.longitude,
            KM_PER_DEGREE * math.cos(math.radians(ask.latitude)),
        ]
    if not prescore_sql:
        # Filters only (a search without terms): the longest unemployed first.
        queryset = queryset.order_by(models.F("unemployed_since").asc(nulls_last=True), "pk")
        return list(queryset.defer(*TERM_FIELDS)[:limit])
    expression = " + ".join(prescore_sql).replace("+ -", "-")
    # Fixed SQL fragments from this module; every value goes in as a parameter.
    prescore = RawSQL(expression, params, output_field=models.FloatField())  # noqa: S611
    queryset = queryset.annotate(prescore=prescore).defer(*TERM_FIELDS)
    ordering = ("-prescore", "unemployed_since", "pk")
    # One query: PostgreSQL's Append reads a branch only if those before it leave room
    # under the LIMIT, so an order whose title fills the pool never reads those of related
    # titles, nor the many holding a common skill (issue 11: p95 under 300 ms at 150,000).
    # Another trade holding the skills (seed 003) is read unsorted, so that branch stops at
    # the first rows that fill the room, at most as many as the list shows: they score
    # below everyone holding the occupation.
    parts = [
        queryset.filter(where).order_by(*ordering if sort else ())[: limit if sort else others]
        for where, sort in branches
    ]
    if len(parts) == 1:
        return list(parts[0])
    return list(parts[0].union(*parts[1:], all=True)[:limit])


TERM_FIELDS = ("occupation_terms", "skill_terms", "certificate_terms", "language_terms")


def rank(
    ask: Ask,
    queryset: models.QuerySet[Any],
    vocabulary: Vocabulary,
    *,
    today: datetime.date,
    limit: int = 20,
    min_score: int = 0,
) -> list[Match]:
    """The best `limit` candidates for what is asked, best first, each explained."""
    # Another trade is shown only to fill a short list: no more of them than the list holds.
    pool = candidate_pool(ask, queryset, vocabulary, today=today, others=limit)
    with translations_memo():
        matches = [score(ask, candidate, vocabulary, today=today) for candidate in pool]
    matches = [match for match in matches if match.score >= min_score]
    matches.sort(
        key=lambda match: (
            -match.exact_score,
            match.distance_km if match.distance_km is not None else math.inf,
            match.candidate.pk,
        )
    )
    for number, match in enumerate(matches[:limit], start=1):
        match.rank = number
    return matches[:limit]


__all__ = ["admits", "candidate_pool", "hard_filters", "rank"]
