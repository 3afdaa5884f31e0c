"""Demo jobcenters and users for the embedded default (`make run`) only."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from accounts.models import Jobcenter, User
from accounts.passwords import DEMO_PASSWORD
from accounts.services import jobcenter_create, user_create
from companies.models import Municipality

DEMO_USERS = [
    ("konsulent", User.Role.CONSULTANT, "Karen", "Konsulent"),
    ("teamleder", User.Role.TEAM_LEAD, "Torben", "Teamleder"),
    ("admin", User.Role.ADMIN, "Anne", "Administrator"),
]
NEIGHBOUR_USERS = [("holstebro", User.Role.CONSULTANT, "Henrik", "Holm")]


def demo_logins() -> list[str]:
    """One line per demo login, for `make run` to print."""
    return [
        f"  {username:<10} {role.label} · {jobcenter}"
        for jobcenter, users in (
            ("Jobcenter Struer", DEMO_USERS),
            ("Jobcenter Holstebro", NEIGHBOUR_USERS),
        )
        for username, role, _first, _last in users
    ]


@transaction.atomic
def demo_setup() -> tuple[Jobcenter, bool]:
    """Create Jobcenter Struer with the three demo users and a neighbouring jobcenter.

    Returns the home jobcenter and whether anything was created. Refuses to run outside
    the embedded default: users with a known password must never reach production."""
    if not settings.EMBEDDED_DEFAULT:
        raise ImproperlyConfigured(
            "Demo users are created only by `make run` (embedded default with DEBUG on)."
        )
    existing = Jobcenter.objects.filter(name="Jobcenter Struer").first()
    if existing is not None:
        return existing, False
    home = jobcenter_create(
        name="Jobcenter Struer", municipality=Municipality.objects.get(code="0671")
    )
    neighbour = jobcenter_create(
        name="Jobcenter Holstebro", municipality=Municipality.objects.get(code="0661")
    )
    for jobcenter, users in ((home, DEMO_USERS), (neighbour, NEIGHBOUR_USERS)):
        for username, role, first_name, last_name in users:
            user_create(
                jobcenter=jobcenter,
                username=username,
                role=role,
                password=DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
                email=f"{username}@example.invalid",
            )
    return home, True
