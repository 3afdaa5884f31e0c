"""One date style (issue 8.16): "30. okt." in Danish (Django's Danish month
abbreviations: "4. marts", "1. maj", "30. okt."), the year added when it is not this year
(or always, for text that outlives the year, such as a contact-log summary), the time after
the date ("30. okt. 14:30"). The filters are template builtins (settings.TEMPLATES): every
template writes `{{ value|short_date }}` or `{{ value|short_datetime }}` without loading
anything; a `<time datetime>` around it keeps the full date for machines."""

import datetime

from django import template
from django.utils import dateformat, timezone
from django.utils.translation import pgettext

register = template.Library()


def _local(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def short_date(value: datetime.date | None, *, with_year: bool = False) -> str:
    """ "30. okt." (this year) or "30. okt. 2025"; "" for no date."""
    if not value:
        return ""
    value = _local(value)
    day = value.date() if isinstance(value, datetime.datetime) else value
    if with_year or day.year != timezone.localdate().year:
        # Translators: Django date-format letters of the one date style, with the year.
        style = pgettext("date style with year", "j. N Y")
    else:
        # Translators: Django date-format letters of the one date style ("30. okt.").
        style = pgettext("date style", "j. N")
    return dateformat.format(value, style)


def short_datetime(value: datetime.datetime | None, *, with_year: bool = False) -> str:
    """ "30. okt. 14:30" (this year) or "30. okt. 2025 14:30"; "" for no time."""
    if not value:
        return ""
    value = _local(value)  # type: ignore[assignment]
    return f"{short_date(value, with_year=with_year)} {dateformat.format(value, 'H:i')}"


register.filter("short_date", lambda value: short_date(value))
register.filter("short_datetime", lambda value: short_datetime(value))
