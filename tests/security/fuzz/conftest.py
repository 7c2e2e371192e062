"""Fuzz fixtures: one app per module with the demo content and a small scene, logged-in clients
per role, and a reader for the messages a page shows (field errors, flashes, error pages)."""

import html
import random
import re
from functools import cache
from pathlib import Path

import pytest
import wtforms
from babel.messages.pofile import read_po
from sqlalchemy import select

from community import create_app, data_rights
from community.accounts.models import User
from community.accounts.tokens import make_confirmation_token, make_reset_token
from community.demo import DEMO_PASSWORD, load_demo
from community.events.models import Event, EventStatus
from community.extensions import db
from community.forum import moderation
from community.forum import services as forum_services
from community.forum.categories import seed_categories
from community.forum.models import Category, DangerPhrase, Notification, NotificationKind
from community.outbox import MailStatus, OutboxMail
from community.permissions import Role
from community.webinars import services as webinar_services
from community.webinars.models import Poll, PollState, Webinar
from courses import learning
from courses.models import Certificate, Course, Lesson, Module, Quiz
from tests.helpers import TEST_PASSWORD, csrf_token_from, log_in, make_user

DEMO_EMAILS = {
    "member": "lid@verbind.example",
    "professional": "professional@verbind.example",
    "organiser": "organisator@verbind.example",
    "moderator": "moderator@verbind.example",
    "admin": "beheer@verbind.example",
}
# Users of their own, for forms that change the account they are sent from.
OWN_USERS = ("logout", "password", "profile")


def build_app(tmp_path_factory, **overrides):
    """A fresh app on its own SQLite file, rate limits lifted, with the demo content."""
    path = tmp_path_factory.mktemp("fuzz") / "verbind.sqlite"
    config = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
        "RATELIMIT_ENABLED": False,
        "FORUM_POSTS_PER_WINDOW": 1_000_000,
        **overrides,
    }
    app = create_app(config)
    with app.app_context():
        db.create_all()
        seed_categories()
        load_demo()
    return app


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    app = build_app(tmp_path_factory)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture(scope="module")
def scene(fuzz_app):
    """Ids of the things the forms act on, made once per module."""
    with fuzz_app.app_context():
        professional, moderator = (
            _user(DEMO_EMAILS["professional"]),
            _user(DEMO_EMAILS["moderator"]),
        )
        member, organiser = _user(DEMO_EMAILS["member"]), _user(DEMO_EMAILS["organiser"])
        category = db.session.scalar(select(Category).order_by(Category.position))

        def ask(title):
            return forum_services.ask_question(
                professional,
                category=category,
                title=title,
                body="Ik wil het gesprek met de ouders goed voorbereiden. Wie heeft tips?",
            )

        question = ask("Hoe bereid ik een gesprek met ouders voor?")
        answer = forum_services.post_answer(
            moderator, question, "Begin met wat je ziet en vraag hoe de ouders het ervaren."
        )
        deletable = forum_services.post_answer(
            professional, question, "Dit antwoord mag weg; het dient alleen de test."
        )
        moderated_question = ask("Een vraag om te modereren in de test")
        moderated = forum_services.post_answer(
            moderator, moderated_question, "Een antwoord om te verbergen en terug te zetten."
        )
        moderation.add_danger_phrase(moderator, "fuzz zin gevaar")
        phrase = db.session.scalar(select(DangerPhrase))

        webinar = db.session.scalars(select(Webinar).order_by(Webinar.starts_at.desc())).first()
        poll = Poll(
            webinar_id=webinar.id,
            kind="single",
            question="Heb je al eens Veilig Thuis om advies gevraagd?",
            options=["Ja", "Nee"],
            state=PollState.OPEN,
        )
        db.session.add(poll)
        event = db.session.scalars(
            select(Event).where(Event.organiser_id == organiser.id).order_by(Event.id)
        ).first()
        public_event = db.session.scalars(
            select(Event).where(Event.status == EventStatus.APPROVED).order_by(Event.id)
        ).first()
        pending_event = db.session.scalars(
            select(Event).where(Event.status == EventStatus.PENDING).order_by(Event.id)
        ).first()

        course = db.session.scalars(select(Course).order_by(Course.id)).first()
        learning.enrol(professional, course)
        lesson = db.session.scalars(
            select(Lesson).join(Module).where(Module.course_id == course.id).order_by(Lesson.id)
        ).first()
        quiz = db.session.scalars(
            select(Quiz).join(Module).where(Module.course_id == course.id).order_by(Quiz.id)
        ).first()

        target = make_user(name="Doel Persoon", email="doel@verbind.example")
        # An administrator erases this one (the first valid example does; later ones are told).
        erasable = make_user(name="Weg Persoon", email="weg@verbind.example")
        own = {
            name: make_user(name=f"Eigen {name}", email=f"{name}@verbind.example")
            for name in OWN_USERS
        }
        reset_user = make_user(name="Reset Persoon", email="reset@verbind.example")
        # Logs in with a next= argument, on a client of its own (tests of redirect targets).
        login_user = make_user(name="Login Persoon", email="login@verbind.example")
        # The professional's own objects, for the pages that show only those.
        attempt = learning.start_attempt(professional, quiz, rng=random.Random(0))
        certificate = Certificate(
            code=learning.new_certificate_code(),
            user_id=professional.id,
            course_id=course.id,
            holder_name=professional.name,
            course_title=course.title,
        )
        notification = Notification(
            user_id=professional.id,
            kind=NotificationKind.ANSWER_ON_WATCHED,
            actor_id=moderator.id,
            question_id=question.id,
            post_id=answer.id,
        )
        failed_mail = OutboxMail(
            to="doel@verbind.example", subject="Bevestig", body="...", status=MailStatus.FAILED
        )
        db.session.add_all([certificate, notification, failed_mail])
        db.session.flush()
        ids = {
            "question": question.id,
            "answer": answer.id,
            "deletable": deletable.id,
            "moderated_question": moderated_question.id,
            "moderated": moderated.id,
            "phrase": phrase.id,
            "category": category.id,
            "webinar": webinar.id,
            "poll": poll.id,
            "event": event.id,
            "public_event": public_event.id,
            "pending_event": pending_event.id,
            "course": course.slug,
            "lesson": lesson.id,
            "quiz": quiz.id,
            "target": target.id,
            "erasable": erasable.id,
            "reset_token": make_reset_token(reset_user),
            "confirm_token": make_confirmation_token(target),
            # A well-signed link to an export that does not exist: the page answers 404.
            "export_token": data_rights._serializer().dumps({"id": 0, "secret": "fuzz"}),
            "login_email": login_user.email,
            "attempt": attempt.id,
            "certificate": certificate.code,
            "notification": notification.id,
            "mail": failed_mail.id,
            "member": member.id,
            "professional": professional.id,
            "professional_email": professional.email,
            "own_emails": {name: user.email for name, user in own.items()},
        }
        webinar_services.register(member, webinar)
        db.session.commit()
        return ids


