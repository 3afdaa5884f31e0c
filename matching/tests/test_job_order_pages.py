import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching.models import JobOrder
from matching.services import job_order_close, job_order_respond
from tests.factories import CompanyFactory, UserFactory

from .orders import take_job_order

NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def company(db):
    return CompanyFactory(name="Struer Stål A/S")


@pytest.fixture
def order(consultant, company):
    return take_job_order(user=consultant, company=company)


def _form_data(**overrides):
    data = {
        "title": "Svejser til produktionen",
        "occupation": "Svejser",
        "kind": "wage_subsidy_private",
        "hours_per_week": "37",
        "openings": "2",
        "postal_code": "7600",
        "start_date": "",
        "description": "Skiftehold",
        "required_education": "Smed",
        "required_skills": "MIG/MAG, TIG",
        "required_certificates": "Svejsecertifikat",
        "required_driving_licences": "B",
        "required_languages": "Dansk",
        "wished_skills": "Robotsvejsning",
        "wished_experience_years": "2",
        "channel": "hotline",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "response_standard": "",
    }
    data.update(overrides)
    return data


def test_it_takes_a_job_order_in_one_form(consultant_client, consultant, company):
    url = reverse("matching:joborder-create", args=[company.code])
    page = consultant_client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["postal_code"].value() == company.postal_code

    response = consultant_client.post(url, _form_data(responsible=consultant.pk))

    order = JobOrder.objects.get()
    assert response.status_code == 302
    assert response.url == order.get_absolute_url()
    assert order.company == company
    assert order.kind == "wage_subsidy_private"
    assert order.openings == 2
    assert order.start_date is None
    assert order.requirements["skills"] == ["MIG/MAG", "TIG"]
    assert order.wishes == {"skills": ["Robotsvejsning"], "experience_years": 2}
    assert order.response_standard == "hotline"
    assert order.respond_by - order.received_at == datetime.timedelta(hours=3)
    assert order.responsible == consultant


@pytest.mark.parametrize(
    ("field", "value"),
    [("postal_code", "76"), ("title", ""), ("hours_per_week", "0"), ("kind", "jobrotation")],
)
def test_it_rerenders_a_bad_order_with_the_input_and_a_danish_message(
    consultant_client, consultant, company, field, value
):
    url = reverse("matching:joborder-create", args=[company.code])
    data = _form_data(responsible=consultant.pk, **{field: value})

    response = consultant_client.post(url, data, HTTP_ACCEPT_LANGUAGE="da")

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "Jobordren blev ikke gemt" in response.content.decode()
    assert response.context["form"]["description"].value() == "Skiftehold"
    assert not JobOrder.objects.exists()


def test_it_shows_a_service_error_beside_the_field(consultant_client, consultant, company):
    url = reverse("matching:joborder-create", args=[company.code])
    future = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")

    response = consultant_client.post(
        url, _form_data(responsible=consultant.pk, received_at=future)
    )

    assert response.status_code == 400
    assert "received_at" in response.context["form"].errors


def test_another_jobcenter_gets_404_on_every_order_page(outsider_client, order, company):
    for name in ("joborder-detail", "joborder-edit"):
        assert (
            outsider_client.get(reverse(f"matching:{name}", args=[order.code])).status_code == 404
        )
    for name in ("joborder-respond", "joborder-pause", "joborder-resume", "joborder-close"):
        url = reverse(f"matching:{name}", args=[order.code])
        assert outsider_client.post(url, {"status": "filled"}).status_code == 404
    create = reverse("matching:joborder-create", args=[company.code])
    assert outsider_client.get(create).status_code == 404
    order.refresh_from_db()
    assert order.status == JobOrder.Status.OPEN and order.responded_at is None


def test_another_jobcenters_orders_are_not_listed(outsider_client, order):
    for name in ("joborder-list", "joborder-watch"):
        response = outsider_client.get(reverse(f"matching:{name}"))
        assert response.status_code == 200
        assert order.title not in response.content.decode()


