"""The date window (issue 9.1): forms refuse dates outside it with a Danish message and
keep the input; the database refuses them too; the migration that added the constraints
repaired the rows outside it, recording what it changed; and pages and exports render
the values at the window's edges."""

import copy
import datetime
import importlib

import pytest
from django import forms as django_forms
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from companies.models import Agreement, Contact, DateRepair
from jobcenter_crm.lib.dates import (
    EARLIEST_DATE,
    BoundedDateField,
    BoundedDateTimeField,
    latest_date,
)
from planning.models import JobcenterContactRule
from screening.models import Campaign, SegmentRule, Visit
from screening.services import visit_book, visit_confirmation_send
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ContactFactory,
    ContactPersonFactory,
    RelationshipFactory,
)


def _date_fields():
    """Every date and time field declared on a form or filter of the product's apps."""
    modules = [
        "companies.forms", "companies.filters", "screening.forms", "servicepackages.forms",
        "planning.forms", "matching.forms", "reports.forms", "accounts.forms",
    ]  # fmt: skip
    for module_name in modules:
        module = importlib.import_module(module_name)
        for cls in vars(module).values():
            if not (isinstance(cls, type) and cls.__module__ == module_name):
                continue
            fields = dict(getattr(cls, "base_fields", {}))
            for filter_name, filter_ in getattr(cls, "base_filters", {}).items():
                # A copy: a filter keeps the field it builds, and the class's must stay unbuilt.
                fields[filter_name] = copy.deepcopy(filter_).field
            for name, field in fields.items():
                if isinstance(field, django_forms.DateField | django_forms.DateTimeField):
                    yield f"{module_name}.{cls.__name__}.{name}", field


# Dates outside the window, in every form a person can type them.
OUT_OF_WINDOW_DATES = [
    "0001-01-01", "0099-12-31", "1000-06-15", "1899-12-31", "1970-01-01", "1999-12-31",
    "2100-01-01", "2999-01-01", "9999-12-31", "10000-01-01", "20000-01-01", "0000-01-01",
    "-0001-01-01", "2026-02-30", "2026-13-01", "99999999-01-01",
]  # fmt: skip


@pytest.fixture
def relationship(jobcenter_a, consultant):
    return RelationshipFactory(
        jobcenter=jobcenter_a, company=CompanyFactory(name="Vinduesfabrikken A/S")
    )


def _log_data(**overrides):
    data = {
        "channel": "phone",
        "direction": "outbound",
        "status": "done",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "summary": "Tekst der ikke må gå tabt",
        "contact_person": "",
        "agreement_description": "",
        "agreement_deadline": "",
        "agreement_responsible_side": "jobcenter",
        "confirm_past": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestForms:
    @pytest.mark.parametrize("day", OUT_OF_WINDOW_DATES)
    def test_the_contact_log_refuses_a_time_outside_the_window_and_keeps_the_input(
        self, consultant_client, relationship, day
    ):
        response = consultant_client.post(
            reverse("companies:contact-log", args=[relationship.company.code]),
            _log_data(occurred_at=f"{day}T10:00"),
        )
        assert response.status_code == 400
        assert "occurred_at" in response.context["log_form"].errors
        assert "Tekst der ikke må gå tabt" in response.text
        assert not Contact.objects.exists()

    @pytest.mark.parametrize("day", OUT_OF_WINDOW_DATES)
    def test_the_agreement_deadline_is_held_to_the_window(
        self, consultant_client, relationship, day
    ):
        response = consultant_client.post(
            reverse("companies:contact-log", args=[relationship.company.code]),
            _log_data(agreement_description="Send CV'er", agreement_deadline=day),
        )
        assert response.status_code == 400
        assert "agreement_deadline" in response.context["log_form"].errors
        assert not Agreement.objects.exists()

    def test_the_message_is_danish_and_names_the_window(self, consultant_client, relationship):
        response = consultant_client.post(
            reverse("companies:contact-log", args=[relationship.company.code]),
            _log_data(occurred_at="0001-01-01T10:00"),
            HTTP_ACCEPT_LANGUAGE="da",
        )
        [message] = response.context["log_form"].errors["occurred_at"]
        assert message.startswith("Vælg en dato mellem 1. januar 2000 og ")

    def test_the_window_reaches_years_ahead(self, consultant_client, relationship):
        planned = timezone.localdate() + datetime.timedelta(days=365 * 5)
        response = consultant_client.post(
            reverse("companies:contact-log", args=[relationship.company.code]),
            _log_data(status="planned", occurred_at=f"{planned.isoformat()}T10:00"),
        )
        assert response.status_code == 302
        assert latest_date() > planned

    @pytest.mark.parametrize("day", OUT_OF_WINDOW_DATES)
    def test_every_date_field_of_every_form_refuses_dates_outside_the_window(self, day):
        fields = list(_date_fields())
        assert len(fields) >= 10
        for name, field in fields:
            assert isinstance(field, BoundedDateField | BoundedDateTimeField), name
            value = f"{day}T10:00" if isinstance(field, django_forms.DateTimeField) else day
            with pytest.raises(ValidationError):
                field.clean(value)

    @pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "9999-12-31", "10000-01-01"])
    def test_the_list_filter_shows_an_error_instead_of_failing(self, consultant_client, day):
        response = consultant_client.get(
            reverse("companies:company-list"), {"not_contacted_since": day}
        )
        assert response.status_code == 200
        assert "not_contacted_since" in response.context["filter"].form.errors

    @pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "10000-01-01"])
    def test_the_report_filter_falls_back_to_the_default(self, team_lead_client, day):
        response = team_lead_client.get(reverse("reports:overview"), {"start": day, "end": day})
        assert response.status_code == 200


