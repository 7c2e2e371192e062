"""Time in Verbind: UTC in the database and in code, Amsterdam wall time only at the edges
(forms that read a local time, pages and files that show one).

Plain functions on plain values, used by every feature; no Flask, no database.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

TZID = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(TZID)


def utcnow() -> datetime:
    """Now, as the database stores it: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def amsterdam_today() -> date:
    """Today's date in the Netherlands (the server's own date may be another one)."""
    return datetime.now(AMSTERDAM).date()


def local_time(utc_naive: datetime) -> datetime:
    """The aware Europe/Amsterdam datetime for a naive UTC datetime."""
    _require_naive(utc_naive)
    return utc_naive.replace(tzinfo=UTC).astimezone(AMSTERDAM)


def to_utc(local_naive: datetime) -> datetime:
    """The naive UTC datetime for a naive Europe/Amsterdam wall time.

    A wall time that occurs twice (the last hour of summer time) means its first occurrence;
    one that does not exist (the spring gap) is read with the winter offset, which lands it
    an hour later in summer time, as zoneinfo does.
    """
    _require_naive(local_naive)
    aware = local_naive.replace(tzinfo=AMSTERDAM, fold=0)
    return aware.astimezone(UTC).replace(tzinfo=None)


def amsterdam_time(utc_naive: datetime | None, pattern: str = "%d-%m-%Y %H:%M") -> str:
    """A stored UTC time as Dutch wall-clock time (with the right summer/winter offset); the
    `amsterdam` template filter."""
    return local_time(utc_naive).strftime(pattern) if utc_naive else ""


def _require_naive(value: datetime) -> None:
    if value.tzinfo is not None:
        raise ValueError(f"expected a naive datetime, got {value!r}")
