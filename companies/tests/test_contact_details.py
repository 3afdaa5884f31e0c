"""Phone and e-mail of companies and workplaces (issue 8 point 7): from CVR, honouring
secret numbers and advertising protection, shown as links, corrected by a consultant."""

import io
import json

import pytest
from django.urls import reverse

from companies.cvr_import import company_import
from companies.models import Company, ContactDetailsCorrection, Workplace
from tests.factories import CompanyFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

OPEN = {"gyldigFra": "2015-01-01", "gyldigTil": None}
OLD = {"gyldigFra": "2010-01-01", "gyldigTil": "2014-12-31"}


def _company(cvr, **extra):
    return {
        "Vrvirksomhed": {
            "cvrNummer": cvr,
            "reklamebeskyttet": extra.pop("reklamebeskyttet", False),
            "navne": [{"navn": f"Firma {cvr}", "periode": OPEN}],
            "beliggenhedsadresse": [
                {
                    "vejnavn": "Havnegade",
                    "husnummerFra": 12,
                    "postnummer": 7600,
                    "postdistrikt": "Struer",
                    "kommune": {"kommuneKode": 671},
                    "periode": OPEN,
                }
            ],
            "livsforloeb": [{"periode": OPEN}],
            **extra,
        }
    }


def _import(*documents):
    text = "\n".join(json.dumps(document) for document in documents)
    report = company_import(source=io.BytesIO(text.encode()), file_format="cvr-json", dry_run=False)
    assert report.ok, report.errors
    return report


def _phone(number, *, secret=False, period=OPEN):
    return {"kontaktoplysning": number, "hemmelig": secret, "periode": period}


@pytest.mark.parametrize(
    ("phones", "expected", "secret"),
    [
        ([_phone("97 85 12 00")], "97851200", False),
        ([_phone("11111111", period=OLD), _phone("+45 9785 1200")], "+4597851200", False),
        ([_phone("0045 97851200")], "+4597851200", False),
        ([_phone("12345678", secret=True)], "", True),
        ([_phone("12345678", secret=True), _phone("97851200")], "97851200", False),
        ([_phone("ring til os")], "", False),
        ([], "", False),
    ],
)
def test_the_import_keeps_the_public_phone_and_never_a_secret_one(phones, expected, secret):
    _import(_company(10103940, telefonNummer=phones))

    company = Company.objects.get(cvr="10103940")
    assert (company.phone, company.phone_secret) == (expected, secret)
    assert "12345678" not in str(Company.objects.filter(pk=company.pk).values().get())


def test_the_import_reads_e_mail_and_the_p_units_contact_data_and_protection():
    unit = {
        "VrproduktionsEnhed": {
            "pNummer": 1005408410,
            "navne": [{"navn": "Afdeling Struer", "periode": OPEN}],
            "virksomhedsrelation": [{"cvrNummer": 10103940, "periode": OPEN}],
            "telefonNummer": [_phone("96 84 00 00")],
            "elektroniskPost": [
                {"kontaktoplysning": "struer@firma.dk", "hemmelig": False, "periode": OPEN}
            ],
            "reklamebeskyttet": True,
        }
    }
    email = [{"kontaktoplysning": "info@firma.dk", "hemmelig": False, "periode": OPEN}]

    _import(_company(10103940, elektroniskPost=email), unit)

    company = Company.objects.get(cvr="10103940")
    assert (company.email, company.advertising_protected) == ("info@firma.dk", False)
    workplace = Workplace.objects.get(p_number="1005408410")
    assert (workplace.phone, workplace.email) == ("96840000", "struer@firma.dk")
    assert workplace.advertising_protected is True


@pytest.mark.parametrize("phone", ["12", "abc", "9785120", "+45 97 85 12 00 00 00 00 00"])
def test_a_csv_with_a_bad_phone_is_reported_by_line(phone):
    text = f"cvr;name;phone;email\n10103940;Firma;97851200;a@b.dk\n11617034;Andet;{phone};\n"

    report = company_import(source=io.BytesIO(text.encode()), file_format="csv", dry_run=True)

    assert report.error_lines == [3]
    assert "telefonnummer" in report.errors[0]


@pytest.fixture
def company(jobcenter_a):
    company = CompanyFactory(
        name="Struer Maskinfabrik ApS",
        phone="97851200",
        email="info@maskinfabrik.dk",
        advertising_protected=True,
        # Visible to the neighbouring jobcenter too.
        municipality_codes=["0661", "0671"],
    )
    Workplace.objects.create(
        company=company, p_number="1005408410", name="Værkstedet", phone_secret=True
    )
    Workplace.objects.create(
        company=company, p_number="1005408411", name="Lageret", email="lager@maskinfabrik.dk"
    )
    return company


