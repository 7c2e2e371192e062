"""Full-text search over questions and answers behind one function, search_threads().

SQLite: an FTS5 table kept in step with forum_post by triggers. PostgreSQL: a stored, generated
column holding a weighted Dutch tsvector of title and body, with a GIN index. Both are created
by the migrations and, for databases made with create_all() (tests), by the DDL hooks below.
"""

import html
import re
import unicodedata
from dataclasses import dataclass
from types import SimpleNamespace

from markupsafe import Markup
from sqlalchemy import DDL, event, text

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


# The weighted Dutch tsvector of a post: the title weighs more than the body.
POSTGRES_VECTOR = (
    "(setweight(to_tsvector('dutch'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(body, '')), 'B'))"
)
# A stored (generated) column, so ranking reads the vector instead of rebuilding it per row.
POSTGRES_INDEX_DDL = [
    "ALTER TABLE forum_post ADD COLUMN IF NOT EXISTS search_vector tsvector "
    f"GENERATED ALWAYS AS ({POSTGRES_VECTOR}) STORED",
    "CREATE INDEX IF NOT EXISTS ix_forum_post_search_vector ON forum_post "
    "USING gin (search_vector)",
    # The expression index of revision 0002, replaced by the column's index.
    "DROP INDEX IF EXISTS ix_forum_post_search",
]
POSTGRES_DROP_DDL = [
    "DROP INDEX IF EXISTS ix_forum_post_search_vector",
    "ALTER TABLE forum_post DROP COLUMN IF EXISTS search_vector",
]


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
        return name in ("ix_forum_post_search", "ix_forum_post_search_vector")
    if type_ == "column":
        return name == "search_vector"
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


def _folded(word):
    """Lower case without diacritics, as FTS5's unicode61 tokenizer compares words."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def plain_snippet(body, terms, words=24):
    """About `words` words of `body` around the first word starting with one of the terms, those
    words between match markers (see highlighted()), with … where text was left out."""
    tokens = list(re.finditer(r"\w+", body or ""))
    if not tokens:
        return ""
    prefixes = tuple(_folded(term) for term in terms)
    hits = [i for i, token in enumerate(tokens) if _folded(token.group()).startswith(prefixes)]
    first = max(0, (hits[0] if hits else 0) - words // 4)
    last = min(len(tokens), first + words) - 1
    start, end = tokens[first].start(), tokens[last].end()
    pieces, position = [], start
    for i in hits:
        if first <= i <= last:
            token = tokens[i]
            pieces += [body[position : token.start()], MARK_START, token.group(), MARK_END]
            position = token.end()
    pieces.append(body[position:end])
    prefix = "…" if first > 0 else ""
    suffix = "…" if last < len(tokens) - 1 else ""
    return prefix + "".join(pieces) + suffix


# Words of a question title that say nothing about its subject. Searching with any word of the
# title (see similar_threads), these would match most of the forum; PostgreSQL's Dutch
# configuration drops most of them already, SQLite's tokenizer keeps them.
TITLE_STOPWORDS = frozenset(
    {
        "aan", "al", "als", "bij", "dan", "dat", "de", "den", "der", "des", "deze", "die", "dit",
        "doe", "doen", "een", "en", "er", "ga", "gaat", "heb", "hebben", "heeft", "het", "hier",
        "hij", "hoe", "hun", "ik", "in", "is", "je", "jij", "kan", "kun", "kunnen", "maar", "me",
        "meer", "met", "mij", "mijn", "moet", "moeten", "na", "naar", "niet", "nog", "nu", "of",
        "om", "omdat", "ons", "onze", "ook", "op", "over", "te", "tegen", "toe", "tot", "u", "uit",
        "van", "veel", "voor", "wat", "wel", "welke", "wie", "wij", "wil", "word", "wordt", "zal",
        "ze", "zich", "zij", "zijn", "zo", "zou",
    }
)  # fmt: skip
MAX_SIMILAR = 5


def similar_threads(title, *, limit=MAX_SIMILAR):
    """Visible threads sharing words with a title that is being written, best first: the
    questions an asker should see before asking again. Any word may match (ranking puts threads
    with more and rarer shared words first); words that say nothing about the subject are left
    out, so they do not make every thread a candidate."""
    words = re.findall(r"\w+", (title or "").lower())
    terms = [word for word in words if len(word) > 2 and word not in TITLE_STOPWORDS]
    return search_threads(
        " ".join(terms[:MAX_TERMS]), per_page=min(limit, MAX_SIMILAR), any_word=True
    ).hits


def search_threads(query_text, *, page=1, per_page=20, any_word=False):
    """Visible threads matching the words, best first, one hit per thread, one page at a time.
    All words must match, or with any_word=True at least one of them."""
    terms = search_terms(query_text)
    page = max(1, page)
    if not terms:
        return SearchPage([], 0, page, per_page)
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        search = _search_sqlite
    elif dialect == "postgresql":
        search = _search_postgres
    else:  # pragma: no cover - only the two supported databases
        raise RuntimeError(f"search is not supported on {dialect}")
    rows = search(terms, limit=per_page, offset=(page - 1) * per_page, any_word=any_word)
    if not rows and page > 1:
        # Past the last page: the page query has no row to carry the totals.
        rows_for_totals, rows = search(terms, limit=1, offset=0, any_word=any_word), []
    else:
        rows_for_totals = rows
    total = rows_for_totals[0].total if rows_for_totals else 0
    capped = bool(rows_for_totals) and rows_for_totals[0].matched > MAX_CANDIDATES
    hits = [SearchHit(r.thread_id, r.post_id, float(r.rank), highlighted(r.snippet)) for r in rows]
    return SearchPage(hits, total, page, per_page, capped=capped)


_VISIBLE_THREAD_POSTS = """
    p.kind IN ('question', 'answer') AND p.status = 'visible' AND q.status = 'visible'
