import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from accounts.models import User
from devdata.demo_users import demo_setup

pytestmark = pytest.mark.django_db


@override_settings(EMBEDDED_DEFAULT=False)
def test_it_refuses_to_create_demo_users_outside_the_embedded_default():
    with pytest.raises(ImproperlyConfigured):
        demo_setup()
    assert not User.objects.filter(username="konsulent").exists()


@override_settings(EMBEDDED_DEFAULT=True)
def test_it_creates_the_three_demo_users_once():
    _, created = demo_setup()
    _, created_again = demo_setup()
    assert (created, created_again) == (True, False)
    users = {user.username: user for user in User.objects.all()}
    assert users["konsulent"].role == "consultant"
    assert users["teamleder"].role == "team_lead"
    assert users["admin"].role == "admin"
    assert users["konsulent"].check_password("demo")
    assert users["holstebro"].jobcenter.name == "Jobcenter Holstebro"


@override_settings(EMBEDDED_DEFAULT=False)
def test_the_seed_command_refuses_outside_the_embedded_default():
    from django.core.management import call_command

    with pytest.raises(ImproperlyConfigured):
        call_command("seed_demo")
    assert not User.objects.exists()


@override_settings(EMBEDDED_DEFAULT=True)
def test_seeding_prints_every_demo_login(reference_data):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()
    assert "Demo logins (password: demo):" in printed
    usernames = list(User.objects.values_list("username", flat=True))
    assert len(usernames) == 4
    for username in usernames:
        assert f"  {username} " in printed, username
    # Printed also when the data exists already (every `make run`).
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert all(f"  {username} " in out.getvalue() for username in usernames)
