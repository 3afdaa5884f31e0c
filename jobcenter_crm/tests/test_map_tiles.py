"""No visitor's browser is sent to a third party for map tiles: by default there is no
tile server, the Content-Security-Policy names no other origin, and the maps draw their
markers without a background and say so in Danish. An operator's self-hosted tile server
(MAP_TILE_URL) is used, and the policy then allows exactly its origin."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from jobcenter_crm.tests.test_settings import _manage
from matching.tests.factories import make_candidate
from tests.browser import assert_accessible, log_in
from tests.factories import CompanyFactory, JobcenterFactory, RelationshipFactory, UserFactory

KEYWORDS = {"'self'", "'none'", "'unsafe-inline'", "data:"}
NO_TILES = "Der er ikke opsat et baggrundskort"


def _policy(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def _config(response, script_id: str) -> dict:
    found = re.search(
        rf'<script id="{script_id}" type="application/json">(.*?)</script>', response.text
    )
    assert found, script_id
    return json.loads(found.group(1))


PRINT_POLICY = "from django.conf import settings as s; print(s.CONTENT_SECURITY_POLICY)"
ENV = {"SECRET_KEY": "k" * 60, "DATABASE_URL": "postgres://localhost/x", "DEBUG": "1"}


def _policy_with(tile_url: str | None) -> dict[str, list[str]]:
    """The policy of a fresh process whose environment sets MAP_TILE_URL (None: unset)."""
    result = _manage(["shell", "-c", PRINT_POLICY], {**ENV, "MAP_TILE_URL": tile_url})
    assert result.returncode == 0, result.stderr
    return _policy(result.stdout.strip().splitlines()[-1])


def _origins(policy: dict[str, list[str]]) -> set[str]:
    return {source for sources in policy.values() for source in sources if source not in KEYWORDS}


def test_by_default_the_policy_names_no_other_origin():
    policy = _policy_with(None)
    assert _origins(policy) == set(), policy
    assert policy["img-src"] == ["'self'", "data:"]


@pytest.mark.parametrize(
    ("tile_url", "origin"),
    [
        ("https://kort.struer.dk/tiles/{z}/{x}/{y}.png", "https://kort.struer.dk"),
        ("https://kort.example.dk:8443/osm/{z}/{x}/{y}.png", "https://kort.example.dk:8443"),
        ("https://{s}.tiles.kommune.dk/{z}/{x}/{y}.png", "https://*.tiles.kommune.dk"),
        ("http://10.0.0.5/{z}/{x}/{y}.png", "http://10.0.0.5"),
    ],
)
def test_a_self_hosted_tile_server_is_allowed_and_nothing_else(tile_url, origin):
    policy = _policy_with(tile_url)
    assert policy["img-src"] == ["'self'", "data:", origin]
    assert _origins(policy) == {origin}


@pytest.mark.parametrize(
    "tile_url", ["/tiles/{z}/{x}/{y}.png", "javascript:alert(1)", "   ", "kort.example.dk/{z}"]
)
def test_a_tile_address_without_an_origin_of_its_own_adds_none(tile_url):
    assert _origins(_policy_with(tile_url)) == set()


@pytest.mark.django_db
class TestTheMapsWithoutTiles:
    """The test settings carry the default (no MAP_TILE_URL in the test environment)."""

    def test_the_setting_is_empty(self, settings):
        assert settings.MAP_TILE_URL == ""

    def test_the_company_map_draws_markers_only_and_says_so(self, consultant_client, jobcenter_a):
        company = CompanyFactory(name="Kortløs ApS", latitude=56.49, longitude=8.59)
        RelationshipFactory(jobcenter=jobcenter_a, company=company)
        response = consultant_client.get(reverse("companies:company-map"))
        assert response.status_code == 200
        config = _config(response, "company-map-config")
        assert config["tileUrl"] == ""
        assert [m["name"] for m in _config(response, "company-map-markers")] == ["Kortløs ApS"]
        assert NO_TILES in response.text
        assert "openstreetmap" not in response.text.lower()
        assert _origins(_policy(response["Content-Security-Policy"])) == set()

    def test_the_candidate_search_map_draws_markers_and_radius_only(
        self, consultant_client, jobcenter_a
    ):
        make_candidate(jobcenter_a, name="Jens", wanted_occupations=["Smed"], postal_code="7600")
        response = consultant_client.get(
            reverse("matching:candidate-search"),
            {"occupations": "Smed", "postal_code": "7600", "radius_km": "15"},
        )
        assert response.status_code == 200
        config = _config(response, "candidate-map-config")
        assert config["tileUrl"] == "" and config["radiusKm"] == 15 and config["places"]
        assert NO_TILES in response.text
        assert "openstreetmap" not in response.text.lower()
        assert _origins(_policy(response["Content-Security-Policy"])) == set()

    def test_with_a_tile_server_the_note_is_gone(self, consultant_client, settings):
        settings.MAP_TILE_URL = "https://kort.struer.dk/tiles/{z}/{x}/{y}.png"
        response = consultant_client.get(reverse("companies:company-map"))
        assert _config(response, "company-map-config")["tileUrl"] == settings.MAP_TILE_URL
        assert NO_TILES not in response.text


def test_the_scripts_add_no_tile_layer_without_an_address():
    from django.conf import settings

    for script in ("companies/company_map.js", "matching/candidate_map.js"):
        text = (settings.BASE_DIR / "static" / script).read_text()
        # The only tile layer is behind the check for an address.
        assert text.count("tileLayer(") == 1
        assert re.search(r"if \(config\.tileUrl\) \{\s*(//[^\n]*\n\s*)*window\.L\.tileLayer", text)


def test_a_client_gets_the_default_policy(db):
    response = Client().get(reverse("accounts:login"))
    assert _origins(_policy(response["Content-Security-Policy"])) == set()


@pytest.fixture
def struer_consultant(reference_data):
    jobcenter = JobcenterFactory(name="Jobcenter Struer", municipality_code="0671")
    UserFactory(jobcenter=jobcenter, username="konsulent", first_name="Karen", password="demo")
    return jobcenter


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_map_draws_its_markers_and_asks_no_one_else(
    struer_consultant, live_server, page
):
    CompanyFactory(name="Struer Smedje", latitude=56.49, longitude=8.59)
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else elsewhere.append(request.url)
        ),
    )
    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(f"{live_server.url}/companies/map/")
    expect(page.locator("#company-map")).to_be_visible()
    expect(page.locator("#company-map canvas")).to_have_count(1)
    expect(page.locator("#map-no-tiles")).to_contain_text(NO_TILES)
    expect(page.locator("#company-map .leaflet-tile")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    assert elsewhere == []
    assert_accessible(page)
