"""Danish working days: weekends and the public holidays (helligdage) are not."""

import datetime


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def public_holidays(year: int) -> set[datetime.date]:
    """New Year, Maundy Thursday, Good Friday, Easter Monday, Ascension Day, Whit
    Monday and Christmas (the 25th and 26th); Christmas Eve, Constitution Day and New
    Year's Eve are days off in jobcenters too. Store Bededag was abolished from 2024."""
    easter = easter_sunday(year)
    days = {
        datetime.date(year, 1, 1),
        datetime.date(year, 6, 5),
        datetime.date(year, 12, 24),
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
        datetime.date(year, 12, 31),
    }
    for offset in (-3, -2, 1, 39, 50):
        days.add(easter + datetime.timedelta(days=offset))
    if year < 2024:
        days.add(easter + datetime.timedelta(days=26))  # Store Bededag
    return days


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def first_working_day(year: int, month: int) -> datetime.date:
    day = datetime.date(year, month, 1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
