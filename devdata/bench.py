"""`make bench` (`python -m devdata.bench`): the product at national scale (issue 13).

Data: 50,000, 150,000 and 500,000 companies with 10 contact-log rows per company
(BENCH_SIZES, BENCH_CONTACTS_PER_COMPANY), each size in a database of its own on the
embedded PostgreSQL in var/bench-pgdata: one jobcenter per municipality with consultants
in proportion to its population. A database that is missing is copied from the next
smaller one (CREATE DATABASE ... TEMPLATE) and topped up, so each size is generated only
once and every later run reuses it.

Measured at each size, as a consultant of the largest jobcenter (BENCH_JOBCENTER), the
pages of `bench_pages.PAGES`, each 30 times after a warm-up:
- in-process: Django's handling of the request (test client, no network), with the SQL
  query count;
- over HTTP: gunicorn with 2 workers and the production settings (DEBUG off; only the
  URL conf adds the floor pages), a logged-in session through the login form, on
  127.0.0.1 only, as a browser behind the TLS proxy would ask.
Each figure is printed as p50/p95 and as a ratio to the floor: a bare logged-in page that
renders base.html only (GET pages) or a bare POST that writes one row and redirects
(forms), measured in the same run, so the figures mean something on a busy machine. At
the end, how each page's p50 grows from the smallest size to the largest; the goal is flat.
Then, as the jobcenter's team lead, the report pages and a drill-down from each
(`bench_reports.measure_reports`, in the growth table too), and at the largest size the
rebuild of every jobcenter's pre-computed report figures (BENCH_SKIP_REPORTS=1 skips both).

    make bench                                 # all three sizes
    BENCH_SIZES=50000 make bench               # one size
    BENCH_PAGES="company page,log a contact" make bench   # a few pages (and the floors)
    .venv/bin/python -m devdata.bench --generate-only   # build the data, measure nothing
"""

import argparse
import json
import math
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jobcenter_crm import embedded

DATABASE_PREFIX = "jobcenter_crm_bench_"
REQUESTS = 30
PGDATA = embedded.VAR_DIR / "bench-pgdata"
GENERATION_LOG = embedded.VAR_DIR / "bench-generation.json"
DEFAULT_SIZES = "50000,150000,500000"


def _database(size: int) -> str:
    return f"{DATABASE_PREFIX}{size}"


# ---------------------------------------------------------------------------------------
# The parent process: databases, one child process per size, the growth table.


def _sizes() -> list[int]:
    return sorted({int(size) for size in os.environ.get("BENCH_SIZES", DEFAULT_SIZES).split(",")})


def _admin_connection(postgres: embedded.EmbeddedPostgres) -> Any:
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", user="postgres", host=str(postgres.socket_dir))
    connection.autocommit = True
    return connection


def _prepare_database(postgres: embedded.EmbeddedPostgres, size: int, smaller: int | None) -> None:
    """Create the size's database as a copy of the next smaller one, or empty."""
    connection = _admin_connection(postgres)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [_database(size)])
        if cursor.fetchone() is None:
            if smaller is not None:
                print(f"Copying {_database(smaller)} to {_database(size)} ...", flush=True)
                cursor.execute(
                    f'CREATE DATABASE "{_database(size)}" TEMPLATE "{_database(smaller)}"'
                )
            else:
                cursor.execute(f'CREATE DATABASE "{_database(size)}"')
    connection.close()


def _child_env(postgres: embedded.EmbeddedPostgres, size: int) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = postgres.url(_database(size))
    env.setdefault("SECRET_KEY", "bench-only-" + secrets.token_urlsafe(40))
    env.setdefault("DATABASE_CONN_MAX_AGE", "60")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--redis", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.size:
        return _child(args.size, generate_only=args.generate_only, result=args.result)

    sizes = _sizes()
    postgres = embedded.start_postgres(PGDATA)
    redis_server = None
    if not args.generate_only:
        redis_server = embedded.start_redis(embedded.VAR_DIR / "bench-redis")
    results: list[dict[str, Any]] = []
    try:
        smaller = None
        for size in sizes:
            _prepare_database(postgres, size, smaller)
            smaller = size
            env = _child_env(postgres, size)
            if redis_server is not None:
                env["CELERY_BROKER_URL"] = redis_server.url
            with tempfile.NamedTemporaryFile("r", suffix=".json") as result:
                command = [sys.executable, "-m", "devdata.bench", "--size", str(size)]
                command += ["--result", result.name]
                if args.generate_only:
                    command.append("--generate-only")
                subprocess.run(command, env=env, check=True, cwd=embedded.BASE_DIR)
                if not args.generate_only:
                    results.append(json.load(result))
        if len(results) > 1:
            _print_growth(results)
    finally:
        if redis_server is not None:
            redis_server.stop()
        postgres.stop()
    return 0


