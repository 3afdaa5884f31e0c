"""Correcting and deleting a skånejob, mentor or jobrotation registered for a company: the
correction page (the registration's form, filled in), its Danish refusals, the deletion of
a registration made by mistake, what the samarbejdsgrad counts after either, and tenancy."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from companies.models import Workplace
from jobcenter_crm.lib.dates import short_date
from matching.models import CompanyInstrument
from matching.services import instrument_delete, instrument_register, instrument_update
from reports.figures import cooperating_instruments
from tests.factories import CompanyFactory, make_workplace

pytestmark = pytest.mark.django_db


def _list_url(company) -> str:
    return reverse("matching:company-instruments", args=[company.code])


def _edit_url(instrument) -> str:
    return reverse("matching:instrument-edit", args=[instrument.company.code, instrument.code])


def _delete_url(instrument) -> str:
    return reverse("matching:instrument-delete", args=[instrument.company.code, instrument.code])


def _counts_in(jobcenter, first: str, last: str) -> bool:
    """Whether the jobcenter's samarbejdsgrad for the days first..last (inclusive) counts
    a registered instrument, as the team lead's figures read it."""
    start = datetime.date.fromisoformat(first)
    end = datetime.date.fromisoformat(last) + datetime.timedelta(days=1)
    return cooperating_instruments(
        jobcenter=jobcenter,
        start_at=timezone.make_aware(datetime.datetime.combine(start, datetime.time())),
        end_at=timezone.make_aware(datetime.datetime.combine(end, datetime.time())),
        who="own",
    ).exists()


def _as_registered(instrument) -> tuple:
    return (
        instrument.kind,
        instrument.workplace_id,
        instrument.started_on,
        instrument.ended_on,
        instrument.note,
    )


@pytest.fixture
def mentor(consultant):
    company = CompanyFactory(name="Struer Maskinfabrik A/S")
    workplace = make_workplace(company, 1)
    return instrument_register(
        user=consultant,
        company=company,
        kind="mentor",
        workplace=workplace,
        started_on=datetime.date(2026, 1, 5),
        note="Første note",
    )


def test_each_row_of_the_list_links_to_its_correction_naming_the_instrument(
    consultant_client, mentor
):
    page = consultant_client.get(_list_url(mentor.company)).content.decode()
    link = (
        f'<a class="small fw-normal" href="{_edit_url(mentor)}">Ret'
        '<span class="visually-hidden"> Mentor 5. jan.'
    )
    assert link in page
    # In the row's first cell, with the instrument's name (a phone sees it unscrolled).
    row_header = page.split('<th scope="row">', 1)[1].split("</th>", 1)[0]
    assert _edit_url(mentor) in row_header


def test_the_correction_page_shows_the_registration_filled_in(consultant_client, mentor):
    response = consultant_client.get(_edit_url(mentor))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ret registreringen" in page
    assert '<option value="mentor" selected>' in page
    assert f'<option value="{mentor.workplace_id}" selected>' in page
    assert 'value="2026-01-05"' in page and "Første note" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert _delete_url(mentor) in page and "ved en fejl" in page
    assert f'href="{_list_url(mentor.company)}"' in page  # Tilbage


