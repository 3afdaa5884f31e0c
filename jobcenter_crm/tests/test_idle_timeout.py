"""The idle timeout with the production values (issue 9.8; the test overlay switches it
off for the other tests): a page asked for after the sign-in has lapsed leads to the login
page, and an htmx request gets HX-Redirect to it (htmx then loads the login page as the
page) instead of a 302 whose login page htmx would swap into the fragment it asked for."""

import datetime
import os
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from jobcenter_crm import settings as production_settings
from tests.browser import log_in
from tests.factories import CompanyFactory, JobcenterFactory, RelationshipFactory, UserFactory

START = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC)
LOGIN = reverse("accounts:login")


@pytest.fixture
def timeouts_on(settings):
    settings.SESSION_IDLE_TIMEOUT = production_settings.SESSION_IDLE_TIMEOUT
    settings.SESSION_ABSOLUTE_TIMEOUT = production_settings.SESSION_ABSOLUTE_TIMEOUT


@pytest.fixture
def company(jobcenter_a):
    company = CompanyFactory(name="Tidsudløb Smedje ApS")
    RelationshipFactory(jobcenter=jobcenter_a, company=company)
    return company


def _htmx(page: str, **extra: str) -> dict[str, str]:
    return {"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}", **extra}


def _requests(company):
    """(method, url, data, the page the browser shows): htmx requests the pages make."""
    list_url = reverse("companies:company-list")
    detail = company.get_absolute_url()
    timeline = reverse("companies:company-timeline", args=[company.code])
    return [
        ("get", list_url, {"q": "smed"}, f"{list_url}?q=smed"),
        ("get", list_url, {"sort": "-name", "page": "2"}, list_url),
        ("get", timeline, {}, detail),
        ("get", reverse("screening:segment-proposal"), {"answer_1": "yes"}, detail),
        ("post", reverse("companies:contact-log", args=[company.code]), {"summary": "x"}, detail),
    ]


def test_the_default_idle_timeout_is_30_minutes():
    if "SESSION_IDLE_MINUTES" not in os.environ:
        assert production_settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert production_settings.SESSION_ABSOLUTE_TIMEOUT > production_settings.SESSION_IDLE_TIMEOUT


@pytest.mark.django_db
@pytest.mark.usefixtures("timeouts_on")
class TestAfterTheTimeout:
    @pytest.mark.parametrize("idle_minutes", [31, 45, 120, 9 * 60])
    def test_a_page_leads_to_the_login_page(self, consultant, company, idle_minutes):
        with time_machine.travel(START, tick=False) as clock:
            client = Client()
            client.force_login(consultant)
            assert client.get(reverse("companies:company-list")).status_code == 200
            clock.shift(datetime.timedelta(minutes=idle_minutes))
            response = client.get(company.get_absolute_url())
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == LOGIN
        query = parse_qs(location.query)
        assert query == {"next": [company.get_absolute_url()], "expired": ["1"]}

    @pytest.mark.parametrize("idle_minutes", [31, 45, 120, 9 * 60])
    @pytest.mark.parametrize("index", range(5))
    def test_an_htmx_request_gets_hx_redirect_to_the_login_page(
        self, consultant, company, idle_minutes, index
    ):
        method, url, data, page = _requests(company)[index]
        with time_machine.travel(START, tick=False) as clock:
            client = Client()
            client.force_login(consultant)
            assert client.get(page).status_code == 200
            clock.shift(datetime.timedelta(minutes=idle_minutes))
            response = getattr(client, method)(url, data, headers=_htmx(page))
            assert response.status_code == 401
            assert "Location" not in response
            assert response.content == b""
            target = urlsplit(response["HX-Redirect"])
            assert target.path == LOGIN
            # Back to the page the browser showed, not to the fragment.
            assert parse_qs(target.query) == {"next": [page], "expired": ["1"]}
            assert "HX-Request" in response["Vary"]
            assert "no-store" in response["Cache-Control"]
            # Signed out: the next request without htmx is sent to the login page too.
            assert client.get(page)["Location"].startswith(LOGIN)
            # And the page htmx then loads says why.
            login_page = client.get(response["HX-Redirect"])
            assert login_page.status_code == 200
            assert "Du er blevet logget ud" in login_page.text

    def test_after_the_absolute_timeout_despite_activity(self, consultant, company):
        with time_machine.travel(START, tick=False) as clock:
            client = Client()
            client.force_login(consultant)
            for _ in range(31):  # every 20 minutes for more than 10 hours
                clock.shift(datetime.timedelta(minutes=20))
                response = client.get(
                    reverse("companies:company-list"), {"q": "smed"}, headers=_htmx("/companies/")
                )
        assert response.status_code == 401
        assert urlsplit(response["HX-Redirect"]).path == LOGIN

    @pytest.mark.parametrize(
        "current",
        ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "", "not a url"],
    )
    def test_the_page_to_come_back_to_is_never_another_site(self, consultant, company, current):
        with time_machine.travel(START, tick=False) as clock:
            client = Client()
            client.force_login(consultant)
            clock.shift(datetime.timedelta(minutes=31))
            url = reverse("companies:company-list")
            response = client.get(
                url, {"q": "a"}, headers={"HX-Request": "true", "HX-Current-URL": current}
            )
        target = urlsplit(response["HX-Redirect"])
        assert target.path == LOGIN and not target.netloc
        [come_back] = parse_qs(target.query)["next"]
        assert come_back.startswith("/") and not come_back.startswith("//")
        assert "evil" not in come_back


