"""A bad day for the database: locked by another writer past the busy timeout, or full. The user
gets a clear 503 in Dutch, nothing half-stored, and their text back in a form they can send
again; a live question gets an error reply instead of silence."""

import sqlite3

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from community.extensions import db
from community.forum import services
from community.forum.models import Answer, Category
from community.webinars.models import LiveQuestion
from tests.helpers import csrf_token_from, log_in, make_user, page_text, post_form
from tests.webinars.test_live import ask, attendee, join

ANSWER = "Wij bespreken zorgen altijd eerst in het team, daarna met de ouders zelf."


@pytest.fixture
def thread(app):
    with app.app_context():
        asker = make_user(email="vraag@verbind.example", roles=("professional",))
        make_user(email="antwoord@verbind.example", roles=("professional",))
        question = services.ask_question(
            asker,
            category=db.session.scalar(sa.select(Category)),
            title="Hoe begin je een gesprek over zorgen?",
            body="Ik wil ouders niet afschrikken maar wel eerlijk zijn.",
        )
        return question.id


def answers_stored(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Answer))


def send_again(client, response):
    """Submit the form of the 503 page, as the user's "Send again" button does."""
    html = page_text(response)
    assert ANSWER in html  # what they typed is on the page
    return client.post(
        response.request.path,
        data={"csrf_token": csrf_token_from(html), "body": ANSWER},
    )


def test_a_locked_database_gives_503_keeps_the_text_and_a_retry_stores_once(
    app, client, thread, app_config, tmp_path
):
    if not app_config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite's database-wide write lock")
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 0.2}}
    with app.app_context():
        db.engine.dispose()
    log_in(client, "antwoord@verbind.example")
    page = f"/forum/q/{thread}"
    # Another process holds the write lock for longer than our busy timeout.
    path = app_config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        response = post_form(client, f"{page}/answer", {"body": ANSWER}, page=page)
        assert response.status_code == 503
        assert response.headers["Retry-After"]
        assert "Niet opgeslagen" in page_text(response)
        assert answers_stored(app) == 0
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    retried = send_again(client, response)
    assert retried.status_code == 302
    assert answers_stored(app) == 1


def test_a_full_disk_on_commit_gives_503_and_stores_nothing(app, client, thread, monkeypatch):
    log_in(client, "antwoord@verbind.example")
    page = f"/forum/q/{thread}"

    def disk_full(self):
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    with monkeypatch.context() as patch:
        patch.setattr(Session, "commit", disk_full)
        response = post_form(client, f"{page}/answer", {"body": ANSWER}, page=page)
    assert response.status_code == 503
    assert "Verstuur opnieuw" in page_text(response)
    assert answers_stored(app) == 0
    assert send_again(client, response).status_code == 302
    assert answers_stored(app) == 1


def test_a_live_question_during_a_database_fault_gets_an_error_reply(app, webinar_id, monkeypatch):
    live, joined = join(app, attendee(app, webinar_id, "deelnemer@verbind.example"), webinar_id)
    assert joined["ok"]

    def disk_full(self):
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    with monkeypatch.context() as patch:
        patch.setattr(Session, "commit", disk_full)
        reply = ask(live, webinar_id, "Wat als de ouder boos wordt?")
    assert reply["ok"] is False and reply["error"] == "unavailable"
    assert "Niets is opgeslagen" in reply["message"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LiveQuestion)) == 0
    live.disconnect(namespace="/webinar")
