import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact
from screening.models import CampaignCompany, PilotFeedback, ScreeningQuestionSet, Segment, Visit
from screening.selectors import campaign_progress
from screening.services import (
    campaign_company_claim_next,
    pilot_feedback_save,
    screening_questions_for,
    screening_record,
    visit_book,
)
from tests.factories import ContactPersonFactory

pytestmark = pytest.mark.django_db


def _screen(campaign_company, user, segment, *, visit=False):
    CampaignCompany.objects.filter(pk=campaign_company.pk).update(
        claimed_by=None, claimed_until=None
    )
    assessment = screening_record(
        campaign_company=campaign_company,
        user=user,
        answer_1=segment <= 2,
        answer_2=["binding_agreement", "regular_contact", "company_calls", "no_cooperation"][
            segment - 1
        ],
        segment=Segment.objects.get(number=segment),
        reason="Rekrutterer selv" if segment == 4 else "",
        new_contact_person=None,
    )
    if visit:
        person = ContactPersonFactory(relationship=campaign_company.relationship)
        visit_book(
            user=user,
            relationship=campaign_company.relationship,
            contact_person=person,
            starts_at=timezone.now() + datetime.timedelta(days=2),
            place="Her",
            campaign_company=campaign_company,
        )
    return assessment


def test_progress_counts_per_consultant_and_in_total(make_campaign_company, consultant, colleague):
    campaign_companies = [make_campaign_company(consultant) for _ in range(4)] + [
        make_campaign_company(colleague) for _ in range(2)
    ]
    _screen(campaign_companies[0], consultant, 1, visit=True)
    _screen(campaign_companies[1], consultant, 2)
    _screen(campaign_companies[4], colleague, 4)
    CampaignCompany.objects.filter(pk=campaign_companies[2].pk).update(
        status="declined", attempts=2
    )
    progress = campaign_progress(campaign=campaign_companies[0].campaign)
    rows = {row.label: row for row in progress.rows}
    mine = rows[str(consultant)]
    assert (mine.assigned, mine.screened, mine.remaining, mine.closed) == (4, 2, 1, 1)
    assert (mine.attempts, mine.visits) == (4, 1)
    assert mine.segments == {1: 1, 2: 1}
    theirs = rows[str(colleague)]
    assert (theirs.assigned, theirs.screened, theirs.remaining, theirs.visits) == (2, 1, 1, 0)
    total = progress.total
    assert (total.assigned, total.screened, total.remaining, total.attempts) == (6, 3, 2, 5)
    assert total.shares == [(1, 1, 33), (2, 1, 33), (3, 0, 0), (4, 1, 33)]
    survey = [
        (segment.number, segment.survey_share_percent) for segment, _c, _s in progress.segment_table
    ]
    assert survey == [(1, 36), (2, 31), (3, 21), (4, 12)]


def test_progress_page_has_a_constant_query_count(
    team_lead_client, make_campaign_company, consultant, colleague, django_assert_num_queries
):
    campaign_company = make_campaign_company(consultant)
    _screen(campaign_company, consultant, 1, visit=True)
    url = reverse("screening:campaign-progress", args=[campaign_company.campaign.code])
    team_lead_client.get(url)
    with django_assert_num_queries(11):
        response = team_lead_client.get(url)
    assert response.status_code == 200
    for segment in (2, 3, 4):
        _screen(make_campaign_company(colleague), colleague, segment, visit=True)
    make_campaign_company(colleague)
    with django_assert_num_queries(11):
        response = team_lead_client.get(url)
    assert response.context["progress"].total.screened == 4
    assert b'data-screened="4"' in response.content


def test_progress_is_for_team_leads(
    consultant_client, outsider_client, campaign_company, team_lead_client
):
    url = reverse("screening:campaign-progress", args=[campaign_company.campaign.code])
    assert consultant_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 403
    assert team_lead_client.post(url).status_code == 405


# Pilot feedback ------------------------------------------------------------------------------


