"""Logging a contact costs a fixed, small number of queries (issue 13.3): the form's
one-time token is claimed with one INSERT ... ON CONFLICT, the date windows are checked
without a query of their own, and the reminders are closed in one statement."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import FormSubmission
from companies import services
from companies.models import Agreement, CompanyRelationship, Contact, ContactPerson
from planning.models import Reminder
from tests.factories import CompanyFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "channel": "phone",
        "direction": "outbound",
        "status": "done",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "summary": "Talte med HR om lagerjob",
        "contact_person": "",
        "agreement_description": "",
        "agreement_deadline": "",
        "agreement_responsible_side": "",
        "submit_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


@pytest.fixture
def relationship(jobcenter_a, consultant):
    return RelationshipFactory(
        jobcenter=jobcenter_a, company=CompanyFactory(), responsible=consultant
    )


# Session, user, and the company with the key of the jobcenter's relationship and
# whether it has an open reminder (one query); then the contact and the claim of the
# form's one-time token in one statement (WITH claim AS (INSERT ... ON CONFLICT DO
# NOTHING) INSERT ... SELECT ... FROM claim): no transaction, savepoint, constraint
# query, relationship read or SELECT for an earlier result (a repeat is found by the
# claim). The form's contact persons are read only to check a chosen one. An agreement
# makes it three writes in one atomic block: a savepoint pair (BEGIN and COMMIT outside
# the test's transaction), the claim, the contact and the agreement. Reminders are
# closed after the commit (one statement) only when one is open
# (planning/tests/test_planner.py). Before: 17, then 11, then 9, then 7.
LOG_QUERIES = 4


@pytest.mark.parametrize("with_agreement", [False, True])
def test_logging_a_contact_runs_a_fixed_number_of_queries(
    consultant_client, relationship, django_assert_num_queries, with_agreement
):
    url = reverse("companies:contact-log", args=[relationship.company.code])
    data = _data()
    if with_agreement:
        data.update(
            agreement_description="Send tre CV'er",
            agreement_deadline=(timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            agreement_responsible_side="jobcenter",
        )

    with django_assert_num_queries(LOG_QUERIES + 4 * with_agreement) as captured:
        response = consultant_client.post(url, data)

    kinds = [query["sql"].split()[0] for query in captured.captured_queries]
    if with_agreement:
        assert kinds[3:] == ["SAVEPOINT", "INSERT", "INSERT", "INSERT", "RELEASE"]
    else:
        assert kinds == ["SELECT", "SELECT", "SELECT", "WITH"]

    assert response.status_code == 302
    assert Contact.objects.filter(relationship=relationship).count() == 1
    assert Agreement.objects.filter(relationship=relationship).count() == with_agreement
    claim = FormSubmission.objects.get(token=data["submit_token"])
    assert claim.result_url == response["Location"]


def test_the_first_contact_with_a_company_in_the_area_makes_the_relationship(
    consultant_client, jobcenter_a
):
    company = CompanyFactory()  # in Struer, so visible; no relationship yet
    url = reverse("companies:contact-log", args=[company.code])

    response = consultant_client.post(url, _data())

    assert response.status_code == 302
    relationship = CompanyRelationship.objects.get(jobcenter=jobcenter_a, company=company)
    assert Contact.objects.get().relationship == relationship


def test_the_contact_goes_to_the_jobcenters_own_relationship_not_anothers(
    consultant_client, relationship, jobcenter_b
):
    company = relationship.company
    others = RelationshipFactory(jobcenter=jobcenter_b, company=company)
    url = reverse("companies:contact-log", args=[company.code])

    consultant_client.post(url, _data())

    assert Contact.objects.get().relationship == relationship
    assert not Contact.objects.filter(relationship=others).exists()


def test_a_repeat_that_no_longer_validates_leads_to_the_first_result(
    consultant_client, relationship
):
    person = ContactPerson.objects.create(
        jobcenter=relationship.jobcenter, relationship=relationship, name="Hanne Holm"
    )
    url = reverse("companies:contact-log", args=[relationship.company.code])
    data = _data(contact_person=str(person.pk))
    first = consultant_client.post(url, data)
    person.is_active = False  # the person left between the click and the second click
    person.save()

    second = consultant_client.post(url, data)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Contact.objects.filter(relationship=relationship).count() == 1
    # A new drawing of the form (a new token) is refused with the reason.
    refused = consultant_client.post(url, {**data, "submit_token": str(uuid.uuid4())})
    assert refused.status_code == 400


def test_the_same_token_twice_logs_once_and_leads_to_the_first_result(
    consultant_client, relationship
):
    url = reverse("companies:contact-log", args=[relationship.company.code])
    data = _data()

    first = consultant_client.post(url, data)
    second = consultant_client.post(url, data)

    assert first["Location"] == second["Location"]
    assert Contact.objects.filter(relationship=relationship).count() == 1
    assert FormSubmission.objects.filter(token=data["submit_token"]).count() == 1


@pytest.mark.parametrize(
    "occurred_at",
    [
        datetime.datetime(1999, 12, 31, 22, 59, tzinfo=datetime.UTC),
        datetime.datetime(2100, 1, 1, 0, 0, tzinfo=datetime.UTC),
        datetime.datetime(9999, 12, 31, 0, 0, tzinfo=datetime.UTC),
    ],
)
def test_the_service_refuses_a_contact_outside_the_window_before_the_database(
    relationship, consultant, occurred_at
):
    with pytest.raises(ValidationError, match="contact_occurred_at_in_window"):
        services.contact_log(
            user=consultant, company=relationship.company, channel="phone", occurred_at=occurred_at
        )
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "occurred_at",
    [
        datetime.datetime(1999, 12, 31, 23, 0, tzinfo=datetime.UTC),
        datetime.datetime(2099, 12, 31, 23, 59, tzinfo=datetime.UTC),
    ],
)
def test_the_service_takes_a_contact_at_the_edges_of_the_window(
    relationship, consultant, occurred_at
):
    contact = services.contact_log(
        user=consultant,
        company=relationship.company,
        channel="phone",
        status=Contact.Status.PLANNED,
        occurred_at=occurred_at,
    )
    assert contact.pk is not None


@pytest.mark.parametrize(
    ("deadline", "refused"),
    [
        (datetime.date(1999, 12, 31), True),
        (datetime.date(2000, 1, 1), False),
        (datetime.date(2099, 12, 31), False),
        (datetime.date(2100, 1, 1), True),
    ],
)
def test_the_service_checks_an_agreements_deadline_window(relationship, deadline, refused):
    if refused:
        with pytest.raises(ValidationError, match="agreement_deadline_in_window"):
            services.agreement_create(
                relationship=relationship, description="CV", deadline=deadline
            )
    else:
        agreement = services.agreement_create(
            relationship=relationship, description="CV", deadline=deadline
        )
        assert agreement.deadline == deadline


def test_closing_reminders_outside_a_transaction_runs_one_statement(relationship):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planning.services import reminders_close_for_relationship

    # After the log's commit the connection is in autocommit: one statement, no BEGIN and
    # COMMIT around it. (Inside the test's transaction a savepoint is used instead.)
    with CaptureQueriesContext(connection) as inside:
        reminders_close_for_relationship(relationship)
    assert [query["sql"].split()[0] for query in inside.captured_queries] == [
        "SAVEPOINT",
        "WITH",
        "RELEASE",
    ]
    assert not Reminder.objects.filter(closed_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_closing_reminders_in_autocommit_runs_one_statement_alone(jobcenter_a, consultant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planning.services import reminders_close_for_relationship

    relationship = RelationshipFactory(
        jobcenter=jobcenter_a, company=CompanyFactory(), responsible=consultant
    )
    assert not connection.in_atomic_block
    with CaptureQueriesContext(connection) as queries:
        reminders_close_for_relationship(relationship)
    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["WITH"]
