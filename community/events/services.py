"""Rules of the Week calendar as plain functions: places, submitting and reviewing events,
which events (and Verbind webinars during the Week) a filter matches, and registration with a
waiting list."""

import csv
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import String, case, func, literal_column, or_, select, union_all, update

from community.arguments import InvalidArgument, date_value
from community.clock import amsterdam_today, local_time, to_utc, utcnow
from community.errors import UserError
from community.events import mail, policies
from community.events.ical import normal_postcode, place_text, split_address
from community.events.models import (
    Audience,
    Event,
    EventChange,
    EventRegistration,
    EventRegistrationStatus,
    EventStatus,
    RegistrationMode,
    WeekEdition,
)
from community.extensions import db
from community.listing import first_and_total
from community.permissions import Permission, can
from community.templating import when
from community.waiting_list import WaitingList
from community.webinars import services as webinar_services

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


def lies_within(webinar, starts_at, ends_at):
    """Does the webinar take place within this time (an event's)?"""
    return starts_at <= webinar.starts_at and webinar.ends_at <= ends_at


def _check_webinar(webinar, *, starts, ends, now, already_linked):
    """EventError unless the webinar can be the Verbind webinar of an event at this time. A new
    link needs a webinar that exists, is neither cancelled nor over and lies within the event's
    time. A link the event already has stays while the event's time holds the webinar (a
    cancelled or moved webinar is shown as such on the event's page)."""
    if webinar is None:
        raise EventError(
            _("This webinar does not exist. Choose one from the list."), field="webinar_id"
        )
    if not already_linked:
        if webinar.cancelled:
            raise EventError(_("This webinar has been cancelled."), field="webinar_id")
        if webinar.ends_at <= now:
            raise EventError(_("This webinar is over."), field="webinar_id")
    elif webinar.cancelled or webinar.ends_at <= now:
        return
    if not lies_within(webinar, starts, ends):
        raise EventError(
            _(
                "The webinar (%(when)s) must lie within the time of the event.",
                when=when(webinar.starts_at, webinar.ends_at),
            ),
            field="starts",
        )


def _linked_webinar(user, webinar_id, *, online, starts, ends, now, already_linked):
    """The Verbind webinar an online event is to be: EventError unless the event is online, the
    person may link the webinar (when it is a new link) and _check_webinar agrees."""
    if not online:
        raise EventError(
            _(
                "Only an online event can be a Verbind webinar. Tick “This event is online”, "
                "or choose “No” under Verbind webinar."
            ),
            field="webinar_id",
        )
    webinar = webinar_services.webinar_by_id(webinar_id)
    if webinar is not None and not already_linked and not policies.may_link_webinar(user, webinar):
        raise EventError(
            _("You can only choose a webinar you host."), field="webinar_id", status=403
        )
    _check_webinar(webinar, starts=starts, ends=ends, now=now, already_linked=already_linked)
    return webinar


