import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from matching.models import JobOrder
from matching.services import job_order_settings_update
from tests.browser import assert_accessible, log_in
from tests.factories import CompanyFactory, JobcenterFactory, UserFactory

from .factories import make_candidate
from .orders import take_job_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_consultant_takes_a_job_order_by_phone_from_the_company_page(
    reference_data, live_server, page
):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    UserFactory(jobcenter=jobcenter, username="konsulent", first_name="Karen", password="demo")
    company = CompanyFactory(name="Struer Stål A/S", postal_code="7600")

    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(live_server.url + company.get_absolute_url())
    page.get_by_role("link", name="Tag en jobordre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny jobordre")
    assert_accessible(page)

    page.get_by_label("Stillingsbetegnelse").fill("Svejser til produktionen")
    page.locator("#id_occupation").fill("Svejser")
    page.get_by_label("Type").select_option("wage_subsidy_private")
    page.get_by_label("Antal stillinger").fill("2")
    page.get_by_label("Krævede certifikater").fill("Svejsecertifikat")
    page.get_by_label("Krævede kørekort").fill("B")
    page.get_by_label("Ønskede kompetencer").fill("MIG/MAG, TIG")
    page.get_by_label("Modtaget via").select_option("hotline")
    page.get_by_role("button", name="Gem jobordre").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Svejser til produktionen")
    expect(page.locator("#order-state")).to_contain_text("tilbage")
    assert_accessible(page)
    order = JobOrder.objects.get()
    assert order.respond_by - order.received_at == datetime.timedelta(hours=3)
    assert order.required_certificates == ["Svejsecertifikat"]
    assert order.wished_skills == ["MIG/MAG", "TIG"]

    page.goto(live_server.url + company.get_absolute_url())
    expect(page.locator("#job-orders")).to_contain_text("Svejser til produktionen")


def test_a_consultant_fills_an_order_from_the_ranked_candidates(reference_data, live_server, page):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    consultant = UserFactory(jobcenter=jobcenter, username="konsulent", password="demo")
    order = take_job_order(
        user=consultant,
        company=CompanyFactory(name="Struer Stål A/S"),
        title="Svejser til produktionen",
        occupation="Svejser",
        requirements={"certificates": ["Svejsecertifikat"]},
        wishes={"skills": ["TIG"]},
    )
    for name, skills in [
        ("Søren Svejser", ["TIG-svejsning", "MIG/MAG"]),
        ("Sara Smed", ["TIG"]),
        ("Lars Lagermand", ["Svejsning"]),
        ("Bente Bager", []),
    ]:
        make_candidate(
            jobcenter,
            name=name,
            wanted_occupations=["Svejser"] if name != "Bente Bager" else ["Bager"],
            certificates=["Svejsecertifikat"],
            skills=skills,
            unemployed_since=timezone.localdate() - datetime.timedelta(days=200),
        )

    log_in(page, live_server.url, "konsulent", "demo")
    page.goto(live_server.url + order.get_absolute_url())
    page.get_by_role("link", name="Find kandidater").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kandidater rangeret til ordren")
    first = page.locator(".match").first
    expect(first).to_contain_text("Søren Svejser")
    expect(first.locator(".criterion").first).to_be_visible()
    expect(first.locator("mark").first).to_be_visible()
    expect(first).to_contain_text("Ledig siden")
    assert_accessible(page)

    for _ in range(3):
        page.locator(".match button", has_text="på ordren").first.click()
        expect(page.locator(".alert-success")).to_contain_text("er sat på ordren")
    expect(page.locator(".match .badge", has_text="På ordren")).to_have_count(3)

    page.get_by_role("link", name="Tilbage til ordren").click()
    expect(page.locator("#candidate-target")).to_contain_text("3 egnede kandidater")
    hired = page.locator(".placement").first
    hired_name = hired.locator("strong").inner_text()
    for step in ("Præsenteret for virksomheden", "Samtale", "Ansat"):
        hired = page.locator(".placement", has_text=hired_name)
        hired.get_by_label("Næste trin").select_option(label=step)
        hired.get_by_role("button", name="Registrér trinnet").click()
        expect(page.locator(".alert-success")).to_contain_text("Trinnet er registreret")
    assert_accessible(page)

    expect(page.locator("#order-state")).to_contain_text("Besat")
    expect(page.locator(".placement", has_text=hired_name)).to_contain_text("Samtale")
    order.refresh_from_db()
    assert order.status == JobOrder.Status.FILLED


def test_the_on_duty_consultant_sees_an_overdue_order_at_the_top_of_the_watch(
    reference_data, live_server, page
):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    taker = UserFactory(jobcenter=jobcenter, username="modtager")
    on_duty = UserFactory(
        jobcenter=jobcenter, username="vagt", first_name="Vagn", last_name="Vagt", password="demo"
    )
    job_order_settings_update(
        jobcenter=jobcenter, response_hours=24, hotline_response_hours=3, on_duty=[on_duty]
    )
    company = CompanyFactory(name="Holstebro Lager ApS")
    take_job_order(user=taker, company=company, title="Lagermedarbejder")
    take_job_order(
        user=taker,
        company=company,
        title="Truckfører til i morges",
        channel="hotline",
        received_at=timezone.now() - datetime.timedelta(hours=5),
    )

    log_in(page, live_server.url, "vagt", "demo")
    page.get_by_role("button", name="Vis navigation").click()
    expect(page.locator("#order-watch-count")).to_contain_text("2")
    page.get_by_role("link", name="Ordrevagt").click()

    expect(page.locator("#on-duty")).to_contain_text("Vagn Vagt")
    first_row = page.locator(".job-order-table tbody tr").first
    expect(first_row).to_contain_text("Truckfører til i morges")
    expect(first_row).to_contain_text("Overskredet med")
    assert_accessible(page)
