"""What every template can use: permission checks, navigation, languages, and the Markdown and
Amsterdam-time filters. Registered by the app, so no feature depends on another's blueprint."""

from functools import partial
from urllib.parse import urlencode

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from community.clock import amsterdam_time, date_and_time
from community.markup import render_markdown
from community.permissions import ROLE_LABELS, Permission, can

# The four parts of Verbind. Each shows up in the navigation once its blueprint is registered,
# so the menu never links to a page that does not exist.
NAVIGATION = (
    ("forum.index", _l("Forum")),
    ("courses.index", _l("Courses")),
    ("webinars.index", _l("Webinars")),
    ("events.index", _l("Week against Child Abuse")),
)
# What a long label shows on a screen too narrow for the whole menu on one line (the stylesheet
# decides; screen readers read the whole label, which starts with the short one).
SHORT_LABELS = {"events.index": _l("Week")}


def navigation_items():
    return [
        (endpoint, label)
        for endpoint, label in NAVIGATION
        if endpoint in current_app.view_functions
    ]


def page_url(number):
    """This list's address at page `number`, its other query arguments kept. The arguments go
    into the query string as they are, never through url_for's keywords: there `_scheme`,
    `_anchor`, `endpoint` or a name of the route's own arguments would change the link, or fail."""
    query = [(name, value) for name, value in request.args.items() if name != "page"]
    query.append(("page", number))
    return url_for(request.endpoint, **request.view_args) + "?" + urlencode(query)


def when(utc, end=None, *, time=True):
    """The `when` filter: a date that can be far away, with weekday and year, in the page's (or
    the mail's) language: "do 26 nov 2026, 19:30". One format for every event, webinar and
    registration date."""
    return date_and_time(utc, str(get_locale() or "nl"), end, time=time)


def webcal(url):
    """The webcal:// address of a calendar feed's http(s) address: calendar apps subscribe to it
    (and keep it up to date) instead of importing it once."""
    return "webcal://" + url.split("://", 1)[1]


def register(app):
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["amsterdam"] = amsterdam_time
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["webcal"] = webcal
    app.jinja_env.globals["page_url"] = page_url
    app.jinja_env.filters["markdown_document"] = partial(render_markdown, hard_breaks=False)

    @app.context_processor
    def inject_globals():
        return {
            "can": can,
            "Permission": Permission,
            "role_labels": ROLE_LABELS,
            "navigation_items": navigation_items(),
            "short_labels": SHORT_LABELS,
            "languages": current_app.config["LANGUAGES"],
            "current_locale": str(get_locale() or "nl"),
            "config_endpoints": current_app.view_functions,
        }
