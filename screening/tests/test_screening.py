import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact, ContactPerson
from screening.forms import ScreeningForm
from screening.models import CampaignCompany, Segment, SegmentAssessment, Visit
from screening.services import (
    NewContactPerson,
    VisitBooking,
    campaign_company_claim_next,
    screening_questions_for,
    screening_record,
    segment_propose,
)
from screening.services import visits as visit_services
from tests.factories import JobcenterFactory

pytestmark = pytest.mark.django_db

# Seed 000: question 2 names the segment; question 1 "yes" points to 1-2, "no" to 3-4.
PROPOSALS = [
    (True, "binding_agreement", 1, False),
    (True, "regular_contact", 2, False),
    (True, "company_calls", 3, True),
    (True, "no_cooperation", 4, True),
    (False, "binding_agreement", 1, True),
    (False, "regular_contact", 2, True),
    (False, "company_calls", 3, False),
    (False, "no_cooperation", 4, False),
]


@pytest.mark.parametrize(("answer_1", "answer_2", "segment", "disagree"), PROPOSALS)
def test_it_proposes_the_segment_for_every_answer_combination(
    answer_1, answer_2, segment, disagree
):
    proposal = segment_propose(answer_1=answer_1, answer_2=answer_2)
    assert (proposal.segment, proposal.answers_disagree) == (segment, disagree)


def test_it_fills_the_jobcenter_name_into_the_default_questions(jobcenter_a):
    questions = screening_questions_for(jobcenter=jobcenter_a)
    assert questions.question_1.startswith("Er Jobcenter Struer en vigtig samarbejdspartner")
    assert "{jobcenter}" not in questions.question_1
    assert questions.answer_1_yes == "Ja"
    assert screening_questions_for(jobcenter=jobcenter_a).pk == questions.pk


def test_it_keeps_a_name_without_the_jobcenter_prefix():
    jobcenter = JobcenterFactory(name="Virksomhedsindgang Skive", municipality_code="0779")
    questions = screening_questions_for(jobcenter=jobcenter)
    assert questions.question_1.startswith("Er Jobcenter Virksomhedsindgang Skive en")


def _form(jobcenter, campaign_company, **data):
    return ScreeningForm(
        data,
        question_set=screening_questions_for(jobcenter=jobcenter),
        contact_persons=ContactPerson.objects.filter(relationship=campaign_company.relationship),
        segments=list(Segment.objects.all()),
    )


def test_the_form_requires_a_reason_for_segment_4(jobcenter_a, campaign_company):
    form = _form(
        jobcenter_a,
        campaign_company,
        answer_1="no",
        answer_2="no_cooperation",
        segment="4",
        reason=" ",
        new_person_name="Hanne Holm",
    )
    assert not form.is_valid()
    assert "reason" in form.errors


def test_the_form_flags_answers_that_disagree_and_preselects_nothing(jobcenter_a, campaign_company):
    # Issue 8.9: when the two answers disagree, the consultant chooses the segment.
    form = ScreeningForm(
        question_set=screening_questions_for(jobcenter=jobcenter_a),
        contact_persons=ContactPerson.objects.none(),
        segments=list(Segment.objects.all()),
        initial={"answer_1": "yes", "answer_2": "company_calls"},
    )
    proposal = form.proposal()
    assert (proposal.segment, proposal.answers_disagree) == (3, True)
    assert "segment" not in form.initial


def test_the_form_preselects_the_proposal_when_the_answers_agree(jobcenter_a, campaign_company):
    form = ScreeningForm(
        question_set=screening_questions_for(jobcenter=jobcenter_a),
        contact_persons=ContactPerson.objects.none(),
        segments=list(Segment.objects.all()),
        initial={"answer_1": "no", "answer_2": "company_calls"},
    )
    assert (form.proposal().answers_disagree, form.initial["segment"]) == (False, 3)


def test_a_visit_can_be_agreed_without_an_e_mail_address(jobcenter_a, campaign_company, consultant):
    # Issue 8.18: booked, and no confirmation is sent.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = _form(
        jobcenter_a,
        campaign_company,
        answer_1="yes",
        answer_2="binding_agreement",
        segment="1",
        new_person_name="Hanne Holm",
        book_visit="on",
        visit_date=tomorrow.isoformat(),
        visit_time="10:00",
        visit_place="Østergade 1, Struer",
    )
    assert form.is_valid(), form.errors
    screening_record(
        campaign_company=campaign_company,
        user=consultant,
        answer_1=True,
        answer_2="binding_agreement",
        segment=Segment.objects.get(number=1),
        new_contact_person=form.new_contact_person(),
        visit=form.visit_booking(),
    )
    visit = Visit.objects.get()
    assert visit.confirmation_status == Visit.ConfirmationStatus.NO_EMAIL


