"""The relationship's copy of its company's municipality codes (kept by triggers) and the
visible-companies filter that reads it (issue 13.6: the "related outside the area" part
of visible_to costs one index-only scan of the jobcenter's relationships)."""

import random

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from companies.models import Company, CompanyRelationship
from tests.factories import CompanyFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db

# Struer's own area, its neighbours and places far away.
CODES = ["0671", "0661", "0665", "0101", "0751", "0851", "0461"]


def _copy(relationship: CompanyRelationship) -> list[str]:
    relationship.refresh_from_db()
    return relationship.company_municipality_codes


def test_a_new_relationship_takes_its_companys_codes(jobcenter_a):
    company = CompanyFactory(municipality_codes=["0101", "0671"])
    relationship = CompanyRelationship.objects.create(jobcenter=jobcenter_a, company=company)
    assert _copy(relationship) == ["0101", "0671"]


def _update(company: Company, codes: list[str]) -> None:
    Company.objects.filter(pk=company.pk).update(municipality_codes=codes)


def _save(company: Company, codes: list[str]) -> None:
    company.municipality_codes = codes
    company.save(update_fields=["municipality_codes"])


def _bulk_update(company: Company, codes: list[str]) -> None:
    Company.objects.bulk_update(
        [Company(pk=company.pk, municipality_codes=codes)], ["municipality_codes"]
    )


@pytest.mark.parametrize(
    "change", [_update, _save, _bulk_update], ids=["queryset update", "save", "bulk update"]
)
def test_the_copy_follows_the_company_however_it_is_written(jobcenter_a, jobcenter_b, change):
    company = CompanyFactory(municipality_codes=["0671"])
    ours = RelationshipFactory(jobcenter=jobcenter_a, company=company)
    theirs = RelationshipFactory(jobcenter=jobcenter_b, company=company)
    change(company, ["0101", "0751"])
    assert _copy(ours) == _copy(theirs) == ["0101", "0751"]


def test_a_relationship_read_before_the_company_moved_keeps_the_new_codes(jobcenter_a):
    company = CompanyFactory(municipality_codes=["0671"])
    stale = RelationshipFactory(jobcenter=jobcenter_a, company=company)
    Company.objects.filter(pk=company.pk).update(municipality_codes=["0101"])
    stale.notes = "Skrevet efter flytningen"
    stale.save()  # every column, the old copy among them
    assert _copy(stale) == ["0101"]


def test_a_relationship_moved_to_another_company_takes_that_companys_codes(jobcenter_a):
    relationship = RelationshipFactory(
        jobcenter=jobcenter_a, company=CompanyFactory(municipality_codes=["0671"])
    )
    other = CompanyFactory(municipality_codes=["0851"])
    CompanyRelationship.objects.filter(pk=relationship.pk).update(company=other)
    assert _copy(relationship) == ["0851"]


def test_the_migration_trigger_exists_in_the_database():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgname IN "
            "('companies_relationship_codes', 'companies_relationship_follow')"
        )
        assert {row[0] for row in cursor.fetchall()} == {
            "companies_relationship_codes",
            "companies_relationship_follow",
        }


def _random_register(
    rng: random.Random, jobcenters: tuple, *, companies: int, related: int
) -> list[Company]:
    """`companies` companies in up to two random places of CODES (or none), and `related`
    random ones of them related to each jobcenter."""
    made: list[Company] = [
        CompanyFactory.create(municipality_codes=sorted(rng.sample(CODES, rng.randint(0, 2))))
        for _ in range(companies)
    ]
    for jobcenter in jobcenters:
        for company in rng.sample(made, related):
            CompanyRelationship.objects.create(jobcenter=jobcenter, company=company)
    return made


