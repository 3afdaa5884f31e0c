"""The catalogue's visit pages are keyed by the visit (issue 10.6): a booked visit by its
booking's code, as /screening/visits/<code>/ is; a visit only written in the contact log
(no booking) by its own log entry. The address the booked visit's pages had before (its
log entry's code) leads to the new one."""

import pytest
from django.urls import reverse

from screening.models import Visit

pytestmark = pytest.mark.django_db

PAGES = ("servicepackages:visit-checklist", "servicepackages:visit-outcome")


@pytest.fixture
def booking(visit, jobcenter_a, contact_person):
    return Visit.objects.create(
        jobcenter=jobcenter_a, contact=visit, place="Fabriksvej 1", contact_person=contact_person
    )


@pytest.mark.parametrize("name", PAGES)
def test_a_booked_visit_is_reached_by_its_own_code(consultant_client, booking, name):
    response = consultant_client.get(reverse(name, args=[booking.code]))
    assert response.status_code == 200
    assert response.context["visit"] == booking.contact


@pytest.mark.parametrize("name", PAGES)
def test_the_old_address_of_a_booked_visit_leads_to_the_new_one(consultant_client, booking, name):
    old = reverse(name, args=[booking.contact.code])
    response = consultant_client.get(f"{old}?next=/planning/calendar/")
    assert response.status_code == 301
    assert response["Location"] == f"{reverse(name, args=[booking.code])}?next=/planning/calendar/"


@pytest.mark.parametrize("name", PAGES)
def test_a_visit_without_a_booking_is_reached_by_its_log_entry(consultant_client, visit, name):
    assert consultant_client.get(reverse(name, args=[visit.code])).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_another_jobcenter_gets_404_by_either_code(outsider_client, booking, name):
    for code in (booking.code, booking.contact.code):
        assert outsider_client.get(reverse(name, args=[code])).status_code == 404


def test_the_pages_link_a_booked_visit_by_the_visit(consultant_client, booking):
    checklist = reverse("servicepackages:visit-checklist", args=[booking.code])
    visit_page = consultant_client.get(booking.get_absolute_url()).content.decode()
    assert f'href="{checklist}"' in visit_page
    company_page = consultant_client.get(
        booking.contact.relationship.company.get_absolute_url()
    ).content.decode()
    assert f'href="{checklist}"' in company_page
    assert reverse("servicepackages:visit-checklist", args=[booking.contact.code]) not in (
        company_page
    )
