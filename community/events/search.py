"""Week events in the full-text search: their index (title, description, gemeente, organisation)
and search source. Only approved events are found, as on the calendar; cancelled ones stay
public there, marked, and so they are here."""

from community.events.models import Event
from community.fulltext import FullTextIndex, SearchSource

INDEX = FullTextIndex(
    "week_event",
    (("title", "A"), ("description", "B"), ("gemeente", "C"), ("organisation", "C")),
)
INDEX.attach(Event.__table__)

SOURCE = SearchSource(
    kind="event",
    index=INDEX,
    hits="""
        SELECT e.id AS item_id, CAST(NULL AS INTEGER) AS parent_id, r.rank, e.id AS sort_id
        FROM {ranked} r JOIN week_event e ON e.id = r.id
        WHERE e.status = 'approved'""",
    joins="""
        LEFT JOIN week_event event_e ON page.kind = 'event' AND event_e.id = page.item_id""",
    columns={
        "title": "event_e.title",
        "body": "event_e.description",
        "happened_at": "event_e.starts_at",
        "cancelled": "event_e.cancelled_at IS NOT NULL",
        "context": "event_e.gemeente",
    },
    endpoint="events.detail",
)
