"""The tally sheet and samarbejdsgrad (issue 12, points 4-5)."""

import pytest
from django.urls import reverse

from companies.models import Agreement
from screening.models import SegmentAssessment
from tests.factories import AgreementFactory, CompanyFactory, ContactFactory, UserFactory

from .builders import at, company_in, relationship

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2026-03-01", "end": "2026-03-31"}


def test_the_tally_sheet_counts_by_hand(
    team_lead_client, jobcenter_a, consultant, team_lead, jobcenter_b, outsider
):
    colleague = UserFactory(jobcenter=jobcenter_a)
    known = relationship(jobcenter_a, responsible=consultant)
    fresh = relationship(jobcenter_a, responsible=consultant)
    ContactFactory(relationship=known, consultant=consultant, occurred_at=at(2026, 2, 10))  # before
    ContactFactory(relationship=known, consultant=consultant, occurred_at=at(2026, 3, 1, 0, 0))
    ContactFactory(relationship=known, consultant=consultant, occurred_at=at(2026, 3, 31, 23, 59))
    ContactFactory(
        relationship=fresh, consultant=consultant, channel="visit", occurred_at=at(2026, 3, 15)
    )
    ContactFactory(relationship=fresh, consultant=colleague, occurred_at=at(2026, 4, 1, 0, 0))
    ContactFactory(relationship=known, consultant=consultant, occurred_at=at(2025, 3, 5))
    ContactFactory(
        relationship=known, consultant=consultant, status="planned", occurred_at=at(2026, 3, 20)
    )
    SegmentAssessment.objects.create(
        jobcenter=jobcenter_a,
        relationship=fresh,
        segment_id=2,
        assessed_by=consultant,
        assessed_at=at(2026, 3, 15),
    )
    made = AgreementFactory(
        relationship=fresh, responsible_user=consultant, deadline=at(2026, 3, 20).date()
    )
    Agreement.objects.filter(pk=made.pk).update(
        created_at=at(2026, 3, 15), status="done", completed_at=at(2026, 3, 20, 16)
    )
    late = AgreementFactory(
        relationship=known, responsible_user=consultant, deadline=at(2026, 3, 10).date()
    )
    Agreement.objects.filter(pk=late.pk).update(
        created_at=at(2026, 1, 15), status="done", completed_at=at(2026, 3, 11)
    )
    # Another jobcenter's busy month changes nothing.
    for _ in range(10):
        other = relationship(jobcenter_b, responsible=outsider, municipality="0661")
        ContactFactory(relationship=other, consultant=outsider, occurred_at=at(2026, 3, 10))

    response = team_lead_client.get(reverse("reports:activity"), PERIOD)
    assert response.status_code == 200
    team, _orders, consultants, trend = response.context["tables"]
    team_rows = {row.label: [c.value for c in row.cells] for row in team.rows}
    # This period, previous period (February), change, same period last year.
    assert team_rows["Opkald"] == [2, 1, 1, 1]
    assert team_rows["Besøg"] == [1, 0, 1, 0]
    # known was first contacted in March last year; fresh in this period.
    assert team_rows["Nye virksomhedskontakter"] == [1, 0, 1, 1]
    assert team_rows["Screeninger"] == [1, 0, 1, 0]
    assert team_rows["Aftaler indgået"] == [1, 0, 1, 0]
    assert team_rows["Aftaler overholdt"] == [1, 0, 1, 0]
    [mine] = [row for row in consultants.rows if row.label == str(consultant)]
    assert [c.value for c in mine.cells] == [2, 1, 0, 0, 1, 1, 1, 1]
    listed = team_lead_client.get(mine.cells[0].url)
    assert [c.pk for c in listed.context["page_obj"]] == [known.company_id]
    listed = team_lead_client.get(mine.cells[4].url)  # new company contacts
    assert [c.pk for c in listed.context["page_obj"]] == [fresh.company_id]
    assert [row.label for row in trend.rows] == ["marts 2026"]


def test_job_order_figures_count_by_hand(team_lead_client, jobcenter_a, consultant):
    from matching.models import JobOrder
    from matching.services import job_order_create

    def order(received, responded=None, filled=None):
        made = job_order_create(
            user=consultant,
            company=company_in(jobcenter_a),
            title="Svejser",
            occupation="Svejser",
            kind="ordinary",
            postal_code="7600",
            channel="email",
            received_at=received,
            responsible=consultant,
        )
        changes = {"responded_at": responded}
        if filled:
            changes.update(status="filled", closed_at=filled, closed_by=consultant)
        JobOrder.objects.filter(pk=made.pk).update(**changes)
        return made

    order(at(2026, 3, 2, 10), responded=at(2026, 3, 2, 12))  # in time (2 h)
    order(at(2026, 3, 10, 10), responded=at(2026, 3, 12, 10))  # late (48 h)
    order(at(2026, 3, 20, 10))  # never answered: overdue
    filled = order(at(2026, 2, 10, 10), responded=at(2026, 2, 10, 11), filled=at(2026, 3, 15, 10))
    response = team_lead_client.get(reverse("reports:activity"), PERIOD)
    [orders] = [table for table in response.context["tables"] if table.key == "orders"]
    rows = [[cell.value for cell in row.cells] for row in orders.rows]
    # This period (March), previous (February), difference, March last year.
    assert rows[:4] == [[3, 1, 2, 0], [1, 1, 0, 0], [2, 0, 2, 0], [1, 0, 1, 0]]
    assert rows[4][0] == 25.0  # average hours to the first response: (2 + 48) / 2
    assert rows[5][0] == 33.0  # days from received to filled
    listed = team_lead_client.get(orders.rows[3].cells[0].url)
    assert [c.pk for c in listed.context["page_obj"]] == [filled.company_id]
    for row in orders.rows[:4]:
        for cell in row.cells:
            if cell.url:
                listed = team_lead_client.get(cell.url)
                assert listed.context["page_obj"].paginator.count == cell.value


def test_samarbejdsgrad_counts_the_base_and_says_placements_are_missing(
    team_lead_client, jobcenter_a
):
    company_in(jobcenter_a, employees="10-19")
    company_in(jobcenter_a, employees="1")
    company_in(jobcenter_a, employees="0")  # no employee: not in the base
    company_in(jobcenter_a, employees="")  # unknown: not in the base
    company_in(jobcenter_a, ceased_on=at(2025, 1, 1).date())
    # Seated in Holstebro with a workplace in Struer: a company in Struer's base.
    CompanyFactory(municipality_codes=["0661", "0671"], employee_band="5-9")
    response = team_lead_client.get(reverse("reports:cooperation"))
    [table] = response.context["tables"]
    [row] = table.rows
    assert [c.value for c in row.cells] == [3, None, None, None]
    listed = team_lead_client.get(row.cells[0].url)
    assert listed.context["page_obj"].paginator.count == 3
    page = response.content.decode()
    assert "tælles endnu ikke fra placeringsloggen" in page
    # Not counted is shown as not counted ('–'), never as a share of 0 %.
    assert "0,0 %" not in page
    assert page.count('<td class="text-end">–</td>') == 3
    workplaces = team_lead_client.get(reverse("reports:cooperation"), {"unit": "workplace"})
    assert workplaces.context["tables"][0].rows[0].cells[0].value == 0
