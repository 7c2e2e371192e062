"""One seeded app for the permission tests: a user per role, one of each object the routes
need, and a snapshot of the database so every request starts from the same state."""

import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

from community import create_app
from community.accounts.models import Verification
from community.accounts.tokens import make_confirmation_token, make_reset_token
from community.clock import utcnow
from community.events.models import Event, EventStatus, WeekEdition
from community.extensions import db, socketio
from community.forum import services as forum
from community.forum.categories import DEFAULT_CATEGORIES, seed_categories
from community.forum.models import Category, DangerPhrase, Notification, NotificationKind
from community.outbox import MailStatus, OutboxMail
from community.permissions import Role
from community.webinars import services as webinars
from community.webinars.models import LiveQuestion, Poll, PollState, Webinar
from courses import learning
from courses.content import import_course
from courses.models import Certificate, Course, Lesson, Quiz
from tests.helpers import csrf_token_from, log_in, make_user

KINDCHECK = Path(__file__).resolve().parents[3] / "courses" / "content" / "kindcheck"

ROLES = ("anonymous", "member", "professional", "organiser", "moderator", "admin")

# The people the objects belong to; none of them is one of the role users above.
OTHERS = {
    "asker": (Role.PROFESSIONAL,),
    "answerer": (Role.PROFESSIONAL,),
    "host": (Role.ORGANISER,),
    "learner": (),
    "applicant": (),
}


@dataclass
class World:
    app: object
    ids: dict = field(default_factory=dict)
    cookies: dict = field(default_factory=dict)
    pristine: sqlite3.Connection | None = None

    def snapshot(self):
        self.pristine = sqlite3.connect(":memory:")
        with self.app.app_context():
            raw = db.engine.raw_connection()
            try:
                raw.driver_connection.backup(self.pristine)
            finally:
                raw.close()

    def reset(self):
        """Put the database back as it was after seeding (a request may have changed it)."""
        with self.app.app_context():
            db.session.remove()
            raw = db.engine.raw_connection()
            try:
                self.pristine.backup(raw.driver_connection)
            finally:
                raw.close()

    def client(self, who="anonymous"):
        """A fresh test client, logged in as `who` (a role or one of OTHERS)."""
        client = self.app.test_client()
        for name, value in self.cookies.get(who, {}).items():
            client.set_cookie(name, value)
        return client

    def request(self, who, method, url, data=None, prepare=None):
        """Reset the database (and run `prepare` in an app context), then GET, or POST a valid
        CSRF token with `data` (by default nothing else)."""
        self.reset()
        if prepare is not None:
            self.run(prepare)
        client = self.client(who)
        if method == "GET":
            return client.get(url)
        token = csrf_token_from(client.get("/help").get_data(as_text=True))
        return client.post(url, data={"csrf_token": token, **(data or {})})

    def socket(self, who, namespace):
        return socketio.test_client(
            self.app, namespace=namespace, flask_test_client=self.client(who)
        )

    def run(self, function):
        with self.app.app_context():
            return function()


