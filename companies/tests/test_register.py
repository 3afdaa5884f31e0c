"""Issue 8.11: a consultant finds any company of the register by CVR number or name, also
outside the own area, and takes it in as a relationship after a clear confirmation;
register governance holds (only the jobcenter's own relationship is written; a merged
or ceased record is refused)."""

import datetime

import pytest
from django.urls import reverse

from companies.governance import company_take_in
from companies.models import Company, CompanyRelationship, Municipality
from screening.models import Segment
from tests.factories import CompanyFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("companies:register-search")


@pytest.fixture
def in_copenhagen():
    # Jobcenter Struer (0671) serves neither 0101 nor any workplace of it.
    return CompanyFactory(
        name="Københavns Kranfirma ApS",
        city="København K",
        postal_code="1050",
        municipality=Municipality.objects.get(code="0101"),
        industry_text="Kranudlejning",
    )


def _take_in_url(company):
    return reverse("companies:register-company", args=[company.code])


def test_the_company_outside_the_area_is_a_404_on_the_company_page(
    consultant_client, in_copenhagen
):
    # The starting point: the company page stays the jobcenter's own view.
    assert consultant_client.get(in_copenhagen.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "query", ["{cvr}", "DK{cvr}", "{cvr_spaced}", "kranfirma", "Københavns Kranfirma", "kranfrima"]
)
def test_it_finds_a_company_outside_the_area_by_cvr_or_name(
    consultant_client, in_copenhagen, query
):
    cvr = in_copenhagen.cvr
    typed = query.format(cvr=cvr, cvr_spaced=f"{cvr[:2]} {cvr[2:4]} {cvr[4:6]} {cvr[6:]}")
    response = consultant_client.get(SEARCH, {"q": typed})
    assert response.status_code == 200
    found = [company for company, _ in response.context["results"]]
    assert in_copenhagen in found
    content = response.content.decode()
    assert _take_in_url(in_copenhagen) in content
    assert "Kranudlejning" in content


def test_a_company_in_the_area_opens_its_page(consultant_client):
    ours = CompanyFactory(name="Struer Kranfirma")
    response = consultant_client.get(SEARCH, {"q": "kranfirma"})
    assert (ours, True) in response.context["results"]
    assert ours.get_absolute_url() in response.content.decode()
    # The register page of a company the jobcenter sees is its company page.
    redirect = consultant_client.get(_take_in_url(ours))
    assert redirect.status_code == 302 and redirect["Location"] == ours.get_absolute_url()


def test_it_shows_nothing_of_another_jobcenters_relationship(
    consultant_client, in_copenhagen, jobcenter_b
):
    RelationshipFactory(
        jobcenter=jobcenter_b, company=in_copenhagen, notes="Hemmelig note fra Holstebro",
        segment=Segment.objects.get(number=1), is_known=True,
    )  # fmt: skip
    for url in (SEARCH + "?q=kranfirma", _take_in_url(in_copenhagen)):
        content = consultant_client.get(url).content.decode()
        assert "Hemmelig note" not in content
        assert "Jobcenter Holstebro" not in content


def test_an_empty_search_lists_nothing(consultant_client, in_copenhagen):
    for data in ({}, {"q": ""}, {"q": "   "}):
        response = consultant_client.get(SEARCH, data)
        assert response.status_code == 200
        assert response.context["results"] == []


def test_the_search_leaves_out_merged_records(consultant_client, in_copenhagen):
    duplicate = CompanyFactory(name="Københavns Kranfirma (dublet)", merged_into=in_copenhagen)
    response = consultant_client.get(SEARCH, {"q": "kranfirma"})
    found = [company for company, _ in response.context["results"]]
    assert duplicate not in found


def test_it_asks_before_taking_in_and_takes_in_on_yes(consultant_client, consultant, in_copenhagen):
    page = consultant_client.get(_take_in_url(in_copenhagen))
    assert page.status_code == 200
    assert "uden for jeres jobcenters område" in page.content.decode()

    refused = consultant_client.post(_take_in_url(in_copenhagen), {"responsible": "on"})
    assert refused.status_code == 400
    assert "Sæt kryds for at tage virksomheden ind" in refused.content.decode()
    assert not CompanyRelationship.objects.exists()

    taken = consultant_client.post(
        _take_in_url(in_copenhagen), {"confirm": "on", "responsible": "on"}
    )
    assert taken.status_code == 302
    assert taken["Location"] == in_copenhagen.get_absolute_url()
    relationship = CompanyRelationship.objects.get(company=in_copenhagen)
    assert (relationship.jobcenter, relationship.responsible) == (consultant.jobcenter, consultant)
    # Now the company page and the company list are the jobcenter's.
    assert consultant_client.get(in_copenhagen.get_absolute_url()).status_code == 200
    listed = consultant_client.get(reverse("companies:company-list"), {"q": "kranfirma"})
    assert in_copenhagen in list(listed.context["page_obj"])


