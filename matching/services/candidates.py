"""Writing candidates: one at a time or a batch in one statement, always with the term
arrays the matching engine narrows on; the access log; deletion after the retention period."""

import datetime
import logging
from collections.abc import Iterable, Sequence
from typing import Any, TypedDict

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import Jobcenter, User
from matching.engine import terms
from matching.engine.vocabulary import shipped
from matching.models import Candidate, CandidateAccessLog, PostalCode

logger = logging.getLogger(__name__)

# Upper bound of one batch (issue 11.6: the API upserts up to 1,000 at once).
BATCH_LIMIT = 1000

# The fields a case system sends (the API's body), in the model's names.
INPUT_FIELDS = (
    "name",
    "postal_code",
    "max_commute_km",
    "readiness",
    "target_group",
    "unemployed_since",
    "education",
    "courses",
    "experience",
    "wanted_occupations",
    "skills",
    "certificates",
    "driving_licences",
    "languages",
    "max_hours_per_week",
    "available_from",
)


class CandidateInput(TypedDict, total=False):
    external_id: str
    name: str
    postal_code: str
    max_commute_km: int
    readiness: str
    target_group: str
    unemployed_since: datetime.date | None
    education: list[str]
    courses: list[str]
    experience: list[dict[str, Any]]
    wanted_occupations: list[str]
    skills: list[str]
    certificates: list[str]
    driving_licences: list[str]
    languages: list[str]
    max_hours_per_week: int | None
    available_from: datetime.date | None


def _postal_points(codes: Iterable[str]) -> dict[str, tuple[float, float]]:
    return {
        code: (lat, lon)
        for code, lat, lon in PostalCode.objects.filter(code__in=set(codes)).values_list(
            "code", "latitude", "longitude"
        )
    }


def _fill(candidate: Candidate, data: CandidateInput, points: dict[str, tuple[float, float]]):
    for name in INPUT_FIELDS:
        if name in data:
            setattr(candidate, name, data[name])  # type: ignore[literal-required]
    if candidate.target_group is None:
        candidate.target_group = ""
    candidate.experience = [
        {"occupation": str(item["occupation"]), "years": float(item.get("years") or 0)}
        for item in candidate.experience or []
    ]
    point = points.get(candidate.postal_code)
    candidate.latitude, candidate.longitude = point if point else (None, None)
    vocabulary = shipped()
    occupations = [
        *candidate.education,
        *(item["occupation"] for item in candidate.experience),
        *candidate.wanted_occupations,
    ]
    candidate.occupation_terms = sorted(terms.phrase_terms(occupations, vocabulary))
    candidate.skill_terms = sorted(
        terms.phrase_terms([*candidate.skills, *candidate.certificates], vocabulary)
    )
    candidate.certificate_terms = sorted(terms.keys(candidate.certificates))
    candidate.licence_classes = sorted(terms.licence_classes(candidate.driving_licences))
    candidate.language_terms = sorted(terms.keys(candidate.languages))
    candidate.full_clean(exclude=["jobcenter"], validate_unique=False, validate_constraints=False)


@transaction.atomic
def candidate_upsert(
    *, jobcenter: Jobcenter, external_id: str, data: CandidateInput
) -> tuple[Candidate, bool]:
    """Create or replace the candidate the case system knows by `external_id` (idempotent:
    the same body twice leaves the same record). Returns (candidate, created)."""
    candidate = (
        Candidate.objects.for_jobcenter(jobcenter)
        .select_for_update()
        .filter(external_id=external_id)
        .first()
    )
    created = candidate is None
    if candidate is None:
        candidate = Candidate(jobcenter=jobcenter, external_id=external_id)
    _fill(candidate, data, _postal_points([data.get("postal_code", candidate.postal_code)]))
    candidate.save()
    return candidate, created


@transaction.atomic
def candidates_upsert_batch(
    *, jobcenter: Jobcenter, rows: Sequence[CandidateInput]
) -> dict[str, int]:
    """Create or replace up to BATCH_LIMIT candidates in one INSERT ... ON CONFLICT.

    The rows are validated by the caller; a row that fails the model's own checks raises
    ValidationError and nothing is written. Returns {"created": n, "updated": n}."""
    if len(rows) > BATCH_LIMIT:
        raise ValueError(f"At most {BATCH_LIMIT} candidates per batch.")
    ids = [row["external_id"] for row in rows]
    existing = set(
        Candidate.objects.for_jobcenter(jobcenter)
        .filter(external_id__in=ids)
        .values_list("external_id", flat=True)
    )
    points = _postal_points(row.get("postal_code", "") for row in rows)
    # The last row wins when the same id comes twice, as if sent one by one.
    prepared: dict[str, Candidate] = {}
    for row in rows:
        candidate = Candidate(jobcenter=jobcenter, external_id=row["external_id"])
        _fill(candidate, row, points)
        prepared[candidate.external_id] = candidate
    now = timezone.now()
    for candidate in prepared.values():
        candidate.created_at = candidate.updated_at = now
    update_fields = [
        *INPUT_FIELDS,
        "latitude",
        "longitude",
        "occupation_terms",
        "skill_terms",
        "certificate_terms",
        "licence_classes",
        "language_terms",
        "updated_at",
    ]
    Candidate.objects.bulk_create(
        list(prepared.values()),
        update_conflicts=True,
        unique_fields=["jobcenter", "external_id"],
        update_fields=update_fields,
        batch_size=BATCH_LIMIT,
    )
    created = len(set(prepared) - existing)
    return {"created": created, "updated": len(prepared) - created}


def candidate_delete(*, candidate: Candidate) -> None:
    candidate.delete()


def candidate_access_log(
    *,
    user: User,
    kind: str,
    candidate_ids: Sequence[int],
    order_code: Any = None,
) -> None:
    """Record that `user` saw these candidates (one row, one INSERT, whatever the count)."""
    if not candidate_ids or user.jobcenter_id is None:
        return
    CandidateAccessLog.objects.create(
        jobcenter_id=user.jobcenter_id,
        user=user,
        kind=kind,
        candidate_ids=list(candidate_ids),
        order_code=order_code,
    )


def candidates_delete_stale(*, now: datetime.datetime, months: int) -> int:
    """Delete every candidate not updated for `months` months (GDPR storage limitation).

    Logs the count per jobcenter, never a name. Returns the number deleted."""
    cutoff = now - datetime.timedelta(days=round(months * 365.25 / 12))
    deleted_per_jobcenter: dict[int, int] = {}
    with transaction.atomic():
        stale = Candidate.objects.not_updated_since(cutoff)
        for jobcenter_id, count in _count_by_jobcenter(stale):
            deleted_per_jobcenter[jobcenter_id] = count
        # Django's delete, not a raw one: the orders' placement log follows its own
        # on_delete rule for a deleted candidate.
        stale.delete()
    for jobcenter_id, count in sorted(deleted_per_jobcenter.items()):
        logger.info(
            "Deleted %d candidates not updated since %s (jobcenter id %d)",
            count,
            cutoff.date().isoformat(),
            jobcenter_id,
        )
    return sum(deleted_per_jobcenter.values())


def _count_by_jobcenter(queryset: Any) -> list[tuple[int, int]]:
    return list(
        queryset.order_by()
        .values("jobcenter_id")
        .annotate(n=Count("pk"))
        .values_list("jobcenter_id", "n")
    )
