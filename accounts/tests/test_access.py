import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_redirects_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("reports:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_the_danish_start_page_after_login(consultant_client):
    response = consultant_client.get(reverse("reports:home"))
    assert response.status_code == 200
    assert "Velkommen, Karen" in response.content.decode()


def test_it_gives_a_consultant_403_on_an_admin_page(consultant_client):
    assert consultant_client.get(reverse("accounts:user-list")).status_code == 403


def test_it_gives_a_team_lead_403_on_an_admin_page(team_lead_client):
    assert team_lead_client.get(reverse("accounts:user-list")).status_code == 403


def test_it_lists_only_the_admins_own_jobcenter_users(admin_client_a, consultant, outsider):
    response = admin_client_a.get(reverse("accounts:user-list"))
    assert response.status_code == 200
    names = [user.username for user in response.context["users"]]
    assert consultant.username in names
    assert outsider.username not in names


def test_it_gives_404_on_a_record_of_another_jobcenter(admin_client_a, outsider):
    response = admin_client_a.get(reverse("accounts:user-edit", args=[outsider.code]))
    assert response.status_code == 404


def test_it_gives_404_on_another_jobcenters_record_also_when_posting(admin_client_a, outsider):
    url = reverse("accounts:user-edit", args=[outsider.code])
    response = admin_client_a.post(url, {"role": "admin", "is_active": "on"})
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.role == "consultant"


def test_it_lets_an_admin_create_a_user_in_the_own_jobcenter(admin_client_a, jobcenter_a):
    response = admin_client_a.post(
        reverse("accounts:user-create"),
        {
            "username": "ny",
            "first_name": "Ny",
            "email": "ny@struer.dk",
            "role": "team_lead",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    created = jobcenter_a.users.get(username="ny")
    assert created.role == "team_lead"
    assert list(created.groups.values_list("name", flat=True)) == ["Teamleder"]


def test_it_rerenders_the_user_form_with_a_danish_error(admin_client_a, consultant):
    response = admin_client_a.post(
        reverse("accounts:user-create"), {"username": consultant.username, "role": "consultant"}
    )
    assert response.status_code == 200
    assert "Dette brugernavn er allerede taget." in response.content.decode()
    assert response.context["form"].data["username"] == consultant.username


def test_it_throttles_repeated_failed_logins(client, consultant):
    login_url = reverse("accounts:login")
    for _ in range(4):
        response = client.post(login_url, {"username": "konsulent", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(login_url, {"username": "konsulent", "password": "wrong"})
    assert response.status_code == 429
    # Locked out: even the right password is refused until the pause is over.
    response = client.post(login_url, {"username": "konsulent", "password": "demo-password-1"})
    assert response.status_code == 429
    assert "For mange mislykkede logins" in response.content.decode()


def test_it_logs_in_with_the_right_password(client, consultant):
    response = client.post(
        reverse("accounts:login"), {"username": "konsulent", "password": "demo-password-1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:home")


def test_it_changes_the_password(consultant_client, consultant):
    response = consultant_client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "demo-password-1",
            "new_password1": "Et-nyt-kodeord-2026",
            "new_password2": "Et-nyt-kodeord-2026",
        },
    )
    assert response.status_code == 302
    consultant.refresh_from_db()
    assert consultant.check_password("Et-nyt-kodeord-2026")


def test_it_gives_an_operator_without_jobcenter_404_on_an_admin_page(client, django_user_model):
    operator = django_user_model.objects.create_superuser("drift", "drift@example.org", "x" * 20)
    client.force_login(operator)
    assert client.get(reverse("accounts:user-list")).status_code == 404
    assert client.get(reverse("screening:net-list")).status_code == 404


def test_it_shows_an_operator_no_product_areas_in_the_navigation(client, django_user_model):
    operator = django_user_model.objects.create_superuser("drift", "drift@example.org", "x" * 20)
    client.force_login(operator)
    response = client.get(reverse("reports:home"))
    assert response.status_code == 200
    assert response.context["nav_items"] == []