def test_the_service_requires_a_reason_for_segment_4(campaign_company, consultant):
    with pytest.raises(ValidationError) as raised:
        screening_record(
            campaign_company=campaign_company,
            user=consultant,
            answer_1=False,
            answer_2="no_cooperation",
            segment=Segment.objects.get(number=4),
            reason="",
        )
    assert "reason" in raised.value.error_dict
    assert not SegmentAssessment.objects.exists()
    assert not Contact.objects.exists()


def test_it_records_a_screening_with_history_and_contact_log(campaign_company, consultant, person):
    campaign_company_claim_next(campaign=campaign_company.campaign, consultant=consultant)
    assessment = screening_record(
        campaign_company=campaign_company,
        user=consultant,
        answer_1=True,
        answer_2="company_calls",
        segment=Segment.objects.get(number=2),
        contact_person=person,
    )
    campaign_company.refresh_from_db()
    assert campaign_company.status == CampaignCompany.Status.SCREENED
    assert (
        campaign_company.attempts,
        campaign_company.claimed_by,
        campaign_company.assessment,
    ) == (1, None, assessment)
    assert assessment.answers_disagree is True
    assert (assessment.proposed_segment.number, assessment.segment.number) == (3, 2)
    assert assessment.source == SegmentAssessment.Source.SCREENING
    assert (
        campaign_company.relationship.__class__.objects.get(
            pk=campaign_company.relationship_id
        ).segment_id
        == 2
    )
    contact = assessment.contact
    assert (contact.channel, contact.status, contact.contact_person) == ("phone", "done", person)
    assert not Visit.objects.exists()


def test_it_creates_the_contact_person_and_books_the_visit(
    campaign_company, consultant, django_capture_on_commit_callbacks
):
    starts_at = timezone.now() + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks() as callbacks:
        screening_record(
            campaign_company=campaign_company,
            user=consultant,
            answer_1=True,
            answer_2="binding_agreement",
            segment=Segment.objects.get(number=1),
            new_contact_person=NewContactPerson(name="Ole Olsen", email="ole@example.dk"),
            visit=VisitBooking(starts_at=starts_at, place="Østergade 1", wishes="Lærlinge"),
        )
    visit = Visit.objects.get()
    assert visit.contact_person.name == "Ole Olsen"
    assert visit.contact.channel == Contact.Channel.VISIT
    assert visit.contact.status == Contact.Status.PLANNED
    assert visit.contact.occurred_at == starts_at
    assert visit.campaign_company == campaign_company
    assert visit.confirmation_status == Visit.ConfirmationStatus.PENDING
    # The confirmation is queued after the commit (beside contact_log's reminder closing).
    queued = [
        callback
        for callback in callbacks
        if getattr(callback, "func", None) is visit_services._enqueue_confirmation
    ]
    assert len(queued) == 1


def test_the_screening_page_shows_the_disagreement(consultant_client, consultant, campaign_company):
    campaign_company_claim_next(campaign=campaign_company.campaign, consultant=consultant)
    response = consultant_client.post(
        reverse("screening:campaign-company-screen", args=[campaign_company.code]),
        {"answer_1": "yes", "answer_2": "company_calls", "new_person_name": ""},
    )
    assert response.status_code == 400
    assert response.context["proposal"].answers_disagree is True
    assert b'id="disagreement-warning"' in response.content


def test_the_proposal_fragment_shows_the_warning(consultant_client):
    response = consultant_client.get(
        reverse("screening:segment-proposal"), {"answer_1": "no", "answer_2": "binding_agreement"}
    )
    assert response.status_code == 200
    assert response.context["proposal"].segment == 1
    assert b'id="disagreement-warning"' in response.content
    # The answers disagree: no segment is chosen for the consultant (issue 8.9).
    checked = re.findall(r'<input[^>]*name="segment"[^>]*checked', response.content.decode())
    assert checked == []
