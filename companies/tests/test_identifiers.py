import random

import pytest
from django.core.exceptions import ValidationError

from companies.identifiers import company_search_text, cvr_check_digit, validate_cvr


def test_the_check_digit_makes_numbers_the_validator_accepts_and_only_those():
    rng = random.Random(8)  # noqa: S311  # test inputs, reproducible
    for base in [1000000, 2925713, 9999999, *(rng.randrange(1000000, 10**7) for _ in range(500))]:
        check = cvr_check_digit(base)
        valid = [digit for digit in range(10) if _is_valid(f"{base}{digit}")]
        assert valid == ([] if check is None else [check])


def _is_valid(cvr: str) -> bool:
    try:
        validate_cvr(cvr)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    ("parts", "found_by"),
    [
        ({"name": "Ærø Smørrebrød ApS", "other_names": ["Åbyhøj Café"]}, "aero smorrebrod"),
        ({"name": "Aabenraa Tømrer", "other_names": []}, "abenra tomrer"),
        ({"name": "X", "other_names": [], "address": "Østergade 1"}, "ostergade 1"),
    ],
)
def test_the_search_text_folds_names_cvr_address_and_town(parts, found_by):
    text = company_search_text(
        **{"other_names": [], "cvr": "29257132", "address": "", "city": "Struer", **parts}
    )
    assert found_by in text
    assert "29257132" in text and "struer" in text