def test_the_company_page_shows_phone_and_e_mail_as_links_with_the_flags(
    consultant_client, company
):
    page = consultant_client.get(company.get_absolute_url()).content.decode()

    assert 'href="tel:97851200"' in page
    assert 'href="mailto:info@maskinfabrik.dk"' in page
    assert 'href="mailto:lager@maskinfabrik.dk"' in page
    assert "Hemmeligt nummer i CVR" in page
    assert "Reklamebeskyttet" in page
    assert reverse("companies:contact-details-edit", args=[company.code]) in page


def test_the_call_page_shows_the_phone_as_a_link(consultant_client, jobcenter_a, consultant):
    from screening.models import Campaign, CampaignCompany

    company = CompanyFactory(phone="+4597851200")
    relationship = RelationshipFactory(jobcenter=jobcenter_a, company=company)
    campaign = Campaign.objects.create(
        jobcenter=jobcenter_a,
        name="Efterår",
        starts_on="2026-01-01",
        ends_on="2026-12-31",
        created_by=consultant,
    )
    campaign_company = CampaignCompany.objects.create(
        campaign=campaign, relationship=relationship, consultant=consultant
    )

    page = consultant_client.get(
        reverse("screening:campaign-company-call", args=[campaign_company.code])
    ).content.decode()

    assert 'href="tel:+4597851200"' in page


def test_a_consultant_corrects_the_phone_for_the_own_jobcenter_only(
    consultant_client, outsider_client, company
):
    url = reverse("companies:contact-details-edit", args=[company.code])
    back = reverse("companies:company-list")

    response = consultant_client.post(
        url,
        {
            "place": "company",
            "next": back,
            "place-company-phone": "+45 40 40 40 40",
            "place-company-email": "kontakt@maskinfabrik.dk",
        },
    )

    assert response.status_code == 302 and response["Location"] == back
    page = consultant_client.get(company.get_absolute_url()).content.decode()
    assert 'href="tel:+4540404040"' in page and 'href="tel:97851200"' not in page
    assert "Rettet af" in page
    company.refresh_from_db()
    assert company.phone == "97851200"  # the register keeps CVR's value
    outsider = outsider_client.get(company.get_absolute_url())
    assert outsider.status_code == 200
    assert 'href="tel:97851200"' in outsider.content.decode()
    assert "4040" not in outsider.content.decode()


def test_a_workplace_correction_replaces_a_secret_number(consultant_client, company):
    url = reverse("companies:contact-details-edit", args=[company.code])

    consultant_client.post(
        url,
        {"place": "1005408410", "place-1005408410-phone": "20202020", "place-1005408410-email": ""},
    )

    correction = ContactDetailsCorrection.objects.get()
    assert correction.workplace.p_number == "1005408410"
    page = consultant_client.get(company.get_absolute_url()).content.decode()
    assert 'href="tel:20202020"' in page


def test_giving_cvr_values_back_removes_the_correction(consultant_client, company):
    url = reverse("companies:contact-details-edit", args=[company.code])
    consultant_client.post(url, {"place": "company", "place-company-phone": "20202020"})

    consultant_client.post(
        url,
        {
            "place": "company",
            "place-company-phone": "97 85 12 00",
            "place-company-email": "info@maskinfabrik.dk",
        },
    )

    assert not ContactDetailsCorrection.objects.exists()


@pytest.mark.parametrize("phone", ["12", "ring mig", "+", "1234567890123456789"])
def test_a_bad_phone_is_refused_in_danish_with_the_input_kept(consultant_client, company, phone):
    url = reverse("companies:contact-details-edit", args=[company.code])

    response = consultant_client.post(url, {"place": "company", "place-company-phone": phone})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv et telefonnummer" in page
    assert f'value="{phone}"' in page
    assert not ContactDetailsCorrection.objects.exists()


@pytest.mark.parametrize("place", ["", "9999999999", "../company", "company "])
def test_an_unknown_place_is_refused_without_a_500(consultant_client, company, place):
    url = reverse("companies:contact-details-edit", args=[company.code])

    response = consultant_client.post(url, {"place": place, f"place-{place}-phone": "20202020"})

    assert response.status_code == 400
    assert not ContactDetailsCorrection.objects.exists()


def test_an_unsafe_next_is_ignored(consultant_client, company):
    url = reverse("companies:contact-details-edit", args=[company.code])

    response = consultant_client.post(
        url,
        {"place": "company", "next": "https://evil.example/", "place-company-phone": "20202020"},
    )

    assert response["Location"] == company.get_absolute_url()


def test_another_jobcenters_company_outside_its_area_is_a_404(outsider_client, jobcenter_a):
    company = CompanyFactory()  # in Struer; the outsider serves Holstebro
    url = reverse("companies:contact-details-edit", args=[company.code])

    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url, {"place": "company"}).status_code == 404
