"""Repair of stored values outside the date window, for the migrations that add the
window's CheckConstraints (issue 9.1; bounds in jobcenter_crm.lib.dates).

The repair is set-based SQL, because such a row cannot even be read into Python (a
timestamp in year 0 or 'infinity' has no Python value): each value below the window
becomes its first day, each value above it the window's last day (for month counts: the
nearest allowed count); the original is recorded in companies.DateRepair, and where the
row has a text the consultant reads (a contact's summary, an agreement's description),
a Danish sentence there says what was changed."""

from collections.abc import Callable
from typing import Any

from django.db import migrations
from psycopg2 import sql

# The window's last moment stored by a repair: midday, so it is 31 December in Denmark.
_LAST_DATE = "2099-12-31"
_LAST_TIMESTAMP = "2099-12-31 12:00:00+00"
_FIRST_TIMESTAMP = "2000-01-01 00:00:00+01"
_FIRST_DATE = "2000-01-01"


def _repair_sql(
    table: str,
    column: str,
    *,
    low: str,
    high_exclusive: str,
    below: str,
    above: str,
    cast: str,
    note_column: str | None,
) -> sql.Composed:
    note: sql.Composable = sql.SQL("")
    if note_column:
        note = sql.SQL(
            ", {note} = concat_ws(E'\\n\\n', nullif({note}, ''), "
            "'[Rettet automatisk: datoen ' || bad.original::text || ' lå uden for "
            "2000-2099 og blev sat til ' || (CASE WHEN bad.original < {low}::{cast} "
            "THEN {below}::{cast} ELSE {above}::{cast} END)::text || '.]')"
        ).format(
            note=sql.Identifier(note_column),
            low=sql.Literal(low),
            below=sql.Literal(below),
            above=sql.Literal(above),
            cast=sql.SQL(cast),
        )
    return sql.SQL(
        """
        WITH bad AS (
            SELECT id, {column} AS original FROM {table}
            WHERE {column} < {low}::{cast} OR {column} >= {high}::{cast}
        ), fixed AS (
            UPDATE {table} AS t
            SET {column} = CASE WHEN bad.original < {low}::{cast}
                           THEN {below}::{cast} ELSE {above}::{cast} END{note}
            FROM bad WHERE t.id = bad.id
            RETURNING t.id, bad.original, t.{column} AS repaired
        )
        INSERT INTO companies_daterepair
            (table_name, row_id, column_name, original, repaired_to, repaired_at)
        SELECT {table_text}, id, {column_text}, original::text, repaired::text, now()
        FROM fixed
        """
    ).format(
        table=sql.Identifier(table),
        column=sql.Identifier(column),
        low=sql.Literal(low),
        high=sql.Literal(high_exclusive),
        below=sql.Literal(below),
        above=sql.Literal(above),
        cast=sql.SQL(cast),
        note=note,
        table_text=sql.Literal(table),
        column_text=sql.Literal(column),
    )


def _run(statement: sql.Composed) -> Callable[[Any, Any], None]:
    def forwards(apps: Any, schema_editor: Any) -> None:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(statement)
            # Fire the deferred foreign-key checks the update queued now: PostgreSQL
            # refuses to alter a table with pending trigger events (the constraint next).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    return forwards


def repair_dates(
    table: str, column: str, *, note_column: str | None = None
) -> migrations.RunPython:
    return migrations.RunPython(
        _run(
            _repair_sql(
                table,
                column,
                low=_FIRST_DATE,
                high_exclusive="2100-01-01",
                below=_FIRST_DATE,
                above=_LAST_DATE,
                cast="date",
                note_column=note_column,
            )
        ),
        migrations.RunPython.noop,
    )


def repair_datetimes(
    table: str, column: str, *, note_column: str | None = None
) -> migrations.RunPython:
    return migrations.RunPython(
        _run(
            _repair_sql(
                table,
                column,
                low=_FIRST_TIMESTAMP,
                high_exclusive="2100-01-01 00:00:00+00",
                below=_FIRST_TIMESTAMP,
                above=_LAST_TIMESTAMP,
                cast="timestamptz",
                note_column=note_column,
            )
        ),
        migrations.RunPython.noop,
    )


def repair_months(table: str, column: str, *, low: int, high: int) -> migrations.RunPython:
    """Month counts: clamped to low..high inclusive."""
    return migrations.RunPython(
        _run(
            _repair_sql(
                table,
                column,
                low=str(low),
                high_exclusive=str(high + 1),
                below=str(low),
                above=str(high),
                cast="integer",
                note_column=None,
            )
        ),
        migrations.RunPython.noop,
    )
