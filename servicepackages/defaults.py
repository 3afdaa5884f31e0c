"""The default service catalogue of seeds 000 and 004, from which every jobcenter starts."""

import json
from functools import cache
from pathlib import Path
from typing import Any

DEFAULTS_FILE = Path(__file__).parent / "data" / "default_catalogue.json"


@cache
def load_default_catalogue() -> dict[str, Any]:
    return json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))


def install_tracks(apps: Any, schema_editor: Any = None) -> None:
    Track = apps.get_model("servicepackages", "Track")
    for row in load_default_catalogue()["tracks"]:
        Track.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "description": row.get("description", ""),
                "order": row.get("order", 0),
            },
        )
