"""A Week event as an iCalendar entry: for the feeds, the per-event `.ics` and the `.ics`
attached to mail about a changed or cancelled event."""

from community.calendar_files import CalendarEvent, calendar_file
from community.mail import absolute_url
from community.markup import markdown_to_text

ATTACHMENT_TYPE = "text/calendar; method=PUBLISH"


def place_text(event):
    """The place of an event or a pending change as one line: "Online", or venue, address,
    gemeente."""
    if event.online:
        return "Online"
    return ", ".join(part for part in (event.venue, event.address, event.gemeente) if part)


def calendar_event(event):
    return CalendarEvent(
        uid=f"week-event-{event.id}@verbind",
        title=event.title,
        description=markdown_to_text(event.description),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        url=absolute_url("events.detail", event_id=event.id),
        location=place_text(event),
        sequence=event.revision,
        stamp=event.updated_at,  # not "now": an unchanged feed must be byte-identical (ETag)
        cancelled=event.is_cancelled,
    )


def event_attachment(event):
    """(filename, content type, text) of the event's `.ics`, for send_mail(attachments=...)."""
    return (f"verbind-week-{event.id}.ics", ATTACHMENT_TYPE, calendar_file([calendar_event(event)]))