def event_values(data, *, user=None, now=None, new=False, linked=()):
    """Check the form's values and return them as column values of an event. data: dict of
    plain values with local (Dutch) naive datetimes 'starts' and 'ends', 'privacy_confirmed'
    when the author confirmed the privacy guard's findings in the title or description, and
    'webinar_id' (0 or None for none) when the online event is a Verbind webinar of `user`'s
    choosing; `linked` holds the webinar ids the event already has (published or waiting)."""
    now = now or utcnow()
    starts, ends = to_utc(data["starts"]), to_utc(data["ends"])
    if ends <= starts:
        raise EventError(_("The end must be after the start."), field="ends")
    if new and starts < now:
        raise EventError(_("A new event cannot start in the past."), field="starts")
    online = bool(data["online"])
    gemeente = province = street = postcode = ""
    registration_mode = data.get("registration_mode") or RegistrationMode.NONE
    webinar = None
    if data.get("webinar_id"):
        webinar = _linked_webinar(
            user,
            data["webinar_id"],
            online=online,
            starts=starts,
            ends=ends,
            now=now,
            already_linked=data["webinar_id"] in linked,
        )
    if webinar is not None:
        # People register on the webinar's page; its attendees get its stream link there.
        registration_mode = RegistrationMode.NONE
    elif online:
        # The meeting link is for the people registered (like a webinar's stream link): an
        # online event takes registration, on Verbind (which gives them the link) or elsewhere.
        if registration_mode == RegistrationMode.NONE:
            raise EventError(
                _(
                    "An online event needs registration: only people who registered get the "
                    "link. Choose registration on Verbind or elsewhere."
                ),
                field="registration_mode",
            )
        if registration_mode == RegistrationMode.VERBIND and not data.get("online_url"):
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
        postcode = normal_postcode(data.get("postcode"))
        if postcode is None:
            raise EventError(
                _("This is not a Dutch postcode. Write it as 1017 GC."), field="postcode"
            )
        street, postcode = split_address(data["address"], gemeente, postcode)
    if registration_mode == "external" and not data.get("external_url"):
        raise EventError(_("Give the link where people register."), field="external_url")
    return {
        "title": data["title"].strip(),
        "description": data["description"].strip(),
        # What the event says now decides: a confirmation for the old text does not carry over.
        "privacy_confirmed": bool(data.get("privacy_confirmed")),
        "starts_at": starts,
        "ends_at": ends,
        "online": online,
        "online_url": (data.get("online_url") or "").strip() if online and not webinar else "",
        "webinar_id": webinar.id if webinar else None,
        "venue": "" if online else (data.get("venue") or "").strip(),
        "address": street,
        "postcode": postcode,
        "gemeente": gemeente,
        "province": province,
        "audience": Audience(data["audience"]),
        "organisation": (data.get("organisation") or "").strip(),
        "capacity": None if webinar else data.get("capacity") or None,
        "contact": (data.get("contact") or "").strip(),
        "registration_mode": registration_mode,
        "external_url": "" if webinar else (data.get("external_url") or "").strip(),
    }


def _set_values(event, values, now):
    for name, value in values.items():
        setattr(event, name, value)
    event.updated_at = now
    # SEQUENCE of the event's iCal entry: calendars replace their copy when it goes up.
    event.revision = (event.revision or 0) + 1


def submit_event(organiser, data, now=None):
    if not can(organiser, Permission.SUBMIT_EVENTS):
        raise EventError(_("Only organisers can announce events."), status=403)
    now = now or utcnow()
    event = Event(organiser_id=organiser.id, status=EventStatus.PENDING)
    _set_values(event, event_values(data, user=organiser, now=now, new=True), now)
    db.session.add(event)
    db.session.commit()
    return event


# What registrants plan their day around: a change here is news to them, and a published
# event's change waits for a moderator.
TIME_AND_PLACE = (
    "starts_at",
    "ends_at",
    "online",
    "online_url",
    "venue",
    "address",
    "postcode",
    "gemeente",
    "province",
    "webinar_id",
)
# What a Verbind webinar decides for the event linked to it: people register on its page.
WEBINAR_REGISTRATION = {
    "registration_mode": RegistrationMode.NONE,
    "external_url": "",
    "capacity": None,
}
# A waiting change that leaves registration as published.
PUBLISHED_REGISTRATION = {"registration_mode": None, "external_url": "", "capacity": None}


def time_and_place(event):
    """The event's (or a pending change's) time and place, as a tuple to compare."""
    return tuple(getattr(event, name) for name in TIME_AND_PLACE)


def _old_time_and_place(event):
    """What registrants knew, for the mail that tells them what changed."""
    return event.starts_at, event.ends_at, place_text(event)


class EditOutcome(StrEnum):
    SAVED = "saved"
    CHANGE_WAITS = "change_waits"  # the new time or place waits for a moderator
    WEBINAR_CHANGE_WAITS = "webinar_change_waits"  # so does a new webinar link, or its end
    CHANGE_APPLIED = "change_applied"  # a moderator's own change of time or place


