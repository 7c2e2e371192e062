"""Numbers and dates read from the query string, and the page of a list. A value a page cannot
use is the user's mistake: a 400 that says which value in the address is wrong, raised before
any query runs (PostgreSQL refuses a number too large for its column; SQLite and Python's dates
overflow)."""

import re
from datetime import date

from flask import request
from flask_babel import format_date
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

from community.extensions import db
from community.security import MAX_ID

# The days the calendar and the date fields accept: every real event fits, and a week or a month
# either side, and the conversion to and from Dutch time, stay valid dates.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# Page numbers beyond this are refused rather than turned into an ever larger OFFSET.
MAX_PAGE = 10_000

_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,20}")


class InvalidArgument(BadRequest):
    """A 400 whose message tells the user which value in the address is wrong, and why."""

    def __init__(self, message):
        super().__init__()
        self.user_message = message


def _shown(value):
    return value if len(value) <= 30 else value[:30] + "…"


def int_arg(name, default=None, *, minimum=1, maximum=MAX_ID):
    """The whole number `name` in the query string, `default` when it is absent or empty."""
    return int_value(name, request.args.get(name), default, minimum=minimum, maximum=maximum)


def int_value(name, raw, default=None, *, minimum=1, maximum=MAX_ID):
    """The whole number `raw` of the query argument `name`; `default` when absent or empty."""
    if raw is None or raw == "":
        return default
    number = int(raw) if _WHOLE_NUMBER.fullmatch(raw) else None
    if number is None or not minimum <= number <= maximum:
        raise InvalidArgument(
            _(
                "“%(name)s=%(value)s” in the address is not valid: it must be a whole number "
                "from %(minimum)d to %(maximum)d.",
                name=_shown(name),
                value=_shown(raw),
                minimum=minimum,
                maximum=maximum,
            )
        )
    return number


def page_arg():
    return int_arg("page", 1, maximum=MAX_PAGE)


def paginate(query, *, per_page):
    """One page of `query`: the page number from the address, checked; the page size is the
    caller's (Flask-SQLAlchemy would otherwise read both from the address, unchecked)."""
    return db.paginate(query, page=page_arg(), per_page=per_page, error_out=False)


def date_value(name, raw):
    """The date `raw` (2025-11-18) of the query argument `name`; None when absent or empty."""
    if raw is None or raw == "":
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise InvalidArgument(
            _(
                "“%(name)s=%(value)s” in the address is not a date. Write dates as 2025-11-18.",
                name=_shown(name),
                value=_shown(raw),
            )
        ) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InvalidArgument(outside_calendar_message())
    return day


def outside_calendar_message():
    return _(
        "Choose a date from %(earliest)s to %(latest)s.",
        earliest=format_date(EARLIEST_DATE, "long"),
        latest=format_date(LATEST_DATE, "long"),
    )
