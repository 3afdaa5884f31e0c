"""The company page's service-demand panel: selector and partial."""

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from servicepackages.models import Product
from servicepackages.selectors import service_demands_for_company_page
from servicepackages.services import DemandInput, product_retire, visit_checklist_record
from tests.factories import RelationshipFactory

pytestmark = pytest.mark.django_db


def _record(visit, user, *items):
    return visit_checklist_record(visit=visit, user=user, demands=list(items), complete_visit=False)


def test_it_lists_current_and_declined_demands_with_their_history(
    consultant, visit, relationship, practice, job_rotation, django_assert_num_queries
):
    _record(
        visit,
        consultant,
        DemandInput(product=practice, status="wanted"),
        DemandInput(product=job_rotation, status="declined"),
        DemandInput(other_text="Jobmesse i foråret", status="wanted"),
    )
    _record(visit, consultant, DemandInput(product=practice, status="agreed"))
    with django_assert_num_queries(3):
        panel = service_demands_for_company_page(user=consultant, relationship=relationship)
        # Touch everything the partial reads: no query more.
        for demand in [*panel.current, *panel.declined]:
            [change.changed_by for change in demand.changes.all()]
            str(demand.product.track) if demand.product else None
            str(demand.updated_by)
    assert [demand.product for demand in panel.current] == [practice, None]
    assert [demand.product for demand in panel.declined] == [job_rotation]
    assert [change.status for change in panel.current[0].changes.all()] == ["agreed", "wanted"]
    assert panel.visit == visit


def test_its_query_count_does_not_grow_with_the_demands(
    consultant, visit, relationship, jobcenter_a, django_assert_num_queries
):
    products = list(Product.objects.filter(jobcenter=jobcenter_a).current()[:12])
    _record(visit, consultant, *(DemandInput(product=p, status="wanted") for p in products))
    _record(visit, consultant, *(DemandInput(product=p, status="agreed") for p in products))
    with django_assert_num_queries(3):
        panel = service_demands_for_company_page(user=consultant, relationship=relationship)
        html = render_to_string(
            "companies/partials/service_demands.html", {"service_demands": panel}
        )
    assert html.count('class="list-group-item service-demand"') == 12


def test_a_retired_products_demand_and_history_stay_readable(
    consultant, visit, relationship, practice
):
    _record(visit, consultant, DemandInput(product=practice, status="wanted"))
    _record(visit, consultant, DemandInput(product=practice, status="agreed"))
    assert product_retire(product=practice)

    panel = service_demands_for_company_page(user=consultant, relationship=relationship)
    assert [demand.product for demand in panel.current] == [practice]
    assert panel.current[0].product.is_retired
    html = render_to_string("companies/partials/service_demands.html", {"service_demands": panel})
    assert practice.name in html
    assert "retired-badge" in html
    # The history table has both changes.
    assert html.count("<tr>") == 1 + 2


def test_it_shows_nothing_of_another_jobcenters_relationship(
    outsider, consultant, visit, relationship, practice
):
    _record(visit, consultant, DemandInput(product=practice, status="wanted"))
    panel = service_demands_for_company_page(user=outsider, relationship=relationship)
    assert (panel.current, panel.declined, panel.visit) == ([], [], None)
    # The outsider's own relationship with the same company is empty too.
    theirs = RelationshipFactory(jobcenter=outsider.jobcenter, company=relationship.company)
    panel = service_demands_for_company_page(user=outsider, relationship=theirs)
    assert panel.current == []


def test_it_handles_a_company_without_a_relationship(consultant, django_assert_num_queries):
    with django_assert_num_queries(0):
        panel = service_demands_for_company_page(user=consultant, relationship=None)
    html = render_to_string("companies/partials/service_demands.html", {"service_demands": panel})
    assert 'id="service-demands"' in html
    assert 'id="visit-checklist-link"' not in html


def test_it_links_the_latest_visit_checklist(consultant, future_visit, relationship):
    panel = service_demands_for_company_page(user=consultant, relationship=relationship)
    html = render_to_string("companies/partials/service_demands.html", {"service_demands": panel})
    assert f"/catalogue/visits/{future_visit.code}/checklist/" in html
    assert timezone.now() < future_visit.occurred_at
