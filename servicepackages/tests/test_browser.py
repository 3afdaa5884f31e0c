"""The visit checklist on a phone, and the catalogue administration, in chromium."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from companies.models import Agreement, Contact
from servicepackages.models import Product, ServiceDemand
from tests.browser import assert_accessible, log_in
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


def test_a_consultant_fills_in_the_checklist_of_a_planned_visit(jobcenter, live_server, page):
    consultant = UserFactory(jobcenter=jobcenter, username="konsulent", password="demo")
    relationship = RelationshipFactory(
        jobcenter=jobcenter, company=CompanyFactory(name="Struer Maskinfabrik ApS")
    )
    visit = ContactFactory(
        relationship=relationship,
        consultant=consultant,
        contact_person=ContactPersonFactory(relationship=relationship, name="Hanne Holm"),
        channel="visit",
        status="planned",
        occurred_at=timezone.now() + datetime.timedelta(minutes=30),
    )
    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(f"{live_server.url}/catalogue/visits/{visit.code}/checklist/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Struer Maskinfabrik ApS")
    assert_accessible(page)

    page.locator("#id_product-virksomhedspraktik-ticked").check()
    page.locator("#id_product-jobrotation-ticked").check()
    page.locator("#id_product-jobrotation-status").select_option("agreed")
    page.locator("#line-jobrotation summary").click()
    page.locator("#id_product-jobrotation-agreement").fill("To vikarer til jobrotation")
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    page.locator("#id_product-jobrotation-deadline").fill(deadline.isoformat())
    page.locator("#checklist-save").click()
    page.wait_for_url(f"**/companies/{relationship.company.code}/**")

    demands = {
        demand.product.code: demand.status
        for demand in ServiceDemand.objects.filter(relationship=relationship).select_related(
            "product"
        )
    }
    assert demands == {"virksomhedspraktik": "wanted", "jobrotation": "agreed"}
    agreement = Agreement.objects.get(relationship=relationship)
    assert (agreement.service_product.code, agreement.deadline) == ("jobrotation", deadline)
    assert Contact.objects.get(pk=visit.pk).status == "done"


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
