from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Jobcenter
from devdata.generator import registry_generate


class Command(BaseCommand):
    help = (
        "Generate invented Danish companies, and for the named jobcenters relationships, "
        "contacts and agreements (test and benchmark data; never for production)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--companies", type=int, required=True)
        parser.add_argument("--contacts", type=int, default=0)
        parser.add_argument(
            "--jobcenter",
            action="append",
            default=[],
            metavar="NAME",
            help='a jobcenter to give relationships and contacts, e.g. "Jobcenter Struer" '
            "(repeat for more)",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--local-share",
            type=float,
            default=0.0,
            help="share of the companies placed in or next to the jobcenters' municipalities",
        )

    def handle(self, *args: object, **options: Any) -> None:
        names = list(options["jobcenter"])
        jobcenters = list(Jobcenter.objects.filter(name__in=names))
        missing = set(names) - {jobcenter.name for jobcenter in jobcenters}
        if missing:
            raise CommandError(f"Unknown jobcenter: {', '.join(sorted(missing))}.")
        try:
            report = registry_generate(
                companies=int(options["companies"]),
                contacts=int(options["contacts"]),
                jobcenters=jobcenters,
                seed=int(options["seed"]),
                local_share=float(options["local_share"]),
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Generated {report.companies:,} companies, {report.workplaces:,} workplaces, "
            f"{report.relationships:,} relationships, {report.contacts:,} contacts and "
            f"{report.agreements:,} agreements."
        )
        for step, seconds in report.timings.items():
            self.stdout.write(f"  {step:<10} {seconds:8.1f} s")
        self.stdout.write(f"  {'total':<10} {report.seconds:8.1f} s")
