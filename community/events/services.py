"""Rules of the Week calendar as plain functions: places, submitting and reviewing events,
which events a filter matches, and registration with a waiting list."""

import csv
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from community.arguments import date_value
from community.clock import amsterdam_today, local_time, to_utc, utcnow
from community.errors import UserError
from community.events import policies
from community.events.models import (
    Audience,
    Event,
    EventRegistration,
    EventRegistrationStatus,
    EventStatus,
    WeekEdition,
)
from community.extensions import db
from community.permissions import Permission, can
from community.waiting_list import WaitingList

GEMEENTEN_FILE = Path(__file__).with_name("gemeenten.csv")
PROVINCES = (
    "Drenthe",
    "Flevoland",
    "Fryslân",
    "Gelderland",
    "Groningen",
    "Limburg",
    "Noord-Brabant",
    "Noord-Holland",
    "Overijssel",
    "Utrecht",
    "Zeeland",
    "Zuid-Holland",
)


class EventError(UserError):
    """A problem with a Week event the user can fix."""


@lru_cache(maxsize=1)
def _gemeenten():
    with GEMEENTEN_FILE.open(encoding="utf-8") as handle:
        return {
            row["gemeente"].casefold(): (row["gemeente"], row["provincie"])
            for row in csv.DictReader(handle)
        }


def gemeente_names():
    return sorted(name for name, _province in _gemeenten().values())


def find_gemeente(name):
    """(official name, province) for a gemeente typed in any case, or None."""
    return _gemeenten().get((name or "").strip().casefold())


# --- editions ----------------------------------------------------------------------------------


def current_edition(today=None):
    """The edition running now or coming next; else the most recent one."""
    today = today or amsterdam_today()
    coming = db.session.scalar(
        select(WeekEdition).where(WeekEdition.ends_on >= today).order_by(WeekEdition.starts_on)
    )
    if coming is not None:
        return coming
    return db.session.scalar(select(WeekEdition).order_by(WeekEdition.starts_on.desc()))


# --- submitting, editing, reviewing ------------------------------------------------------------


def apply_event_data(event, data, *, now=None, new=False):
    """Check the form's values and copy them onto the event. data: dict of plain values with
    local (Dutch) naive datetimes 'starts' and 'ends', and 'privacy_confirmed' when the author
    confirmed the privacy guard's findings in the title or description."""
    now = now or utcnow()
    starts, ends = to_utc(data["starts"]), to_utc(data["ends"])
    if ends <= starts:
        raise EventError(_("The end must be after the start."), field="ends")
    if new and starts < now:
        raise EventError(_("A new event cannot start in the past."), field="starts")
    online = bool(data["online"])
    gemeente = province = ""
    if online:
        if not data.get("online_url"):
            raise EventError(_("Give the link for the online event."), field="online_url")
    else:
        found = find_gemeente(data.get("gemeente"))
        if found is None:
            raise EventError(
                _(
                    "We do not know the gemeente “%(name)s”. Check the spelling.",
                    name=(data.get("gemeente") or "")[:100],
                ),
                field="gemeente",
            )
        gemeente, province = found
        if not data.get("address"):
            raise EventError(_("Give the address of the venue."), field="address")
    if data.get("registration_mode") == "external" and not data.get("external_url"):
        raise EventError(_("Give the link where people register."), field="external_url")
    event.title = data["title"].strip()
    event.description = data["description"].strip()
    # What the event says now decides: a confirmation for the old text does not carry over.
    event.privacy_confirmed = bool(data.get("privacy_confirmed"))
    event.starts_at, event.ends_at = starts, ends
    event.online = online
    event.online_url = (data.get("online_url") or "").strip() if online else ""
    event.venue = "" if online else (data.get("venue") or "").strip()
    event.address = "" if online else (data.get("address") or "").strip()
    event.gemeente, event.province = gemeente, province
    event.audience = Audience(data["audience"])
    event.organisation = (data.get("organisation") or "").strip()
    event.capacity = data.get("capacity") or None
    event.contact = (data.get("contact") or "").strip()
    event.registration_mode = data.get("registration_mode") or "none"
    event.external_url = (data.get("external_url") or "").strip()
    event.updated_at = now
    event.revision = (event.revision or 0) + 1


def submit_event(organiser, data, now=None):
    if not can(organiser, Permission.SUBMIT_EVENTS):
        raise EventError(_("Only organisers can announce events."), status=403)
    event = Event(organiser_id=organiser.id, status=EventStatus.PENDING)
    apply_event_data(event, data, now=now, new=True)
    db.session.add(event)
    db.session.commit()
    return event


def time_and_place(event):
    """What registrants plan their day around: a change here is news to them."""
    return (
        event.starts_at,
        event.ends_at,
        event.online,
        event.gemeente,
        event.address,
        event.online_url,
    )


