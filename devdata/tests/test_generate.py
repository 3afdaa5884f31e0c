import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from companies.identifiers import fold_for_search, validate_cvr
from companies.models import (
    Agreement,
    Company,
    CompanyRelationship,
    Contact,
    IndustrySection,
    Municipality,
    Workplace,
)
from devdata.demo_companies import DEMO_COMPANIES, DEMO_CONTACTS, demo_companies_create
from devdata.generator import registry_generate
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(jobcenter_a, jobcenter_b, consultant, outsider):
    UserFactory(jobcenter=jobcenter_a, username="kollega")
    return registry_generate(
        companies=300, contacts=2_000, jobcenters=[jobcenter_a, jobcenter_b], local_share=0.5
    )


def test_it_generates_exactly_the_counts_asked_for(generated):
    assert generated.companies == Company.objects.count() == 300
    assert generated.contacts == Contact.objects.count() == 2_000
    assert generated.workplaces == Workplace.objects.count()
    assert generated.relationships == CompanyRelationship.objects.count() > 0
    assert generated.agreements == Agreement.objects.count()


def test_it_gives_every_company_a_valid_cvr_number(generated):
    for cvr in Company.objects.values_list("cvr", flat=True):
        validate_cvr(cvr)


def test_it_uses_only_real_municipalities(generated):
    real = set(Municipality.objects.values_list("code", flat=True))
    for company in Company.objects.select_related("municipality"):
        assert set(company.municipality_codes) <= real
        assert company.municipality.code in company.municipality_codes
        if company.ceased_on is not None:
            assert company.municipality_codes == [company.municipality.code]
    # A ceased company keeps only its main municipality; its ceased branches elsewhere
    # make it visible to nobody there.
    for workplace in Workplace.objects.filter(ceased_on__isnull=True).select_related(
        "company", "municipality"
    ):
        assert workplace.municipality.code in workplace.company.municipality_codes


def test_it_gives_about_one_point_two_workplaces_per_company_with_unique_p_numbers(generated):
    workplaces = Workplace.objects.count()
    assert 300 * 1.08 < workplaces < 300 * 1.35
    p_numbers = list(Workplace.objects.values_list("p_number", flat=True))
    assert len(set(p_numbers)) == len(p_numbers)
    assert all(len(p) == 10 and p.startswith("10") for p in p_numbers)
    assert Workplace.objects.filter(is_main=True).count() == 300


def test_it_derives_the_industry_section_from_the_code(generated):
    for company in Company.objects.select_related("industry_section"):
        division = int(company.industry_code[:2])
        section = company.industry_section
        assert len(company.industry_code) == 6
        assert section.division_from <= division <= section.division_to
    assert IndustrySection.objects.filter(company__isnull=False).distinct().count() > 5


def test_it_stores_the_same_search_text_as_the_model(generated):
    for company in Company.objects.all():
        expected = fold_for_search(
            " ".join(
                [company.name, *company.other_names, company.cvr, company.address, company.city]
            )
        )
        assert company.search_text == expected
        company.refresh_search_text()
        assert company.search_text == expected


def test_it_writes_contacts_for_the_jobcenters_own_relationships_and_consultants(generated):
    contacts = Contact.objects.select_related("relationship", "consultant")
    for contact in contacts:
        assert contact.relationship.jobcenter_id == contact.jobcenter_id
        assert contact.consultant.jobcenter_id == contact.jobcenter_id
    for agreement in Agreement.objects.select_related("relationship", "contact"):
        assert agreement.relationship.jobcenter_id == agreement.jobcenter_id
        assert agreement.contact.relationship_id == agreement.relationship_id
    assert Contact.objects.filter(status="planned").exists()
    assert Contact.objects.filter(status="done").exists()