def test_a_correction_of_every_field_is_saved_and_shown_in_the_list(consultant_client, mentor):
    other_workplace = make_workplace(mentor.company, 2)
    response = consultant_client.post(
        _edit_url(mentor),
        {
            "kind": "job_rotation",
            "workplace": other_workplace.pk,
            "started_on": "2026-02-02",
            "ended_on": "2026-04-30",
            "note": "Rettet note",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _list_url(mentor.company)
    mentor.refresh_from_db()
    assert _as_registered(mentor) == (
        "job_rotation",
        other_workplace.pk,
        datetime.date(2026, 2, 2),
        datetime.date(2026, 4, 30),
        "Rettet note",
    )
    listed = consultant_client.get(_list_url(mentor.company)).content.decode()
    assert "Redskabet er rettet" in listed
    assert "Jobrotation" in listed and "Afdeling 2" in listed and "2. feb." in listed


def test_the_instruments_own_ceased_workplace_stays_a_choice_but_no_other_ceased_one(
    consultant_client, mentor
):
    Workplace.objects.filter(pk=mentor.workplace_id).update(ceased_on=datetime.date(2026, 6, 1))
    ceased = make_workplace(mentor.company, 3, ceased_on=datetime.date(2026, 6, 1))
    kept = {"kind": "mentor", "started_on": "2026-01-05", "note": "Ny note"}
    response = consultant_client.post(_edit_url(mentor), {**kept, "workplace": mentor.workplace_id})
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.note == "Ny note"

    response = consultant_client.post(_edit_url(mentor), {**kept, "workplace": ceased.pk})
    assert response.status_code == 400
    mentor.refresh_from_db()
    assert mentor.workplace_id != ceased.pk


def test_moving_the_start_moves_the_instrument_in_and_out_of_a_samarbejdsgrad_period(
    consultant_client, consultant, mentor
):
    jobcenter = consultant.jobcenter
    assert _counts_in(jobcenter, "2026-01-01", "2026-01-31")
    posted = {"kind": "mentor", "workplace": mentor.workplace_id, "note": ""}

    # Registered too early: it really started in March, so January no longer counts it.
    response = consultant_client.post(_edit_url(mentor), {**posted, "started_on": "2026-03-02"})
    assert response.status_code == 302
    assert not _counts_in(jobcenter, "2026-01-01", "2026-02-28")
    assert _counts_in(jobcenter, "2026-03-01", "2026-03-31")

    # And it ended in April after all: May no longer counts it, April does.
    response = consultant_client.post(
        _edit_url(mentor), {**posted, "started_on": "2026-03-02", "ended_on": "2026-04-15"}
    )
    assert response.status_code == 302
    assert _counts_in(jobcenter, "2026-04-15", "2026-04-30")
    assert not _counts_in(jobcenter, "2026-04-16", "2026-05-31")

    # Its end was wrong: it is still running, so May counts it again.
    response = consultant_client.post(_edit_url(mentor), {**posted, "started_on": "2026-03-02"})
    assert response.status_code == 302
    assert _counts_in(jobcenter, "2026-05-01", "2026-05-31")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"started_on": "2026-03-10", "ended_on": "2026-03-09"}, "ended_on", "før starten"),
        ({"started_on": "1999-12-31"}, "started_on", "2000"),
        ({"started_on": "2026-03-10", "ended_on": "2099-01-01"}, "ended_on", "2000"),
        ({"started_on": "31-31-2026"}, "started_on", "gyldig dato"),
        ({"started_on": "2026-02-30"}, "started_on", "gyldig dato"),
        ({"started_on": "2026-03-10", "ended_on": "2026-13-01"}, "ended_on", "gyldig dato"),
        ({"started_on": ""}, "started_on", "skal udfyldes"),
        ({"started_on": "2026-03-10", "kind": "ordinary"}, "kind", "gyldig valgmulighed"),
        ({"started_on": "2026-03-10", "kind": ""}, "kind", "skal udfyldes"),
        ({"started_on": "2026-03-10", "workplace": ""}, "workplace", "skal udfyldes"),
        ({"started_on": "2026-03-10", "workplace": "foreign"}, "workplace", "gyldig valgmulighed"),
    ],
)
def test_a_bad_correction_is_refused_in_danish_with_the_input_and_nothing_changed(
    consultant_client, mentor, data, field, message
):
    foreign = make_workplace(CompanyFactory(), 9)
    before = _as_registered(mentor)
    posted = {"kind": "sheltered_job", "workplace": mentor.workplace_id, "note": "Ny", **data}
    if posted["workplace"] == "foreign":
        posted["workplace"] = foreign.pk

    response = consultant_client.post(_edit_url(mentor), posted)

    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert "Redskabet blev ikke rettet" in page
    assert 'aria-invalid="true"' in page
    assert f'value="{posted["started_on"]}"' in page  # the input is shown again
    assert "Ny</textarea>" in page
    mentor.refresh_from_db()
    assert _as_registered(mentor) == before