"""


# Both searches are one statement: the newest MAX_CANDIDATES + 1 matches (one more, to know
# whether there were more), the newest MAX_CANDIDATES of them ranked, the best post per thread,
# and the page, with the number of threads (count over the window) and of matches alongside.


def _search_sqlite(terms, *, limit, offset, any_word=False):
    # Each word as a quoted prefix term: "gesprek"* also finds "gesprekken".
    match = (" OR " if any_word else " ").join(f'"{term}"*' for term in terms)
    ranked = db.session.execute(
        text(
            f"""
        WITH candidates AS (
            -- One pass over the index, newest first; bm25 only for the rows read.
            SELECT rowid AS post_id, bm25(forum_post_fts, 8.0, 1.0) AS rank
            FROM forum_post_fts WHERE forum_post_fts MATCH :match
            ORDER BY rowid DESC LIMIT {MAX_CANDIDATES + 1}
        ), hits AS (
            SELECT p.id AS post_id, coalesce(p.question_id, p.id) AS thread_id, c.rank
            FROM (SELECT * FROM candidates ORDER BY post_id DESC LIMIT {MAX_CANDIDATES}) c
            JOIN forum_post p ON p.id = c.post_id
            JOIN forum_post q ON q.id = coalesce(p.question_id, p.id)
            WHERE {_VISIBLE_THREAD_POSTS}
        ), best AS (
            SELECT *, row_number() OVER (PARTITION BY thread_id ORDER BY rank, post_id) AS n
            FROM hits
        )
        SELECT best.post_id, thread_id, -rank AS rank, count(*) OVER () AS total,
               (SELECT count(*) FROM candidates) AS matched, p.body
        FROM best JOIN forum_post p ON p.id = best.post_id
        WHERE n = 1
        ORDER BY best.rank, thread_id DESC LIMIT :limit OFFSET :offset"""
        ),
        {"match": match, "limit": limit, "offset": offset},
    ).all()
    # Snippets are cut in Python from the page's bodies: FTS5's snippet() re-reads the whole
    # match list of a prefix term for every row, which made common words ten times slower.
    return [
        SimpleNamespace(
            post_id=r.post_id,
            thread_id=r.thread_id,
            rank=r.rank,
            total=r.total,
            matched=r.matched,
            snippet=plain_snippet(r.body, terms),
        )
        for r in ranked
    ]


def _search_postgres(terms, *, limit, offset, any_word=False):
    # Prefix matching on each word, all words required (or any, for similar questions); the
    # Dutch configuration stems them.
    query = (" | " if any_word else " & ").join(f"{term}:*" for term in terms)
    # psycopg prepares a statement after a few runs, and PostgreSQL may then pick one generic
    # plan for every query; how to find the candidates depends on how common the words are.
    db.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    return db.session.execute(
        text(
            f"""
        WITH query AS (SELECT to_tsquery('dutch', :query) AS q),
        candidates AS MATERIALIZED (
            -- The query written out (not query.q), so the planner sees how common the words
            -- are: for a common word it walks the newest posts instead of every match.
            SELECT p.id FROM forum_post p
            WHERE p.search_vector @@ to_tsquery('dutch', :query)
            ORDER BY p.id DESC LIMIT {MAX_CANDIDATES + 1}
        ),
        hits AS (
            SELECT p.id AS post_id, coalesce(p.question_id, p.id) AS thread_id,
                   ts_rank(p.search_vector, query.q) AS rank
            FROM (SELECT id FROM candidates ORDER BY id DESC LIMIT {MAX_CANDIDATES}) c
            JOIN forum_post p ON p.id = c.id
            JOIN forum_post q ON q.id = coalesce(p.question_id, p.id)
            CROSS JOIN query
            WHERE {_VISIBLE_THREAD_POSTS}
        ), best AS (
            SELECT *, row_number() OVER (PARTITION BY thread_id ORDER BY rank DESC, post_id) AS n
            FROM hits
        ), page AS (
            SELECT post_id, thread_id, rank, count(*) OVER () AS total
            FROM best WHERE n = 1
            ORDER BY rank DESC, thread_id DESC LIMIT :limit OFFSET :offset
        )
        SELECT page.post_id, page.thread_id, page.rank, page.total,
               (SELECT count(*) FROM candidates) AS matched,
               -- ts_headline marks stemmed forms too; it runs only for the rows of this page.
               ts_headline('dutch', p.body, query.q,
                   'StartSel=' || chr(2) || ', StopSel=' || chr(3) ||
                   ', MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
               AS snippet
        FROM page JOIN forum_post p ON p.id = page.post_id CROSS JOIN query
        ORDER BY page.rank DESC, page.thread_id DESC"""
        ),
        {"query": query, "limit": limit, "offset": offset},
    ).all()
