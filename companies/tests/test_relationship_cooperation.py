"""Issue 8.10: the "cooperates today" flag and the segment never contradict each other.
Segments 1-2 are partners (they cooperate today), segment 4 wants no cooperation; the
flag changes with a new assessment, not by unticking it beside the segment."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from companies import services
from companies.merging import company_merge
from companies.models import CompanyRelationship
from screening.models import Segment
from tests.factories import CompanyFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def _relationship(jobcenter, number, *, is_known):
    return RelationshipFactory(
        jobcenter=jobcenter,
        company=CompanyFactory(),
        segment=Segment.objects.get(number=number) if number else None,
        is_known=is_known,
    )


@pytest.mark.parametrize(
    ("number", "is_known"),
    [(1, False), (2, False), (4, True)],
    ids=["1-untick", "2-untick", "4-tick"],
)
def test_it_refuses_a_flag_that_contradicts_the_segment_with_a_danish_message(
    consultant_client, jobcenter_a, number, is_known
):
    relationship = _relationship(jobcenter_a, number, is_known=not is_known)
    data = {"responsible": ""} | ({"is_known": "on"} if is_known else {})
    response = consultant_client.post(
        reverse("companies:relationship-edit", args=[relationship.company.code]), data
    )
    assert response.status_code == 400
    errors = response.context["relationship_form"].errors["is_known"]
    assert f"segment {number}" in errors[0]
    assert "vurdér segmentet igen" in errors[0]
    relationship.refresh_from_db()
    assert relationship.is_known is (not is_known)


@pytest.mark.parametrize(
    ("number", "is_known"), [(None, False), (None, True), (3, False), (3, True), (1, True)]
)
def test_it_lets_the_consultant_set_the_flag_where_the_segment_says_nothing(
    consultant_client, jobcenter_a, number, is_known
):
    relationship = _relationship(jobcenter_a, number, is_known=not is_known)
    if number == 1:
        relationship.is_known = True
        relationship.save()
    data = {"responsible": ""} | ({"is_known": "on"} if is_known else {})
    response = consultant_client.post(
        reverse("companies:relationship-edit", args=[relationship.company.code]), data
    )
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.is_known is is_known


@pytest.mark.parametrize(("number", "is_known"), [(1, False), (2, False), (4, True)])
def test_the_service_refuses_the_contradiction_too(jobcenter_a, number, is_known):
    relationship = _relationship(jobcenter_a, number, is_known=not is_known)
    with pytest.raises(ValidationError) as refusal:
        services.relationship_update(
            relationship=relationship,
            is_known=is_known,
            responsible=None,
            opted_out_on=None,
            opt_out_reason="",
        )
    assert "is_known" in refusal.value.message_dict
    relationship.refresh_from_db()
    assert relationship.is_known is (not is_known)


def test_a_merge_keeps_the_flag_in_step_with_the_joined_segment(jobcenter_a, admin_user):
    kept = _relationship(jobcenter_a, 4, is_known=False)
    duplicate = _relationship(jobcenter_a, None, is_known=True)
    company_merge(kept=kept.company, merged=duplicate.company, user=admin_user)
    joined = CompanyRelationship.objects.get(jobcenter=jobcenter_a, company=kept.company)
    assert joined.segment.number == 4
    assert joined.is_known is False