def test_consultants_answer_and_the_team_lead_reads(
    consultant_client,
    team_lead_client,
    outsider_client,
    campaign,
    consultant,
    colleague,
    django_assert_num_queries,
):
    campaign.is_pilot = True
    campaign.save()
    url = reverse("screening:pilot-feedback", args=[campaign.code])
    assert consultant_client.get(url).status_code == 200
    response = consultant_client.post(
        url,
        {
            "companies_understand_answer": "Ja, de fleste",
            "companies_understand_rating": "4",
            "segments_well_answer": "Spørgsmål 2 er svært",
            "segments_well_rating": "",
        },
    )
    assert response.status_code == 302
    pilot_feedback_save(
        campaign=campaign, consultant=colleague, answers={"works": ("Det virker", 5)}
    )
    # Saving again replaces the answer.
    consultant_client.post(
        url, {"companies_understand_answer": "Ja", "companies_understand_rating": "5"}
    )
    saved = PilotFeedback.objects.get(consultant=consultant, question="companies_understand")
    assert (saved.answer, saved.rating) == ("Ja", 5)

    list_url = reverse("screening:pilot-feedback-list", args=[campaign.code])
    team_lead_client.get(list_url)
    with django_assert_num_queries(7):
        response = team_lead_client.get(list_url)
    assert response.status_code == 200
    assert "Det virker" in response.content.decode()
    assert "Forstår virksomhederne spørgsmålene?" in response.content.decode()
    assert consultant_client.get(list_url).status_code == 403
    assert outsider_client.get(url).status_code == 404
    assert consultant_client.put(url).status_code == 405


def test_the_rating_must_be_1_to_5(consultant_client, campaign):
    campaign.is_pilot = True
    campaign.save()
    url = reverse("screening:pilot-feedback", args=[campaign.code])
    response = consultant_client.post(url, {"works_answer": "Ja", "works_rating": "9"})
    assert response.status_code == 400
    assert not PilotFeedback.objects.exists()


def test_a_campaign_that_is_no_pilot_has_no_evaluation(consultant_client, campaign):
    assert (
        consultant_client.get(reverse("screening:pilot-feedback", args=[campaign.code])).status_code
        == 404
    )


# The call page, outcomes, screening and visits through the views --------------------------------


def test_the_call_page(
    consultant_client, outsider_client, campaign_company, consultant, django_assert_num_queries
):
    campaign_company_claim_next(campaign=campaign_company.campaign, consultant=consultant)
    url = campaign_company.get_absolute_url()
    consultant_client.get(url)
    with django_assert_num_queries(11):
        response = consultant_client.get(url)
    assert response.status_code == 200
    assert response.context["holds_claim"] is True
    for _ in range(3):
        ContactPersonFactory(relationship=campaign_company.relationship)
    with django_assert_num_queries(11):
        consultant_client.get(url)
    assert outsider_client.get(url).status_code == 404
    assert consultant_client.post(url).status_code == 405


def test_recording_an_outcome_through_the_page(
    consultant_client, outsider_client, campaign_company, consultant
):
    campaign_company_claim_next(campaign=campaign_company.campaign, consultant=consultant)
    url = reverse("screening:campaign-company-outcome", args=[campaign_company.code])
    assert consultant_client.get(url).status_code == 405
    assert outsider_client.post(url, {"outcome": "declined"}).status_code == 404
    response = consultant_client.post(url, {"outcome": "call_back", "note": "Ring i morgen"})
    assert response.status_code == 400
    assert "call_back_at" in response.context["outcome_form"].errors
    assert b"Ring i morgen" in response.content
    response = consultant_client.post(url, {"outcome": "no_answer"})
    assert response.status_code == 302
    campaign_company.refresh_from_db()
    assert (campaign_company.status, campaign_company.attempts) == ("no_answer", 1)


