"""The CVR data distribution's documents (Vrvirksomhed and its P-units): what the
register keeps of them (docs/cvr-import.md, DANISH-DATA.md)."""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from .checks import Checker, ParsedCompany, ParsedWorkplace, Place, Problems, Reference, plain_text

_CEASED_STATUS_PREFIXES = ("OPLØST", "TVANGSOPLØST", "SLETTET", "OPHØRT")


def _unwrap_company(document: Any) -> dict[str, Any] | None:
    if isinstance(document, dict) and isinstance(document.get("_source"), dict):
        document = document["_source"]
    if isinstance(document, dict) and isinstance(document.get("Vrvirksomhed"), dict):
        document = document["Vrvirksomhed"]
    if isinstance(document, dict) and "cvrNummer" in document:
        return document
    return None


def _period(record: dict[str, Any]) -> dict[str, Any]:
    period = record.get("periode")
    return period if isinstance(period, dict) else {}


def _is_open(record: dict[str, Any]) -> bool:
    return not _period(record).get("gyldigTil")


def _history(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _latest(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not records:
        return None
    return max(
        records,
        key=lambda r: (str(_period(r).get("gyldigFra") or ""), str(_period(r).get("gyldigTil"))),
    )


def _current(unit: dict[str, Any], key: str, meta_key: str) -> dict[str, Any] | None:
    """The record valid now: open period first, then the metadata's newest record,
    then the latest record of the history (a ceased unit has no open period)."""
    records = _history(unit.get(key))
    open_record = _latest([record for record in records if _is_open(record)])
    if open_record is not None:
        return open_record
    meta = _metadata(unit)
    newest = meta.get(meta_key)
    if isinstance(newest, dict):
        return newest
    return _latest(records)


def _metadata(unit: dict[str, Any]) -> dict[str, Any]:
    for key in ("virksomhedMetadata", "produktionsEnhedMetadata"):
        if isinstance(unit.get(key), dict):
            return unit[key]
    return {}


def _floor(value: object) -> str:
    floor = plain_text(value)
    return f"{floor}." if floor and not floor.endswith(".") else floor


def _address_fields(record: dict[str, Any] | None, check: Checker) -> dict[str, Any]:
    record = record or {}
    number = plain_text(record.get("husnummerFra")) + plain_text(record.get("bogstavFra"))
    if plain_text(record.get("husnummerTil")):
        number += (
            "-" + plain_text(record.get("husnummerTil")) + plain_text(record.get("bogstavTil"))
        )
    line = " ".join(part for part in (plain_text(record.get("vejnavn")), number) if part)
    floor = " ".join(
        part for part in (_floor(record.get("etage")), plain_text(record.get("sidedoer"))) if part
    )
    if line and floor:
        line = f"{line}, {floor}"
    if not line:
        # Foreign addresses come as free text only.
        line = ", ".join(
            part.strip() for part in str(record.get("fritekst") or "").splitlines() if part
        )
    postal = record.get("postnummer")
    postal_code = f"{postal:04d}" if isinstance(postal, int) else plain_text(postal)
    municipality = record.get("kommune")
    code = municipality.get("kommuneKode") if isinstance(municipality, dict) else None
    return {
        "address": check.length(line, "beliggenhedsadresse", 300),
        "postal_code": check.postal_code(postal_code),
        "city": check.length(plain_text(record.get("postdistrikt")), "postdistrikt", 100),
        "municipality_id": check.municipality(code),
    }


def _industry_code(record: dict[str, Any] | None, check: Checker) -> str:
    code = (record or {}).get("branchekode")
    return check.industry_code(f"{code:06d}" if isinstance(code, int) else plain_text(code))


_EMPLOYMENT_HISTORIES = (
    "aarsbeskaeftigelse",
    "kvartalsbeskaeftigelse",
    "maanedsbeskaeftigelse",
    "erstMaanedsbeskaeftigelse",
)
_EMPLOYMENT_NEWEST = (
    "nyesteAarsbeskaeftigelse",
    "nyesteKvartalsbeskaeftigelse",
    "nyesteMaanedsbeskaeftigelse",
    "nyesteErstMaanedsbeskaeftigelse",
)


def _number(value: object) -> int:
    try:
        # Any value: int() itself rejects what it cannot convert, as caught below.
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def _employee_band(unit: dict[str, Any], check: Checker) -> str:
    """The band of the newest employment figure that has one (annual, quarterly or
    monthly figures, whichever is newest)."""
    meta = _metadata(unit)
    records = [record for key in _EMPLOYMENT_HISTORIES for record in _history(unit.get(key))]
    records += [meta[key] for key in _EMPLOYMENT_NEWEST if isinstance(meta.get(key), dict)]
    best: tuple[tuple[int, int], str] | None = None
    for record in records:
        code = plain_text(record.get("intervalKodeAntalAnsatte"))
        if not code:
            continue
        if record.get("maaned") is not None:
            month = _number(record.get("maaned"))
        elif record.get("kvartal") is not None:
            month = _number(record.get("kvartal")) * 3
        else:
            month = 12
        when = (_number(record.get("aar")), month)
        if best is None or when > best[0]:
            best = (when, code)
    return check.employee_band(best[1] if best else "")


def _is_ceased_status(status: object) -> bool:
    return plain_text(status).upper().startswith(_CEASED_STATUS_PREFIXES)


def _ceased_on(unit: dict[str, Any], check: Checker) -> datetime.date | None:
    """Ceased when the life span has no open period (the end date), or when the status
    says dissolved or deleted (the date that status took effect)."""
    periods = [_period(record) for record in _history(unit.get("livsforloeb"))]
    if periods and all(period.get("gyldigTil") for period in periods):
        return check.date(max(str(period["gyldigTil"]) for period in periods))
    status = _current(unit, "virksomhedsstatus", "nyesteVirksomhedsstatus")
    if _is_ceased_status((status or {}).get("status")) or _is_ceased_status(
        _metadata(unit).get("sammensatStatus")
    ):
        since = status and (_period(status).get("gyldigFra") or status.get("sidstOpdateret"))
        if since:
            return check.date(str(since))
        check.reject(_("the company has ceased, but the file gives no date"))
    return None


def company_from_document(
    document: Any, place: Place, reference: Reference, problems: Problems
) -> ParsedCompany | None:
    unit = _unwrap_company(document)
    check = Checker(place, reference, problems)
    if unit is None:
        check.reject(_("this is not a company (Vrvirksomhed) document"))
        return None
    cvr = check.cvr(plain_text(unit.get("cvrNummer")))
    name_record = _current(unit, "navne", "nyesteNavn")
    name = check.length(plain_text((name_record or {}).get("navn")), "navne", 300)
    check.required(name, "navne")
    other_names: list[str] = []
    for record in _history(unit.get("binavne")):
        other = plain_text(record.get("navn"))
        if _is_open(record) and other and other != name and other not in other_names:
            other_names.append(check.length(other, "binavne", 300))
    industry = _current(unit, "hovedbranche", "nyesteHovedbranche")
    industry_code = _industry_code(industry, check)
    form = _current(unit, "virksomhedsform", "nyesteVirksomhedsform") or {}
    company_form = plain_text(form.get("langBeskrivelse")) or plain_text(
        form.get("kortBeskrivelse")
    )
    fields = {
        "name": name,
        "other_names": other_names,
        **_address_fields(
            _current(unit, "beliggenhedsadresse", "nyesteBeliggenhedsadresse"), check
        ),
        "industry_code": industry_code,
        "industry_text": check.length(
            plain_text((industry or {}).get("branchetekst")), "branchetekst", 300
        ),
        "industry_section_id": reference.section_for(industry_code),
        "employee_band": _employee_band(unit, check),
        "company_form": check.length(company_form, "virksomhedsform", 100),
        "advertising_protected": unit.get("reklamebeskyttet") is True,
        "ceased_on": _ceased_on(unit, check),
    }
    workplaces = _workplaces_from_document(unit, cvr, place, check)
    return None if check.failed else ParsedCompany(place, cvr, fields, workplaces)


def _unwrap_unit(item: Any) -> dict[str, Any] | None:
    if isinstance(item, int | str):
        return {"pNummer": item}
    if not isinstance(item, dict):
        return None
    if isinstance(item.get("_source"), dict):
        item = item["_source"]
    for key, value in item.items():
        if key.lower() == "vrproduktionsenhed" and isinstance(value, dict):
            return value
    return item


_UNIT_DETAIL_KEYS = ("navne", "beliggenhedsadresse", "produktionsEnhedMetadata", "hovedbranche")


def _workplaces_from_document(
    company: dict[str, Any], cvr: str, place: Place, check: Checker
) -> list[ParsedWorkplace]:
    """P-units from "produktionsenheder" (full P-unit documents or bare numbers) and
    "penheder" (numbers with the period they belonged to the company). A unit known
    only by its number carries no facts beyond its owner."""
    found: dict[str, ParsedWorkplace] = {}
    for item in company.get("produktionsenheder") or []:
        unit = _unwrap_unit(item)
        if unit is None or unit.get("pNummer") in (None, ""):
            continue
        owner = _metadata(unit).get("nyesteCvrNummerRelation")
        if owner not in (None, "") and plain_text(owner).zfill(8) != cvr:
            continue  # the P-unit has moved to another company since
        p_number = check.p_number(plain_text(unit["pNummer"]))
        if any(key in unit for key in _UNIT_DETAIL_KEYS):
            found[p_number] = ParsedWorkplace(place, p_number, _unit_fields(unit, check))
        else:
            found.setdefault(p_number, ParsedWorkplace(place, p_number, {}))
    for item in _history(company.get("penheder")):
        if item.get("pNummer") in (None, "") or not _is_open(item):
            continue
        p_number = check.p_number(plain_text(item["pNummer"]))
        found.setdefault(p_number, ParsedWorkplace(place, p_number, {}))
    return list(found.values())


def _unit_fields(unit: dict[str, Any], check: Checker) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    name = plain_text((_current(unit, "navne", "nyesteNavn") or {}).get("navn"))
    if name:
        fields["name"] = check.length(name, "navne", 300)
    fields.update(
        _address_fields(_current(unit, "beliggenhedsadresse", "nyesteBeliggenhedsadresse"), check)
    )
    fields["industry_code"] = _industry_code(
        _current(unit, "hovedbranche", "nyesteHovedbranche"), check
    )
    fields["employee_band"] = _employee_band(unit, check)
    for key in ("hovedafdeling", "main", "is_main"):
        if isinstance(unit.get(key), bool):
            fields["is_main"] = unit[key]
            break
    fields["ceased_on"] = _ceased_on(unit, check)
    return fields
