"""Formula-safe exports (issue 9.2): every prefix a spreadsheet skips, in front of every
trigger, in CSV and XLSX."""

import csv
import io
import itertools
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from jobcenter_crm.lib.spreadsheets import (
    csv_response,
    formula_safe,
    starts_formula,
    xlsx_response,
)

# What may stand in front of the trigger: nothing, spaces, tabs, line breaks, control
# characters, invisible and zero-width characters, bidi marks, the byte order mark,
# other scripts' spaces and fillers, and mixtures of them.
PREFIXES = [
    "", " ", "   ", "\t", "\n", "\r", "\r\n", "\x01", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f",
    "\u00a0", "\u1680", "\u2000", "\u200a", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
    "\u2028", "\u2029", "\u202a", "\u202e", "\u2060", "\u2066", "\u3000", "\ufeff", "\u115f",
    "\u3164", "\uffa0", "\u2800", "\u0301", "\U000e0020", " \u200b\t\n\ufeff",
]  # fmt: skip
# The triggers, in ASCII and in their full-width, small and other compatibility forms.
TRIGGERS = [
    "=", "+", "-", "@", "\t=", "\r=", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫", "\u2212",
]  # fmt: skip
PAYLOADS = ['HYPERLINK("http://evil.example","Klik")', "1+1", "cmd|' /C calc'!A0"]
CASES = [
    prefix + trigger + payload
    for (prefix, trigger), payload in zip(
        itertools.product(PREFIXES, TRIGGERS), itertools.cycle(PAYLOADS)
    )
]
HARMLESS = ["Struer Smedje", "Østergade 1", "1000+", "5-9", "A/S", "C=4", "e-mail: a@b.dk", ""]


@pytest.mark.parametrize("value", CASES)
def test_every_prefix_before_every_trigger_is_caught(value):
    assert starts_formula(value)
    assert formula_safe(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_ordinary_text_is_left_alone(value):
    assert not starts_formula(value)
    assert formula_safe(value) == value


def test_numbers_and_dates_are_left_alone():
    import datetime

    assert formula_safe(-5) == -5
    assert formula_safe(datetime.date(2026, 10, 30)) == datetime.date(2026, 10, 30)


def _csv_cells(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(content), delimiter=";"))


def test_the_csv_quotes_every_dangerous_cell_and_no_other():
    rows = [[value, harmless] for value, harmless in zip(CASES, itertools.cycle(HARMLESS))]
    cells = _csv_cells(csv_response(["=Navn", "Adresse"], rows, "x.csv"))
    assert cells[0] == ["'=Navn", "Adresse"]
    # csv turns a lone \r in a quoted field into \r\n and back; compare what was written.
    for (written, harmless), (read, read_harmless) in zip(rows, cells[1:], strict=True):
        assert read.startswith("'")
        assert read[1:].replace("\r\n", "\n") == written.replace("\r\n", "\n")
        assert read_harmless == harmless


def test_the_xlsx_holds_no_formula_and_keeps_the_text():
    rows = [[value, harmless] for value, harmless in zip(CASES, itertools.cycle(HARMLESS))]
    response = xlsx_response(["=Navn", "Adresse"], rows, "x.xlsx", sheet_title="Virksomheder")
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(io.BytesIO(content)).active
    cells = list(sheet.iter_rows())
    assert cells[0][0].value == "=Navn" and cells[0][0].data_type == "s"
    for (written, harmless), (cell, harmless_cell) in zip(rows, cells[1:], strict=True):
        assert cell.data_type == "s"
        assert cell.quotePrefix
        # XML reads a carriage return as a line feed.
        expected = ILLEGAL_CHARACTERS_RE.sub("", written).replace("\r\n", "\n")
        assert cell.value == expected.replace("\r", "\n")
        assert (harmless_cell.value or "") == harmless
