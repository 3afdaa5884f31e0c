from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from api.services import api_token_create


class Command(BaseCommand):
    help = "Print a new API token for USERNAME (the key is shown only this once)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="manage.py api_token")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        if not user.is_active:
            raise CommandError(f"The user {user.username!r} is deactivated.")
        if user.jobcenter_id is None:
            raise CommandError(f"The user {user.username!r} belongs to no jobcenter.")
        _token, key = api_token_create(user=user, name=options["name"])
        self.stdout.write(key)
