"""Issue 8 point 5: a new user is invited by e-mail with a single-use, expiring link; a
forgotten password is asked for without revealing whether an address exists; a
deactivated user is signed out at once."""

import datetime
import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Havnegade-Kaffe-Tur-88"


def _link(message) -> str:
    found = re.search(r"https?://testserver(/\S+)", message.body)
    assert found, message.body
    return found.group(1)


def _set_password(client: Client, link: str, password: str = NEW_PASSWORD):
    # Django moves the token out of the URL into the session before showing the form.
    # An invalid or expired link shows the "used or expired" page (200) instead.
    response = client.get(link)
    if response.status_code != 302:
        assert response.context["validlink"] is False
        return response
    form_url = response["Location"]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def _logs_in(username: str, password: str) -> bool:
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    return response.status_code == 302 and response["Location"] == reverse("reports:home")


def _create(admin_client_a, username: str = "nyansat", email: str = "ny@struer.dk"):
    return admin_client_a.post(
        reverse("accounts:user-create"),
        {"username": username, "first_name": "Nina", "email": email, "role": "consultant",
         "is_active": "on"},
    )  # fmt: skip


def test_an_invited_user_sets_a_password_and_logs_in(admin_client_a, jobcenter_a):
    response = _create(admin_client_a)
    assert response.status_code == 302
    user = User.objects.get(username="nyansat")
    assert not user.has_usable_password()
    assert user.invited_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny@struer.dk"]
    assert message.subject == "Din adgang til jobcenter-crm"
    assert "Kære Nina" in message.body
    assert "Dit brugernavn: nyansat" in message.body
    assert "Jobcenter Struer" in message.body

    client = Client()
    response = _set_password(client, _link(message))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "Din adgangskode er gemt" in client.get(response["Location"]).content.decode()
    assert _logs_in("nyansat", NEW_PASSWORD)


def test_the_invitation_link_works_once(admin_client_a):
    _create(admin_client_a)
    link = _link(mail.outbox[0])
    assert _set_password(Client(), link).status_code == 302
    response = Client().get(link, follow=True)
    assert response.context["validlink"] is False
    assert "allerede brugt eller er udløbet" in response.content.decode()
    # Nor can the same link set another password.
    _set_password(Client(), link, "Et-helt-andet-kodeord-77")
    assert _logs_in("nyansat", NEW_PASSWORD)


@pytest.mark.parametrize(
    "hours_later, works", [(1, True), (71, True), (73, False), (24 * 30, False)]
)
def test_the_invitation_link_expires(admin_client_a, hours_later, works):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        _create(admin_client_a)
        traveller.shift(datetime.timedelta(hours=hours_later))
        _set_password(Client(), _link(mail.outbox[0]))
    assert User.objects.get(username="nyansat").has_usable_password() is works


def test_resending_sends_a_new_link_and_the_old_one_stops_working(admin_client_a):
    _create(admin_client_a)
    user = User.objects.get(username="nyansat")
    response = admin_client_a.post(reverse("accounts:user-invite", args=[user.code]))
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    old, new = _link(mail.outbox[0]), _link(mail.outbox[1])
    assert old != new
    _set_password(Client(), old)
    assert not User.objects.get(pk=user.pk).has_usable_password()
    _set_password(Client(), new)
    assert _logs_in("nyansat", NEW_PASSWORD)


def test_a_deactivated_users_invitation_does_not_work(admin_client_a):
    _create(admin_client_a)
    user = User.objects.get(username="nyansat")
    User.objects.filter(pk=user.pk).update(is_active=False)
    _set_password(Client(), _link(mail.outbox[0]))
    assert not User.objects.get(pk=user.pk).has_usable_password()


def test_an_invitation_link_is_no_password_reset_link_and_the_reverse(admin_client_a):
    _create(admin_client_a)
    invitation = _link(mail.outbox[0])
    as_reset = invitation.replace("/accounts/invitation/", "/accounts/password/forgotten/")
    assert as_reset != invitation
    _set_password(Client(), as_reset)
    assert not User.objects.get(username="nyansat").has_usable_password()


def test_creating_a_user_needs_an_e_mail_address(admin_client_a):
    response = _create(admin_client_a, email="")
    assert response.status_code == 200
    with translation.override("da"):
        required = translation.gettext("This field is required.")
    assert required in response.content.decode()
    assert not User.objects.filter(username="nyansat").exists()
    assert mail.outbox == []


