import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from companies.models import CompanyRelationship, IndustrySection
from screening.models import Campaign, CampaignCompany
from screening.selectors import net_list_companies
from screening.services import campaign_companies_move, campaign_create
from tests.factories import CompanyFactory, ContactFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db

DEFAULTS = {
    "municipalities": [],
    "exclude_one_person": True,
    "exclude_known": True,
    "exclude_in_campaign": True,
    "industry_sections": [],
    "employee_bands": [],
    "not_contacted_since": None,
}


def _filters(**changes):
    return DEFAULTS | changes


@pytest.fixture
def register(jobcenter_a, jobcenter_b):
    """Companies in Struer (0671), one in Holstebro (0661), and the reasons to leave some out."""
    section_c = IndustrySection.objects.get(letter="C")
    section_f = IndustrySection.objects.get(letter="F")
    companies = {
        "plain": CompanyFactory(name="Aa Smed ApS", industry_section=section_c),
        "builder": CompanyFactory(
            name="Bb Byg ApS", industry_section=section_f, employee_band="50-99"
        ),
        "one_person": CompanyFactory(name="Cc Enkeltmand", employee_band="1"),
        "no_band": CompanyFactory(name="Dd Ukendt ApS", employee_band=""),
        "known": CompanyFactory(name="Ee Kendt ApS"),
        "opted_out": CompanyFactory(name="Ff Frabedt ApS"),
        "ceased": CompanyFactory(name="Gg Ophørt ApS", ceased_on=datetime.date(2024, 1, 1)),
        "elsewhere": CompanyFactory(name="Hh Holstebro ApS", municipality_codes=["0661"]),
        "contacted": CompanyFactory(name="Ii Ringet ApS"),
    }
    RelationshipFactory(jobcenter=jobcenter_a, company=companies["known"], is_known=True)
    RelationshipFactory(
        jobcenter=jobcenter_a,
        company=companies["opted_out"],
        opted_out_on=datetime.date(2025, 5, 1),
        opt_out_reason="Vil ikke ringes op",
    )
    # Another jobcenter's cooperation does not count as ours.
    RelationshipFactory(jobcenter=jobcenter_b, company=companies["plain"], is_known=True)
    relationship = RelationshipFactory(jobcenter=jobcenter_a, company=companies["contacted"])
    ContactFactory(relationship=relationship, occurred_at=timezone.now())
    return companies


def _names(jobcenter, **changes):
    return set(
        net_list_companies(jobcenter=jobcenter, filters=_filters(**changes)).values_list(
            "name", flat=True
        )
    )


def test_the_net_list_leaves_out_what_seed_000_leaves_out(jobcenter_a, register):
    assert _names(jobcenter_a) == {"Aa Smed ApS", "Bb Byg ApS", "Dd Ukendt ApS", "Ii Ringet ApS"}


def test_the_net_list_filters(jobcenter_a, register):
    since = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert "Ii Ringet ApS" not in _names(jobcenter_a, not_contacted_since=since)
    assert _names(jobcenter_a, industry_sections=["F"]) == {"Bb Byg ApS"}
    assert _names(jobcenter_a, employee_bands=["50-99"]) == {"Bb Byg ApS"}
    assert "Cc Enkeltmand" in _names(jobcenter_a, exclude_one_person=False)
    assert "Ee Kendt ApS" in _names(jobcenter_a, exclude_known=False)
    # Opted out stays out whatever the filters say.
    everything = _names(jobcenter_a, exclude_one_person=False, exclude_known=False)
    assert "Ff Frabedt ApS" not in everything
    assert "Gg Ophørt ApS" not in everything
    assert "Hh Holstebro ApS" not in everything


def test_the_net_list_count_is_one_query(jobcenter_a, register, django_assert_num_queries):
    with django_assert_num_queries(3):  # served municipalities (ours, visible_to), COUNT
        assert net_list_companies(jobcenter=jobcenter_a, filters=_filters()).count() == 4


def _campaign(jobcenter, team_lead, consultants, distribution="even", **filters):
    today = timezone.localdate()
    return campaign_create(
        jobcenter=jobcenter,
        user=team_lead,
        name="Efterår",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=180),
        target=350,
        is_pilot=False,
        consultants=consultants,
        distribution=distribution,
        filters=_filters(**filters),
    )


