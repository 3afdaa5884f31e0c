"""A double click on the screening form does nothing twice (issue 9.4): the form, in a
campaign's call and on a company's own page, carries the one-time token, so the same
screening with an agreed visit sent twice books one visit and sends the company one
e-mail; the second answer leads to the first result."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import FormSubmission
from companies.models import Contact
from screening.models import SegmentAssessment, Visit
from tests.factories import CompanyFactory, ContactPersonFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(jobcenter_a):
    company = CompanyFactory(name="Dobbeltklik Maskiner ApS")
    RelationshipFactory(jobcenter=jobcenter_a, company=company)
    return company


@pytest.fixture
def company_person(company, jobcenter_a):
    relationship = company.relationships.get(jobcenter=jobcenter_a)
    return ContactPersonFactory(relationship=relationship, email="hr@dobbeltklik.dk")


def _screening(person, token, **extra):
    day = timezone.localdate() + datetime.timedelta(days=4)
    return {
        "submit_token": token,
        "answer_1": "yes",
        "answer_2": "binding_agreement",
        "segment": "1",
        "contact_person": str(person.pk),
        "book_visit": "on",
        "visit_date": day.isoformat(),
        "visit_time": "10:00",
        "visit_place": "Havnevej 4, 7600 Struer",
        "visit_wishes": "Fleksjob",
        **extra,
    }


def _drawn_token(client, url):
    """The token the page drew into its form, as a browser sends it back."""
    response = client.get(url)
    assert response.status_code == 200
    token = str(response.context["form"]["submit_token"].value())
    assert f'name="submit_token" value="{token}"' in response.text
    return token


def _flows(campaign_company, person, company, company_person):
    return {
        "campaign": (
            reverse("screening:campaign-company-screen", args=[campaign_company.code]),
            person,
            {},
            campaign_company.campaign.get_absolute_url(),
        ),
        "company_page": (
            reverse("screening:company-screen", args=[company.code]),
            company_person,
            {"channel": "phone"},
            company.get_absolute_url(),
        ),
    }


@pytest.mark.parametrize("flow", ["campaign", "company_page"])
@pytest.mark.parametrize("times", [2, 3])
def test_the_same_screening_sent_again_books_one_visit_and_sends_one_e_mail(
    consultant_client,
    campaign_company,
    person,
    company,
    company_person,
    settings,
    django_capture_on_commit_callbacks,
    flow,
    times,
):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the confirmation is sent in the request
    url, contact_person, extra, result = _flows(campaign_company, person, company, company_person)[
        flow
    ]
    data = _screening(contact_person, _drawn_token(consultant_client, url), **extra)
    with django_capture_on_commit_callbacks(execute=True):
        responses = [consultant_client.post(url, data) for _ in range(times)]
    assert [r.status_code for r in responses] == [302] * times
    assert {r["Location"] for r in responses} == {result}
    visit = Visit.objects.get()
    assert visit.contact.contact_person == contact_person
    assert SegmentAssessment.objects.count() == 1
    # The screening's call, the visit planned and the e-mail sent: one of each.
    contacts = sorted(Contact.objects.values_list("channel", "status"))
    assert contacts == [("email", "done"), ("phone", "done"), ("visit", "planned")], contacts
    assert [message.to for message in mail.outbox] == [[contact_person.email]]
    # The answer to the repeat says it was saved once.
    repeat = consultant_client.post(url, data, follow=True)
    assert "gemt én gang" in " ".join(str(m) for m in repeat.context["messages"])


def test_a_new_drawing_of_the_form_screens_again(consultant_client, company, company_person):
    # Outside a campaign a company may be screened again: a new form is a new screening.
    url = reverse("screening:company-screen", args=[company.code])
    for _ in range(2):
        token = _drawn_token(consultant_client, url)
        response = consultant_client.post(url, _screening(company_person, token, channel="phone"))
        assert response.status_code == 302
    assert SegmentAssessment.objects.count() == 2
    assert Visit.objects.count() == 2


@pytest.mark.parametrize("flow", ["campaign", "company_page"])
def test_a_refused_screening_keeps_its_token_for_the_corrected_form(
    consultant_client, campaign_company, person, company, company_person, flow
):
    url, contact_person, extra, result = _flows(campaign_company, person, company, company_person)[
        flow
    ]
    token = _drawn_token(consultant_client, url)
    # Segment 4 without a reason is refused by the service, after the token was claimed.
    refused = consultant_client.post(
        url,
        _screening(
            contact_person, token, answer_1="no", answer_2="no_cooperation", segment="4", **extra
        ),
    )
    assert refused.status_code == 400
    assert f'value="{token}"' in refused.text
    assert not FormSubmission.objects.exists()
    corrected = consultant_client.post(url, _screening(contact_person, token, **extra))
    assert corrected.status_code == 302 and corrected["Location"] == result
    assert Visit.objects.count() == 1