def edit_event(user, event, data, now=None):
    """Save changes. A new time or place of a published event waits for review in an
    EventChange (the published one stays public meanwhile); a moderator's own change applies at
    once. Either way, when a new time or place takes effect, registrants get a mail."""
    if not policies.may_edit_event(user, event):
        raise EventError(_("You may not edit this event."), status=403)
    if event.is_cancelled:
        raise EventError(
            _("This event has been cancelled and can no longer be changed."), status=409
        )
    now = now or utcnow()
    linked = {event.webinar_id, event.pending_change.webinar_id if event.pending_change else None}
    values = event_values(data, user=user, now=now, linked=linked - {None})
    new_place = {name: values.pop(name) for name in TIME_AND_PLACE}
    moved = tuple(new_place.values()) != time_and_place(event)
    registration = PUBLISHED_REGISTRATION
    if (
        event.status == EventStatus.APPROVED
        and new_place["webinar_id"] != event.webinar_id
        and not can(user, Permission.APPROVE_EVENTS)
    ):
        # A webinar decides how people register: linking, changing or unlinking one, the new
        # registration waits with the change (_move_event applies it), and until then the
        # published event keeps its own, on its page and in what people can do there.
        registration = {name: values.pop(name) for name in WEBINAR_REGISTRATION}
    if event.status != EventStatus.APPROVED:
        _set_values(event, {**values, **new_place}, now)
        if event.status == EventStatus.CHANGES_REQUESTED:
            event.status = EventStatus.PENDING
        db.session.commit()
        return EditOutcome.SAVED
    if any(getattr(event, name) != value for name, value in values.items()):
        _set_values(event, values, now)
    if not moved:
        # Back to the published time and place: a waiting change is withdrawn.
        event.pending_change = None
        outcome = EditOutcome.SAVED
    elif can(user, Permission.APPROVE_EVENTS):
        event.pending_change = None
        _move_event(event, new_place, now)
        outcome = EditOutcome.CHANGE_APPLIED
    else:
        change = event.pending_change or EventChange(event=event)
        for name, value in {**new_place, **registration}.items():
            setattr(change, name, value)
        change.proposed_by_id = user.id
        change.created_at = now
        db.session.add(change)
        outcome = (
            EditOutcome.CHANGE_WAITS
            if change.webinar_id == event.webinar_id
            else EditOutcome.WEBINAR_CHANGE_WAITS
        )
    db.session.commit()
    return outcome


def _move_event(event, new_place, now, registration=None):
    """Give the published event its new time and place (and `registration`, a waiting change's
    registration that came with a new webinar link or its end) and tell everyone registered or
    waiting, with the updated calendar entry (not committed)."""
    old = _old_time_and_place(event)
    if new_place["starts_at"] != event.starts_at:
        event.previous_starts_at = event.starts_at
    _set_values(event, new_place, now)
    if event.webinar_id is not None:
        registration = WEBINAR_REGISTRATION
    for name, value in (registration or {}).items():
        setattr(event, name, value)
    event.changed_at = now
    mail.send_changed_mail(people_to_tell(event), event, old)


def people_to_tell(event):
    """Registrations of everyone registered or on the waiting list: they hear of changes."""
    return db.session.scalars(
        select(EventRegistration)
        .where(
            EventRegistration.event_id == event.id,
            EventRegistration.status.in_(
                [EventRegistrationStatus.REGISTERED, EventRegistrationStatus.WAITING]
            ),
        )
        .order_by(EventRegistration.id)
    ).all()


def change_registration(change):
    """The registration a waiting change carries ({name: value}), or None when it leaves the
    published one."""
    if change.registration_mode is None:
        return None
    return {name: getattr(change, name) for name in WEBINAR_REGISTRATION}


def pending_change_form_values(event):
    """The waiting change as the edit form shows it, so the organiser sees what they asked
    (with the registration they chose when the change ends the event's webinar)."""
    change = event.pending_change
    if change is None:
        return {}
    registration = change_registration(change)
    if registration is None or change.webinar_id is not None:
        registration = {}  # a webinar's registration is its page: the form keeps the event's
    return {
        **registration,
        "starts": local_time(change.starts_at).replace(tzinfo=None),
        "ends": local_time(change.ends_at).replace(tzinfo=None),
        **{
            name: getattr(change, name)
            for name in ("online", "online_url", "venue", "address", "postcode")
        },
        "gemeente": change.gemeente,
        "webinar_id": change.webinar_id or 0,
    }


def pending_parts(event):
    """(does the waiting change move the time or place, does it link, change or end the
    Verbind webinar), for the organiser's view of what waits."""
    change = event.pending_change
    webinar_changed = change.webinar_id != event.webinar_id
    # A new webinar or its end brings its own link: that is the webinar's part.
    compared = [name for name in TIME_AND_PLACE if name != "webinar_id"]
    if webinar_changed:
        compared.remove("online_url")
    moved = any(getattr(change, name) != getattr(event, name) for name in compared)
    return moved, webinar_changed


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


