"""Column types shared by every model: `UTCDateTime`, the one way a datetime is stored."""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime in Python; `timestamp with time zone` on PostgreSQL, the usual
    UTC text on SQLite (which keeps no offset).

    A naive value is refused: it would be a guess whether it meant UTC or Amsterdam.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime for a UTC column: {value!r}; use an aware one")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            # Stored as before (naive UTC text), so rows, indexes and text comparisons agree.
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
