"""P-units (VrproduktionsEnhed) as documents of their own, mixed with company documents
in one file, as the CVR distribution delivers them (issue 8 point 4)."""

import io
import json
import random

import pytest

from companies.cvr_import import company_import
from companies.models import Company, Workplace
from tests.factories import CompanyFactory, JobcenterFactory

pytestmark = pytest.mark.django_db

OPEN = {"gyldigFra": "2015-01-01", "gyldigTil": None}
CLOSED = {"gyldigFra": "2010-01-01", "gyldigTil": "2022-03-31"}


def _address(street, number, postal_code, city, municipality_code):
    return {
        "vejnavn": street,
        "husnummerFra": number,
        "bogstavFra": None,
        "etage": None,
        "sidedoer": None,
        "postnummer": postal_code,
        "postdistrikt": city,
        "kommune": {"kommuneKode": municipality_code, "kommuneNavn": city.upper()},
        "periode": OPEN,
    }


def _company(cvr, name, address, *, p_numbers=()):
    return {
        "_source": {
            "Vrvirksomhed": {
                "cvrNummer": cvr,
                "enhedstype": "VIRKSOMHED",
                "reklamebeskyttet": False,
                "navne": [{"navn": name, "periode": OPEN}],
                "beliggenhedsadresse": [address],
                "hovedbranche": [
                    {"branchekode": "433200", "branchetekst": "Tømrer", "periode": OPEN}
                ],
                "livsforloeb": [{"periode": OPEN}],
                # The register lists the company's P-units by number only.
                "penheder": [{"pNummer": p, "periode": OPEN} for p in p_numbers],
                "virksomhedMetadata": {"nyesteNavn": {"navn": name}, "sammensatStatus": "Aktiv"},
            }
        }
    }


def _unit(p_number, name, address, *, owners, ceased_on=None, metadata_owner=None):
    """A P-unit document: `owners` is the relation history, [(cvr, period), ...]."""
    unit = {
        "pNummer": p_number,
        "enhedstype": "PRODUKTIONSENHED",
        "navne": [{"navn": name, "periode": OPEN}],
        "beliggenhedsadresse": [address],
        "hovedbranche": [{"branchekode": "433200", "periode": OPEN}],
        "livsforloeb": [
            {"periode": {"gyldigFra": "2015-01-01", "gyldigTil": ceased_on}},
        ],
        "virksomhedsrelation": [{"cvrNummer": cvr, "periode": period} for cvr, period in owners],
        "produktionsEnhedMetadata": {"nyesteNavn": {"navn": name}},
    }
    if metadata_owner is not None:
        unit["produktionsEnhedMetadata"]["nyesteCvrNummerRelation"] = metadata_owner
    if ceased_on:
        unit["produktionsEnhedMetadata"]["sammensatStatus"] = "Ophørt"
    return {"_source": {"VrproduktionsEnhed": unit}}


STRUER = _address("Havnegade", 12, 7600, "Struer", 671)
HOLSTEBRO = _address("Nørregade", 3, 7500, "Holstebro", 661)
SKIVE = _address("Adelgade", 2, 7800, "Skive", 779)


def _lines(documents):
    return io.BytesIO("\n".join(json.dumps(d, ensure_ascii=False) for d in documents).encode())


def _mixed_file():
    # P-units before and after their owner, as in a dump sorted by entity number.
    return [
        _unit(1005408410, "Struer Tømrer", STRUER, owners=[("10103940", OPEN)]),
        _company(10103940, "Struer Tømrer ApS", STRUER, p_numbers=[1005408410, 1028076343]),
        _unit(1028076343, "Struer Tømrer Holstebro", HOLSTEBRO, owners=[(10103940, OPEN)]),
        _company(11617034, "Lemvig Fisk A/S", _address("Havnen", 1, 7620, "Lemvig", 665)),
    ]


def test_it_reads_p_unit_documents_mixed_with_company_documents():
    report = company_import(source=_lines(_mixed_file()), file_format="cvr-json", dry_run=False)

    assert report.ok, report.errors
    assert (report.created, report.workplaces_created) == (2, 2)
    holstebro = Workplace.objects.get(p_number="1028076343")
    assert holstebro.company.cvr == "10103940"
    assert (holstebro.name, holstebro.address) == ("Struer Tømrer Holstebro", "Nørregade 3")
    assert (holstebro.postal_code, holstebro.city) == ("7500", "Holstebro")
    assert holstebro.municipality.code == "0661"
    assert holstebro.industry_code == "433200"
    assert Company.objects.get(cvr="10103940").municipality_codes == ["0661", "0671"]