def test_the_correction_page_costs_a_fixed_number_of_queries(
    consultant_client, mentor, django_assert_num_queries
):
    for number in range(2, 6):
        make_workplace(mentor.company, number)
    # Session, user, company, the user's jobcenter, the instrument, whether the company has
    # workplaces, the workplaces to choose from (one query for all five), and the two
    # counts of the navigation (orders waiting, reminders).
    with django_assert_num_queries(9):
        assert consultant_client.get(_edit_url(mentor)).status_code == 200


def test_a_registration_made_by_mistake_is_deleted_and_no_longer_counts(
    consultant_client, consultant, mentor
):
    assert _counts_in(consultant.jobcenter, "2026-01-01", "2026-01-31")

    response = consultant_client.post(_delete_url(mentor))

    assert response.status_code == 302
    assert response["Location"] == _list_url(mentor.company)
    assert not CompanyInstrument.objects.filter(pk=mentor.pk).exists()
    assert not _counts_in(consultant.jobcenter, "2026-01-01", "2026-01-31")
    listed = consultant_client.get(_list_url(mentor.company)).content.decode()
    assert "Registreringen er slettet" in listed
    assert _edit_url(mentor) not in listed


def test_deleting_first_asks_and_the_question_deletes_nothing(consultant_client, mentor):
    response = consultant_client.get(_delete_url(mentor))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Slet registreringen?" in page
    details = page.split('id="instrument-to-delete"', 1)[1].split("</dl>", 1)[0]
    for shown in ("Struer Maskinfabrik A/S", "Mentor", "5. jan.", "Kører"):
        assert shown in details
    form = page.split('id="instrument-delete-form"', 1)[1].split("</form>", 1)[0]
    assert 'name="csrfmiddlewaretoken"' in form and "Slet registreringen" in form
    assert f'href="{_edit_url(mentor)}"' in form  # Behold den
    assert CompanyInstrument.objects.filter(pk=mentor.pk).exists()


def test_the_correction_page_leads_to_the_question_not_to_the_deletion(consultant_client, mentor):
    page = consultant_client.get(_edit_url(mentor)).content.decode()
    assert f'<a class="btn btn-outline-danger" href="{_delete_url(mentor)}"' in page
    assert f'action="{_delete_url(mentor)}"' not in page


def test_deleting_is_only_get_and_post(consultant_client, mentor):
    assert consultant_client.put(_delete_url(mentor)).status_code == 405
    assert CompanyInstrument.objects.filter(pk=mentor.pk).exists()


def test_a_correction_records_who_made_it_and_the_list_says_so(
    consultant_client, consultant, team_lead, mentor
):
    assert mentor.corrected_at is None and mentor.corrected_by is None
    before = timezone.now()
    instrument_update(
        user=team_lead, instrument=mentor, kind="mentor", started_on=datetime.date(2026, 1, 6)
    )
    mentor.refresh_from_db()
    assert mentor.corrected_by == team_lead
    assert mentor.corrected_at is not None and mentor.corrected_at >= before
    assert mentor.registered_by == consultant  # the registration's author stays

    page = consultant_client.get(_list_url(mentor.company)).content.decode()
    today = short_date(timezone.localdate())
    assert f"rettet af {team_lead.get_full_name()}, {today}" in page


def test_an_uncorrected_registration_says_nothing_of_corrections(consultant_client, mentor):
    page = consultant_client.get(_list_url(mentor.company)).content.decode()
    assert "rettet " not in page


