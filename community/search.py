"""The site's search: forum questions, lessons, webinars and Week events behind one box. Which
kinds a reader may search, each kind's label and icon, and where a hit links to; the searching
itself is community/fulltext.py's, each kind's index and visibility its feature's search module.
"""

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from community import fulltext
from community.events.search import SOURCE as EVENTS
from community.forum.search import SOURCE as FORUM
from community.permissions import can
from community.webinars.search import SOURCE as WEBINARS
from courses.search import SOURCE as LESSONS

# In this order when equally relevant, and in the filter.
SOURCES = (FORUM, LESSONS, WEBINARS, EVENTS)
KINDS = tuple(source.kind for source in SOURCES)
KIND_LABELS = {
    "forum": _l("Forum question"),
    "lesson": _l("Lesson"),
    "webinar": _l("Webinar"),
    "event": _l("Week event"),
}
# The icon class of each kind (static/css): the label is shown beside it, the icon is decoration.
KIND_ICONS = {"forum": "icon-forum", "lesson": "icon-lesson", "webinar": "icon-webinar",
              "event": "icon-event"}  # fmt: skip
MAX_QUERY_LENGTH = 200


def searchable_sources(user):
    """The kinds this reader may search: their feature is part of the app and they may read it
    (forum questions and lessons are for members; webinars and approved events are public)."""
    return [
        source
        for source in SOURCES
        if source.endpoint in current_app.view_functions
        and (source.permission is None or can(user, source.permission))
    ]


def search_everything(user, query_text, *, kinds=None, page=1, per_page=20):
    """One page of what `user` may see matching the words, of the chosen kinds (all by default),
    with the number of hits of every kind they may search."""
    sources = searchable_sources(user)
    return fulltext.search(query_text, sources, chosen=kinds, page=page, per_page=per_page)


def hit_url(hit):
    if hit.kind == "forum":
        return url_for("forum.question", question_id=hit.parent_id, _anchor=f"post-{hit.item_id}")
    if hit.kind == "lesson":
        return url_for("courses.lesson", slug=hit.slug, lesson_id=hit.item_id)
    if hit.kind == "webinar":
        return url_for("webinars.detail", webinar_id=hit.item_id)
    return url_for("events.detail", event_id=hit.item_id)


def kind_count(kind, number):
    """ "3 lessons": the number of hits of a kind, for the filter."""
    if kind == "forum":
        return ngettext("%(num)d forum question", "%(num)d forum questions", number)
    if kind == "lesson":
        return ngettext("%(num)d lesson", "%(num)d lessons", number)
    if kind == "webinar":
        return ngettext("%(num)d webinar", "%(num)d webinars", number)
    return ngettext("%(num)d Week event", "%(num)d Week events", number)
