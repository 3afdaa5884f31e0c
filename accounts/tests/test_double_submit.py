"""A double click does nothing twice (issue 9.4): the contact log, a visit booking, company
creation and the visit checklist each carry a one-time token; the same form sent twice,
one after the other or at the same moment, makes one record, and the second answer leads
to the first result."""

import datetime
import threading
import uuid

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import FormSubmission
from accounts.submissions import KEEP_CLAIMS, submissions_delete_old
from accounts.tasks import submissions_delete_old as submissions_delete_old_task
from companies.models import Agreement, Company, Contact
from jobcenter_crm.celery import app as celery_app
from planning.schedule import TASK_DESCRIPTIONS, TASK_NAMES
from screening.models import Visit
from screening.services.visits import _enqueue_confirmation
from servicepackages.models import ServiceDemandChange
from tests.factories import (
    CompanyFactory,
    ContactFactory,
    ContactPersonFactory,
    RelationshipFactory,
)


@pytest.fixture
def company(jobcenter_a):
    company = CompanyFactory(name="Dobbeltklik ApS")
    RelationshipFactory(jobcenter=jobcenter_a, company=company, is_known=True)
    return company


@pytest.fixture
def person(company, jobcenter_a):
    relationship = company.relationships.get(jobcenter=jobcenter_a)
    return ContactPersonFactory(relationship=relationship, email="hr@dobbeltklik.dk")


def _token_of(client: Client, url: str, form: str = "form") -> str:
    """The token the page drew into its form, as a browser would send it back."""
    response = client.get(url)
    assert response.status_code == 200
    value = response.context[form]["submit_token"].value()
    assert f'name="submit_token" value="{value}"' in response.text
    return str(value)


def _contact_log(company, person, token, *, agreement=True):
    url, data = _contact_log_with_agreement(company, person, token)
    if not agreement:
        # The usual path: the contact and the claim are one statement (insert_claimed).
        data.update(agreement_description="", agreement_deadline="", contact_person="")
        data["agreement_responsible_side"] = ""
    return url, data


def _contact_log_with_agreement(company, person, token):
    return (
        reverse("companies:contact-log", args=[company.code]),
        {
            "submit_token": token,
            "channel": "phone",
            "direction": "outbound",
            "status": "done",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "summary": "Ringede om praktik",
            "contact_person": str(person.pk),
            "agreement_description": "Send to CV'er",
            "agreement_deadline": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
            "agreement_responsible_side": "jobcenter",
        },
    )


def _visit_book(company, person, token):
    starts_at = timezone.localtime() + datetime.timedelta(days=3)
    return (
        reverse("screening:visit-book", args=[company.code]),
        {
            "submit_token": token,
            "contact_person": str(person.pk),
            "starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"),
            "place": "Havnevej 4, 7600 Struer",
            "wishes": "Fleksjob",
        },
    )


def _company_create(token, name="Nyt Firma Uden CVR ApS"):
    return (
        reverse("companies:company-create"),
        {
            "submit_token": token,
            "name": name,
            "cvr": "",
            "address": "Havnevej 1",
            "postal_code": "7600",
            "city": "Struer",
            "municipality": "",
        },
    )


@pytest.mark.django_db
class TestSubmittedTwice:
    @pytest.mark.parametrize("agreement", [True, False])
    def test_the_contact_log_saves_once(self, consultant_client, company, person, agreement):
        token = _token_of(consultant_client, company.get_absolute_url(), "log_form")
        url, data = _contact_log(company, person, token, agreement=agreement)
        first = consultant_client.post(url, data)
        second = consultant_client.post(url, data)
        assert first.status_code == second.status_code == 302
        assert second["Location"] == first["Location"]
        assert Contact.objects.filter(relationship__company=company).count() == 1
        assert Agreement.objects.filter(relationship__company=company).count() == agreement
        assert FormSubmission.objects.filter(token=token).count() == 1

    def test_a_new_drawing_of_the_form_saves_again(self, consultant_client, company, person):
        for _ in range(2):
            token = _token_of(consultant_client, company.get_absolute_url(), "log_form")
            consultant_client.post(*_contact_log(company, person, token))
        assert Contact.objects.filter(relationship__company=company).count() == 2

    def test_a_refused_submit_does_not_use_up_the_token(self, consultant_client, company, person):
        token = str(uuid.uuid4())
        url, data = _contact_log(company, person, token)
        refused = consultant_client.post(url, {**data, "agreement_deadline": "0001-01-01"})
        assert refused.status_code == 400
        assert f'value="{token}"' in refused.text  # the re-drawn form keeps its token
        assert consultant_client.post(url, data).status_code == 302
        assert Contact.objects.filter(relationship__company=company).count() == 1

    def test_a_visit_is_booked_once(
        self, consultant_client, company, person, django_capture_on_commit_callbacks
    ):
        token = _token_of(consultant_client, reverse("screening:visit-book", args=[company.code]))
        url, data = _visit_book(company, person, token)
        with django_capture_on_commit_callbacks() as callbacks:
            first = consultant_client.post(url, data)
            second = consultant_client.post(url, data)
        visit = Visit.objects.get()
        assert first["Location"] == second["Location"] == visit.get_absolute_url()
        queued = [c for c in callbacks if getattr(c, "func", None) is _enqueue_confirmation]
        assert len(queued) == 1, "one confirmation queued"

    def test_a_company_is_created_once(self, consultant_client):
        token = _token_of(consultant_client, reverse("companies:company-create"))
        url, data = _company_create(token)
        first = consultant_client.post(url, data)
        second = consultant_client.post(url, data)
        company = Company.objects.get(name="Nyt Firma Uden CVR ApS")
        assert first["Location"] == second["Location"] == company.get_absolute_url()

    def test_the_checklist_is_saved_once(self, consultant_client, consultant, company, person):
        relationship = company.relationships.get()
        visit = ContactFactory(
            relationship=relationship,
            consultant=consultant,
            contact_person=person,
            channel="visit",
            status="planned",
            occurred_at=timezone.now() + datetime.timedelta(days=7),
        )
        url = reverse("servicepackages:visit-checklist", args=[visit.code])
        token = _token_of(consultant_client, url)
        data = {
            "submit_token": token,
            "summary": "Referat",
            "product-jobrotation-ticked": "on",
            "product-jobrotation-agreement": "Find to vikarer",
            "product-jobrotation-deadline": (
                timezone.localdate() + datetime.timedelta(days=7)
            ).isoformat(),
        }
        first = consultant_client.post(url, data)
        second = consultant_client.post(url, data)
        assert first.status_code == second.status_code == 302
        assert first["Location"] == second["Location"]
        assert Agreement.objects.filter(relationship=relationship).count() == 1
        assert ServiceDemandChange.objects.filter(demand__relationship=relationship).count() == 1

    def test_another_users_token_is_not_their_result(
        self, consultant_client, team_lead_client, company, person
    ):
        token = str(uuid.uuid4())
        consultant_client.post(*_contact_log(company, person, token))
        team_lead_client.post(*_contact_log(company, person, token))
        assert Contact.objects.filter(relationship__company=company).count() == 2

    def test_old_claims_are_deleted(self, consultant):
        FormSubmission.objects.create(user=consultant, token=uuid.uuid4(), result_url="/")
        assert submissions_delete_old(now=timezone.now() + datetime.timedelta(days=8)) == 1


