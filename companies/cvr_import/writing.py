"""Writing a validated file, a chunk of records at a time, comparing field by field
so that only what changed is written: the companies (with the P-units their documents
list) first, then the P-units that come as documents of their own, whose owner may be
a company the same file creates."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg2.extras import execute_values

from accounts.models import Jobcenter

from ..models import Company, CompanyRelationship, Municipality, Workplace
from .checks import ImportReport, ParsedCompany, ParsedUnit, Place, Problems, Reference

CHUNK_SIZE = 5000

Record = ParsedCompany | ParsedUnit | None
_Parsed = TypeVar("_Parsed", ParsedCompany, ParsedUnit)


@dataclass
class FileOwners:
    """What the validation pass learnt about the file's P-units."""

    # Each P-number's owner (CVR) in the file: a P-unit's own document wins over the
    # company document that lists it.
    p_owners: dict[str, str] = field(default_factory=dict)
    # P-numbers that come with a document of their own (VrproduktionsEnhed).
    documented: set[str] = field(default_factory=set)


def _chunks(items: Iterable[Record], kind: type[_Parsed]) -> Iterator[list[_Parsed]]:
    chunk: list[_Parsed] = []
    for item in items:
        if item is None:
            # Validated a moment ago: the file changed under us.
            raise RuntimeError("The import file changed while it was being imported.")
        if not isinstance(item, kind):
            continue
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
    "phone",
    "phone_secret",
    "email",
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
    "phone",
    "phone_secret",
    "email",
    "advertising_protected",
]


@dataclass
class _Progress:
    # Companies of the file already counted as created or updated, and as unchanged.
    counted_ids: set[int] = field(default_factory=set)
    unchanged_ids: set[int] = field(default_factory=set)
    # Companies whose municipality codes a P-unit's move or change may have altered.
    affected_ids: set[int] = field(default_factory=set)


