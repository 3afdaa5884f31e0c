"""The monthly summary to team leads (issue 12, point 9)."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from reports.calendar import easter_sunday, first_working_day
from reports.models import MonthlySummarySent
from reports.services import monthly_summaries_send
from reports.tasks import monthly_summaries_send as task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_easter_and_the_first_working_day_follow_the_danish_calendar():
    assert easter_sunday(2024) == datetime.date(2024, 3, 31)
    assert easter_sunday(2025) == datetime.date(2025, 4, 20)
    assert easter_sunday(2026) == datetime.date(2026, 4, 5)
    assert first_working_day(2027, 1) == datetime.date(2027, 1, 4)  # New Year on a Friday
    assert first_working_day(2026, 11) == datetime.date(2026, 11, 2)  # 1st is a Sunday
    assert first_working_day(2018, 4) == datetime.date(2018, 4, 3)  # Easter Monday the 2nd
    assert first_working_day(2026, 12) == datetime.date(2026, 12, 1)


def test_each_team_lead_gets_the_summary_once_on_the_first_working_day(jobcenter_a, team_lead):
    team_lead.email = "leder@struer.dk"
    team_lead.save()
    UserFactory(jobcenter=jobcenter_a, email="konsulent@struer.dk")  # a consultant: none
    assert monthly_summaries_send(on=datetime.date(2027, 1, 1)) == 0  # a public holiday
    assert monthly_summaries_send(on=datetime.date(2027, 1, 4)) == 1
    assert monthly_summaries_send(on=datetime.date(2027, 1, 4)) == 0  # sent once
    assert monthly_summaries_send(on=datetime.date(2027, 1, 5)) == 0
    [message] = mail.outbox
    assert message.to == ["leder@struer.dk"]
    assert message.subject == "Virksomhedsservice i december 2026"
    assert "/reports/segments/?start=2026-12-01&end=2026-12-31" in message.body
    assert "Besøg: 0" in message.body
    assert MonthlySummarySent.objects.get().month == datetime.date(2026, 12, 1)


def test_the_task_is_scheduled_daily_and_runs_the_service(jobcenter_a, team_lead):
    team_lead.email = "leder@struer.dk"
    team_lead.save()
    names = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "reports.tasks.monthly_summaries_send" in names
    assert task.apply(kwargs={"on": "2026-12-01"}).get() == 1
    assert len(mail.outbox) == 1
