"""Benchmark of matching (issue 11): 150,000 candidates and 2,000 open orders in an embedded
PostgreSQL of its own (var/bench-matching-pgdata, built once and reused), p50/p95 of

- the ranked top 20 with explanations for an order (`rank_for_order`, as the order page),
- a search with three criteria (occupation, readiness, 25 km from a postal code),
- the order watch's list (`JobOrder.objects.for_watch()`, first 50),
- a batch upsert of 1,000 candidates (the API's batch),

with the query count of each, and the labelled set's NDCG@10 (matching/tests/labelled_set.py).

    manage.py bench_matching                    # build or reuse, then measure
    manage.py bench_matching --candidates 20000 # a smaller set (its own database)
"""

import datetime
import math
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

RUNS = 30


class Command(BaseCommand):
    help = "Time ranking, search, the order watch and the batch upsert at 150,000 candidates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--candidates", type=int, default=150_000)
        parser.add_argument("--orders", type=int, default=2_000)
        parser.add_argument("--here", action="store_true", help="Use the current database.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["here"]:
            self._run_in_bench_database(options)
            return
        user = self._build(options["candidates"], options["orders"])
        self._measure(user)

    def _run_in_bench_database(self, options: dict[str, Any]) -> None:
        import psycopg2

        from jobcenter_crm import embedded

        postgres = embedded.start_postgres(embedded.VAR_DIR / "bench-matching-pgdata")
        name = f"bench_matching_{options['candidates']}"
        try:
            admin = psycopg2.connect(
                dbname="postgres", user="postgres", host=str(postgres.socket_dir)
            )
            admin.autocommit = True
            with admin.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cursor.fetchone() is None:
                    cursor.execute(f'CREATE DATABASE "{name}"')
            admin.close()
            env = {**os.environ, "DATABASE_URL": postgres.url(name)}
            manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
            subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True)
            subprocess.run(
                [
                    *manage,
                    "bench_matching",
                    "--here",
                    "--candidates",
                    str(options["candidates"]),
                    "--orders",
                    str(options["orders"]),
                ],
                env=env,
                check=True,
            )
        finally:
            postgres.stop()

    def _build(self, candidates: int, orders: int) -> Any:
        from accounts.models import Jobcenter, User
        from accounts.services import jobcenter_create, user_create
        from companies.models import Company, Municipality
        from matching.engine.vocabulary import shipped
        from matching.models import Candidate, JobOrder, PostalCode
        from matching.services import candidates_upsert_batch

        rng = random.Random(2026)  # noqa: S311 (bench data, reproducible on purpose)
        jobcenter = Jobcenter.objects.filter(name="Jobcenter Bench").first()
        if jobcenter is None:
            jobcenter = jobcenter_create(
                name="Jobcenter Bench", municipality=Municipality.objects.get(code="0751")
            )
            user_create(jobcenter=jobcenter, username="bench-matching", role=User.Role.CONSULTANT)
        user = User.objects.get(username="bench-matching")
        vocabulary = shipped()
        occupations = [g for g in vocabulary.groups if g.kind == "occupation"]
        skills = [g.title for g in vocabulary.groups if g.kind == "skill"]
        certificates = [g.title for g in vocabulary.groups if g.kind == "certificate"]
        languages = ["Dansk", "Engelsk", "Tysk", "Polsk", "Arabisk"]
        # Jutland around Aarhus: postal codes 6000-8999.
        codes = list(
            PostalCode.objects.filter(code__gte="6000", code__lt="9000").values_list(
                "code", flat=True
            )
        )

        def title(group: Any) -> str:
            names = [group.title, *sorted(group.keys)]
            return rng.choice([group.title, group.title, group.title, rng.choice(names)])

        have = Candidate.objects.for_jobcenter(jobcenter).count()
        started = time.monotonic()
        today = timezone.localdate()
        while have < candidates:
            rows = []
            for number in range(have, min(have + 1000, candidates)):
                group = rng.choice(occupations)
                rows.append(
                    {
                        "external_id": f"B{number:07d}",
                        "name": f"Kandidat {number}",
                        "postal_code": rng.choice(codes),
                        "max_commute_km": rng.choice([15, 25, 40, 60]),
                        "readiness": rng.choice(["job_ready"] * 3 + ["activity_ready"]),
                        "unemployed_since": today - datetime.timedelta(days=rng.randint(10, 900)),
                        "education": [title(group)] if rng.random() < 0.7 else [],
                        "experience": [
                            {
                                "occupation": title(rng.choice([group, rng.choice(occupations)])),
                                "years": rng.randint(1, 12),
                            }
                        ],
                        "wanted_occupations": [title(rng.choice(occupations))],
                        "skills": rng.sample(skills, rng.randint(0, 4)),
                        "certificates": rng.sample(certificates, rng.randint(0, 2)),
                        "driving_licences": rng.choice([[], ["B"], ["B"], ["C"], ["CE"]]),
                        "languages": rng.sample(languages, rng.randint(1, 2)),
                        "max_hours_per_week": rng.choice([None, None, 37, 30, 20]),
                        "available_from": None
                        if rng.random() < 0.8
                        else today + datetime.timedelta(days=rng.randint(1, 90)),
                    }
                )
            candidates_upsert_batch(jobcenter=jobcenter, rows=rows)  # type: ignore[arg-type]
            have += len(rows)
            if have % 10_000 == 0:
                self.stdout.write(f"  {have} candidates ({time.monotonic() - started:.0f} s)")
        company = Company.objects.filter(cvr="10000009").first() or Company.objects.create(
            cvr="10000009", name="Bench Industri A/S", postal_code="7100"
        )
        existing = JobOrder.objects.for_jobcenter(jobcenter).count()
        if existing < orders:
            now = timezone.now()
            new = []
            for _number in range(existing, orders):
                group = rng.choice(occupations)
                received = now - datetime.timedelta(hours=rng.randint(0, 72))
                new.append(
                    JobOrder(
                        jobcenter=jobcenter,
                        company=company,
                        title=group.title,
                        occupation=group.title,
                        kind=rng.choice(["ordinary"] * 4 + ["internship", "wage_subsidy_private"]),
                        hours_per_week=rng.choice([37, 37, 30]),
                        postal_code=rng.choice(codes),
                        required_skills=rng.sample(skills, rng.randint(0, 2)),
                        wished_skills=rng.sample(skills, rng.randint(0, 2)),
                        required_driving_licences=rng.choice([[], [], ["B"]]),
                        channel="email",
                        received_at=received,
                        respond_by=received + datetime.timedelta(hours=24),
                        responsible=user,
                        created_by=user,
                    )
                )
            JobOrder.objects.bulk_create(new, batch_size=1000)
        # As autovacuum keeps a live database: statistics, and the GIN indexes' pending
        # lists merged (a long pending list slows every term lookup).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE matching_candidate")
            cursor.execute("ANALYZE")
        return user

    def _measure(self, user: Any) -> None:
        from matching.engine import Ask, rank, rank_for_order, vocabulary_for
        from matching.models import Candidate, JobOrder, PostalCode
        from matching.services import candidates_upsert_batch

        rng = random.Random(7)  # noqa: S311 (bench sampling)
        orders = list(JobOrder.objects.for_user(user).open().order_by("pk")[: RUNS * 2])
        self.stdout.write(
            f"Data: {Candidate.objects.for_user(user).count()} candidates, "
            f"{JobOrder.objects.for_user(user).open().count()} open orders"
        )
        self._report(
            "Ranked top 20 with explanations",
            lambda: rank_for_order(rng.choice(orders), user=user, limit=20),
        )

        point = PostalCode.objects.get(code="8000")
        titles = ["Svejser", "Lagerarbejder", "Sygeplejerske", "Maskiningeniør", "Kok", "Tømrer"]

        def search() -> Any:
            ask = Ask(
                occupations=(rng.choice(titles),),
                latitude=point.latitude,
                longitude=point.longitude,
                radius_km=25,
                needs_job_ready=True,
            )
            return rank(
                ask,
                Candidate.objects.for_user(user),
                vocabulary_for(user.jobcenter_id),
                today=timezone.localdate(),
                limit=20,
            )

        self._report("Search, three criteria (occupation, job-ready, 25 km of 8000)", search)
        self._report(
            "Order watch (first 50 open orders)",
            lambda: list(
                JobOrder.objects.for_user(user).for_watch().select_related("company")[:50]
            ),
        )

        existing = list(
            Candidate.objects.for_user(user)
            .order_by("pk")
            .values_list("external_id", "name", "postal_code")[:5000]
        )

        def batch() -> Any:
            start = rng.randint(0, len(existing) - 1000)
            rows = [
                {
                    "external_id": external_id,
                    "name": name,
                    "postal_code": code,
                    "education": ["Svejser"],
                    "skills": ["MIG/MAG-svejsning"],
                }
                for external_id, name, code in existing[start : start + 1000]
            ]
            return candidates_upsert_batch(jobcenter=user.jobcenter, rows=rows)  # type: ignore[arg-type]

        self._report("Batch upsert of 1,000 candidates", batch, runs=10)
        self._labelled_set()

    def _report(self, label: str, action: Callable[[], Any], runs: int = RUNS) -> None:
        action()  # warm-up
        timings = []
        queries = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                action()
                timings.append((time.perf_counter() - started) * 1000)
            queries.append(len(captured))
        timings.sort()
        p95 = timings[max(0, math.ceil(0.95 * len(timings)) - 1)]
        self.stdout.write(
            f"{label}: p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, "
            f"queries {min(queries)}-{max(queries)}"
        )

    def _labelled_set(self) -> None:
        from accounts.models import Jobcenter
        from accounts.services import jobcenter_create
        from companies.models import Municipality
        from matching.engine import ask_for_order, rank, vocabulary_for
        from matching.engine.quality import ndcg_at
        from matching.models import Candidate
        from matching.tests import labelled_set

        jobcenter = Jobcenter.objects.filter(name="Jobcenter Labelled").first() or jobcenter_create(
            name="Jobcenter Labelled", municipality=Municipality.objects.get(code="0671")
        )
        Candidate.objects.for_jobcenter(jobcenter).delete()
        scores = []
        for order, labels in labelled_set.build(jobcenter):
            prefix = next(iter(labels)).rsplit("-", 1)[0]
            matches = rank(
                ask_for_order(order),
                Candidate.objects.for_jobcenter(jobcenter).filter(external_id__startswith=prefix),
                vocabulary_for(jobcenter.pk),
                today=labelled_set.TODAY,
                limit=10,
            )
            score = ndcg_at([m.candidate.external_id for m in matches], labels)
            scores.append(score)
            self.stdout.write(f"  NDCG@10 {order.occupation}: {score:.3f}")
        self.stdout.write(
            f"Labelled set ({len(scores)} orders x 100 candidates): "
            f"mean NDCG@10 {sum(scores) / len(scores):.3f}, lowest {min(scores):.3f}"
        )
        self.stdout.write("Load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
