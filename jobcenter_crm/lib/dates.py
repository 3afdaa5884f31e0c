"""Dates said once: the window every date a user can give must fall in, and the one
way pages write a date.

The bounds of every date and time a user or an import can give (issue 9.1).

A contact saved in year 1 broke every page that read it: Python cannot hold the
timestamp PostgreSQL returns for it. So the dates people type are held to a window
said once here:

- forms accept 1 January 2000 up to ``settings.DATE_YEARS_AHEAD`` years from today
  (a setting, default 10), with a Danish message that names the window;
- the database holds every bounded column to the fixed window 1 January 2000 up to
  (not including) 1 January 2100 with CheckConstraints (a check constraint cannot
  depend on today), built by :func:`date_bounds_check` / :func:`datetime_bounds_check`.

Rows outside the database window were repaired by the migrations that added the
constraints: the value clamped to the nearest bound and the original kept in
``companies.DateRepair`` (and, for contacts and agreements, in their text).

One date style (issue 8.16): "30. okt." in Danish (Django's Danish month
abbreviations: "4. marts", "1. maj", "30. okt."), the year added when it is not this year
(or always, for text that outlives the year, such as a contact-log summary), the time after
the date ("30. okt. 14:30"). The filters are template builtins (settings.TEMPLATES): every
template writes `{{ value|short_date }}` or `{{ value|short_datetime }}` without loading
anything; a `<time datetime>` around it keeps the full date for machines.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms, template
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

# The database window: inclusive lower bound, exclusive upper bound.
EARLIEST_DATE = datetime.date(2000, 1, 1)
DATABASE_END_DATE = datetime.date(2100, 1, 1)
# 1 January 2000 at midnight Danish time, so every time on a date a form accepts fits.
EARLIEST_DATETIME = datetime.datetime(1999, 12, 31, 23, 0, tzinfo=datetime.UTC)
DATABASE_END_DATETIME = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)

DEFAULT_YEARS_AHEAD = 10

# Month counts in contact rules (intervals between contacts, visits, demand updates):
# five years is more than any rule a jobcenter keeps, and keeps date arithmetic in range.
MIN_RULE_MONTHS = 1
MAX_RULE_MONTHS = 60


def latest_date(today: datetime.date | None = None) -> datetime.date:
    """The last date a form accepts: ``DATE_YEARS_AHEAD`` years from today, never past
    the database window."""
    today = today or timezone.localdate()
    years = int(getattr(settings, "DATE_YEARS_AHEAD", DEFAULT_YEARS_AHEAD))
    years = max(0, min(years, 99))
    try:
        latest = today.replace(year=today.year + years)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + years, day=28)
    return min(latest, DATABASE_END_DATE - datetime.timedelta(days=1))


def date_in_bounds(value: datetime.date, *, today: datetime.date | None = None) -> bool:
    if isinstance(value, datetime.datetime):
        try:
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        except OverflowError:  # 1 January of year 1 or 31 December 9999 in another zone
            return False
    return EARLIEST_DATE <= value <= latest_date(today)


def validate_date_in_bounds(value: datetime.date | datetime.datetime) -> None:
    """The one message for a date outside the window, in every form."""
    if value is None or date_in_bounds(value):
        return
    raise ValidationError(
        _("Choose a date between %(first)s and %(last)s.")
        % {
            "first": date_format(EARLIEST_DATE, "j. F Y"),
            "last": date_format(latest_date(), "j. F Y"),
        },
        code="date_out_of_bounds",
    )


class _BoundsWidgetAttrs:
    """Tell the browser the window too (min/max on the date input)."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs: dict[str, Any] = super().widget_attrs(widget)  # type: ignore[misc]
        input_type = getattr(widget, "input_type", "")
        if input_type == "date":
            attrs.setdefault("min", EARLIEST_DATE.isoformat())
        elif input_type == "datetime-local":
            attrs.setdefault("min", f"{EARLIEST_DATE.isoformat()}T00:00")
        return attrs


