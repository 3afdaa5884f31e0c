"""Mine tal: a consultant's own figures (issue 12, point 8)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Agreement
from tests.factories import AgreementFactory, ContactFactory, UserFactory

from .builders import assess, at, relationship

pytestmark = pytest.mark.django_db


def _rows(table):
    return [[cell.value for cell in row.cells] for row in table.rows]


def test_a_consultant_sees_their_own_companies_overdue_agreements_and_week(
    consultant_client, consultant, jobcenter_a, jobcenter_b, outsider
):
    colleague = UserFactory(jobcenter=jobcenter_a)
    mine = assess(
        relationship(jobcenter_a, responsible=consultant), 2, at(2026, 1, 5), by=consultant
    )
    relationship(jobcenter_a, responsible=consultant)  # not screened
    assess(relationship(jobcenter_a, responsible=colleague), 2, at(2026, 1, 5), by=colleague)
    assess(
        relationship(jobcenter_b, responsible=outsider, municipality="0661"),
        3,
        at(2026, 1, 5),
        by=outsider,
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    AgreementFactory(relationship=mine, responsible_user=consultant, deadline=yesterday)
    AgreementFactory(relationship=mine, responsible_side=Agreement.Side.COMPANY, deadline=yesterday)
    ContactFactory(relationship=mine, consultant=consultant, channel="visit")
    ContactFactory(relationship=mine, consultant=colleague, channel="visit")
    response = consultant_client.get(reverse("reports:mine"))
    assert response.status_code == 200
    figures = response.context["mine"]
    assert [row[0] for row in _rows(figures.segments)] == [0, 1, 0, 0, 1]
    overdue = _rows(figures.overdue)
    assert overdue[-2:] == [[1], [1]]  # jobcenter side, company side
    week = dict(zip([r.label for r in figures.week.rows], _rows(figures.week), strict=True))
    assert week["Besøg"] == [1, 0]
    # Each drill-down lists exactly the companies counted.
    for table in (figures.segments, figures.overdue):
        for row in table.rows:
            cell = row.cells[0]
            if cell.url and "figure=" in cell.url:
                listed = consultant_client.get(cell.url)
                assert listed.context["page_obj"].paginator.count == cell.value