@pytest.mark.django_db
class TestDatabase:
    @pytest.mark.parametrize(
        "occurred_at",
        [
            datetime.datetime(1999, 12, 31, 22, 0, tzinfo=datetime.UTC),
            datetime.datetime(1, 1, 1, 12, 0, tzinfo=datetime.UTC),
            datetime.datetime(2100, 1, 1, 0, 0, tzinfo=datetime.UTC),
            datetime.datetime(9999, 12, 31, 0, 0, tzinfo=datetime.UTC),
        ],
    )
    def test_it_refuses_a_contact_outside_the_window(self, relationship, consultant, occurred_at):
        with pytest.raises(IntegrityError), transaction.atomic():
            ContactFactory(
                relationship=relationship, consultant=consultant, occurred_at=occurred_at
            )

    @pytest.mark.parametrize("value", ["0001-01-01", "1999-12-31", "2100-01-01", "infinity"])
    def test_it_refuses_agreement_and_campaign_dates_outside_the_window(self, relationship, value):
        agreement = AgreementFactory(relationship=relationship)
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE companies_agreement SET deadline = %s WHERE id = %s", [value, agreement.pk]
            )

    @pytest.mark.parametrize("months", [0, 61, 32767])
    def test_it_refuses_rule_months_outside_the_window(self, jobcenter_a, months):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE screening_segmentrule SET visit_period_months = %s WHERE jobcenter_id = %s",
                [months, jobcenter_a.pk],
            )


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


BEFORE = [
    ("companies", "0009_contact_corrections"),
    ("screening", "0008_campaign_company_one_name"),
    ("planning", "0002_role_permissions"),
]

