import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from companies.cvr_import import company_import
from companies.models import Company, Municipality, Workplace
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

OPEN = {"gyldigFra": "2015-01-01", "gyldigTil": None}


def _address(street, number, postal_code, city, municipality_code, **extra):
    return {
        "vejnavn": street,
        "husnummerFra": number,
        "bogstavFra": extra.pop("letter", None),
        "etage": extra.pop("floor", None),
        "sidedoer": None,
        "postnummer": postal_code,
        "postdistrikt": city,
        "kommune": {"kommuneKode": municipality_code, "kommuneNavn": city.upper()},
        "periode": OPEN,
    }


def _p_unit(p_number, name, address, *, main=None):
    unit = {
        "pNummer": p_number,
        "navne": [{"navn": name, "periode": OPEN}],
        "beliggenhedsadresse": [address],
        "hovedbranche": [{"branchekode": "433200", "periode": OPEN}],
        "livsforloeb": [{"periode": OPEN}],
    }
    if main is not None:
        unit["hovedafdeling"] = main
    return {"VrproduktionsEnhed": unit}


def _company(cvr, name, **overrides):
    document = {
        "cvrNummer": cvr,
        "enhedstype": "VIRKSOMHED",
        "reklamebeskyttet": False,
        "navne": [
            {
                "navn": f"{name} (gammelt navn)",
                "periode": {"gyldigFra": "2010-01-01", "gyldigTil": "2014-12-31"},
            },
            {"navn": name, "periode": OPEN},
        ],
        "binavne": [],
        "beliggenhedsadresse": [_address("Havnegade", 12, 7600, "Struer", 671, letter="A")],
        "hovedbranche": [
            {
                "branchekode": "433200",
                "branchetekst": "Tømrer- og bygningssnedkervirksomhed",
                "periode": OPEN,
            }
        ],
        "virksomhedsform": [
            {
                "virksomhedsformkode": 80,
                "kortBeskrivelse": "APS",
                "langBeskrivelse": "Anpartsselskab",
            }
        ],
        "virksomhedsstatus": [{"status": "NORMAL", "periode": OPEN}],
        "livsforloeb": [{"periode": OPEN}],
        "aarsbeskaeftigelse": [
            {"aar": 2024, "intervalKodeAntalAnsatte": "ANTAL_5_9"},
        ],
        "erstMaanedsbeskaeftigelse": [
            {"aar": 2025, "maaned": 9, "intervalKodeAntalAnsatte": "ANTAL_10_19"},
        ],
        "telefonNummer": [{"kontaktoplysning": "12345678", "hemmelig": True}],
        "virksomhedMetadata": {"nyesteNavn": {"navn": name}, "sammensatStatus": "Aktiv"},
    }
    document.update(overrides)
    return {"_source": {"Vrvirksomhed": document}}


def _good_documents():
    return [
        _company(
            10103940,
            "Struer Tømrer ApS",
            binavne=[{"navn": "Struer Byg", "periode": OPEN}],
            produktionsenheder=[
                _p_unit(
                    1005408410,
                    "Struer Tømrer ApS",
                    _address("Havnegade", 12, 7600, "Struer", 671),
                    main=True,
                ),
                _p_unit(
                    1028076343,
                    "Struer Tømrer Holstebro",
                    _address("Nørregade", 3, 7500, "Holstebro", 661),
                ),
            ],
        ),
        _company(
            11617034,
            "Lemvig Fisk A/S",
            beliggenhedsadresse=[_address("Havnen", 1, 7620, "Lemvig", 665)],
            hovedbranche=[{"branchekode": 32000, "branchetekst": "Fiskeri", "periode": OPEN}],
            penheder=[{"pNummer": 1001234567, "periode": OPEN}],
        ),
        {"Vrvirksomhed": _company(21265837, "Skive Rengøring IVS")["_source"]["Vrvirksomhed"]},
    ]


def _json_file(documents):
    return io.BytesIO(json.dumps(documents, ensure_ascii=False).encode())


def _csv_file(text):
    return io.BytesIO(text.encode())


CSV_HEADER = (
    "cvr;name;other_names;address;postal_code;city;municipality_code;industry_code;"
    "industry_text;employee_band;company_form;advertising_protected;ceased_on;p_number;"
    "workplace_name;workplace_address;workplace_postal_code;workplace_city;"
    "workplace_municipality_code;latitude;longitude\n"
)
CSV_COLUMNS = CSV_HEADER.strip().split(";")


