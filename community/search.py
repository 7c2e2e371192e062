"""The site's search: forum questions, lessons, webinars and Week events behind one box. Which
kinds a reader may search, each kind's label and icon, and where a hit links to; the searching
itself is community/fulltext.py's, each kind's index and visibility its feature's search module.
"""

from flask import current_app, url_for
from flask_babel import gettext as _
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
# The newest matches of each kind that are ranked (and counted) here: fewer than the forum's own
# search ranks (1,000), since four kinds share one statement and a page of 20 hits; a kind with
# more matches shows "more than" its count. See benchmarks/RESULTS.md §3b.
MAX_CANDIDATES_PER_KIND = 200


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
    return fulltext.search(query_text, sources, chosen=kinds, page=page, per_page=per_page,
                           max_candidates=MAX_CANDIDATES_PER_KIND)  # fmt: skip


def hit_url(hit):
    if hit.kind == "forum":
        return url_for("forum.question", question_id=hit.parent_id, _anchor=f"post-{hit.item_id}")
    if hit.kind == "lesson":
        return url_for("courses.lesson", slug=hit.slug, lesson_id=hit.item_id)
    if hit.kind == "webinar":
        return url_for("webinars.detail", webinar_id=hit.item_id)
    return url_for("events.detail", event_id=hit.item_id)


def kind_count(kind, number, capped=False):
    """ "3 lessons", or "more than 195 lessons" when more matched than were ranked: the number of
    hits of a kind, for the filter."""
    if capped:
        if kind == "forum":
            return ngettext("more than %(num)d forum question", "more than %(num)d forum questions",
                            number)  # fmt: skip
        if kind == "lesson":
            return ngettext("more than %(num)d lesson", "more than %(num)d lessons", number)
        if kind == "webinar":
            return ngettext("more than %(num)d webinar", "more than %(num)d webinars", number)
        return ngettext("more than %(num)d Week event", "more than %(num)d Week events", number)
    if kind == "forum":
        return ngettext("%(num)d forum question", "%(num)d forum questions", number)
    if kind == "lesson":
        return ngettext("%(num)d lesson", "%(num)d lessons", number)
    if kind == "webinar":
        return ngettext("%(num)d webinar", "%(num)d webinars", number)
    return ngettext("%(num)d Week event", "%(num)d Week events", number)


def total_count(results):
    """The number of hits of all kinds together, for the filter's "All"."""
    number = sum(results.counts.values())
    return _("more than %(num)d", num=number) if results.capped_kinds else str(number)
