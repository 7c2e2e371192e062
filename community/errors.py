"""Error pages in the user's language: a user's mistake gets a clear 4xx, never a 500."""

from flask import render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


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
        return render_error(error.code)

    @app.errorhandler(500)
    def server_error(error):
        return render_error(500)
