"""The language of what the product writes for others to read."""

from django.conf import settings
from django.utils import translation


def in_danish() -> translation.override:
    # The contact log and the e-mails to companies are written in the product's language
    # (Danish), whatever language the consultant's browser asked for.
    return translation.override(settings.LANGUAGE_CODE)
