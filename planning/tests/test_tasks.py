import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse

from companies.models import CompanyRelationship
from planning import services
from planning.models import DigestSent
from planning.tasks import reminder_digests_send, reminders_create

from .conftest import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminders(make_relationship, consultant):
    relationships = [make_relationship(segment=3) for _ in range(2)]
    CompanyRelationship.objects.update(created_at=START - datetime.timedelta(days=400))
    services.reminders_create(on=START.date())
    consultant.email = "karen@struer.dk"
    consultant.wants_digest_email = True
    consultant.save()
    return relationships


def test_the_morning_digest_is_sent_once_a_day(frozen, reminders, consultant, team_lead):
    team_lead.email = "leder@struer.dk"
    team_lead.save()  # has reminders? none of its own, and it did not ask for the e-mail
    assert reminder_digests_send.apply().get() == 1
    assert reminder_digests_send.apply().get() == 0
    [message] = mail.outbox
    assert message.to == ["karen@struer.dk"]
    assert reminders[0].company.name in message.body
    assert DigestSent.objects.get().reminder_count == 2


def test_a_digest_queued_under_the_old_task_name_is_still_sent_once(frozen, reminders):
    from jobcenter_crm.celery import app

    old = app.tasks["planning.tasks.reminder_digest_send"]
    assert old.apply().get() == 1
    assert reminder_digests_send.apply().get() == 0
    assert len(mail.outbox) == 1


def test_a_failed_send_is_sent_by_the_retry(frozen, reminders, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    with pytest.raises(OSError):
        services.reminder_digests_send(on=START.date())
    assert DigestSent.objects.count() == 0
    monkeypatch.undo()
    assert services.reminder_digests_send(on=START.date()) == 1


def test_no_digest_without_open_reminders_or_without_asking(frozen, reminders, consultant):
    consultant.wants_digest_email = False
    consultant.save()
    assert services.reminder_digests_send(on=START.date()) == 0
    assert mail.outbox == []


def test_the_task_runs_the_service(frozen, make_relationship):
    make_relationship(segment=1)
    CompanyRelationship.objects.update(created_at=START - datetime.timedelta(days=400))
    result = reminders_create.apply(kwargs={"on": START.date().isoformat()}).get()
    assert result == {"created": 3, "closed": 0}
    assert reminders_create.acks_late


def test_the_pages_work_without_redis(consultant_client, reminders, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    for name in ("planning:plan", "planning:reminder-list", "planning:calendar"):
        assert consultant_client.get(reverse(name)).status_code == 200