def test_it_divides_the_net_list_evenly(jobcenter_a, team_lead, consultant, colleague, register):
    campaign = _campaign(jobcenter_a, team_lead, [consultant, colleague])
    campaign_companies = list(
        CampaignCompany.objects.filter(campaign=campaign)
        .order_by("relationship__company__name")
        .values_list("relationship__company__name", "consultant")
    )
    assert campaign_companies == [
        ("Aa Smed ApS", consultant.pk),
        ("Bb Byg ApS", colleague.pk),
        ("Dd Ukendt ApS", consultant.pk),
        ("Ii Ringet ApS", colleague.pk),
    ]
    assert campaign.net_list_filters["exclude_one_person"] is True
    # Every company on the list got a relationship with the jobcenter.
    assert CompanyRelationship.objects.filter(
        jobcenter=jobcenter_a, company=register["plain"]
    ).exists()
    assert set(campaign.consultants.all()) == {consultant, colleague}


def test_it_divides_the_net_list_by_industry(jobcenter_a, team_lead, consultant, colleague):
    sections = {letter: IndustrySection.objects.get(letter=letter) for letter in "CFG"}
    for n in range(3):
        CompanyFactory(name=f"Industri {n}", industry_section=sections["C"])
    for n in range(2):
        CompanyFactory(name=f"Byg {n}", industry_section=sections["F"])
    CompanyFactory(name="Handel", industry_section=sections["G"])
    CompanyFactory(name="Uden branche", industry_section=None)
    campaign = _campaign(jobcenter_a, team_lead, [consultant, colleague], distribution="industry")
    by_section: dict[object, set[int]] = {}
    for section, user in CampaignCompany.objects.filter(campaign=campaign).values_list(
        "relationship__company__industry_section__letter", "consultant"
    ):
        by_section.setdefault(section, set()).add(user)
    # Each section to one consultant ...
    assert all(len(users) == 1 for users in by_section.values())
    assert by_section["C"] != by_section["F"]
    # ... and balanced: 3 + 1 against 2 + 1 or so, never 7 against 0.
    loads = [
        CampaignCompany.objects.filter(campaign=campaign, consultant=user).count()
        for user in (consultant, colleague)
    ]
    assert sorted(loads) == [3, 4]


def test_it_refuses_consultants_of_another_jobcenter(jobcenter_a, team_lead, outsider):
    with pytest.raises(ValidationError):
        _campaign(jobcenter_a, team_lead, [outsider])
    assert not Campaign.objects.exists()


def test_it_leaves_out_companies_already_on_a_running_campaign(
    jobcenter_a, team_lead, consultant, register
):
    _campaign(jobcenter_a, team_lead, [consultant])
    assert _names(jobcenter_a) == set()
    assert len(_names(jobcenter_a, exclude_in_campaign=False)) == 4


def test_it_moves_companies_to_another_consultant(make_campaign_company, consultant, colleague):
    first = make_campaign_company(consultant)
    second = make_campaign_company(consultant)
    done = make_campaign_company(consultant, status="screened")
    moved = campaign_companies_move(
        campaign=first.campaign, codes=[first.code, done.code], consultant=colleague
    )
    assert moved == 1
    assert CampaignCompany.objects.get(pk=first.pk).consultant == colleague
    assert CampaignCompany.objects.get(pk=second.pk).consultant == consultant
    assert CampaignCompany.objects.get(pk=done.pk).consultant == consultant
    assert colleague in first.campaign.consultants.all()


# Views --------------------------------------------------------------------------------------


def test_the_net_list_page_is_for_team_leads(consultant_client, team_lead_client, register):
    url = reverse("screening:net-list")
    assert consultant_client.get(url).status_code == 403
    response = team_lead_client.get(url)
    assert response.status_code == 200
    assert response.context["count"] == 4


def test_the_live_count_follows_the_filters(team_lead_client, consultant_client, register):
    url = reverse("screening:net-list-count")
    response = team_lead_client.get(url, {"exclude_known": "on", "industry_sections": ["F"]})
    assert response.status_code == 200
    assert response.context["count"] == 1
    assert b'data-count="1"' in response.content
    # Unticking "one-person" puts the one-person company back.
    response = team_lead_client.get(url, {"exclude_known": "on", "exclude_in_campaign": "on"})
    assert response.context["count"] == 5
    assert consultant_client.get(url).status_code == 403
    assert team_lead_client.post(url).status_code == 405


