"""Samarbejdsgrad counts skånejob, mentor and jobrotation (DANISH-DATA.md 7.1), which are
registered for a company rather than taken as job orders: hand-counted, each company once
per column, by the own jobcenter, by other jobcenters and by any."""

import datetime

import pytest
from django.urls import reverse

from companies.models import Municipality, Workplace
from matching.services import instrument_register, job_order_create, placement_record
from matching.tests.factories import make_candidate
from tests.factories import CompanyFactory

from .builders import at

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2026-03-01", "end": "2026-03-31"}


def _register(user, company, kind, started, ended=None, workplace=None):
    return instrument_register(
        user=user,
        company=company,
        kind=kind,
        started_on=started,
        ended_on=ended,
        workplace=workplace,
    )


def _cells(response):
    [table] = response.context["tables"]
    [row] = table.rows
    return [cell.value for cell in row.cells], row


def test_instruments_count_once_per_column_by_whom(
    team_lead_client, jobcenter_a, consultant, outsider
):
    d = datetime.date
    c1, c2, c3, c4, c5, c6, c7, c8 = (CompanyFactory(employee_band="5-9") for _ in range(8))
    _register(consultant, c1, "sheltered_job", d(2026, 3, 31))  # last day: own
    _register(outsider, c2, "mentor", d(2025, 1, 1))  # running, no end: other
    # c3 cooperates with both: a jobrotation and a hire of its own jobcenter, a mentor of
    # another: once in each column.
    _register(consultant, c3, "job_rotation", d(2026, 3, 10), d(2026, 3, 20))
    _register(outsider, c3, "mentor", d(2026, 2, 1), d(2026, 3, 5))
    order = job_order_create(
        user=consultant,
        company=c3,
        title="Praktik",
        occupation="Lager",
        kind="internship",
        postal_code="7600",
        channel="email",
        received_at=at(2026, 3, 1),
    )
    placement_record(
        order=order,
        candidate=make_candidate(jobcenter_a),
        user=consultant,
        status="hired",
        occurred_at=at(2026, 3, 3),
    )
    _register(consultant, c4, "mentor", d(2025, 6, 1), d(2026, 2, 28))  # ended the day before
    _register(consultant, c5, "sheltered_job", d(2026, 4, 1))  # begins the day after
    # c6: nothing registered.
    c7.employee_band = "0"  # no employee: not in the base, whatever is registered
    c7.save(update_fields=["employee_band"])
    _register(consultant, c7, "sheltered_job", d(2026, 3, 1))
    _register(consultant, c8, "mentor", d(2025, 6, 1), d(2026, 3, 1))  # ended the first day

    values, row = _cells(team_lead_client.get(reverse("reports:cooperation"), PERIOD))
    # Base: c1-c6 and c8. Own: c1, c3, c8. Other: c2, c3. Any: c1, c2, c3, c8.
    assert values == [7, 3, 42.9, 2, 28.6, 4, 57.1]
    listed = team_lead_client.get(row.cells[1].url)
    assert {c.pk for c in listed.context["page_obj"]} == {c1.pk, c3.pk, c8.pk}


def test_instruments_alone_are_recorded_cooperation_not_a_missing_figure(
    team_lead_client, consultant
):
    company = CompanyFactory(employee_band="1")
    CompanyFactory(employee_band="1")
    _register(consultant, company, "mentor", datetime.date(2026, 3, 2))
    values, _row = _cells(team_lead_client.get(reverse("reports:cooperation"), PERIOD))
    # Nothing of other jobcenters is recorded: '–' there, not 0 %.
    assert values == [2, 1, 50.0, None, None, 1, 50.0]


def test_by_workplace_an_instrument_counts_at_its_workplace(team_lead_client, consultant, outsider):
    struer = Municipality.objects.get(code="0671")
    company = CompanyFactory(employee_band="10-19")
    first, second = (
        Workplace.objects.create(
            company=company,
            p_number=f"10000000{index:02d}",
            name=f"Afdeling {index}",
            postal_code="7600",
            municipality=struer,
            employee_band="5-9",
        )
        for index in (1, 2)
    )
    _register(consultant, company, "job_rotation", datetime.date(2026, 3, 2), workplace=first)
    _register(outsider, company, "mentor", datetime.date(2026, 3, 2), workplace=first)
    _register(outsider, company, "sheltered_job", datetime.date(2026, 3, 2), workplace=second)
    response = team_lead_client.get(reverse("reports:cooperation"), {**PERIOD, "unit": "workplace"})
    values, _row = _cells(response)
    # Base: two workplaces. Own: the first. Other: both. Any: both.
    assert values == [2, 1, 50.0, 2, 100.0, 2, 100.0]
