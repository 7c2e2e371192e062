"""Webinars in the full-text search: their index (title, description, speakers) and search source.
Cancelled webinars are found and marked, as the webinar list shows them."""

from community.fulltext import FullTextIndex, SearchSource
from community.webinars.models import Webinar

INDEX = FullTextIndex("webinar", (("title", "A"), ("description", "B"), ("speakers", "C")))
INDEX.attach(Webinar.__table__)

SOURCE = SearchSource(
    kind="webinar",
    index=INDEX,
    hits="""
        SELECT r.id AS item_id, CAST(NULL AS INTEGER) AS parent_id, r.rank, r.id AS sort_id
        FROM {ranked} r""",
    joins="""
        LEFT JOIN webinar webinar_w ON page.kind = 'webinar' AND webinar_w.id = page.item_id""",
    columns={
        "title": "webinar_w.title",
        "body": "webinar_w.description",
        "happened_at": "webinar_w.starts_at",
        "cancelled": "webinar_w.cancelled",
        "context": "webinar_w.speakers",
    },
    endpoint="webinars.detail",
)
