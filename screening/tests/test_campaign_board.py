"""The campaign page reads through campaign_board, and "held by me" is one queryset method
for the call queue and the page (issue 10.4): they agree on an opted-out company."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import CompanyRelationship
from screening.models import CampaignCompany
from screening.selectors import campaign_board
from screening.services import campaign_company_claim_next

pytestmark = pytest.mark.django_db


def test_the_page_and_the_queue_agree_on_what_is_held(consultant_client, consultant, entry):
    now = timezone.now()
    assert campaign_company_claim_next(campaign=entry.campaign, consultant=consultant) == entry
    board = campaign_board(campaign=entry.campaign, user=consultant, consultant=None, now=now)
    assert board.held == entry
    page = consultant_client.get(reverse("screening:campaign-detail", args=[entry.campaign.code]))
    assert page.context["held"] == entry
    # The company refuses contact while held: neither the page nor the queue offers it.
    CompanyRelationship.objects.filter(pk=entry.relationship_id).update(
        opted_out_on=timezone.localdate(), opt_out_reason="Ønsker ikke kontakt"
    )
    held = CampaignCompany.objects.held_by(consultant, now=timezone.now())
    assert list(held) == []
    page = consultant_client.get(reverse("screening:campaign-detail", args=[entry.campaign.code]))
    assert page.context["held"] is None
    assert campaign_company_claim_next(campaign=entry.campaign, consultant=consultant) is None


def test_a_claim_that_ran_out_is_not_held(consultant, entry):
    later = timezone.now() + datetime.timedelta(hours=1)
    campaign_company_claim_next(campaign=entry.campaign, consultant=consultant)
    assert not CampaignCompany.objects.held_by(consultant, now=later).exists()
    board = campaign_board(
        campaign=entry.campaign, user=consultant, consultant=consultant, now=later
    )
    assert (board.held, board.my_remaining, list(board.entries)) == (None, 1, [entry])
