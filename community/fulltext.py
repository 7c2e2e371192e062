"""Full-text search machinery shared by every kind of content: the index definitions (SQLite FTS5
tables kept in step by triggers; PostgreSQL generated, weighted Dutch tsvector columns with GIN
indexes), the one search statement over any set of kinds, and the highlighted snippets.

A feature says what it indexes and who sees what in a `SearchSource` (community/forum/search.py,
courses/search.py, …); community/search.py puts the sources together for the search page.
"""

# Table, column and kind names in the statements below come from the sources' definitions in
# code, never from a request; the user's words are always bound parameters.
# ruff: noqa: S608

import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import DDL, Boolean, Float, Integer, String, event, text

from community.db_types import UTCDateTime
from community.extensions import db

MARK_START, MARK_END = "\x02", "\x03"
MAX_TERMS = 10
# Only the newest matches of each kind are ranked, so a word found almost everywhere still
# answers quickly; a search that finds more says "more than" instead of an exact count.
MAX_CANDIDATES = 1000
SQLITE_TOKENIZER = "unicode61 remove_diacritics 2"
# What a word in a column of weight A, B or C counts for on SQLite (bm25); PostgreSQL's ts_rank
# has its own defaults for the same letters (1.0, 0.4, 0.2).
SQLITE_WEIGHTS = {"A": 8.0, "B": 1.0, "C": 0.5}


# --- index definitions (used by the migrations and by create_all) ------------------------------


@dataclass(frozen=True)
class FullTextIndex:
    """The full-text index of one table: its text columns, each with a weight A (titles), B
    (bodies) or C (names and places)."""

    table: str
    columns: tuple  # ((column, weight), ...)

    @property
    def fts_table(self):
        return f"{self.table}_fts"

    @property
    def names(self):
        return [name for name, _weight in self.columns]

    @property
    def sqlite_weights(self):
        return ", ".join(str(SQLITE_WEIGHTS[weight]) for _name, weight in self.columns)

    @property
    def postgres_vector(self):
        parts = " || ".join(
            f"setweight(to_tsvector('dutch'::regconfig, coalesce({name}, '')), '{weight}')"
            for name, weight in self.columns
        )
        return f"({parts})"

    def _row(self, row):
        return ", ".join(f"coalesce({row}.{name}, '')" for name in self.names)

    def sqlite_ddl(self):
        fts, table, names = self.fts_table, self.table, ", ".join(self.names)
        add = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {self._row('new')});"
        old = self._row("old")
        remove = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
        return [
            f"""CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(
        {names}, content='{table}', content_rowid='id', tokenize='{SQLITE_TOKENIZER}')""",
            f"""CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN
        {add}
    END""",
            f"""CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN
        {remove}
    END""",
            f"""CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {names}
    ON {table} BEGIN
        {remove}
        {add}
    END""",
        ]

    def sqlite_drop_ddl(self):
        fts = self.fts_table
        return [
            f"DROP TRIGGER IF EXISTS {fts}_insert",
            f"DROP TRIGGER IF EXISTS {fts}_delete",
            f"DROP TRIGGER IF EXISTS {fts}_update",
            f"DROP TABLE IF EXISTS {fts}",
        ]

    def postgres_ddl(self):
        # A stored (generated) column, so ranking reads the vector instead of rebuilding it.
        return [
            f"ALTER TABLE {self.table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS ({self.postgres_vector}) STORED",
            f"CREATE INDEX IF NOT EXISTS ix_{self.table}_search_vector ON {self.table} "
            "USING gin (search_vector)",
        ]

    def postgres_drop_ddl(self):
        return [
            f"DROP INDEX IF EXISTS ix_{self.table}_search_vector",
            f"ALTER TABLE {self.table} DROP COLUMN IF EXISTS search_vector",
        ]

    def ddl(self, dialect_name):
        return {"sqlite": self.sqlite_ddl, "postgresql": self.postgres_ddl}.get(
            dialect_name, list
        )()

    def drop_ddl(self, dialect_name):
        return {"sqlite": self.sqlite_drop_ddl, "postgresql": self.postgres_drop_ddl}.get(
            dialect_name, list
        )()

    def fill_ddl(self, dialect_name):
        """Index the rows a table already has (a migration adding the index to a used database;
        PostgreSQL fills a generated column by itself)."""
        if dialect_name == "sqlite":
            return [f"INSERT INTO {self.fts_table}({self.fts_table}) VALUES ('rebuild')"]
        return []

    def attach(self, table, *, extra_ddl=None):
        """Create the index with the table in create_all() (tests) and drop it before it."""
        extra_ddl = extra_ddl or {}
        for dialect in ("sqlite", "postgresql"):
            for statement in self.ddl(dialect) + extra_ddl.get(dialect, []):
                event.listen(table, "after_create", DDL(statement).execute_if(dialect=dialect))
            for statement in self.drop_ddl(dialect):
                event.listen(table, "before_drop", DDL(statement).execute_if(dialect=dialect))