def change_rows(event, webinar_titles=None):
    """[FieldChange] of a pending change, field by field, for the moderator: only what differs.
    webinar_titles: {id: title} of the webinars of the changes on one page (read together);
    without it they are read here."""
    change = event.pending_change
    if change is None:
        return []
    if webinar_titles is None:
        webinar_titles = webinar_titles_of([event])

    rows = [
        (_("Starts"), when(event.starts_at), when(change.starts_at)),
        (_("Ends"), when(event.ends_at), when(change.ends_at)),
        (
            _("Online or on site"),
            _("Online") if event.online else _("On site"),
            _("Online") if change.online else _("On site"),
        ),
        (_("Link for the online event"), event.online_url, change.online_url),
        (_("Venue"), event.venue, change.venue),
        (_("Address"), event.address, change.address),
        (_("Postcode"), event.postcode, change.postcode),
        (_("Municipality (gemeente)"), event.gemeente, change.gemeente),
        (
            _("Verbind webinar"),
            webinar_titles.get(event.webinar_id, ""),
            webinar_titles.get(change.webinar_id, ""),
        ),
    ]
    registration = change_registration(change)
    if registration is not None:
        rows += [
            (
                _("Registration"),
                registration_text(event.registration_mode, event.webinar_id),
                registration_text(registration["registration_mode"], change.webinar_id),
            ),
            (_("Places"), _places_text(event.capacity), _places_text(registration["capacity"])),
            (_("Registration link"), event.external_url, registration["external_url"]),
        ]
    return [FieldChange(label, old, new) for label, old, new in rows if old != new]


def registration_text(mode, webinar_id=None):
    """How people register, in words: for the moderator's old → new and the organiser's
    waiting change."""
    if webinar_id:
        return _("On the webinar's page")
    return {
        RegistrationMode.VERBIND: _("Register on Verbind"),
        RegistrationMode.EXTERNAL: _("Register elsewhere (link)"),
    }.get(mode, _("No registration needed"))


def _places_text(capacity):
    return str(capacity) if capacity else _("No limit")


def webinar_titles_of(events):
    """{webinar id: title} of the webinars these events and their waiting changes link: one
    query (none when no event links one)."""
    ids = {event.webinar_id for event in events}
    ids |= {event.pending_change.webinar_id for event in events if event.pending_change}
    return {
        webinar_id: webinar.title
        for webinar_id, webinar in webinar_services.webinars_by_ids(ids).items()
    }


CHANGE_DECISIONS = ("approve", "decline")


def review_change(moderator, event, decision, note="", now=None):
    """Approve (the new time and place take effect, registrants are told) or decline (the
    published version stays; the organiser is told) a waiting change."""
    if not can(moderator, Permission.APPROVE_EVENTS):
        raise EventError(_("Only moderators review events."), status=403)
    if decision not in CHANGE_DECISIONS:
        raise EventError(_("Choose a decision."), field="decision")
    change = event.pending_change
    if change is None:
        raise EventError(_("This change has already been decided."), status=409)
    now = now or utcnow()
    note = (note or "").strip()[:1000]
    new_place = {name: getattr(change, name) for name in TIME_AND_PLACE}
    registration = change_registration(change)
    if decision == "approve":
        _check_publishable(
            change,
            (registration or {}).get("registration_mode", event.registration_mode),
            already_linked=change.webinar_id == event.webinar_id,
            now=now,
            refusal=lambda reason: _(
                "This change cannot be approved: %(reason)s Decline it; the organiser can "
                "then choose again.",
                reason=reason,
            ),
        )
    event.pending_change = None
    if decision == "approve":
        _move_event(event, new_place, now, registration)
    else:
        mail.send_change_declined_mail(event, note)
    event.review_note = note
    event.reviewed_by_id = moderator.id
    event.reviewed_at = now
    db.session.commit()


def _check_publishable(version, registration_mode, *, already_linked, now, refusal):
    """EventError (409, refusal(reason) as its message) when what a moderator is about to publish,
    an event or a waiting change (`version`), no longer holds because its Verbind webinar
    changed since the organiser chose it: deleted, cancelled, over, or moved out of its time."""
    if version.webinar_id is None:
        if version.online and registration_mode == RegistrationMode.NONE:
            # Only a webinar's deletion leaves an online event without a way in (event_values
            # never does): the link was set to NULL.
            raise EventError(refusal(_("Its Verbind webinar no longer exists.")), status=409)
        return
    try:
        _check_webinar(
            webinar_services.webinar_by_id(version.webinar_id),
            starts=version.starts_at,
            ends=version.ends_at,
            now=now,
            already_linked=already_linked,
        )
    except EventError as error:
        raise EventError(refusal(str(error)), status=409) from error


