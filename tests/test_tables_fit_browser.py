"""Issue 8.15: the tables of the company list, the contact rules and the catalogue
administration fit a 390 px phone with no sideways scrolling, neither of the page nor of
the table; at 1366 px the company list shows industry and employees, still without an
inner scrollbar. axe-core at both widths on each page."""

import pytest
from playwright.sync_api import Page, expect

from screening.models import Segment
from tests.browser import assert_accessible, log_in
from tests.factories import CompanyFactory, JobcenterFactory, RelationshipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = (390, 844)
LAPTOP = (1366, 900)

# Overflow of the page and of every table's scrolling box: what a user would have to
# scroll sideways to read.
OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth - window.innerWidth,
  tables: Array.from(document.querySelectorAll('main table')).map(table => {
    const box = table.closest('.table-responsive') || table.parentElement;
    return {id: table.id || table.getAttribute('aria-labelledby') || '',
            overflow: Math.max(box.scrollWidth - box.clientWidth,
                               table.getBoundingClientRect().right - window.innerWidth)};
  }),
})"""


def _assert_fits(page: Page, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    measured = page.evaluate(OVERFLOW)
    assert measured["page"] <= 0, (width, measured)
    assert measured["tables"], "no table on the page"
    assert [t for t in measured["tables"] if t["overflow"] > 0] == [], (width, measured)
    assert_accessible(page)


@pytest.fixture
def struer(reference_data):
    jobcenter = JobcenterFactory(name="Jobcenter Struer", municipality_code="0671")
    consultant = UserFactory(
        jobcenter=jobcenter, username="konsulent", first_name="Karen", last_name="Konsulentsen",
        password="demo",
    )  # fmt: skip
    UserFactory(jobcenter=jobcenter, username="admin", role="admin", password="demo")
    return jobcenter, consultant


def test_the_company_list_fits_a_phone_and_shows_industry_and_employees_on_a_laptop(
    struer, live_server, page
):
    jobcenter, consultant = struer
    long_name = "Vestjyllands Maskinfabrik og Stålkonstruktioner Anpartsselskab"
    for number in range(12):
        company = CompanyFactory(
            name=f"{long_name} {number}",
            address="Holstebrovej 114, 1. sal",
            industry_text="Fremstilling af metalkonstruktioner og dele heraf",
            employee_band="100-199",
        )
        RelationshipFactory(
            jobcenter=jobcenter, company=company, responsible=consultant, is_known=True,
            segment=Segment.objects.get(number=1),
        )  # fmt: skip
    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(f"{live_server.url}/companies/?sort=segment")
    expect(page.locator("#company-table tbody tr")).to_have_count(12)

    _assert_fits(page, *PHONE)
    _assert_fits(page, *LAPTOP)
    table = page.locator("#company-table table")
    for heading in ("Branche", "Ansatte"):
        expect(table.get_by_role("columnheader", name=heading)).to_be_visible()
    expect(table.get_by_role("cell", name="100-199").first).to_be_visible()
    expect(
        table.get_by_role("cell", name="Fremstilling af metalkonstruktioner og dele heraf").first
    ).to_be_visible()


def test_the_contact_rules_fit_a_phone(struer, live_server, page):
    log_in(page, live_server.url, "admin", "demo")
    page.goto(f"{live_server.url}/planning/rules/")
    expect(page.locator("#rule-table")).to_be_visible()
    _assert_fits(page, *PHONE)
    _assert_fits(page, *LAPTOP)


def test_the_catalogue_administration_fits_a_phone(struer, live_server, page):
    log_in(page, live_server.url, "admin", "demo")
    page.goto(f"{live_server.url}/catalogue/manage/")
    expect(page.locator("#products-heading")).to_be_visible()
    _assert_fits(page, *PHONE)
    _assert_fits(page, *LAPTOP)
