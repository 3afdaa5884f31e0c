"""Mine tal: a consultant's own figures (issue 12, point 8)."""

import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Agreement
from reports.selectors import activity_counts
from reports.selectors.activity import ACTIVITY_METRICS, consultant_activity
from tests.factories import AgreementFactory, ContactFactory, UserFactory

from .builders import assess, at, relationship
from .test_activity_sheet import _generate

# Session, user, jobcenter, segments, the consultant's companies by segment (with the
# area and the filter's consultant), overdue work, overdue agreements, the week, and the
# navigation's two badges.
MINE_QUERIES = 12

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


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_week_in_one_query_counts_what_the_tally_sheet_counts(seed, jobcenter_a):
    """`consultant_activity` (mine tal, one query) against `activity_counts` (the tally
    sheet's live definition, one query per figure and period) on generated data, for
    every consultant, figure and period, periods bordering on each other included."""
    people = _generate(jobcenter_a, seed)
    rng = random.Random(seed)  # noqa: S311  # reproducible periods, not a secret
    for _ in range(6):
        start = at(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 400))
        middle = start + datetime.timedelta(days=rng.randint(1, 60))
        end = middle + datetime.timedelta(days=rng.randint(1, 60))
        periods = {"first": (start, middle), "second": (middle, end), "whole": (start, end)}
        for person in people:
            counted = consultant_activity(jobcenter=jobcenter_a, consultant=person, periods=periods)
            for key, (start_at, end_at) in periods.items():
                live = activity_counts(
                    jobcenter=jobcenter_a, start_at=start_at, end_at=end_at, consultant=person
                )
                for metric, _label in ACTIVITY_METRICS:
                    assert counted[key].get(metric, 0) == live.get((person.pk, metric), 0), (
                        key,
                        metric,
                    )


def test_mine_costs_the_same_queries_whatever_the_data(
    consultant_client, consultant, jobcenter_a, django_assert_num_queries
):
    with django_assert_num_queries(MINE_QUERIES):
        assert consultant_client.get(reverse("reports:mine")).status_code == 200
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for number in range(6):
        mine = assess(
            relationship(jobcenter_a, responsible=consultant),
            1 + number % 3,
            at(2026, 1, 5),
            by=consultant,
        )
        AgreementFactory(relationship=mine, responsible_user=consultant, deadline=yesterday)
        ContactFactory(relationship=mine, consultant=consultant, channel="visit")
        ContactFactory(relationship=mine, consultant=consultant, channel="phone")
    with django_assert_num_queries(MINE_QUERIES):
        response = consultant_client.get(reverse("reports:mine"))
    week = dict(
        zip(
            [r.label for r in response.context["mine"].week.rows],
            _rows(response.context["mine"].week),
            strict=True,
        )
    )
    assert week["Besøg"] == [6, 0]
    assert week["Opkald"] == [6, 0]


def test_the_week_is_counted_live_when_its_query_is_reused(consultant, jobcenter_a):
    """The query's SQL is kept for the next view of the same week; its counts never are."""
    start = at(2026, 3, 2, 0, 0)
    periods = {
        "this": (start, start + datetime.timedelta(days=7)),
        "last": (start - datetime.timedelta(days=7), start),
    }
    mine = relationship(jobcenter_a, responsible=consultant)

    def week():
        return consultant_activity(jobcenter=jobcenter_a, consultant=consultant, periods=periods)

    assert week() == {"this": {}, "last": {}}
    ContactFactory(
        relationship=mine, consultant=consultant, channel="visit", occurred_at=at(2026, 3, 3)
    )
    ContactFactory(
        relationship=mine, consultant=consultant, channel="phone", occurred_at=at(2026, 2, 27)
    )
    counted = week()
    assert counted["this"]["visit"] == 1
    assert counted["this"]["phone"] == 0
    assert counted["last"]["phone"] == 1
    assert counted["last"]["new"] == 1  # the first done contact with the company
    assert counted["this"]["new"] == 0
