"""The score 0-100 of one candidate for one order (or search): a weighted sum of named
criteria, each with its contribution, its explanation and the matched terms (issue 11.4).

Pure: takes what an order asks for (`Ask`) and a candidate's fields, touches no database."""

import contextlib
import contextvars
import datetime
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.translation import gettext

from jobcenter_crm.lib.dates import short_date

from . import phrases
from .terms import licence_classes
from .text import phrase_key
from .vocabulary import Vocabulary

# While a ranking explains its few hundred candidates, each message is translated once
# (`translations_memo`): Django's gettext looks up the active language on every call.
_memo: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "scoring_translations", default=None
)


def _(message: str) -> str:
    memo = _memo.get()
    if memo is None:
        return gettext(message)
    text = memo.get(message)
    if text is None:
        text = memo[message] = gettext(message)
    return text


@contextlib.contextmanager
def translations_memo() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


# The criteria and their weights; a criterion the order does not ask about (no skills, no
# certificates, no languages, no place) is left out and the others share its weight, so a
# score always runs 0-100. Occupation and education weigh most: seed 003's complaint is a
# design technologist on top of a search for a mechanical engineer.
WEIGHTS: dict[str, int] = {
    "occupation_education": 40,
    "skills": 20,
    "experience": 10,
    "certificates": 10,
    "languages": 5,
    "distance": 10,
    "availability": 5,
}
# Skills only wished for (none required) are nice to have: they weigh half, so that a
# candidate of the right trade without them stays above one of a related trade with them.
WISHED_ONLY_SKILLS_FACTOR = 0.5
# Where a title comes from in the candidate's record: a wished-for occupation alone is far
# weaker evidence than an education or experience in it.
SOURCE_FACTORS = {"education": 1.0, "experience": 1.0, "wanted": 0.4}
# A second, independent source of the same title (education and experience) adds a little.
SECOND_SOURCE_BONUS = 0.1
# Without a wished number of years, two years in the trade count as experienced.
DEFAULT_EXPERIENCE_YEARS = 2.0
# Distance: full marks within this many km, nothing at the far end.
NEAR_KM = 5.0
FAR_KM = 60.0
# An order "as soon as possible" waits this long for a candidate (and the hard filter too).
ASAP_DAYS = 14
UNKNOWN_PLACE_LEVEL = 0.3


class CandidateLike(Protocol):
    pk: Any
    name: str
    education: list[str]
    wanted_occupations: list[str]
    skills: list[str]
    certificates: list[str]
    driving_licences: list[str]
    languages: list[str]
    latitude: float | None
    longitude: float | None
    available_from: datetime.date | None
    unemployed_since: datetime.date | None

    @property
    def experience_entries(self) -> list[tuple[str, float]]: ...


@dataclass(frozen=True)
class Ask:
    """What an order or a search asks for, in plain values."""

    occupations: tuple[str, ...] = ()
    education: tuple[str, ...] = ()
    required_skills: tuple[str, ...] = ()
    wished_skills: tuple[str, ...] = ()
    certificates: tuple[str, ...] = ()
    driving_licences: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    experience_years: float | None = None
    latitude: float | None = None
    longitude: float | None = None
    start_date: datetime.date | None = None
    hours_per_week: int | None = None
    needs_job_ready: bool = False
    # A search's radius around its point; an order uses each candidate's own max commute.
    radius_km: float | None = None
    # The point is a workplace (an order) or the postal code a search names.
    point_is_workplace: bool = True

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def start(self, today: datetime.date) -> datetime.date:
        """The latest day a candidate may be free to start."""
        if self.start_date is not None:
            return max(self.start_date, today)
        return today + datetime.timedelta(days=ASAP_DAYS)


@dataclass(frozen=True)
class Criterion:
    name: str
    label: str
    weight: float  # share of 100 this criterion can give
    level: float  # 0-1
    explanation: str
    matched: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        return round(self.weight * self.level, 1)