def edit_event(user, event, data, now=None):
    """Save changes; a published event whose time or place changes goes back to review."""
    if not policies.may_edit_event(user, event):
        raise EventError(_("You may not edit this event."), status=403)
    before = time_and_place(event)
    apply_event_data(event, data, now=now)
    after = time_and_place(event)
    moderator = can(user, Permission.APPROVE_EVENTS)
    published_and_moved = event.status == EventStatus.APPROVED and before != after
    if event.status == EventStatus.CHANGES_REQUESTED or (published_and_moved and not moderator):
        event.status = EventStatus.PENDING
    db.session.commit()
    return event


REVIEW_DECISIONS = {
    "approve": EventStatus.APPROVED,
    "changes": EventStatus.CHANGES_REQUESTED,
    "reject": EventStatus.REJECTED,
}


def review_event(moderator, event, decision, note=""):
    if not can(moderator, Permission.APPROVE_EVENTS):
        raise EventError(_("Only moderators review events."), status=403)
    if decision not in REVIEW_DECISIONS:
        raise EventError(_("Choose a decision."), field="decision")
    note = (note or "").strip()
    if decision == "changes" and not note:
        raise EventError(_("Tell the organiser what to change."), field="note")
    event.status = REVIEW_DECISIONS[decision]
    event.review_note = note[:1000]
    event.reviewed_by_id = moderator.id
    event.reviewed_at = utcnow()
    db.session.commit()


# --- finding events ----------------------------------------------------------------------------


@dataclass
class EventFilter:
    start: date | None = None
    end: date | None = None
    province: str = ""
    gemeente: str = ""
    audience: str = ""
    mode: str = ""  # online | onsite
    q: str = ""

    @classmethod
    def from_args(cls, args):
        """The filter of a calendar URL; InvalidArgument (a 400) for a date that is not one, or
        is outside the calendar."""
        audience = args.get("audience", "")
        return cls(
            start=date_value("start", args.get("start")),
            end=date_value("end", args.get("end")),
            province=args.get("province", "") if args.get("province") in PROVINCES else "",
            gemeente=(args.get("gemeente", "") or "")[:100].strip(),
            audience=audience if audience in set(Audience) else "",
            mode=args.get("mode", "") if args.get("mode") in ("online", "onsite") else "",
            q=(args.get("q", "") or "")[:100].strip(),
        )

    def as_args(self):
        """Only the filters that are set, as URL parameters (so a view can be shared)."""
        values = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value:
                values[item.name] = value.isoformat() if isinstance(value, date) else value
        return values


def _utc_day_start(day):
    return to_utc(datetime(day.year, day.month, day.day))


def events_matching(event_filter):
    """A select() of approved events matching the filter, soonest first."""
    query = select(Event).where(Event.status == EventStatus.APPROVED)
    if event_filter.start:
        query = query.where(Event.ends_at >= _utc_day_start(event_filter.start))
    if event_filter.end:
        query = query.where(Event.starts_at < _utc_day_start(event_filter.end + timedelta(days=1)))
    if event_filter.province:
        query = query.where(Event.province == event_filter.province)
    if event_filter.gemeente:
        query = query.where(func.lower(Event.gemeente) == event_filter.gemeente.lower())
    if event_filter.audience:
        query = query.where(Event.audience.in_([event_filter.audience, Audience.EVERYONE]))
    if event_filter.mode == "online":
        query = query.where(Event.online.is_(True))
    elif event_filter.mode == "onsite":
        query = query.where(Event.online.is_(False))
    if event_filter.q:
        like = f"%{event_filter.q.lower().replace('%', '').replace('_', '')}%"
        query = query.where(
            or_(
                func.lower(Event.title).like(like),
                func.lower(Event.description).like(like),
                func.lower(Event.organisation).like(like),
                func.lower(Event.venue).like(like),
                func.lower(Event.gemeente).like(like),
            )
        )
    return query.order_by(Event.starts_at, Event.id)


def local_day(utc):
    return local_time(utc).date()


# --- registration ------------------------------------------------------------------------------


places = WaitingList(EventRegistration, "event_id")


def registration_of(user_id, event_id):
    return places.registration_of(user_id, event_id)


def registered_count(event_id):
    return places.registered_count(event_id)


def register(user, event, now=None):
    now = now or utcnow()
    if not event.is_public or event.registration_mode != "verbind":
        raise EventError(_("You cannot register for this event on Verbind."), status=409)
    if event.ends_at <= now:
        raise EventError(_("This event is over."), status=409)
    return places.take_place(user.id, event.id, event.capacity, now)


def cancel(user, event, now=None):
    """Returns the registration that moved up from the waiting list, if any."""
    registration = registration_of(user.id, event.id)
    if registration is None or registration.status == EventRegistrationStatus.CANCELLED:
        raise EventError(_("You are not registered for this event."), status=409)
    return places.give_up(registration, event.capacity, now)


def registrations_for(event):
    return db.session.scalars(
        select(EventRegistration)
        .where(
            EventRegistration.event_id == event.id,
            EventRegistration.status != EventRegistrationStatus.CANCELLED,
        )
        .order_by(EventRegistration.status, EventRegistration.status_since)
    ).all()
