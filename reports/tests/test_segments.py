"""The segment dashboard (issue 12, point 1) against hand-counted fixtures."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.tasks import dashboard_refresh_all
from tests.factories import UserFactory

from .builders import assess, at, company_in, relationship

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2026-01-01", "end": "2026-03-31"}


def _history(jobcenter, consultant, *, industry="F", other=None, municipality="0671"):
    """Six relationships whose movement in Q1 2026 is counted by hand below."""
    by = consultant
    r = {}
    # 3 → 2: reassessed at the very first moment of the period.
    r["a"] = assess(
        relationship(jobcenter, responsible=by, industry=industry, municipality=municipality),
        3,
        at(2025, 12, 31, 23, 59),
        by=by,
    )
    assess(r["a"], 2, at(2026, 1, 1, 0, 0), by=by)
    # Moved only after the period's last day: not a movement of the period (still 3 at its end).
    r["b"] = assess(
        relationship(jobcenter, responsible=by, industry=industry, municipality=municipality),
        3,
        at(2025, 12, 1),
        by=by,
    )
    assess(r["b"], 2, at(2026, 4, 1, 0, 0), by=by)
    # Never screened before, screened at the period's last minute: none → 3.
    r["c"] = assess(
        relationship(
            jobcenter, responsible=other or by, industry=industry, municipality=municipality
        ),
        3,
        at(2026, 3, 31, 23, 59),
        by=by,
    )
    # 1 → 4 with a reason.
    r["d"] = assess(
        relationship(jobcenter, responsible=by, industry=industry, municipality=municipality),
        1,
        at(2025, 6, 1),
        by=by,
    )
    assess(r["d"], 4, at(2026, 2, 1), by=by, reason="Har ingen ledige stillinger")
    # 2 → 2: reassessed in the same segment (the diagonal).
    r["e"] = assess(
        relationship(jobcenter, responsible=by, industry="C", municipality=municipality),
        2,
        at(2025, 11, 1),
        by=by,
    )
    assess(r["e"], 2, at(2026, 2, 15), by=by)
    # 3 → 2 → 3 inside the period: back where it began.
    r["f"] = assess(
        relationship(jobcenter, responsible=by, industry=industry, municipality=municipality),
        3,
        at(2025, 10, 1),
        by=by,
    )
    assess(r["f"], 2, at(2026, 1, 15), by=by)
    assess(r["f"], 3, at(2026, 3, 1), by=by)
    return r


@pytest.fixture
def history(jobcenter_a, team_lead, consultant):
    made = _history(jobcenter_a, consultant)
    # Companies in the area the jobcenter has no relationship with: not screened.
    company_in(jobcenter_a)
    company_in(jobcenter_a, industry="C")
    # A ceased company is no longer one the jobcenter serves.
    company_in(jobcenter_a, ceased_on=at(2025, 1, 1).date())
    return made


def _get(client, **params):
    return client.get(reverse("reports:segments"), {**PERIOD, **params})


def _refreshed(client, user):
    """The pre-computed figures rebuilt ('Opdatér nu'), and the user signed in afresh, so
    that neither a stale tally nor the session's idle clock decides what is measured."""
    assert client.post(reverse("reports:segments-refresh")).status_code == 302
    client.force_login(user)


def _cells(table):
    return {row.label: [cell.value for cell in row.cells] for row in table.rows}


def _by_segment(table):
    """Rows of a per-segment table by segment number (their order: 1-4, not screened)."""
    values = [[cell.value for cell in row.cells] for row in table.rows]
    return dict(zip([1, 2, 3, 4, None], values, strict=True))


def test_the_movement_table_counts_by_hand(team_lead_client, history):
    dashboard = _get(team_lead_client).context["dashboard"]
    cells = _by_segment(dashboard.movement)
    # Columns: to 1, to 2, to 3, to 4, total.
    assert cells[1] == [0, 0, 0, 1, 1]
    assert cells[2] == [0, 1, 0, 0, 1]
    assert cells[3] == [0, 1, 1, 0, 2]
    assert cells[4] == [0, 0, 0, 0, 0]
    assert cells[None] == [0, 0, 1, 0, 1]
    assert dashboard.movement.rows[2].label == "Fra 3. Situationsbestemt service"
    [reason] = dashboard.reasons
    assert reason.reason == "Har ingen ledige stillinger"
    assert dashboard.reasons_total == 1


def test_segments_count_active_area_companies_and_the_unscreened(team_lead_client, history):
    dashboard = _get(team_lead_client).context["dashboard"]
    cells = _by_segment(dashboard.segments)
    # Current: a=2, b=2 (moved after the period, today it is 2), c=3, d=4, e=2, f=3;
    # two area companies without a relationship are not screened; the ceased one is out.
    # Columns: companies, share of the screened, Struer's survey, share of all.
    assert cells == {
        1: [0, 0.0, 36, 0.0],
        2: [3, 50.0, 31, 37.5],
        3: [2, 33.3, 21, 25.0],
        4: [1, 16.7, 12, 12.5],
        None: [2, None, None, 25.0],
    }
    coverage = _cells(dashboard.coverage)
    assert coverage["Alle virksomheder i området"] == [8, 6, 75.0, 2]