def _row(**values):
    unknown = set(values) - set(CSV_COLUMNS)
    assert not unknown
    return ";".join(str(values.get(column, "")) for column in CSV_COLUMNS) + "\n"


GOOD_CSV = (
    CSV_HEADER
    + "13585628;Holstebro Vinduer A/S;Vinduesmanden|HV;Lundvej 4;7500;Holstebro;0661;251200;"
    "Fremstilling af døre og vinduer af metal;20-49;Aktieselskab;ja;;1005408411;"
    "Holstebro Vinduer;Lundvej 4;7500;Holstebro;0661;56,36;8,61\n"
    + "13585628;Holstebro Vinduer A/S;Vinduesmanden|HV;Lundvej 4;7500;Holstebro;0661;251200;"
    "Fremstilling af døre og vinduer af metal;20-49;Aktieselskab;ja;;1005408412;"
    "HV Skive;Adelgade 2;7800;Skive;0779;56,36;8,61\n"
    + "24256790;Thyholm Café;;Bygaden 9;7790;Thyholm;671;561010;Restauranter;ANTAL_1_1;"
    "Enkeltmandsvirksomhed;nej;2024-06-30;;;;;;;;\n"
)


def test_it_imports_cvr_json_documents():
    report = company_import(
        source=_json_file(_good_documents()), file_format="cvr-json", dry_run=False
    )

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert (report.workplaces_created, report.workplaces_updated) == (3, 0)
    tomrer = Company.objects.get(cvr="10103940")
    assert tomrer.name == "Struer Tømrer ApS"
    assert tomrer.other_names == ["Struer Byg"]
    assert tomrer.address == "Havnegade 12A"
    assert (tomrer.postal_code, tomrer.city, tomrer.municipality.code) == ("7600", "Struer", "0671")
    assert tomrer.municipality_codes == ["0661", "0671"]
    assert (tomrer.industry_code, tomrer.industry_section.letter) == ("433200", "F")
    assert tomrer.employee_band == "10-19"
    assert tomrer.company_form == "Anpartsselskab"
    assert tomrer.source == Company.Source.CVR
    assert tomrer.ceased_on is None
    assert "struer byg" in tomrer.search_text
    main = Workplace.objects.get(p_number="1005408410")
    assert (main.company, main.is_main, main.municipality.code) == (tomrer, True, "0671")
    fisk = Company.objects.get(cvr="11617034")
    assert (fisk.industry_code, fisk.industry_section.letter) == ("032000", "A")
    bare = Workplace.objects.get(p_number="1001234567")
    assert (bare.company, bare.name, bare.address, bare.municipality) == (fisk, fisk.name, "", None)
    assert fisk.municipality_codes == ["0665"]


def test_it_reads_json_lines_and_a_single_document():
    lines = "\n".join(json.dumps(document) for document in _good_documents()[:2])
    report = company_import(source=_csv_file(lines + "\n"), file_format="cvr-json", dry_run=False)
    assert (report.errors, report.created) == ([], 2)

    single = json.dumps(_good_documents()[2], indent=2)
    report = company_import(source=io.StringIO(single), file_format="cvr-json", dry_run=False)
    assert (report.errors, report.created) == ([], 1)


def test_it_imports_the_csv_layout():
    report = company_import(source=_csv_file(GOOD_CSV), file_format="csv", dry_run=False)

    assert report.errors == []
    assert (report.created, report.workplaces_created) == (2, 2)
    windows = Company.objects.get(cvr="13585628")
    assert windows.other_names == ["Vinduesmanden", "HV"]
    assert windows.municipality_codes == ["0661", "0779"]
    assert windows.employee_band == "20-49"
    assert windows.advertising_protected is True
    assert (windows.latitude, windows.longitude) == (56.36, 8.61)
    assert windows.industry_section.letter == "C"
    assert set(windows.workplaces.values_list("p_number", flat=True)) == {
        "1005408411",
        "1005408412",
    }
    cafe = Company.objects.get(cvr="24256790")
    assert (cafe.employee_band, cafe.municipality.code) == ("1", "0671")
    assert cafe.ceased_on == datetime.date(2024, 6, 30)
    assert cafe.workplaces.count() == 0


