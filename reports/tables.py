"""A report table: what the page shows, what its chart draws and what the export writes
are one object, so the three never disagree."""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from jobcenter_crm.lib.spreadsheets import formula_safe


@dataclass
class Cell:
    value: int | float | str | None
    url: str = ""  # the companies behind the number (the company list, same filters)
    suffix: str = ""  # shown after the value, e.g. " %"
    heat: int = 0  # 0-5: a heatmap cell's shade

    @property
    def text(self) -> str:
        if self.value is None:
            return "–"
        if isinstance(self.value, float):
            return f"{self.value:.1f}".replace(".", ",") + self.suffix
        return f"{self.value}{self.suffix}"


@dataclass
class Row:
    label: str
    cells: list[Cell]
    url: str = ""  # a link for the row's label (e.g. the company page)


@dataclass
class Table:
    key: str
    title: str
    row_header: str
    columns: list[str]
    rows: list[Row]
    note: str = ""
    # Which columns a chart draws (indexes into columns); empty: no chart.
    chart_columns: list[int] = field(default_factory=list)
    chart_kind: str = "bar"
    stacked: bool = False
    heatmap: bool = False

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    def chart_data(self) -> dict[str, Any]:
        """Labels and series for static/reports/charts.js (drawn beside this table)."""
        return {
            "kind": self.chart_kind,
            "stacked": self.stacked,
            "labels": [row.label for row in self.rows],
            "series": [
                {
                    "label": self.columns[index],
                    "values": [
                        row.cells[index].value
                        if isinstance(row.cells[index].value, int | float)
                        else None
                        for row in self.rows
                    ],
                }
                for index in self.chart_columns
            ],
        }

    def export_rows(self, filters: list[tuple[str, str]]) -> list[list[Any]]:
        """The title, the filters it was counted with, a blank line, then the table."""
        lines: list[list[Any]] = [[self.title]]
        lines.extend([label, value] for label, value in filters)
        lines.append([])
        lines.append([self.row_header, *self.columns])
        for row in self.rows:
            lines.append([row.label, *(cell.value for cell in row.cells)])
        if self.note:
            lines.extend([[], [self.note]])
        return [[formula_safe(value) for value in line] for line in lines]


def csv_response(rows: list[list[Any]], filename: str) -> HttpResponse:
    # Danish Excel opens UTF-8 only with a byte order mark, and splits on semicolons.
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, delimiter=";")
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    response = HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows: list[list[Any]], filename: str, sheet_title: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    # Sheet titles hold at most 31 characters and none of []:*?/\
    sheet = workbook.create_sheet(
        "".join(ch for ch in sheet_title if ch not in "[]:*?/\\")[:31] or _("Report")
    )
    bold = Font(bold=True)
    for index, row in enumerate(rows):
        values = [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
        if index == 0:
            title = WriteOnlyCell(sheet, value=values[0])
            title.font = bold
            sheet.append([title])
        else:
            sheet.append(values)
    # A report table is a few dozen rows: built in memory.
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
