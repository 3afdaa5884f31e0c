"""Password rules beyond Django's: words anybody here would guess do not count."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# The embedded demo's published password (devdata gives it to the demo users). It is known
# to everybody, so sign-in refuses it outside the demo (accounts.backends).
DEMO_PASSWORD = "demo"  # noqa: S105

PRODUCT_WORDS = ("jobcenter-crm", "jobcentercrm", "jobcenter", "crm", "jobnet")


def local_words() -> list[str]:
    """The product's name, every municipality and jobcenter name (and their words), and
    the years around now; longest first, so a name goes before its parts."""
    from accounts.models import Jobcenter
    from companies.models import Municipality

    names = [*Municipality.objects.values_list("name", flat=True)]
    names += [*Jobcenter.objects.values_list("name", flat=True)]
    words = {word.lower() for word in PRODUCT_WORDS}
    for name in names:
        folded = name.lower()
        words.add(folded)
        words.update(part for part in re.split(r"[\s\-.]+", folded) if len(part) >= 3)
    year = timezone.localdate().year
    words.update(str(y) for y in range(year - 1, year + 2))
    return sorted(words, key=len, reverse=True)


class LocalWordsValidator:
    """At least `min_length` characters must remain once the local words are taken out:
    "Struer2026!!" is twelve characters, but none of them is hard to guess here."""

    def __init__(self, min_length: int = 12) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        remaining = password.lower()
        for word in local_words():
            remaining = remaining.replace(word, "")
        if len(remaining) < self.min_length:
            raise ValidationError(
                _(
                    "The password leans on words that are easy to guess here (the product's "
                    "name, municipality and jobcenter names, the year). Use at least "
                    "%(min_length)d other characters."
                ),
                code="password_local_words",
                params={"min_length": self.min_length},
            )

    def get_help_text(self) -> str:
        return _(
            "The product's name, municipality and jobcenter names and the year do not count "
            "towards the length."
        )
