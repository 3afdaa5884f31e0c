"""One verb for one action in the Danish interface (issue 8.16): cancelling is
"Annullér" everywhere, never "Annuller" or "Fortryd" beside it."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[2]
# The imperative without its accent, and "Fortryd" used for the same action; "annulleret"
# and "annullering" are other words and allowed. (In Python's regular expressions "é" is a
# word character, so "Annullér" does not match "Annuller\b".)
INCONSISTENT = re.compile(r"\b(?:[Aa]nnuller|[Ff]ortryd)\b")


def _msgstrs(catalogue: Path) -> list[str]:
    """Every Danish text of the catalogue, continuation lines joined."""
    texts: list[str] = []
    current: list[str] | None = None
    for line in catalogue.read_text().splitlines():
        if line.startswith("msgstr"):
            current = [line.split('"', 1)[1].rsplit('"', 1)[0]]
            texts.append("")
        elif line.startswith('"') and current is not None:
            current.append(line[1:-1])
        else:
            current = None
            continue
        texts[-1] = "".join(current)
    return texts


def test_the_danish_catalogue_says_annuller_with_its_accent():
    texts = _msgstrs(ROOT / "locale/da/LC_MESSAGES/django.po")
    assert any("Annullér" in text for text in texts)
    assert [text for text in texts if INCONSISTENT.search(text)] == []


def test_no_template_or_module_writes_the_verb_another_way():
    names = subprocess.run(
        ["git", "ls-files", "*.html", "*.py", "*.txt", "*.js"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    found = [
        name
        for name in names
        if not name.endswith("test_words.py") and INCONSISTENT.search((ROOT / name).read_text())
    ]
    assert found == []


def test_the_check_catches_every_spelling_of_the_inconsistent_verb():
    # Generated variants: the patterns the check must catch and the words it must leave.
    for bad in ("Annuller", "annuller", "Annuller aftale", "Fortryd", "Klik Fortryd."):
        assert INCONSISTENT.search(bad), bad
    for good in ("Annullér", "Annullér aftale", "annulleret", "Annullering", "aflys"):
        assert not INCONSISTENT.search(good), good
