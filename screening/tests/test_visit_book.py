import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact
from screening.models import Visit
from screening.services import visit_confirmation_send
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


def test_it_needs_a_contact_person_with_an_e_mail_address(consultant_client, company, person):
    person.email = ""
    person.save()
    response = consultant_client.post(
        reverse("screening:visit-book", args=[company.code]), _data(person)
    )
    assert "contact_person" in response.context["form"].errors
    assert not Visit.objects.exists()


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
