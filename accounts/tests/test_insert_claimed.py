"""A form whose work is one INSERT claims its one-time token in the same statement
(accounts.submissions.insert_claimed, issue 13.3): the row and the claim are written
together or not at all, a repeat writes nothing and names the first result, and every
value arrives as Model.save would have written it."""

import datetime
import uuid

import pytest
from django.db import IntegrityError, connection, models
from django.db.models import signals
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import FormSubmission
from accounts.submissions import AlreadySubmitted, Claim, insert_claimed
from companies.models import Contact, ContactPerson
from tests.factories import CompanyFactory, RelationshipFactory


@pytest.fixture
def relationship(jobcenter_a, consultant):
    return RelationshipFactory(jobcenter=jobcenter_a, company=CompanyFactory())


def _contact(relationship, consultant, **fields):
    values = {
        "jobcenter_id": relationship.jobcenter_id,
        "relationship": relationship,
        "consultant": consultant,
        "channel": Contact.Channel.PHONE,
        "occurred_at": timezone.now(),
        "summary": "Ringede om lagerjob",
        **fields,
    }
    return Contact(**values)


def _claim(consultant, url="/virksomheder/x/#timeline"):
    return Claim(user=consultant, token=uuid.uuid4(), url=url)


@pytest.mark.django_db
def test_the_row_and_its_claim_are_one_statement(relationship, consultant):
    contact, claim = _contact(relationship, consultant), _claim(consultant)

    with CaptureQueriesContext(connection) as queries:
        insert_claimed(contact, claim)

    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["WITH"]
    assert contact.pk is not None and not contact._state.adding
    stored = FormSubmission.objects.get(token=claim.token)
    assert (stored.user, stored.result_url) == (consultant, claim.url)
    assert Contact.objects.get(pk=contact.pk).code == contact.code


@pytest.mark.django_db
def test_a_repeat_writes_nothing_and_names_the_first_result(relationship, consultant):
    claim = _claim(consultant, url="/virksomheder/first/#timeline")
    insert_claimed(_contact(relationship, consultant), claim)
    repeat = _contact(relationship, consultant, summary="Anden gang")

    with pytest.raises(AlreadySubmitted) as raised:
        insert_claimed(repeat, Claim(user=consultant, token=claim.token, url="/other/"))

    assert raised.value.url == "/virksomheder/first/#timeline"
    assert repeat.pk is None
    assert list(Contact.objects.values_list("summary", flat=True)) == ["Ringede om lagerjob"]
    assert FormSubmission.objects.filter(token=claim.token).count() == 1


@pytest.mark.django_db
def test_another_users_token_is_claimed_apart(relationship, consultant, team_lead):
    token = uuid.uuid4()
    insert_claimed(_contact(relationship, consultant), Claim(consultant, token, "/a/"))
    insert_claimed(_contact(relationship, consultant), Claim(team_lead, token, "/b/"))

    assert Contact.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_refused_row_leaves_no_claim_in_autocommit(relationship, consultant):
    # Outside any transaction, as in a web request: the database refuses the row (its
    # date window), and the claim of the same statement goes with it.
    assert not connection.in_atomic_block
    claim = _claim(consultant)
    refused = _contact(
        relationship, consultant, occurred_at=datetime.datetime(1999, 1, 1, tzinfo=datetime.UTC)
    )
    with pytest.raises(IntegrityError):
        insert_claimed(refused, claim)

    assert not FormSubmission.objects.filter(token=claim.token).exists()
    assert not Contact.objects.exists()
    # The token is not used up: the corrected row is written with it.
    insert_claimed(_contact(relationship, consultant), claim)
    assert Contact.objects.count() == 1


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    summary=st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
        max_size=300,
    ),
    channel=st.sampled_from(Contact.Channel.values),
    status=st.sampled_from(Contact.Status.values),
    direction=st.sampled_from(Contact.Direction.values),
    minutes=st.integers(min_value=-60 * 24 * 365 * 20, max_value=60 * 24 * 365 * 20),
    with_person=st.booleans(),
)
def test_every_value_arrives_as_save_writes_it(
    relationship, consultant, summary, channel, status, direction, minutes, with_person
):
    person = (
        ContactPerson.objects.create(
            jobcenter=relationship.jobcenter, relationship=relationship, name="Hanne Holm"
        )
        if with_person
        else None
    )
    occurred_at = timezone.now().replace(microsecond=123456) + datetime.timedelta(minutes=minutes)
    fields = {
        "summary": summary,
        "channel": channel,
        "status": status,
        "direction": direction,
        "occurred_at": occurred_at,
        "contact_person": person,
    }
    claimed = _contact(relationship, consultant, **fields)
    saved = _contact(relationship, consultant, **fields)

    insert_claimed(claimed, _claim(consultant))
    saved.save()

    columns = [
        f.attname
        for f in Contact._meta.concrete_fields
        if f.attname not in {"id", "code", "created_at"}
    ]
    rows = {
        row["id"]: row
        for row in Contact.objects.filter(pk__in=[claimed.pk, saved.pk]).values(
            "id", "code", "created_at", *columns
        )
    }
    assert {c: rows[claimed.pk][c] for c in columns} == {c: rows[saved.pk][c] for c in columns}
    assert rows[claimed.pk]["summary"] == summary
    assert rows[claimed.pk]["occurred_at"] == occurred_at
    # Defaults are filled as save fills them: a fresh code, the creation time.
    assert rows[claimed.pk]["code"] == claimed.code != saved.code
    assert rows[claimed.pk]["created_at"] == claimed.created_at
    Contact.objects.filter(pk__in=[claimed.pk, saved.pk]).delete()


@pytest.mark.django_db
def test_a_model_whose_save_does_more_is_not_written_past_it(relationship, consultant, monkeypatch):
    # A receiver of Contact's save signals would be skipped by the statement: refused.
    def receiver(**kwargs):
        pass

    signals.post_save.connect(receiver, sender=Contact)
    try:
        with pytest.raises(AssertionError, match="signal"):
            insert_claimed(_contact(relationship, consultant), _claim(consultant))
    finally:
        signals.post_save.disconnect(receiver, sender=Contact)
    assert not Contact.objects.exists()

    # Nor one with a save() of its own (as if Contact gained one).
    def own_save(self, *args, **kwargs):
        models.Model.save(self, *args, **kwargs)

    monkeypatch.setattr(Contact, "save", own_save)
    with pytest.raises(AssertionError, match="own save"):
        insert_claimed(_contact(relationship, consultant), _claim(consultant))
    assert not Contact.objects.exists()
