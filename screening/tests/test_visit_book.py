import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact
from screening.models import Visit
from screening.services import visit_confirmation_send
from screening.services.visits import _enqueue_confirmation
from tests.factories import CompanyFactory, ContactPersonFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory(name="Struer Maskinfabrik ApS")


@pytest.fixture
def person(jobcenter_a, company):
    relationship = RelationshipFactory(jobcenter=jobcenter_a, company=company, is_known=True)
    return ContactPersonFactory(relationship=relationship, email="hanne@maskinfabrik.dk")


def _data(person, **overrides):
    starts_at = timezone.localtime() + datetime.timedelta(days=3)
    data = {
        "contact_person": str(person.pk),
        "starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"),
        "place": "Havnevej 4, 7600 Struer",
        "wishes": "Vil høre om fleksjob",
    }
    data.update(overrides)
    return data


def test_it_books_a_visit_from_the_company_page_with_a_confirmation(
    consultant_client, company, person, django_capture_on_commit_callbacks
):
    url = reverse("screening:visit-book", args=[company.code])
    assert consultant_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks() as callbacks:
        response = consultant_client.post(url, _data(person))
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    assert visit.contact.channel == Contact.Channel.VISIT
    assert visit.contact.status == Contact.Status.PLANNED
    assert visit.contact.contact_person == person
    assert visit.campaign_company is None
    assert callbacks, "the confirmation is queued after the commit"
    assert visit_confirmation_send(visit_id=visit.pk) is True
    [message] = mail.outbox
    assert message.to == ["hanne@maskinfabrik.dk"]


def test_it_refuses_a_time_in_the_past_and_keeps_the_input(consultant_client, company, person):
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = consultant_client.post(
        reverse("screening:visit-book", args=[company.code]), _data(person, starts_at=past)
    )
    assert response.status_code == 200
    assert "starts_at" in response.context["form"].errors
    assert response.context["form"].data["wishes"] == "Vil høre om fleksjob"
    assert not Visit.objects.exists()


@pytest.mark.parametrize("email", ["", "   "])
def test_it_books_without_an_e_mail_address_and_says_nothing_is_sent(
    consultant_client, company, person, email, django_capture_on_commit_callbacks
):
    # Issue 8.18: the visit is booked; no confirmation is sent, and the page says so.
    person.email = email.strip()
    person.save()
    url = reverse("screening:visit-book", args=[company.code])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = consultant_client.post(url, _data(person), follow=True)
    visit = Visit.objects.get()
    assert response.redirect_chain[-1][0] == visit.get_absolute_url()
    assert visit.confirmation_status == Visit.ConfirmationStatus.NO_EMAIL
    assert not [c for c in callbacks if getattr(c, "func", None) is _enqueue_confirmation]
    html = response.content.decode()
    assert 'id="confirmation-no-email"' in html
    assert any("e-mail" in str(m) or "mail" in str(m) for m in response.context["messages"])
    assert visit_confirmation_send(visit_id=visit.pk) is False
    assert mail.outbox == []
    # The overview does not list it as a confirmation waiting to go out.
    overview = consultant_client.get(reverse("screening:overview"))
    assert visit not in list(overview.context["unconfirmed_visits"])
    # Send again, still without an address: nothing is queued, the page says why.
    again = consultant_client.post(
        reverse("screening:visit-confirmation-resend", args=[visit.code]), follow=True
    )
    assert any("e-mail" in str(m) for m in again.context["messages"])
    visit.refresh_from_db()
    assert visit.confirmation_status == Visit.ConfirmationStatus.NO_EMAIL


def test_an_address_added_later_lets_the_confirmation_go_out(
    consultant_client, company, person, django_capture_on_commit_callbacks
):
    person.email = ""
    person.save()
    consultant_client.post(reverse("screening:visit-book", args=[company.code]), _data(person))
    visit = Visit.objects.get()
    person.email = "hanne@maskinfabrik.dk"
    person.save()
    with django_capture_on_commit_callbacks(execute=False):
        consultant_client.post(reverse("screening:visit-confirmation-resend", args=[visit.code]))
    visit.refresh_from_db()
    assert visit.confirmation_status == Visit.ConfirmationStatus.PENDING
    assert visit_confirmation_send(visit_id=visit.pk) is True
    assert [message.to for message in mail.outbox] == [["hanne@maskinfabrik.dk"]]


def test_book_a_visit_starts_from_the_company_address(consultant_client, company, person):
    company.address, company.postal_code, company.city = "Havnevej 4", "7600", "Struer"
    company.save()
    response = consultant_client.get(reverse("screening:visit-book", args=[company.code]))
    assert response.context["form"]["place"].value() == "Havnevej 4, 7600 Struer"
    assert 'value="Havnevej 4, 7600 Struer"' in response.content.decode()


def test_it_gives_another_jobcenter_404_for_a_company_outside_its_area(outsider_client, company):
    assert (
        outsider_client.get(reverse("screening:visit-book", args=[company.code])).status_code == 404
    )


def test_it_offers_only_the_own_jobcenters_contact_persons(
    outsider_client, jobcenter_b, company, person
):
    company.municipality_codes = ["0671", "0661"]
    company.save()
    response = outsider_client.post(
        reverse("screening:visit-book", args=[company.code]), _data(person)
    )
    assert response.status_code == 200
    assert "contact_person" in response.context["form"].errors
    assert not Visit.objects.exists()
