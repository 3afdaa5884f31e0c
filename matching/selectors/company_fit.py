"""Reverse search, the companies' side (issue 11.5): which of the jobcenter's companies
might take a candidate, by industry, distance, segment and what the company asked for on
its visit checklist (virksomhedspraktik, løntilskud), ranked and explained briefly.

One query whatever the number of companies and demands: the jobcenter's relationships
(`CompanyRelationship.objects.for_user(...).contactable()`) scored in SQL, with the
checklist's matching products (`ServiceDemand.objects.for_user(...).current()`) as an array."""

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, Power, Sqrt
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import CompanyRelationship
from servicepackages.models import ServiceDemand

from ..engine.phrases import analyse
from ..engine.ranking import KM_PER_DEGREE
from ..engine.vocabulary import Vocabulary
from ..models import Candidate, PostalCode

COMPANY_LIMIT = 10
INDUSTRIES_FILE = Path(__file__).resolve().parent.parent / "data" / "occupation_industries.json"
# The default catalogue's products for a supported position at the company (seed 004);
# every jobcenter's catalogue starts with these codes.
SUPPORTED_POSITION_PRODUCTS = (
    "virksomhedspraktik",
    "virksomhedspraktik-egen-eller-anden",
    "kombinationsforloeb-praktik",
    "loentilskud",
    "loentilskud-anden-virksomhed",
    "kombinationsforloeb-loentilskud",
)
# What each reason can give, out of 100.
WEIGHTS = {"industry": 35, "checklist": 25, "distance": 25, "segment": 15}
# Seed 000's segments: 1 wants a binding cooperation, 4 hardly any; no segment yet is
# an unknown, a little below a company that calls when it needs someone.
SEGMENT_LEVELS = {1: 1.0, 2: 0.75, 3: 0.5, 4: 0.1}
NO_SEGMENT_LEVEL = 0.25


@functools.cache
def _sections_by_disco_group() -> dict[str, list[str]]:
    data = json.loads(INDUSTRIES_FILE.read_text(encoding="utf-8"))
    return {group: list(letters) for group, letters in data["sections"].items()}


def candidate_industries(candidate: Candidate, vocabulary: Vocabulary) -> dict[str, str]:
    """The DB07 sections that employ the candidate's occupations (education, experience,
    wanted jobs), each with the occupation that brings it: {"C": "Svejser", ...}."""
    by_group = _sections_by_disco_group()
    found: dict[str, str] = {}
    titles = [
        *candidate.education,
        *(text for text, _years in candidate.experience_entries),
        *candidate.wanted_occupations,
    ]
    for text in titles:
        phrase = analyse(text, vocabulary)
        if not phrase.key or phrase.last is None:
            continue
        # A compound unknown as a whole is read by its head ("rørsvejser" as "svejser").
        disco = vocabulary.disco_of(phrase.key) or vocabulary.disco_of(phrase.last.head)
        for letter in by_group.get(disco[:2], []):
            found.setdefault(letter, text)
    return found


@dataclass(frozen=True)
class Reason:
    name: str
    label: str
    weight: int
    level: float
    explanation: str

    @property
    def score(self) -> float:
        return round(self.weight * self.level, 1)


@dataclass
class CompanyFit:
    relationship: CompanyRelationship
    score: int
    reasons: list[Reason]
    distance_km: float | None

    @property
    def company(self) -> Any:
        return self.relationship.company


def _distance_between(lat: Any, lon: Any, latitude: float, longitude: float) -> Any:
    return Sqrt(
        Power((lat - latitude) * KM_PER_DEGREE, 2)
        + Power((lon - longitude) * (KM_PER_DEGREE * math.cos(math.radians(latitude))), 2)
    )


