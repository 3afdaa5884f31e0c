"""The tally sheet and samarbejdsgrad (issue 12, points 4-5)."""

import pytest
from django.urls import reverse

from companies.models import Agreement
from screening.models import SegmentAssessment
from tests.factories import AgreementFactory, ContactFactory, UserFactory

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
    assert rows[4] == [0, 0, 0, 0]  # candidates hired: none recorded
    assert rows[5][0] == 25.0  # average hours to the first response: (2 + 48) / 2
    assert rows[6][0] == 33.0  # days from received to filled
    listed = team_lead_client.get(orders.rows[3].cells[0].url)
    assert [c.pk for c in listed.context["page_obj"]] == [filled.company_id]
    for row in orders.rows[:4]:
        for cell in row.cells:
            if cell.url:
                listed = team_lead_client.get(cell.url)
                assert listed.context["page_obj"].paginator.count == cell.value


def test_candidates_per_opening_and_hires_count_by_hand(
    team_lead_client, jobcenter_a, consultant, outsider
):
    from matching.services import job_order_create, placement_advance, placement_record
    from matching.tests.factories import make_candidate

    def order(user, received, openings=1):
        return job_order_create(
            user=user,
            company=company_in(jobcenter_a),
            title="Lagermedarbejder",
            occupation="Lagermedarbejder",
            kind="ordinary",
            postal_code="7600",
            channel="email",
            received_at=received,
            openings=openings,
        )

    def candidate(status, on, when, user=consultant):
        return placement_record(
            order=on,
            candidate=make_candidate(user.jobcenter),
            user=user,
            status=status,
            occurred_at=when,
        )

    two_openings = order(consultant, at(2026, 3, 5, 10), openings=2)
    candidate("presented", two_openings, at(2026, 3, 6, 9))
    candidate("hired", two_openings, at(2026, 3, 8, 12))
    candidate("proposed", two_openings, at(2026, 3, 6, 9))  # not put before the company
    turned_down = candidate("presented", two_openings, at(2026, 3, 7, 9))
    placement_advance(
        placement=turned_down,
        user=consultant,
        status="rejected",
        reason="Passede ikke",
        occurred_at=at(2026, 3, 9),
    )
    order(consultant, at(2026, 3, 20, 10))  # no candidate yet
    earlier = order(consultant, at(2026, 1, 10, 10))
    candidate("hired", earlier, at(2026, 2, 15, 10))  # hired in the previous period
    # Another jobcenter's hire in the period changes nothing.
    elsewhere = job_order_create(
        user=outsider,
        company=company_in(jobcenter_a, municipality="0661"),
        title="Svejser",
        occupation="Svejser",
        kind="ordinary",
        postal_code="7500",
        channel="email",
        received_at=at(2026, 3, 3),
    )
    candidate("hired", elsewhere, at(2026, 3, 4), user=outsider)

    response = team_lead_client.get(reverse("reports:activity"), PERIOD)
    [orders] = [table for table in response.context["tables"] if table.key == "orders"]
    rows = {row.label: row for row in orders.rows}
    hired = rows["Kandidater ansat"]
    # This period, previous period, difference, same period last year.
    assert [cell.value for cell in hired.cells] == [1, 1, 0, 0]
    # Three of the four candidates were put before the company, for three openings.
    per_opening = rows["Præsenterede kandidater pr. stilling"]
    assert [cell.value for cell in per_opening.cells] == [1.0, None, None, None]
    listed = team_lead_client.get(hired.cells[0].url)
    assert [c.pk for c in listed.context["page_obj"]] == [two_openings.company_id]
    listed = team_lead_client.get(hired.cells[1].url)
    assert [c.pk for c in listed.context["page_obj"]] == [earlier.company_id]