def test_another_jobcenters_instrument_is_404_for_the_page_the_correction_and_the_deletion(
    consultant_client, outsider
):
    shared = CompanyFactory()  # Struer's area; Holstebro registers a mentor there too
    shared.municipality_codes = ["0671", "0661"]
    shared.save(update_fields=["municipality_codes"])
    theirs = instrument_register(
        user=outsider, company=shared, kind="mentor", started_on=datetime.date(2026, 1, 5)
    )
    before = _as_registered(theirs)

    assert consultant_client.get(_edit_url(theirs)).status_code == 404
    assert consultant_client.get(_delete_url(theirs)).status_code == 404
    correction = {"kind": "sheltered_job", "started_on": "2026-02-02", "note": "Vores"}
    assert consultant_client.post(_edit_url(theirs), correction).status_code == 404
    assert consultant_client.post(_delete_url(theirs)).status_code == 404

    theirs.refresh_from_db()
    assert _as_registered(theirs) == before


def test_an_instrument_reached_through_another_company_is_404_and_unchanged(
    consultant_client, mentor
):
    other = CompanyFactory()
    before = _as_registered(mentor)
    edit = reverse("matching:instrument-edit", args=[other.code, mentor.code])
    delete = reverse("matching:instrument-delete", args=[other.code, mentor.code])

    assert consultant_client.get(edit).status_code == 404
    assert consultant_client.get(delete).status_code == 404
    assert (
        consultant_client.post(edit, {"kind": "mentor", "started_on": "2026-02-02"}).status_code
        == 404
    )
    assert consultant_client.post(delete).status_code == 404

    mentor.refresh_from_db()
    assert _as_registered(mentor) == before


def test_without_a_sign_in_the_pages_send_to_the_login_and_nothing_changes(client, mentor):
    before = _as_registered(mentor)
    for response in (
        client.get(_edit_url(mentor)),
        client.get(_delete_url(mentor)),
        client.post(_edit_url(mentor), {"kind": "sheltered_job", "started_on": "2026-02-02"}),
        client.post(_delete_url(mentor)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    mentor.refresh_from_db()
    assert _as_registered(mentor) == before


def test_the_services_refuse_another_jobcenters_user_and_change_nothing(mentor, outsider):
    before = _as_registered(mentor)
    with pytest.raises(PermissionDenied):
        instrument_update(
            user=outsider, instrument=mentor, kind="sheltered_job", started_on=mentor.started_on
        )
    with pytest.raises(PermissionDenied):
        instrument_delete(user=outsider, instrument=mentor)
    mentor.refresh_from_db()
    assert _as_registered(mentor) == before


@pytest.mark.parametrize("which", ["another_company", "ceased"])
def test_the_update_service_refuses_a_workplace_the_form_would_not_offer(consultant, mentor, which):
    if which == "another_company":
        workplace = make_workplace(CompanyFactory(), 8)
    else:
        workplace = make_workplace(mentor.company, 8, ceased_on=datetime.date(2026, 6, 1))
    with pytest.raises(ValidationError) as refused:
        instrument_update(
            user=consultant,
            instrument=mentor,
            kind="mentor",
            workplace=workplace,
            started_on=mentor.started_on,
        )
    assert "workplace" in refused.value.message_dict
    mentor.refresh_from_db()
    assert mentor.workplace_id != workplace.pk


def test_the_list_reads_every_registration_and_its_corrector_in_fixed_queries(
    consultant_client, consultant, team_lead, mentor, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        consultant_client.get(_list_url(mentor.company))
    for day in range(6, 10):
        more = instrument_register(
            user=consultant,
            company=mentor.company,
            kind="sheltered_job",
            started_on=datetime.date(2026, 1, day),
        )
        instrument_update(
            user=team_lead, instrument=more, kind="mentor", started_on=more.started_on
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = consultant_client.get(_list_url(mentor.company)).content.decode()
    assert page.count(f"rettet af {team_lead.get_full_name()},") == 4
