"""Checks of one record's values, where a record is in the file, and the problems
found; the parsed records both readers (CVR documents, CSV) produce."""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ..identifiers import PHONE_PATTERN as _PHONE
from ..identifiers import normalise_cvr, normalise_phone, validate_cvr
from ..models import Company, IndustrySection, Municipality

# DANISH-DATA.md 1.4: 980000 and 999999 mean "Uoplyst", not sections T and U.
_UNKNOWN_INDUSTRY_CODES = {"980000", "999999"}
_CVR_BAND = re.compile(r"ANTAL_(\d+)_(\d*)")
_BANDS = frozenset(Company.EmployeeBand.values)
_TRUE_WORDS = {"1", "true", "yes", "ja", "x", "y", "j"}
_FALSE_WORDS = {"", "0", "false", "no", "nej", "n"}


@dataclass
class ImportReport:
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Companies whose CVR number belongs to a record created by hand: never touched.
    skipped: int = 0
    workplaces_created: int = 0
    workplaces_updated: int = 0
    # The first MAX_REPORTED_ERRORS reasons; error_count counts them all.
    errors: list[str] = field(default_factory=list)
    # The rejected line (or document) numbers of those reasons, sorted.
    error_lines: list[int] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors_not_shown(self) -> int:
        return self.error_count - len(self.errors)


@dataclass(frozen=True, slots=True)
class Place:
    """Where a record is in the file: a physical line, or a JSON array's n-th document;
    inside a search response (`hits.hits`), also the hit's position from 1."""

    number: int
    is_document: bool = False
    hit: int | None = None

    def __str__(self) -> str:
        if self.is_document:
            where = _("Document %(number)d") % {"number": self.number}
        else:
            where = _("Line %(line)d") % {"line": self.number}
        if self.hit is None:
            return where
        return _("%(place)s, hit %(hit)d") % {"place": where, "hit": self.hit}


# A hostile or wholly wrong file can have millions of bad lines: the report names the
# first ones and counts the rest, so neither memory nor the page grows with the file.
MAX_REPORTED_ERRORS = 1000


class Problems:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.lines: set[int] = set()
        self.count = 0

    def add(self, place: Place | None, reason: str) -> None:
        self.count += 1
        if len(self.errors) >= MAX_REPORTED_ERRORS:
            return
        if place is None:
            self.errors.append(reason)
        else:
            self.errors.append(f"{place}: {reason}")
            self.lines.add(place.number)


@dataclass
class Reference:
    municipality_ids: dict[str, int]
    municipality_codes: dict[int, str]
    sections: list[tuple[int, int, int]]

    @classmethod
    def load(cls) -> "Reference":
        codes = dict(Municipality.objects.values_list("code", "pk"))
        sections = list(IndustrySection.objects.values_list("division_from", "division_to", "pk"))
        return cls(codes, {pk: code for code, pk in codes.items()}, sections)

    def section_for(self, industry_code: str) -> int | None:
        if not industry_code or industry_code in _UNKNOWN_INDUSTRY_CODES:
            return None
        division = int(industry_code[:2])
        for first, last, pk in self.sections:
            if first <= division <= last:
                return pk
        return None


@dataclass
class ParsedWorkplace:
    place: Place
    p_number: str
    # Model attribute → value, only for what the source states; the rest is kept.
    fields: dict[str, Any]


@dataclass
class ParsedCompany:
    place: Place
    cvr: str
    fields: dict[str, Any]
    workplaces: list[ParsedWorkplace]


@dataclass
class ParsedUnit:
    """A P-unit read from its own document (VrproduktionsEnhed): it names its owner."""

    place: Place
    p_number: str
    owner_cvr: str
    fields: dict[str, Any]


class Checker:
    """Validates one record's values, reporting each problem at the record's place."""

    def __init__(self, place: Place, reference: Reference, problems: Problems) -> None:
        self.place = place
        self.reference = reference
        self.problems = problems
        self.failed = False

    def reject(self, reason: str) -> None:
        self.problems.add(self.place, reason)
        self.failed = True

    def cvr(self, raw: str) -> str:
        if not raw:
            self.reject(_("the CVR number is missing"))
            return ""
        value = normalise_cvr(raw)
        try:
            validate_cvr(value)
        except ValidationError:
            self.reject(_("%(value)s is not a valid CVR number") % {"value": raw})
        return value

    def p_number(self, raw: str) -> str:
        value = re.sub(r"\s", "", raw)
        if not re.fullmatch(r"\d{10}", value):
            self.reject(_("%(value)s is not a valid P-number") % {"value": raw})
        return value

    def required(self, value: str, column: str) -> str:
        if not value:
            self.reject(_("%(column)s is missing") % {"column": column})
        return value

    def length(self, value: str, column: str, limit: int) -> str:
        if len(value) > limit:
            self.reject(
                _("%(column)s is longer than %(limit)d characters")
                % {"column": column, "limit": limit}
            )
        return value

    def postal_code(self, raw: str) -> str:
        if raw and not re.fullmatch(r"\d{4}", raw):
            self.reject(_("%(value)s is not a valid postal code") % {"value": raw})
        return raw

    def municipality(self, raw: object) -> int | None:
        code = raw if isinstance(raw, str) else "" if raw is None else str(raw)
        code = code.strip()
        if not code:
            return None
        # CVR writes municipality codes as integers (671); ours are "0671".
        pk = self.reference.municipality_ids.get(code.zfill(4)) if code.isdigit() else None
        if pk is None:
            self.reject(_("%(value)s is not a known municipality code") % {"value": code})
        return pk

    def industry_code(self, raw: str) -> str:
        code = raw.zfill(6) if raw.isdigit() else raw
        if code and not re.fullmatch(r"\d{6}", code):
            self.reject(_("%(value)s is not a valid industry code") % {"value": raw})
            return ""
        return code

    def employee_band(self, raw: str) -> str:
        if not raw or raw in _BANDS:
            return raw
        match = _CVR_BAND.fullmatch(raw)
        if match:
            low, high = int(match[1]), match[2]
            if not high or int(high) >= 999999:
                band = f"{low}+"
            elif int(high) == low:
                band = str(low)
            else:
                band = f"{low}-{high}"
            if band in _BANDS:
                return band
        self.reject(_("%(value)s is not a valid employee band") % {"value": raw})
        return ""

    def date(self, raw: str) -> datetime.date | None:
        if not raw:
            return None
        try:
            # CVR timestamps ("2021-05-04T10:11:12.000+02:00") count by their date.
            return datetime.date.fromisoformat(raw[:10])
        except ValueError:
            self.reject(_("%(value)s is not a date (use YYYY-MM-DD)") % {"value": raw})
            return None

    def coordinate(self, raw: str, limit: float) -> float | None:
        if not raw:
            return None
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            value = float("nan")
        if not -limit <= value <= limit:
            self.reject(_("%(value)s is not a valid coordinate") % {"value": raw})
            return None
        return value

    def phone(self, raw: str) -> str:
        value = normalise_phone(raw)
        if value and not _PHONE.fullmatch(value):
            self.reject(_("%(value)s is not a valid phone number") % {"value": raw})
        return value

    def email(self, raw: str) -> str:
        value = raw.strip()
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.reject(_("%(value)s is not a valid e-mail address") % {"value": raw})
        return value

    def boolean(self, raw: str) -> bool:
        word = raw.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word not in _FALSE_WORDS:
            self.reject(_("%(value)s is not yes or no") % {"value": raw})
        return False


def plain_text(value: object) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())
