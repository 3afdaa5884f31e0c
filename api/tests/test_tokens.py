import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

LIST = "/api/v1/candidates/"


def token_client(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_a_token_authenticates_as_its_user_and_sees_only_its_jobcenter(consultant, outsider):
    from matching.tests.factories import make_candidate

    make_candidate(consultant.jobcenter, name="Struer-kandidat")
    make_candidate(outsider.jobcenter, name="Holstebro-kandidat")
    _token, key = api_token_create(user=consultant)
    response = token_client(key).get(LIST)
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Struer-kandidat"]


def test_only_a_digest_of_the_key_is_stored(consultant):
    token, key = api_token_create(user=consultant)
    assert key not in {token.key_digest, token.prefix} and token.key_digest != ""
    assert not ApiToken.objects.filter(key_digest=key).exists()


@pytest.mark.parametrize(
    "header",
    ["Token wrong", "Token ", "Bearer {key}", "Token {key}x", "{key}", "token {key} extra"],
)
def test_a_wrong_or_malformed_token_is_refused_with_json(consultant, header):
    _token, key = api_token_create(user=consultant)
    response = Client(HTTP_AUTHORIZATION=header.format(key=key)).get(LIST)
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


def test_a_revoked_token_or_a_deactivated_user_is_refused(consultant, team_lead):
    token, key = api_token_create(user=consultant)
    assert token_client(key).get(LIST).status_code == 200
    assert api_token_revoke(token=token)
    assert token_client(key).get(LIST).status_code == 401
    _other, other_key = api_token_create(user=team_lead)
    team_lead.is_active = False
    team_lead.save(update_fields=["is_active"])
    assert token_client(other_key).get(LIST).status_code == 401


def test_api_token_command_prints_a_working_key(consultant, capsys):
    call_command("api_token", consultant.username)
    key = capsys.readouterr().out.strip()
    assert len(key) == 40
    assert token_client(key).get(LIST).status_code == 200


def test_api_token_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError):
        call_command("api_token", "nobody")


def test_an_admin_creates_and_revokes_tokens_on_the_page(admin_client_a, consultant):
    url = reverse("api:token-list")
    response = admin_client_a.post(url, {"user": consultant.pk, "name": "Fagsystem"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key and key in response.content.decode()
    token = ApiToken.objects.get()
    assert token.user == consultant and token.name == "Fagsystem"
    assert token_client(key).get(LIST).status_code == 200
    # Shown once: the list afterwards has only the prefix.
    assert key not in admin_client_a.get(url).content.decode()
    revoke = admin_client_a.post(reverse("api:token-revoke", args=[token.code]))
    assert revoke.status_code == 302
    assert token_client(key).get(LIST).status_code == 401


def test_an_admin_cannot_make_a_token_for_another_jobcenters_user(admin_client_a, outsider):
    response = admin_client_a.post(reverse("api:token-list"), {"user": outsider.pk})
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_the_token_page_is_for_admins_only(consultant_client, team_lead_client):
    assert consultant_client.get(reverse("api:token-list")).status_code == 403
    assert team_lead_client.get(reverse("api:token-list")).status_code == 403


def test_another_jobcenters_admin_gets_404_on_revoke(outsider, consultant):
    token, _key = api_token_create(user=consultant)
    outsider.role = "admin"
    outsider.save(update_fields=["role"])
    client = Client()
    client.force_login(outsider)
    assert client.post(reverse("api:token-revoke", args=[token.code])).status_code == 404
    assert client.get(reverse("api:token-revoke", args=[token.code])).status_code == 405