def test_a_failed_send_tells_the_admin_in_danish(admin_client_a, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    response = _create(admin_client_a)
    assert response.status_code == 302
    page = admin_client_a.get(response["Location"]).content.decode()
    assert "kunne ikke sendes" in page
    assert User.objects.filter(username="nyansat").exists()


def test_only_an_admin_of_the_jobcenter_can_send_an_invitation(
    consultant_client, team_lead_client, admin_client_a, consultant, outsider
):
    url = reverse("accounts:user-invite", args=[consultant.code])
    assert consultant_client.post(url).status_code == 403
    assert team_lead_client.post(url).status_code == 403
    assert (
        admin_client_a.post(reverse("accounts:user-invite", args=[outsider.code])).status_code
        == 404
    )
    assert mail.outbox == []


# Forgotten password ---------------------------------------------------------------------


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def _without_csrf(content: bytes) -> str:
    # The CSRF token is the only part of a page that differs between two requests.
    return re.sub(
        r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', "", content.decode()
    )


def _forgotten(email: str):
    return Client().post(reverse("accounts:password-reset"), {"email": email}, follow=True)


def test_the_login_page_links_to_forgotten_password(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password-reset") in page
    assert "Glemt adgangskode?" in page


def test_a_forgotten_password_is_reset_by_the_link(eager, consultant):
    consultant.email = "karen@struer.dk"
    consultant.save()
    response = _forgotten("Karen@Struer.DK ")
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Vælg en ny adgangskode til jobcenter-crm"
    _set_password(Client(), _link(mail.outbox[0]))
    assert _logs_in("konsulent", NEW_PASSWORD)
    assert not _logs_in("konsulent", "demo-password-1")


KNOWN = "karen@struer.dk"
UNKNOWN_VARIANTS = [
    "ukendt@struer.dk",
    "karen@struer.dkk",
    "karen@holstebro.dk",
    "karen+1@struer.dk",
    "KAREN@struer.dk.evil",
    "inaktiv@struer.dk",
]


@pytest.mark.parametrize("email", [KNOWN, KNOWN.upper(), *UNKNOWN_VARIANTS])
def test_the_answer_never_reveals_whether_an_address_exists(eager, jobcenter_a, email):
    UserFactory(jobcenter=jobcenter_a, username="karen", email=KNOWN)
    UserFactory(jobcenter=jobcenter_a, username="inaktiv", email="inaktiv@struer.dk")
    User.objects.filter(username="inaktiv").update(is_active=False)
    reference = _forgotten("nobody-at-all@example.org")
    response = _forgotten(email)
    assert response.status_code == reference.status_code == 200
    assert response.redirect_chain == reference.redirect_chain
    assert _without_csrf(response.content) == _without_csrf(reference.content)
    sent = [message.to for message in mail.outbox]
    assert sent == ([[KNOWN]] if email.lower() == KNOWN else [])


def test_a_forgotten_password_form_rerenders_a_bad_address_in_danish(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "ikke en adresse"})
    assert response.status_code == 400
    with translation.override("da"):
        invalid = translation.gettext("Enter a valid email address.")
    assert invalid in response.content.decode()
    assert response.context["form"].data["email"] == "ikke en adresse"


@pytest.fixture
def broker_down():
    """The Celery app's broker is an address where nothing listens (a real refusal)."""
    from jobcenter_crm.celery import app

    saved = app.conf.broker_url, app.conf.broker_write_url
    app.conf.broker_url = app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    app._after_fork()  # forget pooled connections, as a forked worker does
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.broker_write_url = saved
        app._after_fork()


def test_a_forgotten_password_is_sent_also_when_the_broker_is_down(broker_down, consultant):
    consultant.email = "karen@struer.dk"
    consultant.save()
    response = _forgotten("karen@struer.dk")
    assert response.status_code == 200
    assert [message.to for message in mail.outbox] == [["karen@struer.dk"]]


# Deactivation ------------------------------------------------------------------------------


def test_deactivating_a_user_ends_their_sessions_at_once(admin_client_a, consultant, team_lead):
    signed_in = Client()
    signed_in.post(
        reverse("accounts:login"), {"username": "konsulent", "password": "demo-password-1"}
    )
    other_device = Client()
    other_device.force_login(consultant)
    colleague = Client()
    colleague.force_login(team_lead)
    assert signed_in.get(reverse("reports:home")).status_code == 200
    sessions_before = Session.objects.count()

    response = admin_client_a.post(
        reverse("accounts:user-edit", args=[consultant.code]),
        {"first_name": "Karen", "email": "karen@struer.dk", "role": "consultant"},
    )
    assert response.status_code == 302
    for device in (signed_in, other_device):
        response = device.get(reverse("companies:company-list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert Session.objects.count() == sessions_before - 2
    # The colleague and the admin stay signed in.
    assert colleague.get(reverse("reports:home")).status_code == 200
    assert admin_client_a.get(reverse("accounts:user-list")).status_code == 200
    assert not _logs_in("konsulent", "demo-password-1")