def test_a_workplace_in_a_neighbouring_municipality_makes_the_company_visible_there():
    holstebro = JobcenterFactory(name="Jobcenter Holstebro", municipality_code="0661")
    company_import(source=_lines(_mixed_file()), file_format="cvr-json", dry_run=False)

    visible = set(Company.objects.visible_to(holstebro).values_list("cvr", flat=True))

    assert visible == {"10103940"}


def test_a_workplace_that_moved_goes_to_its_new_owner_by_the_open_period():
    company_import(source=_lines(_mixed_file()), file_format="cvr-json", dry_run=False)
    holstebro = JobcenterFactory(name="Jobcenter Holstebro", municipality_code="0661")
    buyer = CompanyFactory(cvr="31678021", name="Køberen ApS")
    moved = _unit(
        1028076343,
        "Holstebro-afdelingen",
        HOLSTEBRO,
        # The old relation is closed; the metadata still names the old owner (stale).
        owners=[("10103940", CLOSED), ("31678021", {"gyldigFra": "2022-04-01"})],
        metadata_owner=10103940,
    )

    dry = company_import(source=_lines([moved]), file_format="cvr-json", dry_run=True)
    report = company_import(source=_lines([moved]), file_format="cvr-json", dry_run=False)

    for result in (dry, report):
        assert result.ok, result.errors
        assert (result.created, result.workplaces_updated) == (0, 1)
        assert result.updated == 2  # both owners' municipality codes changed
    workplace = Workplace.objects.get(p_number="1028076343")
    assert workplace.company == buyer
    assert workplace.name == "Holstebro-afdelingen"
    assert Company.objects.get(cvr="10103940").municipality_codes == ["0671"]
    buyer.refresh_from_db()
    assert buyer.municipality_codes == ["0661", "0671"]
    visible = set(Company.objects.visible_to(holstebro).values_list("cvr", flat=True))
    assert visible == {"31678021"}


def test_a_ceased_p_unit_keeps_its_end_date_and_no_longer_makes_the_company_visible():
    company_import(source=_lines(_mixed_file()), file_format="cvr-json", dry_run=False)
    ceased = _unit(
        1028076343,
        "Struer Tømrer Holstebro",
        HOLSTEBRO,
        owners=[("10103940", {"gyldigFra": "2015-01-01", "gyldigTil": "2025-06-30"})],
        ceased_on="2025-06-30",
    )

    report = company_import(source=_lines([ceased]), file_format="cvr-json", dry_run=False)

    assert report.ok, report.errors
    workplace = Workplace.objects.get(p_number="1028076343")
    assert str(workplace.ceased_on) == "2025-06-30"
    assert workplace.company.cvr == "10103940"  # the latest relation, though closed
    assert workplace.company.municipality_codes == ["0671"]


def test_a_p_unit_whose_owner_is_neither_in_the_file_nor_in_the_register_is_reported():
    CompanyFactory(cvr="31678021", name="Kendt ApS")
    documents = [
        *_mixed_file(),
        _unit(1099999991, "Ukendt ejer", SKIVE, owners=[("25313763", OPEN)]),
        _unit(1099999992, "Kendt ejer", SKIVE, owners=[("31678021", OPEN)]),
    ]

    report = company_import(source=_lines(documents), file_format="cvr-json", dry_run=False)

    assert report.error_lines == [5]
    assert "25313763" in report.errors[0]
    assert report.errors[0].startswith("Linje 5:")
    assert not Workplace.objects.exists()
    assert Company.objects.count() == 1  # nothing applied


@pytest.mark.parametrize(
    ("unit", "reason"),
    [
        ({"pNummer": 1005408410}, "ejer"),
        ({"pNummer": 1005408410, "virksomhedsrelation": [{"cvrNummer": 12345678}]}, "12345678"),
        ({"pNummer": "10054", "virksomhedsrelation": [{"cvrNummer": 10103940}]}, "10054"),
        ({"enhedstype": "PRODUKTIONSENHED", "navne": []}, "P-nummer"),
        (
            {"pNummer": 1005408410, "produktionsEnhedMetadata": {"nyesteCvrNummerRelation": "x"}},
            "x",
        ),
    ],
)
def test_a_bad_p_unit_document_is_reported_with_its_line(unit, reason):
    documents = [_company(10103940, "Struer Tømrer ApS", STRUER), {"VrproduktionsEnhed": unit}]

    report = company_import(source=_lines(documents), file_format="cvr-json", dry_run=False)

    assert report.error_lines == [2]
    assert reason in report.errors[0]
    assert not Company.objects.exists()


