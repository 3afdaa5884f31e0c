"""The pre-computed tally sheet: any period and split summed from the days gives what the
live definition (the drill-down's) counts; it says when it was built, is rebuilt on demand
and by Celery, and its page costs the same number of queries whatever the data size."""

import datetime
import random
from collections import Counter
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from companies.models import Agreement, Municipality
from reports.forms import ReportFilterForm, ReportFilters
from reports.models import ActivityDay, FiguresRefreshed
from reports.selectors import Scope, activity_counts
from reports.selectors.activity import ACTIVITY_METRICS, comparison_periods
from reports.tasks import activity_days_refresh_all
from screening.models import SegmentAssessment
from tests.factories import AgreementFactory, ContactFactory, UserFactory

from .builders import at, relationship

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 4, 15)


def _moment(rng: random.Random) -> datetime.datetime:
    # Around midnight and across the change to summer time (29 March 2026) on purpose.
    day = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 470))
    hour, minute = rng.choice([(0, 5), (0, 45), (12, 0), (23, 15), (23, 55), (2, 30)])
    return at(day.year, day.month, day.day, hour, minute)


def _generate(jobcenter, seed: int) -> list:
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not a secret
    jobcenter.served_municipalities.add(Municipality.objects.get(code="0665"))
    people: list[User] = [UserFactory(jobcenter=jobcenter) for _ in range(3)]  # type: ignore[misc]
    relationships = [
        relationship(
            jobcenter,
            responsible=rng.choice([None, *people]),
            municipality=rng.choice(["0671", "0665"]),
            industry=rng.choice(["F", "C", "G"]),
            employees=rng.choice(["1", "10-19", "50-99"]),
        )
        for _ in range(20)
    ]
    for rel in relationships[:5]:  # also a workplace in the other municipality
        rel.company.municipality_codes = ["0665", "0671"]
        rel.company.save(update_fields=["municipality_codes"])
    contacts = []
    for _ in range(120):
        contacts.append(
            ContactFactory(
                relationship=rng.choice(relationships),
                consultant=rng.choice(people),
                channel=rng.choice(["phone", "visit", "meeting", "email"]),
                status=rng.choice(["done", "done", "done", "planned"]),
                occurred_at=_moment(rng),
            )
        )
    for _ in range(20):
        SegmentAssessment.objects.create(
            jobcenter=jobcenter,
            relationship=rng.choice(relationships),
            segment_id=rng.randint(1, 4),
            reason="Ønsker ikke samarbejde",
            source=rng.choice(["screening", "visit"]),
            assessed_by=rng.choice(people),
            assessed_at=_moment(rng),
        )
    for _ in range(20):
        made = AgreementFactory(
            relationship=rng.choice(relationships),
            responsible_user=rng.choice(people),
            contact=rng.choice([None, *contacts[:10]]),
            deadline=_moment(rng).date(),
        )
        changes: dict[str, Any] = {"created_at": _moment(rng)}
        if rng.random() < 0.6:
            changes.update(status="done", completed_at=_moment(rng))
        Agreement.objects.filter(pk=made.pk).update(**changes)  # type: ignore[attr-defined]
    return people


def _live(jobcenter, params: dict[str, str]) -> dict[str, dict]:
    form = ReportFilterForm(params, jobcenter=jobcenter, today=TODAY)
    filters = ReportFilters(form)
    scope = Scope.of(filters, consultant_as_company_filter=False)
    counted = {}
    for key, (first, last) in comparison_periods(filters).items():
        counted[key] = activity_counts(
            jobcenter=jobcenter,
            start_at=at(first.year, first.month, first.day, 0, 0),
            end_at=at(last.year, last.month, last.day, 0, 0) + datetime.timedelta(days=1),
            consultant=filters.responsible,
            scope=scope,
        )
    return counted