def is_search_index_object(name, type_):
    """True for database objects the search indexes own (they are not in the models)."""
    name = name or ""
    if type_ == "table":
        return name.endswith("_fts") or "_fts_" in name
    if type_ == "index":
        return name == "ix_forum_post_search" or (
            name.startswith("ix_") and name.endswith("_search_vector")
        )
    if type_ == "column":
        return name == "search_vector"
    return False


# --- terms and snippets ------------------------------------------------------------------------


def search_terms(query_text):
    """Words to search for: letters and digits only, so no input can break the query syntax."""
    return re.findall(r"\w+", (query_text or "").lower())[:MAX_TERMS]


def highlighted(snippet):
    """Escape the text, then turn the database's match markers into <mark>. Markdown's emphasis
    and code markers are dropped: a snippet is read as plain text."""
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


# --- searching ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchSource:
    """One kind of content in the search.

    `hits` is a SELECT of (item_id, parent_id, rank, sort_id) over `{ranked}` (the kind's ranked
    matches: id and rank, higher is better), joined with whatever decides visibility; it keeps
    only what every reader may see. `joins` are LEFT JOINs from `page` (a page of hits: kind,
    item_id, parent_id) with aliases of the source's own, each on `page.kind = '<kind>'`;
    `columns` give title, body (for the snippet), happened_at, cancelled, context and slug of a
    hit from them (NULL where a kind has none). `permission` is what a reader needs to see the
    kind at all, `endpoint` the page a hit links to (the kind is left out when the app has none).
    """

    kind: str
    index: FullTextIndex
    hits: str
    joins: str
    columns: dict
    endpoint: str
    permission: str | None = None


@dataclass
class SearchHit:
    kind: str
    item_id: int
    parent_id: int | None
    score: float  # relevance within its kind: 1.0 for the best of that kind
    title: str
    snippet: Markup
    happened_at: datetime | None = None
    cancelled: bool = False
    context: str = ""  # the course of a lesson, the gemeente of an event, a webinar's speakers
    slug: str = ""  # the course of a lesson, for its address


@dataclass
class SearchPage:
    hits: list
    total: int
    page: int
    per_page: int
    capped: bool = False  # True when more of a chosen kind matched than were ranked
    counts: dict = field(default_factory=dict)  # kind -> hits of that kind (all pages)
    # Kinds with more matches than were ranked: their count is of the ranked ones ("more than").
    capped_kinds: frozenset = frozenset()

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


_COLUMNS = ("title", "body", "happened_at", "cancelled", "context", "slug")
_RESULT_TYPES = {
    "kind": String(),
    "item_id": Integer(),
    "parent_id": Integer(),
    "score": Float(),
    "found": Integer(),
    "matched": Integer(),
    "title": String(),
    "body": String(),
    "happened_at": UTCDateTime(),
    "cancelled": Boolean(),
    "context": String(),
    "slug": String(),
    "kind_order": Integer(),
    "sort_id": Integer(),
}


def search(query_text, sources, *, chosen=None, page=1, per_page=20, any_word=False,
           max_candidates=MAX_CANDIDATES):  # fmt: skip
    """Hits of the `chosen` kinds (default: all of `sources`) matching the words, best first, one
    page at a time, with the number of hits of every kind of `sources`. All words must match, or
    with any_word=True at least one of them. Only the `max_candidates` newest matches of each
    kind are ranked and counted; kinds with more are in the page's `capped_kinds`.

    Mixed kinds are ranked by relevance within their kind: each hit's rank divided by the best
    rank of its kind in this search, so the best lesson and the best forum question both score
    1.0 (the databases' ranks of different tables are not comparable: they depend on how long
    and how many the texts of each table are). Equal scores go forum, lesson, webinar, event,
    then newest first. One statement (and on PostgreSQL one SET), whatever the number of hits.
    """
    terms = search_terms(query_text)
    page = max(1, page)
    sources = list(sources)
    chosen = [s.kind for s in sources if chosen is None or s.kind in chosen]
    if not terms or not sources:
        return SearchPage([], 0, page, per_page, counts={s.kind: 0 for s in sources})
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        parameters = {"match": (" OR " if any_word else " ").join(f'"{t}"*' for t in terms)}
    elif dialect == "postgresql":
        # Prefix matching on each word; the Dutch configuration stems them.
        parameters = {"query": (" | " if any_word else " & ").join(f"{t}:*" for t in terms)}
        # psycopg prepares a statement after a few runs, and PostgreSQL may then pick one
        # generic plan for every query; how to find the candidates depends on the words.
        db.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    else:  # pragma: no cover - only the two supported databases
        raise RuntimeError(f"search is not supported on {dialect}")
    statement = _statement(sources, chosen, dialect, max_candidates)
    rows = db.session.execute(
        text(statement).columns(**_RESULT_TYPES),
        {**parameters, "limit": per_page, "offset": (page - 1) * per_page},
    ).all()
    counts, matched, hit_rows = {}, {}, []
    for row in rows:
        if row.item_id is None:
            counts[row.kind], matched[row.kind] = row.found, row.matched
        else:
            hit_rows.append(row)
    hit_rows.sort(key=lambda r: (-r.score, r.kind_order, -r.sort_id))
    postgres = dialect == "postgresql"
    hits = [
        SearchHit(
            kind=r.kind,
            item_id=r.item_id,
            parent_id=r.parent_id,
            score=float(r.score),
            title=r.title or "",
            # PostgreSQL's headline marks stemmed forms; on SQLite the snippet is cut here from
            # the page's texts (FTS5's snippet() re-reads a prefix term's whole match list for
            # every row, which made common words ten times slower).
            snippet=highlighted(r.body if postgres else plain_snippet(r.body, terms)),
            happened_at=r.happened_at,
            cancelled=bool(r.cancelled),
            context=r.context or "",
            slug=r.slug or "",
        )
        for r in hit_rows
    ]
    total = sum(counts.get(kind, 0) for kind in chosen)
    capped_kinds = frozenset(kind for kind, number in matched.items() if number > max_candidates)
    return SearchPage(hits, total, page, per_page, capped=bool(capped_kinds & set(chosen)),
                      counts=counts, capped_kinds=capped_kinds)  # fmt: skip


