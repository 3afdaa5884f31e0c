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


def test_the_page_and_the_queue_agree_on_what_is_held(
    consultant_client, consultant, campaign_company
):
    now = timezone.now()
    assert (
        campaign_company_claim_next(campaign=campaign_company.campaign, consultant=consultant)
        == campaign_company
    )
    board = campaign_board(
        campaign=campaign_company.campaign, user=consultant, consultant=None, now=now
    )
    assert board.held == campaign_company
    page = consultant_client.get(
        reverse("screening:campaign-detail", args=[campaign_company.campaign.code])
    )
    assert page.context["held"] == campaign_company
    # The company refuses contact while held: neither the page nor the queue offers it.
    CompanyRelationship.objects.filter(pk=campaign_company.relationship_id).update(
        opted_out_on=timezone.localdate(), opt_out_reason="Ønsker ikke kontakt"
    )
    held = CampaignCompany.objects.held_by(consultant, now=timezone.now())
    assert list(held) == []
    page = consultant_client.get(
        reverse("screening:campaign-detail", args=[campaign_company.campaign.code])
    )
    assert page.context["held"] is None
    assert (
        campaign_company_claim_next(campaign=campaign_company.campaign, consultant=consultant)
        is None
    )


def test_a_claim_that_ran_out_is_not_held(consultant, campaign_company):
    later = timezone.now() + datetime.timedelta(hours=1)
    campaign_company_claim_next(campaign=campaign_company.campaign, consultant=consultant)
    assert not CampaignCompany.objects.held_by(consultant, now=later).exists()
    board = campaign_board(
        campaign=campaign_company.campaign, user=consultant, consultant=consultant, now=later
    )
    assert (board.held, board.my_remaining, list(board.campaign_companies)) == (
        None,
        1,
        [campaign_company],
    )
