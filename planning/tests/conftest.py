import datetime
import zoneinfo

import pytest
import time_machine

from screening.models import Segment
from screening.services import segment_assess
from tests.factories import CompanyFactory, ContactFactory, RelationshipFactory

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
START = datetime.datetime(2025, 3, 3, 10, 0, tzinfo=COPENHAGEN)  # a Monday


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=COPENHAGEN)


@pytest.fixture
def frozen():
    """The clock stands still at START; `frozen.move_to(...)` moves it."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def make_relationship(jobcenter_a, consultant):
    def make(segment: int | None = None, responsible=consultant, **company):
        relationship = RelationshipFactory(
            jobcenter=jobcenter_a, company=CompanyFactory(**company), responsible=responsible
        )
        if segment is not None:
            segment_assess(
                # factory_boy types a factory's call as the factory, not the model it makes.
                relationship=relationship,  # type: ignore[arg-type]
                segment=Segment.objects.get(number=segment),
                user=consultant,
                source="manual",
                reason="Ingen behov" if segment == 4 else "",
            )
        return relationship

    return make


@pytest.fixture
def log_contact(consultant):
    def log(relationship, when, channel="phone", status="done"):
        return ContactFactory(
            relationship=relationship,
            consultant=consultant,
            channel=channel,
            status=status,
            occurred_at=when,
        )

    return log
