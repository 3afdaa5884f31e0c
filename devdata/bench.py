"""`make bench` (`python -m devdata.bench`): the register at national scale.

Builds, or reuses when the counts are there already, 500,000 companies and 5,000,000
contact-log rows (override with BENCH_COMPANIES and BENCH_CONTACTS) in a database of
its own on the embedded PostgreSQL in var/bench-pgdata, with one jobcenter per
municipality and consultants in proportion to its population. Then it measures, as a
consultant of the largest jobcenter (BENCH_JOBCENTER, default "Jobcenter København"),
the server time (p50/p95 over 30 requests after a warm-up) and the SQL queries of the
main pages, and the time of a CVR re-import of the generated companies.

The measured time is Django's handling of the request in this process (test client,
no network or browser), against a warm database.
"""

import datetime
import io
import json
import logging
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jobcenter_crm import embedded

BENCH_DATABASE = "jobcenter_crm_bench"
REQUESTS = 30
GENERATION_LOG = embedded.VAR_DIR / "bench-generation.json"


def _start() -> embedded.EmbeddedPostgres:
    postgres = embedded.start_postgres(embedded.VAR_DIR / "bench-pgdata")
    postgres.ensure_database(BENCH_DATABASE)
    os.environ["DATABASE_URL"] = postgres.url(BENCH_DATABASE)
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ["DJANGO_SETTINGS_MODULE"] = "jobcenter_crm.settings_test"
    # The test client calls itself "testserver"; the settings allow no host by default.
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return postgres


def _jobcenters() -> list[Any]:
    """One jobcenter per municipality, with consultants in proportion to population."""
    from accounts.models import Jobcenter, User
    from accounts.services import jobcenter_create, user_create
    from companies.models import Municipality
    from devdata.vocabulary import MUNICIPALITY_PLACES

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
    from devdata.generator import registry_generate

    companies = Company.objects.count()
    contacts = Contact.objects.count()
    if companies >= companies_wanted and contacts >= contacts_wanted:
        print(f"Reusing {companies:,} companies and {contacts:,} contacts in {BENCH_DATABASE}.")
        if GENERATION_LOG.exists():
            last = json.loads(GENERATION_LOG.read_text())
            print(
                f"Last generation: {last['companies']:,} companies and {last['contacts']:,} "
                f"contacts in {last['seconds']:.0f} s ({last['detail']})."
            )
        return
    started = time.monotonic()
    jobcenters = _jobcenters()
    setup_seconds = time.monotonic() - started
    print(
        f"Generating {companies_wanted - companies:,} companies and "
        f"{contacts_wanted - contacts:,} contacts for {len(jobcenters)} jobcenters ...",
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
        f"{report.agreements:,} agreements in {total:.1f} s ({detail})."
    )
    GENERATION_LOG.write_text(
        json.dumps(
            {
                "companies": report.companies,
                "contacts": report.contacts,
                "seconds": total,
                "detail": detail,
            }
        )
    )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _measure(label: str, request: Callable[[], Any], rows: list[tuple[str, ...]]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request()  # warm-up: template loading, caches, first plans
    with CaptureQueriesContext(connection) as queries:
        response = request()
    query_count = len(queries)  # now: the log is cleared again by the next request
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        request()
        timings.append((time.perf_counter() - started) * 1000)
    note = ""
    if getattr(response, "exc_info", None):
        note = f"  ({response.exc_info[0].__name__})"
    rows.append(
        (
            label,
            str(response.status_code) + note,
            f"{statistics.median(timings):.0f}",
            f"{_percentile(timings, 0.95):.0f}",
            str(query_count),
        )
    )
    print(f"  measured {label}", flush=True)


def _typo(name: str) -> str:
    """Swap two letters in the middle of the name's longest word."""
    words = name.split()
    longest = max(range(len(words)), key=lambda index: len(words[index]))
    word = words[longest]
    if len(word) >= 4:
        middle = len(word) // 2
        words[longest] = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]
    return " ".join(words)


