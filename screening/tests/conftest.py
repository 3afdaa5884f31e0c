import datetime

import pytest
from django.utils import timezone

from screening.models import Campaign, CampaignCompany
from tests.factories import CompanyFactory, ContactPersonFactory, RelationshipFactory, UserFactory


@pytest.fixture
def colleague(jobcenter_a):
    return UserFactory(jobcenter=jobcenter_a, username="kollega", first_name="Mads")


@pytest.fixture
def campaign(jobcenter_a, team_lead, consultant):
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        jobcenter=jobcenter_a,
        name="Screening efterår",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=180),
        created_by=team_lead,
    )
    campaign.consultants.add(consultant)
    return campaign


@pytest.fixture
def make_campaign_company(campaign):
    def make(consultant, *, name=None, campaign=campaign, **fields):
        company = CompanyFactory(**({"name": name} if name else {}))
        relationship = RelationshipFactory(jobcenter=campaign.jobcenter, company=company)
        return CampaignCompany.objects.create(
            campaign=campaign, relationship=relationship, consultant=consultant, **fields
        )

    return make


@pytest.fixture
def campaign_company(make_campaign_company, consultant):
    return make_campaign_company(consultant, name="Struer Maskinfabrik ApS")


@pytest.fixture
def person(campaign_company):
    return ContactPersonFactory(
        relationship=campaign_company.relationship, name="Hanne Holm", email="hanne@maskinfabrik.dk"
    )
