import gzip
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from companies.cvr_import import FileFormat, ImportReport, company_import

_FORMATS_BY_SUFFIX: dict[str, FileFormat] = {
    ".json": "cvr-json",
    ".jsonl": "cvr-json",
    ".ndjson": "cvr-json",
    ".csv": "csv",
}


class Command(BaseCommand):
    help = (
        "Import companies and workplaces from CVR JSON documents or the CSV layout of "
        "docs/cvr-import.md. Nothing is written if any line is rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the file; .gz is read compressed")
        parser.add_argument(
            "--format",
            choices=["cvr-json", "csv"],
            help="default: from the extension (.json, .jsonl, .ndjson, .csv)",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args: object, **options: Any) -> None:
        path = Path(options["path"])
        compressed = path.suffix.lower() == ".gz"
        suffix = (path.with_suffix("") if compressed else path).suffix.lower()
        file_format: FileFormat | None = options["format"] or _FORMATS_BY_SUFFIX.get(suffix)
        if file_format is None:
            raise CommandError(f"Cannot tell the format of {path.name}; give --format.")
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        opener = gzip.open if compressed else open
        with opener(path, "rb") as source:
            report = company_import(
                # typeshed's GzipFile is a BufferedIOBase, not a typing.IO; it reads the same.
                source=source,  # type: ignore[arg-type]
                file_format=file_format,
                dry_run=options["dry_run"],
            )
        self._write_report(report)
        if report.errors:
            raise CommandError(f"{report.error_count} error(s); nothing was imported.")

    def _write_report(self, report: ImportReport) -> None:
        for error in report.errors:
            self.stderr.write(error)
        if report.errors_not_shown:
            self.stderr.write(f"... and {report.errors_not_shown} more errors not shown.")
        prefix = "Dry run, nothing saved: " if report.dry_run else ""
        self.stdout.write(
            f"{prefix}{report.created} companies created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.skipped} skipped (created by hand); "
            f"{report.workplaces_created} workplaces created, "
            f"{report.workplaces_updated} updated."
        )