def _company_with_contacts(jobcenter: Any, consultant: Any, wanted: int) -> Any:
    """The relationship of the jobcenter with most contacts, topped up to `wanted`."""
    from django.db.models import Count
    from django.utils import timezone

    from companies.models import CompanyRelationship, Contact

    relationship = (
        CompanyRelationship.objects.filter(jobcenter=jobcenter, opted_out_on__isnull=True)
        .annotate(contact_count=Count("contacts"))
        .order_by("-contact_count", "pk")
        .select_related("company")
        .first()
    )
    if relationship is None:
        raise SystemExit(f"{jobcenter} has no relationships; generate more companies.")
    missing = wanted - relationship.contact_count  # type: ignore[attr-defined]  # annotated above
    if missing > 0:
        now = timezone.now()
        Contact.objects.bulk_create(
            Contact(
                jobcenter=jobcenter,
                relationship=relationship,
                consultant=consultant,
                channel=Contact.Channel.PHONE,
                status=Contact.Status.DONE,
                occurred_at=now - datetime.timedelta(days=index),
                summary="Opfølgning (bench).",
            )
            for index in range(missing)
        )
    return relationship.company


def _pages(jobcenter_name: str) -> list[tuple[str, ...]]:
    from django.test import Client
    from django.utils import timezone

    from accounts.models import Jobcenter, User
    from companies.models import Company, CompanyRelationship

    jobcenter = Jobcenter.objects.get(name=jobcenter_name)
    consultant = (
        User.objects.filter(jobcenter=jobcenter, role=User.Role.CONSULTANT).order_by("pk").first()
    )
    if consultant is None:
        raise SystemExit(f"{jobcenter} has no consultant; generate the demo data first.")
    client = Client(raise_request_exception=False)
    client.force_login(consultant)
    company = _company_with_contacts(jobcenter, consultant, 200)
    named = (
        CompanyRelationship.objects.filter(jobcenter=jobcenter)
        .order_by("pk")
        .values_list("company__name", flat=True)[10]
    )
    query = _typo(named)
    visible = Company.objects.visible_to(jobcenter).count()
    print(
        f"Measuring as {consultant.username} of {jobcenter} ({visible:,} companies visible); "
        f"search {query!r} (for {named!r}); company page of {company.name!r} ...",
        flush=True,
    )
    detail_url = f"/companies/{company.code}/"
    log_url = f"/companies/{company.code}/contacts/log/"

    def log_contact() -> Any:
        return client.post(
            log_url,
            {
                "channel": "phone",
                "direction": "outbound",
                "status": "done",
                "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "summary": "Opfølgning på praktikforløb (bench).",
                "contact_person": "",
                "agreement_description": "",
                "agreement_deadline": "",
                "agreement_responsible_side": "",
            },
        )

    rows: list[tuple[str, ...]] = []
    _measure("company list, first page", lambda: client.get("/companies/"), rows)
    _measure("name search with a typo", lambda: client.get("/companies/", {"q": query}), rows)
    _measure(
        "list, segment 1 + section F",
        lambda: client.get("/companies/", {"segment": "1", "section": "F"}),
        rows,
    )
    _measure("company page, 200 contacts", lambda: client.get(detail_url), rows)
    _measure("log a contact (POST)", log_contact, rows)
    return rows


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
    # The CSV layout of companies.cvr_import: company columns repeated on each workplace.
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


def _print_table(rows: list[tuple[str, ...]]) -> None:
    header = ("page", "status", "p50 ms", "p95 ms", "queries")
    widths = [max(len(row[index]) for row in [header, *rows]) for index in range(len(header))]
    out = io.StringIO()
    for number, row in enumerate([header, *rows]):
        cells = [
            cell.ljust(width) if index < 2 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        out.write("  ".join(cells) + "\n")
        if number == 0:
            out.write("  ".join("-" * width for width in widths) + "\n")
    print(out.getvalue(), end="")


def main() -> int:
    companies = int(os.environ.get("BENCH_COMPANIES", "500000"))
    contacts = int(os.environ.get("BENCH_CONTACTS", "5000000"))
    jobcenter = os.environ.get("BENCH_JOBCENTER", "Jobcenter København")
    postgres = _start()
    # A page that fails is reported by its status in the table, not by 30 tracebacks.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    logging.getLogger("axes").setLevel(logging.WARNING)
    try:
        _generate(companies, contacts)
        rows = _pages(jobcenter)
        print()
        _print_table(rows)
        # Other work on the machine slows every number above; say how busy it was.
        print(f"Load average (1/5/15 min): {' '.join(f'{n:.1f}' for n in os.getloadavg())}")
        print()
        print(f"CVR re-import of the generated companies: {_cvr_import()}")
    finally:
        from django.db import connections

        connections.close_all()
        postgres.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