def _post_at_once(user, requests):
    """Send the requests from threads released at the same moment; each thread has its
    own database connection, as two web workers would."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def send(index, url, data):
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            responses[index] = client.post(url, data)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(index, url, data))
        for index, (url, data) in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "flow", ["contact_log", "contact_log_alone", "visit_book", "company_create"]
)
def test_two_submits_at_the_same_moment_make_one_record(consultant, jobcenter_a, flow, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    company = CompanyFactory(name="Samtidig ApS")
    relationship = RelationshipFactory(jobcenter=jobcenter_a, company=company, is_known=True)
    person = ContactPersonFactory(relationship=relationship, email="")
    token = str(uuid.uuid4())
    request = {
        "contact_log": lambda: _contact_log(company, person, token),
        "contact_log_alone": lambda: _contact_log(company, person, token, agreement=False),
        "visit_book": lambda: _visit_book(company, person, token),
        "company_create": lambda: _company_create(token, name="Kvistgaard Bådebyggeri"),
    }[flow]()
    responses = _post_at_once(consultant, [request] * 4)
    assert [getattr(r, "status_code", None) for r in responses] == [302] * 4, [
        getattr(r, "text", "")[:3000] for r in responses if getattr(r, "status_code", 0) != 302
    ]
    assert len({response["Location"] for response in responses}) == 1
    count = {
        "contact_log": Contact.objects.filter(relationship=relationship).count(),
        "contact_log_alone": Contact.objects.filter(relationship=relationship).count(),
        "visit_book": Visit.objects.count(),
        "company_create": Company.objects.filter(name="Kvistgaard Bådebyggeri").count(),
    }[flow]
    assert count == 1
    assert FormSubmission.objects.filter(token=token).count() == 1


def test_beat_deletes_old_claims_daily():
    entries = [
        entry
        for entry in django_settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "accounts.tasks.submissions_delete_old"
    ]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert isinstance(schedule, crontab)
    # Once a day: one hour and one minute of every day.
    assert len(schedule.hour) == len(schedule.minute) == 1
    assert len(schedule.day_of_week) == 7 and len(schedule.day_of_month) == 31
    # The worker knows the task by the name beat sends, and people see it by a name.
    assert "accounts.tasks.submissions_delete_old" in celery_app.tasks
    assert "accounts.tasks.submissions_delete_old" in TASK_NAMES
    assert "accounts.tasks.submissions_delete_old" in TASK_DESCRIPTIONS


@pytest.mark.django_db
def test_the_scheduled_task_deletes_claims_older_than_a_week_and_keeps_the_rest(consultant):
    now = timezone.now()
    ages = [KEEP_CLAIMS + datetime.timedelta(days=d) for d in (0.01, 1, 30, 400)]
    old = [FormSubmission.objects.create(user=consultant, token=uuid.uuid4()) for _ in ages]
    for claim, age in zip(old, ages, strict=True):
        FormSubmission.objects.filter(pk=claim.pk).update(created_at=now - age)
    young = [FormSubmission.objects.create(user=consultant, token=uuid.uuid4()) for _ in range(3)]
    FormSubmission.objects.filter(pk=young[0].pk).update(
        created_at=now - KEEP_CLAIMS + datetime.timedelta(hours=1)
    )
    assert submissions_delete_old_task.apply().get() == len(old)
    assert set(FormSubmission.objects.values_list("pk", flat=True)) == {c.pk for c in young}
    assert submissions_delete_old_task.apply().get() == 0