def test_it_creates_relationships_only_where_the_jobcenter_serves(generated, jobcenter_a):
    served = set(jobcenter_a.served_municipalities.values_list("code", flat=True))
    relationships = CompanyRelationship.objects.filter(jobcenter=jobcenter_a)
    assert relationships.exists()
    for relationship in relationships.select_related("company", "segment", "responsible"):
        assert served & set(relationship.company.municipality_codes)
        assert relationship.segment.number in {1, 2, 3, 4}
        if relationship.responsible is not None:
            assert relationship.responsible.jobcenter_id == jobcenter_a.pk
        if relationship.opted_out_on is not None:
            assert relationship.opt_out_reason


def test_it_produces_rows_that_pass_model_validation(generated):
    for company in Company.objects.all()[:50]:
        company.full_clean()
    for contact in Contact.objects.all()[:50]:
        contact.full_clean()


def test_it_does_not_collide_with_existing_or_earlier_numbers(jobcenter_a, consultant):
    CompanyFactory(cvr="89563518")  # a real CVR number inside the generator's range
    first = registry_generate(
        companies=200, contacts=100, jobcenters=[jobcenter_a], local_share=0.5
    )
    second = registry_generate(
        companies=200, contacts=100, jobcenters=[jobcenter_a], local_share=0.5
    )
    assert first.companies == second.companies == 200
    assert Company.objects.count() == 401
    assert Contact.objects.count() == 200
    generated_cvrs = Company.objects.exclude(cvr="89563518").values_list("cvr", flat=True)
    assert all(cvr > "89563518" for cvr in generated_cvrs)


def test_it_refuses_contacts_without_anyone_to_log_them(db):
    with pytest.raises(ValueError, match="consultant"):
        registry_generate(companies=10, contacts=5)
    assert not Company.objects.exists()


def test_it_builds_the_demo_register_with_overdue_agreements(
    jobcenter_a, jobcenter_b, consultant, outsider
):
    assert demo_companies_create() == DEMO_COMPANIES
    assert Contact.objects.count() == DEMO_CONTACTS
    local = Company.objects.filter(municipality_codes__overlap=["0671", "0661"]).count()
    assert local > DEMO_COMPANIES / 3
    overdue = Agreement.objects.overdue(today=timezone.localdate()).filter(
        responsible_user=consultant
    )
    assert overdue.count() >= 4
    assert demo_companies_create() == 0


def test_it_generates_from_the_command_line(jobcenter_a, consultant):
    out = io.StringIO()
    call_command(
        "generate_registry",
        "--companies=50",
        "--contacts=20",
        "--jobcenter=Jobcenter Struer",
        "--local-share=0.9",
        stdout=out,
    )
    assert "Generated 50 companies" in out.getvalue()
    assert Contact.objects.filter(jobcenter=jobcenter_a).count() == 20


def test_it_names_an_unknown_jobcenter_on_the_command_line(db):
    with pytest.raises(CommandError, match="Jobcenter Atlantis"):
        call_command("generate_registry", "--companies=5", "--jobcenter=Jobcenter Atlantis")


def test_it_records_the_screening_behind_every_generated_segment(jobcenter_a, consultant):
    from companies.models import CompanyRelationship
    from screening.models import SegmentAssessment

    registry_generate(companies=200, contacts=100, jobcenters=[jobcenter_a], local_share=1.0)
    with_segment = CompanyRelationship.objects.filter(segment__isnull=False)
    assert with_segment.exists()
    assert SegmentAssessment.objects.count() == with_segment.count()
    for relationship in with_segment:
        assert relationship.assessments.get().segment_id == relationship.segment_id


def test_generated_companies_have_phones_as_cvr_gives_them(generated):
    from companies.identifiers import PHONE_PATTERN

    phones = list(Company.objects.exclude(phone="").values_list("phone", flat=True))
    assert len(phones) > 200  # most of the 300 companies can be called
    assert all(PHONE_PATTERN.fullmatch(phone) for phone in phones)
    assert Company.objects.filter(phone_secret=True).exists()
    assert not Company.objects.filter(phone_secret=True).exclude(phone="").exists()
    assert Company.objects.exclude(email="").exists()
    assert Workplace.objects.exclude(phone="").exists()
