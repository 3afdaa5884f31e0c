"""Hand-built report fixtures: companies with a segment history at exact moments."""

import datetime

from django.utils import timezone

from companies.models import CompanyRelationship, IndustrySection, Municipality
from screening.models import Segment, SegmentAssessment
from tests.factories import CompanyFactory, RelationshipFactory


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """A local (Copenhagen) moment."""
    zone = timezone.get_current_timezone()
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zone)


def company_in(
    jobcenter, *, municipality: str = "0671", industry: str = "F", employees: str = "10-19", **kw
):
    return CompanyFactory(
        municipality=Municipality.objects.get(code=municipality),
        industry_section=IndustrySection.objects.get(letter=industry),
        employee_band=employees,
        **kw,
    )


def relationship(jobcenter, *, responsible=None, company=None, **company_kw) -> CompanyRelationship:
    return RelationshipFactory(  # type: ignore[return-value]  # a factory returns the model
        jobcenter=jobcenter,
        company=company or company_in(jobcenter, **company_kw),
        responsible=responsible,
    )


def assess(rel: CompanyRelationship, number: int, when: datetime.datetime, *, by, reason=""):
    """Record an assessment and keep the relationship's current segment the latest one."""
    SegmentAssessment.objects.create(
        jobcenter=rel.jobcenter,
        relationship=rel,
        segment=Segment.objects.get(number=number),
        reason=reason or ("Ønsker ikke samarbejde" if number == 4 else ""),
        assessed_by=by,
        assessed_at=when,
    )
    latest = rel.assessments.order_by("-assessed_at").first()
    rel.segment = latest.segment if latest else None
    rel.save(update_fields=["segment"])
    return rel
