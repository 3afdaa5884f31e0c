"""`python -m devdata.bench_reports`: the report pages at scale (issue 12, issue 13 point 4).

Uses a database `make bench` built (var/bench-pgdata, `jobcenter_crm_bench_<BENCH_SIZE>`,
default 500000; run `make bench` or `python -m devdata.bench --generate-only` first),
adds a segment history and service demands for the measured jobcenter once (set-based),
then measures in-process, as its team lead and as one consultant, p50/p95 server time and
the SQL queries of every report page and of a drill-down from each report to the company
list, beside the bare floor page of `make bench`. With BENCH_REBUILD_ALL=1 (as `make
bench` sets it at its largest size) it also times the rebuild of every jobcenter's
pre-computed figures, as the Celery beat tasks run it.

`make bench` runs the same measurement (`measure_reports`) at every size, so the report
pages are in its growth table too.
"""

import datetime
import functools
import os
import sys
from typing import Any

from jobcenter_crm import embedded

from . import bench


def _history(jobcenter: Any) -> None:
    """Segment assessments over the last two years (about one in three relationships
    moved) and service demands for every fourth relationship, unless there already."""
    from django.db import connection

    from screening.models import SegmentAssessment
    from servicepackages.models import ServiceDemand

    if SegmentAssessment.objects.filter(jobcenter=jobcenter, reason="bench history").exists():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
INSERT INTO screening_segmentassessment
    (code, jobcenter_id, relationship_id, segment_id, proposed_segment_id, answer_1, answer_2,
     answers_disagree, reason, source, contact_id, assessed_by_id, assessed_at)
SELECT gen_random_uuid(), r.jobcenter_id, r.id, 1 + (r.id * 7 + k) %% 4, NULL, NULL, '',
       FALSE, 'bench history', 'visit', NULL, u.id,
       now() - make_interval(days => ((r.id * 13 + k * 101) %% 720)::int)
  FROM companies_companyrelationship r
  CROSS JOIN generate_series(1, 2) AS k
  JOIN LATERAL (SELECT id FROM accounts_user WHERE jobcenter_id = r.jobcenter_id
                ORDER BY id LIMIT 1) u ON TRUE
 WHERE r.jobcenter_id = %s AND r.id %% 3 = 0
""",
            [jobcenter.pk],
        )
        cursor.execute(
            """
INSERT INTO servicepackages_servicedemand
    (code, jobcenter_id, relationship_id, product_id, other_text, status, updated_at,
     updated_by_id, contact_id)
SELECT gen_random_uuid(), r.jobcenter_id, r.id, p.id, '',
       (ARRAY['wanted', 'agreed', 'delivered', 'declined'])[1 + (r.id + p.id) %% 4],
       now() - make_interval(days => (r.id %% 365)::int), u.id, NULL
  FROM companies_companyrelationship r
  JOIN LATERAL (SELECT id FROM servicepackages_product
                 WHERE jobcenter_id = r.jobcenter_id ORDER BY (id * r.id) %% 17 LIMIT 3) p ON TRUE
  JOIN LATERAL (SELECT id FROM accounts_user WHERE jobcenter_id = r.jobcenter_id
                ORDER BY id LIMIT 1) u ON TRUE
 WHERE r.jobcenter_id = %s AND r.id %% 4 = 0
ON CONFLICT DO NOTHING
""",
            [jobcenter.pk],
        )
        cursor.execute("ANALYZE screening_segmentassessment, servicepackages_servicedemand")
    print(
        f"Added {SegmentAssessment.objects.filter(jobcenter=jobcenter).count():,} assessments "
        f"and {ServiceDemand.objects.filter(jobcenter=jobcenter).count():,} demands in all.",
        flush=True,
    )


def _sheet_refresh(jobcenter: Any) -> None:
    """The pre-computed figures rebuilt once for the measured jobcenter, timed: what the
    scheduled refresh and the pages' 'Opdatér nu' cost at this size."""
    import time

    from reports.services import activity_days_refresh, dashboard_refresh

    for name, rebuild in (
        ("tally sheet", activity_days_refresh),
        ("segment and service figures", dashboard_refresh),
    ):
        started = time.monotonic()
        rows = rebuild(jobcenter=jobcenter)
        print(
            f"Rebuilt the {name} of {jobcenter}: {rows:,} rows in "
            f"{time.monotonic() - started:.1f} s.",
            flush=True,
        )


def rebuild_all() -> list[tuple[str, ...]]:
    """Every jobcenter's pre-computed figures rebuilt, each kind timed in all and for
    the slowest jobcenter: what each quarter-hourly Celery beat task costs."""
    import datetime
    import time

    from django.utils import timezone

    from accounts.models import Jobcenter
    from reports.services import RECENT_DAYS, activity_days_refresh, dashboard_refresh

    rows: list[tuple[str, ...]] = []
    jobcenters = list(Jobcenter.objects.order_by("pk"))
    since = timezone.localdate() - datetime.timedelta(days=RECENT_DAYS)
    for name, rebuild in (
        ("tally sheet, whole (nightly; 'Opdatér nu')", activity_days_refresh),
        (
            f"tally sheet, last {RECENT_DAYS} days (quarter-hourly)",
            functools.partial(activity_days_refresh, since=since),
        ),
        ("segments and service (quarter-hourly)", dashboard_refresh),
    ):
        print(f"Rebuilding the {name} of {len(jobcenters)} jobcenters ...", flush=True)
        written = 0
        slowest = (0.0, "")
        started = time.monotonic()
        for jobcenter in jobcenters:
            began = time.monotonic()
            written += rebuild(jobcenter=jobcenter)
            slowest = max(slowest, (time.monotonic() - began, str(jobcenter)))
        total = time.monotonic() - started
        rows.append(
            (
                name,
                str(len(jobcenters)),
                f"{written:,}",
                f"{total:.1f}",
                f"{slowest[0]:.1f}",
                slowest[1],
            )
        )
    header = ("rebuild of", "jobcenters", "rows", "all s", "slowest s", "slowest jobcenter")
    _print(header, rows)
    return rows


