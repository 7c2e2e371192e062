"""iCalendar (RFC 5545) files: the webinar and Week calendars' `.ics` downloads and feeds.

Plain functions on plain values: no Flask, no database. Views turn their rows into
`CalendarEvent`s and serve `calendar_file(...)` as `text/calendar`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from community.clock import TZID, local_time, utcnow

# The product id names the calendar a file comes from (RFC 5545 §3.7.3).
WEBINARS_PRODID = "-//Verbind//Webinars//NL"
WEEK_PRODID = "-//Verbind//Week tegen Kindermishandeling//NL"
MAX_LINE_OCTETS = 75
CRLF = "\r\n"

# Current EU rules (since 1996). The DTSTARTs are the customary 1970 anchors: the first
# last-Sunday-of-March and last-Sunday-of-October of the epoch year, as local wall times.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    f"X-LIC-LOCATION:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)

# RFC 5545 §3.1 forbids control characters other than HTAB in values; newlines are escaped.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # globally unique, e.g. "webinar-12@verbind"
    title: str
    description: str  # plain text
    starts_at: datetime  # aware UTC, as stored in the database
    ends_at: datetime  # aware UTC
    url: str = ""  # link to the webinar page
    location: str = ""  # e.g. "Online"
    stamp: datetime | None = None  # aware UTC, for DTSTAMP; None means now
    sequence: int = 0  # bumped on every change, so calendars replace the old copy
    cancelled: bool = False
    # A VALARM this long before the start (a display reminder); None for none.
    reminder: timedelta | None = None

    def __post_init__(self):
        for name in ("starts_at", "ends_at", "stamp"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"{name} must be an aware UTC datetime, got {value!r}")
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be later than starts_at (RFC 5545 §3.8.2.2)")
        if self.sequence < 0:
            raise ValueError("sequence must not be negative")
        if any(character in self.url for character in "\r\n"):
            raise ValueError("url must not contain line breaks")
        if self.reminder is not None and self.reminder <= timedelta(0):
            raise ValueError("reminder must be a positive time before the start")


def calendar_file(
    events: Iterable[CalendarEvent],
    *,
    calendar_name: str = "Verbind",
    product_id: str = WEBINARS_PRODID,
) -> str:
    """A complete VCALENDAR (RFC 5545) with a VTIMEZONE for Europe/Amsterdam and one VEVENT per
    event; `product_id` says which of Verbind's calendars it is."""
    now = utcnow()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product_id}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for event in events:
        lines.extend(_vevent_lines(event, now))
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines)


def _vevent_lines(event: CalendarEvent, now: datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{_utc_value(event.stamp or now)}",
        f"DTSTART{_date_time_property(event.starts_at)}",
        f"DTEND{_date_time_property(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(event.description)}",
    ]
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    lines += [
        f"SEQUENCE:{event.sequence}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
    ]
    if event.reminder is not None and not event.cancelled:
        # RFC 5545 §3.6.6: a DISPLAY alarm needs ACTION, TRIGGER and DESCRIPTION.
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER:-{duration_value(event.reminder)}",
            f"DESCRIPTION:{escape_text(event.title)}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def duration_value(length: timedelta) -> str:
    """A DURATION value (RFC 5545 §3.3.6): P1D, PT1H, PT1H30M."""
    seconds = int(length.total_seconds())
    if seconds % 86400 == 0:
        return f"P{seconds // 86400}D"
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    value = "PT"
    value += f"{hours}H" if hours else ""
    value += f"{minutes}M" if minutes else ""
    value += f"{seconds}S" if seconds or value == "PT" else ""
    return value


def _date_time_property(utc: datetime) -> str:
    """Parameters and value for DTSTART/DTEND: Amsterdam wall time with TZID where possible.

    RFC 5545 §3.3.5 reads a repeated wall time as its first occurrence, so a moment in the
    second pass of the October hour cannot be written with TZID; it is written in UTC instead.
    """
    local = local_time(utc)
    if local.fold:
        return f":{_utc_value(utc)}"
    return f";TZID={TZID}:{local:%Y%m%dT%H%M%S}"


def _utc_value(utc: datetime) -> str:
    return f"{utc.astimezone(UTC):%Y%m%dT%H%M%S}Z"


def escape_text(value: str) -> str:
    """A TEXT value escaped per RFC 5545 §3.3.11 (backslash first, so escapes stay single)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL_CHARACTERS.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """A content line folded at 75 octets of UTF-8 (RFC 5545 §3.1), never inside a character.

    Continuation lines start with one space, which counts towards their 75 octets.
    """
    if len(line.encode()) <= MAX_LINE_OCTETS:
        return line
    parts = []
    current, size = [], 0
    for character in line:
        width = len(character.encode())
        if size + width > MAX_LINE_OCTETS:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(character)
        size += width
    parts.append("".join(current))
    return CRLF.join(parts)
