"""Service against the rules, agreements by side and demand (issue 12, points 2-3)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Agreement
from servicepackages.models import Product, ServiceDemand
from tests.factories import AgreementFactory, ContactFactory

from .builders import assess, at, relationship

pytestmark = pytest.mark.django_db


def _months_ago(months: int, days: int = 0) -> datetime.datetime:
    today = timezone.localdate()
    year, month = divmod(today.month - 1 - months, 12)
    day = datetime.date(today.year + year, month + 1, min(today.day, 28)) - datetime.timedelta(
        days=days
    )
    # min(day, 28) keeps the arithmetic exact; the test runs on the 28th at the latest.
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


def _by_segment(table):
    values = [[cell.value for cell in row.cells] for row in table.rows]
    return dict(zip([1, 2, 3, 4, None], values, strict=True))


@pytest.fixture
def rules_fixture(jobcenter_a, consultant):
    if timezone.localdate().day > 28:
        pytest.skip("the month arithmetic of this fixture needs a day of month up to 28")
    made = {}
    old = at(2020, 1, 1)
    for name, number, channel, when in [
        ("edge", 3, "phone", _months_ago(12)),  # exactly the interval: in time
        ("late", 3, "phone", _months_ago(12, days=1)),  # one day more: overdue
        ("recent", 3, "phone", _months_ago(0, days=7)),
        ("visit_edge", 2, "visit", _months_ago(6)),  # 1 visit per 6 months: in time
        ("visit_late", 2, "visit", _months_ago(6, days=1)),
    ]:
        rel = assess(relationship(jobcenter_a, responsible=consultant), number, old, by=consultant)
        type(rel).objects.filter(pk=rel.pk).update(created_at=old)
        ContactFactory(relationship=rel, consultant=consultant, channel=channel, occurred_at=when)
        made[name] = rel
    return made


def test_service_counts_the_edge_of_the_interval_as_in_time(team_lead_client, rules_fixture):
    response = team_lead_client.get(reverse("reports:service"))
    assert response.status_code == 200
    service = _by_segment(response.context["tables"][0])
    # Columns: contacted in time, share, contact overdue, visited in time, share, visit overdue.
    assert service[3] == [2, 66.7, 1, 0, None, 0]
    assert service[2] == [2, 100.0, 0, 1, 50.0, 1]
    for table in response.context["tables"]:
        for row in table.rows:
            for cell in row.cells:
                if cell.url:
                    listed = team_lead_client.get(cell.url)
                    assert listed.context["page_obj"].paginator.count == cell.value
    [row3] = [r for r in response.context["tables"][0].rows if r.label.startswith("3.")]
    listed = team_lead_client.get(row3.cells[2].url)
    assert [c.pk for c in listed.context["page_obj"]] == [rules_fixture["late"].company_id]


def test_agreements_by_side_show_what_the_company_owes(team_lead_client, jobcenter_a, consultant):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    one = relationship(jobcenter_a, responsible=consultant)
    two = relationship(jobcenter_a, responsible=consultant)
    AgreementFactory(relationship=one, responsible_user=consultant, deadline=yesterday)
    AgreementFactory(relationship=one, responsible_user=consultant)
    AgreementFactory(relationship=two, responsible_side=Agreement.Side.COMPANY, deadline=yesterday)
    AgreementFactory(relationship=two, status=Agreement.Status.DONE, deadline=yesterday)
    response = team_lead_client.get(reverse("reports:service"))
    agreements = response.context["tables"][2]
    assert [[c.value for c in row.cells] for row in agreements.rows] == [
        [2, 1, 1, 1],  # jobcenter: agreements, companies, overdue agreements, companies
        [1, 1, 1, 1],  # company
    ]
    listed = team_lead_client.get(agreements.rows[1].cells[3].url)
    assert [c.pk for c in listed.context["page_obj"]] == [two.company_id]


def test_demand_counts_products_by_segment_and_track(team_lead_client, jobcenter_a, team_lead):
    products = list(Product.objects.for_jobcenter(jobcenter_a).select_related("track")[:2])
    first, second = products
    two = assess(relationship(jobcenter_a), 2, at(2026, 1, 1), by=team_lead)
    three = assess(relationship(jobcenter_a), 3, at(2026, 1, 1), by=team_lead)
    now = timezone.now()
    for rel, product, status in [
        (two, first, "wanted"),
        (two, second, "delivered"),
        (three, first, "agreed"),
        (three, second, "declined"),  # declined: not asked for any more
    ]:
        ServiceDemand.objects.create(
            jobcenter=jobcenter_a,
            relationship=rel,
            product=product,
            status=status,
            updated_at=now,
            updated_by=team_lead,
        )
    response = team_lead_client.get(reverse("reports:demand"))
    tracks, heatmap = response.context["tables"]
    rows = {row.label: [c.value for c in row.cells] for row in heatmap.rows}
    # Columns: segments 1-4, not screened, asked for, delivered.
    assert rows[f"{first.track.name}: {first.name}"] == [0, 1, 1, 0, 0, 2, 0]
    assert rows[f"{second.track.name}: {second.name}"] == [0, 1, 0, 0, 0, 1, 1]
    for table in (tracks, heatmap):
        for row in table.rows:
            for cell in row.cells:
                if cell.url and cell.value:
                    listed = team_lead_client.get(cell.url)
                    assert listed.context["page_obj"].paginator.count == cell.value
    assert 'class="text-end heat-' in response.content.decode()


def test_a_consultant_gets_403_on_every_team_report(consultant_client):
    for name in ("service", "demand", "activity", "cooperation"):
        assert consultant_client.get(reverse(f"reports:{name}")).status_code == 403
