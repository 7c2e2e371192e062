"""Many people answer one live poll at the same moment, and change their answers at the same
moment, while the host may close it: real threads with their own database connections
(tests/concurrency/test_races.py), on SQLite and PostgreSQL. Answers do not take turns on the
poll; still one row per person, the counts exact, every answer and change counted once in the
results' version, and nothing stored after the poll closed."""

import threading

import pytest
from sqlalchemy import func, select

from community.accounts.models import User
from community.extensions import db
from community.webinars import polls
from community.webinars import services as webinars
from community.webinars.models import Poll, PollAnswer, Webinar
from tests.concurrency.test_races import PEOPLE, all_at_once, live_webinar, people  # noqa: F401


def open_poll_for(people):  # noqa: F811
    """A live webinar with everyone registered and an open multiple-choice poll: (host id,
    webinar id, poll id)."""
    host, webinar = live_webinar(capacity=PEOPLE)
    for user_id in people:
        webinars.register(db.session.get(User, user_id), webinar)
    poll = polls.create_poll(
        host,
        webinar,
        kind="multiple",
        question="Wat helpt jou bij twijfel?",
        options=["Collega", "Veilig Thuis", "Meldcode", "Ouders"],
    )
    polls.control_poll(host, poll, webinar, "open")
    return host.id, webinar.id, poll.id


def close(host_id, webinar_id, poll_id):
    """The host closes the poll; the results as read right after."""
    host, webinar = db.session.get(User, host_id), db.session.get(Webinar, webinar_id)
    polls.control_poll(host, db.session.get(Poll, poll_id), webinar, "close")
    return polls.results_for(poll_id)


def test_simultaneous_poll_answers_and_changes_are_counted_exactly(app, people):  # noqa: F811
    with app.app_context():
        _host_id, webinar_id, poll_id = open_poll_for(people)

    def answer(user_id, choice):
        polls.answer_poll(db.session.get(User, user_id), webinar_id, poll_id, choice)

    assert all_at_once(app, people, lambda user_id: answer(user_id, [0, 1])) == []
    # Half change their answer at the same moment as the other half answer the same again.
    changers = set(people[::2])
    assert (
        all_at_once(
            app, people, lambda user_id: answer(user_id, [2] if user_id in changers else [0, 1])
        )
        == []
    )
    with app.app_context():
        rows = select(func.count()).select_from(PollAnswer).where(PollAnswer.poll_id == poll_id)
        assert db.session.scalar(rows) == PEOPLE
        # Each person's row was stored once and changed once, whatever the order.
        revisions = select(PollAnswer.revision).where(PollAnswer.poll_id == poll_id)
        assert db.session.scalars(revisions).all() == [2] * PEOPLE
        results = polls.results_for(poll_id)
        stay = PEOPLE - len(changers)
        assert results["counts"] == [stay, stay, len(changers), 0]
        assert results["total"] == PEOPLE and results["version"] == 2 * PEOPLE


def test_closing_waits_for_an_answer_being_stored_and_refuses_later_ones(
    app,
    people,  # noqa: F811
    monkeypatch,
):
    """An answer stored but not yet committed when the host closes: the close waits for it, so
    the results read after the close count it; an answer after the close is refused."""
    with app.app_context():
        host_id, webinar_id, poll_id = open_poll_for(people)
    first, second = people[:2]
    stored, go_on, closed = threading.Event(), threading.Event(), threading.Event()
    real_store = polls._store_answer

    def store_then_pause(*args):
        revision = real_store(*args)
        stored.set()
        go_on.wait(timeout=10)
        return revision

    monkeypatch.setattr(polls, "_store_answer", store_then_pause)
    outcome = {}

    def in_thread(name, action):
        def run():
            with app.app_context():
                try:
                    outcome[name] = action()
                except Exception as problem:  # noqa: BLE001 - reported by the test
                    outcome[name] = problem
                finally:
                    db.session.remove()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    answering = in_thread(
        "answer",
        lambda: polls.answer_poll(db.session.get(User, first), webinar_id, poll_id, [1]),
    )
    assert stored.wait(timeout=10)

    def close_and_note():
        results = close(host_id, webinar_id, poll_id)
        closed.set()
        return results

    closing = in_thread("close", close_and_note)
    assert not closed.wait(timeout=0.5), "the close did not wait for the answer being stored"
    go_on.set()
    answering.join(timeout=30)
    closing.join(timeout=30)
    assert outcome["answer"] == [1]
    assert outcome["close"]["counts"] == [0, 1, 0, 0] and outcome["close"]["total"] == 1

    with app.app_context(), pytest.raises(webinars.WebinarError) as refused:
        polls.answer_poll(db.session.get(User, second), webinar_id, poll_id, [2])
    assert "niet meegeteld" in str(refused.value)  # "your answer was not counted"
    with app.app_context():
        assert polls.results_for(poll_id) == outcome["close"]


def test_answers_racing_the_close_are_either_counted_or_refused(app, people):  # noqa: F811
    """Everyone answers at the moment the host closes: whatever was acknowledged is in the
    results read right after the close, and nothing else was stored."""
    with app.app_context():
        host_id, webinar_id, poll_id = open_poll_for(people)
    acknowledged, refused, after_close = [], [], []

    def answer_or_close(user_id):
        if user_id == host_id:
            after_close.append(close(host_id, webinar_id, poll_id))
            return
        try:
            polls.answer_poll(db.session.get(User, user_id), webinar_id, poll_id, [3])
        except webinars.WebinarError:
            refused.append(user_id)
        else:
            acknowledged.append(user_id)

    assert all_at_once(app, [host_id, *people], answer_or_close) == []
    assert len(acknowledged) + len(refused) == PEOPLE
    [results] = after_close
    assert results["total"] == len(acknowledged) and results["counts"][3] == len(acknowledged)
    with app.app_context():
        assert polls.results_for(poll_id) == results
        stored = select(PollAnswer.user_id).where(PollAnswer.poll_id == poll_id)
        assert sorted(db.session.scalars(stored)) == sorted(acknowledged)