@pytest.mark.parametrize("seed", range(6))
def test_visible_companies_match_the_rule_through_any_sequence_of_moves(
    jobcenter_a, jobcenter_b, seed
):
    """Generated registers: companies in random places, random relationships of both
    jobcenters, then random moves written the ways the product writes them; the visible
    set is always 'in the area, or related anywhere', as computed here from scratch."""
    rng = random.Random(seed)  # noqa: S311  # reproducible test data
    companies = _random_register(rng, (jobcenter_a, jobcenter_b), companies=24, related=8)
    moved = rng.sample(companies, 10)
    Company.objects.bulk_update(
        [
            Company(pk=company.pk, municipality_codes=sorted(rng.sample(CODES, rng.randint(0, 3))))
            for company in moved[:5]
        ],
        ["municipality_codes"],
    )
    for company in moved[5:]:
        company.refresh_from_db()
        company.municipality_codes = sorted(rng.sample(CODES, rng.randint(0, 3)))
        company.save(update_fields=["municipality_codes"])
    for jobcenter in (jobcenter_a, jobcenter_b):
        served = set(jobcenter.served_municipalities.values_list("code", flat=True))
        related = set(
            CompanyRelationship.objects.filter(jobcenter=jobcenter).values_list(
                "company_id", flat=True
            )
        )
        expected = {
            company.pk
            for company in Company.objects.filter(merged_into__isnull=True)
            if served & set(company.municipality_codes) or company.pk in related
        }
        assert set(Company.objects.visible_to(jobcenter).values_list("pk", flat=True)) == expected


def test_a_related_company_that_moves_away_stays_visible_and_a_stranger_does_not_appear(
    jobcenter_a,
):
    related = CompanyFactory(municipality_codes=["0671"])
    RelationshipFactory(jobcenter=jobcenter_a, company=related)
    stranger = CompanyFactory(municipality_codes=["0671"])
    Company.objects.filter(pk__in=[related.pk, stranger.pk]).update(municipality_codes=["0101"])
    visible = set(Company.objects.visible_to(jobcenter_a))
    assert related in visible
    assert stranger not in visible


def _found(queryset, user, company: Company) -> bool:
    try:
        queryset.get_visible_or_404(user, pk=company.pk)
    except Http404:
        return False
    return True


@pytest.mark.parametrize("seed", range(4))
def test_one_company_is_found_by_the_same_rule_with_or_without_the_own_join(
    jobcenter_a, jobcenter_b, seed
):
    """get_visible_or_404 answers "related anywhere" from the `own` join when the queryset
    has joined the user's own jobcenter's relationship, and by a subquery otherwise. The
    join made for another jobcenter must not count: the answer is the rule's every time."""
    rng = random.Random(seed)  # noqa: S311  # reproducible test data
    user_a = UserFactory(jobcenter=jobcenter_a)
    user_b = UserFactory(jobcenter=jobcenter_b)
    companies = _random_register(rng, (jobcenter_a, jobcenter_b), companies=16, related=6)
    for user, other in ((user_a, user_b), (user_b, user_a)):
        served = set(user.jobcenter.served_municipalities.values_list("code", flat=True))
        related = set(
            CompanyRelationship.objects.filter(jobcenter=user.jobcenter).values_list(
                "company_id", flat=True
            )
        )
        for company in companies:
            expected = bool(served & set(company.municipality_codes)) or company.pk in related
            querysets = {
                "plain": Company.objects.all(),
                "own id": Company.objects.with_own_relationship_id(user),
                "own": Company.objects.with_own_relationship(user),
                "own id and reminders": Company.objects.with_own_relationship_id(
                    user
                ).with_own_open_reminders(),
                "another jobcenter's join": Company.objects.with_own_relationship_id(other),
            }
            for name, queryset in querysets.items():
                assert _found(queryset, user, company) is expected, (name, company)


def test_the_own_join_replaces_the_relationship_subquery_only_for_the_users_jobcenter(
    jobcenter_a, jobcenter_b
):
    user_a = UserFactory(jobcenter=jobcenter_a)
    user_b = UserFactory(jobcenter=jobcenter_b)
    company = CompanyFactory(municipality_codes=["0101"])
    RelationshipFactory(jobcenter=jobcenter_a, company=company)
    RelationshipFactory(jobcenter=jobcenter_b, company=company)
    subquery = 'FROM "companies_companyrelationship" U0'

    def sql(queryset, user) -> str:
        with CaptureQueriesContext(connection) as captured:
            queryset.get_visible_or_404(user, pk=company.pk)
        return captured.captured_queries[-1]["sql"]

    assert subquery not in sql(Company.objects.with_own_relationship_id(user_a), user_a)
    assert subquery not in sql(Company.objects.with_own_relationship(user_a), user_a)
    assert subquery in sql(Company.objects.all(), user_a)
    assert subquery in sql(Company.objects.with_own_relationship_id(user_b), user_a)
