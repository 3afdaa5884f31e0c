from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, log_in
from tests.factories import JobcenterFactory, UserFactory

from .builders import relationship
from .test_segments import _history

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


def test_a_team_lead_drills_from_a_movement_to_the_companies_and_exports(live_server, page):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    UserFactory(jobcenter=jobcenter, username="teamleder", role="team_lead", password="demo")
    karen = UserFactory(jobcenter=jobcenter, first_name="Karen", last_name="Konsulent")
    ole = UserFactory(jobcenter=jobcenter, first_name="Ole", last_name="Olsen")
    mine = _history(jobcenter, karen)
    # Also a 3 → 2 mover, but another consultant's and another industry's: narrowed away.
    _history(jobcenter, ole)
    _history(jobcenter, karen, industry="C")
    relationship(jobcenter, responsible=karen)

    log_in(page, live_server.url, "teamleder", "demo")
    page.goto(f"{live_server.url}/reports/segments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Segmenter")
    page.get_by_label("Fra", exact=True).fill("2026-01-01")
    page.get_by_label("Til", exact=True).fill("2026-03-31")
    page.get_by_label("Konsulent").select_option(label="Karen Konsulent")
    page.get_by_label("Branche").select_option(label="F Bygge og anlæg")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.locator("#table-movement")).to_be_visible()
    assert page.locator("canvas[data-chart]").count() >= 1
    assert_accessible(page)

    from_3_to_2 = page.locator("#table-movement tbody tr").nth(2).locator("td").nth(1)
    expect(from_3_to_2).to_have_text("1")
    from_3_to_2.get_by_role("link").click()
    expect(page.locator("#report-figure")).to_be_visible()
    names = page.locator("#company-table tbody tr th a").all_inner_texts()
    assert names == [mine["a"].company.name]

    page.go_back()
    with page.expect_download() as download:
        page.locator("section", has=page.locator("#table-movement")).get_by_role(
            "link", name="CSV"
        ).click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert download.value.suggested_filename.endswith(".csv")
    assert "Bevægelse mellem segmenter" in content
    assert "Karen Konsulent" in content  # the filters are named in the file


def test_a_consultant_opens_mine_tal(live_server, page):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    karen = UserFactory(jobcenter=jobcenter, username="karen", password="demo")
    _history(jobcenter, karen)
    log_in(page, live_server.url, "karen", "demo")
    page.get_by_role("button", name="Vis navigation").click()
    page.get_by_role("link", name="Rapporter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine tal")
    expect(page.locator("#table-my-segments")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/reports/segments/")
    assert "403" in page.title() or page.locator("h1").inner_text() != "Segmenter"


def test_every_team_report_passes_axe_with_its_charts(live_server, page):
    from django.utils import timezone

    from servicepackages.models import Product, ServiceDemand

    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    lead = UserFactory(jobcenter=jobcenter, username="teamleder", role="team_lead", password="demo")
    karen = UserFactory(jobcenter=jobcenter, first_name="Karen", last_name="Konsulent")
    made = _history(jobcenter, karen)
    for index, product in enumerate(Product.objects.filter(jobcenter=jobcenter)[:6]):
        for rel in list(made.values())[: index + 1]:
            ServiceDemand.objects.create(
                jobcenter=jobcenter,
                relationship=rel,
                product=product,
                status="delivered" if index % 2 else "wanted",
                updated_at=timezone.now(),
                updated_by=lead,
            )
    log_in(page, live_server.url, "teamleder", "demo")
    # Every report page, on a laptop and on a phone: axe-core finds no WCAG 2.1 A/AA
    # violation, and nothing but a table's own scroll box is wider than the window.
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for path, heading in [
            ("/reports/", "Nøgletal"),
            ("/reports/segments/?start=2026-01-01&end=2026-03-31&split=industry", "Segmenter"),
            ("/reports/service/?start=2026-01-01&end=2026-03-31", "Service og aftaler"),
            ("/reports/demand/", "Efterspørgsel"),
            ("/reports/activity/?start=2026-01-01&end=2026-03-31&grain=week", "Aktivitet"),
            ("/reports/cooperation/?start=2026-01-01&end=2026-03-31", "Samarbejdsgrad"),
            ("/reports/cooperation/?unit=workplace", "Samarbejdsgrad"),
            ("/reports/mine/", "Mine tal"),
        ]:
            page.goto(f"{live_server.url}{path}")
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            assert_accessible(page)
            page_width = page.evaluate("document.documentElement.scrollWidth")
            assert page_width <= width, (path, width, page_width)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/reports/demand/")
    assert page.locator("td.heat-5").count() >= 1
    # Printed on A4: the filters and the export links are left out.
    page.emulate_media(media="print")
    assert not page.locator(".report-filters").is_visible()
