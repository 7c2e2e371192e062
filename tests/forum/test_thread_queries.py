"""A thread page runs the same number of SQL queries with 5 answers as with 200."""

import contextlib

from sqlalchemy import event

from community.accounts.models import User
from community.clock import utcnow
from community.extensions import db
from community.forum.models import Answer, Comment, Post, Vote


@contextlib.contextmanager
def counted_queries(app):
    statements = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def add_answers(app, question_id, voter_ids, count):
    with app.app_context():
        question = db.session.get(Post, question_id)
        for number in range(count):
            author_id = voter_ids[number % len(voter_ids)]
            answer = Answer(
                author_id=author_id,
                question_id=question_id,
                created_at=utcnow(),
                body=f"Antwoord nummer {number} met wat ervaring uit de praktijk.",
            )
            db.session.add(answer)
            db.session.flush()
            db.session.add(
                Comment(
                    author_id=author_id,
                    question_id=question_id,
                    parent_id=answer.id,
                    body=f"Reactie op {number}",
                )
            )
            for voter_id in voter_ids:
                if voter_id != author_id:
                    db.session.add(Vote(user_id=voter_id, post_id=answer.id, value=1))
        question.answer_count += count
        db.session.commit()


def queries_for_thread_page(app, client, question_id):
    client.get(f"/forum/q/{question_id}")  # warm-up: caches and lazy set-up
    with counted_queries(app) as statements:
        response = client.get(f"/forum/q/{question_id}")
    assert response.status_code == 200
    return len(statements)


def test_thread_page_query_count_does_not_grow_with_answers(app, person, forum):
    voters = [person()[1] for _ in range(4)]
    reader, reader_id = person("moderator")  # moderators load the most (flags, hidden posts)

    small = forum.ask(voters[0], title="Een draad met weinig antwoorden erin")
    add_answers(app, small, voters, 5)
    large = forum.ask(voters[0], title="Een draad met heel veel antwoorden erin")
    add_answers(app, large, voters, 200)

    small_count = queries_for_thread_page(app, reader, small)
    large_count = queries_for_thread_page(app, reader, large)
    assert small_count == large_count
    assert large_count <= 7
    with app.app_context():
        assert db.session.get(User, reader_id) is not None
