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

from accounts.models import Jobcenter

from ..models import Company
from .checks import ImportReport, ParsedCompany, ParsedUnit, Place, Problems, Reference
from .csv_layout import csv_companies
from .documents import record_from_document, search_hits
from .streams import Rereadable, json_documents
from .writing import CHUNK_SIZE, FileOwners, RegisterGoverned, Restriction, apply

FileFormat = Literal["cvr-json", "csv"]

# Serialises imports: two concurrent ones would race on the CVR/P-number unique keys.
_IMPORT_LOCK_ID = 7_340_201


def company_import(
    *,
    source: IO[Any],
    file_format: FileFormat,
    dry_run: bool,
    jobcenter: Jobcenter | None = None,
) -> ImportReport:
    """Import companies (by CVR) and their workplaces (by P-number) from `source`.

    Every line is validated first; if any is rejected, nothing is written and the
    report lists every rejected line. Otherwise everything is applied in one
    transaction: new companies are created, changed ones updated, unchanged ones left
    alone (so importing the same file twice changes nothing). Companies created by hand
    are never touched. A dry run reports the same counts and errors and writes nothing.

    Without `jobcenter` the import is the operator's (the command, a scheduled job);
    with it, a jobcenter's own, restricted as `writing.Restriction` says."""
    if file_format not in ("cvr-json", "csv"):
        raise ValueError(f"Unknown import format {file_format!r}")
    report = ImportReport(dry_run=dry_run)
    reference = Reference.load()
    stream = Rereadable(source)
    try:
        owners = validate(stream, file_format, reference, report)
        if report.errors:
            return report
        # A dry run does the same work and rolls it back, so that its counts are the
        # real run's (P-units may move to companies the same file creates).
        restriction = Restriction.of(jobcenter) if jobcenter is not None else None
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK_ID])
                problems = Problems()
                apply(
                    lambda: records(stream, file_format, reference, problems),
                    problems,
                    reference,
                    owners,
                    report,
                    restriction,
                )
                if dry_run:
                    transaction.set_rollback(True)
        except RegisterGoverned as refusal:
            # Rolled back: the report says why, and nothing was written.
            governed = ImportReport(dry_run=dry_run)
            governed.errors = refusal.problems.errors
            governed.error_lines = sorted(refusal.problems.lines)
            governed.error_count = refusal.problems.count
            return governed
    finally:
        stream.close()
    return report


def records(
    stream: Rereadable, file_format: FileFormat, reference: Reference, problems: Problems
) -> Iterator[ParsedCompany | ParsedUnit | None]:
    """The file's companies and P-units in file order; None for a rejected record."""
    text = stream.open()
    if file_format == "csv":
        yield from csv_companies(text, reference, problems)
    else:
        for place, document in json_documents(text, problems):
            for hit_place, hit in search_hits(place, document):
                yield record_from_document(hit, hit_place, reference, problems)


def validate(
    stream: Rereadable, file_format: FileFormat, reference: Reference, report: ImportReport
) -> FileOwners:
    """Check the whole file; returns each P-number's company (CVR) in the file."""
    problems = Problems()
    seen_cvrs: set[str] = set()
    owners = FileOwners()
    listed: set[str] = set()  # P-numbers listed inside company documents
    unknown_owners = _UnknownOwners(seen_cvrs, problems)
    try:
        for record in records(stream, file_format, reference, problems):
            if isinstance(record, ParsedUnit):
                if record.p_number in owners.documented:
                    problems.add(
                        record.place,
                        _("P-number %(value)s appears more than once in the file")
                        % {"value": record.p_number},
                    )
                # The unit's own document says who owns it now, whatever a company
                # document lists.
                owners.documented.add(record.p_number)
                owners.p_owners[record.p_number] = record.owner_cvr
                unknown_owners.add(record.owner_cvr, record.place)
                continue
            if record is None:
                continue
            if record.cvr in seen_cvrs:
                problems.add(
                    record.place,
                    _("CVR number %(value)s appears more than once in the file")
                    % {"value": record.cvr},
                )
            seen_cvrs.add(record.cvr)
            for workplace in record.workplaces:
                if workplace.p_number in listed:
                    problems.add(
                        workplace.place,
                        _("P-number %(value)s appears more than once in the file")
                        % {"value": workplace.p_number},
                    )
                listed.add(workplace.p_number)
                if workplace.p_number not in owners.documented:
                    owners.p_owners[workplace.p_number] = record.cvr
        unknown_owners.report()
    except UnicodeDecodeError:
        problems.add(None, _("The file is not UTF-8 text (a binary file, or another encoding)."))
    except csv.Error:
        problems.add(None, _("The file is not valid CSV (check the quotes)."))
    report.errors = problems.errors
    report.error_lines = sorted(problems.lines)
    report.error_count = problems.count
    return owners


class _UnknownOwners:
    """P-units whose owner is neither among the file's companies nor in the register.
    Checked against the register a batch at a time, so memory holds only the units
    whose owner has not been found yet (it may still come later in the file)."""

    def __init__(self, seen_cvrs: set[str], problems: Problems) -> None:
        self.seen_cvrs = seen_cvrs
        self.problems = problems
        self.pending: dict[str, list[Place]] = {}
        self.next_check = CHUNK_SIZE

    def add(self, cvr: str, place: Place) -> None:
        if cvr in self.seen_cvrs:
            return
        self.pending.setdefault(cvr, []).append(place)
        if len(self.pending) >= self.next_check:
            self._drop_registered()
            self.next_check = len(self.pending) + CHUNK_SIZE

    def report(self) -> None:
        for cvr in self.seen_cvrs & self.pending.keys():
            del self.pending[cvr]
        self._drop_registered()
        unknown = sorted(
            ((place, cvr) for cvr, places in self.pending.items() for place in places),
            key=lambda item: (item[0].number, item[0].hit or 0),
        )
        for place, cvr in unknown:
            self.problems.add(
                place,
                _("the owning company %(value)s is neither in the file nor in the register")
                % {"value": cvr},
            )

    def _drop_registered(self) -> None:
        registered = Company.objects.filter(cvr__in=list(self.pending)).values_list(
            "cvr", flat=True
        )
        for cvr in registered:
            self.pending.pop(cvr or "", None)