@pytest.mark.parametrize("seed", [1, 2])
def test_the_sheet_counts_what_the_live_definition_counts(seed, team_lead_client, jobcenter_a):
    people = _generate(jobcenter_a, seed)
    splits = [
        {},
        {"industry": "F"},
        {"employees": "10-19"},
        {"municipality": "0665"},
        {"responsible": str(people[0].code)},
        {"responsible": str(people[1].code), "industry": "C", "municipality": "0671"},
    ]
    for period in (("2026-03-01", "2026-03-31"), ("2025-02-10", "2025-11-20")):
        for split in splits:
            params = {"start": period[0], "end": period[1], **split}
            response = team_lead_client.get(reverse("reports:activity"), params)
            tables = {table.key: table for table in response.context["tables"]}
            live = _live(jobcenter_a, params)
            for (metric, _label), row in zip(ACTIVITY_METRICS, tables["team"].rows, strict=True):
                expected = [
                    sum(v for (_u, m), v in live[key].items() if m == metric)
                    for key in ("now", "before", "last_year")
                ]
                shown = [row.cells[0].value, row.cells[1].value, row.cells[3].value]
                assert shown == expected, (params, metric)
            by_name = {str(person): person for person in people}
            for row in tables["consultants"].rows:
                person = by_name.get(row.label)
                if person is None:  # the team lead of the fixtures: did nothing
                    continue
                for (metric, _label), cell in zip(ACTIVITY_METRICS, row.cells, strict=True):
                    assert cell.value == live["now"].get((person.pk, metric), 0), (params, metric)


def test_the_trend_counts_done_contacts_by_local_month(team_lead_client, jobcenter_a):
    _generate(jobcenter_a, 3)
    params = {"start": "2025-06-01", "end": "2026-03-31", "industry": "F", "grain": "month"}
    expected: Counter = Counter()
    for contact in jobcenter_a_contacts(jobcenter_a):
        local = timezone.localtime(contact.occurred_at).date()
        company = contact.relationship.company
        if (
            contact.status == "done"
            and datetime.date(2025, 6, 1) <= local <= datetime.date(2026, 3, 31)
            and company.industry_section.letter == "F"
        ):
            expected[(local.replace(day=1), contact.channel)] += 1
    response = team_lead_client.get(reverse("reports:activity"), params)
    [trend] = [t for t in response.context["tables"] if t.key == "trend"]
    channels = ["phone", "visit", "meeting", "email"]
    months = sorted({month for month, _channel in expected})
    assert len(trend.rows) == len(months)
    for month, row in zip(months, trend.rows, strict=True):
        assert [cell.value for cell in row.cells] == [expected[(month, c)] for c in channels]


def jobcenter_a_contacts(jobcenter):
    from companies.models import Contact

    return Contact.objects.filter(jobcenter=jobcenter).select_related(
        "relationship__company__industry_section"
    )


def test_the_sheet_says_when_it_was_built_and_is_rebuilt_on_demand(
    team_lead_client, jobcenter_a, consultant
):
    known = relationship(jobcenter_a, responsible=consultant)
    ContactFactory(relationship=known, consultant=consultant, occurred_at=at(2026, 3, 10))
    params = {"start": "2026-03-01", "end": "2026-03-31"}
    response = team_lead_client.get(reverse("reports:activity"), params)
    calls = response.context["tables"][0].rows[0]
    assert calls.cells[0].value == 1
    assert "Sidst opdateret" in response.content.decode()
    # Logged after the sheet was built: counted at the next refresh, not before.
    ContactFactory(relationship=known, consultant=consultant, occurred_at=at(2026, 3, 11))
    response = team_lead_client.get(reverse("reports:activity"), params)
    assert response.context["tables"][0].rows[0].cells[0].value == 1
    before = FiguresRefreshed.objects.get(jobcenter=jobcenter_a).refreshed_at

    refreshed = team_lead_client.post(
        reverse("reports:activity-refresh") + "?start=2026-03-01&end=2026-03-31&grain=week"
    )
    assert refreshed.status_code == 302
    assert refreshed["Location"] == (
        reverse("reports:activity") + "?start=2026-03-01&end=2026-03-31&grain=week"
    )
    response = team_lead_client.get(reverse("reports:activity"), params)
    assert response.context["tables"][0].rows[0].cells[0].value == 2
    assert FiguresRefreshed.objects.get(jobcenter=jobcenter_a).refreshed_at > before


def test_only_a_team_lead_rebuilds_the_sheet_and_only_by_post(
    team_lead_client, consultant_client, outsider_client
):
    url = reverse("reports:activity-refresh")
    assert team_lead_client.get(url).status_code == 405
    assert consultant_client.post(url).status_code == 403
    assert outsider_client.post(url).status_code == 403
    assert not FiguresRefreshed.objects.exists()


