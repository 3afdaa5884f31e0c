"""The companies app's models, one module per topic, re-exported here so that
`from companies.models import Company` keeps working (as in matching.models)."""

from .records import CompanyMerge, DateRepair, MergeRequest, MergeRequestQuerySet
from .register import (
    COMPANY_ORDERINGS,
    Company,
    CompanyQuerySet,
    ContactDetailsCorrection,
    ContactDetailsCorrectionQuerySet,
    EqualsAny,
    IndustrySection,
    Municipality,
    SearchWord,
    Workplace,
)
from .relationships import (
    Agreement,
    AgreementQuerySet,
    CompanyRelationship,
    CompanyRelationshipQuerySet,
    Contact,
    ContactPerson,
    ContactPersonQuerySet,
    ContactQuerySet,
    ContactRevision,
    ContactRevisionQuerySet,
)

__all__ = [
    "COMPANY_ORDERINGS",
    "Agreement",
    "AgreementQuerySet",
    "Company",
    "CompanyMerge",
    "CompanyQuerySet",
    "CompanyRelationship",
    "CompanyRelationshipQuerySet",
    "Contact",
    "ContactDetailsCorrection",
    "ContactDetailsCorrectionQuerySet",
    "ContactPerson",
    "ContactPersonQuerySet",
    "ContactQuerySet",
    "ContactRevision",
    "ContactRevisionQuerySet",
    "DateRepair",
    "EqualsAny",
    "IndustrySection",
    "MergeRequest",
    "MergeRequestQuerySet",
    "Municipality",
    "SearchWord",
    "Workplace",
]
