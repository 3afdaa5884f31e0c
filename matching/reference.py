"""The shipped postal-code table (matching/data/postal_codes.csv), loaded by a migration."""

import csv
from pathlib import Path
from typing import Any

POSTAL_CODES_FILE = Path(__file__).resolve().parent / "data" / "postal_codes.csv"


def read_postal_codes() -> list[dict[str, Any]]:
    with POSTAL_CODES_FILE.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [
        {
            "code": row["postal_code"],
            "name": row["name"],
            "latitude": float(row["latitude"]),
            "longitude": float(row["longitude"]),
        }
        for row in csv.DictReader(lines)
    ]


def install_postal_codes(apps: Any, schema_editor: Any = None) -> None:
    """Insert the missing postal codes (idempotent; edited rows are left alone)."""
    PostalCode = apps.get_model("matching", "PostalCode")
    PostalCode.objects.bulk_create(
        [PostalCode(**row) for row in read_postal_codes()], ignore_conflicts=True
    )
