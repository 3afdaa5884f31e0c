"""Issue 8.11 in the browser: a consultant finds a company outside the area from the
company list, confirms taking it in and lands on its page; the register pages pass axe
and never scroll sideways at 390 and 1366 px."""

import pytest
from playwright.sync_api import Page, expect

from companies.models import Municipality
from tests.browser import assert_accessible, assert_no_sideways_scroll, da, log_in
from tests.factories import CompanyFactory, JobcenterFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check_both_sizes(page: Page) -> None:
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        assert_no_sideways_scroll(page, width)
        assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})


def test_a_consultant_takes_in_a_company_outside_the_area(reference_data, live_server, page):
    jobcenter = JobcenterFactory(name="Jobcenter Struer", municipality_code="0671")
    UserFactory(jobcenter=jobcenter, username="karen", password="demo")
    company = CompanyFactory(
        name="Københavns Kranfirma ApS",
        city="København K",
        municipality=Municipality.objects.get(code="0101"),
    )

    log_in(page, live_server.url, "karen", "demo")
    page.goto(f"{live_server.url}/companies/?q=kranfirma")
    page.get_by_role("link", name=da("Search the whole register, also outside your area")).click()
    results = page.locator("#register-results")
    expect(results).to_contain_text("Københavns Kranfirma ApS")
    _check_both_sizes(page)

    results.get_by_role("link", name=da("Take in")).click()
    _check_both_sizes(page)
    page.get_by_role("button", name=da("Take in")).click()
    # Not without the explicit yes.
    expect(page.locator("#id_confirm")).to_have_attribute("aria-invalid", "true")
    page.get_by_label(da("Yes, our jobcenter works with this company from now on")).check()
    page.get_by_role("button", name=da("Take in")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Københavns Kranfirma ApS")
    expect(page).to_have_url(live_server.url + company.get_absolute_url())
