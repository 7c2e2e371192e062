"""Search: p50/p95 latency of the forum's full-text search against a LIKE scan over generated
Dutch posts, and of the site's search over all four kinds (with many lessons, webinars and Week
events besides the posts) beside it, and that page ranking 1,000 matches of each kind instead of
200, on SQLite and (with BENCH_DATABASE_URL or --postgres URL) PostgreSQL. The PostgreSQL
database's tables are dropped and made again."""

import argparse
import os
import random
import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, text

from benchmarks.common import print_table, scratch_app, summary, timed
from community.accounts.models import User
from community.clock import utcnow
from community.events.models import Event
from community.extensions import db
from community.forum.models import Category, Post
from community.forum.search import search_threads
from community.fulltext import search
from community.search import search_everything, searchable_sources
from community.webinars.models import Webinar
from courses.models import Course, Lesson, Module
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
    """`posts` questions, and a tenth as many lessons, a fiftieth webinars, a fifth Week events
    (nine in ten approved) of the same text; the queries by how common their words are."""
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
        fill_other_kinds(rng, words, author_id, posts)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # Every table filled, as autovacuum would: without statistics for course_module
            # the planner takes it for 30 rows and hashes all lessons to check their modules.
            tables = ("forum_post", "course", "course_module", "course_lesson", "webinar",
                      "week_event")  # fmt: skip
            for table in tables:
                db.session.execute(text(f"ANALYZE {table}"))
            db.session.commit()
    return {label: " ".join(words[rank] for rank in ranks) for label, ranks in QUERY_RANKS.items()}


def fill_other_kinds(rng, words, author_id, posts):
    now = utcnow()
    course_ids = []
    for number in range(max(1, posts // 1000)):  # courses of 10 modules of 10 lessons
        course = Course(slug=f"cursus-{number}", title=sentence(rng, 5, words)[:190])
        db.session.add(course)
        db.session.flush()
        course_ids.append(course.id)
    modules = [
        {"course_id": course_id, "key": f"m{n}", "position": n, "title": f"Module {n}",
         "summary": "", "removed": False}
        for course_id in course_ids
        for n in range(10)
    ]  # fmt: skip
    db.session.execute(insert(Module.__table__), modules)
    module_ids = db.session.scalars(db.select(Module.id)).all()
    lessons = [
        {"module_id": module_ids[n % len(module_ids)], "key": f"l{n}", "position": n,
         "title": sentence(rng, 6, words)[:190], "removed": n % 50 == 0, "minutes": 5,
         "required": True, "body": " ".join(sentence(rng, 14, words) for _ in range(12))}
        for n in range(posts // 10)
    ]  # fmt: skip
    db.session.execute(insert(Lesson.__table__), lessons)
    webinars = [
        {"title": sentence(rng, 6, words)[:190], "privacy_confirmed": False,
         "description": " ".join(sentence(rng, 14, words) for _ in range(4)),
         "speakers": "Fatima Bakkali, Joost de Wit", "starts_at": now + timedelta(days=n % 90),
         "ends_at": now + timedelta(days=n % 90, hours=1), "capacity": 100, "stream_url": "",
         "recording_url": "", "host_id": author_id, "questions_need_approval": False,
         "qa_closed": False, "cancelled": n % 20 == 0, "created_at": now, "revision": 0}
        for n in range(posts // 50)
    ]  # fmt: skip
    db.session.execute(insert(Webinar.__table__), webinars)
    events = [
        {"organiser_id": author_id, "title": sentence(rng, 6, words)[:190],
         "description": " ".join(sentence(rng, 14, words) for _ in range(3)),
         "privacy_confirmed": False, "gemeente": "Zwolle", "province": "Overijssel",
         "audience": "everyone", "organisation": "GGD IJsselland", "contact": "",
         "registration_mode": "none", "external_url": "",
         "status": "approved" if n % 10 else "pending", "review_note": "",
         "created_at": now, "updated_at": now, "revision": 0, "cancel_reason": "",
         "starts_at": now + timedelta(days=n % 60),
         "ends_at": now + timedelta(days=n % 60, hours=2),
         "online": False, "online_url": "", "venue": "", "address": "", "postcode": ""}
        for n in range(posts // 5)
    ]  # fmt: skip
    db.session.execute(insert(Event.__table__), events)


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
            reader = db.session.get(User, 1)  # a member: forum questions and lessons too
            everything = timed(
                lambda q=query, r=reader: search_everything(r, q, per_page=20), repeat
            )
            # The same page ranking the 1,000 newest matches of each kind, as the forum's own
            # search does (the site's search did before): how much slower, how different.
            sources = searchable_sources(reader)
            deep = timed(lambda q=query, s=sources: search(q, s, per_page=20), repeat)
            full = summary(indexed)
            scan = summary(like)
            combined = summary(everything)
            result = search_threads(query, per_page=1)
            all_kinds = search_everything(reader, query, per_page=20)
            deep_page = search(query, sources, per_page=20)
            shared = {(h.kind, h.item_id) for h in all_kinds.hits} & {
                (h.kind, h.item_id) for h in deep_page.hits
            }
            rows.append(
                {
                    "database": label,
                    "query": kind,
                    "threads found": f"{'>' if result.capped else ''}{result.total}",
                    "index p50": full["p50 ms"],
                    "index p95": full["p95 ms"],
                    "LIKE p50": scan["p50 ms"],
                    "LIKE p95": scan["p95 ms"],
                    "hits, all kinds": f"{'>' if all_kinds.capped else ''}{all_kinds.total}",
                    "all kinds p50": combined["p50 ms"],
                    "all kinds p95": combined["p95 ms"],
                    "1,000 deep p50": summary(deep)["p50 ms"],
                    "page 1 as deep": f"{len(shared)}/{len(deep_page.hits)}",
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
    print_table(
        f"Search over {posts:,} posts (forum) and {posts // 10:,} lessons, {posts // 50:,} "
        f"webinars, {posts // 5:,} Week events besides (all kinds), {repeat} runs per query (ms)",
        rows,
    )
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL"))
    arguments = parser.parse_args()
    run(arguments.posts, arguments.repeat, arguments.postgres)
