"""The upload memory benchmark measures what it says (issue 9.5): each child's own peak,
not one inherited from the parent, and a parent that stays small while it writes the
hostile files."""

import subprocess
import sys
import tracemalloc

from devdata.management.commands import bench_import_memory as bench

_CHILD = (
    "from devdata.management.commands.bench_import_memory import _memory_mb; "
    "print(round(_memory_mb('VmHWM')))"
)


def test_a_childs_peak_is_its_own_not_the_parents():
    ballast = bytearray(200 * 1024 * 1024)  # the parent's 200 MB, touched
    ballast[::4096] = b"x" * len(ballast[::4096])
    result = subprocess.run(  # noqa: S603  # this interpreter, a fixed script
        [sys.executable, "-c", _CHILD], capture_output=True, text=True, check=True
    )
    del ballast
    assert float(result.stdout) < 150, result.stdout


def test_the_hostile_files_are_written_without_holding_them_in_memory(tmp_path):
    tracemalloc.start()
    try:
        files = bench._hostile(tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000, peak
    sizes = {label: path.stat().st_size for label, (path, _) in files.items()}
    assert sizes["deep nesting (JSON)"] == 10_000_000
    assert sizes["one 40 MB line (CSV)"] >= 40_000_000
    assert sizes["binary (NUL bytes)"] == 40_000_000
    assert (tmp_path / "bad.csv").read_text().count("\n") == 1_000_001