def check_cancellable(event):
    """EventError unless the event is published and not yet cancelled."""
    if not event.is_public:
        raise EventError(_("Only a published event can be cancelled."), status=409)
    if event.is_cancelled:
        raise EventError(_("This event has already been cancelled."), status=409)


def cancel_event(user, event, reason="", now=None):
    """The event stays public, marked cancelled; registration closes, calendars get
    STATUS:CANCELLED and everyone registered or waiting gets a mail."""
    if not policies.may_edit_event(user, event):
        raise EventError(_("You may not cancel this event."), status=403)
    check_cancellable(event)
    now = now or utcnow()
    event.pending_change = None
    event.cancelled_at = now
    event.cancel_reason = (reason or "").strip()[:1000]
    event.updated_at = now
    event.revision = (event.revision or 0) + 1
    mail.send_cancelled_mail(people_to_tell(event), event)
    db.session.commit()


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
    if decision == "approve":
        _check_publishable(
            event,
            event.registration_mode,
            already_linked=False,
            now=utcnow(),
            refusal=lambda reason: _(
                "This event cannot be published: %(reason)s Ask the organiser for changes.",
                reason=reason,
            ),
        )
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
    def names(cls):
        return tuple(item.name for item in fields(cls))

    @classmethod
    def from_args(cls, args):
        """The filter of a calendar URL; InvalidArgument (a 400 that says what is wrong) for a
        value the calendar does not know: a date that is not one or is outside the calendar, a
        province, gemeente, audience or place that does not exist. Never "all events" instead."""
        event_filter, problems = cls.read(args)
        if problems:
            raise InvalidArgument(" ".join(problems))
        return event_filter

    @classmethod
    def read(cls, args):
        """(the filter with the values the calendar knows, [a message for each it does not])."""
        problems = []

        def day(name):
            try:
                return date_value(name, args.get(name))
            except InvalidArgument as error:
                problems.append(error.user_message)
                return None

        def choice(name, known, message):
            value = (args.get(name) or "").strip()
            if value and value not in known:
                problems.append(message(_shown(value)))
                return ""
            return value

        gemeente = (args.get("gemeente") or "").strip()
        if gemeente:
            found = find_gemeente(gemeente)
            if found is None:
                problems.append(
                    _(
                        "We do not know the gemeente “%(name)s”. Check the spelling.",
                        name=_shown(gemeente),
                    )
                )
            gemeente = found[0] if found else ""
        event_filter = cls(
            start=day("start"),
            end=day("end"),
            province=choice(
                "province",
                PROVINCES,
                lambda value: _(
                    "There is no province “%(value)s”. Choose one from the list.", value=value
                ),
            ),
            gemeente=gemeente,
            audience=choice(
                "audience",
                set(Audience),
                lambda value: _(
                    "“%(value)s” is not one of the audiences. Choose one from the list.",
                    value=value,
                ),
            ),
            mode=choice(
                "mode",
                ("online", "onsite"),
                lambda value: _(
                    "“%(value)s” is not a choice for where: choose online or on site.",
                    value=value,
                ),
            ),
            q=(args.get("q", "") or "")[:100].strip(),
        )
        return event_filter, problems

    def as_args(self):
        """Only the filters that are set, as URL parameters (so a view can be shared)."""
        values = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value:
                values[item.name] = value.isoformat() if isinstance(value, date) else value
        return values


def _shown(value):
    """A value from the address, short enough for a message."""
    return value if len(value) <= 30 else value[:30] + "…"


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
        like = _like(event_filter.q)
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


def _like(text):
    """A LIKE pattern for text typed in the search field: its wildcards are taken literally."""
    return f"%{text.lower().replace('%', '').replace('_', '')}%"


# --- the calendar: Week events and the Verbind webinars during the Week ------------------------

# Webinars are online and national, and Verbind's webinars are for professionals: a filter on a
# province or gemeente (on-site events, as for online events), on on-site events or on another
# audience leaves them out.
WEBINAR_AUDIENCE = Audience.PROFESSIONALS


