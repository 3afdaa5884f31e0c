"""A module that outgrows one meaning becomes a package by topic (docs/architecture.md):
no file of the project's own code, outside migrations and tests, is over 800 lines."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[2]
LIMIT = 800
OWN_CODE = ("*.py", "*.html", "*.txt", "*.js", "*.css")


def _own_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--", *OWN_CODE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [
        ROOT / name
        for name in listed
        if "/migrations/" not in name
        and "/tests/" not in name
        and not name.startswith("tests/")
        and not Path(name).name.startswith("test_")
    ]


def test_no_module_outside_migrations_and_tests_is_over_800_lines():
    files = _own_files()
    assert any(path.name == "models.py" or path.parent.name == "models" for path in files)
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in files
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}