def _print(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    width = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width[i]) for i, cell in enumerate(row)))
    sys.stdout.flush()


def measure_reports(jobcenter_name: str) -> list[dict[str, Any]]:
    """The report pages and drill-downs measured as in `main`, printed as a table and
    returned as `make bench`'s rows (label, status, p50, p95, queries)."""
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="devdata.bench_urls"):
        rows = _pages(jobcenter_name)
    print(
        "\nReport pages and drill-downs (in-process, as the team lead; mine tal as a consultant):"
    )
    _print(("page", "status", "p50 ms", "p95 ms", "queries"), rows)
    return [
        {
            "label": label,
            "status": status,
            "p50": float(p50),
            "p95": float(p95),
            "queries": int(queries),
        }
        for label, status, p50, p95, queries in rows
    ]


def _pages(jobcenter_name: str) -> list[tuple[str, ...]]:
    from django.test import Client
    from django.utils import timezone

    from accounts.models import Jobcenter, User

    jobcenter = Jobcenter.objects.get(name=jobcenter_name)
    lead = User.objects.filter(jobcenter=jobcenter, role=User.Role.TEAM_LEAD).first()
    if lead is None:
        from accounts.services import user_create

        lead = user_create(
            jobcenter=jobcenter,
            username=f"bench-lead-{jobcenter.municipality.code}",
            role=User.Role.TEAM_LEAD,
            first_name="Bench",
            last_name="Teamleder",
        )
    consultant = (
        User.objects.filter(jobcenter=jobcenter, role=User.Role.CONSULTANT).order_by("pk").first()
    )
    if consultant is None:
        raise SystemExit(f"{jobcenter} has no consultant; generate the bench data first.")
    _history(jobcenter)
    _sheet_refresh(jobcenter)
    client = Client(raise_request_exception=False)
    client.force_login(lead)
    own = Client(raise_request_exception=False)
    own.force_login(consultant)
    today = timezone.localdate()
    period = {
        "start": (today - datetime.timedelta(days=180)).isoformat(),
        "end": today.isoformat(),
    }
    rows: list[tuple[str, ...]] = []
    print(f"Measuring the reports as {lead.username} of {jobcenter} ...", flush=True)
    _measure("floor: base.html only", functools.partial(client.get, "/bench/floor/"), rows)
    for label, path, params in [
        ("key figures", "/reports/", {}),
        ("segment dashboard", "/reports/segments/", period),
        ("segments split by consultant", "/reports/segments/", {**period, "split": "responsible"}),
        ("service and agreements", "/reports/service/", period),
        ("demand heatmap", "/reports/demand/", period),
        ("activity (tally sheet)", "/reports/activity/", period),
        ("samarbejdsgrad", "/reports/cooperation/", period),
        ("export movement (XLSX)", "/reports/segments/export/movement.xlsx", period),
    ]:
        _measure(label, functools.partial(client.get, path, params), rows)
    start = period["start"]
    for label, figure in [
        ("drill: moved 3 → 2", "moved:3:2"),
        ("drill: not screened", "segment:none"),
        ("drill: contact overdue, segment 3", "service:contact:3:overdue"),
        ("drill: company owes, overdue", "agreements:company:overdue"),
        ("drill: calls of the team", "activity:phone:all"),
    ]:
        query = {"figure": figure, "period_start": start, "period_end": period["end"]}
        _measure(label, functools.partial(client.get, "/companies/", query), rows)
    _measure("mine tal (consultant)", lambda: own.get("/reports/mine/"), rows)
    return rows


def _measure(label: str, request: Any, rows: list[tuple[str, ...]]) -> None:
    import statistics

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request()  # warm-up: template loading, caches, first plans
    with CaptureQueriesContext(connection) as queries:
        response = request()
    query_count = len(queries)  # now: the next request clears the log
    timings = bench.timed(request, int(os.environ.get("BENCH_REQUESTS", bench.REQUESTS)))
    row = (
        label,
        str(response.status_code),
        f"{statistics.median(timings):.0f}",
        f"{bench.percentile(timings, 0.95):.0f}",
        str(query_count),
    )
    rows.append(row)
    # Printed at once: a slow page still leaves the figures of those before it.
    print("  measured " + " | ".join(row), flush=True)


def main() -> int:
    size = int(os.environ.get("BENCH_SIZE", "500000"))
    jobcenter = os.environ.get("BENCH_JOBCENTER", "Jobcenter København")
    postgres = embedded.start_postgres(bench.PGDATA)
    os.environ.update(bench._child_env(postgres, size))
    os.environ["DJANGO_SETTINGS_MODULE"] = "jobcenter_crm.settings_test"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import logging

    import django

    django.setup()
    from django.core.management import call_command

    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    logging.getLogger("axes").setLevel(logging.WARNING)
    try:
        call_command("migrate", verbosity=0)
        from companies.models import Company, Contact

        print(
            f"{Company.objects.count():,} companies, {Contact.objects.count():,} contacts.",
            flush=True,
        )
        measure_reports(jobcenter)
        print(f"Load average (1/5/15 min): {' '.join(f'{n:.1f}' for n in os.getloadavg())}")
        if os.environ.get("BENCH_REBUILD_ALL"):
            rebuild_all()
            print(f"Load average (1/5/15 min): {' '.join(f'{n:.1f}' for n in os.getloadavg())}")
    finally:
        from django.db import connections

        connections.close_all()
        postgres.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
