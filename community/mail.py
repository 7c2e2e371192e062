"""The one mail sender. send_mail() renders a mail and writes it to the outbox
(community/outbox.py) in the caller's transaction; the worker delivers it through SMTP when
MAIL_SERVER is configured, otherwise to the log.

Writing mail to the log lets a local user follow confirmation and reset links without a mail
server; the full text is logged at INFO under the 'verbind.mail' logger.
"""

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, has_request_context, render_template, url_for

log = logging.getLogger("verbind.mail")


def build_message(to, subject, body, sender, attachments=()):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="verbind")
    message.set_content(body)
    # A content type may carry parameters: "text/calendar; method=PUBLISH" (calendar apps read
    # the method to know an .ics updates or cancels an entry).
    for filename, content_type, text in attachments:
        maintype, _, rest = content_type.partition("/")
        subtype, *parameters = (part.strip() for part in rest.split(";"))
        message.add_attachment(
            text.encode(),
            maintype=maintype,
            subtype=subtype,
            filename=filename,
            params=dict(parameter.split("=", 1) for parameter in parameters),
        )
    return message


def send_mail(to, subject, template, *, attachments=(), **context):
    """Render templates/mail/<template>.txt with context (in the current locale) and put it in
    the outbox for one address; `attachments` is a list of (filename, mimetype, text).

    The mail is added to the session, not committed: the caller commits it together with the
    change it reports, and the worker sends it after that commit (or nobody, after a rollback).
    Returns True (kept for callers that read it: the mail is queued, so never lost).
    """
    from community.outbox import queue_mail

    body = render_template(f"mail/{template}.txt", **context)
    queue_mail(to, subject, body, attachments)
    return True


def deliver(to, subject, body, attachments=()):
    """Hand one mail to SMTP (raises when the server refuses or cannot be reached), or log it."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        # The plain body, not message.as_string(): that may be quoted-printable and break links.
        names = "".join(f"\n[attachment: {name}]" for name, _type, _text in attachments)
        log.info(
            "Mail (not sent: no MAIL_SERVER configured)\nTo: %s\nSubject: %s\n\n%s%s",
            to,
            subject,
            body,
            names,
        )
        return
    message = build_message(to, subject, body, config["MAIL_DEFAULT_SENDER"], attachments)
    _deliver_smtp(message, config)
    log.info("Mail sent to %s: %s", to, subject)


def _deliver_smtp(message, config):
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    timeout = config["MAIL_TIMEOUT_SECONDS"]
    context = ssl.create_default_context()
    if config.get("MAIL_USE_SSL"):
        smtp = smtplib.SMTP_SSL(host, port, context=context, timeout=timeout)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            smtp.starttls(context=context)
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def absolute_url(endpoint, **values):
    """A full link for an e-mail, also outside a request (CLI, cron): then BASE_URL is used."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return url_for(endpoint, _external=True, **values)
