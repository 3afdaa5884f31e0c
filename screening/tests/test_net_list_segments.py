"""Net lists leave out companies with a current segment unless asked, and show the
companies before the campaign is saved; "cooperates today" agrees with the segment
(issue 8.10)."""

import pytest
from django.urls import reverse

from companies.models import CompanyRelationship
from screening.models import Segment
from screening.selectors import net_list_companies
from screening.services import segment_assess
from tests.factories import CompanyFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

FILTERS = {
    "municipalities": [],
    "exclude_one_person": True,
    "exclude_known": True,
    "exclude_in_campaign": True,
    "exclude_segmented": True,
    "industry_sections": [],
    "employee_bands": [],
    "not_contacted_since": None,
}


@pytest.fixture
def companies(jobcenter_a, jobcenter_b):
    named = {number: CompanyFactory(name=f"Segment {number} ApS") for number in (1, 2, 3, 4)}
    for number, company in named.items():
        # Partners not marked "known" (as before this fix): the segment alone leaves them out.
        RelationshipFactory(
            jobcenter=jobcenter_a, company=company, segment=Segment.objects.get(number=number)
        )
    named["new"] = CompanyFactory(name="Ny ApS")
    named["other"] = CompanyFactory(name="Andet Jobcenters ApS")
    # Another jobcenter's segment is not ours.
    RelationshipFactory(
        jobcenter=jobcenter_b, company=named["other"], segment=Segment.objects.get(number=1)
    )
    return named


def _names(jobcenter, **changes):
    companies = net_list_companies(jobcenter=jobcenter, filters=FILTERS | changes)
    return set(companies.values_list("name", flat=True))


def test_companies_with_a_segment_are_left_out_unless_asked(jobcenter_a, companies):
    assert _names(jobcenter_a) == {"Ny ApS", "Andet Jobcenters ApS"}
    assert _names(jobcenter_a, exclude_segmented=False) == {
        "Segment 1 ApS",
        "Segment 2 ApS",
        "Segment 3 ApS",
        "Segment 4 ApS",
        "Ny ApS",
        "Andet Jobcenters ApS",
    }


def test_a_campaign_saved_before_the_filter_existed_keeps_its_meaning(jobcenter_a, companies):
    old = {key: value for key, value in FILTERS.items() if key != "exclude_segmented"}
    assert "Segment 3 ApS" in set(
        net_list_companies(jobcenter=jobcenter_a, filters=old).values_list("name", flat=True)
    )


def test_the_page_leaves_them_out_by_default_and_shows_the_companies(
    team_lead_client, companies, django_assert_max_num_queries
):
    response = team_lead_client.get(reverse("screening:net-list"))
    assert response.context["filter_form"]["exclude_segmented"].value() is True
    assert response.context["count"] == 2
    html = response.content.decode()
    assert 'id="net-list-preview"' in html
    assert "Ny ApS" in html and "Segment 1 ApS" not in html
    # The live fragment swaps the list with the count, in a fixed number of queries.
    with django_assert_max_num_queries(12):
        fragment = team_lead_client.get(
            reverse("screening:net-list-count"),
            {"exclude_known": "on", "exclude_in_campaign": "on", "exclude_one_person": "on"},
        )
    text = fragment.content.decode()
    assert fragment.context["count"] == 6
    assert 'hx-swap-oob="true"' in text
    assert all(company.name in text for company in companies.values())


def test_the_preview_shows_at_most_the_first_25(team_lead_client, jobcenter_a):
    for number in range(30):
        CompanyFactory(name=f"Firma {number:02d} ApS")
    response = team_lead_client.get(reverse("screening:net-list"))
    preview = response.context["preview"]
    assert [company.name for company in preview][:2] == ["Firma 00 ApS", "Firma 01 ApS"]
    assert len(preview) == 25
    assert response.context["count"] == 30


@pytest.mark.parametrize("number", [1, 2, 3, 4])
@pytest.mark.parametrize("was_known", [False, True])
def test_the_cooperation_flag_follows_the_segment(jobcenter_a, consultant, number, was_known):
    relationship = RelationshipFactory(jobcenter=jobcenter_a, is_known=was_known)
    segment_assess(
        relationship=relationship,
        segment=Segment.objects.get(number=number),
        user=consultant,
        reason="Ønsker ikke samarbejde" if number == 4 else "",
    )
    relationship = CompanyRelationship.objects.get(pk=relationship.pk)
    expected = {1: True, 2: True, 3: was_known, 4: False}[number]
    assert relationship.is_known is expected


def test_the_company_page_does_not_contradict_itself(consultant_client, jobcenter_a, consultant):
    relationship = RelationshipFactory(jobcenter=jobcenter_a, is_known=False)
    segment_assess(
        relationship=relationship, segment=Segment.objects.get(number=1), user=consultant
    )
    html = consultant_client.get(relationship.company.get_absolute_url()).content.decode()
    assert "Ikke-kendt virksomhed" not in html and "Not a known company" not in html
