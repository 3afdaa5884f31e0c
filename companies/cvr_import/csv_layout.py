"""Our plain CSV layout (docs/cvr-import.md): one line per workplace with the company
columns repeated."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from django.utils.translation import gettext as _

from ..identifiers import normalise_cvr
from .checks import Checker, ParsedCompany, ParsedWorkplace, Place, Problems, Reference, plain_text
from .streams import MAX_CSV_LINE_CHARS, BadLine, bounded_lines

# CSV layout (docs/cvr-import.md): company columns first, then the workplace columns.
COMPANY_COLUMNS = (
    "cvr",
    "name",
    "other_names",
    "address",
    "postal_code",
    "city",
    "municipality_code",
    "industry_code",
    "industry_text",
    "employee_band",
    "company_form",
    "advertising_protected",
    "phone",
    "email",
    "ceased_on",
    "latitude",
    "longitude",
)
WORKPLACE_COLUMNS = (
    "p_number",
    "workplace_name",
    "workplace_address",
    "workplace_postal_code",
    "workplace_city",
    "workplace_municipality_code",
    "workplace_industry_code",
    "workplace_employee_band",
    "workplace_is_main",
    "workplace_ceased_on",
    "workplace_phone",
    "workplace_email",
    "workplace_latitude",
    "workplace_longitude",
)


def csv_companies(
    text: TextIO, reference: Reference, problems: Problems
) -> Iterator[ParsedCompany | None]:
    try:
        header_line = next(bounded_lines(text, MAX_CSV_LINE_CHARS), "")
    except BadLine as bad:
        problems.add(Place(bad.number), bad.reason)
        return
    if not header_line.strip():
        problems.add(None, _("The file is empty."))
        return
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    header = [
        column.strip().lower() for column in next(csv.reader([header_line], delimiter=delimiter))
    ]
    unknown = [column for column in header if column not in COMPANY_COLUMNS + WORKPLACE_COLUMNS]
    if unknown:
        problems.add(Place(1), _("unknown columns: %(columns)s") % {"columns": ", ".join(unknown)})
    missing = [column for column in ("cvr", "name") if column not in header]
    if missing:
        problems.add(Place(1), _("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
    if unknown or missing:
        return
    present = set(header)
    company_columns = [column for column in COMPANY_COLUMNS if column in present]
    reader = csv.reader(bounded_lines(text, MAX_CSV_LINE_CHARS, 2), delimiter=delimiter)
    try:
        yield from _csv_rows(reader, header, present, company_columns, reference, problems)
    except BadLine as bad:
        problems.add(Place(bad.number), bad.reason)


def _csv_rows(
    reader: Any,
    header: list[str],
    present: set[str],
    company_columns: list[str],
    reference: Reference,
    problems: Problems,
) -> Iterator[ParsedCompany | None]:
    group: _CsvGroup | None = None
    last_line = 1
    for row in reader:
        place = Place(last_line + 1)
        last_line = reader.line_num + 1  # the header was read before the reader started
        if not any(cell.strip() for cell in row):
            continue
        check = Checker(place, reference, problems)
        if len(row) != len(header):
            check.reject(
                _("the line has %(found)d fields, the header has %(expected)d")
                % {"found": len(row), "expected": len(header)}
            )
            continue
        values = {column: cell.strip() for column, cell in zip(header, row, strict=True)}
        company_values = tuple(values[column] for column in company_columns)
        cvr_key = normalise_cvr(values["cvr"])
        if group is not None and cvr_key and cvr_key == group.cvr_key:
            if company_values != group.company_values:
                check.reject(
                    _("the company columns differ from the first line of CVR number %(value)s")
                    % {"value": values["cvr"]}
                )
        else:
            if group is not None:
                yield group.result()
            group = _CsvGroup(cvr_key, company_values, _csv_company(values, present, check))
        workplace = _csv_workplace(values, present, check) if values.get("p_number") else None
        if check.failed:
            group.failed = True
        elif workplace is not None and group.company is not None:
            group.company.workplaces.append(workplace)
    if group is not None:
        yield group.result()


@dataclass
class _CsvGroup:
    """The consecutive lines of one company."""

    cvr_key: str
    company_values: tuple[str, ...]
    company: ParsedCompany | None
    failed: bool = False

    def result(self) -> ParsedCompany | None:
        return None if self.failed else self.company


def _csv_company(values: dict[str, str], present: set[str], check: Checker) -> ParsedCompany:
    cvr = check.cvr(values["cvr"])
    name = check.length(check.required(values["name"], "name"), "name", 300)
    fields: dict[str, Any] = {"name": name}
    if "other_names" in present:
        names: list[str] = []
        for other in values["other_names"].split("|"):
            other = plain_text(other)
            if other and other != name and other not in names:
                names.append(check.length(other, "other_names", 300))
        fields["other_names"] = names
    for column, limit in (("address", 300), ("city", 100), ("industry_text", 300)):
        if column in present:
            fields[column] = check.length(plain_text(values[column]), column, limit)
    if "company_form" in present:
        fields["company_form"] = check.length(values["company_form"], "company_form", 100)
    if "postal_code" in present:
        fields["postal_code"] = check.postal_code(values["postal_code"])
    if "municipality_code" in present:
        fields["municipality_id"] = check.municipality(values["municipality_code"])
    if "industry_code" in present:
        fields["industry_code"] = check.industry_code(values["industry_code"])
        fields["industry_section_id"] = check.reference.section_for(fields["industry_code"])
    if "employee_band" in present:
        fields["employee_band"] = check.employee_band(values["employee_band"])
    if "advertising_protected" in present:
        fields["advertising_protected"] = check.boolean(values["advertising_protected"])
    if "ceased_on" in present:
        fields["ceased_on"] = check.date(values["ceased_on"])
    if "phone" in present:
        fields["phone"] = check.phone(values["phone"])
        fields["phone_secret"] = False
    if "email" in present:
        fields["email"] = check.length(check.email(values["email"]), "email", 254)
    if "latitude" in present:
        fields["latitude"] = check.coordinate(values["latitude"], 90)
    if "longitude" in present:
        fields["longitude"] = check.coordinate(values["longitude"], 180)
    return ParsedCompany(check.place, cvr, fields, [])


def _csv_workplace(values: dict[str, str], present: set[str], check: Checker) -> ParsedWorkplace:
    p_number = check.p_number(values["p_number"])
    fields: dict[str, Any] = {}

    def given(column: str) -> bool:
        return f"workplace_{column}" in present

    if given("name") and values["workplace_name"]:
        fields["name"] = check.length(plain_text(values["workplace_name"]), "workplace_name", 300)
    if given("address"):
        fields["address"] = check.length(
            plain_text(values["workplace_address"]), "workplace_address", 300
        )
    if given("city"):
        fields["city"] = check.length(plain_text(values["workplace_city"]), "workplace_city", 100)
    if given("postal_code"):
        fields["postal_code"] = check.postal_code(values["workplace_postal_code"])
    if given("municipality_code"):
        fields["municipality_id"] = check.municipality(values["workplace_municipality_code"])
    if given("industry_code"):
        fields["industry_code"] = check.industry_code(values["workplace_industry_code"])
    if given("employee_band"):
        fields["employee_band"] = check.employee_band(values["workplace_employee_band"])
    if given("is_main"):
        fields["is_main"] = check.boolean(values["workplace_is_main"])
    if given("ceased_on"):
        fields["ceased_on"] = check.date(values["workplace_ceased_on"])
    if given("phone"):
        fields["phone"] = check.phone(values["workplace_phone"])
        fields["phone_secret"] = False
    if given("email"):
        fields["email"] = check.length(
            check.email(values["workplace_email"]), "workplace_email", 254
        )
    if given("latitude"):
        fields["latitude"] = check.coordinate(values["workplace_latitude"], 90)
    if given("longitude"):
        fields["longitude"] = check.coordinate(values["workplace_longitude"], 180)
    return ParsedWorkplace(check.place, p_number, fields)
