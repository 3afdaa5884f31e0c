"""The date window for job orders, placements and candidates (issue 9.1): the API refuses
a date outside it with a 400 naming the field (never a 500), the database refuses it too,
and the migration that added the constraints repaired the rows outside it."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.services import api_token_create
from companies.models import DateRepair
from jobcenter_crm.lib.dates import date_in_bounds, latest_date
from matching.models import Candidate, JobOrder, Placement, PlacementStep
from matching.services import placement_record
from tests.factories import CompanyFactory

from .factories import make_candidate
from .orders import take_job_order


def _out_of_window_days() -> list[str]:
    """Year 1, 9999, and generated days far and near outside the window on both sides."""
    after = latest_date() + datetime.timedelta(days=1)
    days = {"0001-01-01", "9999-12-31", after.isoformat(), "1999-12-31", "2100-01-01"}
    for year in (1, 2, 99, 999, 1000, 1492, 1753, 1899, 1900, 1969, 1970, 1998):
        days.add(f"{year:04d}-06-15")
    for years_ahead in (11, 12, 20, 50, 74, 75, 100, 500, 1000, 5000, 7900):
        year = min(timezone.localdate().year + years_ahead, 9999)
        days.add(f"{year:04d}-01-01")
        days.add(f"{year:04d}-12-31")
    return sorted(days)


OUT_OF_WINDOW_DAYS = _out_of_window_days()


def _outside(value: str) -> bool:
    """Whether the time falls outside the window on the Danish calendar (a time late on
    31 December 1999 far west of Greenwich is 1 January 2000 in Denmark, inside)."""
    try:
        local = timezone.localtime(datetime.datetime.fromisoformat(value))
    except OverflowError:
        return True
    return not date_in_bounds(local)


# The same days as times, in UTC and at the far ends of the time zones.
TIME_SUFFIXES = ["T00:00:00Z", "T12:00:00+01:00", "T23:59:59-12:00", "T00:00:00+14:00"]
OUT_OF_WINDOW_TIMES = [
    time
    for time in (day + suffix for day in OUT_OF_WINDOW_DAYS for suffix in TIME_SUFFIXES)
    if _outside(time)
]


@pytest.fixture
def api(consultant) -> Client:
    _token, key = api_token_create(user=consultant)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def company(db):
    return CompanyFactory()


def _order_body(company, **changes):
    return {
        "company_cvr": company.cvr,
        "title": "Smed",
        "occupation": "Smed",
        "kind": "ordinary",
        "postal_code": "7600",
        **changes,
    }


CANDIDATE = {
    "name": "Sofie Svejser",
    "postal_code": "7600",
    "max_commute_km": 30,
    "readiness": "job_ready",
}


def _refused(response, field):
    assert response.status_code == 400, (response.status_code, response.content[:500])
    errors = response.json()
    assert field in errors, errors
    assert all(isinstance(message, str) and message for message in errors[field])


@pytest.mark.django_db
class TestApi:
    def test_a_job_orders_start_date_outside_the_window_is_a_400(self, api, company):
        for day in OUT_OF_WINDOW_DAYS:
            response = api.post(
                "/api/v1/job-orders/",
                _order_body(company, start_date=day),
                content_type="application/json",
            )
            _refused(response, "start_date")
        assert not JobOrder.objects.exists()

    def test_a_patched_start_date_outside_the_window_is_a_400(self, api, company):
        created = api.post(
            "/api/v1/job-orders/", _order_body(company), content_type="application/json"
        )
        code = created.json()["code"]
        for day in OUT_OF_WINDOW_DAYS:
            response = api.patch(
                f"/api/v1/job-orders/{code}/", {"start_date": day}, content_type="application/json"
            )
            _refused(response, "start_date")
        assert JobOrder.objects.get(code=code).start_date is None

    def test_the_message_is_danish_and_names_the_window(self, api, company):
        response = api.post(
            "/api/v1/job-orders/",
            _order_body(company, start_date="0001-01-01"),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="da",
        )
        [message] = response.json()["start_date"]
        assert message.startswith("Vælg en dato mellem 1. januar 2000 og ")

    def test_a_placement_step_outside_the_window_is_a_400(self, api, consultant, jobcenter_a):
        order = take_job_order(user=consultant, company=CompanyFactory(), openings=1)
        make_candidate(jobcenter_a, external_id="K-1")
        for value in OUT_OF_WINDOW_TIMES:
            response = api.post(
                f"/api/v1/job-orders/{order.code}/placements/",
                {"candidate_external_id": "K-1", "status": "proposed", "occurred_at": value},
                content_type="application/json",
            )
            _refused(response, "occurred_at")
        assert not Placement.objects.exists()

    @pytest.mark.parametrize("field", ["unemployed_since", "available_from"])
    def test_a_candidates_dates_outside_the_window_are_a_400(self, api, field):
        for day in OUT_OF_WINDOW_DAYS:
            response = api.put(
                "/api/v1/candidates/K-2/",
                {**CANDIDATE, "external_id": "K-2", field: day},
                content_type="application/json",
            )
            _refused(response, field)
        assert not Candidate.objects.exists()

    def test_a_batch_with_one_date_outside_the_window_writes_nothing(self, api):
        rows = [
            {**CANDIDATE, "external_id": f"B{n}", "available_from": "2026-12-01"}
            for n in range(len(OUT_OF_WINDOW_DAYS))
        ]
        for row, day in zip(rows[1:], OUT_OF_WINDOW_DAYS[1:], strict=True):
            row["unemployed_since"] = day
        response = api.post("/api/v1/candidates/batch/", rows, content_type="application/json")
        assert response.status_code == 400
        errors = response.json()
        assert sorted(errors, key=int) == [str(n) for n in range(1, len(rows))]
        assert all("unemployed_since" in errors[key] for key in errors)
        assert not Candidate.objects.exists()

    def test_dates_inside_the_window_are_taken(self, api, company):
        start = latest_date().isoformat()
        response = api.post(
            "/api/v1/job-orders/",
            _order_body(company, start_date=start),
            content_type="application/json",
        )
        assert response.status_code == 201 and response.json()["start_date"] == start
        response = api.put(
            "/api/v1/candidates/K-3/",
            {**CANDIDATE, "external_id": "K-3", "unemployed_since": "2000-01-01"},
            content_type="application/json",
        )
        assert response.status_code == 201


@pytest.mark.parametrize(
    "value",
    [
        datetime.datetime(9999, 12, 31, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=14))),
    ],
)
def test_a_time_without_a_danish_date_is_outside_not_an_error(value):
    # In Danish time it would be in year 10000 or year 0: no Python date at all.
    assert not date_in_bounds(value)


# Values PostgreSQL holds but Python cannot, and values Python holds that break pages.
EXTREME_TIMESTAMPS = [
    "0001-01-01 00:00:00+01",
    "4713-01-01 00:00:00+00 BC",
    "-infinity",
    "infinity",
    "294276-12-31 00:00:00+00",
    "9999-12-31 23:59:59+00",
    "1999-12-31 22:59:59+00",
]
EXTREME_DATES = ["0001-01-01", "4713-01-01 BC", "-infinity", "infinity", "5874897-12-31"]

# A job order's receipt and deadline, the deadline after the receipt as the constraint
# before the migration demanded: both below the window, both above it, and one of each.
RECEIVED_AND_DEADLINE = [
    ("0001-01-01 00:00:00+01", "0001-01-02 00:00:00+01"),
    ("4713-01-01 00:00:00+00 BC", "4713-01-02 00:00:00+00 BC"),
    ("-infinity", "2026-01-01 00:00:00+00"),
    ("1999-12-31 22:59:59+00", "2000-01-01 10:00:00+00"),
    ("9999-12-31 23:59:59+00", "infinity"),
    ("294276-12-30 00:00:00+00", "294276-12-31 00:00:00+00"),
    ("2026-01-01 00:00:00+00", "infinity"),
]


DATE_COLUMNS = [
    ("matching_joborder", "start_date"),
    ("matching_candidate", "unemployed_since"),
    ("matching_candidate", "available_from"),
]
TIMESTAMP_COLUMNS = [
    ("matching_joborder", "responded_at"),
    ("matching_joborder", "closed_at"),
    ("matching_placementstep", "occurred_at"),
]


@pytest.fixture
def rows(consultant, jobcenter_a):
    order = take_job_order(user=consultant, company=CompanyFactory(), openings=1)
    candidate = make_candidate(jobcenter_a, external_id="K-DB")
    placement = placement_record(order=order, candidate=candidate, user=consultant, status="hired")
    return {
        "matching_joborder": order.pk,
        "matching_candidate": candidate.pk,
        "matching_placementstep": placement.steps.first().pk,
    }


def _update(table, column, value, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


@pytest.mark.django_db
class TestDatabase:
    @pytest.mark.parametrize(("table", "column"), DATE_COLUMNS)
    @pytest.mark.parametrize("value", [*EXTREME_DATES, "1999-12-31", "2100-01-01"])
    def test_it_refuses_a_date_outside_the_window(self, rows, table, column, value):
        with pytest.raises(IntegrityError), transaction.atomic():
            _update(table, column, value, rows[table])

    @pytest.mark.parametrize(("table", "column"), TIMESTAMP_COLUMNS)
    @pytest.mark.parametrize("value", EXTREME_TIMESTAMPS)
    def test_it_refuses_a_time_outside_the_window(self, rows, table, column, value):
        with pytest.raises(IntegrityError), transaction.atomic():
            _update(table, column, value, rows[table])

    @pytest.mark.parametrize(("received", "respond_by"), RECEIVED_AND_DEADLINE[:-1])
    def test_it_refuses_a_received_time_outside_the_window(self, rows, received, respond_by):
        # The deadline after the receipt, so only the window can refuse them.
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE matching_joborder SET received_at = %s, respond_by = %s WHERE id = %s",
                [received, respond_by, rows["matching_joborder"]],
            )


def _before_the_window():
    """The matching migration the date window's migration follows (found by name, so a
    renumbering after other migrations land keeps the test right)."""
    graph = MigrationExecutor(connection).loader.graph
    [window] = [
        key for key in graph.nodes if key[0] == "matching" and key[1].endswith("_date_window")
    ]
    [parent] = [key for key in graph.node_map[window].parents if key[0] == "matching"]
    return parent


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_the_migration_repairs_every_row_outside_the_window_and_pages_then_render(
    consultant, jobcenter_a
):
    company = CompanyFactory(name="Årstal Nul ApS")
    orders = [
        take_job_order(user=consultant, company=company, openings=1, title=f"Ordre {n}")
        for n in range(len(RECEIVED_AND_DEADLINE))
    ]
    candidates = [
        make_candidate(jobcenter_a, external_id=f"K-M{n}", name=f"Kandidat {n}")
        for n in range(len(EXTREME_DATES))
    ]
    steps = [
        placement_record(order=orders[0], candidate=candidate, user=consultant, status="proposed")
        .steps.get()
        .pk
        for candidate in candidates
    ]
    _migrate([_before_the_window()])
    try:
        with connection.cursor() as cursor:
            for order, (received, respond_by) in zip(orders, RECEIVED_AND_DEADLINE, strict=True):
                cursor.execute(
                    "UPDATE matching_joborder SET received_at = %s, respond_by = %s WHERE id = %s",
                    [received, respond_by, order.pk],
                )
            for order, value in zip(orders, EXTREME_DATES, strict=False):
                cursor.execute(
                    "UPDATE matching_joborder SET start_date = %s WHERE id = %s", [value, order.pk]
                )
            for candidate, value in zip(candidates, EXTREME_DATES, strict=True):
                cursor.execute(
                    "UPDATE matching_candidate SET unemployed_since = %s, available_from = %s "
                    "WHERE id = %s",
                    [value, value, candidate.pk],
                )
            for step, value in zip(steps, EXTREME_TIMESTAMPS, strict=False):
                cursor.execute(
                    "UPDATE matching_placementstep SET occurred_at = %s WHERE id = %s",
                    [value, step],
                )
    finally:
        # Forward to the latest state whatever happened, so the tests after this one find
        # the schema they expect.
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    earliest = datetime.datetime(2000, 1, 1, tzinfo=timezone.get_current_timezone())
    end = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)
    for order in JobOrder.objects.filter(pk__in=[o.pk for o in orders]):
        assert earliest <= order.received_at < order.respond_by < end, order.pk
        assert "Rettet automatisk" in order.description
        if order.start_date is not None:
            assert datetime.date(2000, 1, 1) <= order.start_date <= datetime.date(2099, 12, 31)
    for candidate in Candidate.objects.filter(pk__in=[c.pk for c in candidates]):
        for day in (candidate.unemployed_since, candidate.available_from):
            assert datetime.date(2000, 1, 1) <= day <= datetime.date(2099, 12, 31)
    for step in PlacementStep.objects.filter(pk__in=steps):
        assert earliest <= step.occurred_at < end
    repaired = DateRepair.objects.filter(table_name__startswith="matching_")
    originals = set(repaired.values_list("original", flat=True))
    assert {"infinity", "-infinity"} <= originals
    assert any("BC" in original for original in originals)
    # Each value outside the window, once.
    assert repaired.filter(column_name="received_at").count() == len(RECEIVED_AND_DEADLINE) - 1
    assert repaired.filter(column_name="respond_by").count() == 5
    assert repaired.filter(column_name="start_date").count() == len(EXTREME_DATES)
    assert repaired.filter(table_name="matching_candidate").count() == 2 * len(EXTREME_DATES)
    assert repaired.filter(column_name="occurred_at").count() == len(steps)

    client = Client()
    client.force_login(consultant)
    _token, key = api_token_create(user=consultant)
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    for order in orders:
        assert client.get(reverse("matching:joborder-detail", args=[order.code])).status_code == 200
        assert api.get(f"/api/v1/job-orders/{order.code}/").status_code == 200
    for candidate in candidates:
        page = client.get(reverse("matching:candidate-detail", args=[candidate.code]))
        assert page.status_code == 200
        assert api.get(f"/api/v1/candidates/{candidate.external_id}/").status_code == 200
    assert client.get(reverse("matching:joborder-list")).status_code == 200
    assert client.get(reverse("matching:joborder-watch")).status_code == 200
    assert api.get("/api/v1/candidates/").status_code == 200
