"""The pre-computed segment and service figures (issue 12, speed at 500,000 companies):
summed for any split they give what the live definitions count (the company list and the
planner), month by month what a hand count of the contact log gives; they say when they
were built, stay as built until the next refresh (the drill-downs with them), are rebuilt
by 'Opdatér nu' and by Celery, and their pages cost the same queries whatever the data."""

import datetime
import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from companies.models import Company, CompanyRelationship, Municipality
from planning.planner import PlannerFilter, planner_cte
from reports.forms import ReportFilterForm, ReportFilters
from reports.models import CompanyTally, FiguresRefreshed, ServiceStatus
from reports.selectors import Scope, segment_counts, tallied_segment_counts
from reports.selectors.scope import snapshot_rows
from reports.services import dashboard_refresh
from reports.tasks import dashboard_refresh_all
from screening.models import Campaign, CampaignCompany
from tests.factories import ContactFactory, UserFactory

from .builders import assess, at, company_in, relationship

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _months_after(day: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` after (or before) `day`'s."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return datetime.date(year, month + 1, 1)


def _minus_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """`moment` `months` earlier, the day of month held to the month's length, as
    PostgreSQL's make_interval(months => n) subtracts it."""
    first = _months_after(moment.date(), -months)
    next_first = _months_after(first, 1)
    last_day = (next_first - datetime.timedelta(days=1)).day
    return moment.replace(year=first.year, month=first.month, day=min(moment.day, last_day))


def _generate(jobcenter, lead, seed: int) -> list[User]:
    """Relationships with random facts, segments, contacts and campaign places, area
    companies without a relationship and ceased ones."""
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not a secret
    jobcenter.served_municipalities.add(Municipality.objects.get(code="0665"))
    people: list[User] = [UserFactory(jobcenter=jobcenter) for _ in range(3)]  # type: ignore[misc]
    campaign = Campaign.objects.create(
        jobcenter=jobcenter,
        name=f"Screening {seed}",
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=90),
        created_by=lead,
    )
    for index in range(24):
        rel = relationship(
            jobcenter,
            responsible=rng.choice([None, *people]),
            municipality=rng.choice(["0671", "0665"]),
            industry=rng.choice(["F", "C", "G"]),
            employees=rng.choice(["1", "10-19", "50-99"]),
            ceased_on=at(2024, 1, 1).date() if index % 11 == 0 else None,
        )
        created = timezone.now() - datetime.timedelta(days=rng.randint(30, 900))
        CompanyRelationship.objects.filter(pk=rel.pk).update(created_at=created)
        if index % 4:
            assess(rel, rng.randint(1, 4), created, by=lead)
        if index % 5 == 0:
            rel.company.municipality_codes = ["0665", "0671"]
            rel.company.save(update_fields=["municipality_codes"])
        if index % 3 == 0:
            CampaignCompany.objects.create(
                campaign=campaign, relationship=rel, consultant=rng.choice(people)
            )
        for _ in range(rng.randint(0, 4)):
            ContactFactory(
                relationship=rel,
                consultant=rng.choice(people),
                channel=rng.choice(["phone", "visit"]),
                occurred_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 800)),
            )
    for _index in range(6):  # in the area, no relationship: not screened
        company_in(jobcenter, municipality=rng.choice(["0671", "0665"]), industry="F")
    return people


def _filters(jobcenter, params) -> ReportFilters:
    return ReportFilters(ReportFilterForm(params, jobcenter=jobcenter, today=TODAY))


def _splits(people) -> list[dict[str, str]]:
    return [
        {},
        {"industry": "F"},
        {"employees": "10-19"},
        {"municipality": "0665"},
        {"responsible": str(people[0].code)},
        {"responsible": str(people[1].code), "industry": "C", "municipality": "0671"},
    ]


def _live_service(jobcenter, scope: Scope) -> Counter:
    """(segment, kind, overdue) → relationships, from the planner's own items today."""
    cte, params = planner_cte(today=TODAY, where=PlannerFilter(jobcenter_id=jobcenter.pk))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {cte} SELECT relationship_id, segment_number, kind, due_on FROM items "  # noqa: S608
            "WHERE kind IN ('contact', 'visit')",
            params,
        )
        items = cursor.fetchall()
    companies = set(scope.companies.values_list("pk", flat=True))
    owners = dict(CompanyRelationship.objects.values_list("pk", "company_id"))
    return Counter(
        (number, kind, due_on < TODAY)
        for rel_id, number, kind, due_on in items
        if owners[rel_id] in companies
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_the_tally_and_the_service_count_what_the_live_definitions_count(
    seed, jobcenter_a, team_lead
):
    people = _generate(jobcenter_a, team_lead, seed)
    dashboard_refresh(jobcenter=jobcenter_a, today=TODAY)
    for split in _splits(people):
        scope = Scope.of(_filters(jobcenter_a, split))
        assert tallied_segment_counts(scope) == segment_counts(scope.companies), split
        placed = CampaignCompany.objects.filter(campaign__jobcenter=jobcenter_a)
        on_list = Counter(
            scope.companies.filter(
                ceased_on__isnull=True, pk__in=placed.values("relationship__company_id")
            ).values_list("segment_number", flat=True)
        )
        tallied_on_list: Counter = Counter()
        for number, total in snapshot_rows(
            CompanyTally.objects.filter(on_net_list=True), scope
        ).values_list("segment_number", "total"):
            tallied_on_list[number] += total
        assert tallied_on_list == on_list, split
        statuses: Counter = Counter()
        for row in snapshot_rows(ServiceStatus.objects.all(), scope):
            statuses[(row.segment_number, row.kind, row.overdue)] += 1
        assert statuses == _live_service(jobcenter_a, scope), split


def test_the_trend_counts_by_hand_who_was_contacted_within_the_rule(jobcenter_a, team_lead):
    _generate(jobcenter_a, team_lead, 3)
    dashboard_refresh(jobcenter=jobcenter_a, today=TODAY)
    # The contact rule of each relationship, as the planner applies it.
    cte, params = planner_cte(today=TODAY, where=PlannerFilter(jobcenter_id=jobcenter_a.pk))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {cte} SELECT relationship_id, rule_months FROM items "  # noqa: S608
            "WHERE kind = 'contact'",
            params,
        )
        gaps = dict(cursor.fetchall())
    start = _months_after(TODAY, -5)
    expected: dict[tuple[datetime.date, int | None], list[int]] = {}
    for rel in CompanyRelationship.objects.filter(pk__in=gaps).select_related("segment"):
        done = [contact.occurred_at for contact in rel.contacts.filter(status="done")]
        for offset in range(6):
            month = _months_after(start, offset)
            # The month's end as the database compares it (midnight UTC of the 1st).
            end = datetime.datetime.combine(
                _months_after(month, 1), datetime.time.min, tzinfo=datetime.UTC
            )
            if rel.created_at >= end:
                continue
            before = [moment for moment in done if moment < end]
            counted = expected.setdefault((month, rel.segment and rel.segment.number), [0, 0])
            counted[0] += 1
            if before and max(before) >= _minus_months(end, gaps[rel.pk]):
                counted[1] += 1
    params = {"start": start.isoformat(), "end": TODAY.isoformat()}
    scope = Scope.of(_filters(jobcenter_a, params))
    from reports.selectors.service import service_trend_table

    table = service_trend_table(scope, {n: str(n) for n in (1, 2, 3, 4, None)})
    shown = {
        (row.label, number): cell.value
        for row in table.rows
        for number, cell in zip([1, 2, 3, 4, None], row.cells, strict=True)
    }
    from django.utils.formats import date_format

    assert expected
    for (month, number), (total, in_time) in expected.items():
        assert shown[(date_format(month, "F Y"), number)] == round(100 * in_time / total, 1)


def test_figures_stay_as_built_until_updated_now_and_the_drill_down_with_them(
    team_lead_client, jobcenter_a, consultant
):
    rel = assess(
        relationship(jobcenter_a, responsible=consultant), 3, at(2020, 1, 1), by=consultant
    )
    CompanyRelationship.objects.filter(pk=rel.pk).update(created_at=at(2020, 1, 1))
    url = reverse("reports:service")
    response = team_lead_client.get(url)
    assert "Sidst opdateret" in response.content.decode()
    overdue = response.context["tables"][0].rows[2].cells[2]  # segment 3, contact overdue
    assert overdue.value == 1
    # Contacted now: in time at the next refresh, not before; the drill-down lists the
    # company the number counts until then.
    ContactFactory(relationship=rel, consultant=consultant, occurred_at=timezone.now())
    response = team_lead_client.get(url)
    assert response.context["tables"][0].rows[2].cells[2].value == 1
    listed = team_lead_client.get(overdue.url)
    assert [c.pk for c in listed.context["page_obj"]] == [rel.company_id]
    before = FiguresRefreshed.objects.get(jobcenter=jobcenter_a, kind="dashboard").refreshed_at

    updated = team_lead_client.post(reverse("reports:service-refresh") + "?start=2026-01-01")
    assert updated.status_code == 302
    assert updated["Location"] == url + "?start=2026-01-01"
    response = team_lead_client.get(url)
    assert response.context["tables"][0].rows[2].cells[2].value == 0
    assert response.context["tables"][0].rows[2].cells[0].value == 1
    assert team_lead_client.get(overdue.url).context["page_obj"].paginator.count == 0
    after = FiguresRefreshed.objects.get(jobcenter=jobcenter_a, kind="dashboard").refreshed_at
    assert after > before


@pytest.mark.parametrize(
    "name", ["overview-refresh", "segments-refresh", "service-refresh", "cooperation-refresh"]
)
def test_only_a_team_lead_updates_the_figures_and_only_by_post(
    name, team_lead_client, consultant_client, outsider_client
):
    url = reverse(f"reports:{name}")
    assert team_lead_client.get(url).status_code == 405
    assert consultant_client.post(url).status_code == 403
    assert outsider_client.post(url).status_code == 403
    assert not FiguresRefreshed.objects.exists()


def test_the_scheduled_task_rebuilds_every_jobcenter(
    jobcenter_a, jobcenter_b, consultant, outsider
):
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["reports-dashboard"]["task"] == (
        "reports.tasks.dashboard_refresh_all"
    )
    assess(relationship(jobcenter_a, responsible=consultant), 2, at(2026, 1, 5), by=consultant)
    for _ in range(3):
        assess(
            relationship(jobcenter_b, responsible=outsider, municipality="0661"),
            1,
            at(2026, 1, 5),
            by=outsider,
        )
    dashboard_refresh_all.apply()
    screened = {
        (row.jobcenter_id, row.segment_number): row.total
        for row in CompanyTally.objects.filter(segment_number__isnull=False)
    }
    assert screened == {(jobcenter_a.pk, 2): 1, (jobcenter_b.pk, 1): 3}
    assert set(
        FiguresRefreshed.objects.filter(kind="dashboard").values_list("jobcenter_id", flat=True)
    ) == {jobcenter_a.pk, jobcenter_b.pk}


@pytest.mark.parametrize("page", ["reports:service", "reports:overview", "reports:segments"])
def test_the_pages_cost_the_same_queries_at_ten_times_the_data(
    page, team_lead_client, team_lead, jobcenter_a
):
    params = {"start": "2025-01-01", "end": TODAY.isoformat(), "industry": "F"}

    def queries() -> int:
        team_lead_client.post(reverse("reports:segments-refresh"))
        team_lead_client.force_login(team_lead)
        with CaptureQueriesContext(connection) as captured:
            assert team_lead_client.get(reverse(page), params).status_code == 200
        return len(captured)

    _generate(jobcenter_a, team_lead, 4)
    few = queries()
    for seed in range(5, 14):
        _generate(jobcenter_a, team_lead, seed)
    assert Company.objects.count() > 250
    assert queries() == few


def test_the_contact_log_has_the_reports_period_index():
    """The activity drill-downs and the key figures read a jobcenter's done contacts of a
    channel in a period from this index (a migration of reports creates it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'reports_contact_done_period'"
        )
        [(definition,)] = cursor.fetchall()
    assert "(jobcenter_id, channel, occurred_at) INCLUDE (relationship_id)" in definition
    assert "WHERE ((status)::text = 'done'::text)" in definition
