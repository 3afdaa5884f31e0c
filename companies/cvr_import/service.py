"""Import of companies and workplaces into the shared register from the CVR data
distribution (JSON documents) or from our plain CSV layout (docs/cvr-import.md).

The import is all or nothing: a first pass reads and validates the whole file and
collects every rejected line; only when no line is rejected does a second pass write,
chunk by chunk, inside one transaction. Both passes stream the file, so memory holds
one chunk of companies plus the sets of CVR and P-numbers seen."""

import csv
from collections.abc import Iterator
from typing import IO, Any, Literal

from django.db import connection, transaction
from django.utils.translation import gettext as _

from .checks import ImportReport, ParsedCompany, Problems, Reference
from .csv_layout import csv_companies
from .documents import company_from_document
from .streams import Rereadable, json_documents
from .writing import apply

FileFormat = Literal["cvr-json", "csv"]

# Serialises imports: two concurrent ones would race on the CVR/P-number unique keys.
_IMPORT_LOCK_ID = 7_340_201


def company_import(*, source: IO[Any], file_format: FileFormat, dry_run: bool) -> ImportReport:
    """Import companies (by CVR) and their workplaces (by P-number) from `source`.

    Every line is validated first; if any is rejected, nothing is written and the
    report lists every rejected line. Otherwise everything is applied in one
    transaction: new companies are created, changed ones updated, unchanged ones left
    alone (so importing the same file twice changes nothing). Companies created by hand
    are never touched. A dry run reports the same counts and errors and writes nothing."""
    if file_format not in ("cvr-json", "csv"):
        raise ValueError(f"Unknown import format {file_format!r}")
    report = ImportReport(dry_run=dry_run)
    reference = Reference.load()
    stream = Rereadable(source)
    try:
        p_owners = validate(stream, file_format, reference, report)
        if report.errors:
            return report
        with transaction.atomic():
            if not dry_run:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK_ID])
            problems = Problems()
            apply(
                records(stream, file_format, reference, problems),
                problems,
                reference,
                p_owners,
                report,
            )
    finally:
        stream.close()
    return report


def records(
    stream: Rereadable, file_format: FileFormat, reference: Reference, problems: Problems
) -> Iterator[ParsedCompany | None]:
    """The file's companies in file order; None for a record that was rejected."""
    text = stream.open()
    if file_format == "csv":
        yield from csv_companies(text, reference, problems)
    else:
        for place, document in json_documents(text, problems):
            yield company_from_document(document, place, reference, problems)


def validate(
    stream: Rereadable, file_format: FileFormat, reference: Reference, report: ImportReport
) -> dict[str, str]:
    """Check the whole file; returns each P-number's company (CVR) in the file."""
    problems = Problems()
    seen_cvrs: set[str] = set()
    p_owners: dict[str, str] = {}
    try:
        for company in records(stream, file_format, reference, problems):
            if company is None:
                continue
            if company.cvr in seen_cvrs:
                problems.add(
                    company.place,
                    _("CVR number %(value)s appears more than once in the file")
                    % {"value": company.cvr},
                )
            seen_cvrs.add(company.cvr)
            for workplace in company.workplaces:
                if workplace.p_number in p_owners:
                    problems.add(
                        workplace.place,
                        _("P-number %(value)s appears more than once in the file")
                        % {"value": workplace.p_number},
                    )
                p_owners[workplace.p_number] = company.cvr
    except UnicodeDecodeError:
        problems.add(None, _("The file is not UTF-8 text."))
    except csv.Error as error:
        problems.add(None, _("The file is not valid CSV: %(error)s") % {"error": error})
    report.errors = problems.errors
    report.error_lines = sorted(problems.lines)
    return p_owners
