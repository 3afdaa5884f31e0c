"""CSV and XLSX exports that no cell can turn into a formula (issue 9.2), for every app's
exports: `csv_response` and `xlsx_response` take a header row and data rows and write
every cell through `formula_safe`.

A spreadsheet reads a cell as a formula when it starts with = + - @ (or a tab or carriage
return, OWASP "CSV injection"). What comes before that character does not protect the
cell: spreadsheets and import dialogs trim spaces, line breaks and control characters,
ignore invisible characters (zero-width spaces, joiners, the byte order mark, Hangul
fillers) and read full-width forms as their ASCII letters (＝ ＋ － ＠). So a cell is
neutralised when its first *visible* character, read as its compatibility form, is a
trigger: in CSV with a leading apostrophe (the cell shows it, and it is never run), in
XLSX as a text cell marked "quote prefix" (shown unchanged, kept text when edited).
"""

import csv
import datetime
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

TRIGGERS = frozenset("=+-@\t\r\u2212")  # \u2212: the minus sign some spreadsheets accept
# Letters that show as nothing (Hangul fillers, the blank Braille pattern).
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Control, format (zero-width, bidi, BOM), private and unassigned characters, separators
# and combining marks: all skipped or invisible in front of a cell's content.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _is_invisible(char: str) -> bool:
    return (
        char in INVISIBLE_LETTERS
        or char.isspace()
        or unicodedata.category(char) in INVISIBLE_CATEGORIES
    )


def starts_formula(value: str) -> bool:
    """Whether a spreadsheet could read `value` as a formula (see the module docstring)."""
    if value[:1] in TRIGGERS:
        return True
    for char in value:
        if _is_invisible(char):
            continue
        return any(folded in TRIGGERS for folded in unicodedata.normalize("NFKC", char)[:1])
    return False


def formula_safe(value: Any) -> Any:
    """For CSV: a string that could start a formula gets a leading apostrophe."""
    if isinstance(value, str) and starts_formula(value):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_response(
    header: list[str], rows: Iterable[Iterable[Any]], filename: str
) -> StreamingHttpResponse:
    """A streamed CSV as Danish Excel opens it: UTF-8 with a byte order mark, semicolons;
    dates as ISO dates; every cell through `formula_safe`."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines() -> Iterator[str]:
        yield "\ufeff"
        yield writer.writerow([formula_safe(value) for value in header])
        for row in rows:
            yield writer.writerow(
                [
                    value.isoformat() if isinstance(value, datetime.date) else formula_safe(value)
                    for value in row
                ]
            )

    response = StreamingHttpResponse(lines(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    header: list[str], rows: Iterable[Iterable[Any]], filename: str, sheet_title: str
) -> FileResponse:
    """An XLSX written row by row to a temporary file (an export may hold 200,000 rows):
    a bold header, text never stored as a formula, characters XML cannot hold dropped."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])  # Excel's limit for a sheet name
    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = _text_cell(sheet, title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_value(sheet, value) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


def _text_cell(sheet: Any, value: str) -> Any:
    cell: Any = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    if starts_formula(value):
        cell.quotePrefix = True  # and Excel would make it one when the cell is edited
    return cell


def _xlsx_value(sheet: Any, value: Any) -> Any:
    if isinstance(value, str):
        cleaned = ILLEGAL_CHARACTERS_RE.sub("", value)
        # The original decides: a control character in front must not hide a trigger.
        if starts_formula(value) or starts_formula(cleaned):
            return _text_cell(sheet, value)
        return cleaned
    return value
