import getpass

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Jobcenter, User
from accounts.services import jobcenter_create, user_create
from companies.models import Municipality


class Command(BaseCommand):
    help = "Create a jobcenter and its first administrator (production set-up)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help='e.g. "Jobcenter Struer"')
        parser.add_argument("--municipality", required=True, help="municipality code, e.g. 0671")
        parser.add_argument("--admin-username", required=True)
        parser.add_argument("--admin-email", default="")

    def handle(self, *args: object, **options: str) -> None:
        code = options["municipality"].zfill(4)
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise CommandError(f"Unknown municipality code {code}.")
        if Jobcenter.objects.filter(name=options["name"]).exists():
            raise CommandError(f"A jobcenter named {options['name']!r} exists already.")
        password = getpass.getpass("Password for the administrator: ")
        if len(password) < 10:
            raise CommandError("Use a password of at least 10 characters.")
        jobcenter = jobcenter_create(name=options["name"], municipality=municipality)
        user_create(
            jobcenter=jobcenter,
            username=options["admin_username"],
            role=User.Role.ADMIN,
            password=password,
            email=options["admin_email"],
        )
        self.stdout.write(f"Created {jobcenter} with administrator {options['admin_username']}.")
