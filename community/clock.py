"""Time in Verbind: UTC in the database and in code, Amsterdam wall time only at the edges
(forms that read a local time, pages and files that show one).

Plain functions on plain values, used by every feature; no Flask, no database.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

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
