"""Pass 2: writing the validated records, a chunk of companies at a time, comparing
field by field so that only what changed is written."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from psycopg2.extras import execute_values

from ..models import Company, Workplace
from .checks import ImportReport, ParsedCompany, Problems, Reference

CHUNK_SIZE = 5000


def _chunks(items: Iterable[ParsedCompany | None]) -> Iterator[list[ParsedCompany]]:
    chunk: list[ParsedCompany] = []
    for item in items:
        if item is None:
            # Validated a moment ago: the file changed under us.
            raise RuntimeError("The import file changed while it was being imported.")
        chunk.append(item)
        if len(chunk) >= CHUNK_SIZE:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _assign(obj: Company | Workplace, fields: dict[str, Any]) -> set[str]:
    changed = set()
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.add(name)
    return changed


def _forget_stale_coordinates(
    obj: Company | Workplace, fields: dict[str, Any], changed: set[str]
) -> set[str]:
    # CVR carries no coordinates: keep ones found elsewhere, unless the address moved.
    if "latitude" not in fields and changed & {"address", "postal_code"} and obj.latitude:
        obj.latitude = obj.longitude = None
        changed |= {"latitude", "longitude"}
    return changed


_COMPANY_UPDATE_FIELDS = [
    "name",
    "other_names",
    "address",
    "postal_code",
    "city",
    "municipality",
    "latitude",
    "longitude",
    "industry_code",
    "industry_text",
    "industry_section",
    "employee_band",
    "company_form",
    "ceased_on",
    "advertising_protected",
    "municipality_codes",
    "search_text",
    "updated_at",
]
_WORKPLACE_UPDATE_FIELDS = [
    "company",
    "name",
    "address",
    "postal_code",
    "city",
    "municipality",
    "latitude",
    "longitude",
    "industry_code",
    "employee_band",
    "is_main",
    "ceased_on",
]


@dataclass
class _Progress:
    processed_ids: set[int] = field(default_factory=set)
    # Companies not necessarily in the file that lost a P-unit to another company.
    losing_ids: set[int] = field(default_factory=set)


def apply(
    records: Iterable[ParsedCompany | None],
    problems: Problems,
    reference: Reference,
    p_owners: dict[str, str],
    report: ImportReport,
) -> None:
    """Write the records read a second time; `problems` collects what that reading found
    (nothing, unless the file changed since it was validated)."""
    progress = _Progress()
    for chunk in _chunks(records):
        _apply_chunk(chunk, reference, p_owners, progress, report)
    if problems.errors:
        raise RuntimeError("The import file changed while it was being imported.")
    _refresh_losing_companies(
        progress.losing_ids - progress.processed_ids, reference, p_owners, report
    )


def _apply_chunk(
    chunk: list[ParsedCompany],
    reference: Reference,
    p_owners: dict[str, str],
    progress: _Progress,
    report: ImportReport,
) -> None:
    existing: dict[str, Company] = {
        company.cvr: company
        for company in Company.objects.filter(cvr__in=[record.cvr for record in chunk])
        if company.cvr
    }
    company_ids = [company.pk for company in existing.values()]
    p_numbers = [workplace.p_number for record in chunk for workplace in record.workplaces]
    workplaces = list(
        Workplace.objects.filter(Q(p_number__in=p_numbers) | Q(company_id__in=company_ids))
    )
    by_p_number = {workplace.p_number: workplace for workplace in workplaces if workplace.p_number}
    by_company: dict[int, list[Workplace]] = defaultdict(list)
    for known in workplaces:
        by_company[known.company_id].append(known)

    now = timezone.now()
    new_companies: list[Company] = []
    changed_companies: list[Company] = []
    new_workplaces: list[tuple[Workplace, Company]] = []
    changed_workplaces: list[tuple[Workplace, Company]] = []
    for record in chunk:
        company = existing.get(record.cvr)
        if company is not None and company.source != Company.Source.CVR:
            report.skipped += 1
            continue
        is_new = company is None
        if company is None:
            company = Company(cvr=record.cvr, source=Company.Source.CVR)
        else:
            progress.processed_ids.add(company.pk)
        changed = _forget_stale_coordinates(company, record.fields, _assign(company, record.fields))
        codes = (
            {reference.municipality_codes[company.municipality_id]}
            if company.municipality_id
            else set()
        )
        in_file = set()
        for parsed in record.workplaces:
            in_file.add(parsed.p_number)
            workplace = by_p_number.get(parsed.p_number)
            if workplace is None:
                workplace = Workplace(p_number=parsed.p_number, name=company.name)
                _assign(workplace, parsed.fields)
                new_workplaces.append((workplace, company))
            else:
                moved = is_new or workplace.company_id != company.pk
                if moved:
                    progress.losing_ids.add(workplace.company_id)
                workplace_changed = _forget_stale_coordinates(
                    workplace, parsed.fields, _assign(workplace, parsed.fields)
                )
                if moved or workplace_changed:
                    changed_workplaces.append((workplace, company))
            if workplace.ceased_on is None and workplace.municipality_id:
                codes.add(reference.municipality_codes[workplace.municipality_id])
        for workplace in by_company.get(company.pk, []) if not is_new else []:
            if workplace.p_number in in_file:
                continue
            if workplace.p_number and p_owners.get(workplace.p_number, record.cvr) != record.cvr:
                continue  # moves to another company of the file
            if workplace.ceased_on is None and workplace.municipality_id:
                codes.add(reference.municipality_codes[workplace.municipality_id])
        municipality_codes = sorted(codes)
        if company.municipality_codes != municipality_codes:
            company.municipality_codes = municipality_codes
            changed.add("municipality_codes")
        search_text = company.search_text
        company.refresh_search_text()
        if company.search_text != search_text:
            changed.add("search_text")
        if is_new:
            new_companies.append(company)
        elif changed:
            company.updated_at = now
            changed_companies.append(company)
        else:
            report.unchanged += 1

    report.created += len(new_companies)
    report.updated += len(changed_companies)
    report.workplaces_created += len(new_workplaces)
    report.workplaces_updated += len(changed_workplaces)
    if report.dry_run:
        return
    # Company rows are not full_clean()ed one by one: the parser validated every value
    # the file gives against the same rules, and per-row validation would not scale.
    Company.objects.bulk_create(new_companies, batch_size=1000)
    _update_rows(Company, changed_companies, _COMPANY_UPDATE_FIELDS)
    for workplace, company in new_workplaces + changed_workplaces:
        workplace.company = company
    Workplace.objects.bulk_create([workplace for workplace, _c in new_workplaces], batch_size=1000)
    _update_rows(
        Workplace, [workplace for workplace, _c in changed_workplaces], _WORKPLACE_UPDATE_FIELDS
    )


def _refresh_losing_companies(
    ids: set[int], reference: Reference, p_owners: dict[str, str], report: ImportReport
) -> None:
    """Companies outside the file that lost P-units to companies in it: their
    municipality codes are recomputed from the seat and the workplaces they keep."""
    ordered = sorted(ids)
    now = timezone.now()
    for start in range(0, len(ordered), CHUNK_SIZE):
        part = ordered[start : start + CHUNK_SIZE]
        codes: dict[int, set[str]] = defaultdict(set)
        kept = Workplace.objects.filter(company_id__in=part, ceased_on__isnull=True)
        for company_id, p_number, municipality_id in kept.values_list(
            "company_id", "p_number", "municipality_id"
        ):
            # In a dry run the P-units that move are still here.
            if municipality_id and p_number not in p_owners:
                codes[company_id].add(reference.municipality_codes[municipality_id])
        changed = []
        for company in Company.objects.filter(pk__in=part, source=Company.Source.CVR):
            seat = company.municipality_id
            wanted = codes[company.pk] | ({reference.municipality_codes[seat]} if seat else set())
            if company.municipality_codes != sorted(wanted):
                company.municipality_codes = sorted(wanted)
                company.updated_at = now
                changed.append(company)
        report.updated += len(changed)
        if not report.dry_run:
            _update_rows(Company, changed, ["municipality_codes", "updated_at"])


def _update_rows(model: type[models.Model], objs: list[Any], field_names: list[str]) -> None:
    """UPDATE ... FROM (VALUES ...), a page of rows per statement. Django's bulk_update
    writes a CASE WHEN per row and field, which took 8 minutes for 50,000 companies."""
    if not objs:
        return
    meta = model._meta
    fields: list[models.Field[Any, Any]] = []
    for name in field_names:
        model_field = meta.get_field(name)
        assert isinstance(model_field, models.Field)  # a table column, not a reverse relation
        fields.append(model_field)
    quote = connection.ops.quote_name
    columns = [_quoted_column(meta.pk), *(_quoted_column(f) for f in fields)]
    casts = [meta.pk.cast_db_type(connection), *(f.cast_db_type(connection) for f in fields)]
    assignments = ", ".join(f"{column} = v.{column}" for column in columns[1:])
    # Only quoted names from the model's metadata go into the text; values are parameters.
    table, key = quote(meta.db_table), columns[0]
    sql = f"UPDATE {table} AS t SET {assignments} FROM (VALUES %s) AS v({', '.join(columns)}) "  # noqa: S608
    sql += f"WHERE t.{key} = v.{key}"
    template = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
    rows = [(obj.pk, *(getattr(obj, f.attname) for f in fields)) for obj in objs]
    with connection.cursor() as cursor:
        # The raw psycopg2 cursor: execute_values pages the rows into VALUES lists.
        execute_values(cursor.cursor, sql, rows, template=template, page_size=1000)


def _quoted_column(field: "models.Field[Any, Any]") -> str:
    assert field.column is not None  # set on every concrete field of a loaded model
    return connection.ops.quote_name(field.column)
