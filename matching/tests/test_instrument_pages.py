"""Registering skånejob, mentor and jobrotation for a company (samarbejdsgrad, issue 12
point 5): the form from the company page, its Danish errors, and tenancy."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Municipality
from matching.models import CompanyInstrument
from matching.services import instrument_register
from tests.factories import CompanyFactory, make_workplace

pytestmark = pytest.mark.django_db


def _url(company) -> str:
    return reverse("matching:company-instruments", args=[company.code])


def test_a_consultant_registers_a_mentor_from_the_company_page(consultant_client, consultant):
    company = CompanyFactory()
    workplace = make_workplace(company, 1)
    page = consultant_client.get(company.get_absolute_url()).content.decode()
    assert _url(company) in page
    response = consultant_client.post(
        _url(company),
        {"kind": "mentor", "workplace": workplace.pk, "started_on": "2026-03-02", "note": "Fast"},
    )
    assert response.status_code == 302
    [instrument] = CompanyInstrument.objects.all()
    assert (instrument.kind, instrument.workplace, str(instrument.started_on)) == (
        "mentor",
        workplace,
        "2026-03-02",
    )
    assert (instrument.jobcenter, instrument.registered_by) == (consultant.jobcenter, consultant)
    listed = consultant_client.get(_url(company)).content.decode()
    assert "Mentor" in listed and "Redskabet er registreret" in listed


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"started_on": "2026-03-10", "ended_on": "2026-03-09"}, "ended_on", "før starten"),
        ({"started_on": "1990-01-01"}, "started_on", "2000"),
        ({"started_on": "31-31-2026"}, "started_on", "gyldig dato"),
        ({"started_on": ""}, "started_on", "skal udfyldes"),
        ({"started_on": "2026-03-10", "kind": "ordinary"}, "kind", "gyldig valgmulighed"),
        ({"started_on": "2026-03-10", "workplace": ""}, "workplace", "skal udfyldes"),
    ],
)
def test_a_bad_registration_is_refused_in_danish_and_nothing_saved(
    consultant_client, data, field, message
):
    company = CompanyFactory()
    workplace = make_workplace(company, 1)
    posted = {"kind": "sheltered_job", "workplace": workplace.pk, **data}
    response = consultant_client.post(_url(company), posted)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert form.data["kind"] == posted["kind"]  # the input is shown again
    assert not CompanyInstrument.objects.exists()


def test_another_companys_workplace_is_not_a_choice(consultant_client):
    company, other = CompanyFactory(), CompanyFactory()
    make_workplace(company, 1)
    foreign = make_workplace(other, 2)
    response = consultant_client.post(
        _url(company), {"kind": "mentor", "workplace": foreign.pk, "started_on": "2026-03-02"}
    )
    assert response.status_code == 400
    assert not CompanyInstrument.objects.exists()


def test_a_company_without_workplaces_needs_none(consultant_client):
    company = CompanyFactory()
    response = consultant_client.post(
        _url(company), {"kind": "job_rotation", "started_on": "2026-03-02"}
    )
    assert response.status_code == 302
    assert CompanyInstrument.objects.get().workplace is None


def test_another_jobcenters_company_is_404_and_its_registrations_are_not_shown(
    consultant_client, outsider_client, outsider, client
):
    theirs = CompanyFactory(municipality=Municipality.objects.get(code="0661"))
    theirs.municipality_codes = ["0661"]
    theirs.save(update_fields=["municipality_codes"])
    assert consultant_client.get(_url(theirs)).status_code == 404
    assert consultant_client.post(_url(theirs), {"kind": "mentor"}).status_code == 404
    ours = CompanyFactory()  # Struer's area; Holstebro registers a mentor there too
    ours.municipality_codes = ["0671", "0661"]
    ours.save(update_fields=["municipality_codes"])
    instrument_register(user=outsider, company=ours, kind="mentor", started_on="2026-03-02")
    page = consultant_client.get(_url(ours))
    assert list(page.context["instruments"]) == []
    assert client.get(_url(ours)).status_code == 302  # to the login


def test_the_page_costs_the_same_queries_with_more_registrations(consultant_client, consultant):
    company = CompanyFactory()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert consultant_client.get(_url(company)).status_code == 200
        return len(captured)

    instrument_register(user=consultant, company=company, kind="mentor", started_on="2026-03-02")
    few = queries()
    for kind in ("sheltered_job", "job_rotation", "mentor", "mentor"):
        instrument_register(user=consultant, company=company, kind=kind, started_on="2026-01-02")
    assert queries() == few


def _end_url(instrument) -> str:
    return reverse("matching:instrument-end", args=[instrument.company.code, instrument.code])


def test_a_running_instrument_is_ended_and_stops_counting_after_its_end(
    consultant_client, consultant
):
    import datetime

    company = CompanyFactory()
    instrument = instrument_register(
        user=consultant, company=company, kind="sheltered_job", started_on="2026-01-05"
    )
    listed = consultant_client.get(_url(company)).content.decode()
    assert _end_url(instrument) in listed  # running: it can be ended

    response = consultant_client.post(_end_url(instrument), {"ended_on": "2026-03-31"})

    assert response.status_code == 302
    instrument.refresh_from_db()
    assert instrument.ended_on == datetime.date(2026, 3, 31)
    page = consultant_client.get(_url(company)).content.decode()
    assert "Redskabet er afsluttet" in page
    assert _end_url(instrument) not in page  # ended: no form any more
    running = CompanyInstrument.objects.running_in
    assert running(datetime.date(2026, 3, 31), datetime.date(2026, 4, 30)).exists()
    assert not running(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)).exists()


@pytest.mark.parametrize(
    ("ended_on", "message"),
    [
        ("2026-01-04", "før starten"),  # the day before the start
        ("1999-12-31", "2000"),
        ("2026-02-30", "gyldig dato"),
        ("31-31-2026", "gyldig dato"),
        ("2026-13-01", "gyldig dato"),
        ("", "skal udfyldes"),
    ],
)
def test_a_bad_end_is_refused_in_danish_with_the_input_and_nothing_changed(
    consultant_client, consultant, ended_on, message
):
    company = CompanyFactory()
    instrument = instrument_register(
        user=consultant, company=company, kind="mentor", started_on="2026-01-05"
    )
    response = consultant_client.post(_end_url(instrument), {"ended_on": ended_on})
    assert response.status_code == 400
    assert message in " ".join(response.context["end_form"].errors["ended_on"])
    page = response.content.decode()
    assert f'value="{ended_on}"' in page  # the input is shown again, in its row
    assert 'aria-invalid="true"' in page
    instrument.refresh_from_db()
    assert instrument.ended_on is None


def test_another_jobcenters_instrument_cannot_be_ended(consultant_client, outsider):
    ours = CompanyFactory()
    ours.municipality_codes = ["0671", "0661"]
    ours.save(update_fields=["municipality_codes"])
    theirs = instrument_register(
        user=outsider, company=ours, kind="mentor", started_on="2026-01-05"
    )
    response = consultant_client.post(_end_url(theirs), {"ended_on": "2026-03-31"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.ended_on is None
    # Nor by GET, and not without a sign-in.
    assert consultant_client.get(_end_url(theirs)).status_code == 405


def test_the_register_service_refuses_a_ceased_workplace(consultant):
    company = CompanyFactory()
    ceased = make_workplace(company, 1, ceased_on=datetime.date(2026, 6, 1))

    with pytest.raises(ValidationError) as refused:
        instrument_register(
            user=consultant,
            company=company,
            kind="mentor",
            started_on=datetime.date(2026, 7, 1),
            workplace=ceased,
        )

    assert "workplace" in refused.value.message_dict
    assert not CompanyInstrument.objects.exists()
