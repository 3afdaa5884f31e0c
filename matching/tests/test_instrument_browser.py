"""A consultant registers a skånejob on a phone and ends it when it stops; the page passes
axe with the end form in the list, also when a bad date is refused. A mentor registered
with the wrong start is corrected on a phone, then deleted after a question."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from matching.services import instrument_register
from tests.browser import assert_accessible, assert_no_sideways_scroll, da, log_in
from tests.factories import CompanyFactory, JobcenterFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_consultant_registers_and_ends_a_skaanejob_on_a_phone(reference_data, live_server, page):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    UserFactory(jobcenter=jobcenter, username="konsulent", password="demo")
    company = CompanyFactory(name="Struer Maskinfabrik A/S")
    page.set_viewport_size({"width": 390, "height": 844})

    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(live_server.url + company.get_absolute_url())
    page.get_by_role("link", name=da("Skånejob, mentor and jobrotation")).first.click()
    page.get_by_label(da("Instrument")).select_option("sheltered_job")
    page.get_by_label(da("Started")).fill("2026-01-05")
    page.locator("#instrument-form button[type=submit]").click()
    expect(page.locator("#instrument-list")).to_contain_text(da("Running"))
    assert_accessible(page)

    end = page.get_by_label(f"{da('Ended on')} (Skånejob)")
    end.fill("2025-12-31")  # before the start: refused in Danish, the input kept
    page.get_by_role("button", name=da("End")).click()
    expect(page.locator("#instrument-list")).to_contain_text(
        da("The end cannot be before the start.")
    )
    expect(end).to_have_value("2025-12-31")
    expect(end).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    end.fill("2026-03-31")
    page.get_by_role("button", name=da("End")).click()
    expect(page.locator("[role=alert], .alert").first).to_contain_text(
        da("The instrument is ended.")
    )
    expect(page.locator("#instrument-list")).not_to_contain_text(da("Running"))
    expect(page.get_by_role("button", name=da("End"))).to_have_count(0)
    assert_no_sideways_scroll(page, 390)


def test_a_consultant_corrects_the_start_of_a_mentor_on_a_phone(reference_data, live_server, page):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    consultant = UserFactory(jobcenter=jobcenter, username="konsulent", password="demo")
    company = CompanyFactory(name="Struer Maskinfabrik A/S")
    instrument_register(
        user=consultant, company=company, kind="mentor", started_on=datetime.date(2026, 1, 5)
    )

    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(live_server.url + reverse("matching:company-instruments", args=[company.code]))
    correct = page.get_by_role("link", name=f"{da('Correct')} Mentor 5. jan.")
    # In the list's first column: on the phone's screen without scrolling the table.
    box = correct.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    correct.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Correct the registration"))
    assert_accessible(page)
    page.get_by_label(da("Started")).fill("2026-02-02")
    page.get_by_role("button", name=da("Save correction")).click()

    expect(page.locator("[role=alert], .alert").first).to_contain_text(
        da("The instrument is corrected.")
    )
    expect(page.locator("#instrument-list")).to_contain_text("2. feb.")
    expect(page.locator("#instrument-list")).not_to_contain_text("5. jan.")
    assert_no_sideways_scroll(page, 390)
    expect(page.locator("#instrument-list")).to_contain_text("rettet af")

    # Registered by mistake after all: deleting asks first, and the answer deletes.
    page.get_by_role("link", name=f"{da('Correct')} Mentor 2. feb.").click()
    page.get_by_role("link", name=da("Delete the registration")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Delete the registration?"))
    assert_accessible(page)
    assert_no_sideways_scroll(page, 390)
    page.get_by_role("button", name=da("Delete the registration")).click()
    expect(page.locator("[role=alert], .alert").first).to_contain_text(
        da("The registration is deleted. It no longer counts in the samarbejdsgrad.")
    )
    expect(page.get_by_text(da("None registered yet."))).to_be_visible()
