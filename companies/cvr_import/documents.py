"""The CVR data distribution's documents (Vrvirksomhed and its P-units): what the
register keeps of them (docs/cvr-import.md, DANISH-DATA.md)."""

import datetime
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ..identifiers import PHONE_PATTERN, normalise_phone
from .checks import (
    Checker,
    ParsedCompany,
    ParsedUnit,
    ParsedWorkplace,
    Place,
    Problems,
    Reference,
    plain_text,
)

_CEASED_STATUS_PREFIXES = ("OPLØST", "TVANGSOPLØST", "SLETTET", "OPHØRT")


def search_hits(place: Place, document: Any) -> Iterator[tuple[Place, Any]]:
    """The documents of an Elasticsearch response (`{"hits": {"hits": [...]}}`, as the
    CVR distribution's search endpoint answers), each placed by its position; any other
    document as it is."""
    hits = document.get("hits") if isinstance(document, dict) else None
    if not (isinstance(hits, dict) and isinstance(hits.get("hits"), list)):
        yield place, document
        return
    for position, hit in enumerate(hits["hits"], start=1):
        yield Place(place.number, place.is_document, position), hit


def _unwrap(document: Any) -> tuple[str, dict[str, Any]] | None:
    """("company", Vrvirksomhed) or ("unit", VrproduktionsEnhed), however wrapped: a
    search hit's `_source`, the type as the only key, or the bare object."""
    if isinstance(document, dict) and isinstance(document.get("_source"), dict):
        document = document["_source"]
    if not isinstance(document, dict):
        return None
    for key, value in document.items():
        if isinstance(value, dict) and key.lower() == "vrvirksomhed":
            return "company", value
        if isinstance(value, dict) and key.lower() == "vrproduktionsenhed":
            return "unit", value
    if str(document.get("enhedstype", "")).upper() == "PRODUKTIONSENHED" or (
        "pNummer" in document and "cvrNummer" not in document
    ):
        return "unit", document
    if "cvrNummer" in document:
        return "company", document
    return None


def record_from_document(
    document: Any, place: Place, reference: Reference, problems: Problems
) -> ParsedCompany | ParsedUnit | None:
    """The company or P-unit a CVR document describes; None when it was rejected."""
    found = _unwrap(document)
    if found is None:
        Checker(place, reference, problems).reject(
            _(
                "this is neither a company (Vrvirksomhed) nor a production unit "
                "(VrproduktionsEnhed) document"
            )
        )
        return None
    kind, unit = found
    if kind == "unit":
        return unit_from_document(unit, place, reference, problems)
    return company_from_document(unit, place, reference, problems)


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
    unit: dict[str, Any], place: Place, reference: Reference, problems: Problems
) -> ParsedCompany | None:
    check = Checker(place, reference, problems)
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
        **_contact_fields(unit),
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
        owner = _owner_cvr(unit)
        if owner and owner != cvr:
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
    if any(key in unit for key in _CONTACT_KEYS):
        fields.update(_contact_fields(unit))
    if "reklamebeskyttet" in unit:
        fields["advertising_protected"] = unit["reklamebeskyttet"] is True
    return fields


def _owner_cvr(unit: dict[str, Any]) -> str:
    """The owning company's CVR number: the relation whose period is open, else the
    metadata's newest relation, else the latest relation (a ceased unit); "" if none."""
    relations = [
        record
        for record in _history(unit.get("virksomhedsrelation"))
        if record.get("cvrNummer") not in (None, "")
    ]
    current = _latest([record for record in relations if _is_open(record)])
    if current is None:
        newest = _metadata(unit).get("nyesteCvrNummerRelation")
        if newest not in (None, ""):
            return _cvr_text(newest)
        current = _latest(relations)
    return _cvr_text(current["cvrNummer"]) if current else ""


def _cvr_text(value: object) -> str:
    # CVR writes the number as an integer; the check rejects what is not 8 digits.
    text = plain_text(value)
    return text.zfill(8) if text.isdigit() else text


def unit_from_document(
    unit: dict[str, Any], place: Place, reference: Reference, problems: Problems
) -> ParsedUnit | None:
    """A P-unit's own document: its owner by the open period, its name, address,
    municipality, industry, employees and ceased date."""
    check = Checker(place, reference, problems)
    raw_p_number = plain_text(unit.get("pNummer"))
    if not raw_p_number:
        check.reject(_("the P-number is missing"))
    p_number = check.p_number(raw_p_number) if raw_p_number else ""
    owner = _owner_cvr(unit)
    if not owner:
        check.reject(_("the production unit names no owning company (virksomhedsrelation)"))
    owner_cvr = check.cvr(owner) if owner else ""
    fields = _unit_fields(unit, check)
    return None if check.failed else ParsedUnit(place, p_number, owner_cvr, fields)


_CONTACT_KEYS = ("telefonNummer", "elektroniskPost")


def _contact_fields(unit: dict[str, Any]) -> dict[str, Any]:
    """The current public phone and e-mail. A number marked secret (hemmelig) is never
    kept, only the fact that there is one. CVR's contact data is typed in by the
    companies themselves: a value that is not a phone number or an e-mail address is
    left out rather than rejecting the company."""
    phone, phone_secret = _contact(unit, "telefonNummer")
    phone = normalise_phone(phone)
    if not PHONE_PATTERN.fullmatch(phone):
        phone = ""
    email, _email_secret = _contact(unit, "elektroniskPost")
    try:
        validate_email(email)
    except ValidationError:
        email = ""
    return {
        "phone": phone,
        "phone_secret": phone_secret and not phone,
        "email": email if len(email) <= _EMAIL_LENGTH else "",
    }


_EMAIL_LENGTH = 254


def _contact(unit: dict[str, Any], key: str) -> tuple[str, bool]:
    """(the newest public value, whether a current value is secret)."""
    records = [
        record for record in _history(unit.get(key)) if plain_text(record.get("kontaktoplysning"))
    ]
    current = [record for record in records if _is_open(record)] or records
    public = [record for record in current if record.get("hemmelig") is not True]
    newest = _latest(public) if public else None
    value = plain_text(newest.get("kontaktoplysning")) if newest else ""
    return value, any(record.get("hemmelig") is True for record in current)