@pytest.mark.django_db
@pytest.mark.usefixtures("timeouts_on")
class TestBeforeTheTimeout:
    @pytest.mark.parametrize("idle_minutes", [0, 5, 29])
    @pytest.mark.parametrize("index", range(4))
    def test_an_htmx_request_gets_its_fragment(self, consultant, company, idle_minutes, index):
        method, url, data, page = _requests(company)[index]
        with time_machine.travel(START, tick=False) as clock:
            client = Client()
            client.force_login(consultant)
            clock.shift(datetime.timedelta(minutes=idle_minutes))
            response = getattr(client, method)(url, data, headers=_htmx(page))
        assert response.status_code == 200
        assert "HX-Redirect" not in response
        assert 'name="password"' not in response.text


@pytest.mark.django_db
def test_an_htmx_request_without_a_sign_in_gets_hx_redirect_too(company):
    # The session lapsed on the server, or the user signed out in another tab.
    page = company.get_absolute_url()
    response = Client().get(
        reverse("companies:company-timeline", args=[company.code]), headers=_htmx(page)
    )
    assert response.status_code == 401
    target = urlsplit(response["HX-Redirect"])
    assert target.path == LOGIN and parse_qs(target.query)["next"] == [page]
    # Without htmx: the ordinary redirect.
    plain = Client().get(page)
    assert plain.status_code == 302 and plain["Location"].startswith(LOGIN)


@pytest.fixture
def struer_consultant(reference_data):
    jobcenter = JobcenterFactory(name="Jobcenter Struer", municipality_code="0671")
    UserFactory(jobcenter=jobcenter, username="konsulent", first_name="Karen", password="demo")
    return jobcenter


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_htmx_after_the_timeout_goes_to_the_login_page(
    struer_consultant, live_server, page, settings
):
    # A short idle timeout, so the browser can wait it out.
    settings.SESSION_IDLE_TIMEOUT = 2
    CompanyFactory(name="Struer Bageri")
    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(f"{live_server.url}/companies/?q=Struer")
    expect(page.get_by_role("link", name="Struer Bageri")).to_be_visible()
    page.wait_for_timeout(3000)
    # The search box asks htmx for the table fragment.
    with page.expect_navigation():
        page.locator("#id_q").fill("Bageri")
    expect(page.locator('input[name="password"]')).to_be_visible()
    assert urlsplit(page.url).path == LOGIN
    assert parse_qs(urlsplit(page.url).query)["next"][0].startswith("/companies/")
    # The whole page is the login page, not a fragment of the company list inside it.
    expect(page.locator("#company-table")).to_have_count(0)
    expect(page.get_by_text("Du er blevet logget ud")).to_be_visible()
