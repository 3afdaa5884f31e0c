"""The REST API's matching resources (issue 11.6), one module per resource."""

from .candidates import CandidateBatch, CandidateDetail, CandidateList
from .job_orders import (
    JobOrderClose,
    JobOrderDetail,
    JobOrderList,
    JobOrderMatches,
    JobOrderPlacements,
)

__all__ = [
    "CandidateBatch",
    "CandidateDetail",
    "CandidateList",
    "JobOrderClose",
    "JobOrderDetail",
    "JobOrderList",
    "JobOrderMatches",
    "JobOrderPlacements",
]