class WebinarState(StrEnum):
    """What became of a published event's Verbind webinar since it was linked."""

    CANCELLED = "cancelled"
    MOVED = "moved"  # out of the event's time (its own page has the time that holds)
    GONE = "gone"  # deleted: the link was set to NULL


def webinar_state(event, webinar):
    """The WebinarState of the event's webinar (read by the caller; None when the webinars
    feature is off), or None while it holds or the event is no webinar."""
    if event.webinar_id is None:
        # Only a webinar's deletion leaves an online event without a way in (event_values
        # never does, and migration 0014 gave older ones registration).
        if event.online and event.registration_mode == RegistrationMode.NONE:
            return WebinarState.GONE
        return None
    if webinar is None:
        return None
    if webinar.cancelled:
        return WebinarState.CANCELLED
    if not lies_within(webinar, event.starts_at, event.ends_at):
        return WebinarState.MOVED
    return None


@dataclass(frozen=True)
class WeekEntry:
    """One line of the Week calendar: a Week event (with the Verbind webinar it is, if any), or
    a Verbind webinar during the Week."""

    event: Event | None = None
    webinar: object | None = None  # community.webinars' Webinar
    linked_webinar: object | None = None  # the event's webinar

    @property
    def webinar_state(self):
        return webinar_state(self.event, self.linked_webinar) if self.event else None

    @property
    def item(self):
        return self.event if self.event is not None else self.webinar

    @property
    def starts_at(self):
        return self.item.starts_at

    @property
    def ends_at(self):
        return self.item.ends_at

    @property
    def title(self):
        return self.item.title

    @property
    def is_cancelled(self):
        return self.event.is_cancelled if self.event is not None else self.webinar.cancelled


def week_ranges(editions):
    """[(first moment, end)] in UTC of the Dutch days of each edition of the Week."""
    return [
        (_utc_day_start(edition.starts_on), _utc_day_start(edition.ends_on + timedelta(days=1)))
        for edition in editions
    ]


def _webinar_rows(event_filter, editions):
    """A select() of (id, starts_at, 'webinar') of the webinars during a Week that the filter
    matches, or None when it leaves webinars out. A webinar that a published event (not
    cancelled) already is, is left out while it lies within the event's time: the event stands
    for it. One that moved away is listed at its own time too (the event says it moved)."""
    if event_filter.mode == "onsite" or event_filter.province or event_filter.gemeente:
        return None
    if event_filter.audience and event_filter.audience != WEBINAR_AUDIENCE:
        return None
    linked = select(Event.webinar_id, Event.starts_at, Event.ends_at).where(
        Event.status == EventStatus.APPROVED,
        Event.cancelled_at.is_(None),
        Event.webinar_id.is_not(None),
    )
    rows = webinar_services.webinars_starting_in(
        week_ranges(editions),
        ends_from=_utc_day_start(event_filter.start) if event_filter.start else None,
        starts_before=_utc_day_start(event_filter.end + timedelta(days=1))
        if event_filter.end
        else None,
        like=_like(event_filter.q) if event_filter.q else "",
        covered_by=linked,
    )
    return rows.add_columns(literal_column("'webinar'", String).label("kind"))


def calendar_rows(event_filter, editions, *, with_webinars=True):
    """A select() of (id, kind) rows, kind 'event' or 'webinar', soonest first: the approved
    events the filter matches and, with_webinars, the webinars during the editions' Weeks."""
    events = (
        events_matching(event_filter)
        .order_by(None)
        .with_only_columns(
            Event.id, Event.starts_at, literal_column("'event'", String).label("kind")
        )
    )
    webinars = _webinar_rows(event_filter, editions) if with_webinars else None
    rows = (events if webinars is None else union_all(events, webinars)).subquery()
    return select(rows.c.id, rows.c.kind).order_by(rows.c.starts_at, rows.c.kind, rows.c.id)


