import datetime

import pytest
from django.utils import timezone

from screening.models import Segment
from servicepackages.models import Product
from tests.factories import (
    CompanyFactory,
    ContactFactory,
    ContactPersonFactory,
    RelationshipFactory,
)


@pytest.fixture
def company(db):
    return CompanyFactory(name="Struer Maskinfabrik ApS")


@pytest.fixture
def relationship(jobcenter_a, company, consultant):
    return RelationshipFactory(
        jobcenter=jobcenter_a,
        company=company,
        responsible=consultant,
        segment=Segment.objects.get(number=3),
    )


@pytest.fixture
def contact_person(relationship):
    return ContactPersonFactory(relationship=relationship, name="Hanne Holm")


@pytest.fixture
def visit(relationship, consultant, contact_person):
    """A visit planned for an hour ago, booked at screening: its time has come, and it
    is still planned until the consultant marks it done."""
    return ContactFactory(
        relationship=relationship,
        consultant=consultant,
        contact_person=contact_person,
        channel="visit",
        status="planned",
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        summary="Ønsker at høre om løntilskud",
    )


@pytest.fixture
def future_visit(relationship, consultant, contact_person):
    """A visit planned for next week."""
    return ContactFactory(
        relationship=relationship,
        consultant=consultant,
        contact_person=contact_person,
        channel="visit",
        status="planned",
        occurred_at=timezone.now() + datetime.timedelta(days=7),
        summary="Ønsker at høre om løntilskud",
    )


@pytest.fixture
def practice(jobcenter_a):
    return Product.objects.get(jobcenter=jobcenter_a, code="virksomhedspraktik")


@pytest.fixture
def job_rotation(jobcenter_a):
    return Product.objects.get(jobcenter=jobcenter_a, code="jobrotation")
