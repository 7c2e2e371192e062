"""Thread page: requests per second, p95 latency and SQL queries per request for a question
with 5, 50 and 200 answers (each with a comment and votes). Queries must stay flat.

Always on SQLite; with BENCH_DATABASE_URL (or --database-url) also on that PostgreSQL database,
in the same run, with a "PostgreSQL ÷ SQLite" column for requests per second. In process, with
Flask's test client, one request at a time. The two databases take turns in short rounds, so a
busy (shared) machine weighs on both alike and the ratio stays comparable."""

import argparse
import os
import tempfile
from pathlib import Path

from benchmarks.common import counted_queries, print_table, scratch_app, summary, timed
from community.accounts.models import User
from community.clock import utcnow
from community.extensions import db
from community.forum import services
from community.forum.models import Answer, Category, Comment, Vote
from tests.helpers import log_in, make_user

SIZES = (5, 50, 200)
# Requests per database are measured in this many alternating rounds.
ROUNDS = 5
# Requests before the clock starts: psycopg prepares a statement on the server at its sixth run.
WARM_UP = 6


def build_thread(app, answers, voter_ids):
    with app.app_context():
        category = db.session.scalar(db.select(Category))
        asker = db.session.get(User, voter_ids[0])
        question = services.ask_question(
            asker,
            category=category,
            title=f"Een draad met {answers} antwoorden erin",
            body="Hoe pakken jullie dit aan in de praktijk?",
        )
        for number in range(answers):
            author_id = voter_ids[number % len(voter_ids)]
            answer = Answer(
                author_id=author_id,
                question_id=question.id,
                created_at=utcnow(),
                body=f"Antwoord {number}: **overleg** eerst met een collega.",
            )
            db.session.add(answer)
            db.session.flush()
            db.session.add(
                Comment(
                    author_id=author_id,
                    question_id=question.id,
                    parent_id=answer.id,
                    body=f"Reactie op antwoord {number}",
                )
            )
            for voter_id in voter_ids:
                if voter_id != author_id:
                    db.session.add(Vote(user_id=voter_id, post_id=answer.id, value=1))
        question.answer_count = answers
        db.session.commit()
        return question.id


class ThreadSite:
    """A scratch app on one database, with a thread of each size and a moderator logged in (the
    reader with the most queries: flags, hidden posts)."""

    def __init__(self, database_url):
        self.app = scratch_app(database_url)
        self.app.config["RATELIMIT_ENABLED"] = False
        with self.app.app_context():
            voters = [
                make_user(email=f"stemmer{n}@verbind.example", roles=("professional",)).id
                for n in range(5)
            ]
            reader_email = make_user(email="lezer@verbind.example", roles=("moderator",)).email
            self.engine = db.engine
        self.client = self.app.test_client()
        log_in(self.client, reader_email)
        self.urls = {size: f"/forum/q/{build_thread(self.app, size, voters)}" for size in SIZES}

    def queries_per_request(self, size):
        for _ in range(WARM_UP):  # caches, lazy set-up, prepared statements
            self.client.get(self.urls[size])
        with counted_queries(self.engine) as statements:
            self.client.get(self.urls[size])
        return len(statements)

    def time_requests(self, size, repeat):
        url = self.urls[size]
        return timed(lambda: self.client.get(url), repeat)


def run(repeat=200, database_url=None):
    """`repeat` requests per thread size and database. `database_url`: the PostgreSQL database
    to compare with SQLite (default: BENCH_DATABASE_URL; none: SQLite only)."""
    folder = Path(tempfile.mkdtemp())
    databases = {"SQLite": f"sqlite:///{folder / 'thread.sqlite'}"}
    postgres_url = database_url or os.environ.get("BENCH_DATABASE_URL")
    if postgres_url:
        databases["PostgreSQL"] = postgres_url
    sites = {name: ThreadSite(url) for name, url in databases.items()}

    rows = []
    for size in SIZES:
        queries = {name: site.queries_per_request(size) for name, site in sites.items()}
        durations = {name: [] for name in sites}
        for done in range(ROUNDS):
            share = repeat * (done + 1) // ROUNDS - repeat * done // ROUNDS
            for name, site in sites.items():
                durations[name] += site.time_requests(size, share)
        rates = {}
        for name in sites:
            figures = summary(durations[name])
            rates[name] = figures["per s"]
            rows.append(
                {
                    "database": name,
                    "answers": size,
                    "queries/request": queries[name],
                    "p50 ms": figures["p50 ms"],
                    "p95 ms": figures["p95 ms"],
                    "req/s": figures["per s"],
                    "PostgreSQL ÷ SQLite": "",
                }
            )
        if "PostgreSQL" in rates:
            rows[-1]["PostgreSQL ÷ SQLite"] = f"{rates['PostgreSQL'] / rates['SQLite']:.2f}"
    if "PostgreSQL" not in sites:
        for row in rows:
            del row["PostgreSQL ÷ SQLite"]
    print_table(
        f"Thread page ({repeat} requests each, one process, Flask test client, "
        f"{' and '.join(sites)} in {ROUNDS} alternating rounds)",
        rows,
    )
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument(
        "--database-url", help="PostgreSQL to compare with SQLite (default: BENCH_DATABASE_URL)"
    )
    arguments = parser.parse_args()
    run(arguments.repeat, arguments.database_url)
