import pytest
from playwright.sync_api import expect

from tests.browser import log_in
from tests.factories import JobcenterFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_start_page_and_the_key_figures_pass_axe(live_server, page):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    UserFactory(jobcenter=jobcenter, username="teamleder", role="team_lead", password="demo")
    log_in(page, live_server.url, "teamleder", "demo")
    page.add_script_tag(path="node_modules/axe-core/axe.min.js")
    assert _violations(page) == []
    page.get_by_role("button", name="Vis navigation").click()
    page.get_by_role("link", name="Rapporter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nøgletal")
    page.add_script_tag(path="node_modules/axe-core/axe.min.js")
    assert _violations(page) == []


def _violations(page):
    return page.evaluate(
        "async () => (await axe.run({runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}))"
        ".violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.html)}))"
    )