def week_entries(rows, *, with_webinars=True):
    """[WeekEntry] of (id, kind) rows, in their order: two queries at most (the webinars listed
    and, with_webinars, those the events are, in one)."""
    event_ids = [row_id for row_id, kind in rows if kind == "event"]
    events = (
        {
            event.id: event
            for event in db.session.scalars(select(Event).where(Event.id.in_(event_ids)))
        }
        if event_ids
        else {}
    )
    linked_ids = [event.webinar_id for event in events.values()] if with_webinars else []
    webinars = webinar_services.webinars_by_ids(
        [row_id for row_id, kind in rows if kind == "webinar"] + linked_ids
    )
    entries = []
    for row_id, kind in rows:
        if kind == "event" and row_id in events:
            event = events[row_id]
            entries.append(WeekEntry(event=event, linked_webinar=webinars.get(event.webinar_id)))
        elif kind == "webinar" and row_id in webinars:
            entries.append(WeekEntry(webinar=webinars[row_id]))
    return entries


class _WeekPage(SelectPagination):
    """Flask-SQLAlchemy's page of calendar_rows(), whose items are WeekEntry objects; besides
    the total it knows how many are events (`events`) and how many webinars (`webinars`), so the
    calendar says what it counts."""

    def _query_items(self):
        statement = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        rows = self._query_args["session"].execute(statement).all()
        return week_entries(rows, with_webinars=self._query_args["with_webinars"])

    def _query_count(self):
        rows = self._query_args["select"].order_by(None).subquery()
        counts = {
            kind: number
            for kind, number in self._query_args["session"].execute(
                select(rows.c.kind, func.count()).group_by(rows.c.kind)
            )
        }
        self.events, self.webinars = counts.get("event", 0), counts.get("webinar", 0)
        return self.events + self.webinars


def calendar_page(event_filter, editions, *, page, per_page, with_webinars=True):
    """One page of the calendar's entries and how many there are: four queries."""
    return _WeekPage(
        select=calendar_rows(event_filter, editions, with_webinars=with_webinars),
        session=db.session(),
        with_webinars=with_webinars,
        page=page,
        per_page=per_page,
        error_out=False,
    )


def calendar_entries(event_filter, editions, *, limit, with_webinars=True):
    """The first `limit` calendar entries, for the feeds: three queries."""
    statement = calendar_rows(event_filter, editions, with_webinars=with_webinars).limit(limit)
    return week_entries(db.session.execute(statement).all(), with_webinars=with_webinars)


def local_day(utc):
    return local_time(utc).date()


# --- registration ------------------------------------------------------------------------------


places = WaitingList(EventRegistration, "event_id")


def registration_of(user_id, event_id):
    return places.registration_of(user_id, event_id)


def registered_count(event_id):
    return places.registered_count(event_id)


def register(user, event, now=None):
    """A place or a place on the waiting list, confirmed by mail."""
    now = now or utcnow()
    if not event.is_public or event.registration_mode != "verbind":
        raise EventError(_("You cannot register for this event on Verbind."), status=409)
    if event.is_cancelled:
        raise EventError(_("This event has been cancelled."), status=409)
    if event.ends_at <= now:
        raise EventError(_("This event is over."), status=409)
    before = places.status_of(user.id, event.id)
    registration = places.take_place(user.id, event.id, event.capacity, now)
    if registration.status != before:
        mail.send_registration_mail(registration, event)
        db.session.commit()
    return registration


def cancel(user, event, now=None):
    """Returns the registration that moved up from the waiting list, if any (its owner gets a
    mail)."""
    registration = registration_of(user.id, event.id)
    if registration is None or registration.status == EventRegistrationStatus.CANCELLED:
        raise EventError(_("You are not registered for this event."), status=409)
    moved = places.give_up(registration, event.capacity, now)
    if moved is not None:
        mail.send_moved_up_mail(moved, event)
        db.session.commit()
    return moved


def registrations_for(event):
    return db.session.scalars(
        select(EventRegistration)
        .where(
            EventRegistration.event_id == event.id,
            EventRegistration.status != EventRegistrationStatus.CANCELLED,
        )
        .order_by(EventRegistration.status, EventRegistration.status_since)
    ).all()


# --- what is coming, for the home page -----------------------------------------------------------


def province_of(gemeente):
    """The province of a gemeente typed in any case, or "" when it is not one."""
    found = find_gemeente(gemeente)
    return found[1] if found else ""


def _coming(now):
    return (
        Event.status == EventStatus.APPROVED,
        Event.cancelled_at.is_(None),
        Event.ends_at > now,
    )


