"""The relationship's copy of its company's industry section (kept by the triggers that
copy the municipality codes) and the company list narrowed to the jobcenter's own
relationships and a section, which reads that copy (issue 13.6: a segment and a section
at 500,000 companies)."""

import datetime
import random

import pytest
from django.urls import reverse

from companies.models import Company, CompanyRelationship, IndustrySection
from screening.models import Segment, segment_cooperation
from tests.factories import CompanyFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("companies:company-list")


def section(letter: str) -> IndustrySection:
    return IndustrySection.objects.get(letter=letter)


def _copy(relationship: CompanyRelationship) -> str | None:
    relationship.refresh_from_db()
    copied = relationship.company_industry_section
    return copied.letter if copied else None


def test_a_new_relationship_takes_its_companys_section(jobcenter_a):
    company = CompanyFactory(industry_section=section("F"))
    relationship = CompanyRelationship.objects.create(jobcenter=jobcenter_a, company=company)
    assert _copy(relationship) == "F"


def _update(company: Company, letter: str | None) -> None:
    Company.objects.filter(pk=company.pk).update(
        industry_section=section(letter) if letter else None
    )


def _save(company: Company, letter: str | None) -> None:
    company.industry_section = section(letter) if letter else None
    company.save(update_fields=["industry_section"])


def _bulk_update(company: Company, letter: str | None) -> None:
    Company.objects.bulk_update(
        [Company(pk=company.pk, industry_section=section(letter) if letter else None)],
        ["industry_section"],
    )


@pytest.mark.parametrize(
    "change", [_update, _save, _bulk_update], ids=["queryset update", "save", "bulk update"]
)
@pytest.mark.parametrize("before,after", [("F", "G"), (None, "F"), ("F", None)])
def test_the_copy_follows_the_company_however_it_is_written(
    jobcenter_a, jobcenter_b, change, before, after
):
    company = CompanyFactory(industry_section=section(before) if before else None)
    ours = RelationshipFactory(jobcenter=jobcenter_a, company=company)
    theirs = RelationshipFactory(jobcenter=jobcenter_b, company=company)
    change(company, after)
    assert _copy(ours) == _copy(theirs) == after


def test_a_relationship_read_before_the_company_changed_keeps_the_new_section(jobcenter_a):
    company = CompanyFactory(industry_section=section("F"))
    stale = RelationshipFactory(jobcenter=jobcenter_a, company=company)
    Company.objects.filter(pk=company.pk).update(industry_section=section("C"))
    stale.notes = "Skrevet efter skiftet"
    stale.save()  # every column, the old copy among them
    assert _copy(stale) == "C"


def test_a_relationship_moved_to_another_company_takes_that_companys_section(jobcenter_a):
    relationship = RelationshipFactory(
        jobcenter=jobcenter_a, company=CompanyFactory(industry_section=section("F"))
    )
    other = CompanyFactory(industry_section=section("Q"))
    CompanyRelationship.objects.filter(pk=relationship.pk).update(company=other)
    assert _copy(relationship) == "Q"


# The list: every filter that keeps only the jobcenter's own relationships, with a section.

LETTERS = ["C", "F", "G"]


def _listed(client, query: dict[str, str]) -> set[str]:
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count == len(page.object_list)  # one page: all of them
    return {company.name for company in page.object_list}


@pytest.mark.parametrize("seed", range(4))
def test_own_relationship_filters_with_a_section_list_exactly_the_matching_companies(
    consultant_client, consultant, jobcenter_a, jobcenter_b, seed
):
    """Generated data: companies in and outside the area with random sections,
    relationships of both jobcenters with random segments, consultants, cooperation and
    refusals, then sections changed the ways the product writes them; each narrowing
    filter with each section lists what is computed here from scratch."""
    rng = random.Random(seed)  # noqa: S311  # reproducible test data
    colleague = UserFactory(jobcenter=jobcenter_a, username="kollega")
    segments = list(Segment.objects.order_by("number"))
    companies = []
    for number in range(30):
        letter = rng.choice([*LETTERS, None])
        companies.append(
            CompanyFactory(
                name=f"Virksomhed {number:02}",
                municipality_codes=[rng.choice(["0671", "0661", "0101"])],
                industry_section=section(letter) if letter else None,
            )
        )
    for jobcenter, people in ((jobcenter_a, [consultant, colleague]), (jobcenter_b, [None])):
        for company in rng.sample(companies, 18):
            refused = rng.random() < 0.2
            chosen = rng.choice([None, *segments])
            # Cooperation as screening's rule has it for the segment (either for 3 or none).
            expected = segment_cooperation(chosen.number if chosen else None)
            known = rng.random() < 0.5 if expected is None else expected
            RelationshipFactory(
                jobcenter=jobcenter,
                company=company,
                segment=chosen,
                responsible=rng.choice([None, *people]),
                is_known=known,
                opted_out_on=datetime.date(2026, 1, 5) if refused else None,
                opt_out_reason="Ønsker ikke kontakt" if refused else "",
            )
    changed = rng.sample(companies, 10)
    for index, company in enumerate(changed):
        letter = rng.choice([*LETTERS, None])
        [_update, _save, _bulk_update][index % 3](company, letter)

    own = {
        relationship.company_id: relationship
        for relationship in CompanyRelationship.objects.filter(jobcenter=jobcenter_a)
    }
    visible = {
        company.pk: company
        for company in Company.objects.all()
        if "0671" in company.municipality_codes or company.pk in own
    }
    narrowing = {
        "segment": [(str(s.number), lambda r, s=s: r.segment_id == s.pk) for s in segments],
        "responsible": [
            (str(person.code), lambda r, p=person: r.responsible_id == p.pk)
            for person in (consultant, colleague)
        ],
        "known": [("yes", lambda r: r.is_known)],
        "opted_out": [("yes", lambda r: r.opted_out_on is not None)],
    }
    for field, choices in narrowing.items():
        for value, keeps in choices:
            for letter in LETTERS:
                expected = {
                    company.name
                    for pk, company in visible.items()
                    if pk in own
                    and keeps(own[pk])
                    and company.industry_section_id == section(letter).pk
                }
                query = {field: value, "industry": letter}
                assert _listed(consultant_client, query) == expected, query


def _screened(count: int, *, jobcenter, consultant) -> None:
    builders = section("F")
    for number in range(count):
        RelationshipFactory(
            jobcenter=jobcenter,
            company=CompanyFactory(industry_section=builders if number % 2 else None),
            segment=Segment.objects.get(number=1),
            responsible=consultant,
        )


# As companies.tests.test_list.LIST_PAGE_QUERIES, and one for each chosen object (the
# segment and the section).
FILTERED_PAGE_QUERIES = 9 + 2


@pytest.mark.parametrize("count", [4, 40])
def test_a_segment_and_a_section_cost_the_same_queries_for_any_number_of_rows(
    consultant_client, consultant, jobcenter_a, django_assert_num_queries, count
):
    _screened(count, jobcenter=jobcenter_a, consultant=consultant)
    consultant_client.get(LIST_URL)

    with django_assert_num_queries(FILTERED_PAGE_QUERIES):
        response = consultant_client.get(LIST_URL, {"segment": "1", "industry": "F"})

    assert len(response.context["page_obj"].object_list) == count // 2
