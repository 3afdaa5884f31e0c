"""Issue 9.2 through the company list's exports: every text column, written by one
jobcenter (or the register), never becomes a formula in another jobcenter's export."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from companies.models import Municipality
from jobcenter_crm.tests.test_spreadsheets import CASES
from tests.factories import CompanyFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db

# Every text column of the export a user or an import can fill.
COLUMNS = {"name": 1, "address": 2, "city": 4, "industry_text": 7}


@pytest.fixture
def planted(jobcenter_a, jobcenter_b):
    """Companies in both jobcenters' areas carrying a payload in each text column, and a
    consultant of jobcenter A whose name carries one (the responsible-consultant column)."""
    shared = Municipality.objects.get(code="0671")
    struer_user = UserFactory(jobcenter=jobcenter_a, first_name="=cmd|' /C calc'!A0", last_name="")
    cases = CASES[: len(CASES) // 2]  # every prefix and trigger, half the payload rotations
    companies = []
    for number, value in enumerate(cases):
        column = list(COLUMNS)[number % len(COLUMNS)]
        fields = {column: value[:100]} if column != "name" else {"name": value}
        company = CompanyFactory(municipality=shared, municipality_codes=["0671", "0661"], **fields)
        RelationshipFactory(jobcenter=jobcenter_a, company=company, responsible=struer_user)
        companies.append((column, fields[column]))
    return companies


def _csv(client) -> list[list[str]]:
    content = b"".join(
        client.get(reverse("companies:company-export", args=["csv"])).streaming_content
    )
    text = content.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))[1:]


def test_no_cell_of_the_other_jobcenters_csv_is_a_formula(planted, outsider_client):
    rows = _csv(outsider_client)
    assert len(rows) == len(planted)
    written = {value.replace("\r\n", "\n") for _, value in planted}
    cells = [cell.replace("\r\n", "\n") for row in rows for cell in row]
    dangerous = [cell for cell in cells if cell[1:] in written]
    assert len(dangerous) == len(planted)
    assert all(cell.startswith("'") for cell in dangerous)


def test_the_own_csv_quotes_the_consultants_name_too(planted, consultant_client):
    rows = _csv(consultant_client)
    assert {row[10] for row in rows} == {"'=cmd|' /C calc'!A0"}


def test_no_cell_of_the_other_jobcenters_xlsx_is_a_formula(planted, outsider_client):
    response = outsider_client.get(reverse("companies:company-export", args=["xlsx"]))
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(planted)
    flagged = [cell for row in rows for cell in row if cell.quotePrefix]
    assert len(flagged) == len(planted)
    assert all(cell.data_type == "s" for cell in flagged)