def _seed(world):
    now = utcnow()
    users = {}
    for role in ROLES[1:]:
        roles = () if role == "member" else (Role(role),)
        users[role] = make_user(name=f"Rol {role}", email=f"{role}@verbind.example", roles=roles)
    for name, roles in OTHERS.items():
        users[name] = make_user(name=f"Ander {name}", email=f"{name}@verbind.example", roles=roles)
    applicant = users["applicant"]
    applicant.verification = Verification.PENDING
    applicant.verification_requested_at = now

    category = db.session.scalar(
        db.select(Category).where(Category.slug == DEFAULT_CATEGORIES[0]["slug"])
    )
    question = forum.ask_question(
        users["asker"],
        category=category,
        title="Hoe bespreek ik zorgen met ouders?",
        body="Ik merk spanning bij een gezin en wil het gesprek goed voorbereiden.",
    )
    answer = forum.post_answer(
        users["answerer"],
        question,
        "Begin met wat je ziet en vraag hoe de ouders het zelf ervaren.",
    )
    comment = forum.post_comment(users["answerer"], answer, "En noteer wat je zag, met datum.")
    notification = Notification(
        user_id=users["member"].id,
        kind=NotificationKind.ANSWER_ON_WATCHED,
        actor_id=users["answerer"].id,
        question_id=question.id,
        post_id=answer.id,
    )
    phrase = DangerPhrase(phrase="zonder eten opgesloten", added_by_id=users["moderator"].id)
    failed_mail = OutboxMail(
        to="applicant@verbind.example", subject="Bevestig", body="...", status=MailStatus.FAILED
    )
    db.session.add_all([notification, phrase, failed_mail])

    import_course(KINDCHECK)
    course = db.session.scalar(db.select(Course))
    lesson = db.session.scalars(db.select(Lesson).order_by(Lesson.id)).first()
    quiz = db.session.scalars(db.select(Quiz).order_by(Quiz.id)).first()
    for name in (*ROLES[1:], "learner"):
        learning.enrol(users[name], course)
    attempt = learning.start_attempt(users["learner"], quiz)
    certificate = Certificate(
        code=learning.new_certificate_code(),
        user_id=users["member"].id,
        course_id=course.id,
        holder_name=users["member"].name,
        course_title=course.title,
    )
    db.session.add(certificate)

    webinar = Webinar(
        title="Samenwerken bij veiligheid",
        description="Hoe wijkteam en Veilig Thuis samen optrekken.",
        starts_at=now + timedelta(minutes=30),
        ends_at=now + timedelta(minutes=90),
        capacity=20,
        host_id=users["host"].id,
    )
    db.session.add(webinar)
    db.session.flush()
    # The professional and the learner are registered; the member and organiser are not.
    webinars.register(users["professional"], webinar)
    webinars.register(users["learner"], webinar)
    live_question = LiveQuestion(
        webinar_id=webinar.id,
        author_id=users["learner"].id,
        client_token="seed-token-0001",
        text="Wanneer bel ik Veilig Thuis voor advies?",
    )
    db.session.add(live_question)
    poll = Poll(
        webinar_id=webinar.id,
        kind="single",
        question="Heb je al eens Veilig Thuis om advies gevraagd?",
        options=["Ja", "Nee"],
        state=PollState.OPEN,
    )
    db.session.add(poll)

    today = date.today()
    db.session.add(
        WeekEdition(
            year=today.year, theme="Samen", starts_on=today, ends_on=today + timedelta(days=6)
        )
    )
    event = Event(
        organiser_id=users["host"].id,
        title="Huiselijk geweld herkennen",
        description="Een avond over signalen.",
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=2, hours=2),
        venue="Bibliotheek",
        address="Brink 1",
        gemeente="Deventer",
        province="Overijssel",
        organisation="Wijkteam Deventer",
        capacity=30,
        registration_mode="verbind",
        status=EventStatus.APPROVED,
    )
    db.session.add(event)
    db.session.commit()

    world.ids.update(
        {name: user.id for name, user in users.items()},
        question=question.id,
        answer=answer.id,
        comment=comment.id,
        notification=notification.id,
        phrase=phrase.id,
        mail=failed_mail.id,
        course_slug=course.slug,
        lesson=lesson.id,
        quiz=quiz.id,
        attempt=attempt.id,
        certificate=certificate.code,
        webinar=webinar.id,
        live_question=live_question.id,
        poll=poll.id,
        event=event.id,
        category=category.id,
        confirm_token=make_confirmation_token(applicant),
        reset_token=make_reset_token(applicant),
        # Whose export a real link names is checked in tests/accounts/test_data_export.py.
        export_token="not-a-real-export-link",
    )
    return users


@pytest.fixture(scope="package")
def world(tmp_path_factory):
    path = tmp_path_factory.mktemp("permissions") / "verbind.sqlite"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "EXPORT_FOLDER": str(path.parent)}
    )
    world = World(app)
    with app.app_context():
        db.create_all()
        seed_categories()
        users = _seed(world)
        emails = {name: user.email for name, user in users.items()}
    for name, email in emails.items():
        client = app.test_client()
        assert log_in(client, email).status_code == 302
        world.cookies[name] = {"session": client.get_cookie("session").value}
    world.snapshot()
    yield world
    world.pristine.close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
