"""Issue 8.11 in the browser: a consultant sets the work phone on the own profile, and the
neighbouring jobcenter sees whom to call near the top of the company page (axe at 390 and
1366 px on both pages)."""

import pytest
from playwright.sync_api import expect

from screening.models import Segment
from tests.browser import assert_accessible, assert_no_sideways_scroll, da, log_in
from tests.factories import CompanyFactory, JobcenterFactory, RelationshipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = ((390, 844), (1366, 900))


def test_the_neighbour_sees_the_work_phone_the_consultant_set(reference_data, live_server, page):
    struer = JobcenterFactory(name="Jobcenter Struer", municipality_code="0671")
    holstebro = JobcenterFactory(name="Jobcenter Holstebro", municipality_code="0661")
    karen = UserFactory(
        jobcenter=struer, username="karen", first_name="Karen", last_name="Konsulent",
        email="karen@struer.dk", password="demo",
    )  # fmt: skip
    UserFactory(jobcenter=holstebro, username="holger", password="demo")
    company = CompanyFactory(name="Fælles Maskiner ApS", municipality_codes=["0671", "0661"])
    RelationshipFactory(
        jobcenter=struer, company=company, responsible=karen,
        segment=Segment.objects.get(number=1), is_known=True,
    )  # fmt: skip

    log_in(page, live_server.url, "karen", "demo")
    page.goto(f"{live_server.url}/accounts/profile/")
    page.get_by_label(da("Work phone")).fill("97 85 12 00")
    page.get_by_role("button", name=da("Save")).click()
    expect(page.get_by_role("status").first).to_contain_text(da("Your contact details were saved."))
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        assert_no_sideways_scroll(page, width)
        assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, live_server.url, "holger", "demo")
    page.goto(live_server.url + company.get_absolute_url())
    card = page.locator("#other-jobcenters")
    expect(card).to_contain_text("Karen Konsulent")
    expect(card.get_by_role("link", name="97851200")).to_have_attribute("href", "tel:97851200")
    expect(card.get_by_role("link", name="karen@struer.dk")).to_be_visible()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        # Near the top: on screen without scrolling, above the log form.
        assert card.bounding_box()["y"] < page.locator("#log").bounding_box()["y"]
        assert_no_sideways_scroll(page, width)
        assert_accessible(page)
