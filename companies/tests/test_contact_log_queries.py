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
from companies.models import Agreement, Contact
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


# Session, user, company; the token's earlier result; the claim (one INSERT, no savepoint
# of its own, no UPDATE afterwards); the relationship and the contact (no constraint
# query); and the savepoints of the submit's and the service's atomic blocks, which are
# BEGIN and COMMIT outside the test's transaction. An agreement adds its one INSERT. The
# reminders are closed after the commit (one statement), which a test transaction never
# reaches. Before: 17 with a token, agreement windows checked by query.
LOG_QUERIES = 11


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

    with django_assert_num_queries(LOG_QUERIES + with_agreement):
        response = consultant_client.post(url, data)

    assert response.status_code == 302
    assert Contact.objects.filter(relationship=relationship).count() == 1
    assert Agreement.objects.filter(relationship=relationship).count() == with_agreement
    claim = FormSubmission.objects.get(token=data["submit_token"])
    assert claim.result_url == response["Location"]


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