def test_it_reads_a_comma_separated_csv():
    text = "cvr,name,municipality_code\n31678021,Kommaselskabet ApS,0671\n"
    report = company_import(source=_csv_file(text), file_format="csv", dry_run=False)
    assert (report.errors, report.created) == ([], 1)
    assert Company.objects.get(cvr="31678021").municipality_codes == ["0671"]


def test_it_reports_every_bad_csv_line_and_writes_nothing():
    text = (
        CSV_HEADER
        + _row(cvr="13585627", name="Forkert CVR ApS", municipality_code="0671")
        + _row(cvr="24256790", name="God ApS", municipality_code="0671")
        + _row(cvr="31678021", name="Ukendt kommune ApS", municipality_code="0999")
        + _row(cvr="10103940", name="Dårligt P-nummer ApS", p_number="123")
    )
    report = company_import(source=_csv_file(text), file_format="csv", dry_run=False)

    assert report.error_lines == [2, 4, 5]
    assert len(report.errors) == 3
    assert (
        report.errors[0].endswith("13585627 is not a valid CVR number")
        or "13585627" in report.errors[0]
    )
    assert "0999" in report.errors[1]
    assert "123" in report.errors[2]
    assert (report.created, report.updated) == (0, 0)
    assert not Company.objects.exists()
    assert not Workplace.objects.exists()


def test_it_numbers_bad_json_documents_by_their_index():
    documents = _good_documents()
    documents[1]["_source"]["Vrvirksomhed"]["cvrNummer"] = 13585627
    documents.append({"Vrvirksomhed": {"cvrNummer": 31678021, "navne": []}})
    report = company_import(source=_json_file(documents), file_format="cvr-json", dry_run=False)

    assert report.error_lines == [2, 4]
    assert not Company.objects.exists()


def test_it_numbers_bad_json_lines_by_their_line():
    lines = [json.dumps(document) for document in _good_documents()]
    lines.insert(1, "")
    lines.insert(2, "{not json")
    report = company_import(
        source=_csv_file("\n".join(lines)), file_format="cvr-json", dry_run=False
    )

    assert report.error_lines == [3]
    assert not Company.objects.exists()


def test_it_rejects_a_p_number_listed_under_two_companies():
    text = (
        CSV_HEADER
        + _row(cvr="24256790", name="Et ApS", p_number="1005408411")
        + _row(cvr="31678021", name="To ApS", p_number="1005408411")
    )
    report = company_import(source=_csv_file(text), file_format="csv", dry_run=False)
    assert report.error_lines == [3]


def test_it_changes_nothing_when_the_same_file_is_imported_twice():
    company_import(source=_json_file(_good_documents()), file_format="cvr-json", dry_run=False)
    before = dict(Company.objects.values_list("cvr", "updated_at"))

    report = company_import(
        source=_json_file(_good_documents()), file_format="cvr-json", dry_run=False
    )

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert (report.workplaces_created, report.workplaces_updated) == (0, 0)
    assert dict(Company.objects.values_list("cvr", "updated_at")) == before


def test_it_changes_nothing_when_the_same_csv_is_imported_twice():
    company_import(source=_csv_file(GOOD_CSV), file_format="csv", dry_run=False)
    before = dict(Company.objects.values_list("cvr", "updated_at"))
    report = company_import(source=_csv_file(GOOD_CSV), file_format="csv", dry_run=False)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert dict(Company.objects.values_list("cvr", "updated_at")) == before


def test_it_updates_a_changed_name_only():
    company_import(source=_json_file(_good_documents()), file_format="cvr-json", dry_run=False)
    untouched = Company.objects.get(cvr="11617034").updated_at
    documents = _good_documents()
    renamed = documents[0]["_source"]["Vrvirksomhed"]
    renamed["navne"][-1]["periode"] = {"gyldigFra": "2015-01-01", "gyldigTil": "2025-01-31"}
    renamed["navne"].append(
        {
            "navn": "Struer Tømrer og Snedker ApS",
            "periode": {"gyldigFra": "2025-02-01", "gyldigTil": None},
        }
    )

    report = company_import(source=_json_file(documents), file_format="cvr-json", dry_run=False)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    company = Company.objects.get(cvr="10103940")
    assert company.name == "Struer Tømrer og Snedker ApS"
    assert "snedker" in company.search_text
    assert Company.objects.get(cvr="11617034").updated_at == untouched