class RegisterGoverned(Exception):  # noqa: N818  # a refusal, not a fault
    """A jobcenter's import would change what only the operator may change."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(problems.errors)
        self.problems = problems


# Recomputed from the rest: not a change of their own.
_DERIVED = {"search_text", "updated_at"}


@dataclass
class Restriction:
    """A jobcenter's own import (the upload page), as opposed to the operator's: it may
    not change the register facts of a company another jobcenter works with, and may
    create companies only in its own municipalities (docs/cvr-import.md)."""

    jobcenter: Jobcenter
    served_codes: frozenset[str]
    problems: Problems = field(default_factory=Problems)

    @classmethod
    def of(cls, jobcenter: Jobcenter) -> "Restriction":
        codes = jobcenter.served_municipalities.values_list("code", flat=True)
        return cls(jobcenter, frozenset(codes))

    def shared(self, company_ids: Iterable[int]) -> set[int]:
        """The companies another jobcenter has a relationship with."""
        return set(
            CompanyRelationship.objects.filter(company_id__in=list(company_ids))
            .exclude(jobcenter=self.jobcenter)
            .values_list("company_id", flat=True)
        )

    def refuse_change(self, place: Place, cvr: str, changed: set[str]) -> None:
        names = sorted(
            str(_("workplaces"))
            if name == "workplaces"
            else str(Company._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            for name in changed
        )
        self.problems.add(
            place,
            _(
                "CVR number %(cvr)s is also used by another jobcenter: only the operator's CVR "
                "import can change its register facts (%(fields)s)"
            )
            % {"cvr": cvr, "fields": ", ".join(names)},
        )

    def refuse_outside(self, place: Place, cvr: str) -> None:
        self.problems.add(
            place,
            _(
                "CVR number %(cvr)s is not in the register and lies outside your "
                "municipalities: only the operator's CVR import can add it"
            )
            % {"cvr": cvr},
        )


def apply(
    read: Callable[[], Iterable[Record]],
    problems: Problems,
    reference: Reference,
    owners: FileOwners,
    report: ImportReport,
    restriction: Restriction | None = None,
) -> None:
    """Write the validated file, reading it again (`read`) once for the companies and,
    if it has P-unit documents, once more for them; `problems` collects what those
    readings found (nothing, unless the file changed since it was validated). Raises
    RegisterGoverned (the caller rolls back) when a restricted import went too far."""
    progress = _Progress()
    for chunk in _chunks(read(), ParsedCompany):
        _apply_chunk(chunk, reference, owners, progress, report, restriction)
    if owners.documented:
        for units in _chunks(read(), ParsedUnit):
            _apply_unit_chunk(units, progress, report, restriction)
    if problems.errors:
        raise RuntimeError("The import file changed while it was being imported.")
    if restriction is not None and restriction.problems.errors:
        raise RegisterGoverned(restriction.problems)
    _refresh_municipality_codes(progress, report)


def _apply_chunk(
    chunk: list[ParsedCompany],
    reference: Reference,
    owners: FileOwners,
    progress: _Progress,
    report: ImportReport,
    restriction: Restriction | None,
) -> None:
    p_owners = owners.p_owners
    existing: dict[str, Company] = {
        company.cvr: company
        for company in Company.objects.filter(cvr__in=[record.cvr for record in chunk])
        if company.cvr
    }
    company_ids = [company.pk for company in existing.values()]
    # A P-unit with a document of its own is written from that document.
    for record in chunk:
        record.workplaces = [
            workplace
            for workplace in record.workplaces
            if workplace.p_number not in owners.documented
        ]
    p_numbers = [workplace.p_number for record in chunk for workplace in record.workplaces]
    workplaces = list(
        Workplace.objects.filter(Q(p_number__in=p_numbers) | Q(company_id__in=company_ids))
    )
    by_p_number = {workplace.p_number: workplace for workplace in workplaces if workplace.p_number}
    by_company: dict[int, list[Workplace]] = defaultdict(list)
    for known in workplaces:
        by_company[known.company_id].append(known)
    shared = restriction.shared(company_ids) if restriction else set()

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
        changed = _forget_stale_coordinates(company, record.fields, _assign(company, record.fields))
        codes = (
            {reference.municipality_codes[company.municipality_id]}
            if company.municipality_id
            else set()
        )
        in_file = set()
        workplaces_before = len(new_workplaces) + len(changed_workplaces)
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
                    progress.affected_ids.add(workplace.company_id)
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
        if restriction is not None:
            own_changes = changed - _DERIVED
            if workplaces_before != len(new_workplaces) + len(changed_workplaces):
                own_changes.add("workplaces")
            if is_new and not set(municipality_codes) & restriction.served_codes:
                restriction.refuse_outside(record.place, record.cvr)
            elif not is_new and own_changes and company.pk in shared:
                restriction.refuse_change(record.place, record.cvr, own_changes)
        if is_new:
            new_companies.append(company)
        elif changed:
            company.updated_at = now
            changed_companies.append(company)
            progress.counted_ids.add(company.pk)
        else:
            report.unchanged += 1
            progress.unchanged_ids.add(company.pk)

    report.created += len(new_companies)
    report.updated += len(changed_companies)
    report.workplaces_created += len(new_workplaces)
    report.workplaces_updated += len(changed_workplaces)
    # Company rows are not full_clean()ed one by one: the parser validated every value
    # the file gives against the same rules, and per-row validation would not scale.
    Company.objects.bulk_create(new_companies, batch_size=1000)
    progress.counted_ids.update(company.pk for company in new_companies)
    _update_rows(Company, changed_companies, _COMPANY_UPDATE_FIELDS)
    for workplace, company in new_workplaces + changed_workplaces:
        workplace.company = company
    Workplace.objects.bulk_create([workplace for workplace, _c in new_workplaces], batch_size=1000)
    _update_rows(
        Workplace, [workplace for workplace, _c in changed_workplaces], _WORKPLACE_UPDATE_FIELDS
    )


def _apply_unit_chunk(
    chunk: list[ParsedUnit],
    progress: _Progress,
    report: ImportReport,
    restriction: Restriction | None,
) -> None:
    """P-units from their own documents: created under their owner, moved to it when
    another company held them, updated where a field changed."""
    owners = {
        company.cvr: company
        for company in Company.objects.filter(cvr__in={unit.owner_cvr for unit in chunk}).only(
            "pk", "cvr", "name", "source"
        )
    }
    existing = {
        workplace.p_number: workplace
        for workplace in Workplace.objects.filter(p_number__in=[unit.p_number for unit in chunk])
    }
    new_workplaces: list[Workplace] = []
    changed_workplaces: list[Workplace] = []
    shared: set[int] = set()
    if restriction is not None:
        involved = {company.pk for company in owners.values()}
        shared = restriction.shared(involved | {w.company_id for w in existing.values()})
    for unit in chunk:
        owner = owners.get(unit.owner_cvr)
        if owner is None or owner.source != Company.Source.CVR:
            continue  # a company created by hand is never touched
        workplace = existing.get(unit.p_number)
        if (
            restriction is not None
            and _unit_changes(workplace, owner, unit)
            and (owner.pk in shared or (workplace is not None and workplace.company_id in shared))
        ):
            restriction.refuse_change(unit.place, unit.owner_cvr, {"workplaces"})
        if workplace is None:
            workplace = Workplace(p_number=unit.p_number, company_id=owner.pk, name=owner.name)
            _assign(workplace, unit.fields)
            new_workplaces.append(workplace)
            progress.affected_ids.add(owner.pk)
            continue
        moved = workplace.company_id != owner.pk
        if moved:
            progress.affected_ids.add(workplace.company_id)
            workplace.company_id = owner.pk
        changed = _forget_stale_coordinates(workplace, unit.fields, _assign(workplace, unit.fields))
        if moved or changed:
            changed_workplaces.append(workplace)
            progress.affected_ids.add(owner.pk)
    report.workplaces_created += len(new_workplaces)
    report.workplaces_updated += len(changed_workplaces)
    Workplace.objects.bulk_create(new_workplaces, batch_size=1000)
    _update_rows(Workplace, changed_workplaces, _WORKPLACE_UPDATE_FIELDS)


def _unit_changes(workplace: Workplace | None, owner: Company, unit: ParsedUnit) -> bool:
    if workplace is None or workplace.company_id != owner.pk:
        return True
    return any(getattr(workplace, name) != value for name, value in unit.fields.items())


def _refresh_municipality_codes(progress: _Progress, report: ImportReport) -> None:
    """Companies whose P-units moved or changed: their municipality codes (what makes
    them visible to each jobcenter) again from the seat and the units not ceased. A
    company of the file counted as unchanged that changes here counts as updated."""
    company = Company._meta
    workplace = Workplace._meta
    municipality = Municipality._meta
    quote = connection.ops.quote_name
    # Only quoted table names from the models' metadata go into the text.
    sql = f"""
        WITH wanted AS (
            SELECT c.id, ARRAY(
                SELECT DISTINCT m.code FROM {quote(municipality.db_table)} m
                WHERE m.id = c.municipality_id OR m.id IN (
                    SELECT w.municipality_id FROM {quote(workplace.db_table)} w
                    WHERE w.company_id = c.id AND w.ceased_on IS NULL
                )
                ORDER BY m.code
            ) AS codes
            FROM {quote(company.db_table)} c
            WHERE c.id = ANY(%s) AND c.source = %s
        )
        UPDATE {quote(company.db_table)} c SET municipality_codes = wanted.codes, updated_at = %s
        FROM wanted WHERE c.id = wanted.id AND c.municipality_codes <> wanted.codes
        RETURNING c.id
    """  # noqa: S608
    ordered = sorted(progress.affected_ids)
    now = timezone.now()
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), CHUNK_SIZE):
            cursor.execute(sql, [ordered[start : start + CHUNK_SIZE], Company.Source.CVR, now])
            for (company_id,) in cursor.fetchall():
                if company_id in progress.counted_ids:
                    continue
                if company_id in progress.unchanged_ids:
                    report.unchanged -= 1
                report.updated += 1
                progress.counted_ids.add(company_id)


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
