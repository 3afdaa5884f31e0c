import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, log_in
from tests.factories import JobcenterFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_start_page_and_the_key_figures_pass_axe(live_server, page):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    UserFactory(jobcenter=jobcenter, username="teamleder", role="team_lead", password="demo")
    log_in(page, live_server.url, "teamleder", "demo")
    assert_accessible(page)
    page.get_by_role("button", name="Vis navigation").click()
    page.get_by_role("link", name="Rapporter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nøgletal")
    assert_accessible(page)
