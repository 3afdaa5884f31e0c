import datetime

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from companies import services as company_services
from companies.models import CompanyRelationship
from planning import services
from planning.models import Reminder
from screening.models import Segment
from tests.browser import log_in
from tests.factories import CompanyFactory, JobcenterFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page):
    page.add_script_tag(path=str(django_settings.BASE_DIR / "node_modules/axe-core/axe.min.js"))
    violations = page.evaluate(
        "async () => (await axe.run({runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}))"
        ".violations"
    )
    assert violations == [], [(v["id"], [n["html"] for n in v["nodes"]]) for v in violations]


@pytest.fixture
def reminder_hooks(settings, monkeypatch):
    """What the lead wires in: the badge's context processor and contact_log's hook.
    Added here only while they are not in place yet."""
    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    if "planning.context_processors.reminder_count" not in processors:
        templates = [dict(settings.TEMPLATES[0])]
        templates[0]["OPTIONS"] = {
            **templates[0]["OPTIONS"],
            "context_processors": [*processors, "planning.context_processors.reminder_count"],
        }
        settings.TEMPLATES = templates
    source = (django_settings.BASE_DIR / "companies" / "services.py").read_text()
    if "reminders_close_for_relationship" not in source:
        real = company_services.contact_log

        def contact_log_with_hook(**kwargs):
            contact = real(**kwargs)
            transaction.on_commit(
                lambda: services.reminders_close_for_relationship(contact.relationship)
            )
            return contact

        monkeypatch.setattr(company_services, "contact_log", contact_log_with_hook)


def test_a_consultant_logs_an_overdue_contact_and_the_reminder_is_gone(
    reference_data, reminder_hooks, live_server, page
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
