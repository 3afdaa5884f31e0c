"""Merging two records of one company carries every jobcenter's history across, or
refuses in Danish before changing anything (issue 8 point 2)."""

import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.merging import company_merge
from companies.models import (
    Agreement,
    CompanyMerge,
    CompanyRelationship,
    Contact,
    ContactPerson,
)
from planning.models import Reminder
from screening.models import Campaign, CampaignCompany, Segment, SegmentAssessment
from servicepackages.models import Product, ServiceDemand, ServiceDemandChange
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ContactFactory,
    ContactPersonFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _campaign(jobcenter, user, name="Efterår"):
    return Campaign.objects.create(
        jobcenter=jobcenter,
        name=name,
        starts_on=NOW.date(),
        ends_on=NOW.date() + datetime.timedelta(days=90),
        created_by=user,
    )


def _demand(relationship, user, product, status="wanted"):
    demand = ServiceDemand.objects.create(
        jobcenter=relationship.jobcenter,
        relationship=relationship,
        product=product,
        status=status,
        updated_at=NOW,
        updated_by=user,
    )
    ServiceDemandChange.objects.create(
        demand=demand, status=status, changed_at=NOW, changed_by=user
    )
    return demand


def _history(relationship, user, *, product, campaign, kind="contact"):
    """Everything a jobcenter builds up on a relationship."""
    ContactPersonFactory(relationship=relationship)
    ContactFactory(relationship=relationship, consultant=user)
    AgreementFactory(relationship=relationship)
    SegmentAssessment.objects.create(
        jobcenter=relationship.jobcenter,
        relationship=relationship,
        segment=Segment.objects.get(number=2),
        assessed_by=user,
        assessed_at=NOW,
    )
    _demand(relationship, user, product)
    Reminder.objects.create(
        jobcenter=relationship.jobcenter,
        relationship=relationship,
        consultant=user,
        kind=kind,
        due_on=NOW.date(),
    )
    CampaignCompany.objects.create(campaign=campaign, relationship=relationship, consultant=user)


MODELS = (
    ContactPerson,
    Contact,
    Agreement,
    SegmentAssessment,
    ServiceDemand,
    ServiceDemandChange,
    Reminder,
    CampaignCompany,
)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def pair(jobcenter_a, admin_user):
    kept = CompanyFactory(name="Bager Jensen ApS")
    duplicate = CompanyFactory(name="Bager Jensen", cvr=None, source="manual")
    return (
        kept,
        duplicate,
        RelationshipFactory(jobcenter=jobcenter_a, company=kept),
        RelationshipFactory(jobcenter=jobcenter_a, company=duplicate),
    )


def _products(jobcenter, count=2):
    return list(Product.objects.filter(jobcenter=jobcenter).order_by("pk")[:count])


def test_both_relationships_of_one_jobcenter_become_one_with_all_history(
    admin_client_a, admin_user, jobcenter_a, pair
):
    kept, duplicate, kept_rel, duplicate_rel = pair
    first, second = _products(jobcenter_a)
    _history(
        kept_rel, admin_user, product=first, campaign=_campaign(jobcenter_a, admin_user, "Forår")
    )
    # The duplicate is held by a campaign (that answered 500 before).
    _history(
        duplicate_rel,
        admin_user,
        product=second,
        campaign=_campaign(jobcenter_a, admin_user),
        kind="visit",
    )
    before = _counts()

    response = admin_client_a.post(
        reverse("companies:company-merge", args=[duplicate.code]),
        {"keep": str(kept.code), "confirm": "on"},
    )

    assert response.status_code == 302
    assert _counts() == before
    assert not CompanyRelationship.objects.filter(pk=duplicate_rel.pk).exists()
    for model in MODELS:
        if model is ServiceDemandChange:
            assert set(model.objects.values_list("demand__relationship", flat=True)) == {
                kept_rel.pk
            }
        else:
            assert set(model.objects.values_list("relationship", flat=True)) == {kept_rel.pk}
    details = CompanyMerge.objects.get().details
    assert details["relationships"] == [{"jobcenter": "Jobcenter Struer", "joined": True}]
    assert details["moved"]["screening.campaigncompany"] == 1
    assert details["moved"]["servicepackages.servicedemand"] == 1