def test_an_operator_without_a_jobcenter_gets_404(db, order):
    from accounts.models import User

    operator = User.objects.create_superuser("operator", "op@example.dk", "pw-operator-1")
    client = Client()
    client.force_login(operator)
    for url in (
        reverse("matching:joborder-list"),
        reverse("matching:joborder-watch"),
        reverse("matching:joborder-settings"),
        reverse("matching:joborder-detail", args=[order.code]),
    ):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["respond", "pause", "resume", "close"])
def test_status_actions_refuse_get(consultant_client, order, name):
    response = consultant_client.get(reverse(f"matching:joborder-{name}", args=[order.code]))
    assert response.status_code == 405


def test_the_consultant_records_the_response_pauses_resumes_and_closes(consultant_client, order):
    def post(name, data=None):
        return consultant_client.post(reverse(f"matching:joborder-{name}", args=[order.code]), data)

    assert post("respond").status_code == 302
    order.refresh_from_db()
    assert order.responded_at is not None
    post("pause")
    order.refresh_from_db()
    assert order.status == "paused"
    post("resume")
    order.refresh_from_db()
    assert order.status == "open"

    refused = post("close", {"status": "withdrawn", "outcome_note": ""})
    assert refused.status_code == 400
    assert "outcome_note" in refused.context["close_form"].errors
    post("close", {"status": "withdrawn", "outcome_note": "Virksomheden fandt selv en"})
    order.refresh_from_db()
    assert order.status == "withdrawn"
    assert order.outcome_note == "Virksomheden fandt selv en"