def test_narrowing_to_a_consultant_and_an_industry(
    team_lead_client, history, consultant, jobcenter_a
):
    colleague = UserFactory(jobcenter=jobcenter_a)
    relationship(jobcenter_a, responsible=colleague, industry="F")
    dashboard = _get(team_lead_client, responsible=str(consultant.code), industry="F").context[
        "dashboard"
    ]
    cells = _by_segment(dashboard.movement)
    # e is industry C: its 2 → 2 is gone; the colleague's company is not counted.
    assert cells[2] == [0, 0, 0, 0, 0]
    assert cells[3] == [0, 1, 1, 0, 2]
    assert _by_segment(dashboard.segments)[None][0] == 0


def test_every_number_drills_down_to_exactly_its_companies(team_lead_client, history):
    response = _get(team_lead_client, split="industry")
    checked = 0
    for table in response.context["tables"]:
        for row in table.rows:
            for cell in row.cells:
                if not cell.url:
                    continue
                listed = team_lead_client.get(cell.url)
                assert listed.status_code == 200
                assert listed.context["page_obj"].paginator.count == cell.value, (
                    table.key,
                    row.label,
                    cell.url,
                )
                checked += 1
    assert checked > 30


def test_the_3_to_2_drill_down_lists_the_companies_that_moved(team_lead_client, history):
    dashboard = _get(team_lead_client).context["dashboard"]
    row = dashboard.movement.rows[2]  # from segment 3
    listed = team_lead_client.get(row.cells[1].url)
    assert {c.pk for c in listed.context["page_obj"]} == {history["a"].company_id}
    assert "Viser virksomhederne bag et tal" in listed.content.decode()


def test_another_jobcenter_with_ten_times_the_data_changes_nothing(
    team_lead_client, team_lead, history, jobcenter_a, jobcenter_b, outsider
):
    before = _get(team_lead_client, split="responsible").context["tables"]
    for _ in range(10):
        _history(jobcenter_b, outsider, municipality="0661")
        # Holstebro also knows Struer's companies and has screened them.
        for rel in history.values():
            other, _ = rel.company.relationships.get_or_create(jobcenter=jobcenter_b)
            assess(other, 1, at(2026, 2, 2), by=outsider)
    dashboard_refresh_all.apply()
    after = _get(team_lead_client, split="responsible").context["tables"]
    assert [(t.key, _cells(t)) for t in after] == [(t.key, _cells(t)) for t in before]


def test_a_consultant_gets_403_and_a_team_lead_and_an_admin_get_the_dashboard(
    consultant_client, team_lead_client, admin_client_a
):
    assert consultant_client.get(reverse("reports:segments")).status_code == 403
    url = reverse("reports:export", args=["segments", "movement", "csv"])
    assert consultant_client.get(url).status_code == 403
    assert team_lead_client.get(reverse("reports:segments")).status_code == 200
    assert admin_client_a.get(reverse("reports:segments")).status_code == 200


def test_the_number_of_queries_does_not_grow_with_the_data(
    team_lead_client, team_lead, jobcenter_a, consultant
):
    def queries() -> tuple[int, int]:
        _refreshed(team_lead_client, team_lead)
        with CaptureQueriesContext(connection) as captured:
            response = _get(team_lead_client, split="responsible")
            assert response.status_code == 200
        total = _by_segment(response.context["dashboard"].segments)[3][0]
        return len(captured), total

    _history(jobcenter_a, consultant)
    few, in_3 = queries()
    for _ in range(4):
        _history(jobcenter_a, UserFactory(jobcenter=jobcenter_a))
    # The same queries, and the figures of the five times larger data (so the second
    # measure read a rebuilt tally, not the first one).
    assert queries() == (few, in_3 * 5)


def test_a_bad_period_is_refused_in_danish_and_the_default_shown(team_lead_client):
    response = team_lead_client.get(
        reverse("reports:segments"), {"start": "2026-05-01", "end": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "Perioden skal slutte" in response.content.decode()


# A trigger hidden behind an invisible character, or written full-width, is still a formula
# to a spreadsheet program: the shared helper must catch each (jobcenter_crm.lib.spreadsheets).
@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x")', '\u200b=HYPERLINK("http://x")', '＝HYPERLINK("http://x")']
)
def test_exports_name_their_filters_and_are_formula_safe(
    team_lead_client, jobcenter_a, history, name
):
    evil = UserFactory(jobcenter=jobcenter_a, first_name=name, last_name="")
    relationship(jobcenter_a, responsible=evil)
    params = {**PERIOD, "split": "responsible", "industry": "F"}
    url = reverse("reports:export", args=["segments", "split", "csv"])
    response = team_lead_client.get(url, params)
    assert response["Content-Type"].startswith("text/csv")
    # Named in the interface's language (Danish by default).
    disposition = 'attachment; filename="rapport-split-2026-01-01-2026-03-31.csv"'
    assert response["Content-Disposition"] == disposition
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["Virksomheder fordelt på segment og konsulent"]
    assert ["Periode", "1. januar 2026 – 31. marts 2026"] in lines
    assert ["Branche", "F Bygge og anlæg"] in lines
    labels = [line[0] for line in lines if line]
    assert "'" + name in labels
    assert name not in labels
    xlsx = team_lead_client.get(
        reverse("reports:export", args=["segments", "split", "xlsx"]), params
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "'" + name in values
    assert name not in values
