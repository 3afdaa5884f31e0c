import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from screening.models import Segment
from tests.factories import AgreementFactory, ContactFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def _figures(jobcenter, consultant, relationships):
    made = []
    for index in range(relationships):
        relationship = RelationshipFactory(
            jobcenter=jobcenter, segment=Segment.objects.get(number=index % 4 + 1)
        )
        ContactFactory(relationship=relationship, consultant=consultant, channel="visit")
        AgreementFactory(
            relationship=relationship,
            responsible_user=consultant,
            deadline=timezone.localdate() - datetime.timedelta(days=1),
        )
        made.append(relationship)
    return made


def test_it_counts_segments_contacts_and_overdue_agreements(
    consultant_client, consultant, jobcenter_a, outsider, jobcenter_b
):
    _figures(jobcenter_a, consultant, 4)
    RelationshipFactory(jobcenter=jobcenter_a)  # not screened
    _figures(jobcenter_b, outsider, 3)  # another jobcenter's figures never count here
    response = consultant_client.get(reverse("reports:overview"))
    assert response.status_code == 200
    segments = {row.number: row.count for row in response.context["segments"]}
    assert segments == {1: 1, 2: 1, 3: 1, 4: 1, None: 1}
    assert dict(response.context["channels"])["Besøg"] == 4
    [person] = [p for p in response.context["consultants"] if p.pk == consultant.pk]
    assert (person.contacts_done, person.agreements_overdue) == (4, 4)


@pytest.mark.parametrize("relationships", [2, 12])
def test_it_runs_a_constant_number_of_queries(
    consultant_client, consultant, jobcenter_a, django_assert_num_queries, relationships
):
    _figures(jobcenter_a, consultant, relationships)
    with django_assert_num_queries(8):
        assert consultant_client.get(reverse("reports:overview")).status_code == 200


def test_it_answers_405_to_post(consultant_client):
    assert consultant_client.post(reverse("reports:overview")).status_code == 405