def test_taking_in_twice_gives_one_relationship(consultant_client, in_copenhagen, jobcenter_a):
    for _ in range(2):
        consultant_client.post(_take_in_url(in_copenhagen), {"confirm": "on"})
    assert (
        CompanyRelationship.objects.filter(company=in_copenhagen, jobcenter=jobcenter_a).count()
        == 1
    )


def test_taking_in_changes_no_register_fact(consultant_client, in_copenhagen):
    before = Company.objects.filter(pk=in_copenhagen.pk).values().get()
    consultant_client.post(_take_in_url(in_copenhagen), {"confirm": "on"})
    after = Company.objects.filter(pk=in_copenhagen.pk).values().get()
    assert before == after


def test_an_admin_takes_in_without_becoming_responsible(admin_client_a, in_copenhagen):
    page = admin_client_a.get(_take_in_url(in_copenhagen))
    assert "responsible" not in page.context["form"].fields
    admin_client_a.post(_take_in_url(in_copenhagen), {"confirm": "on", "responsible": "on"})
    assert CompanyRelationship.objects.get(company=in_copenhagen).responsible is None


def test_a_ceased_company_is_refused_in_danish(consultant_client, in_copenhagen):
    in_copenhagen.ceased_on = datetime.date(2024, 3, 1)
    in_copenhagen.save()
    response = consultant_client.post(_take_in_url(in_copenhagen), {"confirm": "on"})
    assert response.status_code == 400
    assert "ophørte" in response.content.decode()
    assert not CompanyRelationship.objects.exists()


def test_a_merged_record_is_refused(jobcenter_a, in_copenhagen):
    from django.core.exceptions import ValidationError

    duplicate = CompanyFactory(merged_into=in_copenhagen, municipality_codes=["0101"])
    with pytest.raises(ValidationError):
        company_take_in(jobcenter=jobcenter_a, company=duplicate)
    assert not CompanyRelationship.objects.exists()


def test_an_unknown_code_is_a_404(consultant_client):
    import uuid

    assert (
        consultant_client.get(
            reverse("companies:register-company", args=[uuid.uuid4()])
        ).status_code
        == 404
    )


def test_the_register_pages_need_a_jobcenter_and_a_login(client, in_copenhagen):
    assert client.get(SEARCH).status_code == 302
    assert client.get(_take_in_url(in_copenhagen)).status_code == 302


def test_the_register_search_answers_405_to_a_post(consultant_client):
    assert consultant_client.post(SEARCH, {"q": "x"}).status_code == 405


def test_creating_an_existing_cvr_links_to_the_register_record(consultant_client, in_copenhagen):
    response = consultant_client.post(
        reverse("companies:company-create"),
        {"name": "Kranfirmaet", "cvr": in_copenhagen.cvr,
         "municipality": Municipality.objects.get(code="0671").pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert _take_in_url(in_copenhagen) in response.content.decode()


def test_an_empty_list_search_offers_the_whole_register(consultant_client, in_copenhagen):
    response = consultant_client.get(reverse("companies:company-list"), {"q": "kranfirma"})
    assert f"{SEARCH}?q=kranfirma" in response.content.decode()


def test_the_register_search_runs_a_fixed_number_of_queries(
    consultant_client, django_assert_max_num_queries
):
    for number in range(30):
        CompanyFactory(
            name=f"Kranfirma {number}", municipality=Municipality.objects.get(code="0101")
        )
    # Session, user, jobcenter, served municipalities, search (with its dictionary
    # look-up), which results are ours, reminder badge, order watch.
    with django_assert_max_num_queries(12):
        response = consultant_client.get(SEARCH, {"q": "kranfirma"})
    assert len(response.context["results"]) == 25
    assert response.context["more"] is True
