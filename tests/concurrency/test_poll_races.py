"""Many people answer one live poll at the same moment, and change their answers at the same
moment: real threads with their own database connections (tests/concurrency/test_races.py), on
SQLite and PostgreSQL. One row per person, the counts exact, every version number given once."""

from sqlalchemy import func, select

from community.accounts.models import User
from community.extensions import db
from community.webinars import polls
from community.webinars import services as webinars
from community.webinars.models import Poll, PollAnswer, Webinar
from tests.concurrency.test_races import PEOPLE, all_at_once, live_webinar, people  # noqa: F401


def test_simultaneous_poll_answers_and_changes_are_counted_exactly(app, people):  # noqa: F811
    with app.app_context():
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
        poll_id, webinar_id = poll.id, webinar.id

    versions = []

    def answer(user_id, choice):
        _answer, version = polls.answer_poll(
            db.session.get(User, user_id),
            db.session.get(Poll, poll_id),
            db.session.get(Webinar, webinar_id),
            choice,
        )
        versions.append(version)

    assert all_at_once(app, people, lambda user_id: answer(user_id, [0, 1])) == []
    # Half change their answer at the same moment as the other half answer the same again.
    changers = set(people[::2])
    assert (
        all_at_once(
            app, people, lambda user_id: answer(user_id, [2] if user_id in changers else [0, 1])
        )
        == []
    )
    assert sorted(versions) == list(range(1, 2 * PEOPLE + 1))
    with app.app_context():
        rows = select(func.count()).select_from(PollAnswer).where(PollAnswer.poll_id == poll_id)
        assert db.session.scalar(rows) == PEOPLE
        results = polls.results_for(poll_id)
        stay = PEOPLE - len(changers)
        assert results["counts"] == [stay, stay, len(changers), 0]
        assert results["total"] == PEOPLE and results["version"] == 2 * PEOPLE