def test_it_moves_a_p_unit_to_its_new_company():
    company_import(source=_json_file(_good_documents()), file_format="cvr-json", dry_run=False)
    old_owner = Company.objects.get(cvr="10103940")
    text = "cvr;name;municipality_code;p_number;workplace_name;workplace_municipality_code\n"
    text += "31678021;Køberen ApS;0101;1028076343;Holstebro-afdelingen;0661\n"

    dry = company_import(source=_csv_file(text), file_format="csv", dry_run=True)
    report = company_import(source=_csv_file(text), file_format="csv", dry_run=False)

    for result in (dry, report):
        assert (result.created, result.updated) == (1, 1)
        assert (result.workplaces_created, result.workplaces_updated) == (0, 1)
    buyer = Company.objects.get(cvr="31678021")
    assert Workplace.objects.get(p_number="1028076343").company == buyer
    assert buyer.municipality_codes == ["0101", "0661"]
    old_owner.refresh_from_db()
    assert old_owner.municipality_codes == ["0671"]


def test_it_writes_nothing_in_a_dry_run_but_counts():
    report = company_import(
        source=_json_file(_good_documents()), file_format="cvr-json", dry_run=True
    )

    assert report.dry_run is True
    assert (report.created, report.workplaces_created) == (3, 3)
    assert not Company.objects.exists()
    assert not Workplace.objects.exists()


def test_it_never_touches_a_company_created_by_hand():
    manual = CompanyFactory(cvr=None, name="Struer Tømrer ApS", source=Company.Source.MANUAL)
    manual_with_cvr = CompanyFactory(cvr="21265837", name="Håndlavet", source=Company.Source.MANUAL)

    report = company_import(
        source=_json_file(_good_documents()), file_format="cvr-json", dry_run=False
    )

    assert (report.created, report.skipped) == (2, 1)
    manual_with_cvr.refresh_from_db()
    assert manual_with_cvr.name == "Håndlavet"
    manual.refresh_from_db()
    assert manual.cvr is None


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"livsforloeb": [{"periode": {"gyldigFra": "2015-01-01", "gyldigTil": "2023-03-31"}}]},
            datetime.date(2023, 3, 31),
        ),
        (
            {
                "virksomhedsstatus": [
                    {
                        "status": "NORMAL",
                        "periode": {"gyldigFra": "2015-01-01", "gyldigTil": "2022-05-01"},
                    },
                    {
                        "status": "OPLØST EFTER KONKURS",
                        "periode": {"gyldigFra": "2022-05-02", "gyldigTil": None},
                    },
                ]
            },
            datetime.date(2022, 5, 2),
        ),
        ({"virksomhedsstatus": [{"status": "UNDER KONKURS", "periode": OPEN}]}, None),
    ],
)
def test_it_maps_the_ceased_status(overrides, expected):
    document = _company(10103940, "Ophørt ApS", **overrides)
    report = company_import(source=_json_file([document]), file_format="cvr-json", dry_run=False)
    assert report.errors == []
    assert Company.objects.get(cvr="10103940").ceased_on == expected


def test_it_maps_the_cvr_employment_bands():
    documents = [
        _company(
            10103940,
            "Stor A/S",
            erstMaanedsbeskaeftigelse=[],
            aarsbeskaeftigelse=[{"aar": 2024, "intervalKodeAntalAnsatte": "ANTAL_1000_999999"}],
        ),
        _company(
            11617034,
            "Tom ApS",
            erstMaanedsbeskaeftigelse=[],
            aarsbeskaeftigelse=[{"aar": 2024, "intervalKodeAntalAnsatte": "ANTAL_0_0"}],
        ),
        _company(21265837, "Ukendt ApS", erstMaanedsbeskaeftigelse=[], aarsbeskaeftigelse=[]),
    ]
    report = company_import(source=_json_file(documents), file_format="cvr-json", dry_run=False)
    assert report.errors == []
    assert dict(Company.objects.values_list("cvr", "employee_band")) == {
        "10103940": "1000+",
        "11617034": "0",
        "21265837": "",
    }


def test_it_exits_non_zero_from_the_command_on_bad_lines(tmp_path):
    bad = tmp_path / "virksomheder.csv"
    bad.write_text(CSV_HEADER + _row(cvr="13585627", name="Forkert ApS"), encoding="utf-8")
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 error"):
        call_command("import_cvr", str(bad), stdout=out, stderr=out)

    assert "13585627" in out.getvalue()
    assert not Company.objects.exists()


