import pytest
from playwright.sync_api import expect

from tests.browser import log_in
from tests.factories import JobcenterFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_a_consultant_in_to_the_danish_start_page(reference_data, live_server, page):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    UserFactory(jobcenter=jobcenter, username="konsulent", first_name="Karen", password="demo")

    page.goto(live_server.url + "/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    log_in(page, live_server.url, "konsulent", "demo")

    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Karen")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    # The phone layout collapses the navigation behind a labelled button.
    page.get_by_role("button", name="Vis navigation").click()
    expect(page.get_by_role("link", name="Servicekatalog")).to_be_visible()


def test_it_shows_a_danish_error_on_a_wrong_password(reference_data, live_server, page):
    UserFactory(username="konsulent", password="demo")
    log_in(page, live_server.url, "konsulent", "forkert")
    expect(page.get_by_role("alert")).to_contain_text("korrekt brugernavn og adgangskode")