@dataclass
class Match:
    candidate: Any
    score: int
    criteria: list[Criterion]
    distance_km: float | None = None
    rank: int = 0
    exact_score: float = field(default=0.0, repr=False)

    @property
    def matched_terms(self) -> list[str]:
        return sorted({term for criterion in self.criteria for term in criterion.matched})


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), accurate to metres at Danish distances."""
    radius = 6371.0
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def _labels() -> dict[str, str]:
    return {
        "occupation_education": _("Occupation and education"),
        "skills": _("Skills"),
        "experience": _("Experience"),
        "certificates": _("Certificates and driving licences"),
        "languages": _("Languages"),
        "distance": _("Distance"),
        "availability": _("Availability"),
    }


def _source_label(source: str) -> str:
    return {
        "education": _("education"),
        "experience": _("experience"),
        "wanted": _("wanted job"),
    }[source]


def _occupation(
    ask: Ask, candidate: CandidateLike, vocabulary: Vocabulary
) -> tuple[float, str, tuple[str, ...]] | None:
    if not ask.occupations and not ask.education:
        return None
    held: list[tuple[str, phrases.Phrase]] = [
        *(("education", phrases.analyse(text, vocabulary)) for text in candidate.education),
        *(
            ("experience", phrases.analyse(text, vocabulary))
            for text, _years in candidate.experience_entries
        ),
        *(("wanted", phrases.analyse(text, vocabulary)) for text in candidate.wanted_occupations),
    ]
    parts: list[str] = []
    matched: list[str] = []

    def best_for(asked_texts: Sequence[str], sources: set[str]) -> tuple[float, str]:
        by_source: dict[str, tuple[float, phrases.Phrase, str]] = {}
        for asked_text in asked_texts:
            asked = phrases.analyse(asked_text, vocabulary)
            for source, phrase in held:
                if source not in sources:
                    continue
                level = phrases.match_level(asked, phrase, vocabulary) * SOURCE_FACTORS[source]
                if level > by_source.get(source, (0.0, phrase, ""))[0]:
                    by_source[source] = (level, phrase, asked_text)
        if not by_source:
            return 0.0, ""
        ranked = sorted(by_source.items(), key=lambda item: -item[1][0])
        source, (level, phrase, asked_text) = ranked[0]
        if len(ranked) > 1:
            level = min(1.0, level + SECOND_SOURCE_BONUS * ranked[1][1][0])
        matched.append(phrase.text)
        return level, _("%(held)s (%(source)s) for “%(asked)s”") % {
            "held": phrase.text,
            "source": _source_label(source),
            "asked": asked_text,
        }

    level = 0.0
    if ask.occupations:
        level, text = best_for(ask.occupations, {"education", "experience", "wanted"})
        parts.append(text or _("no matching occupation or education"))
    if ask.education:
        education_level, text = best_for(ask.education, {"education"})
        parts.append(text or _("no education as “%(asked)s”") % {"asked": ", ".join(ask.education)})
        # The asked education weighs a third beside the occupation itself.
        level = 0.65 * level + 0.35 * education_level if ask.occupations else education_level
    return level, "; ".join(parts), tuple(matched)


def _list_match(
    asked: Sequence[tuple[str, float]],
    held_texts: Sequence[str],
    vocabulary: Vocabulary,
) -> tuple[float, list[str], list[str]]:
    """(weighted share matched, matched held texts, missing asked texts)."""
    held = [phrases.analyse(text, vocabulary) for text in held_texts]
    total = sum(weight for _text, weight in asked)
    got = 0.0
    matched: list[str] = []
    missing: list[str] = []
    for text, weight in asked:
        level, phrase = phrases.best_match(phrases.analyse(text, vocabulary), held, vocabulary)
        got += weight * level
        if phrase is not None and level >= phrases.RELATED:
            matched.append(phrase.text)
        else:
            missing.append(text)
    return (got / total if total else 0.0), matched, missing


def _skills(ask: Ask, candidate: CandidateLike, vocabulary: Vocabulary):
    asked = [(text, 2.0) for text in ask.required_skills] + [
        (text, 1.0) for text in ask.wished_skills
    ]
    if not asked:
        return None
    level, matched, missing = _list_match(
        asked, [*candidate.skills, *candidate.certificates], vocabulary
    )
    text = _("%(got)d of %(asked)d") % {"got": len(asked) - len(missing), "asked": len(asked)}
    if matched:
        text += ": " + ", ".join(dict.fromkeys(matched))
    if missing:
        text += "; " + _("missing: %(missing)s") % {"missing": ", ".join(missing)}
    return level, text, tuple(dict.fromkeys(matched))


def _experience(ask: Ask, candidate: CandidateLike, vocabulary: Vocabulary):
    if not ask.occupations:
        return None
    target = float(ask.experience_years or DEFAULT_EXPERIENCE_YEARS)
    asked = [phrases.analyse(text, vocabulary) for text in ask.occupations]
    years = 0.0
    matched: list[str] = []
    for text, entry_years in candidate.experience_entries:
        held = phrases.analyse(text, vocabulary)
        level = max(phrases.match_level(one, held, vocabulary) for one in asked)
        if level >= phrases.RELATED:
            years += entry_years * level
            matched.append(text)
    level = min(1.0, years / target) if target > 0 else (1.0 if matched else 0.0)
    if not matched:
        return level, _("no experience in the occupation"), ()
    return (
        level,
        _("%(years)s years as %(what)s (wished: %(target)s)")
        % {"years": _number(years), "what": ", ".join(matched), "target": _number(target)},
        tuple(matched),
    )


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _certificates(ask: Ask, candidate: CandidateLike, vocabulary: Vocabulary):
    if not ask.certificates and not ask.driving_licences:
        return None
    asked = len(ask.certificates) + len(ask.driving_licences)
    got = 0.0
    matched: list[str] = []
    missing: list[str] = []
    if ask.certificates:
        level, found, lacking = _list_match(
            [(text, 1.0) for text in ask.certificates],
            [*candidate.certificates, *candidate.skills],
            vocabulary,
        )
        got += level * len(ask.certificates)
        matched += found
        missing += lacking
    held_classes = licence_classes(candidate.driving_licences)
    for licence in ask.driving_licences:
        if licence_classes([licence]) <= held_classes:
            got += 1
            matched.append(_("licence %(classes)s") % {"classes": licence})
        else:
            missing.append(licence)
    text = ", ".join(matched) if matched else ""
    if missing:
        text = (text + "; " if text else "") + _("missing: %(missing)s") % {
            "missing": ", ".join(missing)
        }
    return got / asked, text, tuple(matched)


def _languages(ask: Ask, candidate: CandidateLike, vocabulary: Vocabulary):
    if not ask.languages:
        return None
    held = set()
    for text in candidate.languages:
        held |= vocabulary.same_keys(phrase_key(text))
    matched = [text for text in ask.languages if phrase_key(text) in held]
    missing = [text for text in ask.languages if phrase_key(text) not in held]
    text = ", ".join(matched)
    if missing:
        text = (text + "; " if text else "") + _("missing: %(missing)s") % {
            "missing": ", ".join(missing)
        }
    return len(matched) / len(ask.languages), text, tuple(matched)


def _distance(ask: Ask, candidate: CandidateLike) -> tuple[float, str, float | None] | None:
    if not ask.has_point:
        return None
    if candidate.latitude is None or candidate.longitude is None:
        return UNKNOWN_PLACE_LEVEL, _("place of residence unknown"), None
    assert ask.latitude is not None and ask.longitude is not None
    km = distance_km(ask.latitude, ask.longitude, candidate.latitude, candidate.longitude)
    level = 1.0 if km <= NEAR_KM else max(0.0, 1 - (km - NEAR_KM) / (FAR_KM - NEAR_KM))
    if ask.point_is_workplace:
        text = _("%(km)s km from the workplace") % {"km": _number(round(km))}
    else:
        text = _("%(km)s km from the postal code searched") % {"km": _number(round(km))}
    return level, text, km


def _availability(ask: Ask, candidate: CandidateLike, today: datetime.date):
    start = ask.start_date or today
    free = candidate.available_from
    if free is None or free <= max(start, today):
        return 1.0, _("can start now") if free is None or free <= today else _(
            "can start %(date)s"
        ) % {"date": short_date(free)}
    days = (free - max(start, today)).days
    return max(0.0, 1 - days / (2 * ASAP_DAYS)), _("can start %(date)s") % {
        "date": short_date(free)
    }


def score(
    ask: Ask, candidate: CandidateLike, vocabulary: Vocabulary, *, today: datetime.date
) -> Match:
    """The candidate's score for what is asked, with every criterion explained."""
    raw: dict[str, tuple[float, str, tuple[str, ...]]] = {}
    for name, result in (
        ("occupation_education", _occupation(ask, candidate, vocabulary)),
        ("skills", _skills(ask, candidate, vocabulary)),
        ("experience", _experience(ask, candidate, vocabulary)),
        ("certificates", _certificates(ask, candidate, vocabulary)),
        ("languages", _languages(ask, candidate, vocabulary)),
    ):
        if result is not None:
            raw[name] = result
    km = None
    distance = _distance(ask, candidate)
    if distance is not None:
        level, text, km = distance
        raw["distance"] = (level, text, ())
    level, text = _availability(ask, candidate, today)
    raw["availability"] = (level, text, ())

    weights: dict[str, float] = dict(WEIGHTS)
    if not ask.required_skills:
        weights["skills"] = WEIGHTS["skills"] * WISHED_ONLY_SKILLS_FACTOR
    total_weight = sum(weights[name] for name in raw)
    labels = _labels()
    criteria = []
    for name in WEIGHTS:
        if name in raw:
            level, text, matched = raw[name]
            weight = 100.0 * weights[name] / total_weight
        else:
            level, text, matched, weight = 0.0, _("not asked for"), (), 0.0
        criteria.append(Criterion(name, labels[name], round(weight, 1), level, text, matched))
    exact = sum(c.weight * c.level for c in criteria)
    return Match(
        candidate=candidate,
        score=round(exact),
        criteria=criteria,
        distance_km=km,
        exact_score=exact,
    )
