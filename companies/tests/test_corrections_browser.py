"""Issue 8.8 in the browser at 390 and 1366 px: correct a logged contact and read the
earlier version, change an agreement's deadline, edit and deactivate a contact person;
every page touched passes axe and never scrolls sideways."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from companies.models import CompanyRelationship
from tests.browser import assert_accessible, da, log_in
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ContactFactory,
    ContactPersonFactory,
    JobcenterFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = ((390, 844), (1366, 900))


def _check_both_sizes(page: Page) -> None:
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})


def test_a_consultant_corrects_changes_and_deactivates_on_a_phone(
    reference_data, live_server, page
):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    karen = UserFactory(jobcenter=jobcenter, username="karen", first_name="Karen", password="demo")
    company = CompanyFactory(name="Struer Smedje ApS")
    relationship = CompanyRelationship.objects.create(jobcenter=jobcenter, company=company)
    person = ContactPersonFactory(relationship=relationship, name="Bente Bogholder")
    ContactFactory(
        relationship=relationship,
        consultant=karen,
        contact_person=person,
        summary="Talte om to lærlinge",
        occurred_at=timezone.now() - datetime.timedelta(days=1),
    )
    AgreementFactory(relationship=relationship, description="Send tre CV'er")

    log_in(page, live_server.url, "karen", "demo")
    page.goto(live_server.url + company.get_absolute_url())

    # Correct the contact; the earlier version stays readable.
    page.locator("#timeline").get_by_role("link", name=da("Correct")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Correct contact"))
    _check_both_sizes(page)
    page.get_by_label(da("Summary")).fill("Talte om tre lærlinge")
    page.get_by_role("button", name=da("Save correction")).click()
    expect(page.locator("#timeline")).to_contain_text("Talte om tre lærlinge")
    page.locator("#timeline .contact-corrected").click()
    expect(page.get_by_role("main")).to_contain_text("Talte om to lærlinge")
    _check_both_sizes(page)

    # Move the agreement's deadline into the past: questioned once, then confirmed.
    page.goto(live_server.url + company.get_absolute_url())
    page.locator("#agreements").get_by_role("link", name=da("Change deadline")).click()
    past = timezone.localdate() - datetime.timedelta(days=2)
    page.get_by_label(da("New deadline")).fill(past.isoformat())
    page.get_by_role("button", name=da("Save deadline")).click()
    expect(page.locator("#id_deadline")).to_have_attribute("aria-invalid", "true")
    _check_both_sizes(page)
    page.get_by_label(da("Yes, the date in the past is right")).check()
    page.get_by_role("button", name=da("Save deadline")).click()
    expect(page.locator("#agreements .overdue")).to_have_count(1)

    # Bente has left: deactivated, still named in the log, no longer offered.
    page.locator("#contact-persons").get_by_role("link", name=da("Edit")).click()
    _check_both_sizes(page)
    page.get_by_role("button", name=da("Deactivate contact person")).click()
    expect(page.locator("#timeline")).to_contain_text("Bente Bogholder")
    expect(page.locator("#id_contact_person option", has_text="Bente Bogholder")).to_have_count(0)
    page.locator("#former-contact-persons summary").click()
    expect(page.locator("#former-contact-persons")).to_contain_text("Bente Bogholder")
    _check_both_sizes(page)
