"""Every gettext call is one `makemessages` can find: its message is a plain string literal,
not built at run time, and it does not sit inside an f-string (where xgettext does not
look). A call it cannot find drops out of the Danish catalogue at the next regeneration,
and the interface quietly falls back to English."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "accounts",
    "api",
    "companies",
    "devdata",
    "jobcenter_crm",
    "matching",
    "planning",
    "reports",
    "screening",
    "servicepackages",
]
# The gettext functions and how many leading arguments are messages (or a context).
GETTEXT = {
    "_": 1,
    "gettext": 1,
    "gettext_lazy": 1,
    "gettext_noop": 1,
    "ngettext": 2,
    "ngettext_lazy": 2,
    "pgettext": 2,
    "pgettext_lazy": 2,
    "npgettext": 3,
    "npgettext_lazy": 3,
}


def _source_files() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    )


def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def unfindable_calls(source: str) -> list[str]:
    """Where `source` calls gettext in a way makemessages cannot extract."""
    tree = ast.parse(source)
    in_fstring = {
        id(node)
        for joined in ast.walk(tree)
        if isinstance(joined, ast.JoinedStr)
        for node in ast.walk(joined)
    }
    # A wrapper of gettext (matching.engine.scoring's memoizing `_`) passes on its
    # callers' literals, which makemessages finds at the callers.
    in_wrapper = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef) and function.name in GETTEXT
        for node in ast.walk(function)
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _name(node) not in GETTEXT or id(node) in in_wrapper:
            continue
        count = GETTEXT[_name(node) or ""]
        messages = node.args[:count]
        literal = len(messages) == count and all(
            isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in messages
        )
        if id(node) in in_fstring:
            found.append(f"line {node.lineno}: inside an f-string")
        elif not literal:
            found.append(f"line {node.lineno}: the message is not a string literal")
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('_("Gem")', []),
        ('gettext("a" "b")', []),
        ('ngettext("%(n)s dag", "%(n)s dage", n)', []),
        ('pgettext("måned", "maj")', []),
        ("f\"{_('Gem')} nu\"", ["line 1: inside an f-string"]),
        ("f\"x {gettext_lazy('Gem')!s}\"", ["line 1: inside an f-string"]),
        ("_(name)", ["line 1: the message is not a string literal"]),
        ('_(f"Gem {x}")', ["line 1: the message is not a string literal"]),
        ('_("Gem " + x)', ["line 1: the message is not a string literal"]),
        ('ngettext("dag", plural, n)', ["line 1: the message is not a string literal"]),
        ("translation.gettext(x)", ["line 1: the message is not a string literal"]),
        ('print(f"{x}", "ikke oversat")', []),
        ("def _(message):\n    return gettext(message)", []),
    ],
)
def test_the_check_finds_each_kind_of_unfindable_call(source, expected):
    assert unfindable_calls(source) == expected


def test_every_gettext_call_of_the_project_is_one_makemessages_finds():
    files = _source_files()
    assert len(files) > 100  # the apps were found
    problems = [
        f"{path.relative_to(ROOT)} {problem}"
        for path in files
        for problem in unfindable_calls(path.read_text(encoding="utf-8"))
    ]
    assert problems == []
