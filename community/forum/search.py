"""Full-text search over questions and answers: the forum's index and search source, and
search_threads() (the forum's own search and the similar questions while asking).

SQLite: an FTS5 table kept in step with forum_post by triggers. PostgreSQL: a stored, generated
column holding a weighted Dutch tsvector of title and body, with a GIN index. Both are created
by the migrations and, for databases made with create_all() (tests), by the DDL hooks below;
the machinery is community/fulltext.py's, shared with lessons, webinars and Week events.
"""

import re
from dataclasses import dataclass

from markupsafe import Markup

from community.forum.models import Post
from community.fulltext import (  # noqa: F401 - the forum's names for the shared helpers
    MARK_END,
    MARK_START,
    MAX_TERMS,
    FullTextIndex,
    SearchPage,
    SearchSource,
    highlighted,
    is_search_index_object,
    plain_snippet,
    search,
    search_terms,
)

# Only the newest matching posts are ranked, so a word found in most posts still answers
# quickly; a search that finds more says "more than" instead of an exact count.
MAX_CANDIDATES = 1000

# --- index definitions (used by the migrations and by create_all) -----------------------------

INDEX = FullTextIndex("forum_post", (("title", "A"), ("body", "B")))
SQLITE_INDEX_DDL = INDEX.sqlite_ddl()
SQLITE_DROP_DDL = INDEX.sqlite_drop_ddl()
# The weighted Dutch tsvector of a post: the title weighs more than the body.
POSTGRES_VECTOR = INDEX.postgres_vector
POSTGRES_INDEX_DDL = [
    *INDEX.postgres_ddl(),
    # The expression index of revision 0002, replaced by the column's index.
    "DROP INDEX IF EXISTS ix_forum_post_search",
]
POSTGRES_DROP_DDL = INDEX.postgres_drop_ddl()


def search_index_ddl(dialect_name):
    return {"sqlite": SQLITE_INDEX_DDL, "postgresql": POSTGRES_INDEX_DDL}.get(dialect_name, [])


def search_index_drop_ddl(dialect_name):
    return INDEX.drop_ddl(dialect_name)


INDEX.attach(
    Post.__table__, extra_ddl={"postgresql": ["DROP INDEX IF EXISTS ix_forum_post_search"]}
)

# --- searching ---------------------------------------------------------------------------------

# A hit is a thread: the best-matching visible post of each visible thread.
SOURCE = SearchSource(
    kind="forum",
    index=INDEX,
    hits="""
        SELECT post_id AS item_id, thread_id AS parent_id, rank, thread_id AS sort_id
        FROM (
            SELECT p.id AS post_id, coalesce(p.question_id, p.id) AS thread_id, r.rank,
                   row_number() OVER (PARTITION BY coalesce(p.question_id, p.id)
                                      ORDER BY r.rank DESC, p.id) AS n
            FROM {ranked} r
            JOIN forum_post p ON p.id = r.id
            JOIN forum_post q ON q.id = coalesce(p.question_id, p.id)
            WHERE p.kind IN ('question', 'answer') AND p.status = 'visible'
              AND q.status = 'visible'
        ) best WHERE n = 1""",
    joins="""
        LEFT JOIN forum_post forum_p ON page.kind = 'forum' AND forum_p.id = page.item_id
        LEFT JOIN forum_post forum_q ON page.kind = 'forum' AND forum_q.id = page.parent_id""",
    columns={"title": "forum_q.title", "body": "forum_p.body", "happened_at": "forum_q.created_at"},
    endpoint="forum.question",
    permission="read_forum",
)


@dataclass
class SearchHit:
    question_id: int
    post_id: int  # the best-matching post of the thread: the question or one of its answers
    rank: float
    snippet: Markup


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
    results = search(
        query_text,
        [SOURCE],
        page=page,
        per_page=per_page,
        any_word=any_word,
        max_candidates=MAX_CANDIDATES,
    )
    results.hits = [
        SearchHit(hit.parent_id, hit.item_id, hit.score, hit.snippet) for hit in results.hits
    ]
    return results
