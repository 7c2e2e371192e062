"""Webinar mail: the registration (or waiting-list) confirmation, the reminder job that
`flask webinars send-reminders` runs from cron, and the follow-up after a webinar (recording,
Q&A archive, forum questions) that `flask webinars send-follow-ups` sends, or the host at once;
and the recording link for those whose follow-up went before the host added the recording."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from community.clock import utcnow
from community.extensions import db
from community.mail import absolute_url, send_mail
from community.templating import when
from community.webinars import services
from community.webinars.models import Registration, RegistrationStatus, Webinar


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


def send_follow_ups(delay, now=None, webinar_id=None):
    """Mail each attendee of a webinar that ended at least `delay` ago (or whose host sent the
    follow-up: then without waiting) the follow-up, once per person however often and however
    many at once this runs. `webinar_id`: only that webinar (the host's button). Returns how
    many mails were queued."""
    now = now or utcnow()
    recipients = [
        (registration.id, registration.webinar_id)
        for registration in services.follow_up_recipients(now, delay, webinar_id)
    ]
    # The read ends here: each claim below starts its own short write transaction.
    db.session.rollback()
    sent = 0
    contents = {}
    for registration_id, for_webinar in recipients:
        if not services.claim_follow_up(registration_id, now):
            db.session.rollback()  # another run (or the host's button) mailed this person
            continue
        if for_webinar not in contents:
            contents[for_webinar] = _follow_up_content(db.session.get(Webinar, for_webinar))
        services.mark_follow_up_started(for_webinar, now)
        if contents[for_webinar]["recording_url"]:
            services.mark_recording_mailed(registration_id, now)
        registration = db.session.get(Registration, registration_id)
        _queue_follow_up(registration.user, contents[for_webinar])
        db.session.commit()
        sent += 1
    return sent


def _follow_up_content(webinar):
    """What every attendee's follow-up holds, read once per webinar as plain values."""
    forum = "forum.question" in current_app.view_functions
    archive = services.qa_archive(webinar)
    return {
        "title": webinar.title,
        "starts_at": webinar.starts_at,
        "recording_url": webinar.recording_url,
        "archive": archive,
        "forum_links": [
            (question, absolute_url("forum.question", question_id=question.id))
            for question in (archive.forum_questions if forum else [])
        ],
        "archive_link": absolute_url("webinars.live", webinar_id=webinar.id),
        "link": absolute_url("webinars.detail", webinar_id=webinar.id),
    }


def _queue_follow_up(user, content):
    with force_locale(user.locale):
        send_mail(
            user.email,
            _("After the webinar: %(title)s", title=content["title"]),
            "webinar_follow_up",
            user=user,
            starts=when(content["starts_at"]),
            **content,
        )


def send_recording_mails(now=None, webinar_id=None):
    """Mail the recording link to each attendee whose follow-up went without it, now that the
    webinar has one: once per person however often and however many at once this runs (cron,
    and the host saving the recording). `webinar_id`: only that webinar. A recording changed
    afterwards sends nothing more. Returns how many mails were queued."""
    now = now or utcnow()
    recipients = [
        (registration.id, registration.webinar_id)
        for registration in services.recording_mail_recipients(now, webinar_id)
    ]
    db.session.rollback()  # the read ends here, as in send_follow_ups
    sent = 0
    contents = {}
    for registration_id, for_webinar in recipients:
        if not services.claim_recording_mail(registration_id, now):
            db.session.rollback()  # another run (or the host's save) mailed this person
            continue
        if for_webinar not in contents:
            webinar = db.session.get(Webinar, for_webinar)
            contents[for_webinar] = {
                "title": webinar.title,
                "starts_at": webinar.starts_at,
                # Read after the claim: a recording removed (or a webinar cancelled) in the
                # meantime mails nothing, and the claim is given back.
                "recording_url": "" if webinar.cancelled else webinar.recording_url,
                "link": absolute_url("webinars.detail", webinar_id=webinar.id),
            }
        content = contents[for_webinar]
        if not content["recording_url"]:
            db.session.rollback()
            continue
        user = db.session.get(Registration, registration_id).user
        with force_locale(user.locale):
            send_mail(
                user.email,
                _("Recording online: %(title)s", title=content["title"]),
                "webinar_recording",
                user=user,
                starts=when(content["starts_at"]),
                **content,
            )
        db.session.commit()
        sent += 1
    return sent
