"""Candidates built through the real upsert service, so their term arrays are real."""

import itertools
from typing import Any

from accounts.models import Jobcenter
from matching.models import Candidate
from matching.services import candidate_upsert

_numbers = itertools.count(1)


def make_candidate(jobcenter: Jobcenter, **fields: Any) -> Candidate:
    external_id = fields.pop("external_id", f"K-{next(_numbers):06d}")
    data: dict[str, Any] = {
        "name": "Test Kandidat",
        "postal_code": "7600",
        "max_commute_km": 40,
        "readiness": "job_ready",
        "unemployed_since": None,
        "education": [],
        "experience": [],
        "wanted_occupations": [],
        "skills": [],
        "certificates": [],
        "driving_licences": [],
        "languages": [],
        "max_hours_per_week": None,
        "available_from": None,
    }
    data.update(fields)
    candidate, _ = candidate_upsert(
        jobcenter=jobcenter,
        external_id=external_id,
        data=data,  # type: ignore[arg-type]
    )
    return candidate
