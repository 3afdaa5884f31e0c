"""Reads of candidate data that span models: completeness, who saw a candidate, and the
GDPR Art. 15 export of everything held about one person."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ..models import Candidate, CandidateAccessLog


@dataclass(frozen=True)
class Completeness:
    percent: int
    suggestions: list[str]


# Seed 003, koncept 2: a barometer of how complete the CV is, with concrete suggestions.
# Each part weighs by how much matching leans on it.
def candidate_completeness(candidate: Candidate) -> Completeness:
    parts: list[tuple[int, bool, str]] = [
        (20, bool(candidate.education), _("Add the education (e.g. “Svejser, EUD”).")),
        (
            20,
            bool(candidate.experience),
            _("Add experience with occupation and years (e.g. “Lagerarbejder, 3 år”)."),
        ),
        (
            15,
            bool(candidate.wanted_occupations),
            _("Add the jobs the citizen wants (at least two, e.g. “Chauffør”, “Lagerarbejder”)."),
        ),
        (
            15,
            len(candidate.skills) >= 3,
            _("Name at least three concrete skills (e.g. “Truckkørsel”, “Lagerstyring”)."),
        ),
        (
            10,
            bool(candidate.certificates or candidate.driving_licences),
            _("Add certificates and driving licences (e.g. “Truckcertifikat”, “Kørekort B”)."),
        ),
        (5, bool(candidate.languages), _("Add languages (e.g. “Dansk”, “Engelsk”).")),
        (
            10,
            candidate.latitude is not None,
            _("Check the postal code: it is not a Danish postal code, so distance is unknown."),
        ),
        (
            5,
            candidate.unemployed_since is not None,
            _("Add the date the citizen became unemployed."),
        ),
    ]
    percent = sum(weight for weight, done, _text in parts if done)
    return Completeness(percent, [text for _weight, done, text in parts if not done])


def candidate_viewers(candidate: Candidate) -> Any:
    """Every logged view of the candidate, newest first (GIN index on candidate_ids)."""
    return (
        CandidateAccessLog.objects.filter(
            jobcenter_id=candidate.jobcenter_id, candidate_ids__contains=[candidate.pk]
        )
        .select_related("user")
        .order_by("-viewed_at", "-pk")
    )


def candidate_export(candidate: Candidate) -> dict[str, Any]:
    """Everything held about the person (GDPR Art. 15), as JSON-ready data."""
    data: dict[str, Any] = {
        "candidate": {
            "external_id": candidate.external_id,
            "name": candidate.name,
            "postal_code": candidate.postal_code,
            "latitude": candidate.latitude,
            "longitude": candidate.longitude,
            "max_commute_km": candidate.max_commute_km,
            "readiness": candidate.readiness,
            "target_group": candidate.target_group,
            "unemployed_since": _iso(candidate.unemployed_since),
            "education": candidate.education,
            "courses": candidate.courses,
            "experience": candidate.experience,
            "wanted_occupations": candidate.wanted_occupations,
            "skills": candidate.skills,
            "certificates": candidate.certificates,
            "driving_licences": candidate.driving_licences,
            "languages": candidate.languages,
            "max_hours_per_week": candidate.max_hours_per_week,
            "available_from": _iso(candidate.available_from),
            "created_at": _iso(candidate.created_at),
            "updated_at": _iso(candidate.updated_at),
        },
        "jobcenter": str(candidate.jobcenter),
        "views": [
            {
                "when": _iso(entry.viewed_at),
                "who": entry.user.get_full_name() or entry.user.username,
                "what": entry.kind,
                "order": str(entry.order_code) if entry.order_code else None,
            }
            for entry in candidate_viewers(candidate)
        ],
    }
    # Other records that name the candidate (e.g. the orders' placement log).
    for relation in candidate._meta.related_objects:
        accessor = relation.get_accessor_name()
        if accessor is None or relation.related_model is CandidateAccessLog:
            continue
        manager = getattr(candidate, accessor, None)
        if manager is not None and hasattr(manager, "all"):
            data[accessor] = [
                {
                    field.name: _iso(getattr(row, field.attname))
                    for field in row._meta.concrete_fields
                }
                for row in manager.all()
            ]
    return data


def _iso(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return str(value)
