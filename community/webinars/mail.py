"""Webinar mail: the registration (or waiting-list) confirmation and the reminder job that
`flask webinars send-reminders` runs from cron."""

from flask_babel import force_locale
from flask_babel import gettext as _

from community.clock import utcnow
from community.extensions import db
from community.mail import absolute_url, send_mail
from community.templating import when
from community.webinars import services
from community.webinars.models import RegistrationStatus, Webinar


def send_registration_mail(registration, webinar):
    """Queue the confirmation (or waiting-list) mail in the outbox and commit it."""
    user = registration.user
    template = (
        "webinar_registered"
        if registration.status == RegistrationStatus.REGISTERED
        else "webinar_waiting"
    )
    with force_locale(user.locale):
        send_mail(
            user.email,
            _("Verbind webinar: %(title)s", title=webinar.title),
            template,
            user=user,
            webinar=webinar,
            starts=when(webinar.starts_at),
            link=absolute_url("webinars.detail", webinar_id=webinar.id),
            calendar=absolute_url("webinars.calendar", webinar_id=webinar.id),
        )
    # The registration is committed already (community/waiting_list.py); this commits the mail.
    db.session.commit()


def send_reminders(lead, now=None):
    """Send each due reminder once; returns how many were sent (for `flask webinars ...`)."""
    now = now or utcnow()
    sent = 0
    for registration in services.due_reminders(now, lead):
        webinar = db.session.get(Webinar, registration.webinar_id)
        user = registration.user
        with force_locale(user.locale):
            delivered = send_mail(
                user.email,
                _("Reminder: %(title)s", title=webinar.title),
                "webinar_reminder",
                user=user,
                webinar=webinar,
                starts=when(webinar.starts_at),
                link=absolute_url("webinars.detail", webinar_id=webinar.id),
            )
        if delivered:
            registration.reminder_sent_at = now
            db.session.commit()
            sent += 1
    return sent
