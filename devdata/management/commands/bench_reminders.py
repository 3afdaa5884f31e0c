"""Time the reminder run (planning.services.reminders_create) over a database.

    manage.py bench_reminders                      # over the current database, rolled back
    manage.py bench_reminders --companies 500000 --contacts 5000000
        # generates the data first, in a separate embedded PostgreSQL under
        # var/bench-planning-pgdata (never in the current database), then times the run

Issue 5's target: under 60 seconds at 500,000 relationships and 5,000,000 contacts.
"""

import os
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone

BENCH_DATABASE = "bench_planning"


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the reminder run over the current database, or over generated data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--companies", type=int, default=0)
        parser.add_argument("--contacts", type=int, default=0)
        parser.add_argument(
            "--relationship-share",
            type=float,
            default=0.9,
            help="Share of companies each jobcenter has a relationship with (generation).",
        )
        parser.add_argument(
            "--generate-here",
            action="store_true",
            help="Generate into the current database (used inside the bench database).",
        )
        parser.add_argument("--commit", action="store_true", help="Keep the reminders made.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["companies"] and not options["generate_here"]:
            self._run_in_bench_database(options)
            return
        if options["generate_here"]:
            self._generate(options)
        self._time_run(commit=options["commit"])

    def _run_in_bench_database(self, options: dict[str, Any]) -> None:
        from jobcenter_crm import embedded

        postgres = embedded.start_postgres(embedded.VAR_DIR / "bench-planning-pgdata")
        try:
            with _fresh_database(postgres):
                env = {**os.environ, "DATABASE_URL": postgres.url(BENCH_DATABASE)}
                manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
                subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True)
                subprocess.run(
                    [
                        *manage,
                        "bench_reminders",
                        "--generate-here",
                        "--companies",
                        str(options["companies"]),
                        "--contacts",
                        str(options["contacts"]),
                        "--relationship-share",
                        str(options["relationship_share"]),
                    ],  # fmt: skip
                    env=env,
                    check=True,
                )
        finally:
            postgres.stop()

    def _generate(self, options: dict[str, Any]) -> None:
        from accounts.models import Jobcenter, User
        from accounts.services import jobcenter_create, user_create
        from companies.models import Municipality
        from devdata.generator import registry_generate

        started = time.monotonic()
        # One jobcenter per municipality with five consultants: national scale.
        for municipality in Municipality.objects.order_by("code"):
            if Jobcenter.objects.filter(municipality=municipality).exists():
                continue
            jobcenter = jobcenter_create(
                name=f"Jobcenter {municipality.name} ({municipality.code})",
                municipality=municipality,
            )
            for number in range(5):
                user_create(
                    jobcenter=jobcenter,
                    username=f"bench-{municipality.code}-{number}",
                    role=User.Role.CONSULTANT,
                )
        report = registry_generate(
            companies=options["companies"],
            contacts=options["contacts"],
            jobcenters=list(Jobcenter.objects.order_by("pk")),
            relationship_share=options["relationship_share"],
        )
        self.stdout.write(
            f"Generated {report.companies} companies, {report.relationships} relationships, "
            f"{report.contacts} contacts in {time.monotonic() - started:.1f} s"
        )

    def _time_run(self, *, commit: bool) -> None:
        from companies.models import CompanyRelationship, Contact
        from planning.models import Reminder
        from planning.services import reminders_create

        relationships = CompanyRelationship.objects.count()
        contacts = Contact.objects.count()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE planning_reminder")
        today = timezone.localdate()
        try:
            with transaction.atomic():
                started = time.monotonic()
                first = reminders_create(on=today)
                first_seconds = time.monotonic() - started
                open_count = Reminder.objects.open().count()
                started = time.monotonic()
                second = reminders_create(on=today)
                second_seconds = time.monotonic() - started
                if not commit:
                    raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(
            f"{relationships} relationships, {contacts} contacts: reminders_create made "
            f"{first.created} reminders (closed {first.closed}) in {first_seconds:.2f} s; "
            f"{open_count} open. A second run (idempotent: made {second.created}) took "
            f"{second_seconds:.2f} s." + ("" if commit else " Rolled back.")
        )


class _fresh_database:
    """Drop and create the bench database, so each run starts from the same state."""

    def __init__(self, postgres: Any) -> None:
        self.postgres = postgres

    def __enter__(self) -> None:
        import psycopg2

        admin = psycopg2.connect(
            dbname="postgres", user="postgres", host=str(self.postgres.socket_dir)
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}"')
            cursor.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
        admin.close()

    def __exit__(self, *exc: object) -> None:
        return None