def _statement(sources, chosen, dialect, max_candidates):
    ctes = []
    for source in sources:
        kind, table, fts = source.kind, source.index.table, source.index.fts_table
        if dialect == "sqlite":
            ctes += [
                # One pass over the index, newest first; bm25 only for the rows read.
                f"""{kind}_candidates AS (
                    SELECT rowid AS id, -bm25({fts}, {source.index.sqlite_weights}) AS rank
                    FROM {fts} WHERE {fts} MATCH :match
                    ORDER BY rowid DESC LIMIT {max_candidates + 1})""",
                f"""{kind}_ranked AS (
                    SELECT id, rank FROM {kind}_candidates
                    ORDER BY id DESC LIMIT {max_candidates})""",
            ]
        else:
            ctes += [
                # The query written out, so the planner sees how common the words are: for a
                # common word it walks the newest rows instead of every match. The vectors
                # read for matching are kept for ranking: joining the table again to rank let
                # the planner pick a hash join over all its rows (12-100 ms for 20,000 events).
                f"""{kind}_candidates AS MATERIALIZED (
                    SELECT t.id, t.search_vector FROM {table} t
                    WHERE t.search_vector @@ to_tsquery('dutch', :query)
                    ORDER BY t.id DESC LIMIT {max_candidates + 1})""",
                f"""{kind}_ranked AS (
                    SELECT id, ts_rank(search_vector, to_tsquery('dutch', :query)) AS rank
                    FROM {kind}_candidates ORDER BY id DESC LIMIT {max_candidates})""",
            ]
        ctes.append(f"{kind}_hits AS ({source.hits.format(ranked=f'{kind}_ranked')})")
    ctes.append(
        "hits AS ("
        + " UNION ALL ".join(
            f"SELECT '{s.kind}' AS kind, {order} AS kind_order, item_id, parent_id, rank, sort_id "
            f"FROM {s.kind}_hits"
            for order, s in enumerate(sources)
        )
        + ")"
    )
    kinds = ", ".join(f"'{kind}'" for kind in chosen) or "NULL"
    ctes += [
        """scored AS (
            SELECT hits.*, CASE WHEN max(rank) OVER (PARTITION BY kind) > 0
                THEN rank / max(rank) OVER (PARTITION BY kind) ELSE 1.0 END AS score
            FROM hits)""",
        f"""page AS (
            SELECT * FROM scored WHERE kind IN ({kinds})
            ORDER BY score DESC, kind_order, sort_id DESC LIMIT :limit OFFSET :offset)""",
    ]

    def column(name):
        cases = " ".join(f"WHEN '{s.kind}' THEN {s.columns.get(name, 'NULL')}" for s in sources)
        return f"CASE page.kind {cases} END"

    body = column("body")
    if dialect == "postgresql":
        # The headline runs only for the rows of this page.
        body = (
            f"ts_headline('dutch', coalesce({body}, ''), to_tsquery('dutch', :query), "
            "'StartSel=' || chr(2) || ', StopSel=' || chr(3) || "
            "', MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"')"
        )
    selected = {name: column(name) for name in _COLUMNS} | {"body": body}
    page_part = f"""
        SELECT page.kind, page.item_id, page.parent_id, page.score, NULL AS found,
               NULL AS matched, {", ".join(f"{sql} AS {name}" for name, sql in selected.items())},
               page.kind_order, page.sort_id
        FROM page {" ".join(s.joins for s in sources)}"""
    nulls = ", ".join(f"NULL AS {name}" for name in _COLUMNS)
    count_parts = [
        f"""SELECT '{s.kind}', NULL, NULL, NULL, (SELECT count(*) FROM {s.kind}_hits),
               (SELECT count(*) FROM {s.kind}_candidates), {nulls}, NULL, NULL"""
        for s in sources
    ]
    return (
        "WITH " + ",\n".join(ctes) + page_part + "\nUNION ALL\n" + "\nUNION ALL\n".join(count_parts)
    )
