"""Peak memory of the CVR import for a large file and for hostile files (issue 9.5).

    manage.py bench_import_memory [--rows 500000]

Each file is written to a temporary directory and imported as a dry run in a child
process of its own, so each peak (the child's maximum resident set) is that file's alone.
The dry run does the real run's work and rolls it back: the database is left as it was.

The peak is the child's own high-water mark (VmHWM in /proc/self/status). getrusage's
ru_maxrss is not: Linux carries it over from the parent at fork and exec, so a child
started by a parent of 300 MB reports at least 300 MB, whatever it read. The files are
written in chunks, so the parent stays small too."""

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


def _write(path: Path, *parts: tuple[bytes, int]) -> None:
    """Write each (chunk, times) in turn, never holding the file in memory."""
    with path.open("wb") as out:
        for chunk, times in parts:
            for _ in range(times):
                out.write(chunk)


def _bad_lines(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("cvr;name\n")
        for n in range(count):
            out.write(f"{n};\n")


def _hostile(directory: Path) -> dict[str, tuple[Path, str]]:
    mb = 1_000_000
    files = {
        "deep nesting (JSON)": ("deep.json", [(b"[" * mb, 5), (b"]" * mb, 5)], "cvr-json"),
        "one 40 MB line (CSV)": ("long.csv", [(b"cvr;name\n", 1), (b"x" * mb, 40)], "csv"),
        "one 40 MB line (JSON Lines)": (
            "long.jsonl",
            [(b'{"a": "', 1), (b"x" * mb, 40), (b'"}\n', 1)],
            "cvr-json",
        ),
        "binary (NUL bytes)": ("nul.json", [(b"\x00" * mb, 40)], "cvr-json"),
        "invalid UTF-8": ("latin.csv", [(b"cvr;name\n", 1), (b"\xff" * mb, 40)], "csv"),
    }
    found = {}
    for label, (name, parts, file_format) in files.items():
        path = directory / name
        _write(path, *parts)
        found[label] = (path, file_format)
    bad = directory / "bad.csv"
    _bad_lines(bad, 1_000_000)
    found["1,000,000 bad lines (CSV)"] = (bad, "csv")
    return found


def _memory_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (the peak) of this process, in MB; ru_maxrss where there is
    no /proc (it may include the parent's peak, see above)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
        start = _memory_mb("VmRSS")
        with open(path, "rb") as source:
            report = company_import(source=source, file_format=file_format, dry_run=True)  # type: ignore[arg-type]
        peak = _memory_mb("VmHWM")
        if report.errors:
            outcome = f"refused: {report.error_count} error(s), first: {report.errors[0][:80]}"
        else:
            outcome = f"ok: {report.created} created"
        self.stdout.write(f"{start:.0f} {peak:.0f} {outcome}")
