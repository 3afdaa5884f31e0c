"""Screening outside campaigns, from the company's own page (issue 8.9), and no segment
chosen for the consultant when the two answers disagree (in campaigns too)."""

import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import CompanyRelationship, Contact
from screening.forms import ScreeningForm
from screening.models import Segment, SegmentAssessment
from screening.services import screening_questions_for, segment_propose
from tests.factories import CompanyFactory, ContactPersonFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

ANSWERS_2 = ["binding_agreement", "regular_contact", "company_calls", "no_cooperation"]
ALL_ANSWERS = list(itertools.product(["yes", "no"], ANSWERS_2))


@pytest.fixture
def company(jobcenter_a):
    company = CompanyFactory(
        name="Struer Maskinfabrik ApS", address="Fabriksvej 1", postal_code="7600", city="Struer"
    )
    RelationshipFactory(jobcenter=jobcenter_a, company=company)
    return company


@pytest.fixture
def hanne(company, jobcenter_a):
    relationship = CompanyRelationship.objects.get(company=company, jobcenter=jobcenter_a)
    return ContactPersonFactory(relationship=relationship, name="Hanne Holm", email="h@x.dk")


def _url(company):
    return reverse("screening:company-screen", args=[company.code])


def _post(answer_1, answer_2, segment, **extra):
    return {"answer_1": answer_1, "answer_2": answer_2, "segment": str(segment), **extra}


def test_the_company_page_links_to_the_screening(consultant_client, company):
    html = consultant_client.get(company.get_absolute_url()).content.decode()
    assert f'href="{_url(company)}"' in html


def test_the_page_asks_the_jobcenters_two_questions(consultant_client, company, jobcenter_a):
    response = consultant_client.get(_url(company))
    assert response.status_code == 200
    questions = screening_questions_for(jobcenter=jobcenter_a)
    html = response.content.decode()
    assert questions.question_1 in html and questions.question_2 in html
    assert response.context["form"]["visit_place"].value() == "Fabriksvej 1, 7600 Struer"


@pytest.mark.parametrize(("answer_1", "answer_2"), ALL_ANSWERS)
def test_a_screening_from_the_company_page_is_recorded_with_its_history(
    consultant_client, consultant, company, hanne, answer_1, answer_2
):
    proposal = segment_propose(answer_1=answer_1 == "yes", answer_2=answer_2)
    chosen = 3 if proposal.segment != 3 else 2
    response = consultant_client.post(
        _url(company),
        _post(answer_1, answer_2, chosen, reason="", contact_person=hanne.pk, channel="meeting"),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == company.get_absolute_url()
    assessment = SegmentAssessment.objects.get(relationship__company=company)
    assert assessment.segment.number == chosen
    assert assessment.proposed_segment.number == proposal.segment
    assert assessment.answers_disagree is proposal.answers_disagree
    assert (assessment.answer_1, assessment.answer_2) == (answer_1 == "yes", answer_2)
    assert assessment.source == SegmentAssessment.Source.SCREENING
    contact = assessment.contact
    assert (contact.channel, contact.contact_person, contact.consultant) == (
        "meeting",
        hanne,
        consultant,
    )
    assert contact.summary.startswith(f"Screening: segment {chosen}")
    assert CompanyRelationship.objects.get(pk=hanne.relationship_id).segment_id == chosen
    page = consultant_client.get(company.get_absolute_url())
    assert assessment in page.context["segment_history"]


def test_a_company_without_a_relationship_gets_one(consultant_client, jobcenter_a):
    company = CompanyFactory()  # in Struer, the jobcenter's area
    response = consultant_client.post(
        _url(company),
        _post("yes", "regular_contact", 2, new_person_name="Ole Olsen", channel="phone"),
    )
    assert response.status_code == 302
    relationship = CompanyRelationship.objects.get(company=company, jobcenter=jobcenter_a)
    assert relationship.segment_id == 2


def test_segment_4_needs_a_reason(consultant_client, company, hanne):
    response = consultant_client.post(
        _url(company), _post("no", "no_cooperation", 4, contact_person=hanne.pk, channel="phone")
    )
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    assert not SegmentAssessment.objects.exists()


def test_a_company_that_refused_contact_is_not_screened(consultant_client, company, hanne):
    CompanyRelationship.objects.filter(pk=hanne.relationship_id).update(
        opted_out_on=timezone.localdate(), opt_out_reason="Ønsker ikke kontakt"
    )
    response = consultant_client.post(
        _url(company), _post("yes", "regular_contact", 2, contact_person=hanne.pk, channel="phone")
    )
    assert response.status_code == 400
    assert not SegmentAssessment.objects.exists()
    assert not Contact.objects.exists()


@pytest.mark.parametrize(("answer_1", "answer_2"), ALL_ANSWERS)
def test_no_segment_is_chosen_for_the_consultant_when_the_answers_disagree(
    consultant_client, jobcenter_a, answer_1, answer_2
):
    proposal = segment_propose(answer_1=answer_1 == "yes", answer_2=answer_2)
    # The campaign's form and the live fragment both pages use.
    form = ScreeningForm(
        question_set=screening_questions_for(jobcenter=jobcenter_a),
        contact_persons=Contact.objects.none(),
        segments=list(Segment.objects.order_by("number")),
        initial={"answer_1": answer_1, "answer_2": answer_2},
    )
    fragment = consultant_client.get(
        reverse("screening:segment-proposal"), {"answer_1": answer_1, "answer_2": answer_2}
    ).content.decode()
    if proposal.answers_disagree:
        assert form["segment"].value() is None
        assert "checked" not in fragment
        assert 'id="disagreement-warning"' in fragment
    else:
        assert form["segment"].value() == proposal.segment
        assert "checked" in fragment
        assert 'id="disagreement-warning"' not in fragment
    assert f'data-segment="{proposal.segment}"' in fragment