def test_screening_through_the_page_books_the_visit(
    consultant_client, outsider_client, campaign_company, consultant, person
):
    campaign_company_claim_next(campaign=campaign_company.campaign, consultant=consultant)
    url = reverse("screening:campaign-company-screen", args=[campaign_company.code])
    assert consultant_client.get(url).status_code == 200
    assert outsider_client.get(url).status_code == 404
    assert consultant_client.put(url).status_code == 405
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = consultant_client.post(
        url,
        {
            "answer_1": "yes",
            "answer_2": "binding_agreement",
            "segment": "1",
            "contact_person": person.pk,
            "book_visit": "on",
            "visit_date": tomorrow.isoformat(),
            "visit_time": "10:00",
            "visit_place": "Østergade 1",
            "visit_wishes": "Vil høre om voksenlærlinge",
        },
    )
    assert response.status_code == 302
    campaign_company.refresh_from_db()
    assert campaign_company.status == "screened"
    assert campaign_company.relationship.segment_id == 1
    visit = Visit.objects.get()
    assert visit.wishes == "Vil høre om voksenlærlinge"
    assert timezone.localtime(visit.contact.occurred_at).hour == 10


def test_segment_4_without_reason_is_sent_back(
    consultant_client, campaign_company, consultant, person
):
    response = consultant_client.post(
        reverse("screening:campaign-company-screen", args=[campaign_company.code]),
        {
            "answer_1": "no",
            "answer_2": "no_cooperation",
            "segment": "4",
            "contact_person": person.pk,
        },
    )
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    campaign_company.refresh_from_db()
    assert campaign_company.status == "queued"


def test_moving_and_cancelling_a_visit_through_the_pages(
    consultant_client, outsider_client, campaign_company, consultant, person
):
    visit = visit_book(
        user=consultant,
        relationship=campaign_company.relationship,
        contact_person=person,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        place="Her",
    )
    move = reverse("screening:visit-move", args=[visit.code])
    cancel = reverse("screening:visit-cancel", args=[visit.code])
    assert consultant_client.get(move).status_code == 405
    assert consultant_client.get(cancel).status_code == 405
    assert outsider_client.post(cancel).status_code == 404
    assert outsider_client.get(visit.get_absolute_url()).status_code == 404
    response = consultant_client.post(move, {"starts_at": "2001-01-01T10:00"})
    assert response.status_code == 400
    later = timezone.localtime() + datetime.timedelta(days=4)
    response = consultant_client.post(move, {"starts_at": later.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.sequence == 1
    assert consultant_client.post(cancel).status_code == 302
    visit.refresh_from_db()
    assert (visit.sequence, visit.contact.status) == (2, Contact.Status.CANCELLED)


# Overview and questions ---------------------------------------------------------------------------


def test_the_overview_lists_campaigns(
    team_lead_client, consultant_client, campaign, django_assert_num_queries
):
    url = reverse("screening:overview")
    team_lead_client.get(url)
    with django_assert_num_queries(8):
        response = team_lead_client.get(url)
    assert response.status_code == 200
    assert list(response.context["campaigns"]) == [campaign]
    assert b'id="new-net-list"' in response.content
    assert b'id="new-net-list"' not in consultant_client.get(url).content
    assert team_lead_client.post(url).status_code == 405


def test_only_admins_edit_the_questions(
    admin_client_a, consultant_client, team_lead_client, jobcenter_a
):
    url = reverse("screening:questions-edit")
    assert consultant_client.get(url).status_code == 403
    assert team_lead_client.get(url).status_code == 403
    response = admin_client_a.get(url)
    assert response.status_code == 200
    data = response.context["form"].initial | {"question_1": "Er vi en vigtig partner for jer?"}
    assert admin_client_a.post(url, data).status_code == 302
    assert ScreeningQuestionSet.objects.get(jobcenter=jobcenter_a).question_1 == (
        "Er vi en vigtig partner for jer?"
    )
    response = admin_client_a.post(url, data | {"answer_1_yes": ""})
    assert response.status_code == 400
    assert screening_questions_for(jobcenter=jobcenter_a).answer_1_yes == "Ja"
    assert admin_client_a.delete(url).status_code == 405
