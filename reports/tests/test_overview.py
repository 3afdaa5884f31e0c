import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.services import dashboard_refresh
from screening.models import Segment
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ContactFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db


def _figures(jobcenter, consultant, relationships):
    made = []
    for index in range(relationships):
        relationship = RelationshipFactory(
            jobcenter=jobcenter, segment=Segment.objects.get(number=index % 4 + 1)
        )
        ContactFactory(relationship=relationship, consultant=consultant, channel="visit")
        ContactFactory(relationship=relationship, consultant=consultant, channel="phone")
        AgreementFactory(
            relationship=relationship,
            responsible_user=consultant,
            deadline=timezone.localdate() - datetime.timedelta(days=1),
        )
        AgreementFactory(relationship=relationship, responsible_user=consultant)
        made.append(relationship)
    return made


def test_it_counts_segments_contacts_and_overdue_agreements(
    team_lead_client, consultant, jobcenter_a, outsider, jobcenter_b
):
    _figures(jobcenter_a, consultant, 4)
    RelationshipFactory(jobcenter=jobcenter_a)  # not screened
    CompanyFactory()  # in Struer's area, no relationship: not screened either (issue 8.18)
    _figures(jobcenter_b, outsider, 3)  # another jobcenter's figures never count here
    response = team_lead_client.get(reverse("reports:overview"))
    assert response.status_code == 200
    segments = [row.cells[0].value for row in response.context["segments"].rows]
    # Jobcenter B's three relationships are with companies in Struer's area too: they are
    # Struer's unscreened companies, whatever B has recorded.
    assert segments == [1, 1, 1, 1, 2 + 3]
    assert dict(response.context["channels"])["Besøg"] == 4
    [person] = [p for p in response.context["consultants"] if p.pk == consultant.pk]
    # Two contacts and one overdue agreement per company: counted apart, not multiplied.
    assert (person.contacts_done, person.agreements_overdue) == (8, 4)


def test_a_consultant_is_sent_to_their_own_figures(consultant_client):
    response = consultant_client.get(reverse("reports:overview"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:mine")


@pytest.mark.parametrize("relationships", [2, 12])
def test_it_runs_a_constant_number_of_queries(
    team_lead_client, consultant, jobcenter_a, django_assert_num_queries, relationships
):
    _figures(jobcenter_a, consultant, relationships)
    dashboard_refresh(jobcenter=jobcenter_a)  # as the scheduled task has done
    with django_assert_num_queries(11):
        assert team_lead_client.get(reverse("reports:overview")).status_code == 200


def test_it_answers_405_to_post(team_lead_client):
    assert team_lead_client.post(reverse("reports:overview")).status_code == 405
