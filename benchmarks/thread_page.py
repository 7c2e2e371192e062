"""Thread page: requests per second, p95 latency and SQL queries per request for a question
with 5, 50 and 200 answers (each with a comment and votes). Queries must stay flat."""

import argparse
import tempfile
from pathlib import Path

from benchmarks.common import counted_queries, print_table, scratch_app, summary, timed
from community.accounts.models import User
from community.clock import utcnow
from community.extensions import db
from community.forum import services
from community.forum.models import Answer, Category, Comment, Vote
from tests.helpers import log_in, make_user


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


def run(repeat=200, database_url=None):
    folder = Path(tempfile.mkdtemp())
    app = scratch_app(database_url or f"sqlite:///{folder / 'thread.sqlite'}")
    app.config["RATELIMIT_ENABLED"] = False
    with app.app_context():
        voters = [
            make_user(email=f"stemmer{n}@verbind.example", roles=("professional",)).id
            for n in range(5)
        ]
        reader_email = make_user(email="lezer@verbind.example", roles=("moderator",)).email
    client = app.test_client()
    log_in(client, reader_email)
    rows = []
    for answers in (5, 50, 200):
        question_id = build_thread(app, answers, voters)
        url = f"/forum/q/{question_id}"
        client.get(url)
        with app.app_context():
            engine = db.engine
        with counted_queries(engine) as statements:
            client.get(url)
        durations = timed(lambda url=url: client.get(url), repeat)
        rows.append({"answers": answers, "queries/request": len(statements), **summary(durations)})
    print_table(f"Thread page ({repeat} requests each, one process, test client)", rows)
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--database-url")
    arguments = parser.parse_args()
    run(arguments.repeat, arguments.database_url)
