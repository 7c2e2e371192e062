"""Time in Verbind: UTC in the database and in code, Amsterdam wall time only at the edges
(forms that read a local time, pages and files that show one).

Plain functions on plain values, used by every feature; no Flask, no database.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

TZID = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(TZID)


def utcnow() -> datetime:
    """Now, as code and the database hold it: aware UTC."""
    return datetime.now(UTC)


def amsterdam_today() -> date:
    """Today's date in the Netherlands (the server's own date may be another one)."""
    return datetime.now(AMSTERDAM).date()


def local_time(utc: datetime) -> datetime:
    """The aware Europe/Amsterdam datetime for an aware (UTC) datetime."""
    if utc.tzinfo is None:
        raise ValueError(f"expected an aware datetime, got {utc!r}")
    return utc.astimezone(AMSTERDAM)


def to_utc(local_naive: datetime) -> datetime:
    """The aware UTC datetime for a naive Europe/Amsterdam wall time (as a form reads it).

    A wall time that occurs twice (the last hour of summer time) means its first occurrence;
    one that does not exist (the spring gap) is read with the winter offset, which lands it
    an hour later in summer time, as zoneinfo does.
    """
    if local_naive.tzinfo is not None:
        raise ValueError(f"expected a naive wall time, got {local_naive!r}")
    return local_naive.replace(tzinfo=AMSTERDAM, fold=0).astimezone(UTC)


def amsterdam_time(utc: datetime | None, pattern: str = "%d-%m-%Y %H:%M") -> str:
    """A stored UTC time as Dutch wall-clock time (with the right summer/winter offset); the
    `amsterdam` template filter."""
    return local_time(utc).strftime(pattern) if utc else ""


# Weekday and year, because these dates can be months away: "do 26 nov 2026, 19:30".
DAY_PATTERN = "EEE d MMM y"
TIME_PATTERN = "HH:mm"


def date_and_time(
    utc: datetime | date | None, locale="nl", end: datetime | None = None, *, time: bool = True
) -> str:
    """A stored UTC time in Amsterdam, with weekday and year, in `locale`: "do 26 nov 2026,
    19:30" ("Thu 26 Nov 2026, 19:30"); with `end` "do 26 nov 2026, 19:30–21:00" (the end's day
    too when it is another one); with time=False only the day. The `when` template filter
    gives it the page's language."""
    if utc is None:
        return ""
    if not isinstance(utc, datetime):  # a day, such as an edition's first day
        return format_date(utc, DAY_PATTERN, locale=locale)

    def day(moment):
        return format_datetime(moment, DAY_PATTERN, tzinfo=AMSTERDAM, locale=locale)

    def clock(moment):
        return format_datetime(moment, TIME_PATTERN, tzinfo=AMSTERDAM, locale=locale)

    if not time:
        return day(utc)
    text = f"{day(utc)}, {clock(utc)}"
    if end is None:
        return text
    if local_time(end).date() == local_time(utc).date():
        return f"{text}–{clock(end)}"
    return f"{text} – {day(end)}, {clock(end)}"
