import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser import assert_accessible, log_in
from tests.factories import JobcenterFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_a_consultant_in_to_the_danish_start_page(reference_data, live_server, page):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    UserFactory(jobcenter=jobcenter, username="konsulent", first_name="Karen", password="demo")

    page.goto(live_server.url + "/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    log_in(page, live_server.url, "konsulent", "demo")

    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Karen")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    # The phone layout collapses the navigation behind a labelled button.
    page.get_by_role("button", name="Vis navigation").click()
    expect(page.get_by_role("link", name="Servicekatalog")).to_be_visible()


def test_it_shows_a_danish_error_on_a_wrong_password(reference_data, live_server, page):
    UserFactory(username="konsulent", password="demo")
    log_in(page, live_server.url, "konsulent", "forkert")
    expect(page.get_by_role("alert")).to_contain_text("korrekt brugernavn og adgangskode")


def test_a_new_user_follows_the_invitation_sets_a_password_and_logs_in(
    reference_data, live_server, page
):
    jobcenter = JobcenterFactory(name="Jobcenter Struer")
    UserFactory(jobcenter=jobcenter, username="admin", role="admin", password="demo")
    base = live_server.url

    # The admin creates the user on a phone; the invitation goes out at once.
    log_in(page, base, "admin", "demo")
    page.goto(f"{base}/accounts/users/create/")
    assert_accessible(page)
    page.get_by_label("Brugernavn").fill("nina")
    page.get_by_label("Fornavn").fill("Nina")
    page.get_by_label("E-mail").fill("nina@struer.dk")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status").first).to_contain_text("oprettet")
    expect(page.locator("main")).to_contain_text("invitation sendt til nina@struer.dk")
    assert_accessible(page)
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)

    # The new user opens the link in a browser of their own.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vælg din adgangskode")
    expect(page.locator("main")).to_contain_text("Dit brugernavn er nina")
    assert "/set-password/" in page.url  # the token left the address bar
    assert_accessible(page)
    page.locator("#id_new_password1").fill("Limfjorden-Cykel-Sti-27")
    page.locator("#id_new_password2").fill("Limfjorden-Cykel-Sti-27")
    page.get_by_role("button", name="Gem adgangskoden").click()
    expect(page.get_by_role("status")).to_contain_text("Din adgangskode er gemt")
    assert_accessible(page)
    log_in(page, base, "nina", "Limfjorden-Cykel-Sti-27")
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Nina")

    # The link works once.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.locator("#invalid-link")).to_be_visible()
    assert_accessible(page)


def test_the_forgotten_password_pages_are_accessible(reference_data, live_server, page):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("link", name="Glemt adgangskode?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glemt adgangskode")
    assert_accessible(page)
    page.get_by_label("Din e-mailadresse").fill("hvem-som-helst@example.org")
    page.get_by_role("button", name="Send linket").click()
    expect(page.locator("#reset-sent")).to_contain_text("Hører adressen til en bruger")
    assert_accessible(page)
