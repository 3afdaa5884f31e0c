"""CVR and P-number rules (DANISH-DATA.md 1.1) and the folding that makes search
tolerant of case, accents and the Danish letters. Said once here for the model, the
import, the generator and the test factories: a drift between them would silently
break search on generated data."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError as StdnumError


def normalise_cvr(value: str) -> str:
    """Strip spaces, dashes and the "DK" prefix common on invoices."""
    cleaned = re.sub(r"[\s-]", "", str(value)).upper()
    return cleaned.removeprefix("DK")


def validate_cvr(value: str) -> None:
    """8 digits with the modulus-11 check (weights 2 7 6 5 4 3 2 1)."""
    if not re.fullmatch(r"\d{8}", value or ""):
        raise ValidationError(_("A CVR number has 8 digits."), code="cvr_format")
    try:
        stdnum_cvr.validate(value)
    except StdnumError as error:
        raise ValidationError(
            _("%(value)s is not a valid CVR number (the check digit does not match)."),
            code="cvr_checksum",
            params={"value": value},
        ) from error


# Modulus 11: the weighted sum of all eight digits (the last weighs 1) divides by 11.
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)


def cvr_check_digit(first_seven: int | str) -> int | None:
    """The check digit that completes the first seven digits, or None where it would have
    to be 10 (such numbers are never issued)."""
    digits = f"{int(first_seven):07d}"
    total = sum(int(digit) * weight for digit, weight in zip(digits, CVR_WEIGHTS, strict=True))
    check = (11 - total % 11) % 11
    return None if check == 10 else check


def validate_p_number(value: str) -> None:
    """10 digits; no public check digit is known for P-numbers, so only the format."""
    if not re.fullmatch(r"\d{10}", value or ""):
        raise ValidationError(_("A P-number has 10 digits."), code="p_number_format")


# Eight Danish digits, or an international number with its country code.
PHONE_PATTERN = re.compile(r"\+?\d{8,15}")


def normalise_phone(value: str) -> str:
    """Spaces, dashes, dots and brackets out ("+45 97 85 12 00" → "+4597851200");
    a Danish "0045" prefix becomes "+45"."""
    cleaned = re.sub(r"[\s\-.()/]", "", str(value or ""))
    return "+" + cleaned[2:] if cleaned.startswith("00") else cleaned


_DANISH_FOLDS = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def fold_for_search(text: str) -> str:
    """Lower case, æ→ae, ø→o, å→a, "aa"→"a" (old spellings such as Aabenraa), accents
    dropped, punctuation to spaces. Stored text and queries are folded alike."""
    folded = (text or "").lower().translate(_DANISH_FOLDS)
    folded = unicodedata.normalize("NFKD", folded)
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    folded = folded.replace("aa", "a")
    folded = re.sub(r"[^\w]+", " ", folded)
    return " ".join(folded.split())


def company_search_text(
    *, name: str, other_names: list[str], cvr: str, address: str, city: str
) -> str:
    """What a company is found by: its names, CVR number, address and town, folded."""
    return fold_for_search(" ".join([name, *other_names, cvr, address, city]))
