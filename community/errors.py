"""Errors in the user's language. UserError, the base of every feature's "the user can fix
this" error, and apply_error, which shows one on its form. Error pages: a user's mistake gets a
clear 4xx, never a 500. When the database fails (full disk, lock timeout, connection lost)
nothing is stored, the user is told so with a 503, and what they typed comes back to them in a
form they can send again."""

import logging

from flask import current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException

from community.extensions import db
from community.live import error_reply

logger = logging.getLogger("verbind.errors")
DATABASE_ERRORS = (OperationalError, PoolTimeoutError)
RETRY_AFTER_SECONDS = "30"


class UserError(Exception):
    """A problem the user can fix; str(error) is the message to show, in their language.

    `field` names the form field the message belongs to (None: it is about the whole form);
    `status` is the HTTP status of the page that shows it. A feature's subclass may set its
    own default status.
    """

    status = 422

    def __init__(self, message, *, field=None, status=None):
        super().__init__(message)
        self.field = field
        if status is not None:
            self.status = status


def apply_error(form, error, *, default_field=None):
    """Show `error` on its field of `form`. One without a field goes on `default_field` when
    given; otherwise, or when the form has no such field, it is flashed above the form."""
    name = error.field or default_field
    if name is None or name not in form:
        flash(str(error), "error")
        return
    field = form[name]
    # A tuple until the form has been validated; a new list either way.
    field.errors = [*field.errors, str(error)]


def typed_fields():
    """[(name, value)] of what the user sent with this form, without the CSRF token, passwords
    and empty fields, in the order sent."""
    if request.method != "POST":
        return []
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name != "csrf_token" and "password" not in name and value.strip()
    ]


def _messages():
    return {
        400: (_("Something in the request was not right"), _("Please go back and try again.")),
        401: (_("Log in first"), _("You need to be logged in to see this page.")),
        403: (
            _("You may not do this"),
            _("Your role on Verbind does not allow this page or action."),
        ),
        404: (
            _("Page not found"),
            _("This page does not exist (anymore). Check the address or go to the home page."),
        ),
        405: (_("Not allowed"), _("This page cannot be used this way.")),
        413: (_("Too large"), _("What you sent is too large.")),
        422: (_("Check what you filled in"), _("Some fields were not filled in correctly.")),
        429: (
            _("Too many attempts"),
            _(
                "You tried this too often in a short time. Wait a minute and try again; "
                "go back with your browser to keep what you typed."
            ),
        ),
        500: (
            _("Something went wrong on our side"),
            _("The error has been logged. Please try again later."),
        ),
    }


def render_error(status, title=None, message=None):
    default_title, default_message = _messages().get(status, _messages()[400])
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=title or default_title,
            message=message or default_message,
        ),
        status,
    )


def register(app):
    from community.extensions import socketio

    socketio.on_error_default(socket_error)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _("This form has expired"),
            _(
                "For your safety the form could not be sent. Go back with your browser, "
                "reload the page and send it again; what you typed is usually still there."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        # Set by the checks of the address (community.arguments): which value is wrong, and why.
        return render_error(error.code, message=getattr(error, "user_message", None))

    @app.errorhandler(500)
    def server_error(error):
        return render_error(500)

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeoutError)
    def database_unavailable(error):
        logger.error("database unavailable during %s %s: %s", request.method, request.path, error)
        db.session.rollback()
        fields = typed_fields()
        headers = {"Retry-After": RETRY_AFTER_SECONDS}
        try:
            page = render_template(
                "errors/unavailable.html",
                fields=fields,
                retry_url=request.path,
                unavailable_message=unavailable_message(),
            )
        except Exception:  # noqa: BLE001 - the page itself needs the database; fall back to text
            current_app.logger.exception("the error page could not be rendered")
            typed = "".join(f"<pre>{escape(value)}</pre>" for _name, value in fields)
            page = f"<!doctype html><title>503</title><p>{escape(unavailable_message())}</p>{typed}"
        return page, 503, headers


def unavailable_message():
    return _(
        "Verbind could not save this just now: the database is busy or out of order. Nothing "
        "was stored. What you typed is below; send it again in a moment or copy it."
    )


def socket_error(error):
    """Every Socket.IO event that raises gets an error reply instead of silence (the client
    keeps its text and shows the message); the session is rolled back either way."""
    db.session.rollback()
    if isinstance(error, DATABASE_ERRORS):
        logger.error("database unavailable during a live event: %s", error)
        return error_reply("unavailable", unavailable_message())
    logger.exception("live event failed", exc_info=error)
    return error_reply("server", _("Something went wrong on our side. Please try again later."))
