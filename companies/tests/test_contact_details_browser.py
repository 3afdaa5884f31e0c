import pytest
from playwright.sync_api import expect

from companies.models import Workplace
from tests.browser import assert_accessible, log_in
from tests.factories import CompanyFactory, JobcenterFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_consultant_corrects_a_phone_number_on_a_phone(reference_data, live_server, page):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    UserFactory(jobcenter=jobcenter, username="konsulent", password="demo")
    company = CompanyFactory(name="Struer Tømrer ApS", phone="97851200", advertising_protected=True)
    Workplace.objects.create(
        company=company, p_number="1005408410", name="Værkstedet", phone_secret=True
    )
    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(live_server.url + company.get_absolute_url())
    expect(page.locator('a[href="tel:97851200"]')).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ret telefon eller e-mail").click()
    assert_accessible(page)
    workplace = page.get_by_role("region", name="Værkstedet · P-nummer 1005408410")
    workplace.get_by_label("Telefon").fill("20 20 20 20")
    workplace.get_by_role("button", name="Gem").click()

    expect(page.get_by_text("Telefon og e-mail er gemt.")).to_be_visible()
    expect(page.locator('a[href="tel:20202020"]')).to_be_visible()
    assert page.url.endswith(company.get_absolute_url())
