"""Issue 8 point 17: the administration pages gathered in one "Administration" menu, for
the roles that may use them, and the page the user is on is the highlighted entry."""

import re

import pytest
from django.urls import reverse

from accounts.context_processors import ADMINISTRATION

pytestmark = pytest.mark.django_db

ADMIN_PAGES = {
    "accounts:user-list": "Brugere",
    "servicepackages:catalogue-manage": "Servicekatalog",
    "planning:rule-list": "Kontaktregler",
    "screening:questions-edit": "Screeningsspørgsmål",
    "companies:company-import": "Importér virksomheder",
    "matching:synonym-list": "Synonymer til matchning",
    "planning:schedule": "Tidsplan",
}
AREA_PAGES = {
    "companies:company-list": "Virksomheder",
    "planning:plan": "Plan",
    "screening:overview": "Screening",
    "reports:home": "Start",
}


def _main_nav(page: str) -> str:
    found = re.search(r'<nav class="navbar.*?</nav>', page, re.S)
    assert found
    return found.group(0)


def _current(nav: str) -> list[str]:
    """The labels of the entries marked as the current page."""
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(r'aria-current="page"[^>]*>(.*?)</a>', nav, re.S)
    ]


def test_the_menu_holds_every_administration_page():
    assert {url_name for url_name, _label, _views in ADMINISTRATION} == set(ADMIN_PAGES)


def test_an_admin_has_the_administration_menu(admin_client_a):
    nav = _main_nav(admin_client_a.get(reverse("reports:home")).content.decode())
    assert "Administration" in nav
    for url_name, label in ADMIN_PAGES.items():
        assert f'href="{reverse(url_name)}">{label}</a>' in nav, url_name


@pytest.mark.parametrize("persona", ["consultant_client", "team_lead_client"])
def test_other_roles_have_no_administration_menu(request, persona):
    nav = _main_nav(request.getfixturevalue(persona).get(reverse("reports:home")).content.decode())
    assert "Administration" not in nav
    for url_name in ADMIN_PAGES:
        assert f'href="{reverse(url_name)}"' not in nav


@pytest.mark.parametrize("url_name, label", [*ADMIN_PAGES.items(), *AREA_PAGES.items()])
def test_the_page_the_admin_is_on_is_the_one_highlighted(admin_client_a, url_name, label):
    response = admin_client_a.get(reverse(url_name))
    assert response.status_code == 200
    assert _current(_main_nav(response.content.decode())) == [label]


def test_a_page_below_an_administration_page_highlights_its_menu_entry(admin_client_a, consultant):
    response = admin_client_a.get(reverse("accounts:user-edit", args=[consultant.code]))
    assert _current(_main_nav(response.content.decode())) == ["Brugere"]