def test_saving_the_net_list_creates_the_campaign(team_lead_client, consultant, register):
    today = timezone.localdate()
    response = team_lead_client.post(
        reverse("screening:net-list"),
        {
            "exclude_one_person": "on",
            "exclude_known": "on",
            "name": "Pilot september",
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=30)).isoformat(),
            "target": "30",
            "is_pilot": "on",
            "consultants": [consultant.pk],
            "distribution": "even",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == campaign.get_absolute_url()
    assert (campaign.name, campaign.target, campaign.is_pilot) == ("Pilot september", 30, True)
    assert campaign.campaign_companies.count() == 4


def test_saving_keeps_the_input_when_invalid(team_lead_client, consultant, register):
    today = timezone.localdate()
    response = team_lead_client.post(
        reverse("screening:net-list"),
        {
            "name": "Forkert periode",
            "starts_on": today.isoformat(),
            "ends_on": (today - datetime.timedelta(days=1)).isoformat(),
            "target": "350",
            "consultants": [consultant.pk],
            "distribution": "even",
        },
    )
    assert response.status_code == 400
    assert "ends_on" in response.context["campaign_form"].errors
    assert b"Forkert periode" in response.content
    assert not Campaign.objects.exists()


def test_the_campaign_page(
    consultant_client,
    outsider_client,
    make_campaign_company,
    consultant,
    colleague,
    django_assert_num_queries,
):
    campaign_company = make_campaign_company(consultant)
    url = campaign_company.campaign.get_absolute_url()
    consultant_client.get(url)
    with django_assert_num_queries(13):
        response = consultant_client.get(url)
    assert response.status_code == 200
    for _ in range(5):
        make_campaign_company(colleague)
    with django_assert_num_queries(13):
        response = consultant_client.get(url)
    assert response.context["my_remaining"] == 1
    assert outsider_client.get(url).status_code == 404
    assert consultant_client.post(url).status_code == 405


def test_next_company_claims_and_redirects(
    consultant_client, outsider_client, campaign_company, consultant
):
    url = reverse("screening:campaign-claim-next", args=[campaign_company.campaign.code])
    assert consultant_client.get(url).status_code == 405
    assert outsider_client.post(url).status_code == 404
    response = consultant_client.post(url)
    assert response["Location"] == campaign_company.get_absolute_url()
    campaign_company.refresh_from_db()
    assert campaign_company.claimed_by == consultant


def test_the_old_call_page_address_leads_to_the_campaign_company(
    consultant_client, outsider_client, campaign_company
):
    old = f"/screening/calls/{campaign_company.code}/"
    response = consultant_client.get(old)
    assert response.status_code == 301
    assert response["Location"] == campaign_company.get_absolute_url()
    assert consultant_client.get(response["Location"]).status_code == 200
    assert outsider_client.get(old, follow=True).status_code == 404


def test_moving_companies_is_for_team_leads(
    team_lead_client, consultant_client, outsider_client, campaign_company, colleague
):
    url = reverse("screening:campaign-companies-move", args=[campaign_company.campaign.code])
    data = {"campaign_companies": [str(campaign_company.code)], "consultant": str(colleague.code)}
    assert consultant_client.post(url, data).status_code == 403
    assert outsider_client.post(url, data).status_code == 403  # not a team lead either
    assert team_lead_client.get(url).status_code == 405
    response = team_lead_client.post(url, data)
    assert response.status_code == 302
    campaign_company.refresh_from_db()
    assert campaign_company.consultant == colleague


def test_a_team_lead_of_another_jobcenter_gets_404(campaign_company, jobcenter_b):
    from django.test import Client

    client = Client()
    client.force_login(UserFactory(jobcenter=jobcenter_b, role="team_lead"))
    for name in ("screening:campaign-detail", "screening:campaign-progress"):
        assert client.get(reverse(name, args=[campaign_company.campaign.code])).status_code == 404
    response = client.post(
        reverse("screening:campaign-companies-move", args=[campaign_company.campaign.code]),
        {"campaign_companies": [str(campaign_company.code)]},
    )
    assert response.status_code == 404
