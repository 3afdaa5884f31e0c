"""The matching app's models, one module per topic, re-exported here so that
`from matching.models import JobOrder` keeps working as the app grows."""

from .candidates import (
    Candidate,
    CandidateAccessLog,
    CandidateQuerySet,
    PostalCode,
    SynonymTerm,
)
from .instruments import CompanyInstrument, CompanyInstrumentQuerySet
from .job_orders import (
    JobOrder,
    JobOrderQuerySet,
    JobOrderSettings,
)
from .placements import Placement, PlacementQuerySet, PlacementStep
from .search import (
    CandidateBookmark,
    SavedSearch,
    TalentPool,
    TalentPoolMember,
    TalentPoolVisit,
)

__all__ = [
    "Candidate",
    "CandidateAccessLog",
    "CandidateBookmark",
    "CandidateQuerySet",
    "CompanyInstrument",
    "CompanyInstrumentQuerySet",
    "JobOrder",
    "JobOrderQuerySet",
    "JobOrderSettings",
    "Placement",
    "PlacementQuerySet",
    "PlacementStep",
    "PostalCode",
    "SavedSearch",
    "SynonymTerm",
    "TalentPool",
    "TalentPoolMember",
    "TalentPoolVisit",
]