class Visitor:
    """A test client with a CSRF token of its own session."""

    def __init__(self, client):
        self.client = client
        self.token = csrf_token_from(client.get("/account/reset").get_data(as_text=True))


@pytest.fixture(scope="module")
def visitors(fuzz_app, scene):
    """visitors["moderator"]: a logged-in client; "anonymous" is not logged in."""
    made = {}
    for role, email in DEMO_EMAILS.items():
        client = fuzz_app.test_client()
        assert log_in(client, email, DEMO_PASSWORD).status_code == 302
        made[role] = client
    for name, email in scene["own_emails"].items():
        client = fuzz_app.test_client()
        assert log_in(client, email, TEST_PASSWORD).status_code == 302
        made[name] = client
    made["anonymous"] = fuzz_app.test_client()
    return {role: Visitor(client) for role, client in made.items()}


def new_attempt(app, user_id, quiz_id):
    """An open attempt, made directly so that the quiz's attempt limit never stops the fuzz."""
    with app.app_context():
        user = db.session.get(User, user_id)
        quiz = db.session.get(Quiz, quiz_id)
        for attempt in learning.attempts_of(user.id, quiz.id):
            if attempt.is_open:
                # Closed as a submission with no right answers (a submitted attempt has a score).
                attempt.submitted_at, attempt.score = attempt.started_at, 0.0
        db.session.commit()
        quiz.max_attempts = 0
        # A fixed draw, so that every example offers the same fields (Hypothesis replays).
        attempt = learning.start_attempt(user, quiz, rng=random.Random(0))
        return attempt.id, [(entry["question"], entry["options"]) for entry in attempt.layout]


def grant(app, user_id, role):
    with app.app_context():
        from community.accounts.services import grant_role

        grant_role(db.session.get(User, user_id), Role(role))
        db.session.commit()


# --- what a page says ------------------------------------------------------------------------

MESSAGE_PATTERNS = (
    re.compile(r'<ul class="errors"[^>]*>(.*?)</ul>', re.S),
    re.compile(r'<p class="flash flash-[a-z]+">(.*?)</p>', re.S),
)
ERROR_PAGE_PATTERN = re.compile(r'<p class="lead">(.*?)</p>', re.S)


def page_messages(page, *, error_page=False):
    """Field errors, flash messages and (on an error page) its explanation, as plain text."""
    found = []
    for pattern in MESSAGE_PATTERNS + ((ERROR_PAGE_PATTERN,) if error_page else ()):
        for block in pattern.findall(page):
            items = re.findall(r"<li>(.*?)</li>", block, re.S) or [block]
            found += [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]
    return [message for message in found if message]


def _pattern_for(msgstr):
    parts = re.split(r"%\(\w+\)[sd]|%[sd]", msgstr)
    return re.compile(".*".join(re.escape(part) for part in parts), re.S)


@cache
def dutch_catalogue():
    """(exact Dutch messages, patterns for those with placeholders) of Verbind and WTForms."""
    root = Path(__file__).resolve().parents[3]
    files = [
        root / "community/translations/nl/LC_MESSAGES/messages.po",
        Path(wtforms.__file__).parent / "locale/nl/LC_MESSAGES/wtforms.po",
    ]
    exact, patterns = set(), []
    for path in files:
        with path.open("rb") as handle:
            for message in read_po(handle, locale="nl"):
                texts = message.string if isinstance(message.string, tuple) else (message.string,)
                for text in texts:
                    if not text:
                        continue
                    if "%" in text:
                        patterns.append(_pattern_for(text))
                    else:
                        exact.add(text)
    return exact, patterns


def is_dutch_message(message):
    exact, patterns = dutch_catalogue()
    return message in exact or any(pattern.fullmatch(message) for pattern in patterns)