def _print_growth(results: list[dict[str, Any]]) -> None:
    first = results[0]
    sizes = [f"{result['size'] // 1000}k" for result in results]
    kinds = [("in_process", "in-process"), ("http", "over HTTP")]
    if first.get("reports"):
        kinds.append(("reports", "of the report pages"))
    for kind, title in kinds:
        print(f"\nGrowth of p50 (ms) {title}, {sizes[0]} to {sizes[-1]} companies:")
        labels = [row["label"] for row in first[kind]]
        rows = []
        for label in labels:
            figures = [
                next((row["p50"] for row in result.get(kind, []) if row["label"] == label), None)
                for result in results
            ]
            cells = [f"{figure:.0f}" if figure is not None else "-" for figure in figures]
            growth = (
                f"{figures[-1] / figures[0]:.2f}x"
                if figures[0] and figures[-1] is not None
                else "-"
            )
            rows.append((label, *cells, growth))
        _print_table(("page", *(f"p50 {size}" for size in sizes), "growth"), rows)
    loads = ", ".join(f"{result['size'] // 1000}k: {result['load']}" for result in results)
    print(f"Load average (1/5/15 min) during each size: {loads}")


# ---------------------------------------------------------------------------------------
# The child process: one size, one database.


def _child(size: int, *, generate_only: bool, result: str | None) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "jobcenter_crm.settings_test"
    # The test client calls itself "testserver"; the settings allow no host by default.
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import logging

    import django

    django.setup()
    from django.core.management import call_command

    # A page that fails is reported by its status in the table, not by 30 tracebacks.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    logging.getLogger("axes").setLevel(logging.WARNING)
    print(f"\n=== {size:,} companies ===", flush=True)
    call_command("migrate", verbosity=0)
    per_company = int(os.environ.get("BENCH_CONTACTS_PER_COMPANY", "10"))
    _generate(size, size * per_company)
    if generate_only:
        return 0

    from accounts.models import Jobcenter
    from companies.models import Company

    from . import bench_http
    from .bench_pages import bench_context, bench_pages, remove_posted

    jobcenter = Jobcenter.objects.get(name=os.environ.get("BENCH_JOBCENTER", "Jobcenter København"))
    context = bench_context(jobcenter)
    pages = bench_pages(context, only=os.environ.get("BENCH_PAGES", ""))
    visible = Company.objects.visible_to(jobcenter).count()
    print(
        f"Measuring as {context.consultant.username} of {jobcenter} ({visible:,} companies "
        f"visible); search {context.search!r} (for {context.searched_name!r}); company page "
        f"of {context.company.name!r}.",
        flush=True,
    )
    try:
        in_process = _measure_in_process(context, pages)
        print("\nIn-process (Django test client, no network):")
        _print_rows(in_process, queries=True)
        http = bench_http.measure(context, pages, requests=REQUESTS)
        print("\nOver HTTP (gunicorn, 2 workers, production settings, DEBUG off, 127.0.0.1):")
        _print_rows(http, queries=False)
    finally:
        remove_posted(context)
    hit_rate = _misspelling_hit_rate(jobcenter)
    print(hit_rate, flush=True)
    load = " ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"Load average (1/5/15 min): {load}", flush=True)
    # The team lead's report pages and drill-downs (issue 12), and at the largest size the
    # rebuild of every jobcenter's pre-computed report figures.
    reports: list[dict[str, Any]] = []
    if not os.environ.get("BENCH_SKIP_REPORTS"):
        from . import bench_reports

        reports = bench_reports.measure_reports(jobcenter.name)
        if size == max(_sizes()):
            bench_reports.rebuild_all()
        print(f"Load average (1/5/15 min): {' '.join(f'{n:.1f}' for n in os.getloadavg())}")
    if size == max(_sizes()) and not os.environ.get("BENCH_SKIP_IMPORT"):
        print(f"CVR re-import of the generated companies: {_cvr_import()}", flush=True)
    if result:
        Path(result).write_text(
            json.dumps(
                {
                    "size": size,
                    "in_process": in_process,
                    "http": http,
                    "reports": reports,
                    "load": load,
                    "hit_rate": hit_rate,
                }
            )
        )
    return 0


class _Rollback(Exception):
    pass


