import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from screening.calendar import parse_ics
from screening.models import Campaign, CampaignCompany, Visit
from tests.browser import assert_accessible, da, log_in
from tests.factories import CompanyFactory, JobcenterFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_user(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base_url, username, "demo")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_consultant_screens_a_company_and_the_team_lead_sees_it(
    reference_data, live_server, page, settings
):
    # The confirmation goes through Celery; here the task runs in the request.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    UserFactory(jobcenter=jobcenter, username="konsulent", first_name="Karen", password="demo")
    UserFactory(jobcenter=jobcenter, username="teamleder", role="team_lead", password="demo")
    UserFactory(jobcenter=jobcenter, username="admin", role="admin", password="demo")
    CompanyFactory(name="Aa Struer Maskinfabrik ApS")
    CompanyFactory(name="Bb Struer Bageri ApS")
    CompanyFactory(name="Cc Enkeltmandsfirma", employee_band="1")
    base = live_server.url

    # The team lead builds the net list and saves it as a pilot campaign.
    switch_user(page, base, "teamleder")
    page.goto(f"{base}/screening/")
    assert_accessible(page)
    page.locator("#new-net-list").click()
    expect(page.locator("#net-list-count-value")).to_have_attribute("data-count", "2")
    assert_accessible(page)
    page.get_by_label(da("Leave out one-person companies (0-1 employees)")).uncheck()
    expect(page.locator("#net-list-count-value")).to_have_attribute("data-count", "3")
    page.get_by_label(da("Leave out one-person companies (0-1 employees)")).check()
    expect(page.locator("#net-list-count-value")).to_have_attribute("data-count", "2")
    page.locator("#id_name").fill("Pilot september")
    page.locator("#id_target").fill("30")
    page.locator("#id_is_pilot").check()
    page.locator("input[name=consultants]").first.check()
    page.get_by_role("button", name=da("Save the net list as a campaign")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pilot september")
    campaign = Campaign.objects.get()
    assert campaign.campaign_companies.count() == 2
    assert_accessible(page)
    page.locator("#progress-link").click()
    expect(page.locator("#progress-summary")).to_have_attribute("data-screened", "0")
    assert_accessible(page)

    # The consultant calls the next company and screens it into segment 1 with a visit.
    switch_user(page, base, "konsulent")
    page.goto(f"{base}{campaign.get_absolute_url()}")
    page.locator("#next-company").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aa Struer Maskinfabrik ApS")
    assert_accessible(page)
    page.locator("#screen-link").click()
    assert_accessible(page)
    # "No" to question 1 and a binding agreement in question 2 disagree: a visible warning.
    page.locator("input[name=answer_1][value=no]").check()
    page.locator("input[name=answer_2][value=binding_agreement]").check()
    expect(page.locator("#disagreement-warning")).to_be_visible()
    page.locator("input[name=answer_1][value=yes]").check()
    expect(page.locator("#disagreement-warning")).to_have_count(0)
    expect(page.locator("#proposed-segment")).to_have_attribute("data-segment", "1")
    expect(page.locator("input[name=segment][value='1']")).to_be_checked()
    assert_accessible(page)
    page.locator("#id_new_person_name").fill("Hanne Holm")
    page.locator("#id_new_person_position").fill("HR-chef")
    page.locator("#id_new_person_email").fill("hanne@maskinfabrik.dk")
    page.locator("#id_book_visit").check()
    visit_day = timezone.localdate() + datetime.timedelta(days=7)
    page.locator("#id_visit_date").fill(visit_day.isoformat())
    page.locator("#id_visit_time").fill("10:00")
    page.locator("#id_visit_wishes").fill("Vil høre om voksenlærlinge")
    page.get_by_role("button", name=da("Save the screening")).click()
    expect(page.locator("#visits")).to_contain_text("Aa Struer Maskinfabrik ApS")
    assert_accessible(page)

    # The confirmation e-mail with its invitation is in the outbox.
    [message] = mail.outbox
    assert message.to == ["hanne@maskinfabrik.dk"]
    [part] = message.attachments
    fields = dict(parse_ics(part.get_payload(decode=True).decode()))
    assert fields["METHOD"] == "REQUEST"
    visit = Visit.objects.get()
    assert fields["UID"] == visit.ical_uid
    assert visit.confirmation_status == Visit.ConfirmationStatus.SENT
    assert CampaignCompany.objects.get(status="screened").assessment.segment_id == 1

    page.goto(f"{base}{visit.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aa Struer Maskinfabrik ApS")
    assert_accessible(page)

    # At the visit: the checklist with two products and one agreement ...
    page.goto(f"{base}/catalogue/visits/{visit.contact.code}/checklist/")
    page.locator("#track-recruitment").click()  # the tracks are folded
    page.locator("#track-upskilling").click()
    page.locator("#id_product-virksomhedspraktik-ticked").check()
    page.locator("#id_product-jobrotation-ticked").check()
    page.locator("#id_product-jobrotation-status").select_option("agreed")
    page.locator("#line-jobrotation summary").click()
    page.locator("#id_product-jobrotation-agreement").fill("To vikarer til jobrotation")
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    page.locator("#id_product-jobrotation-deadline").fill(deadline.isoformat())
    page.locator("#checklist-save").click()
    # ... and the company page shows the segment history and the demands.
    page.wait_for_url("**/companies/**")
    expect(page.locator("#segment-history")).to_contain_text("Formaliseret samarbejde")
    expect(page.locator("#service-demands")).to_contain_text("Virksomhedspraktik")
    expect(page.locator("#service-demands")).to_contain_text("Jobrotation")
    expect(page.locator("#agreements")).to_contain_text("To vikarer til jobrotation")
    assert_accessible(page)
    page.goto(f"{base}/screening/campaigns/{campaign.code}/feedback/")
    page.locator("#id_companies_understand_answer").fill("Ja, spørgsmålene er klare")
    page.locator("#id_companies_understand_rating").select_option("4")
    assert_accessible(page)
    page.get_by_role("button", name=da("Save my answers")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pilot september")

    # The team lead sees the progress change and reads the evaluation.
    switch_user(page, base, "teamleder")
    page.goto(f"{base}/screening/campaigns/{campaign.code}/progress/")
    expect(page.locator("#progress-summary")).to_have_attribute("data-screened", "1")
    expect(page.locator("#segment-table")).to_contain_text("36 %")
    page.goto(f"{base}/screening/campaigns/{campaign.code}/feedback/all/")
    expect(page.get_by_text("Ja, spørgsmålene er klare")).to_be_visible()
    assert_accessible(page)

    # The admin's page for the questions.
    switch_user(page, base, "admin")
    page.goto(f"{base}/screening/questions/")
    expect(page.locator("#id_question_1")).to_have_value(
        "Er Jobcenter Struer en vigtig samarbejdspartner for din virksomhed?"
    )
    assert_accessible(page)