def test_the_scheduled_task_rebuilds_every_jobcenter(
    jobcenter_a, jobcenter_b, consultant, outsider
):
    ours = relationship(jobcenter_a, responsible=consultant)
    theirs = relationship(jobcenter_b, responsible=outsider, municipality="0661")
    ContactFactory(relationship=ours, consultant=consultant, occurred_at=at(2026, 3, 10))
    for _ in range(3):
        ContactFactory(relationship=theirs, consultant=outsider, occurred_at=at(2026, 3, 12))
    activity_days_refresh_all.apply()
    totals = {
        row["jobcenter_id"]: row["total"]
        for row in ActivityDay.objects.filter(metric="phone").values("jobcenter_id", "total")
    }
    assert totals == {jobcenter_a.pk: 1, jobcenter_b.pk: 3}
    assert set(FiguresRefreshed.objects.values_list("jobcenter_id", flat=True)) == {
        jobcenter_a.pk,
        jobcenter_b.pk,
    }


def test_the_sheet_costs_the_same_queries_at_ten_times_the_data(
    team_lead_client, team_lead, jobcenter_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"start": "2025-01-01", "end": "2026-04-30", "industry": "F"}

    def queries() -> int:
        team_lead_client.post(reverse("reports:activity-refresh"))
        # Signed in afresh each time: the session's idle clock, not the data, must not
        # decide whether the session is written (generating the data takes a while).
        team_lead_client.force_login(team_lead)
        with CaptureQueriesContext(connection) as captured:
            assert team_lead_client.get(reverse("reports:activity"), params).status_code == 200
        return len(captured)

    _generate(jobcenter_a, 4)
    few = queries()
    for seed in range(5, 14):
        _generate(jobcenter_a, seed)
    assert queries() == few


def test_the_roll_up_adds_up_the_detailed_days(jobcenter_a):
    from collections import defaultdict

    from reports.services import activity_days_refresh

    _generate(jobcenter_a, 15)
    activity_days_refresh(jobcenter=jobcenter_a)
    detailed: dict[tuple, int] = defaultdict(int)
    for row in ActivityDay.objects.filter(detailed=True):
        detailed[(row.day, row.consultant_id, row.metric)] += row.total
    rolled = {
        (row.day, row.consultant_id, row.metric): row.total
        for row in ActivityDay.objects.filter(detailed=False)
    }
    assert rolled == dict(detailed)
    assert len(rolled) <= ActivityDay.objects.filter(detailed=True).count()
    assert not ActivityDay.objects.filter(detailed=False).exclude(industry="").exists()


def test_the_quarter_hourly_refresh_rebuilds_the_recent_days_and_the_nightly_one_all(
    jobcenter_a, consultant
):
    from django.conf import settings

    from reports.services import RECENT_DAYS, activity_days_refresh
    from reports.tasks import activity_days_rebuild_all

    assert settings.CELERY_BEAT_SCHEDULE["reports-activity-days-nightly"]["task"] == (
        "reports.tasks.activity_days_rebuild_all"
    )
    known = relationship(jobcenter_a, responsible=consultant)
    now = timezone.localtime()
    recent = now - datetime.timedelta(days=RECENT_DAYS - 1)
    old = now - datetime.timedelta(days=RECENT_DAYS + 20)
    ContactFactory(relationship=known, consultant=consultant, occurred_at=old)
    activity_days_refresh(jobcenter=jobcenter_a)

    def calls(detailed: bool) -> dict[datetime.date, int]:
        return {
            row.day: row.total
            for row in ActivityDay.objects.filter(metric="phone", detailed=detailed)
        }

    # Logged since: one recent and one further back than the quarter-hourly days.
    ContactFactory(relationship=known, consultant=consultant, occurred_at=recent)
    ContactFactory(relationship=known, consultant=consultant, occurred_at=old)
    activity_days_refresh_all.apply()
    assert calls(True) == calls(False) == {old.date(): 1, recent.date(): 1}
    activity_days_rebuild_all.apply()
    assert calls(True) == calls(False) == {old.date(): 2, recent.date(): 1}