# Values PostgreSQL holds but Python cannot (year 0 and before, 'infinity', beyond 9999),
# and values Python holds that broke pages (year 1).
EXTREME_TIMESTAMPS = [
    "0001-01-01 00:00:00+01",
    "4713-01-01 00:00:00+00 BC",
    "-infinity",
    "infinity",
    "294276-12-31 00:00:00+00",
    "9999-12-31 23:59:59+00",
    "1999-12-31 22:59:59+00",
]
EXTREME_DATES = ["0001-01-01", "4713-01-01 BC", "-infinity", "infinity", "5874897-12-31"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_repairs_every_row_outside_the_window_and_pages_then_render(
    jobcenter_a, jobcenter_b, consultant, team_lead, outsider, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    company = CompanyFactory(name="Årstal Nul ApS", municipality_codes=["0671", "0661"])
    relationship = RelationshipFactory(
        jobcenter=jobcenter_a, company=company, responsible=consultant
    )
    RelationshipFactory(jobcenter=jobcenter_b, company=company)
    person = ContactPersonFactory(relationship=relationship, email="hr@example.dk")
    contacts = [
        ContactFactory(relationship=relationship, consultant=consultant, summary=f"Kontakt {n}")
        for n in range(len(EXTREME_TIMESTAMPS))
    ]
    agreements = [AgreementFactory(relationship=relationship) for _ in EXTREME_DATES]
    visit = visit_book(
        user=consultant,
        relationship=relationship,
        contact_person=person,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Fabrikken",
    )
    campaign_low = Campaign.objects.create(
        jobcenter=jobcenter_a,
        name="Gammel",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 6, 1),
        created_by=team_lead,
    )
    campaign_high = Campaign.objects.create(
        jobcenter=jobcenter_a,
        name="Fjern",
        starts_on=datetime.date(2030, 1, 1),
        ends_on=datetime.date(2030, 6, 1),
        created_by=team_lead,
    )
    JobcenterContactRule.objects.get_or_create(jobcenter=jobcenter_a)

    _migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            for contact, value in zip(contacts, EXTREME_TIMESTAMPS, strict=True):
                cursor.execute(
                    "UPDATE companies_contact SET occurred_at = %s WHERE id = %s",
                    [value, contact.pk],
                )
            cursor.execute(
                "UPDATE companies_contact SET occurred_at = 'infinity' WHERE id = %s",
                [visit.contact_id],
            )
            for agreement, value in zip(agreements, EXTREME_DATES, strict=True):
                cursor.execute(
                    "UPDATE companies_agreement SET deadline = %s WHERE id = %s",
                    [value, agreement.pk],
                )
            cursor.execute(
                "UPDATE screening_campaign SET starts_on = '0001-01-01', ends_on = '0002-01-01' "
                "WHERE id = %s",
                [campaign_low.pk],
            )
            cursor.execute(
                "UPDATE screening_campaign SET starts_on = '3000-01-01', ends_on = 'infinity' "
                "WHERE id = %s",
                [campaign_high.pk],
            )
            cursor.execute(
                "UPDATE screening_segmentrule SET visit_period_months = 32767 "
                "WHERE jobcenter_id = %s",
                [jobcenter_a.pk],
            )
            cursor.execute(
                "UPDATE planning_jobcentercontactrule SET max_contact_gap_months = 9999 "
                "WHERE jobcenter_id = %s",
                [jobcenter_a.pk],
            )
    finally:
        # Forward to the latest state, as an upgrade runs every migration (and so the
        # tests after this one find the schema they expect, whatever happened here).
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    # Every value is inside the window now, each change recorded with the original.
    earliest = datetime.datetime(2000, 1, 1, tzinfo=timezone.get_current_timezone())
    for contact in Contact.objects.filter(pk__in=[c.pk for c in contacts]):
        assert earliest <= contact.occurred_at < datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)
    repaired_contacts = Contact.objects.filter(summary__contains="Rettet automatisk")
    assert repaired_contacts.count() == len(EXTREME_TIMESTAMPS) + 1
    for agreement in Agreement.objects.all():
        assert EARLIEST_DATE <= agreement.deadline <= datetime.date(2099, 12, 31)
        assert "Rettet automatisk" in agreement.description
    low, high = Campaign.objects.get(pk=campaign_low.pk), Campaign.objects.get(pk=campaign_high.pk)
    assert (low.starts_on, low.ends_on) == (EARLIEST_DATE, EARLIEST_DATE)
    assert (high.starts_on, high.ends_on) == (datetime.date(2099, 12, 31),) * 2
    assert {r.visit_period_months for r in SegmentRule.objects.filter(jobcenter=jobcenter_a)} == {
        60
    }
    assert JobcenterContactRule.objects.get(jobcenter=jobcenter_a).max_contact_gap_months == 60
    originals = set(DateRepair.objects.values_list("original", flat=True))
    assert {"infinity", "-infinity"} <= originals
    assert any("BC" in original for original in originals)
    assert DateRepair.objects.count() == (
        len(EXTREME_TIMESTAMPS) + 1 + len(EXTREME_DATES) + 4 + 4 + 1
    )

    # And the pages and exports of both jobcenters render the values at the edges.
    from django.test import Client

    for user in (consultant, team_lead, outsider):
        client = Client()
        client.force_login(user)
        for url, params in [
            (company.get_absolute_url(), {}),
            (reverse("companies:company-timeline", args=[company.code]), {}),
            (reverse("companies:company-list"), {}),
            (reverse("companies:company-list"), {"q": "Årstal"}),
            (reverse("companies:company-list"), {"sort": "last_contact"}),
            (reverse("companies:company-export", args=["csv"]), {}),
            (reverse("companies:company-export", args=["xlsx"]), {}),
            (reverse("reports:home"), {}),
            (reverse("planning:plan"), {}),
            (reverse("planning:calendar"), {"month": latest_date().strftime("%Y-%m")}),
            (reverse("planning:calendar"), {"month": "2000-01"}),
            (reverse("screening:overview"), {}),
        ]:
            response = client.get(url, params)
            assert response.status_code == 200, (user, url, params)
            # A streamed export fails while streaming: read it to the end.
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if url.endswith(".csv"):
                assert "Årstal Nul ApS" in body.decode("utf-8-sig")
    for campaign in (low, high):
        client = Client()
        client.force_login(team_lead)
        assert (
            client.get(reverse("screening:campaign-detail", args=[campaign.code])).status_code
            == 200
        )
    client = Client()
    client.force_login(consultant)
    assert client.get(reverse("screening:visit-detail", args=[visit.code])).status_code == 200
    # The confirmation's .ics of a visit at the window's end.
    Visit.objects.filter(pk=visit.pk).update(sequence=5)
    assert visit_confirmation_send(visit_id=visit.pk)
    ics = mail.outbox[-1].attachments[0]
    assert "DTSTART:20991231T" in ics.get_payload(decode=True).decode()
