"""`{{ contact.code|contact_url:"companies:contact-complete" }}`: a contact's page by a
URL pattern reversed once per process, not once per entry of the contact log (whose
entries link to up to four pages each)."""

import functools
import uuid

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

_PLACEHOLDER = uuid.UUID(int=0)


@functools.lru_cache(maxsize=64)
def _pattern(name: str, prefix: str, urlconf: str | None) -> tuple[str, str]:
    path = reverse(name, args=[_PLACEHOLDER], urlconf=urlconf)
    before, _, after = path.partition(str(_PLACEHOLDER))
    return before, after


@register.filter
def contact_url(code: uuid.UUID, name: str) -> str:
    before, after = _pattern(name, get_script_prefix(), get_urlconf())
    return f"{before}{code}{after}"