def _misspelling_hit_rate(jobcenter: Any) -> str:
    """How often a misspelled search finds the company meant first (issue 13.5): the test
    table's register added to this data for the run (rolled back), and names of the data
    itself, each with one slip. A hit is a first result of the same name."""
    import random

    from django.db import transaction

    from companies.models import Company

    from .misspellings import REGISTER, misspell, misspellings

    def first(queryset: Any) -> str | None:
        return queryset.values_list("name", flat=True).first()

    table_hits = table_total = 0
    try:
        with transaction.atomic():
            for name in REGISTER:
                company = Company(name=name)
                company.refresh_search_text()
                company.save()
            for case in misspellings(REGISTER, per_name=12):
                table_total += 1
                table_hits += first(Company.objects.search(case.query)) == case.expected
            raise _Rollback
    except _Rollback:
        pass
    rng = random.Random(7)  # noqa: S311  # a reproducible sample
    visible = Company.objects.visible_to(jobcenter)
    names = list(visible.order_by("pk").values_list("name", flat=True)[:5000:25])
    data_hits = data_total = 0
    for name in names:
        query, kind = misspell(name, rng)
        if kind:
            data_total += 1
            data_hits += first(visible.search(query)) == name
    return (
        f"Misspelled searches found first: test table {table_hits}/{table_total} "
        f"({100 * table_hits / max(1, table_total):.1f} %) among all companies; names of "
        f"this data with one slip {data_hits}/{data_total} "
        f"({100 * data_hits / max(1, data_total):.1f} %) in the jobcenter's list."
    )


def _jobcenters() -> list[Any]:
    """One jobcenter per municipality, with consultants in proportion to population."""
    from accounts.models import Jobcenter, User
    from accounts.services import jobcenter_create, user_create
    from companies.models import Municipality

    from .vocabulary import MUNICIPALITY_PLACES

    jobcenters = []
    existing = {jobcenter.name: jobcenter for jobcenter in Jobcenter.objects.all()}
    for municipality in Municipality.objects.order_by("code"):
        name = f"Jobcenter {municipality.name}"
        jobcenter = existing.get(name) or jobcenter_create(name=name, municipality=municipality)
        population = MUNICIPALITY_PLACES.get(municipality.code, (20,))[0]
        wanted = max(2, round(population / 15))
        have = User.objects.filter(jobcenter=jobcenter).count()
        for number in range(have + 1, wanted + 1):
            user_create(
                jobcenter=jobcenter,
                username=f"bench-{municipality.code}-{number}",
                role=User.Role.CONSULTANT,
                first_name="Bench",
                last_name=f"{municipality.name} {number}",
            )
        jobcenters.append(jobcenter)
    return jobcenters


