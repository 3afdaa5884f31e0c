"""The visit invitation's .ics cannot be forged (issue 9.6): every text value escaped and
folded per RFC 5545, parameters included; no user text can add a property line. The
hostile values are generated: each trick alone, in pairs, and long, in every field."""

import datetime
import itertools
from typing import Any

import pytest

from screening.calendar import CalendarEvent, build_ics, escape_text, parse_ics

TRICKS = [
    "\r\n",
    "\n",
    "\r",
    "\r\nATTENDEE:mailto:evil@example.com",
    "\nEND:VEVENT\nBEGIN:VEVENT\nUID:forged",
    ";",
    ",",
    "\\",
    "\\n",
    ":",
    '"',
    "^",
    "\t",
    "\x00",
    "\x0b",
    "\x1b[31m",
    "\x7f",
    "\u2028",
    "æøå ÆØÅ",
    "🙂",
    "Ω" * 60,
    "x" * 300,
]
HOSTILE = [
    *TRICKS,
    *(a + "Hanne" + b for a, b in itertools.product(TRICKS[:12], TRICKS[:12])),
    "Ole; Olsen, " * 20 + "\r\nX-INJECTED:1",
]
TEXT_FIELDS = ["summary", "location", "description"]
PARAM_FIELDS = ["organizer_name", "attendee_name"]
EXPECTED_NAMES = [
    "BEGIN", "VERSION", "PRODID", "CALSCALE", "METHOD", "BEGIN", "UID", "SEQUENCE",
    "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "ORGANIZER",
    "ATTENDEE", "STATUS", "TRANSP", "END", "END",
]  # fmt: skip
START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def _event(**values: str) -> CalendarEvent:
    fields: dict[str, Any] = {
        "uid": "visit-1@jobcenter-crm",
        "sequence": 0,
        "starts_at": START,
        "ends_at": START + datetime.timedelta(hours=1),
        "summary": "Møde med Jobcenter Struer",
        "location": "Østergade 1",
        "description": "",
        "organizer_name": "Karen Konsulent",
        "organizer_email": "karen@struer.dk",
        "attendee_name": "Hanne Holm",
        "attendee_email": "hanne@example.dk",
    }
    return CalendarEvent(**(fields | values))


def _unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def _check_shape(ics: str) -> list[tuple[str, str]]:
    assert ics.endswith("\r\n")
    physical = ics[:-2].split("\r\n")
    for line in physical:
        # Every physical line is at most 75 octets, and holds no bare CR, LF or control.
        assert len(line.encode("utf-8")) <= 75
        assert "\r" not in line and "\n" not in line
        assert not any(ord(char) < 32 and char != "\t" or ord(char) == 127 for char in line)
    pairs = parse_ics(ics)
    assert [name.split(";")[0] for name in (n for n, _ in pairs)] == EXPECTED_NAMES
    return pairs


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("value", HOSTILE)
def test_no_text_value_adds_a_property_line(field, value):
    pairs = _check_shape(build_ics(_event(**{field: value}), stamp=START))
    written = dict(pairs)[field.upper()]
    # Read back, the text is the user's (line breaks as \n, controls dropped).
    expected = value.replace("\r\n", "\n").replace("\r", "\n")
    expected = "".join(c for c in expected if c == "\n" or c == "\t" or 32 <= ord(c) != 127)
    assert _unescape(written) == expected
    # ';' and ',' inside the value are always escaped.
    assert all(written[i - 1] == "\\" for i, c in enumerate(written) if c in ";,")


@pytest.mark.parametrize("field", PARAM_FIELDS)
@pytest.mark.parametrize("value", HOSTILE)
def test_no_parameter_value_adds_a_property_or_parameter(field, value):
    pairs = _check_shape(build_ics(_event(**{field: value}), stamp=START))
    name = "ORGANIZER" if field == "organizer_name" else "ATTENDEE"
    [(full_name, address)] = [(n, v) for n, v in pairs if n.split(";")[0] == name]
    assert address.startswith("mailto:")
    cn = full_name.split(";", 1)[1]
    assert cn.startswith('CN="')
    quoted = cn[4 : cn.index('"', 4)]
    assert '"' not in quoted
    rest = cn[4 + len(quoted) + 1 :]
    # Nothing of the user's value leaks outside its quotes into other parameters.
    assert rest == (
        "" if name == "ORGANIZER" else ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
    )


@pytest.mark.parametrize("trick", TRICKS[:5])
def test_an_address_cannot_break_the_line(trick):
    ics = build_ics(_event(attendee_email=f"hanne@example.dk{trick}"), stamp=START)
    _check_shape(ics)


def test_escaping_follows_rfc_5545():
    assert escape_text("a\\b;c,d\r\ne\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"


def test_long_values_fold_between_characters_and_unfold_to_the_same_text():
    value = "æ" * 100 + "🙂" * 40
    ics = build_ics(_event(description=value), stamp=START)
    _check_shape(ics)
    assert dict(parse_ics(ics))["DESCRIPTION"] == value
