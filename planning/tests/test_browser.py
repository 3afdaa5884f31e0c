import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from companies.models import CompanyRelationship
from planning import services
from planning.models import Reminder
from screening.models import Segment
from tests.browser import assert_accessible, log_in
from tests.factories import CompanyFactory, JobcenterFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_consultant_logs_an_overdue_contact_and_the_reminder_is_gone(
    reference_data, live_server, page
):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    karen = UserFactory(jobcenter=jobcenter, username="konsulent", first_name="Karen")
    company = CompanyFactory(name="Struer Maskinfabrik A/S")
    relationship = CompanyRelationship.objects.create(
        jobcenter=jobcenter,
        company=company,
        responsible=karen,
        segment=Segment.objects.get(number=3),
    )
    CompanyRelationship.objects.filter(pk=relationship.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    services.reminders_create()
    assert Reminder.objects.open().count() == 1

    log_in(page, live_server.url, "konsulent", "demo-password-1")
    page.goto(live_server.url + "/planning/")
    overdue = page.locator("#bucket-overdue")
    expect(overdue.get_by_role("link", name="Struer Maskinfabrik A/S", exact=True)).to_be_visible()
    expect(page.locator("#subnav-reminder-count")).to_contain_text("1")
    assert_accessible(page)

    overdue.locator(f'a[href="{company.get_absolute_url()}#log"]').last.click()
    expect(page).to_have_url(f"{live_server.url}{company.get_absolute_url()}#log")
    form = page.locator("#log form")
    form.locator("[name=channel]").select_option("phone")
    form.locator("[name=status]").select_option("done")
    form.locator("[name=occurred_at]").fill(
        timezone.localtime().replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")
    )
    form.locator("[name=summary]").fill("Ringede om rekruttering til lageret")
    form.locator("button[type=submit]").click()
    expect(page.locator("#timeline")).to_contain_text("Ringede om rekruttering")

    page.goto(live_server.url + "/planning/reminders/")
    expect(page.locator("#reminder-total")).to_have_text("0")
    expect(page.locator("#subnav-reminder-count")).to_have_count(0)
    assert page.locator("#reminder-table").count() == 0
    assert_accessible(page)
    assert Reminder.objects.get().closed_reason == Reminder.ClosedReason.NO_LONGER_DUE


def test_the_plan_calendar_and_rules_pages_are_accessible(reference_data, live_server, page):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    UserFactory(jobcenter=jobcenter, username="admin", role="admin")
    log_in(page, live_server.url, "admin", "demo-password-1")
    for path in (
        "/planning/calendar/",
        "/planning/reassign/",
        "/planning/rules/",
        "/planning/rules/1/edit/",
        "/planning/rules/all-companies/edit/",
        "/planning/schedule/",
        "/planning/settings/",
    ):
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
