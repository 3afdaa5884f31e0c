"""Reference data shipped with the product (DANISH-DATA.md sections 2 and 3)."""

import json
from pathlib import Path
from typing import Any

REFERENCE_FILE = Path(__file__).parent / "data" / "reference.json"


def load_reference() -> dict[str, list[dict[str, Any]]]:
    return json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))


def install_reference_data(apps: Any, schema_editor: Any = None) -> None:
    """Insert or refresh municipalities and DB07 sections (idempotent; admin edits to
    names survive because only missing rows are created)."""
    Municipality = apps.get_model("companies", "Municipality")
    IndustrySection = apps.get_model("companies", "IndustrySection")
    data = load_reference()
    for row in data["municipalities"]:
        Municipality.objects.get_or_create(code=row["code"], defaults=row)
    for row in data["industry_sections"]:
        IndustrySection.objects.get_or_create(letter=row["letter"], defaults=row)