def test_it_imports_from_the_command(tmp_path):
    good = tmp_path / "virksomheder.jsonl"
    good.write_text("\n".join(json.dumps(d) for d in _good_documents()), encoding="utf-8")
    out = io.StringIO()

    call_command("import_cvr", str(good), "--dry-run", stdout=out)
    assert not Company.objects.exists()
    call_command("import_cvr", str(good), stdout=out)
    assert Company.objects.count() == 3


def test_it_gives_a_consultant_403_on_the_upload_page(consultant_client):
    assert consultant_client.get(reverse("companies:company-import")).status_code == 403
    upload = SimpleUploadedFile("v.csv", GOOD_CSV.encode())
    response = consultant_client.post(
        reverse("companies:company-import"), {"file": upload, "file_format": "csv"}
    )
    assert response.status_code == 403
    assert not Company.objects.exists()


def test_it_shows_the_upload_form_to_an_admin(admin_client_a):
    response = admin_client_a.get(reverse("companies:company-import"))
    assert response.status_code == 200
    assert response.context["form"]["dry_run"].value() is True
    assert response.context["report"] is None


def test_it_lets_an_admin_upload_a_dry_run_and_then_import(admin_client_a, jobcenter_a):
    # A jobcenter's upload adds companies in its own municipalities only (issue 9.3).
    jobcenter_a.served_municipalities.add(Municipality.objects.get(code="0661"))
    url = reverse("companies:company-import")
    upload = SimpleUploadedFile("v.csv", GOOD_CSV.encode(), content_type="text/csv")
    response = admin_client_a.post(url, {"file": upload, "file_format": "csv", "dry_run": "on"})
    assert response.status_code == 200
    assert response.context["report"].created == 2
    assert not Company.objects.exists()

    upload = SimpleUploadedFile("v.csv", GOOD_CSV.encode(), content_type="text/csv")
    response = admin_client_a.post(url, {"file": upload, "file_format": "csv"})
    assert response.status_code == 200
    assert response.context["report"].created == 2
    assert Company.objects.count() == 2


def test_it_keeps_the_choices_when_an_upload_is_rejected(admin_client_a):
    bad = CSV_HEADER + _row(cvr="13585627", name="Forkert ApS")
    upload = SimpleUploadedFile("v.csv", bad.encode(), content_type="text/csv")
    response = admin_client_a.post(
        reverse("companies:company-import"), {"file": upload, "file_format": "csv"}
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert report.error_lines == [2]
    assert report.errors[0] in response.content.decode()
    form = response.context["form"]
    assert (form["file_format"].value(), form["dry_run"].value()) == ("csv", False)
    assert not Company.objects.exists()


def test_it_reads_an_upload_spooled_to_disk():
    upload = TemporaryUploadedFile("v.json", "application/json", 0, "utf-8")
    upload.write(json.dumps(_good_documents()).encode())
    upload.seek(0)

    report = company_import(source=upload, file_format="cvr-json", dry_run=False)

    assert (report.errors, report.created) == ([], 3)
    assert not upload.closed


@pytest.mark.parametrize("shape", ["array", "lines", "concatenated"])
def test_it_streams_documents_across_read_boundaries(monkeypatch, shape):
    monkeypatch.setattr("companies.cvr_import.streams.READ_CHARS", 7)
    documents = _good_documents()
    if shape == "array":
        text = json.dumps(documents, indent=1)
    elif shape == "lines":
        text = "\r\n".join(json.dumps(document) for document in documents)
    else:
        text = "\n".join(json.dumps(document, indent=2) for document in documents)

    report = company_import(source=_csv_file(text), file_format="cvr-json", dry_run=True)

    assert (report.errors, report.created, report.workplaces_created) == ([], 3, 3)


def test_it_numbers_concatenated_documents_by_their_first_line():
    documents = _good_documents()
    documents[2]["Vrvirksomhed"]["cvrNummer"] = 13585627
    text = "\n".join(json.dumps(document, indent=2) for document in documents)
    first_lines = [1]
    for document in documents[:-1]:
        first_lines.append(first_lines[-1] + json.dumps(document, indent=2).count("\n") + 1)

    report = company_import(source=_csv_file(text), file_format="cvr-json", dry_run=True)

    assert report.error_lines == [first_lines[2]]
