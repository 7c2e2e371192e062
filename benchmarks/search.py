"""Forum search: p50/p95 latency of the full-text index against a LIKE scan over generated
Dutch posts, on SQLite and (with BENCH_DATABASE_URL or --postgres URL) PostgreSQL."""

import argparse
import os
import random
import tempfile
from pathlib import Path

from sqlalchemy import insert, text

from benchmarks.common import print_table, scratch_app, summary, timed
from community.clock import utcnow
from community.extensions import db
from community.forum.models import Category, Post
from community.forum.search import search_threads
from tests.helpers import make_user

WORDS = [
    "signalen",
    "gesprek",
    "ouders",
    "kind",
    "school",
    "wijkteam",
    "veiligheid",
    "meldcode",
    "afwegingskader",
    "stap",
    "collega",
    "overleg",
    "huisarts",
    "jeugdarts",
    "zorgen",
    "verwaarlozing",
    "opvoeding",
    "kinderopvang",
    "leerkracht",
    "moeder",
    "vader",
    "gezin",
    "melding",
    "advies",
    "hulp",
    "plan",
    "afspraken",
    "dossier",
    "observatie",
    "blauwe",
    "plekken",
    "gedrag",
    "angst",
    "slaap",
    "eten",
    "huisbezoek",
    "consultatie",
    "aandachtsfunctionaris",
    "terugkoppeling",
]
# Query words by how common they are in the generated text (rank in the word list).
QUERY_RANKS = {
    "common word": (1,),
    "middle word": (25,),
    "rare word": (400,),
    "two words": (3, 40),
}


FUNCTION_WORDS = [
    "de",
    "het",
    "een",
    "en",
    "van",
    "ik",
    "je",
    "we",
    "is",
    "was",
    "niet",
    "dat",
    "die",
    "er",
    "met",
    "op",
    "voor",
    "bij",
    "maar",
    "ook",
    "als",
    "dan",
    "nog",
    "wat",
    "hoe",
    "kan",
    "wel",
    "heel",
    "veel",
    "naar",
    "over",
    "om",
    "aan",
    "zijn",
    "haar",
    "hun",
    "ze",
    "hij",
]
SYLLABLES = [
    "ba",
    "be",
    "bo",
    "ka",
    "ke",
    "ko",
    "la",
    "le",
    "lo",
    "ma",
    "me",
    "mo",
    "na",
    "ne",
    "no",
    "ra",
    "re",
    "ro",
    "sa",
    "se",
    "so",
    "ta",
    "te",
    "to",
    "va",
    "ve",
    "vo",
]


def vocabulary(rng, size=3000):
    """Domain words plus made-up words: realistic spread, most words are rare."""
    made_up = {
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)
    }
    return WORDS + sorted(made_up)


def sentence(rng, length, words=None):
    """Half function words; content words drawn with a long tail (Zipf-like), as in text."""
    words = words or WORDS
    picked = []
    for _ in range(length):
        if rng.random() < 0.5:
            picked.append(rng.choice(FUNCTION_WORDS))
        else:
            picked.append(
                words[min(len(words) - 1, int(rng.paretovariate(0.9)) * 7 - 7 + rng.randint(0, 6))]
            )
    return " ".join(picked).capitalize() + "."


def fill(app, posts, seed=7):
    rng = random.Random(seed)
    words = vocabulary(rng)
    rng.shuffle(words)
    with app.app_context():
        author_id = make_user(email="schrijver@verbind.example", roles=("professional",)).id
        category_id = db.session.scalar(db.select(Category.id))
        now = utcnow()
        batch = []
        for _ in range(posts):
            batch.append(
                {
                    "kind": "question",
                    "author_id": author_id,
                    "category_id": category_id,
                    "title": sentence(rng, 8, words)[:190],
                    "body": " ".join(sentence(rng, 14, words) for _ in range(4)),
                    "anonymous": False,
                    "created_at": now,
                    "last_activity_at": now,
                    "score": 0,
                    "status": "visible",
                    "answer_count": 0,
                    "locked": False,
                    "pinned": False,
                }
            )
            if len(batch) == 5000:
                db.session.execute(insert(Post.__table__), batch)
                batch = []
        if batch:
            db.session.execute(insert(Post.__table__), batch)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE forum_post"))
            db.session.commit()
    return {label: " ".join(words[rank] for rank in ranks) for label, ranks in QUERY_RANKS.items()}


def measure(app, label, repeat, queries):
    rows = []
    with app.app_context():
        for kind, query in queries.items():
            indexed = timed(lambda q=query: search_threads(q, per_page=20), repeat)
            like = timed(
                lambda q=query: db.session.execute(
                    text(
                        "SELECT id FROM forum_post WHERE lower(body) LIKE :pattern "
                        "ORDER BY created_at DESC LIMIT 20"
                    ),
                    {"pattern": f"%{q.split()[0]}%"},
                ).all(),
                repeat,
            )
            full = summary(indexed)
            scan = summary(like)
            result = search_threads(query, per_page=1)
            rows.append(
                {
                    "database": label,
                    "query": kind,
                    "threads found": f"{'>' if result.capped else ''}{result.total}",
                    "index p50": full["p50 ms"],
                    "index p95": full["p95 ms"],
                    "LIKE p50": scan["p50 ms"],
                    "LIKE p95": scan["p95 ms"],
                }
            )
    return rows


def run(posts=100_000, repeat=20, postgres_url=None):
    rows = []
    folder = Path(tempfile.mkdtemp())
    sqlite_app = scratch_app(f"sqlite:///{folder / 'search.sqlite'}")
    queries = fill(sqlite_app, posts)
    rows += measure(sqlite_app, "SQLite FTS5", repeat, queries)
    if postgres_url:
        pg_app = scratch_app(postgres_url)
        queries = fill(pg_app, posts)
        rows += measure(pg_app, "PostgreSQL tsvector", repeat, queries)
        with pg_app.app_context():
            db.drop_all()
    print_table(f"Search over {posts:,} posts, {repeat} runs per query (ms)", rows)
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL"))
    arguments = parser.parse_args()
    run(arguments.posts, arguments.repeat, arguments.postgres)
