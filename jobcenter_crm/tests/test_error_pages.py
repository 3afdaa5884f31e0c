"""The product's own Danish error pages: in the embedded demo (DEBUG on) instead of
Django's debug pages, and in production (DEBUG off)."""

import uuid

import pytest
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

DEBUG_PAGE_MARKS = ("Using the URLconf", "technical_404", "You’re seeing this error because")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _assert_danish_page(response, status: int, heading: str) -> None:
    page = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="h3">{heading}</h1>' in page
    assert all(mark not in page for mark in DEBUG_PAGE_MARKS)


MISSING = [
    "/finnes-ikke/",
    "/companies/ikke-en-kode/",
    # A well-formed code no company has (fixed, so that parallel workers collect the same tests).
    f"/companies/{uuid.UUID(int=1)}/",
    "/screening/campaigns/123/",
    "/catalogue/manage/products/x/edit/",
    "/%E2%80%8B/",
    "/static-not/../accounts/",
]


@override_settings(DEBUG=True, EMBEDDED_DEFAULT=True)
@pytest.mark.parametrize("path", MISSING)
def test_the_demo_shows_the_danish_404_page_for_a_missing_page(consultant, path):
    _assert_danish_page(_client(consultant).get(path), 404, "Ikke fundet")


@override_settings(DEBUG=True, EMBEDDED_DEFAULT=True)
def test_the_demo_shows_the_danish_404_for_another_jobcenters_record(consultant, outsider):
    url = reverse("accounts:user-edit", args=[outsider.code])
    admin = consultant
    admin.role = "admin"
    admin.save()
    _assert_danish_page(_client(admin).get(url), 404, "Ikke fundet")


@override_settings(DEBUG=True, EMBEDDED_DEFAULT=True)
@pytest.mark.parametrize(
    "name", ["accounts:user-list", "planning:schedule", "screening:questions-edit"]
)
def test_the_demo_shows_the_danish_403_page_for_a_refused_role(consultant, name):
    _assert_danish_page(_client(consultant).get(reverse(name)), 403, "Ingen adgang")


@override_settings(DEBUG=True, EMBEDDED_DEFAULT=True)
def test_the_demo_still_adds_the_missing_slash(consultant):
    response = _client(consultant).get("/companies")
    assert response.status_code == 301
    assert response["Location"] == "/companies/"


@override_settings(DEBUG=True, EMBEDDED_DEFAULT=False)
def test_a_developer_outside_the_demo_keeps_djangos_debug_page(consultant):
    response = _client(consultant).get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Using the URLconf" in response.content.decode()


# Production (DEBUG off) ----------------------------------------------------------------------

DANISH_HEADINGS = {400: "Ugyldig forespørgsel", 403: "Ingen adgang", 404: "Ikke fundet",
                   500: "Der opstod en fejl"}  # fmt: skip


def test_every_error_page_is_danish_with_debug_off(consultant, outsider, settings):
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)
    client.force_login(consultant)
    cases = {
        # A host name that is not allowed: Django answers 400 (DisallowedHost).
        400: client.get(reverse("reports:home"), HTTP_HOST="evil.example.org"),
        403: client.get(reverse("accounts:user-list")),
        404: client.get(f"/companies/{uuid.uuid4()}/"),
    }
    for status, response in cases.items():
        _assert_danish_page(response, status, DANISH_HEADINGS[status])


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_each_error_template_renders_in_danish(rf, status):
    from django.views import defaults

    request = rf.get("/")
    views = {
        400: lambda: defaults.bad_request(request, Exception()),
        403: lambda: defaults.permission_denied(request, Exception()),
        404: lambda: defaults.page_not_found(request, Exception()),
        500: lambda: defaults.server_error(request),
    }
    _assert_danish_page(views[status](), status, DANISH_HEADINGS[status])
