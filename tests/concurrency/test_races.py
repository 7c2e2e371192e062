"""Many people at the same moment on the same row: forum votes, live votes and registrations
for a webinar or Week event with few places. Real threads with their own database connections,
released together by a barrier, on SQLite and (with TEST_DATABASE_URL) PostgreSQL. The counts
must be exact and capacity never exceeded."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from community.accounts.models import User
from community.clock import utcnow
from community.events import services as events
from community.events.models import Event, EventRegistration, EventStatus
from community.extensions import db
from community.forum import services as forum
from community.forum.models import Category, Post, Vote
from community.webinars import services as webinars
from community.webinars.models import LiveQuestion, LiveVote, Registration, Webinar
from tests.helpers import make_user

PEOPLE = 12
PLACES = 5


def all_at_once(app, people, action):
    """Run action(user_id) for every person in its own thread, all released at the same time.
    Returns the exceptions raised (there should be none)."""
    start = threading.Barrier(len(people))
    failures = []

    def run(user_id):
        with app.app_context():
            try:
                start.wait(timeout=10)
                action(user_id)
            except Exception as problem:  # noqa: BLE001 - reported by the test
                failures.append(problem)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(user_id,)) for user_id in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return failures


@pytest.fixture
def people(app):
    with app.app_context():
        ids = [
            make_user(email=f"mens{n}@verbind.example", roles=("professional",)).id
            for n in range(PEOPLE)
        ]
        db.session.remove()
    return ids


def test_simultaneous_forum_votes_are_all_counted(app, people):
    with app.app_context():
        author = make_user(email="vraag@verbind.example", roles=("professional",))
        question = forum.ask_question(
            author,
            category=db.session.scalar(select(Category)),
            title="Hoe bespreek je twijfel met een collega?",
            body="Ik twijfel over signalen en wil het eerst intern bespreken.",
        )
        question_id = question.id

    def vote(user_id):
        forum.cast_vote(db.session.get(User, user_id), db.session.get(Post, question_id), 1)

    assert all_at_once(app, people, vote) == []
    with app.app_context():
        assert db.session.get(Post, question_id).score == PEOPLE
        votes = select(func.count()).select_from(Vote).where(Vote.post_id == question_id)
        assert db.session.scalar(votes) == PEOPLE


def test_live_votes_taken_back_at_the_same_moment_leave_an_exact_count(app, people):
    with app.app_context():
        host, webinar = live_webinar(capacity=PEOPLE)
        for user_id in people:
            webinars.register(db.session.get(User, user_id), webinar)
        question, _created = webinars.ask(
            host, webinar, text="Wie neemt de regie na een melding?", client_token="race-0002"
        )
        question_id, webinar_id = question.id, webinar.id

    def cast(user_id, voted):
        webinars.vote(
            db.session.get(User, user_id),
            db.session.get(LiveQuestion, question_id),
            db.session.get(Webinar, webinar_id),
            voted=voted,
        )

    assert all_at_once(app, people, lambda user_id: cast(user_id, True)) == []
    # Half take their vote back while the other half click "vote" once more.
    takers = set(people[::2])
    assert all_at_once(app, people, lambda user_id: cast(user_id, user_id not in takers)) == []
    with app.app_context():
        remaining = PEOPLE - len(takers)
        assert db.session.get(LiveQuestion, question_id).votes == remaining
        votes = (
            select(func.count()).select_from(LiveVote).where(LiveVote.question_id == question_id)
        )
        assert db.session.scalar(votes) == remaining


def live_webinar(capacity):
    host = make_user(email="host@verbind.example", roles=("organiser",))
    webinar = Webinar(
        title="Samen in gesprek",
        starts_at=utcnow() - timedelta(minutes=5),
        ends_at=utcnow() + timedelta(hours=1),
        capacity=capacity,
        host_id=host.id,
    )
    db.session.add(webinar)
    db.session.commit()
    return host, webinar


def test_simultaneous_live_votes_are_all_counted(app, people):
    with app.app_context():
        host, webinar = live_webinar(capacity=PEOPLE)
        for user_id in people:
            webinars.register(db.session.get(User, user_id), webinar)
        question, _created = webinars.ask(
            host,
            webinar,
            text="Wat doe je als ouders niet willen praten?",
            client_token="race-0001",
        )
        question_id, webinar_id = question.id, webinar.id

    def vote(user_id):
        webinars.vote(
            db.session.get(User, user_id),
            db.session.get(LiveQuestion, question_id),
            db.session.get(Webinar, webinar_id),
        )

    assert all_at_once(app, people, vote) == []
    with app.app_context():
        assert db.session.get(LiveQuestion, question_id).votes == PEOPLE
        votes = (
            select(func.count()).select_from(LiveVote).where(LiveVote.question_id == question_id)
        )
        assert db.session.scalar(votes) == PEOPLE


def test_a_full_webinar_never_takes_more_than_its_places(app, people):
    with app.app_context():
        _host, webinar = live_webinar(capacity=PLACES)
        webinar_id = webinar.id

    def register(user_id):
        webinars.register(db.session.get(User, user_id), db.session.get(Webinar, webinar_id))

    assert all_at_once(app, people, register) == []
    with app.app_context():
        statuses = db.session.scalars(
            select(Registration.status).where(Registration.webinar_id == webinar_id)
        ).all()
        assert sorted(statuses).count("registered") == PLACES
        assert sorted(statuses).count("waiting") == PEOPLE - PLACES


def test_a_full_week_event_never_takes_more_than_its_places(app, people):
    with app.app_context():
        organiser = make_user(email="org@verbind.example", roles=("organiser",))
        event = Event(
            organiser_id=organiser.id,
            title="Avond over de meldcode",
            starts_at=datetime(2030, 11, 20, 18, 30, tzinfo=UTC),
            ends_at=datetime(2030, 11, 20, 20, 30, tzinfo=UTC),
            gemeente="Arnhem",
            province="Gelderland",
            status=EventStatus.APPROVED,
            registration_mode="verbind",
            capacity=PLACES,
        )
        db.session.add(event)
        db.session.commit()
        event_id = event.id

    def register(user_id):
        events.register(db.session.get(User, user_id), db.session.get(Event, event_id))

    assert all_at_once(app, people, register) == []
    with app.app_context():
        statuses = db.session.scalars(
            select(EventRegistration.status).where(EventRegistration.event_id == event_id)
        ).all()
        assert statuses.count("registered") == PLACES
        assert statuses.count("waiting") == PEOPLE - PLACES
