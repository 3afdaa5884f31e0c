"""The iCalendar (RFC 5545) invitation sent with a visit confirmation: one VEVENT, a few
lines written by hand (no library needed), CRLF line ends, text escaped and long lines
folded as the RFC asks."""

import datetime
from dataclasses import dataclass

UTC_FORMAT = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    location: str
    description: str
    organizer_name: str
    organizer_email: str
    attendee_name: str
    attendee_email: str
    cancelled: bool = False


# Control characters (RFC 5545 3.1 CONTROL: all of C0 but HTAB, and DEL) have no place
# in a content line; CR and LF are handled first, as the text's line breaks.
_CONTROL = dict.fromkeys([*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F])


def escape_text(value: str) -> str:
    """RFC 5545 3.3.11: backslash, semicolon and comma are escaped; a line break (CRLF,
    CR or LF) becomes \\n; other control characters are dropped. The result never holds
    CR or LF, so no user text can start a property line of its own."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )
    return escaped.translate(_CONTROL)


def _param(value: str) -> str:
    """A parameter value (RFC 5545 3.2): line breaks become spaces, control characters
    are dropped, a double quote (never allowed) becomes a single one, and the value is
    always quoted, so ':', ';' and ',' stay inside it."""
    cleaned = value.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    cleaned = cleaned.translate(_CONTROL).replace('"', "'")
    return f'"{cleaned}"'


def _address(email: str) -> str:
    """A CAL-ADDRESS (mailto: URI) with nothing that could end the line."""
    return "mailto:" + email.translate(_CONTROL).replace(" ", "")


def fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets are folded (CRLF + one space), never in
    the middle of a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = char
            limit = 74  # continuation lines start with a space
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime(UTC_FORMAT)


def build_ics(event: CalendarEvent, *, stamp: datetime.datetime) -> str:
    """The invitation: every text value escaped (escape_text) and every parameter value
    quoted and cleaned (_param), every line folded at 75 octets."""
    method = "CANCEL" if event.cancelled else "REQUEST"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//jobcenter-crm//visit confirmation//DA",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"LOCATION:{escape_text(event.location)}",
        f"DESCRIPTION:{escape_text(event.description)}",
        f"ORGANIZER;CN={_param(event.organizer_name)}:{_address(event.organizer_email)}",
        f"ATTENDEE;CN={_param(event.attendee_name)};ROLE=REQ-PARTICIPANT;"
        f"PARTSTAT=NEEDS-ACTION;RSVP=TRUE:{_address(event.attendee_email)}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def parse_ics(text: str) -> list[tuple[str, str]]:
    """Unfold and split an iCalendar text into (name with parameters, value) pairs; for
    tests and for reading back what was sent."""
    unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
    pairs = []
    for line in unfolded.split("\r\n"):
        if not line:
            continue
        # The first colon outside a quoted parameter value ends the name.
        quoted = False
        for index, char in enumerate(line):
            if char == '"':
                quoted = not quoted
            elif char == ":" and not quoted:
                pairs.append((line[:index], line[index + 1 :]))
                break
        else:
            pairs.append((line, ""))
    return pairs
