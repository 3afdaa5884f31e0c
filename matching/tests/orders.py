"""Job orders for tests, taken through the real service."""

from typing import Any

from accounts.models import User
from companies.models import Company
from matching.models import JobOrder
from matching.services import job_order_create


def take_job_order(*, user: User, company: Company, **fields: Any) -> JobOrder:
    values: dict[str, Any] = {
        "title": "Svejser til produktionen",
        "occupation": "Svejser",
        "kind": JobOrder.Kind.ORDINARY,
        "postal_code": "7600",
        "channel": JobOrder.Channel.EMAIL,
        "requirements": {"certificates": ["Svejsecertifikat"], "driving_licences": ["B"]},
        "wishes": {"skills": ["MIG/MAG"], "experience_years": 2},
    }
    values.update(fields)
    return job_order_create(user=user, company=company, **values)
