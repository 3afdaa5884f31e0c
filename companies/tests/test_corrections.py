"""Issue 8.8: contact persons are edited and deactivated with their history kept, a logged
contact is corrected by its author only with the version before kept and shown, and an
open agreement's deadline is changed (questioned when it lies in the past)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from companies.models import Agreement, Contact, ContactRevision
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ContactFactory,
    ContactPersonFactory,
    RelationshipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def relationship(jobcenter_a):
    return RelationshipFactory(jobcenter=jobcenter_a, company=CompanyFactory(name="Struer Smedje"))


@pytest.fixture
def person(relationship):
    return ContactPersonFactory(
        relationship=relationship, name="Bente Bogholder", position="Bogholder"
    )


@pytest.fixture
def contact(relationship, consultant, person):
    return ContactFactory(
        relationship=relationship,
        consultant=consultant,
        contact_person=person,
        summary="Talte om to lærlinge",
        occurred_at=timezone.now() - datetime.timedelta(days=2),
    )


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _correction(contact, **overrides):
    data = {
        "channel": contact.channel,
        "direction": contact.direction,
        "occurred_at": _local(contact.occurred_at),
        "summary": contact.summary,
        "contact_person": contact.contact_person_id or "",
    }
    return data | overrides


# Contact persons ------------------------------------------------------------------------


def test_it_edits_a_contact_person(consultant_client, person):
    url = reverse("companies:contact-person-edit", args=[person.code])
    assert consultant_client.get(url).status_code == 200
    response = consultant_client.post(
        url, {"name": "Bente Hansen", "position": "Økonomichef", "phone": "", "email": ""}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.position, person.phone) == ("Bente Hansen", "Økonomichef", "")


def test_it_keeps_the_input_and_answers_in_danish_on_a_bad_edit(consultant_client, person):
    response = consultant_client.post(
        reverse("companies:contact-person-edit", args=[person.code]),
        {"name": "", "position": "Ny stilling", "email": "ikke-en-adresse"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="Ny stilling"' in content
    assert "Feltet skal udfyldes" in content
    assert "gyldig e-mailadresse" in content
    person.refresh_from_db()
    assert person.name == "Bente Bogholder"


def test_a_deactivated_person_stays_on_past_contacts_but_is_not_offered(
    consultant_client, person, contact, relationship
):
    agreement = AgreementFactory(
        relationship=relationship, responsible_side="company", responsible_person=person
    )
    response = consultant_client.post(
        reverse("companies:contact-person-deactivate", args=[person.code])
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_active is False
    contact.refresh_from_db()
    agreement.refresh_from_db()
    assert contact.contact_person == person
    assert agreement.responsible_person == person

    page = consultant_client.get(relationship.company.get_absolute_url())
    assert person not in page.context["log_form"].fields["contact_person"].queryset
    content = page.content.decode()
    select = content[content.index('name="contact_person"') :]
    assert f'<option value="{person.pk}"' not in select[: select.index("</select>")]
    assert "med Bente Bogholder" in content  # the timeline entry
    assert 'id="former-contact-persons"' in content

    # A new contact cannot name the person any more.
    response = consultant_client.post(
        reverse("companies:contact-log", args=[relationship.company.code]),
        {"channel": "phone", "direction": "outbound", "status": "done",
         "occurred_at": _local(timezone.now()), "contact_person": person.pk},
    )  # fmt: skip
    assert response.status_code == 400
    assert Contact.objects.filter(relationship=relationship).count() == 1


def test_a_deactivated_person_can_be_made_a_contact_person_again(consultant_client, person):
    person.is_active = False
    person.save()
    consultant_client.post(reverse("companies:contact-person-reactivate", args=[person.code]))
    person.refresh_from_db()
    assert person.is_active is True


@pytest.mark.parametrize("action", ["contact-person-deactivate", "contact-person-reactivate"])
def test_the_activation_actions_answer_405_to_a_get(consultant_client, person, action):
    assert (
        consultant_client.get(reverse(f"companies:{action}", args=[person.code])).status_code == 405
    )


@pytest.mark.parametrize(
    "action", ["contact-person-edit", "contact-person-deactivate", "contact-person-reactivate"]
)
def test_another_jobcenters_contact_person_is_a_404(outsider_client, person, action):
    url = reverse(f"companies:{action}", args=[person.code])
    assert outsider_client.post(url, {"name": "Overtaget"}).status_code == 404
    person.refresh_from_db()
    assert (person.name, person.is_active) == ("Bente Bogholder", True)


# Correcting a logged contact ------------------------------------------------------------


def test_the_author_corrects_a_contact_and_the_earlier_version_is_kept(
    consultant_client, consultant, contact, relationship
):
    new_time = timezone.now() - datetime.timedelta(days=3)
    response = consultant_client.post(
        reverse("companies:contact-correct", args=[contact.code]),
        _correction(contact, summary="Talte om tre lærlinge", channel="visit",
                    occurred_at=_local(new_time)),
    )  # fmt: skip
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.summary, contact.channel) == ("Talte om tre lærlinge", "visit")
    assert contact.corrected_at is not None
    revision = ContactRevision.objects.get(contact=contact)
    assert (revision.summary, revision.channel) == ("Talte om to lærlinge", "phone")
    assert revision.corrected_by == consultant
    assert revision.jobcenter_id == contact.jobcenter_id

    timeline = consultant_client.get(relationship.company.get_absolute_url()).content.decode()
    assert "rettet" in timeline
    assert reverse("companies:contact-revisions", args=[contact.code]) in timeline
    history = consultant_client.get(reverse("companies:contact-revisions", args=[contact.code]))
    assert history.status_code == 200
    content = history.content.decode()
    assert "Talte om to lærlinge" in content
    assert "Talte om tre lærlinge" in content
    assert f"Før rettelsen af {consultant}" in content


def test_every_correction_keeps_the_version_it_replaced(consultant_client, contact):
    url = reverse("companies:contact-correct", args=[contact.code])
    for summary in ("Anden udgave", "Tredje udgave"):
        consultant_client.post(url, _correction(contact, summary=summary))
        contact.refresh_from_db()
    assert list(
        ContactRevision.objects.filter(contact=contact).values_list("summary", flat=True)
    ) == ["Anden udgave", "Talte om to lærlinge"]


def test_an_unchanged_correction_writes_no_revision(consultant_client, contact):
    response = consultant_client.post(
        reverse("companies:contact-correct", args=[contact.code]), _correction(contact)
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.corrected_at is None
    assert not ContactRevision.objects.exists()


def test_a_colleague_cannot_correct_the_contact(jobcenter_a, contact, relationship):
    colleague = UserFactory(jobcenter=jobcenter_a)
    client = Client()
    client.force_login(colleague)
    url = reverse("companies:contact-correct", args=[contact.code])
    assert client.get(url).status_code == 403
    assert client.post(url, _correction(contact, summary="Overskrevet")).status_code == 403
    contact.refresh_from_db()
    assert contact.summary == "Talte om to lærlinge"
    page = client.get(relationship.company.get_absolute_url()).content.decode()
    assert url not in page
    # The earlier versions are for every colleague to read.
    assert (
        client.get(reverse("companies:contact-revisions", args=[contact.code])).status_code == 200
    )


@pytest.mark.parametrize("name", ["contact-correct", "contact-revisions"])
def test_another_jobcenters_contact_is_a_404(outsider_client, contact, name):
    url = reverse(f"companies:{name}", args=[contact.code])
    assert outsider_client.get(url).status_code == 404
    if name == "contact-correct":
        assert outsider_client.post(url, _correction(contact, summary="x")).status_code == 404


@pytest.mark.parametrize(
    "bad",
    [
        {"occurred_at": "i morgen"},
        {"occurred_at": ""},
        {"channel": "telegram"},
        {"direction": "sideways"},
        {"contact_person": "999999"},
    ],
)
def test_a_bad_correction_re_renders_in_danish_with_the_input(consultant_client, contact, bad):
    response = consultant_client.post(
        reverse("companies:contact-correct", args=[contact.code]),
        _correction(contact, summary="Mit nye referat") | bad,
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Mit nye referat" in content
    assert "Kontakten blev ikke rettet" in content
    contact.refresh_from_db()
    assert contact.summary == "Talte om to lærlinge"


def test_a_correction_cannot_move_a_done_contact_into_the_future(consultant_client, contact):
    future = timezone.now() + datetime.timedelta(days=1)
    response = consultant_client.post(
        reverse("companies:contact-correct", args=[contact.code]),
        _correction(contact, occurred_at=_local(future)),
    )
    assert response.status_code == 400
    assert "kan ikke ligge i fremtiden" in response.content.decode()


def test_a_correction_cannot_name_another_companys_contact_person(
    consultant_client, contact, jobcenter_a
):
    elsewhere = ContactPersonFactory(relationship=RelationshipFactory(jobcenter=jobcenter_a))
    response = consultant_client.post(
        reverse("companies:contact-correct", args=[contact.code]),
        _correction(contact, contact_person=elsewhere.pk),
    )
    assert response.status_code == 400
    contact.refresh_from_db()
    assert contact.contact_person_id != elsewhere.pk


def test_the_correction_keeps_a_person_who_has_left(consultant_client, contact, person):
    person.is_active = False
    person.save()
    response = consultant_client.post(
        reverse("companies:contact-correct", args=[contact.code]),
        _correction(contact, summary="Rettet referat"),
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.contact_person == person


def test_a_planned_contact_is_moved_not_corrected(consultant_client, relationship, consultant):
    planned = ContactFactory(
        relationship=relationship,
        consultant=consultant,
        status="planned",
        occurred_at=timezone.now() + datetime.timedelta(days=2),
    )
    response = consultant_client.post(
        reverse("companies:contact-correct", args=[planned.code]),
        _correction(planned, summary="x", occurred_at=_local(timezone.now())),
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.summary != "x"
    assert not ContactRevision.objects.exists()


# Agreement deadlines ------------------------------------------------------------------


@pytest.fixture
def agreement(relationship, consultant):
    return AgreementFactory(relationship=relationship, responsible_user=consultant)


def test_it_changes_an_open_agreements_deadline(consultant_client, agreement):
    url = reverse("companies:agreement-deadline", args=[agreement.code])
    assert consultant_client.get(url).status_code == 200
    later = timezone.localdate() + datetime.timedelta(days=30)
    assert consultant_client.post(url, {"deadline": later.isoformat()}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.deadline == later


def test_a_deadline_in_the_past_is_questioned_then_confirmed(consultant_client, agreement):
    url = reverse("companies:agreement-deadline", args=[agreement.code])
    before = agreement.deadline
    past = timezone.localdate() - datetime.timedelta(days=3)
    response = consultant_client.post(url, {"deadline": past.isoformat()})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Fristen ligger i fortiden" in content
    assert 'id="confirm-past"' in content
    assert f'value="{past.isoformat()}"' in content
    agreement.refresh_from_db()
    assert agreement.deadline == before
    response = consultant_client.post(url, {"deadline": past.isoformat(), "confirm_past": "on"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.deadline == past


@pytest.mark.parametrize("bad", ["", "31-02-2027", "i morgen", "2027-13-01"])
def test_a_bad_deadline_re_renders_in_danish(consultant_client, agreement, bad):
    response = consultant_client.post(
        reverse("companies:agreement-deadline", args=[agreement.code]), {"deadline": bad}
    )
    assert response.status_code == 400
    assert "Fristen blev ikke ændret" in response.content.decode()


def test_a_closed_agreements_deadline_stays(consultant_client, agreement):
    agreement.status = Agreement.Status.DONE
    agreement.save()
    before = agreement.deadline
    later = timezone.localdate() + datetime.timedelta(days=30)
    consultant_client.post(
        reverse("companies:agreement-deadline", args=[agreement.code]),
        {"deadline": later.isoformat()},
    )
    agreement.refresh_from_db()
    assert agreement.deadline == before


def test_another_jobcenters_agreement_deadline_is_a_404(outsider_client, agreement):
    url = reverse("companies:agreement-deadline", args=[agreement.code])
    assert outsider_client.get(url).status_code == 404
    later = timezone.localdate() + datetime.timedelta(days=30)
    assert outsider_client.post(url, {"deadline": later.isoformat()}).status_code == 404


def test_the_company_page_links_to_the_changes(consultant_client, agreement, contact, person):
    content = consultant_client.get(
        agreement.relationship.company.get_absolute_url()
    ).content.decode()
    assert reverse("companies:agreement-deadline", args=[agreement.code]) in content
    assert reverse("companies:contact-correct", args=[contact.code]) in content
    assert reverse("companies:contact-person-edit", args=[person.code]) in content
