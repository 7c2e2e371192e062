"""Mail about Week events, each in the reader's language: registered, on the waiting list,
moved up, the time or place changed (with the updated `.ics`), cancelled, and to the organiser
when a moderator declined a change."""

from flask_babel import force_locale
from flask_babel import gettext as _

from community.events import policies
from community.events.ical import event_attachment, place_text
from community.mail import absolute_url, send_mail
from community.templating import when

REGISTRATION_TEMPLATES = {
    "registered": "event_registered",
    "waiting": "event_waiting",
}


def _send(user, subject, template, event, *, old=None, attach=False, **context):
    """One mail in the reader's language; for someone registered for an online event with its
    meeting link (also in the `.ics`, with attach=True). `old`: (starts_at, ends_at, place
    text) as they knew it."""
    meeting_link = policies.may_see_meeting_link(user, event)
    with force_locale(user.locale):
        if old is not None:
            context.update(old_when=when(old[0], old[1]), old_place=old[2])
        if attach:
            context["attachments"] = [event_attachment(event, meeting_link=meeting_link)]
        send_mail(
            user.email,
            subject(),
            template,
            user=user,
            event=event,
            when=when(event.starts_at, event.ends_at),
            place=place_text(event),
            meeting_link=event.online_url if meeting_link else "",
            link=absolute_url("events.detail", event_id=event.id),
            **context,
        )


def send_registration_mail(registration, event):
    """The confirmation of a place, or of a place on the waiting list."""
    template = REGISTRATION_TEMPLATES.get(registration.status)
    if template is None:
        return
    _send(
        registration.user,
        lambda: _("Week against Child Abuse: %(title)s", title=event.title),
        template,
        event,
        calendar=absolute_url("events.event_ics", event_id=event.id),
    )


def send_moved_up_mail(registration, event):
    _send(
        registration.user,
        lambda: _("A place came free: %(title)s", title=event.title),
        "event_moved_up",
        event,
        calendar=absolute_url("events.event_ics", event_id=event.id),
    )


def send_changed_mail(registrations, event, old):
    """old: (starts_at, ends_at, place text) as registrants knew it."""
    for registration in registrations:
        _send(
            registration.user,
            lambda: _("New time or place: %(title)s", title=event.title),
            "event_changed",
            event,
            old=old,
            attach=True,
        )


def send_cancelled_mail(registrations, event):
    for registration in registrations:
        _send(
            registration.user,
            lambda: _("Cancelled: %(title)s", title=event.title),
            "event_cancelled",
            event,
            attach=True,
        )


def send_change_declined_mail(event, note):
    _send(
        event.organiser,
        lambda: _("Your change was not approved: %(title)s", title=event.title),
        "event_change_declined",
        event,
        note=note,
    )