def upcoming_events(limit, now=None):
    """(the next `limit` published events that are neither cancelled nor over, soonest first,
    and how many there are): two queries."""
    now = now or utcnow()
    return first_and_total(
        select(Event).where(*_coming(now)).order_by(Event.starts_at, Event.id), limit
    )


def upcoming_events_of(user_id, limit, now=None):
    """(the person's coming events with a place or on the waiting list, as [(event,
    registration status)] soonest first, and how many there are): two queries. Only their own
    registrations; never anyone else's."""
    now = now or utcnow()
    mine = (
        EventRegistration.user_id == user_id,
        EventRegistration.status.in_(
            (EventRegistrationStatus.REGISTERED, EventRegistrationStatus.WAITING)
        ),
        *_coming(now),
    )
    return first_and_total(
        select(Event, EventRegistration.status)
        .join(EventRegistration, EventRegistration.event_id == Event.id)
        .where(*mine)
        .order_by(Event.starts_at, Event.id),
        limit,
    )


def week_is_on(edition, today=None):
    """Is this edition's Week running today (Dutch date)?"""
    today = today or amsterdam_today()
    return edition is not None and edition.starts_on <= today <= edition.ends_on


def events_nearby(province, gemeente, edition, limit, now=None):
    """(the coming on-site events of the edition in a province, those in the person's own
    gemeente first, then soonest first, and how many there are): two queries."""
    now = now or utcnow()
    nearby = (
        *_coming(now),
        Event.online.is_(False),
        Event.province == province,
        Event.starts_at < _utc_day_start(edition.ends_on + timedelta(days=1)),
    )
    own_gemeente = func.lower(Event.gemeente) == (gemeente or "").strip().lower()
    return first_and_total(
        select(Event)
        .where(*nearby)
        .order_by(case((own_gemeente, 0), else_=1), Event.starts_at, Event.id),
        limit,
    )


# --- personal data (the person's export, community/data_rights.py) -----------------------------


def personal_data(user_id):
    """Registrations for Week events and the events this person organised, as {kind: rows}."""
    registrations = db.session.execute(
        select(EventRegistration, Event.title, Event.starts_at)
        .join(Event, Event.id == EventRegistration.event_id)
        .where(EventRegistration.user_id == user_id)
        .order_by(EventRegistration.created_at)
    ).all()
    organised = db.session.scalars(
        select(Event).where(Event.organiser_id == user_id).order_by(Event.created_at)
    ).all()
    return {
        "event_registrations": [
            {
                "event_id": row.event_id,
                "event": title,
                "starts_at": starts_at,
                "status": row.status,
                "status_since": row.status_since,
                "created_at": row.created_at,
            }
            for row, title, starts_at in registrations
        ],
        "events_organised": [
            {
                "id": event.id,
                "title": event.title,
                "description": event.description,
                "starts_at": event.starts_at,
                "ends_at": event.ends_at,
                "online": event.online,
                "venue": event.venue,
                "address": event.address,
                "postcode": event.postcode,
                "gemeente": event.gemeente,
                "organisation": event.organisation,
                "contact": event.contact,
                "audience": event.audience,
                "status": event.status,
                "review_note": event.review_note,
                "created_at": event.created_at,
                "cancelled_at": event.cancelled_at,
                "cancel_reason": event.cancel_reason,
            }
            for event in organised
        ],
    }


# --- erasure (community/accounts/erasure.py) -----------------------------------------------------


def forget_user(user_id, now=None):
    """Erase one person from the Week calendar (not committed): their registrations go, and a
    place they held goes to the first on the waiting list (who gets the mail). Events they
    organised stay on the calendar, without the organiser's contact details."""
    registrations = db.session.scalars(
        select(EventRegistration).where(EventRegistration.user_id == user_id)
    ).all()
    for registration in registrations:
        event = db.session.get(Event, registration.event_id)
        # Only an event still to come hands the place on: after it, nobody moves up and nobody
        # gets "you have a place" for something that is over.
        still_to_come = not event.is_cancelled and event.ends_at > (now or utcnow())
        if registration.status != EventRegistrationStatus.CANCELLED and still_to_come:
            moved = places.give_up(registration, event.capacity, now)
            if moved is not None:
                mail.send_moved_up_mail(moved, event)
        db.session.delete(registration)
    db.session.execute(update(Event).where(Event.organiser_id == user_id).values(contact=""))
