"""A Week event as an iCalendar entry (for the feeds, the per-event `.ics` and the `.ics` attached
to mail about a changed or cancelled event), a Verbind webinar during the Week as one (for the
feeds), and an event's place as text: address and postcode."""

import re
from datetime import timedelta

from flask_babel import gettext as _

from community.calendar_files import WEEK_PRODID, CalendarEvent, calendar_file
from community.mail import absolute_url
from community.markup import markdown_to_text

ATTACHMENT_TYPE = "text/calendar; method=PUBLISH"
# Calendars remind people of a Week event the day before: time to plan the trip. (Webinars remind
# an hour before; see community/webinars/views.py.)
EVENT_REMINDER = timedelta(days=1)
# A webinar in the Week's feed reminds as in the webinars' own feed: an hour before.
WEBINAR_REMINDER = timedelta(hours=1)

# A Dutch postcode: four digits, not starting with 0, and two letters, never SA, SD or SS.
_POSTCODE = r"([1-9][0-9]{3}) ?(?!SA|SD|SS)([A-Z]{2})"
POSTCODE = re.compile(_POSTCODE, re.IGNORECASE)
_POSTCODE_AT_END = re.compile(r"[,\s]+" + _POSTCODE + r"$", re.IGNORECASE)
# What a street address ends with: a house number ("12", "12a", "12-3", "12 bis") or a postcode.
_NUMBER_AT_END = re.compile(r"[0-9]+[\s-]*[a-z0-9]{0,4}$|" + _POSTCODE + r"$", re.IGNORECASE)


def normal_postcode(text):
    """'1017gc' -> '1017 GC'; '' for nothing typed; None when it is no Dutch postcode."""
    text = (text or "").strip()
    if not text:
        return ""
    match = POSTCODE.fullmatch(text)
    return f"{match[1]} {match[2].upper()}" if match else None


def split_address(address, gemeente="", postcode=""):
    """(street, postcode) of an address as typed. People write the whole address on one line
    ("Kerkstraat 1, 1017 GC Amsterdam"): the gemeente at its end is dropped (it has a field of
    its own) and a postcode at its end moves to the postcode, so calendars and search engines
    do not get the place twice. Anything else stays as it was typed."""
    street = (address or "").strip()
    if gemeente:
        at_end = re.compile(r"(,?)\s*" + re.escape(gemeente) + r"$", re.IGNORECASE)
        match = at_end.search(street)
        if match and match.start() > 0:
            rest = street[: match.start()].rstrip()
            # "Laan van Amsterdam 5" keeps its name: only a place after a comma, a house number
            # or a postcode is the place.
            if match[1] or _NUMBER_AT_END.search(rest):
                street = rest
    match = _POSTCODE_AT_END.search(street)
    if match and match.start() > 0:
        found = f"{match[1]} {match[2].upper()}"
        if not postcode or postcode == found:
            street, postcode = street[: match.start()], found
    return street.rstrip(" ,"), postcode


def place_text(event):
    """The place of an event or a pending change as one line: "Online", or venue, street,
    postcode and gemeente ("Buurthuis De Pijp, Kerkstraat 1, 1017 GC Amsterdam")."""
    if event.online:
        return "Online"
    street, postcode = split_address(event.address, event.gemeente, event.postcode)
    town = " ".join(part for part in (postcode, event.gemeente) if part)
    return ", ".join(part for part in (event.venue, street, town) if part)


def calendar_event(event, *, meeting_link=False):
    """The event's VEVENT. The meeting link of an online event is for registered people only:
    it is in the entry only with meeting_link=True (their own `.ics`, their mail)."""
    description = markdown_to_text(event.description)
    location = place_text(event)
    if meeting_link and event.online and event.online_url:
        location = event.online_url
        description += "\n\n" + _("Link to the online event") + ": " + event.online_url
    return CalendarEvent(
        uid=f"week-event-{event.id}@verbind",
        title=event.title,
        description=description,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        url=absolute_url("events.detail", event_id=event.id),
        location=location,
        sequence=event.revision,
        stamp=event.updated_at,  # not "now": an unchanged feed must be byte-identical (ETag)
        cancelled=event.is_cancelled,
        reminder=EVENT_REMINDER,
    )


def week_calendar(events, name, *, meeting_link=False):
    """The text of a `.ics` with these events, as Verbind's Week calendar."""
    return calendar_file(
        [calendar_event(event, meeting_link=meeting_link) for event in events],
        calendar_name=name,
        product_id=WEEK_PRODID,
    )


def webinar_calendar_event(webinar):
    """A Verbind webinar's VEVENT in the Week's feed, marked as a webinar. Its UID is the one of
    the webinars' own feed: a calendar that has both knows it is one webinar."""
    description = _("Verbind webinar: live questions and polls. Register on its page.")
    text = markdown_to_text(webinar.description)
    return CalendarEvent(
        uid=f"webinar-{webinar.id}@verbind",
        title=_("Verbind webinar: %(title)s", title=webinar.title),
        description=f"{description}\n\n{text}" if text else description,
        starts_at=webinar.starts_at,
        ends_at=webinar.ends_at,
        url=absolute_url("webinars.detail", webinar_id=webinar.id),
        location="Online",
        sequence=webinar.revision,
        stamp=webinar.created_at,  # not "now": as for events, for the feed's ETag
        cancelled=webinar.cancelled,
        reminder=WEBINAR_REMINDER,
    )


def week_feed(entries, name):
    """The text of the Week's feed: its events and webinars (WeekEntry objects)."""
    return calendar_file(
        [
            webinar_calendar_event(entry.webinar)
            if entry.webinar is not None
            else calendar_event(entry.event)
            for entry in entries
        ],
        calendar_name=name,
        product_id=WEEK_PRODID,
    )


def event_attachment(event, *, meeting_link=False):
    """(filename, content type, text) of the event's `.ics`, for send_mail(attachments=...)."""
    return (
        f"verbind-week-{event.id}.ics",
        ATTACHMENT_TYPE,
        week_calendar([event], event.title, meeting_link=meeting_link),
    )