def test_a_campaign_holding_both_records_refuses_in_danish_and_changes_nothing(
    admin_client_a, admin_user, jobcenter_a, pair
):
    kept, duplicate, kept_rel, duplicate_rel = pair
    campaign = _campaign(jobcenter_a, admin_user, "Efterår 2026")
    for relationship in (kept_rel, duplicate_rel):
        CampaignCompany.objects.create(
            campaign=campaign, relationship=relationship, consultant=admin_user
        )
    ContactFactory(relationship=duplicate_rel, consultant=admin_user)

    response = admin_client_a.post(
        reverse("companies:company-merge", args=[duplicate.code]),
        {"keep": str(kept.code), "confirm": "on"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Intet blev lagt sammen" in page
    assert "Efterår 2026" in page and "Jobcenter Struer" in page
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert Contact.objects.get().relationship == duplicate_rel
    assert not CompanyMerge.objects.exists()


def test_a_demand_for_the_same_product_on_both_refuses(admin_user, jobcenter_a, pair):
    kept, duplicate, kept_rel, duplicate_rel = pair
    product = _products(jobcenter_a, 1)[0]
    _demand(kept_rel, admin_user, product)
    _demand(duplicate_rel, admin_user, product, status="agreed")

    with pytest.raises(Exception) as refusal:
        company_merge(kept=kept, merged=duplicate, user=admin_user)

    assert product.name in str(refusal.value)
    assert "serviceønske" in str(refusal.value)
    assert ServiceDemand.objects.filter(relationship=duplicate_rel).count() == 1


def test_a_reminder_due_on_both_is_kept_once(admin_user, jobcenter_a, pair):
    kept, duplicate, kept_rel, duplicate_rel = pair
    for relationship in (kept_rel, duplicate_rel):
        Reminder.objects.create(
            jobcenter=jobcenter_a,
            relationship=relationship,
            consultant=admin_user,
            kind="contact",
            due_on=NOW.date(),
        )

    merge = company_merge(kept=kept, merged=duplicate, user=admin_user)

    assert list(Reminder.objects.values_list("relationship", flat=True)) == [kept_rel.pk]
    assert merge.details["dropped_duplicates"] == {"planning.reminder": 1}


def test_the_relationship_keeps_a_refusal_of_contact_and_the_known_flag(
    admin_user, jobcenter_a, pair
):
    kept, duplicate, kept_rel, duplicate_rel = pair
    CompanyRelationship.objects.filter(pk=duplicate_rel.pk).update(
        is_known=True,
        opted_out_on=NOW.date(),
        opt_out_reason="Ønsker ikke opkald",
        notes="Ring kun om formiddagen",
    )

    company_merge(kept=kept, merged=duplicate, user=admin_user)

    kept_rel.refresh_from_db()
    assert kept_rel.is_known and kept_rel.opted_out_on == NOW.date()
    assert kept_rel.opt_out_reason == "Ønsker ikke opkald"
    assert "Ring kun om formiddagen" in kept_rel.notes


@pytest.mark.parametrize("seed", range(6))
def test_generated_histories_either_move_whole_or_not_at_all(admin_user, jobcenter_a, seed):
    rng = random.Random(seed)  # noqa: S311  # test inputs, reproducible
    products = _products(jobcenter_a, 3)
    campaigns = [_campaign(jobcenter_a, admin_user, f"Kampagne {n}") for n in range(2)]
    kept = CompanyFactory()
    duplicate = CompanyFactory(cvr=None, source="manual")
    relationships = [
        RelationshipFactory(jobcenter=jobcenter_a, company=company) for company in (kept, duplicate)
    ]
    collides = False
    chosen: list[set] = [set(), set()]
    for side, relationship in enumerate(relationships):
        for _ in range(rng.randint(0, 3)):
            ContactFactory(relationship=relationship, consultant=admin_user)
        for product in rng.sample(products, rng.randint(0, 2)):
            _demand(relationship, admin_user, product)
            chosen[side].add(product.pk)
        for campaign in rng.sample(campaigns, rng.randint(0, 1)):
            CampaignCompany.objects.create(
                campaign=campaign, relationship=relationship, consultant=admin_user
            )
            chosen[side].add(("campaign", campaign.pk))
    collides = bool(chosen[0] & chosen[1])
    before = _counts()

    try:
        company_merge(kept=kept, merged=duplicate, user=admin_user)
    except Exception as refusal:  # noqa: BLE001  # the refusal is what is tested
        assert collides, refusal
        assert _counts() == before
        assert CompanyRelationship.objects.filter(company=duplicate).exists()
    else:
        assert not collides
        assert _counts() == before
        assert not CompanyRelationship.objects.filter(company=duplicate).exists()
