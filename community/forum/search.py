"""Full-text search over questions and answers behind one function, search_threads().

SQLite: an FTS5 table kept in step with forum_post by triggers. PostgreSQL: a GIN expression
index on a weighted Dutch tsvector of title and body. Both are created by the migration and, for
databases made with create_all() (tests), by the DDL hooks at the bottom of this module.
"""

import html
import re
from dataclasses import dataclass
from types import SimpleNamespace

from markupsafe import Markup
from sqlalchemy import DDL, bindparam, event, text

from community.extensions import db
from community.forum.models import Post

MARK_START, MARK_END = "\x02", "\x03"
MAX_TERMS = 10
# Only the newest matching posts are ranked, so a word found in most posts still answers
# quickly; a search that finds more says "more than" instead of an exact count.
MAX_CANDIDATES = 1000

# --- index definitions (used by the migration and by create_all) -----------------------------

SQLITE_INDEX_DDL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS forum_post_fts USING fts5(
        title, body, content='forum_post', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS forum_post_fts_insert AFTER INSERT ON forum_post BEGIN
        INSERT INTO forum_post_fts(rowid, title, body)
        VALUES (new.id, coalesce(new.title, ''), new.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS forum_post_fts_delete AFTER DELETE ON forum_post BEGIN
        INSERT INTO forum_post_fts(forum_post_fts, rowid, title, body)
        VALUES ('delete', old.id, coalesce(old.title, ''), old.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS forum_post_fts_update AFTER UPDATE OF title, body
    ON forum_post BEGIN
        INSERT INTO forum_post_fts(forum_post_fts, rowid, title, body)
        VALUES ('delete', old.id, coalesce(old.title, ''), old.body);
        INSERT INTO forum_post_fts(rowid, title, body)
        VALUES (new.id, coalesce(new.title, ''), new.body);
    END""",
]
SQLITE_DROP_DDL = [
    "DROP TRIGGER IF EXISTS forum_post_fts_insert",
    "DROP TRIGGER IF EXISTS forum_post_fts_delete",
    "DROP TRIGGER IF EXISTS forum_post_fts_update",
    "DROP TABLE IF EXISTS forum_post_fts",
]


def postgres_vector(table=""):
    """The weighted Dutch tsvector of a post. Index and query must use this same expression, or
    PostgreSQL will not use the index."""
    prefix = f"{table}." if table else ""
    return (
        f"(setweight(to_tsvector('dutch'::regconfig, coalesce({prefix}title, '')), 'A') || "
        f"setweight(to_tsvector('dutch'::regconfig, coalesce({prefix}body, '')), 'B'))"
    )


POSTGRES_VECTOR = postgres_vector()
POSTGRES_INDEX_DDL = [
    f"CREATE INDEX IF NOT EXISTS ix_forum_post_search ON forum_post USING gin ({POSTGRES_VECTOR})"
]
POSTGRES_DROP_DDL = ["DROP INDEX IF EXISTS ix_forum_post_search"]


def search_index_ddl(dialect_name):
    if dialect_name == "sqlite":
        return SQLITE_INDEX_DDL
    if dialect_name == "postgresql":
        return POSTGRES_INDEX_DDL
    return []


def search_index_drop_ddl(dialect_name):
    if dialect_name == "sqlite":
        return SQLITE_DROP_DDL
    if dialect_name == "postgresql":
        return POSTGRES_DROP_DDL
    return []


def is_search_index_object(name, type_):
    """True for database objects the search index owns (they are not in the models)."""
    if type_ == "table":
        return name == "forum_post_fts" or (name or "").startswith("forum_post_fts_")
    if type_ == "index":
        return name == "ix_forum_post_search"
    return False


for _dialect in ("sqlite", "postgresql"):
    for _statement in search_index_ddl(_dialect):
        event.listen(Post.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))
    for _statement in search_index_drop_ddl(_dialect):
        event.listen(Post.__table__, "before_drop", DDL(_statement).execute_if(dialect=_dialect))


# --- searching ---------------------------------------------------------------------------------


@dataclass
class SearchHit:
    question_id: int
    post_id: int  # the best-matching post of the thread: the question or one of its answers
    rank: float
    snippet: Markup


@dataclass
class SearchPage:
    hits: list
    total: int
    page: int
    per_page: int
    capped: bool = False  # True when more posts matched than were ranked

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def prev_num(self):
        return self.page - 1

    @property
    def next_num(self):
        return self.page + 1


def search_terms(query_text):
    """Words to search for: letters and digits only, so no input can break the query syntax."""
    return re.findall(r"\w+", (query_text or "").lower())[:MAX_TERMS]


def highlighted(snippet):
    """Escape the user's text, then turn the database's match markers into <mark>. Markdown's
    emphasis and code markers are dropped: a snippet is read as plain text."""
    plain = re.sub(r"[*`#]+", "", snippet or "")
    escaped = html.escape(plain)
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S704


def search_threads(query_text, *, page=1, per_page=20):
    """Visible threads matching the words, best first, one hit per thread, one page at a time."""
    terms = search_terms(query_text)
    page = max(1, page)
    if not terms:
        return SearchPage([], 0, page, per_page)
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        rows, total = _search_sqlite(terms, page, per_page)
    elif dialect == "postgresql":
        rows, total = _search_postgres(terms, page, per_page)
    else:  # pragma: no cover - only the two supported databases
        raise RuntimeError(f"search is not supported on {dialect}")
    hits = [SearchHit(r.thread_id, r.post_id, float(r.rank), highlighted(r.snippet)) for r in rows]
    return SearchPage(hits, total, page, per_page, capped=_capped(dialect, terms))


_VISIBLE_THREAD_POSTS = """
    p.kind IN ('question', 'answer') AND p.status = 'visible' AND q.status = 'visible'
"""


def _search_sqlite(terms, page, per_page):
    # Each word as a quoted prefix term: "gesprek"* also finds "gesprekken".
    match = " ".join(f'"{term}"*' for term in terms)
    hits = f"""
        WITH candidates AS (
            SELECT rowid AS post_id FROM forum_post_fts WHERE forum_post_fts MATCH :match
            ORDER BY rowid DESC LIMIT {MAX_CANDIDATES}
        ), hits AS (
            SELECT p.id AS post_id, coalesce(p.question_id, p.id) AS thread_id,
                   bm25(forum_post_fts, 8.0, 1.0) AS rank
            FROM forum_post_fts
            JOIN candidates c ON c.post_id = forum_post_fts.rowid
            JOIN forum_post p ON p.id = forum_post_fts.rowid
            JOIN forum_post q ON q.id = coalesce(p.question_id, p.id)
            WHERE forum_post_fts MATCH :match AND {_VISIBLE_THREAD_POSTS}
        ), best AS (
            SELECT *, row_number() OVER (PARTITION BY thread_id ORDER BY rank, post_id) AS n
            FROM hits
        )
    """
    ranked = db.session.execute(
        text(
            hits + "SELECT post_id, thread_id, -rank AS rank FROM best WHERE n = 1 "
            "ORDER BY best.rank, thread_id DESC LIMIT :limit OFFSET :offset"
        ),
        {"match": match, "limit": per_page, "offset": (page - 1) * per_page},
    ).all()
    total = db.session.execute(
        text(hits + "SELECT count(*) FROM best WHERE n = 1"), {"match": match}
    ).scalar()
    # Snippets cost the most, so they are made only for the rows of this page.
    snippets = {}
    if ranked:
        snippets = dict(
            db.session.execute(
                text(
                    "SELECT rowid, snippet(forum_post_fts, 1, char(2), char(3), '…', 24) "
                    "FROM forum_post_fts WHERE forum_post_fts MATCH :match AND rowid IN :ids"
                ).bindparams(bindparam("ids", expanding=True)),
                {"match": match, "ids": [row.post_id for row in ranked]},
            ).all()
        )
    rows = [
        SimpleNamespace(
            post_id=r.post_id,
            thread_id=r.thread_id,
            rank=r.rank,
            snippet=snippets.get(r.post_id, ""),
        )
        for r in ranked
    ]
    return rows, total


def _search_postgres(terms, page, per_page):
    # Prefix matching on each word, all words required; the Dutch configuration stems them.
    query = " & ".join(f"{term}:*" for term in terms)
    hits = f"""
        WITH query AS (SELECT to_tsquery('dutch', :query) AS q),
        candidates AS (
            SELECT p.id FROM forum_post p CROSS JOIN query
            WHERE {postgres_vector("p")} @@ query.q
            ORDER BY p.id DESC LIMIT {MAX_CANDIDATES}
        ),
        hits AS (
            SELECT p.id AS post_id, coalesce(p.question_id, p.id) AS thread_id,
                   ts_rank({postgres_vector("p")}, query.q) AS rank
            FROM candidates c
            JOIN forum_post p ON p.id = c.id
            JOIN forum_post q ON q.id = coalesce(p.question_id, p.id)
            CROSS JOIN query
            WHERE {_VISIBLE_THREAD_POSTS}
        ), best AS (
            SELECT *, row_number() OVER (PARTITION BY thread_id ORDER BY rank DESC, post_id) AS n
            FROM hits
        )
    """
    # ts_headline is costly, so it runs only for the rows of this page.
    rows = db.session.execute(
        text(
            hits
            + """
            SELECT best.post_id, best.thread_id, best.rank,
                   ts_headline('dutch', p.body, query.q,
                       'StartSel=' || chr(2) || ', StopSel=' || chr(3) ||
                       ', MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
                   AS snippet
            FROM best JOIN forum_post p ON p.id = best.post_id CROSS JOIN query
            WHERE best.n = 1
            ORDER BY best.rank DESC, best.thread_id DESC
            LIMIT :limit OFFSET :offset"""
        ),
        {"query": query, "limit": per_page, "offset": (page - 1) * per_page},
    ).all()
    total = db.session.execute(
        text(hits + "SELECT count(*) FROM best WHERE n = 1"), {"query": query}
    ).scalar()
    return rows, total


def _capped(dialect, terms):
    """Did more posts match than were ranked? (One cheap query on the index.)"""
    if dialect == "sqlite":
        match = " ".join(f'"{term}"*' for term in terms)
        statement = text(
            "SELECT count(*) FROM (SELECT rowid FROM forum_post_fts WHERE forum_post_fts "
            f"MATCH :match LIMIT {MAX_CANDIDATES + 1})"
        )
        params = {"match": match}
    else:
        statement = text(
            f"SELECT count(*) FROM (SELECT 1 FROM forum_post WHERE {POSTGRES_VECTOR} "
            f"@@ to_tsquery('dutch', :query) LIMIT {MAX_CANDIDATES + 1}) AS matches"
        )
        params = {"query": " & ".join(f"{term}:*" for term in terms)}
    return db.session.execute(statement, params).scalar() > MAX_CANDIDATES