def companies_for_candidate(
    *, user: User, candidate: Candidate, vocabulary: Vocabulary, limit: int = COMPANY_LIMIT
) -> list[CompanyFit]:
    """The user's jobcenter's contactable companies that fit the candidate, best first:
    in an industry that employs the candidate's occupation or asking for a supported
    position on their checklist, within the candidate's maximum commute (or of unknown
    place). One query."""
    industries = candidate_industries(candidate, vocabulary)
    demands = (
        ServiceDemand.objects.for_user(user)
        .current()
        .filter(relationship=OuterRef("pk"), product__code__in=SUPPORTED_POSITION_PRODUCTS)
    )
    places = PostalCode.objects.filter(code=OuterRef("company__postal_code"))
    relationships = (
        CompanyRelationship.objects.for_user(user)
        .contactable()
        .filter(company__merged_into__isnull=True)
        .select_related("company__industry_section", "segment")
        .annotate(
            asks_supported=Exists(demands),
            supported_products=ArraySubquery(
                demands.order_by("product__order", "product__name").values("product__name")
            ),
            place_latitude=Coalesce(
                F("company__latitude"), Subquery(places.values("latitude")[:1])
            ),
            place_longitude=Coalesce(
                F("company__longitude"), Subquery(places.values("longitude")[:1])
            ),
            industry_level=Case(
                When(company__industry_section__letter__in=sorted(industries), then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            ),
            segment_level=Case(
                *(
                    When(segment__number=number, then=Value(level))
                    for number, level in SEGMENT_LEVELS.items()
                ),
                default=Value(NO_SEGMENT_LEVEL),
                output_field=FloatField(),
            ),
        )
        .filter(Q(industry_level__gt=0) | Q(asks_supported=True))
    )
    commute = float(candidate.max_commute_km)
    distance_level: Any
    if candidate.latitude is not None and candidate.longitude is not None:
        relationships = relationships.annotate(
            distance=_distance_between(
                F("place_latitude"), F("place_longitude"), candidate.latitude, candidate.longitude
            )
        ).filter(Q(place_latitude__isnull=True) | Q(distance__lte=commute))
        distance_level = Coalesce(
            Greatest(Value(0.0), Value(1.0) - F("distance") / Value(max(commute, 1.0))),
            Value(0.0),
        )
    else:
        relationships = relationships.annotate(distance=Value(None, output_field=FloatField()))
        distance_level = Value(0.0)
    relationships = relationships.annotate(
        fit=(
            WEIGHTS["industry"] * F("industry_level")
            + WEIGHTS["checklist"] * Case(When(asks_supported=True, then=Value(1.0)), default=0.0)
            + WEIGHTS["distance"] * distance_level
            + WEIGHTS["segment"] * F("segment_level")
        )
    ).order_by("-fit", "company__name", "pk")
    return [
        _explained(relationship, industries, candidate) for relationship in relationships[:limit]
    ]


def _explained(relationship: Any, industries: dict[str, str], candidate: Candidate) -> CompanyFit:
    company = relationship.company
    section = company.industry_section
    reasons = []
    if relationship.industry_level:
        assert section is not None
        text = _("%(industry)s employs people like %(occupation)s") % {
            "industry": section.name,
            "occupation": industries[section.letter],
        }
    else:
        text = _("Industry not among the candidate's occupations")
    reasons.append(
        Reason("industry", _("Industry"), WEIGHTS["industry"], relationship.industry_level, text)
    )
    if relationship.asks_supported:
        products = relationship.supported_products
        text = _("Asked for %(products)s on the visit checklist") % {
            "products": ", ".join(products)
        }
    else:
        text = _("No supported position asked for")
    reasons.append(
        Reason(
            "checklist",
            _("Visit checklist"),
            WEIGHTS["checklist"],
            1.0 if relationship.asks_supported else 0.0,
            text,
        )
    )
    km = relationship.distance
    if km is None:
        level = 0.0
        text = _("Distance unknown")
    else:
        commute = max(float(candidate.max_commute_km), 1.0)
        level = max(0.0, 1.0 - km / commute)
        text = _("%(km)s km from the candidate's home (maximum commute %(max)s km)") % {
            "km": round(km),
            "max": candidate.max_commute_km,
        }
    reasons.append(Reason("distance", _("Distance"), WEIGHTS["distance"], level, text))
    segment = relationship.segment
    text = str(segment) if segment is not None else _("No segment recorded")
    reasons.append(
        Reason("segment", _("Segment"), WEIGHTS["segment"], relationship.segment_level, text)
    )
    return CompanyFit(
        relationship=relationship,
        score=round(sum(reason.weight * reason.level for reason in reasons)),
        reasons=reasons,
        distance_km=km,
    )
