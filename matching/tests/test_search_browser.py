"""The candidate search in a real browser at phone (390 px) and desktop (1366 px) widths:
search, the map with its radius, bookmark, talent pool, saved search, reverse search (orders
and companies) and the synonym page, with axe-core finding no WCAG 2.1 A/AA violation on any
of them."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from companies.models import IndustrySection
from matching.models import CandidateBookmark, SavedSearch, TalentPoolMember
from matching.services import talent_pool_create
from servicepackages.models import Product, ServiceDemand
from tests.browser import assert_accessible, log_in
from tests.factories import CompanyFactory, JobcenterFactory, RelationshipFactory, UserFactory

from .factories import make_candidate
from .orders import take_job_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = ((390, 844), (1366, 900))


def test_a_consultant_searches_marks_pools_saves_and_finds_orders(
    reference_data, live_server, page
):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    consultant = UserFactory(jobcenter=jobcenter, username="konsulent", password="demo")
    UserFactory(jobcenter=jobcenter, username="admin", password="demo", role="admin")
    make_candidate(
        jobcenter,
        name="Mads Maskiningeniør",
        education=["Maskiningeniør"],
        postal_code="7600",
        unemployed_since="2025-09-01",
        certificates=["Kursus i CE-mærkning"],
    )
    make_candidate(
        jobcenter, name="Dorthe Designteknolog", education=["Designteknolog"], postal_code="7620"
    )
    talent_pool_create(user=consultant, name="Ingeniører")
    take_job_order(
        user=consultant,
        company=CompanyFactory(name="Struer Stål A/S"),
        title="Maskiningeniør til udvikling",
        occupation="Maskiningeniør",
        requirements={},
        wishes={},
    )

    workshop = RelationshipFactory(
        jobcenter=jobcenter,
        company=CompanyFactory(
            name="Lemvig Maskinfabrik", industry_section=IndustrySection.objects.get(letter="C")
        ),
    )
    ServiceDemand.objects.create(
        jobcenter=jobcenter,
        relationship=workshop,
        product=Product.objects.get(jobcenter=jobcenter, code="virksomhedspraktik"),
        updated_at=timezone.now(),
        updated_by=consultant,
    )

    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(live_server.url + "/job-orders/")
    page.get_by_role("link", name="Find kandidater").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find kandidater")
    page.get_by_label("Stilling eller uddannelse").fill("Maskiningeniør")
    page.get_by_label("Nær postnummer").fill("7600")
    page.get_by_label("Inden for (km)").fill("30")
    page.get_by_role("button", name="Søg", exact=True).click()

    first = page.locator("#results .match").first
    expect(first).to_contain_text("Mads Maskiningeniør")
    expect(first.locator("mark").first).to_have_text("Maskiningeniør")
    expect(first).to_contain_text("Ledig siden")
    # Tiles cannot load here; the map container still shows, and the list says the same.
    expect(page.locator("#candidate-map")).to_be_visible()
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)

    first.get_by_role("button", name="Sæt bogmærke på Mads Maskiningeniør").click()
    expect(page.locator(".alert-success")).to_contain_text("bogmærke")
    page.locator("#results .match").first.get_by_role("button", name="Føj til emnebank").click()
    assert TalentPoolMember.objects.count() == 1
    assert CandidateBookmark.objects.count() == 1

    page.get_by_label("Søgningens navn").fill("Ingeniører i Struer")
    page.get_by_role("button", name="Gem som min søgning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingeniører i Struer")
    assert SavedSearch.objects.count() == 1

    for path in ("/candidates/bookmarks/", "/talent-pools/"):
        page.goto(live_server.url + path)
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            assert_accessible(page)
    page.get_by_role("link", name="Ingeniører").click()
    expect(page.locator("main")).to_contain_text("Mads Maskiningeniør")
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)

    page.get_by_role("link", name="Mads Maskiningeniør").click()
    page.get_by_role("link", name="Find ordrer og virksomheder, der passer").click()
    expect(page.locator("#fits")).to_contain_text("Maskiningeniør til udvikling")
    expect(page.locator("#company-fits")).to_contain_text("Lemvig Maskinfabrik")
    expect(page.locator("#company-fits")).to_contain_text("Virksomhedspraktik")
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_synonym_page_is_accessible(reference_data, live_server, page):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    UserFactory(jobcenter=jobcenter, username="admin", password="demo", role="admin")
    log_in(page, live_server.url, "admin", "demo")
    page.goto(live_server.url + "/synonyms/")
    page.locator("#id_term").fill("CNC-operatør")
    page.get_by_label("Betyder det samme som").fill("Spåntager")
    page.get_by_role("button", name="Tilføj synonymet").click()
    expect(page.locator("main")).to_contain_text("CNC-operatør")
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
        # The page's own content fits; the admin's navigation bar is the layout's matter.
        assert page.evaluate("document.querySelector('main').scrollWidth") <= width


def test_candidates_are_in_the_job_orders_menu_and_the_bar_stays_one_line(
    reference_data, live_server, page
):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    # An admin sees the most entries: the Administration menu too.
    UserFactory(jobcenter=jobcenter, username="admin", password="demo", role="admin")
    log_in(page, live_server.url, "admin", "demo")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/companies/")
    # The areas, "Jobordrer" with its menu among them, stay on one row, and the page does
    # not scroll sideways.
    tops = page.evaluate(
        "[...document.querySelectorAll('#main-nav > ul.me-auto > li')]"
        ".map(item => Math.round(item.getBoundingClientRect().top))"
    )
    assert len(tops) >= 7 and len(set(tops)) == 1, tops
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.get_by_role("button", name="Jobordrer").click()
    page.get_by_role("link", name="Kandidater").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find kandidater")
    expect(page.locator("#main-nav .dropdown-item.active")).to_have_text("Kandidater")
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/companies/")
    page.get_by_role("button", name="Vis navigation").click()
    page.get_by_role("button", name="Jobordrer").click()
    page.get_by_role("link", name="Emnebanker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emnebanker")
