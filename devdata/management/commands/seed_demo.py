from django.core.management.base import BaseCommand

from accounts.passwords import DEMO_PASSWORD
from devdata.demo_companies import demo_companies_create
from devdata.demo_users import demo_logins, demo_setup


class Command(BaseCommand):
    help = "Create the demo jobcenters, users and data (embedded default only; idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        _, created = demo_setup()
        if created:
            demo_companies_create()
            self.stdout.write("Demo data created.")
        else:
            self.stdout.write("Demo data exists; reusing it.")
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        self.stdout.write("\n".join(demo_logins()))