def _generate(companies_wanted: int, contacts_wanted: int) -> None:
    from companies.models import Company, Contact

    from .generator import registry_generate

    companies = Company.objects.count()
    contacts = Contact.objects.count()
    if companies >= companies_wanted and contacts >= contacts_wanted:
        print(f"Reusing {companies:,} companies and {contacts:,} contacts.", flush=True)
        if GENERATION_LOG.exists():
            last = json.loads(GENERATION_LOG.read_text()).get(str(companies_wanted))
            if last:
                print(
                    f"Generated earlier: {last['companies']:,} companies and "
                    f"{last['contacts']:,} contacts in {last['seconds']:.0f} s ({last['detail']})."
                )
        return
    started = time.monotonic()
    jobcenters = _jobcenters()
    setup_seconds = time.monotonic() - started
    print(
        f"Generating {companies_wanted - companies:,} companies and "
        f"{max(0, contacts_wanted - contacts):,} contacts for {len(jobcenters)} jobcenters ...",
        flush=True,
    )
    report = registry_generate(
        companies=max(0, companies_wanted - companies),
        contacts=max(0, contacts_wanted - contacts),
        jobcenters=jobcenters,
        seed=companies + 1,
    )
    timings = {"jobcenters and users": setup_seconds, **report.timings}
    detail = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items())
    total = sum(timings.values())
    print(
        f"Generated {report.companies:,} companies, {report.workplaces:,} workplaces, "
        f"{report.relationships:,} relationships, {report.contacts:,} contacts, "
        f"{report.agreements:,} agreements in {total:.1f} s ({detail}).",
        flush=True,
    )
    log = json.loads(GENERATION_LOG.read_text()) if GENERATION_LOG.exists() else {}
    log[str(companies_wanted)] = {
        "companies": report.companies,
        "contacts": report.contacts,
        "seconds": total,
        "detail": detail,
    }
    GENERATION_LOG.write_text(json.dumps(log))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def timed(request: Callable[[], Any], count: int) -> list[float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        request()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def with_ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row's p50 over the floor of its kind: the bare page for GET, the bare POST."""
    floors = {row["method"]: row["p50"] for row in rows if row["floor"]}
    for row in rows:
        floor = floors.get(row["method"])
        row["ratio"] = row["p50"] / floor if floor else None
    return rows


def _measure_in_process(context: Any, pages: list[Any]) -> list[dict[str, Any]]:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    rows = []
    with override_settings(ROOT_URLCONF="devdata.bench_urls"):
        client = Client(raise_request_exception=False)
        client.force_login(context.consultant)
        for page in pages:

            def request(page: Any = page) -> Any:
                if page.post:
                    return client.post(page.path, page.post())
                return client.get(page.path, page.query_now(), headers=page.headers)

            request()  # warm-up: template loading, caches, first plans
            with CaptureQueriesContext(connection) as queries:
                response = request()
            query_count = len(queries)  # now: the next request clears the log
            timings = timed(request, REQUESTS)
            note = ""
            if getattr(response, "exc_info", None):
                note = f" ({response.exc_info[0].__name__})"
            rows.append(
                {
                    "label": page.label,
                    "method": page.method,
                    "floor": page.floor,
                    "status": f"{response.status_code}{note}",
                    "p50": statistics.median(timings),
                    "p95": percentile(timings, 0.95),
                    "queries": query_count,
                }
            )
            print(f"  measured {page.label}", flush=True)
    return with_ratios(rows)


def _print_rows(rows: list[dict[str, Any]], *, queries: bool) -> None:
    header = ("page", "status", "p50 ms", "p95 ms", "x floor") + (("queries",) if queries else ())
    table = [
        (
            row["label"],
            row["status"],
            f"{row['p50']:.0f}",
            f"{row['p95']:.0f}",
            f"{row['ratio']:.1f}" if row["ratio"] is not None else "-",
        )
        + ((str(row["queries"]),) if queries else ())
        for row in rows
    ]
    _print_table(header, table)


def _print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[index]) for row in [header, *rows]) for index in range(len(header))]
    for number, row in enumerate([header, *rows]):
        cells = [
            cell.ljust(width) if index == 0 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells))
        if number == 0:
            print("  ".join("-" * width for width in widths))
    sys.stdout.flush()


def _cvr_import() -> str:
    try:
        from companies.cvr_import import company_import
    except ImportError:
        return "skipped: companies.cvr_import.company_import does not exist yet"
    from django.db import connection

    from companies.models import Company, Municipality, Workplace

    company, workplace, municipality = (
        Company._meta.db_table,
        Workplace._meta.db_table,
        Municipality._meta.db_table,
    )
    # The CSV layout of the CVR import: company columns repeated on each workplace.
    export = f"""
        COPY (
            SELECT c.cvr, c.name, array_to_string(c.other_names, '|') AS other_names,
                c.address, c.postal_code, c.city, m.code AS municipality_code,
                c.industry_code, c.industry_text, c.employee_band, c.company_form,
                c.advertising_protected::int, c.ceased_on, c.latitude, c.longitude,
                w.p_number, w.name AS workplace_name, w.address AS workplace_address,
                w.postal_code AS workplace_postal_code, w.city AS workplace_city,
                wm.code AS workplace_municipality_code,
                w.industry_code AS workplace_industry_code,
                w.employee_band AS workplace_employee_band, w.is_main::int AS workplace_is_main,
                w.ceased_on AS workplace_ceased_on, w.latitude AS workplace_latitude,
                w.longitude AS workplace_longitude
            FROM {company} c
            LEFT JOIN {municipality} m ON m.id = c.municipality_id
            JOIN {workplace} w ON w.company_id = c.id
            LEFT JOIN {municipality} wm ON wm.id = w.municipality_id
            WHERE c.source = 'cvr' AND c.cvr IS NOT NULL
            ORDER BY c.cvr, w.is_main DESC, w.p_number
        ) TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ';')
    """  # noqa: S608  # table names from the models
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "companies.csv"
        started = time.monotonic()
        with path.open("w", encoding="utf-8") as file, connection.cursor() as cursor:
            cursor.cursor.copy_expert(export, file)
        exported = time.monotonic() - started
        started = time.monotonic()
        with path.open("rb") as source:
            report = company_import(source=source, file_format="csv", dry_run=False)
        seconds = time.monotonic() - started
    outcome = {key: value for key, value in vars(report).items() if isinstance(value, int | bool)}
    errors = getattr(report, "errors", [])
    first_error = f"; first error: {errors[0]}" if errors else ""
    return f"{seconds:.1f} s (CSV export {exported:.1f} s); {outcome}{first_error}"


if __name__ == "__main__":
    sys.exit(main())
