"""The visit checklist: what the company wants, agreements, other service, the segment."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Agreement, Contact
from screening.models import SegmentAssessment
from servicepackages.models import Product, ServiceDemand, ServiceDemandChange
from servicepackages.services import DemandInput, visit_checklist_record
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def _url(visit):
    return reverse("servicepackages:visit-checklist", args=[visit.code])


def _in_a_week():
    return (timezone.localdate() + datetime.timedelta(days=7)).isoformat()


def test_it_shows_the_checklist_of_a_planned_visit(consultant_client, visit, company):
    response = consultant_client.get(_url(visit))
    assert response.status_code == 200
    assert response.context["company"] == company
    assert response.context["visit"] == visit
    tracks = response.context["tracks"]
    assert [group.track.code for group in tracks] == [
        "recruitment",
        "upskilling",
        "retention",
        "other",
    ]
    content = response.content.decode()
    assert company.name in content
    assert 'name="product-virksomhedspraktik-ticked"' in content
    assert 'name="complete_visit"' in content
    # Products outside any package come last in their track.
    assert tracks[0].packages[-1].package is None


def test_it_shows_the_checklist_with_constant_queries(
    consultant_client, visit, consultant, practice, job_rotation, django_assert_num_queries
):
    with django_assert_num_queries(10):
        consultant_client.get(_url(visit))
    visit_checklist_record(
        visit=visit,
        user=consultant,
        demands=[
            DemandInput(product=practice, status="wanted"),
            DemandInput(product=job_rotation, status="agreed"),
            DemandInput(other_text="Hjælp til en jobmesse", status="wanted"),
        ],
        complete_visit=False,
    )
    Product.objects.filter(pk=job_rotation.pk).update(retired_at=timezone.now())
    with django_assert_num_queries(10):
        response = consultant_client.get(_url(visit))
    assert [d.product for d in response.context["retired_demands"]] == [job_rotation]
    assert len(response.context["form"].other_lines) == 1


def test_it_answers_404_to_the_outsider(outsider_client, visit):
    assert outsider_client.get(_url(visit)).status_code == 404
    assert outsider_client.post(_url(visit), {}).status_code == 404
    assert not ServiceDemand.objects.exists()


def test_it_answers_404_for_a_contact_that_is_not_a_visit(consultant_client, relationship):
    call = ContactFactory(relationship=relationship, channel="phone")
    cancelled = ContactFactory(relationship=relationship, channel="visit", status="cancelled")
    assert consultant_client.get(_url(call)).status_code == 404
    assert consultant_client.get(_url(cancelled)).status_code == 404


def test_it_refuses_other_methods(consultant_client, visit):
    assert consultant_client.put(_url(visit)).status_code == 405


def test_it_records_two_products_an_agreement_and_other_service(
    consultant_client, consultant, visit, relationship, practice, job_rotation
):
    response = consultant_client.post(
        _url(visit),
        {
            "product-virksomhedspraktik-ticked": "on",
            "product-virksomhedspraktik-status": "wanted",
            "product-jobrotation-ticked": "on",
            "product-jobrotation-status": "agreed",
            "product-jobrotation-agreement": "Jobcenteret finder to vikarer til jobrotation",
            "product-jobrotation-deadline": _in_a_week(),
            "product-jobrotation-side": "jobcenter",
            "other_text": "Hjælp til at holde en jobmesse i foråret",
            "other_status": "wanted",
            "complete_visit": "on",
            "summary": "Godt møde med HR",
        },
    )
    assert response.status_code == 302
    # The top of the company page, where the success message is shown (issue 8.12).
    assert response["Location"] == relationship.company.get_absolute_url()
    demands = {
        demand.product_id: demand
        for demand in ServiceDemand.objects.filter(relationship=relationship)
    }
    assert len(demands) == 3
    assert demands[practice.pk].status == "wanted"
    assert demands[job_rotation.pk].status == "agreed"
    other = demands[None]
    assert other.other_text == "Hjælp til at holde en jobmesse i foråret"
    for demand in demands.values():
        assert (demand.updated_by, demand.contact) == (consultant, visit)
        assert demand.jobcenter == consultant.jobcenter
        assert demand.changes.count() == 1
    agreement = Agreement.objects.get(relationship=relationship)
    assert agreement.service_product == job_rotation
    assert agreement.contact == visit
    assert agreement.description == "Jobcenteret finder to vikarer til jobrotation"
    assert agreement.responsible_user == consultant
    visit.refresh_from_db()
    assert visit.status == Contact.Status.DONE
    assert visit.summary == "Godt møde med HR"
    assert visit.occurred_at <= timezone.now()


def test_it_brings_unchanged_demands_up_to_date_without_a_history_row(
    consultant_client, consultant, visit, relationship, practice
):
    data = {
        "product-virksomhedspraktik-ticked": "on",
        "product-virksomhedspraktik-status": "wanted",
    }
    consultant_client.post(_url(visit), data)
    demand = ServiceDemand.objects.get(relationship=relationship, product=practice)
    first_update = demand.updated_at
    # The visit is done now; its checklist can still be brought up to date.
    response = consultant_client.post(_url(visit), data)
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.updated_at > first_update
    assert demand.changes.count() == 1
    consultant_client.post(
        _url(visit),
        {"product-virksomhedspraktik-ticked": "on", "product-virksomhedspraktik-status": "agreed"},
    )
    demand.refresh_from_db()
    assert demand.status == "agreed"
    assert [change.status for change in demand.changes.all()] == ["agreed", "wanted"]


def test_it_leaves_unticked_demands_alone(consultant_client, visit, relationship, practice):
    consultant_client.post(
        _url(visit),
        {"product-virksomhedspraktik-ticked": "on", "product-virksomhedspraktik-status": "agreed"},
    )
    demand = ServiceDemand.objects.get(product=practice)
    updated_at = demand.updated_at
    consultant_client.post(_url(visit), {"product-jobrotation-ticked": "on"})
    demand.refresh_from_db()
    assert (demand.status, demand.updated_at) == ("agreed", updated_at)
    assert ServiceDemand.objects.filter(relationship=relationship).count() == 2


def test_it_updates_an_earlier_other_service(consultant_client, consultant, visit, relationship):
    result = visit_checklist_record(
        visit=visit,
        user=consultant,
        demands=[DemandInput(other_text="Jobmesse", status="wanted")],
        complete_visit=False,
    )
    other = result.demands[0]
    response = consultant_client.post(
        _url(visit), {f"other-{other.code}-ticked": "on", f"other-{other.code}-status": "delivered"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.status, other.other_text) == ("delivered", "Jobmesse")
    assert ServiceDemand.objects.filter(relationship=relationship).count() == 1


def test_it_reassesses_the_segment_from_the_visit(
    consultant_client, consultant, visit, relationship
):
    response = consultant_client.post(_url(visit), {"segment": "1"})
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.segment.number == 1
    assessment = SegmentAssessment.objects.get(relationship=relationship)
    assert (assessment.source, assessment.contact, assessment.assessed_by) == (
        "visit",
        visit,
        consultant,
    )


def test_it_requires_a_reason_for_segment_4(consultant_client, visit, relationship):
    response = consultant_client.post(
        _url(visit),
        {
            "segment": "4",
            "segment_reason": "",
            "product-virksomhedspraktik-ticked": "on",
            "other_text": "Tekst der ikke må gå tabt",
        },
    )
    assert response.status_code == 400
    assert "segment_reason" in response.context["form"].errors
    assert "Tekst der ikke må gå tabt" in response.content.decode()
    assert not SegmentAssessment.objects.exists()
    response = consultant_client.post(
        _url(visit), {"segment": "4", "segment_reason": "Har ingen ansatte længere"}
    )
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.segment.number == 4


def test_it_keeps_the_input_when_an_agreement_lacks_a_deadline(
    consultant_client, visit, relationship
):
    response = consultant_client.post(
        _url(visit),
        {
            "product-virksomhedspraktik-ticked": "on",
            "product-virksomhedspraktik-status": "agreed",
            "product-jobrotation-agreement": "Send to CV'er til jobrotation",
            "product-jobrotation-deadline": "",
            "other_text": "Fritekst om en jobmesse",
            "segment": "2",
            "complete_visit": "on",
            "summary": "Referatet skal blive stående",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "product-jobrotation-deadline" in form.errors
    content = response.content.decode()
    assert "Send to CV&#x27;er til jobrotation" in content
    assert "Fritekst om en jobmesse" in content
    assert "Referatet skal blive stående" in content
    assert 'id="checklist-errors"' in content
    assert 'aria-invalid="true"' in content
    assert form["product-virksomhedspraktik-ticked"].value() is True
    assert form["product-virksomhedspraktik-status"].value() == "agreed"
    assert form["segment"].value() == "2"
    # Nothing was saved, and the visit is still planned.
    assert not ServiceDemand.objects.exists()
    assert not Agreement.objects.exists()
    visit.refresh_from_db()
    assert visit.status == Contact.Status.PLANNED


def test_it_refuses_a_deadline_in_the_past(consultant_client, visit):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = consultant_client.post(
        _url(visit),
        {
            "product-jobrotation-agreement": "Send CV'er",
            "product-jobrotation-deadline": yesterday,
        },
    )
    assert response.status_code == 400
    assert "product-jobrotation-deadline" in response.context["form"].errors


def test_an_agreement_ticks_its_product(consultant_client, visit, job_rotation):
    consultant_client.post(
        _url(visit),
        {
            "product-jobrotation-agreement": "Find en vikar",
            "product-jobrotation-deadline": _in_a_week(),
            "product-jobrotation-side": "company",
        },
    )
    demand = ServiceDemand.objects.get(product=job_rotation)
    assert demand.status == "wanted"
    agreement = Agreement.objects.get(service_product=job_rotation)
    assert agreement.responsible_side == "company"
    assert agreement.responsible_person == visit.contact_person


def test_it_can_save_wishes_before_the_visit_without_completing_it(
    consultant_client, visit, practice
):
    response = consultant_client.post(_url(visit), {"product-virksomhedspraktik-ticked": "on"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Contact.Status.PLANNED
    assert ServiceDemand.objects.filter(product=practice).exists()


def test_a_held_visit_has_no_completion_fields(consultant_client, relationship, consultant):
    held = ContactFactory(
        relationship=relationship, consultant=consultant, channel="visit", status="done"
    )
    response = consultant_client.get(_url(held))
    assert response.status_code == 200
    assert "complete_visit" not in response.context["form"].fields


def test_a_retired_product_leaves_the_checklist_but_keeps_its_demand(
    consultant_client, consultant, visit, practice
):
    visit_checklist_record(
        visit=visit,
        user=consultant,
        demands=[DemandInput(product=practice, status="agreed")],
        complete_visit=False,
    )
    Product.objects.filter(pk=practice.pk).update(retired_at=timezone.now())
    response = consultant_client.get(_url(visit))
    assert "product-virksomhedspraktik-ticked" not in response.context["form"].fields
    lines = [
        line.product
        for group in response.context["tracks"]
        for package in group.packages
        for line in package.products
    ]
    assert practice not in lines
    # A stale post for the retired product changes nothing.
    consultant_client.post(
        _url(visit),
        {
            "product-virksomhedspraktik-ticked": "on",
            "product-virksomhedspraktik-status": "declined",
        },
    )
    demand = ServiceDemand.objects.get(product=practice)
    assert demand.status == "agreed"
    assert ServiceDemandChange.objects.filter(demand=demand).count() == 1


def test_the_service_refuses_another_jobcenters_product(consultant, visit, jobcenter_b):
    theirs = Product.objects.get(jobcenter=jobcenter_b, code="jobrotation")
    with pytest.raises(ValueError):
        visit_checklist_record(
            visit=visit, user=consultant, demands=[DemandInput(product=theirs, status="wanted")]
        )
    assert not ServiceDemand.objects.exists()
