"""Issue 8.11: a user's work phone, kept by an admin or by the user, is what other
jobcenters see with the work e-mail on a company they share ("who to call there")."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def _user_data(user, **overrides):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": "karen@struer.dk",
        "role": user.role,
        "is_active": "on",
        "work_phone": "",
    }
    return data | overrides


def test_a_user_sets_their_own_work_phone(consultant_client, consultant):
    response = consultant_client.post(reverse("accounts:profile"), {"work_phone": "97 85 12 00"})
    assert response.status_code == 302
    consultant.refresh_from_db()
    assert consultant.work_phone == "97851200"
    page = consultant_client.get(reverse("accounts:profile")).content.decode()
    assert 'value="97851200"' in page
    assert "Mine kontaktoplysninger" in page


@pytest.mark.parametrize("bad", ["123", "ring til receptionen", "+45 12", "9" * 20])
def test_the_profile_refuses_a_bad_phone_in_danish_and_keeps_the_input(
    consultant_client, consultant, bad
):
    response = consultant_client.post(reverse("accounts:profile"), {"work_phone": bad})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Skriv et telefonnummer" in content or "højst" in content
    consultant.refresh_from_db()
    assert consultant.work_phone == ""


def test_the_profile_needs_a_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302


def test_an_admin_sets_a_users_work_phone(admin_client_a, consultant):
    response = admin_client_a.post(
        reverse("accounts:user-edit", args=[consultant.code]),
        _user_data(consultant, work_phone="+45 97 85 12 01"),
    )
    assert response.status_code == 302
    consultant.refresh_from_db()
    assert consultant.work_phone == "+4597851201"


def test_an_admin_gives_a_new_user_a_work_phone(admin_client_a):
    response = admin_client_a.post(
        reverse("accounts:user-create"),
        {"username": "ny", "email": "ny@struer.dk", "role": "consultant", "is_active": "on",
         "work_phone": "97851202"},
    )  # fmt: skip
    assert response.status_code == 302
    assert User.objects.get(username="ny").work_phone == "97851202"


def test_the_admin_form_refuses_a_bad_phone_in_danish(admin_client_a, consultant):
    response = admin_client_a.post(
        reverse("accounts:user-edit", args=[consultant.code]),
        _user_data(consultant, work_phone="ring"),
    )
    assert response.status_code == 200
    assert "Skriv et telefonnummer" in response.content.decode()


def test_another_jobcenters_admin_cannot_set_the_phone(outsider, jobcenter_b, consultant):
    from django.test import Client

    from tests.factories import UserFactory

    admin_b = UserFactory(jobcenter=jobcenter_b, role="admin")
    client = Client()
    client.force_login(admin_b)
    response = client.post(
        reverse("accounts:user-edit", args=[consultant.code]),
        _user_data(consultant, work_phone="97851203"),
    )
    assert response.status_code == 404
    consultant.refresh_from_db()
    assert consultant.work_phone == ""