def test_a_p_unit_with_two_documents_in_one_file_is_rejected():
    documents = [*_mixed_file(), _mixed_file()[0]]

    report = company_import(source=_lines(documents), file_format="cvr-json", dry_run=False)

    assert report.error_lines == [5]
    assert "1005408410" in report.errors[0]


def test_the_same_mixed_file_twice_changes_nothing():
    company_import(source=_lines(_mixed_file()), file_format="cvr-json", dry_run=False)

    report = company_import(source=_lines(_mixed_file()), file_format="cvr-json", dry_run=False)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert (report.workplaces_created, report.workplaces_updated) == (0, 0)


def test_it_reads_elasticsearch_responses_and_places_errors_by_hit():
    response = {
        "took": 3,
        "hits": {
            "total": {"value": 4},
            "hits": [*_mixed_file()[:3], {"_source": {"Vrdeltagerperson": {}}}],
        },
    }
    pretty = json.dumps(response, indent=2, ensure_ascii=False).encode()

    bad = company_import(source=io.BytesIO(pretty), file_format="cvr-json", dry_run=False)
    response["hits"]["hits"].pop()
    good = company_import(
        source=io.BytesIO(json.dumps(response).encode()), file_format="cvr-json", dry_run=False
    )

    assert bad.errors == [
        "Linje 1, hit 4: dette er hverken et virksomhedsdokument (Vrvirksomhed) "
        "eller et produktionsenhedsdokument (VrproduktionsEnhed)"
    ]
    assert good.ok, good.errors
    assert (good.created, good.workplaces_created) == (1, 2)


def test_it_reads_the_raw_p_unit_objects_of_a_json_array():
    # cvr.dev answers with an array of the bare VrproduktionsEnhed objects.
    documents = [
        _company(10103940, "Struer Tømrer ApS", STRUER)["_source"]["Vrvirksomhed"],
        _unit(1028076343, "Holstebro", HOLSTEBRO, owners=[(10103940, OPEN)])["_source"][
            "VrproduktionsEnhed"
        ],
    ]

    report = company_import(
        source=io.BytesIO(json.dumps(documents).encode()), file_format="cvr-json", dry_run=False
    )

    assert report.ok, report.errors
    assert Workplace.objects.get(p_number="1028076343").company.cvr == "10103940"


def test_a_dry_run_counts_what_the_real_run_does_for_generated_files():
    """Generated variants: units before or after their owners, moving between companies
    of the file and of the register, some ceased, in a random order."""
    rng = random.Random(84)  # noqa: S311  # test inputs, reproducible
    registered = [CompanyFactory(name=f"Registreret {n}") for n in range(3)]
    in_file = ["10103940", "11617034", "21265837", "29257132"]
    places = [STRUER, HOLSTEBRO, SKIVE]
    for round_number in range(4):
        documents = [_company(int(cvr), f"Firma {cvr}", rng.choice(places)) for cvr in in_file]
        for n in range(12):
            owner = rng.choice(in_file + [company.cvr for company in registered])
            ceased = "2025-01-31" if rng.random() < 0.2 else None
            documents.append(
                _unit(
                    1100000000 + n,
                    f"Afdeling {n}.{round_number}",
                    rng.choice(places),
                    owners=[(owner, {"gyldigFra": "2020-01-01", "gyldigTil": ceased})],
                    ceased_on=ceased,
                )
            )
        rng.shuffle(documents)

        dry = company_import(source=_lines(documents), file_format="cvr-json", dry_run=True)
        real = company_import(source=_lines(documents), file_format="cvr-json", dry_run=False)

        assert real.ok, real.errors
        assert dry.dry_run and not real.dry_run
        counts = ("created", "updated", "unchanged", "workplaces_created", "workplaces_updated")
        assert [getattr(dry, name) for name in counts] == [getattr(real, name) for name in counts]
        for company in Company.objects.filter(source=Company.Source.CVR):
            expected = {company.municipality.code} if company.municipality else set()
            expected |= set(
                company.workplaces.filter(ceased_on__isnull=True).values_list(
                    "municipality__code", flat=True
                )
            )
            assert company.municipality_codes == sorted(expected), company.cvr
