"""Peak memory of the CVR import for a large file and for hostile files (issue 9.5).

    manage.py bench_import_memory [--rows 500000]

Each file is written to a temporary directory and imported as a dry run in a child
process of its own, so each peak (the child's maximum resident set) is that file's alone.
The dry run does the real run's work and rolls it back: the database is left as it was."""

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from companies.identifiers import cvr_check_digit


def _csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("cvr;name;address;postal_code;city;municipality_code;phone\n")
        base = 1_000_000
        written = 0
        while written < rows:
            check = cvr_check_digit(base)
            if check is not None:
                out.write(f"{base}{check};Firma {written};Vej {written % 90 + 1};7600;Struer;0671;")
                out.write(f"{20_000_000 + written}\n")
                written += 1
            base += 1


def _hostile(directory: Path) -> dict[str, tuple[Path, str]]:
    files = {
        "deep nesting (JSON)": ("deep.json", b"[" * 5_000_000 + b"]" * 5_000_000, "cvr-json"),
        "one 40 MB line (CSV)": ("long.csv", b"cvr;name\n" + b"x" * 40_000_000, "csv"),
        "one 40 MB line (JSON Lines)": (
            "long.jsonl",
            b'{"a": "' + b"x" * 40_000_000 + b'"}\n',
            "cvr-json",
        ),
        "binary (NUL bytes)": ("nul.json", b"\x00" * 40_000_000, "cvr-json"),
        "invalid UTF-8": ("latin.csv", b"cvr;name\n" + b"\xff" * 40_000_000, "csv"),
        "1,000,000 bad lines (CSV)": (
            "bad.csv",
            b"cvr;name\n" + "".join(f"{n};\n" for n in range(1_000_000)).encode(),
            "csv",
        ),
    }
    found = {}
    for label, (name, content, file_format) in files.items():
        path = directory / name
        path.write_bytes(content)
        found[label] = (path, file_format)
    return found


class Command(BaseCommand):
    help = "Print the CVR import's peak memory for a large file and for hostile files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=500_000)
        # Internal: import one file in this process and print its peak.
        parser.add_argument("--one", nargs=2, metavar=("PATH", "FORMAT"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["one"]:
            self._one(*options["one"])
            return
        with tempfile.TemporaryDirectory() as directory:
            folder = Path(directory)
            big = folder / "companies.csv"
            _csv(big, options["rows"])
            cases = {f"{options['rows']:,} rows (CSV)": (big, "csv"), **_hostile(folder)}
            header = f"{'file':<32} {'size MB':>8} {'start MB':>8} {'peak MB':>8} {'seconds':>8}"
            self.stdout.write(f"{header}  result")
            for label, (path, file_format) in cases.items():
                started = time.monotonic()
                result = subprocess.run(  # noqa: S603  # this very command, with our own arguments
                    [
                        sys.executable,
                        sys.argv[0],
                        "bench_import_memory",
                        "--one",
                        str(path),
                        file_format,
                    ],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                seconds = time.monotonic() - started
                start, peak, outcome = (result.stdout.strip().split(" ", 2) + ["", "", ""])[:3]
                size = path.stat().st_size / 1_000_000
                self.stdout.write(
                    f"{label:<32} {size:>8.1f} {start:>8} {peak:>8} {seconds:>8.1f}  {outcome}"
                )
                if result.returncode:
                    self.stderr.write(result.stderr[-2000:])

    def _one(self, path: str, file_format: str) -> None:
        from companies.cvr_import import company_import

        # The process before the import (Django and the apps loaded): what the file adds
        # is the peak minus this.
        start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with open(path, "rb") as source:
            report = company_import(source=source, file_format=file_format, dry_run=True)  # type: ignore[arg-type]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if report.errors:
            outcome = f"refused: {report.error_count} error(s), first: {report.errors[0][:80]}"
        else:
            outcome = f"ok: {report.created} created"
        self.stdout.write(f"{start:.0f} {peak:.0f} {outcome}")
