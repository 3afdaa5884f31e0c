"""The shared register is governed (issue 9 point 3): register facts change only through
the operator's import or an operator; a jobcenter changes what is its own."""

import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from companies.governance import merge_request_decide
from companies.models import Company, CompanyMerge, MergeRequest, Municipality
from tests.factories import CompanyFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

HEADER = "cvr;name;address;postal_code;city;municipality_code;ceased_on\n"


def _upload(client, text, *, dry_run=False):
    upload = SimpleUploadedFile("v.csv", text.encode(), content_type="text/csv")
    data = {"file": upload, "file_format": "csv", **({"dry_run": "on"} if dry_run else {})}
    return client.post(reverse("companies:company-import"), data)


@pytest.fixture
def shared(jobcenter_a, jobcenter_b):
    """A company in Struer that Holstebro's jobcenter works with."""
    company = CompanyFactory(
        cvr="10103940", name="Struer Tømrer ApS", address="Havnegade 12", postal_code="7600"
    )
    RelationshipFactory(jobcenter=jobcenter_b, company=company)
    return company


# Generated variants: every register fact a line can change.
CHANGES = [
    {"name": "Nyt Navn ApS"},
    {"address": "Østergade 1"},
    {"postal_code": "7620"},
    {"city": "Lemvig"},
    {"municipality_code": "0665"},
    {"ceased_on": "2026-01-31"},
]


@pytest.mark.parametrize("dry_run", [True, False])
@pytest.mark.parametrize("change", CHANGES)
def test_a_jobcenter_import_cannot_change_a_company_another_jobcenter_uses(
    admin_client_a, shared, change, dry_run
):
    values = {
        "cvr": "10103940",
        "name": "Struer Tømrer ApS",
        "address": "Havnegade 12",
        "postal_code": "7600",
        "city": "Struer",
        "municipality_code": "0671",
        "ceased_on": "",
        **change,
    }
    line = ";".join(values[column] for column in HEADER.strip().split(";"))

    response = _upload(admin_client_a, HEADER + line + "\n", dry_run=dry_run)

    report = response.context["report"]
    assert report.error_lines == [2]
    assert "kun operatørens CVR-import" in report.errors[0]
    assert report.errors[0] in response.content.decode()
    shared.refresh_from_db()
    assert (shared.name, shared.address, shared.ceased_on) == (
        "Struer Tømrer ApS",
        "Havnegade 12",
        None,
    )


def test_the_operators_import_changes_it(shared):
    from io import BytesIO

    from companies.cvr_import import company_import

    text = HEADER + "10103940;Nyt Navn ApS;Havnegade 12;7600;Struer;0671;2026-01-31\n"
    report = company_import(source=BytesIO(text.encode()), file_format="csv", dry_run=False)

    assert report.ok, report.errors
    shared.refresh_from_db()
    assert shared.name == "Nyt Navn ApS" and str(shared.ceased_on) == "2026-01-31"


def test_a_jobcenter_import_may_update_a_company_only_it_works_with(admin_client_a, jobcenter_a):
    company = CompanyFactory(cvr="10103940", name="Gammelt Navn")
    RelationshipFactory(jobcenter=jobcenter_a, company=company)

    response = _upload(admin_client_a, HEADER + "10103940;Nyt Navn;;;;0671;\n")

    assert response.context["report"].ok
    company.refresh_from_db()
    assert company.name == "Nyt Navn"


def test_a_jobcenter_import_adds_companies_only_in_its_own_area(admin_client_a):
    text = HEADER + "10103940;I Struer;;;;0671;\n11617034;I Lemvig;;;;0665;\n"

    response = _upload(admin_client_a, text)

    report = response.context["report"]
    assert report.error_lines == [3]
    assert "uden for jeres kommuner" in report.errors[0]
    assert not Company.objects.exists()


@pytest.mark.parametrize("code", ["0661", "0101", "0851", "0665"])
def test_a_consultant_creates_a_company_by_hand_only_in_the_own_area(consultant_client, code):
    municipality = Municipality.objects.get(code=code)

    response = consultant_client.post(
        reverse("companies:company-create"),
        {"name": "Ny Virksomhed", "municipality": municipality.pk, "confirm_not_duplicate": "on"},
    )

    assert response.status_code == 200
    assert "kan kun oprette virksomheder i egne kommuner" in response.content.decode()
    assert not Company.objects.exists()


def test_a_consultant_creates_a_company_by_hand_in_the_own_area(consultant_client):
    municipality = Municipality.objects.get(code="0671")

    response = consultant_client.post(
        reverse("companies:company-create"),
        {"name": "Ny Virksomhed", "municipality": municipality.pk, "confirm_not_duplicate": "on"},
    )

    assert response.status_code == 302
    assert Company.objects.get().municipality == municipality


def _merge(client, duplicate, kept):
    return client.post(
        reverse("companies:company-merge", args=[duplicate.code]),
        {"keep": str(kept.code), "confirm": "on"},
    )


@pytest.mark.parametrize("seed", range(4))
def test_a_merge_touching_another_jobcenter_becomes_a_request(
    admin_client_a, admin_user, jobcenter_a, jobcenter_b, seed
):
    rng = random.Random(seed)  # noqa: S311  # test inputs, reproducible
    kept = CompanyFactory(name="Bager Jensen ApS")
    duplicate = CompanyFactory(name="Bager Jensen", cvr=None, source="manual")
    RelationshipFactory(jobcenter=jobcenter_a, company=rng.choice([kept, duplicate]))
    RelationshipFactory(jobcenter=jobcenter_b, company=rng.choice([kept, duplicate]))

    response = _merge(admin_client_a, duplicate, kept)

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    request = MergeRequest.objects.get()
    assert (request.kept, request.merged, request.status) == (kept, duplicate, "open")
    assert "Jobcenter Holstebro" in request.reason
    # Asking twice does not make two requests.
    _merge(admin_client_a, duplicate, kept)
    assert MergeRequest.objects.count() == 1

    operator = User.objects.create_superuser(username="operator", password="operatør-kode-1")
    merge_request_decide(request=request, operator=operator, approve=True)

    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    request.refresh_from_db()
    assert request.status == "done" and request.merge == CompanyMerge.objects.get()


def test_operators_list_and_decide_requests_in_the_admin(
    client, admin_user, jobcenter_a, jobcenter_b
):
    kept = CompanyFactory(name="Bager Jensen ApS")
    duplicate = CompanyFactory(name="Bager Jensen", cvr=None, source="manual")
    RelationshipFactory(jobcenter=jobcenter_b, company=duplicate)
    request = MergeRequest.objects.create(
        jobcenter=jobcenter_a, kept=kept, merged=duplicate, requested_by=admin_user
    )
    operator = User.objects.create_superuser(username="operator", password="operatør-kode-1")
    client.force_login(operator)

    listing = client.get(reverse("admin:companies_mergerequest_changelist"))
    assert listing.status_code == 200 and "Bager Jensen" in listing.content.decode()
    client.post(
        reverse("admin:companies_mergerequest_changelist"),
        {"action": "reject", "_selected_action": [request.pk]},
    )

    request.refresh_from_db()
    assert request.status == "rejected" and request.decided_by == operator