def test_the_order_page_shows_time_left_and_overdue(consultant_client, consultant, company):
    with time_machine.travel(NOON, tick=False):
        order = take_job_order(user=consultant, company=company, channel="hotline")
    url = reverse("matching:joborder-detail", args=[order.code])
    with time_machine.travel(NOON + datetime.timedelta(hours=1), tick=False):
        page = consultant_client.get(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
        page = page.replace("\xa0", " ")
        assert "2 timer tilbage" in page
        assert "job-order-overdue" not in page
    with time_machine.travel(NOON + datetime.timedelta(hours=4), tick=False):
        page = consultant_client.get(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
        page = page.replace("\xa0", " ")
        assert "Overskredet med 1 time" in page
        assert "job-order-overdue" in page


def test_editing_an_order_keeps_what_is_not_changed(consultant_client, consultant, order):
    url = reverse("matching:joborder-edit", args=[order.code])
    form = consultant_client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["received_at"] = timezone.localtime(order.received_at).strftime("%Y-%m-%dT%H:%M")
    data["required_certificates"] = "Svejsecertifikat, Truckcertifikat"
    data["title"] = "Svejsere"

    response = consultant_client.post(url, data)

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.title == "Svejsere"
    assert order.required_certificates == ["Svejsecertifikat", "Truckcertifikat"]
    assert order.required_driving_licences == ["B"]
    assert order.wished_experience_years == 2


def test_the_watch_lists_open_orders_overdue_first(consultant_client, consultant, company):
    with time_machine.travel(NOON - datetime.timedelta(hours=30), tick=False):
        overdue = take_job_order(user=consultant, company=company, title="Overskredet ordre")
    with time_machine.travel(NOON, tick=False):
        answered = take_job_order(user=consultant, company=company, title="Besvaret ordre")
        job_order_respond(order=answered, user=consultant)
        later = take_job_order(user=consultant, company=company, title="Standardordre")
        soon = take_job_order(
            user=consultant, company=company, title="Hotlineordre", channel="hotline"
        )
        closed = take_job_order(user=consultant, company=company, title="Lukket ordre")
        job_order_close(order=closed, user=consultant, status="filled")

        response = consultant_client.get(reverse("matching:joborder-watch"))

    assert [o.title for o in response.context["orders"]] == [
        overdue.title,
        soon.title,
        later.title,
        answered.title,
    ]


def test_the_navigation_counts_orders_waiting_for_a_response(
    consultant_client, consultant, company
):
    with time_machine.travel(NOON - datetime.timedelta(hours=30), tick=False):
        take_job_order(user=consultant, company=company)
    with time_machine.travel(NOON, tick=False):
        take_job_order(user=consultant, company=company)
        answered = take_job_order(user=consultant, company=company)
        job_order_respond(order=answered, user=consultant)
        response = consultant_client.get(reverse("matching:joborder-list"))
    counts = response.context["job_order_watch"]
    assert (counts.waiting, counts.overdue) == (2, 1)
    assert 'id="order-watch-count"' in response.content.decode()


def test_only_a_team_lead_sets_who_is_on_duty(
    consultant_client, team_lead_client, consultant, jobcenter_a
):
    url = reverse("matching:joborder-settings")
    assert consultant_client.get(url).status_code == 403
    assert team_lead_client.get(url).status_code == 200

    data = {"response_hours": "24", "hotline_response_hours": "3", "on_duty": [consultant.pk]}
    assert consultant_client.post(url, data).status_code == 403
    response = team_lead_client.post(url, data)

    assert response.status_code == 302
    assert list(jobcenter_a.job_order_settings.on_duty.all()) == [consultant]
    watch = team_lead_client.get(reverse("matching:joborder-watch")).content.decode()
    assert str(consultant) in watch


def test_on_duty_cannot_be_someone_of_another_jobcenter(team_lead_client, outsider):
    url = reverse("matching:joborder-settings")
    data = {"response_hours": "24", "hotline_response_hours": "3", "on_duty": [outsider.pk]}
    response = team_lead_client.post(url, data)
    assert response.status_code == 400
    assert "on_duty" in response.context["form"].errors


def test_the_company_page_shows_the_companys_orders(consultant_client, order, company):
    response = consultant_client.get(company.get_absolute_url())
    page = response.content.decode()
    assert order.get_absolute_url() in page
    assert reverse("matching:joborder-create", args=[company.code]) in page


def test_the_company_page_leaves_out_another_jobcenters_orders(
    consultant_client, outsider, company, jobcenter_b
):
    company.municipality_codes = ["0671", "0661"]
    company.save(update_fields=["municipality_codes"])
    theirs = take_job_order(user=outsider, company=company, title="Holstebros ordre")
    page = consultant_client.get(company.get_absolute_url()).content.decode()
    assert theirs.get_absolute_url() not in page


def _orders(user, company, count):
    for n in range(count):
        responsible = UserFactory(jobcenter=user.jobcenter)
        take_job_order(
            user=user, company=CompanyFactory(), title=f"Ordre {n}", responsible=responsible
        )


@pytest.mark.parametrize("name", ["joborder-list", "joborder-watch"])
def test_list_pages_take_the_same_queries_whatever_the_number_of_orders(
    consultant_client, consultant, company, name
):
    url = reverse(f"matching:{name}")
    _orders(consultant, company, 1)
    consultant_client.get(url)  # the settings row is created on first use
    with CaptureQueriesContext(connection) as one:
        consultant_client.get(url)
    _orders(consultant, company, 6)
    with CaptureQueriesContext(connection) as seven:
        response = consultant_client.get(url)

    assert len(response.context["orders"]) == 7
    assert len(seven.captured_queries) == len(one.captured_queries)


def test_the_order_page_takes_a_fixed_number_of_queries(
    consultant_client, order, django_assert_num_queries
):
    url = reverse("matching:joborder-detail", args=[order.code])
    with django_assert_num_queries(ORDER_PAGE_QUERIES):
        consultant_client.get(url)


# Session, user, the user's jobcenter, the order with its company, workplace and
# consultants, its placements (none yet, so no steps and no access-log row), the
# navigation's reminder and order-watch counts.
ORDER_PAGE_QUERIES = 7
