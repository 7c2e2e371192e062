"""The one mail sender: SMTP when MAIL_SERVER is configured, otherwise the log.

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
    """attachments: (filename, content type such as "text/calendar; method=PUBLISH", text)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="verbind")
    message.set_content(body)
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


def send_mail(to, subject, template, attachments=(), **context):
    """Render templates/mail/<template>.txt with context and deliver it to one address.

    Returns True when the message was handed over (or logged). A broken mail server is logged
    and reported as False, so the action that sent the mail does not fail with it.
    """
    body = render_template(f"mail/{template}.txt", **context)
    config = current_app.config
    message = build_message(to, subject, body, config["MAIL_DEFAULT_SENDER"], attachments)
    if not config.get("MAIL_SERVER"):
        # The plain body, not message.as_string(): that may be quoted-printable and break links.
        log.info(
            "Mail (not sent: no MAIL_SERVER configured)\nTo: %s\nSubject: %s\n\n%s%s",
            to,
            subject,
            body,
            "".join(f"\n[attachment: {name}]" for name, _type, _text in attachments),
        )
        return True
    try:
        _deliver_smtp(message, config)
    except (OSError, smtplib.SMTPException):
        log.exception("Mail to %s could not be delivered: %s", to, subject)
        return False
    log.info("Mail sent to %s: %s", to, subject)
    return True


def _deliver_smtp(message, config):
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    context = ssl.create_default_context()
    if config.get("MAIL_USE_SSL"):
        smtp = smtplib.SMTP_SSL(host, port, context=context, timeout=20)
    else:
        smtp = smtplib.SMTP(host, port, timeout=20)
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
