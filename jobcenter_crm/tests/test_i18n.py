import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_speaks_danish_by_default(client):
    response = client.get(reverse("accounts:login"))
    assert '<html lang="da">' in response.content.decode()
    assert "Log ind på jobcenter-crm" in response.content.decode()


def test_it_stays_danish_for_a_browser_that_prefers_english(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="da">' in response.content.decode()


def test_it_switches_to_english_on_request(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert '<html lang="en">' in response.content.decode()
    assert "Log in to jobcenter-crm" in response.content.decode()


def test_it_has_no_untranslated_or_fuzzy_danish_strings():
    # msgfmt (Debian's gettext, installed by .ci/run) counts what the catalogue lacks.
    catalogue = Path(__file__).parents[2] / "locale/da/LC_MESSAGES/django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr
