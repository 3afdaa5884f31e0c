"""The visit checklist on a phone, and the catalogue administration, in chromium."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from companies.models import Agreement, Contact
from servicepackages.models import Product, ServiceDemand
from tests.browser import assert_accessible, da, log_in
from tests.factories import (
    CompanyFactory,
    ContactFactory,
    ContactPersonFactory,
    JobcenterFactory,
    RelationshipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def jobcenter(reference_data):
    return JobcenterFactory(name="Jobcenter Struer")


def test_a_visit_booked_for_next_week_stays_planned_through_its_checklist(
    jobcenter, live_server, page, settings
):
    """Issue 8.1 on a 390 px phone: book a visit for next week, fill in its checklist
    beforehand; the visit is still planned at its time. Then, once the time has come, the
    short outcome form marks it done."""
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the confirmation is sent in the request
    UserFactory(jobcenter=jobcenter, username="konsulent", password="demo")
    relationship = RelationshipFactory(
        jobcenter=jobcenter, company=CompanyFactory(name="Struer Maskinfabrik ApS")
    )
    person = ContactPersonFactory(
        relationship=relationship, name="Hanne Holm", email="hanne@example.dk"
    )
    base = live_server.url
    log_in(page, base, "konsulent", "demo")
    page.goto(f"{base}/companies/{relationship.company.code}/")
    page.locator("#book-visit-link").click()
    assert_accessible(page)
    starts_at = timezone.localtime() + datetime.timedelta(days=7)
    starts_at = starts_at.replace(hour=10, minute=0, second=0, microsecond=0)
    page.locator("#id_contact_person").select_option(str(person.pk))
    page.locator("#id_starts_at").fill(starts_at.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_place").fill("Fabriksvej 1, 7600 Struer")
    page.get_by_role("button", name=da("Book the visit")).click()
    expect(page.locator("#checklist-link")).to_be_visible()
    assert_accessible(page)
    expect(page.locator("#outcome-link")).to_have_count(0)  # not before its time

    page.locator("#checklist-link").click()
    expect(page.locator("#visit-not-due")).to_be_visible()
    expect(page.locator("#id_complete_visit")).to_have_count(0)
    assert_accessible(page)
    page.locator("#track-recruitment").click()  # the folded track opens
    page.locator("#id_product-virksomhedspraktik-ticked").check()
    page.locator("#track-upskilling").click()
    page.locator("#line-jobrotation summary").click()
    page.locator("#id_product-jobrotation-agreement").fill("To vikarer til jobrotation")
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    page.locator("#id_product-jobrotation-deadline").fill(deadline.isoformat())
    # The save button is in view without scrolling through the catalogue.
    expect(page.locator("#checklist-save")).to_be_in_viewport()
    page.locator("#checklist-save").click()
    page.wait_for_url(f"**/companies/{relationship.company.code}/")
    # The success message is where the user lands.
    expect(page.get_by_text(da("The visit is still planned."))).to_be_in_viewport()
    assert_accessible(page)

    demands = {
        demand.product.code: demand.status
        for demand in ServiceDemand.objects.filter(relationship=relationship).select_related(
            "product"
        )
    }
    assert demands == {"virksomhedspraktik": "wanted", "jobrotation": "wanted"}
    agreement = Agreement.objects.get(relationship=relationship)
    assert (agreement.service_product.code, agreement.deadline) == ("jobrotation", deadline)
    visit = Contact.objects.get(relationship=relationship, channel="visit")
    assert visit.status == "planned"
    assert visit.occurred_at == starts_at
    assert page.context.pages == [page]


def test_a_held_visit_is_recorded_in_two_taps_from_the_plan(jobcenter, live_server, page):
    consultant = UserFactory(jobcenter=jobcenter, username="konsulent", password="demo")
    relationship = RelationshipFactory(
        jobcenter=jobcenter, company=CompanyFactory(name="Struer Maskinfabrik ApS")
    )
    visit = ContactFactory(
        relationship=relationship,
        consultant=consultant,
        channel="visit",
        status="planned",
        occurred_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    month = timezone.localtime(visit.occurred_at).strftime("%Y-%m")
    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(f"{live_server.url}/planning/")
    page.get_by_role("link", name=da("Calendar")).click()  # tap 1
    if month != timezone.localdate().strftime("%Y-%m"):  # just after midnight on the 1st
        page.goto(f"{live_server.url}/planning/calendar/?month={month}")
    page.get_by_role("link", name=da("The visit took place")).first.click()  # tap 2
    assert_accessible(page)
    page.locator("#id_summary").fill("Godt møde; to i praktik til foråret")
    page.locator("#visit-outcome-save").click()
    page.wait_for_url("**/planning/calendar/**")
    expect(page.get_by_text(da("The visit was marked as done."))).to_be_in_viewport()
    visit.refresh_from_db()
    assert (visit.status, visit.summary) == ("done", "Godt møde; to i praktik til foråret")


def test_the_checklist_shows_errors_accessibly(jobcenter, live_server, page):
    consultant = UserFactory(jobcenter=jobcenter, username="konsulent", password="demo")
    relationship = RelationshipFactory(jobcenter=jobcenter)
    visit = ContactFactory(
        relationship=relationship, consultant=consultant, channel="visit", status="done"
    )
    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(f"{live_server.url}/catalogue/visits/{visit.code}/checklist/")
    page.locator("#id_segment_4").check()
    page.locator("#id_other_text").fill("Fritekst der bliver stående")
    page.locator("#checklist-save").click()
    expect(page.locator("#checklist-errors")).to_be_visible()
    expect(page.locator("#id_other_text")).to_have_value("Fritekst der bliver stående")
    expect(page.locator("#id_segment_reason")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_an_admin_manages_the_catalogue(jobcenter, live_server, page):
    UserFactory(jobcenter=jobcenter, username="admin", role="admin", password="demo")
    log_in(page, live_server.url, "admin", "demo")
    page.goto(f"{live_server.url}/catalogue/")
    assert_accessible(page)
    page.locator("#catalogue-manage-link").click()
    expect(page.locator("#product-create-link")).to_be_visible()
    assert_accessible(page)

    page.locator("#product-create-link").click()
    assert_accessible(page)
    page.locator("#id_name").fill("Guldservice")
    page.locator("#id_track").select_option(label="Rekruttering")
    page.locator("#id_level").select_option("extended")
    page.locator("#id_response_hours").fill("3")
    page.locator("#form-save").click()
    expect(page.locator("#product-create-link")).to_be_visible()
    product = Product.objects.get(jobcenter=jobcenter, name="Guldservice")
    assert product.response_hours == 3

    page.locator(f"#product-{product.code} button.btn-outline-danger").click()
    expect(page.locator(f"#retired-{product.code}")).to_be_visible()
    product.refresh_from_db()
    assert product.is_retired

    page.locator("#package-create-link").click()
    assert_accessible(page)
    page.locator("#id_name").fill("Guld")
    page.locator("#form-save").click()
    expect(page.locator("#package-guld")).to_be_visible()
