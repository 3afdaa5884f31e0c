"""A visit is done only when the consultant says so and its time has come (issue 8.1), and
the short "visit done + summary" form apart from the checklist (issue 8.12)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact
from companies.services import contact_complete
from servicepackages.models import ServiceDemand
from servicepackages.services import DemandInput, visit_checklist_record
from tests.factories import ContactFactory, JobcenterFactory, UserFactory

pytestmark = pytest.mark.django_db


def _checklist(visit):
    return reverse("servicepackages:visit-checklist", args=[visit.code])


def _outcome(visit):
    return reverse("servicepackages:visit-outcome", args=[visit.code])


@pytest.mark.parametrize("ask", [False, True])
def test_a_checklist_saved_before_the_visit_leaves_it_planned(
    consultant_client, future_visit, practice, ask
):
    planned_at = future_visit.occurred_at
    page = consultant_client.get(_checklist(future_visit))
    assert "complete_visit" not in page.context["form"].fields
    assert 'id="visit-not-due"' in page.content.decode()
    post = {"product-virksomhedspraktik-ticked": "on", "summary": "Referat"}
    if ask:  # a stale or hand-made post cannot complete it either
        post["complete_visit"] = "on"
    response = consultant_client.post(_checklist(future_visit), post)
    assert response.status_code == 302
    future_visit.refresh_from_db()
    assert future_visit.status == Contact.Status.PLANNED
    assert future_visit.occurred_at == planned_at
    assert future_visit.summary == "Ønsker at høre om løntilskud"
    assert ServiceDemand.objects.filter(product=practice).exists()


def test_the_service_refuses_to_complete_a_future_visit(consultant, future_visit, practice):
    with pytest.raises(ValidationError):
        visit_checklist_record(
            visit=future_visit,
            user=consultant,
            demands=[DemandInput(product=practice, status="wanted")],
            complete_visit=True,
        )
    future_visit.refresh_from_db()
    assert future_visit.status == Contact.Status.PLANNED
    assert not ServiceDemand.objects.filter(product=practice).exists()


def test_the_service_completes_a_due_visit_only_when_asked(consultant, visit, practice):
    result = visit_checklist_record(
        visit=visit, user=consultant, demands=[DemandInput(product=practice, status="wanted")]
    )
    visit.refresh_from_db()
    assert (result.visit_completed, visit.status) == (False, Contact.Status.PLANNED)


def test_the_done_box_of_a_due_visit_is_not_ticked_in_advance(consultant_client, visit):
    response = consultant_client.get(_checklist(visit))
    box = str(response.context["form"]["complete_visit"])
    assert 'name="complete_visit"' in box
    assert "checked" not in box


def test_the_summary_and_save_come_before_the_catalogue(consultant_client, visit):
    html = consultant_client.get(_checklist(visit)).content.decode()
    assert html.index('name="summary"') < html.index('name="product-virksomhedspraktik-ticked"')
    # The tracks are folded unless a line needs correcting.
    assert html.count('<details class="checklist-track') == 4
    assert '<details class="checklist-track mb-3 border rounded" open' not in html


def test_a_track_with_an_error_opens_itself(consultant_client, visit):
    response = consultant_client.post(
        _checklist(visit), {"product-jobrotation-agreement": "To vikarer"}
    )
    assert response.status_code == 400
    rows = {row["group"].track.code: row["open"] for row in response.context["track_rows"]}
    assert rows["recruitment"] is False
    assert any(rows.values())


def test_the_checklist_lands_where_the_message_is_seen(consultant_client, visit, company):
    response = consultant_client.post(
        _checklist(visit), {"product-virksomhedspraktik-ticked": "on"}, follow=True
    )
    assert response.redirect_chain[-1][0] == company.get_absolute_url()
    assert "#" not in response.redirect_chain[-1][0]
    texts = [str(message) for message in response.context["messages"]]
    assert any("planlagt" in text or "planned" in text for text in texts)


def test_contact_complete_refuses_a_future_visit_but_not_an_early_call(
    future_visit, relationship, consultant
):
    with pytest.raises(ValidationError):
        contact_complete(contact=future_visit)
    future_visit.refresh_from_db()
    assert future_visit.status == Contact.Status.PLANNED
    call = ContactFactory(
        relationship=relationship,
        consultant=consultant,
        channel="phone",
        status="planned",
        occurred_at=future_visit.occurred_at,
    )
    assert contact_complete(contact=call)


def test_the_timeline_button_cannot_complete_a_future_visit(consultant_client, future_visit):
    response = consultant_client.post(
        reverse("companies:contact-complete", args=[future_visit.code]), follow=True
    )
    assert response.status_code == 200
    future_visit.refresh_from_db()
    assert future_visit.status == Contact.Status.PLANNED


def test_the_outcome_form_marks_a_due_visit_done_once(consultant_client, visit):
    page = consultant_client.get(_outcome(visit))
    assert page.status_code == 200
    assert 'id="visit-outcome-form"' in page.content.decode()
    calendar = reverse("planning:calendar")
    post = {"summary": "Godt møde; de vil have to i praktik", "next": calendar}
    first = consultant_client.post(_outcome(visit), post)
    assert (first.status_code, first["Location"]) == (302, calendar)
    visit.refresh_from_db()
    assert (visit.status, visit.summary) == (Contact.Status.DONE, post["summary"])
    # The double click: the same answer, nothing done twice.
    second = consultant_client.post(_outcome(visit), {"summary": "Anden tekst", "next": calendar})
    assert (second.status_code, second["Location"]) == (302, calendar)
    visit.refresh_from_db()
    assert visit.summary == post["summary"]
    shown = consultant_client.get(_outcome(visit)).content.decode()
    assert 'id="visit-done"' in shown and post["summary"] in shown


def test_the_outcome_form_refuses_a_future_visit(consultant_client, future_visit):
    page = consultant_client.get(_outcome(future_visit)).content.decode()
    assert 'id="visit-not-due"' in page and 'id="visit-outcome-form"' not in page
    response = consultant_client.post(_outcome(future_visit), {"summary": "For tidligt"})
    assert response.status_code == 400
    future_visit.refresh_from_db()
    assert future_visit.status == Contact.Status.PLANNED


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_the_outcome_form_never_leaves_the_site(consultant_client, visit, company, target):
    response = consultant_client.post(_outcome(visit), {"summary": "", "next": target})
    assert response["Location"] == company.get_absolute_url()


def test_another_jobcenters_visit_is_a_404(client, visit):
    other = UserFactory(jobcenter=JobcenterFactory())
    client.force_login(other)
    assert client.get(_outcome(visit)).status_code == 404
    assert client.post(_outcome(visit), {"summary": "x"}).status_code == 404
    visit.refresh_from_db()
    assert visit.status == Contact.Status.PLANNED


def test_the_outcome_form_is_two_taps_from_the_plan(consultant_client, visit):
    plan = consultant_client.get(reverse("planning:plan")).content.decode()
    calendar_url = reverse("planning:calendar")
    assert f'href="{calendar_url}"' in plan
    month = timezone.localtime(visit.occurred_at).strftime("%Y-%m")
    calendar = consultant_client.get(calendar_url, {"month": month}).content.decode()
    assert _outcome(visit) in calendar
