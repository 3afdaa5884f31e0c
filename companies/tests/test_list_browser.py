import re

import pytest
from playwright.sync_api import expect

from companies.models import Municipality
from screening.models import Segment
from tests.browser import assert_accessible, log_in
from tests.factories import CompanyFactory, JobcenterFactory, RelationshipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def struer_consultant(reference_data):
    jobcenter = JobcenterFactory(name="Jobcenter Struer", municipality_code="0671")
    UserFactory(jobcenter=jobcenter, username="konsulent", first_name="Karen", password="demo")
    return jobcenter


def test_it_updates_the_table_as_the_consultant_searches(struer_consultant, live_server, page):
    CompanyFactory(name="Sønderborg Smedje")
    CompanyFactory(name="Struer Bageri")
    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(f"{live_server.url}/companies/")
    table = page.locator("#company-table")
    expect(table.get_by_role("link", name="Struer Bageri")).to_be_visible()
    # Survives only if the page is not reloaded.
    page.evaluate("window.stillTheSamePage = true")

    page.locator("#id_q").fill("Sonderborg")

    expect(table.get_by_role("link", name="Struer Bageri")).to_have_count(0)
    expect(table.get_by_role("link", name="Sønderborg Smedje")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q=Sonderborg"))
    assert page.evaluate("window.stillTheSamePage") is True


def test_it_sorts_from_a_column_header_and_keeps_the_sort_field_in_step(
    struer_consultant, live_server, page
):
    for name in ["Alfa", "Beta"]:
        CompanyFactory(name=name)
    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(f"{live_server.url}/companies/")
    # On a phone the CVR column is hidden; the name column is always there.
    name_header = page.locator("#company-table thead a").first

    name_header.click()
    expect(page.locator("#id_sort")).to_have_value("name")
    name_header.click()

    expect(page.locator("#id_sort")).to_have_value("-name")
    expect(page.locator("#company-table tbody th").first).to_have_text(re.compile("Beta"))
    expect(page).to_have_url(re.compile(r"[?&]sort=-name"))


def test_it_passes_axe_on_the_company_list(struer_consultant, live_server, page):
    holstebro = Municipality.objects.get(code="0661")
    screened = CompanyFactory(name="Sønderborg Smedje", address="Fabriksvej 2")
    RelationshipFactory(
        jobcenter=struer_consultant,
        company=screened,
        segment=Segment.objects.get(number=1),
        is_known=True,
    )
    CompanyFactory(
        name="Holstebro Maskiner", municipality=holstebro, municipality_codes=["0661", "0671"]
    )
    for number in range(51):
        CompanyFactory(name=f"Virksomhed {number:02}")
    log_in(page, live_server.url, "konsulent", "demo")

    page.goto(f"{live_server.url}/companies/?sort=segment")
    expect(page.locator("#company-table nav[aria-label] .pagination")).to_be_visible()

    assert_accessible(page)


def test_it_lists_the_map_companies_when_tiles_cannot_load(struer_consultant, live_server, page):
    CompanyFactory(name="Struer Smedje", latitude=56.49, longitude=8.59)
    # No tile server is reachable from the tests, as on a locked-down municipal network.
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())
    log_in(page, live_server.url, "konsulent", "demo")

    page.goto(f"{live_server.url}/companies/map/")

    expect(page.locator("#company-map")).to_be_visible()
    # Markers are drawn on one canvas (preferCanvas), so a thousand of them stay fast.
    expect(page.locator("#company-map canvas")).to_have_count(1)
    expect(page.get_by_role("table").get_by_role("link", name="Struer Smedje")).to_be_visible()
    assert_accessible(page)


def test_a_large_jobcenters_filtered_list_shows_its_rows_first_and_then_its_count(
    struer_consultant, live_server, page, monkeypatch
):
    from companies import listing

    # The live server runs in this process: five companies make a large jobcenter here.
    monkeypatch.setattr(listing, "CACHED_COUNT_FROM", 3)
    for number in range(3):
        CompanyFactory(name=f"Smedje {number}", employee_band="1")
    for number in range(2):
        CompanyFactory(name=f"Bager {number}", employee_band="2-4")
    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(f"{live_server.url}/companies/")
    expect(page.locator("#company-count")).to_have_text("5 virksomheder")

    # Filtered through the form (htmx): the rows, then the count fetched on its own.
    page.get_by_role("button", name="Filtre og sortering").click()
    with page.expect_request(re.compile(r"/companies/count/\?(.*&)?employees=1")) as count_request:
        page.locator("#id_employees").select_option("1")
    assert count_request.value.headers.get("hx-request") == "true"

    expect(page.locator("#company-table tbody th")).to_have_count(3)
    expect(page.locator("#company-count")).to_have_text("3 virksomheder")
    assert_accessible(page)
    # The count was kept: the same list from its address says when it was taken.
    page.reload()
    expect(page.locator("#company-count")).to_have_text(
        re.compile(r"^3 virksomheder \(optalt kl\. \d\d:\d\d\)$")
    )
