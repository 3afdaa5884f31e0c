"""Struer's screening model (seed 000) as the default every jobcenter starts from."""

import json
from functools import cache
from pathlib import Path
from typing import Any

DEFAULTS_FILE = Path(__file__).parent / "data" / "segments.json"


@cache
def load_defaults() -> dict[str, Any]:
    return json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))


def install_segments(apps: Any, schema_editor: Any = None) -> None:
    Segment = apps.get_model("screening", "Segment")
    for row in load_defaults()["segments"]:
        Segment.objects.get_or_create(
            number=row["number"],
            # The primary key is the number, so constraints can name segment 4 directly.
            defaults={
                "id": row["number"],
                "name": row["name"],
                "description": row.get("description", ""),
                "service_form": row.get("service_form", ""),
                "survey_share_percent": row.get("survey_share_percent"),
            },
        )
