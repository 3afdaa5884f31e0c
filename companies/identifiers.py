"""CVR and P-number rules (DANISH-DATA.md 1.1) and the folding that makes search
tolerant of case, accents and the Danish letters."""

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


def validate_p_number(value: str) -> None:
    """10 digits; no public check digit is known for P-numbers, so only the format."""
    if not re.fullmatch(r"\d{10}", value or ""):
        raise ValidationError(_("A P-number has 10 digits."), code="p_number_format")


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
