"""The import boundaries of issue 10.1: development data lives apart from the product."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = {
    "accounts",
    "companies",
    "screening",
    "servicepackages",
    "matching",
    "reports",
    "planning",
}


def _imports(path: Path) -> list[tuple[str, bool]]:
    """Every module imported by the file, and whether the import is for type checking only."""
    tree = ast.parse(path.read_text(), filename=str(path))
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(child) for child in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in type_only) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.module, id(node) in type_only))
    return found


def _source_files(package: str) -> list[Path]:
    return [
        path
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    ]


def test_the_project_package_imports_domain_apps_only_through_its_url_conf():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in _source_files("jobcenter_crm")
        if path.name != "urls.py"
        for module, type_only in _imports(path)
        if module.split(".")[0] in DOMAIN_APPS | {"devdata"} and not type_only
    ]
    assert offenders == []


@pytest.mark.parametrize("app", sorted(DOMAIN_APPS))
def test_no_domain_app_imports_the_development_data(app):
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / app).rglob("*.py")
        for module, _ in _imports(path)
        if module.split(".")[0] == "devdata"
    ]
    assert offenders == []


def test_the_finder_sees_imports_inside_functions_and_type_checking_blocks(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from accounts.models import User\n"
        "def f():\n    from devdata.generator import registry_generate\n"
    )
    assert ("accounts.models", True) in _imports(sample)
    assert ("devdata.generator", False) in _imports(sample)