class BoundedDateField(_BoundsWidgetAttrs, forms.DateField):
    default_validators = [validate_date_in_bounds]

    def to_python(self, value: Any) -> datetime.date | None:
        # A year beyond 9999 or a NUL byte is a typing error, not a server error.
        try:
            return super().to_python(value)
        except (OverflowError, ValueError) as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


class BoundedDateTimeField(_BoundsWidgetAttrs, forms.DateTimeField):
    default_validators = [validate_date_in_bounds]

    def to_python(self, value: Any) -> datetime.datetime | None:
        try:
            return super().to_python(value)
        except (OverflowError, ValueError) as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


class WindowCheck(models.CheckConstraint):
    """A column held to the database window (NULL passes), which validates in Python.

    Django validates a CheckConstraint with a savepoint and a SELECT of its own, three
    round trips for a comparison on every ``full_clean`` (the contact log's hot path).
    Migrations see a plain CheckConstraint (``deconstruct``), so the schema is unchanged."""

    def __init__(
        self,
        *,
        name: str,
        field: str | None = None,
        earliest: Any = None,
        end: Any = None,
        **kwargs: Any,
    ) -> None:
        # Without a field (a copy rebuilt from deconstruct) it is a plain CheckConstraint.
        self.field, self.earliest, self.end = field, earliest, end
        if field is not None:
            kwargs["condition"] = models.Q(**{f"{field}__isnull": True}) | models.Q(
                **{f"{field}__gte": earliest, f"{field}__lt": end}
            )
        super().__init__(name=name, **kwargs)

    def deconstruct(self) -> tuple[str, Sequence[Any], dict[str, Any]]:
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs

    def clone(self) -> "WindowCheck":
        _path, args, kwargs = self.deconstruct()
        if self.field is None:
            return WindowCheck(*args, **kwargs)
        kwargs.pop("condition")
        return WindowCheck(*args, field=self.field, earliest=self.earliest, end=self.end, **kwargs)

    def validate(
        self, model: Any, instance: Any, exclude: Any = None, using: str = DEFAULT_DB_ALIAS
    ) -> None:
        if self.field is None:
            super().validate(model, instance, exclude=exclude, using=using)
            return
        if exclude and self.field in exclude:
            return
        value = getattr(instance, self.field)
        try:
            inside = value is None or self.earliest <= value < self.end
        except TypeError:  # a naive time, or a date where a time belongs: ask the database
            super().validate(model, instance, exclude=exclude, using=using)
            return
        if not inside:
            raise ValidationError(
                self.get_violation_error_message(), code=self.violation_error_code
            )


def date_bounds_check(field: str, *, name: str) -> models.CheckConstraint:
    """The database's half of the window for a date column (NULL passes)."""
    return WindowCheck(field=field, earliest=EARLIEST_DATE, end=DATABASE_END_DATE, name=name)


def datetime_bounds_check(field: str, *, name: str) -> models.CheckConstraint:
    """The database's half of the window for a timestamp column (NULL passes)."""
    return WindowCheck(
        field=field, earliest=EARLIEST_DATETIME, end=DATABASE_END_DATETIME, name=name
    )


def months_bounds_check(field: str, *, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True})
        | models.Q(**{f"{field}__gte": MIN_RULE_MONTHS, f"{field}__lte": MAX_RULE_MONTHS}),
        name=name,
    )


def parse_month(value: str) -> datetime.date | None:
    """``YYYY-MM`` → the month's first day, or None when the text is no month at all.
    The year has exactly four digits; the caller checks the window."""
    year, sep, month = value.partition("-")
    if not sep or len(year) != 4 or not (1 <= len(month) <= 2):
        return None
    if not (year.isascii() and year.isdigit() and month.isascii() and month.isdigit()):
        return None
    try:
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        return None


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
