"""Writing rows with PostgreSQL COPY for the generator: a buffered table writer whose
columns not given get the model field's default, COPY text escaping, and ids taken from
the table's own sequence."""

import datetime
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models
from django.utils import timezone


class CopyTable:
    """Writes rows of one model's table with COPY; columns the generator does not set
    get the field's default, so a field added later does not break the generator."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.table = model._meta.db_table
        self.columns = list(columns)
        extra: list[str] = []
        self.extra_text = ""
        for model_field in model._meta.concrete_fields:
            column = model_field.column
            assert column is not None  # set on every concrete field of a loaded model
            if column in self.columns or column == "id" and "id" not in self.columns:
                continue
            default = model_field.get_default()
            if isinstance(model_field, models.DateTimeField) and (
                model_field.auto_now or model_field.auto_now_add
            ):
                default = timezone.now()
            extra.append(column)
            self.extra_text += "\t" + copy_value(default)
        self.all_columns = self.columns + extra
        self.buffer = io.StringIO()
        self.rows = 0

    def add(self, values: Iterable[str]) -> None:
        self.buffer.write("\t".join(values))
        self.buffer.write(self.extra_text)
        self.buffer.write("\n")
        self.rows += 1

    def flush(self, cursor: Any) -> int:
        written = self.rows
        if written:
            self.buffer.seek(0)
            columns = ", ".join(f'"{column}"' for column in self.all_columns)
            cursor.copy_expert(f"COPY {self.table} ({columns}) FROM STDIN", self.buffer)
        self.buffer = io.StringIO()
        self.rows = 0
        return written


def copy_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def copy_value(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list | tuple):
        items = ",".join(
            '"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"' for item in value
        )
        return copy_text("{" + items + "}")
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return copy_text(str(value))


def allocate_ids(cursor: Any, model: type[models.Model], count: int) -> list[int]:
    """Ids from the table's own sequence, so rows written by COPY and by the ORM never
    collide (nextval is safe with concurrent writers)."""
    if count == 0:
        return []
    table = model._meta.db_table
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [table, count],
    )
    return [row[0] for row in cursor.fetchall()]
