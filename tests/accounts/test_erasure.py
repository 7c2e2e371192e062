"""Deleting an account (AVG article 17): by the person on their profile, or by an administrator
at a request made elsewhere. Afterwards no table holds the person's name, address or IP
address; threads still read, scores and votes still count, certificates still verify (without
a name) and the waiting lists moved up."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from community.accounts.models import AccountErasure, User
from community.clock import utcnow
from community.events import services as event_services
from community.events.models import Event, EventRegistration, EventStatus
from community.extensions import db
from community.forum import services as forum_services
from community.forum.models import Category, Post
from community.outbox import OutboxMail
from community.permissions import Role
from community.webinars import services as webinar_services
from community.webinars.models import LiveQuestion, Registration, Webinar
from courses.learning import new_certificate_code
from courses.models import (
    Attempt,
    Certificate,
    Course,
    Enrolment,
    ExtraAttempts,
    Lesson,
    LessonCompletion,
    Module,
    Quiz,
)
from tests.helpers import TEST_PASSWORD, log_in, make_user, page_text, post_form

NAME = "Wilhelmina Oosterbroek"
EMAIL = "w.oosterbroek@wijkteam-zwolle.example"
IP = "203.0.113.77"
# What must be found nowhere afterwards: the name and its parts, the address and its local
# part, the @mention name made from the name, and the address the person logged in from.
NEEDLES = ("wilhelmina", "oosterbroek", EMAIL, "w.oosterbroek", IP)


def rows_mentioning(needles):
    """(table, column, needle) for every stored value that contains a needle, in every column
    of every table of the database as it really is (reflected, so the full-text index's own
    tables are searched too)."""
    metadata = sa.MetaData()
    metadata.reflect(bind=db.engine)
    found = []
    with db.engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(sa.select(table)):
                for column, value in zip(table.columns, row, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, bytes | memoryview):
                        text = bytes(value).decode("latin-1")
                    else:
                        text = str(value)
                    text = text.lower()
                    found += [(table.name, column.name, n) for n in needles if n.lower() in text]
    return found


def _course_with_everything(person, moderator):
    course = Course(slug="signalen", title="Signalen herkennen")
    db.session.add(course)
    db.session.flush()
    module = Module(course_id=course.id, key="m1", title="Signalen")
    db.session.add(module)
    db.session.flush()
    lesson = Lesson(module_id=module.id, key="l1", title="Wat zie je?", body="Tekst")
    quiz = Quiz(module_id=module.id, key="q1", title="Toets", max_attempts=1)
    db.session.add_all([lesson, quiz])
    db.session.flush()
    db.session.add_all(
        [
            Enrolment(user_id=person.id, course_id=course.id, last_item=f"quiz:{quiz.id}"),
            LessonCompletion(user_id=person.id, lesson_id=lesson.id),
            Attempt(
                user_id=person.id,
                quiz_id=quiz.id,
                submitted_at=utcnow(),
                responses={"1": "a"},
                score=100,
                passed=True,
            ),
            ExtraAttempts(
                quiz_id=quiz.id,
                user_id=person.id,
                granted_by_id=moderator.id,
                count=1,
                note="Nog een kans na de storing.",
            ),
            Certificate(
                code=new_certificate_code(),
                user_id=person.id,
                course_id=course.id,
                holder_name=person.name,
                course_title=course.title,
            ),
        ]
    )
    db.session.commit()


@pytest.fixture
def scene(app):
    """A person with something in every kind of data, and the people around them."""
    with app.app_context():
        person = make_user(
            name=NAME,
            email=EMAIL,
            roles=(Role.PROFESSIONAL, Role.ORGANISER),
            organisation="Wijkteam Zwolle-Zuid",
            gemeente="Zwolle",
        )
        person.notify_email = "each"  # notifications reach the outbox too
        colleague = make_user(name="Karel Pieterse", roles=(Role.PROFESSIONAL,))
        colleague.notify_email = "each"
        waiting = make_user(name="Greet Hoekstra")
        moderator = make_user(name="Mila Jansen", roles=(Role.MODERATOR,))
        db.session.commit()
        category = db.session.scalar(sa.select(Category))

        # Forum: a question, an answer, a comment, an edit, votes, a flag, a mention, a watch.
        question = forum_services.ask_question(
            person,
            category=category,
            title="Hoe bereid ik een gesprek over zorgen voor?",
            body="Ik wil het gesprek met de ouders goed voorbereiden. Wie heeft tips?",
        )
        reply = forum_services.post_answer(
            colleague,
            question,
            f"Begin met wat je ziet, @{person.handle}, en vraag hoe de ouders het ervaren.",
        )
        other = forum_services.ask_question(
            colleague,
            category=category,
            title="Wanneer schakel ik Veilig Thuis in voor advies?",
            body="Ik twijfel of mijn zorg groot genoeg is om advies te vragen.",
        )
        own_answer = forum_services.post_answer(
            person, other, "Advies vragen kan altijd, ook bij twijfel. Het is geen melding."
        )
        forum_services.post_comment(person, reply, f"Dank je, @{colleague.handle}!")
        forum_services.edit_post(
            person,
            own_answer,
            body="Advies vragen kan altijd, ook bij twijfel. Advies is nog geen melding.",
            note="Duidelijker",
        )
        forum_services.cast_vote(person, reply, 1)
        forum_services.cast_vote(colleague, question, 1)
        forum_services.cast_vote(moderator, own_answer, 1)
        forum_services.flag_post(person, other, reason="other", note="Dubbele vraag.")
        forum_services.set_watching(person, other, True)

        _course_with_everything(person, moderator)

        # A webinar with one place: the person has it, Greet waits. Live questions and votes.
        webinar = Webinar(
            title="Samenwerken bij veiligheid",
            starts_at=utcnow() + timedelta(minutes=10),
            ends_at=utcnow() + timedelta(hours=1),
            capacity=1,
            host_id=moderator.id,
        )
        db.session.add(webinar)
        db.session.commit()
        webinar_services.register(person, webinar)
        webinar_services.register(waiting, webinar)
        asked, _created = webinar_services.ask(
            person, webinar, text="Hoe houden jullie contact met school?", client_token="t" * 12
        )
        theirs, _created = webinar_services.ask(
            moderator, webinar, text="Wie werkt al met een vast overleg?", client_token="m" * 12
        )
        webinar_services.vote(person, theirs, webinar)
        webinar_services.vote(moderator, asked, webinar)

        # The Week: an event the person organises, and one with one place they took.
        own_event = Event(
            organiser_id=person.id,
            title="Inloopavond signalen",
            starts_at=utcnow() + timedelta(days=20),
            ends_at=utcnow() + timedelta(days=20, hours=2),
            gemeente="Zwolle",
            province="Overijssel",
            status=EventStatus.APPROVED,
            contact=f"{NAME}, {EMAIL}",
        )
        event = Event(
            organiser_id=moderator.id,
            title="Lezing meldcode",
            starts_at=utcnow() + timedelta(days=21),
            ends_at=utcnow() + timedelta(days=21, hours=2),
            gemeente="Deventer",
            province="Overijssel",
            status=EventStatus.APPROVED,
            registration_mode="verbind",
            capacity=1,
        )
        db.session.add_all([own_event, event])
        db.session.commit()
        event_services.register(person, event)
        event_services.register(waiting, event)

        return {
            "person": person.id,
            "colleague": colleague.id,
            "waiting": waiting.id,
            "moderator": moderator.id,
            "question": question.id,
            "reply": reply.id,
            "own_answer": own_answer.id,
            "webinar": webinar.id,
            "asked": asked.id,
            "theirs": theirs.id,
            "event": event.id,
            "own_event": own_event.id,
        }


def scores(ids):
    posts = [db.session.get(Post, ids[key]) for key in ("question", "reply", "own_answer")]
    live = [db.session.get(LiveQuestion, ids[key]) for key in ("asked", "theirs")]
    return [post.score for post in posts], [question.votes for question in live]


def test_deleting_my_account_leaves_no_trace_of_me_in_any_table(app, scene):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = IP
    assert log_in(client, EMAIL).status_code == 302
    with app.app_context():
        before = scores(scene)
        found = {needle for _table, _column, needle in rows_mentioning(NEEDLES)}
        assert found >= {"wilhelmina", "oosterbroek", EMAIL, "w.oosterbroek"}

    page = client.get("/account/delete")
    assert "verwijderde gebruiker" in page_text(page)
    response = post_form(client, "/account/delete", {"password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "Je account is verwijderd" in page_text(response)

    with app.app_context():
        assert rows_mentioning(NEEDLES) == []
        assert scores(scene) == before


def test_after_deleting_the_person_is_logged_out_and_cannot_log_in(app, scene):
    client = app.test_client()
    assert log_in(client, EMAIL).status_code == 302
    post_form(client, "/account/delete", {"password": TEST_PASSWORD})
    assert client.get("/account/profile").status_code == 302
    assert log_in(client, EMAIL).status_code == 401


def test_threads_still_read_with_deleted_user_as_author(app, scene, client):
    with app.app_context():
        erase(scene["person"])
        colleague = db.session.get(User, scene["colleague"])
        email = colleague.email
        mention = db.session.get(Post, scene["reply"]).body
    assert "[verwijderde gebruiker]" in mention
    log_in(client, email)
    text = page_text(client.get(f"/forum/q/{scene['question']}"))
    assert "Hoe bereid ik een gesprek over zorgen voor?" in text
    assert "Ik wil het gesprek met de ouders goed voorbereiden." in text
    assert "verwijderde gebruiker" in text
    assert NAME not in text


def test_a_certificate_still_verifies_without_a_name(app, scene, client):
    with app.app_context():
        erase(scene["person"])
        certificate = db.session.scalar(sa.select(Certificate))
        code = certificate.code
    text = page_text(client.get(f"/certificates/{code}"))
    assert "Dit certificaat is geldig." in text
    assert "Signalen herkennen" in text
    assert "Verwijderd op verzoek van de houder" in text
    assert NAME not in text


def test_the_waiting_list_moves_up_when_the_person_is_erased(app, scene):
    with app.app_context():
        erase(scene["person"])
        webinar_place = db.session.scalar(
            sa.select(Registration.status).where(Registration.user_id == scene["waiting"])
        )
        event_place = db.session.scalar(
            sa.select(EventRegistration.status).where(EventRegistration.user_id == scene["waiting"])
        )
        mails = db.session.scalars(sa.select(OutboxMail.subject)).all()
    assert webinar_place == "registered"
    assert event_place == "registered"
    assert "Er is een plek vrijgekomen: Lezing meldcode" in mails


def test_after_the_webinar_and_the_event_nobody_moves_up_when_the_person_is_erased(app, scene):
    """A place in something that is over helps nobody: the waiting list stays as it was and
    nobody gets "a place has come free" for a webinar or event that already happened."""
    with app.app_context():
        past = utcnow() - timedelta(days=1)
        waiting = scene["waiting"]
        webinar_id = db.session.scalar(
            sa.select(Registration.webinar_id).where(Registration.user_id == waiting)
        )
        event_id = db.session.scalar(
            sa.select(EventRegistration.event_id).where(EventRegistration.user_id == waiting)
        )
        for model, item_id in ((Webinar, webinar_id), (Event, event_id)):
            db.session.execute(
                sa.update(model)
                .where(model.id == item_id)
                .values(starts_at=past - timedelta(hours=2), ends_at=past)
            )
        db.session.commit()
        erase(scene["person"])
        webinar_place = db.session.scalar(
            sa.select(Registration.status).where(Registration.user_id == scene["waiting"])
        )
        event_place = db.session.scalar(
            sa.select(EventRegistration.status).where(EventRegistration.user_id == scene["waiting"])
        )
        mails = db.session.scalars(sa.select(OutboxMail.subject)).all()
    assert webinar_place == "waiting"
    assert event_place == "waiting"
    assert not [subject for subject in mails if "plek vrijgekomen" in subject]


def test_live_questions_stay_without_name_and_events_without_contact(app, scene):
    with app.app_context():
        erase(scene["person"])
        asked = db.session.get(LiveQuestion, scene["asked"])
        own_event = db.session.get(Event, scene["own_event"])
        assert asked.text == "Hoe houden jullie contact met school?"
        assert asked.author_id is None and asked.anonymous
        assert own_event.title == "Inloopavond signalen"
        assert own_event.contact == ""
        assert own_event.organiser.name == "verwijderde gebruiker"


def test_a_wrong_password_deletes_nothing(app, scene):
    client = app.test_client()
    log_in(client, EMAIL)
    response = post_form(client, "/account/delete", {"password": "niet-mijn-wachtwoord"})
    assert response.status_code == 422
    assert "Je wachtwoord klopt niet." in page_text(response)
    with app.app_context():
        assert User.by_email(EMAIL) is not None


def test_the_only_administrator_cannot_delete_their_account(app, client, login_as):
    login_as("admin", email="beheer@verbind.example")
    response = post_form(client, "/account/delete", {"password": TEST_PASSWORD})
    assert response.status_code == 409
    assert "enige beheerdersaccount" in page_text(response)
    with app.app_context():
        assert User.by_email("beheer@verbind.example") is not None


def test_an_administrator_erases_someone_with_a_reason_in_the_log(app, client, login_as):
    with app.app_context():
        member = make_user(name=NAME, email=EMAIL)
        member_id = member.id
    login_as("admin", name="Anna de Beheerder")
    page = f"/admin/users/{member_id}/erase"
    assert NAME in page_text(client.get(page))
    refused = post_form(client, page, {"reason": ""})
    assert refused.status_code == 422
    with app.app_context():
        assert User.by_email(EMAIL) is not None
    naming = post_form(client, page, {"reason": f"Verzoek van {NAME.upper()} per e-mail."})
    assert naming.status_code == 422
    assert "zonder de naam" in page_text(naming) and NAME.upper() in page_text(naming)
    with app.app_context():
        assert User.by_email(EMAIL) is not None, "nothing is erased while the reason names them"
    done = post_form(client, page, {"reason": "Verzoek per e-mail aan de privacyfunctionaris."})
    assert done.status_code == 302
    log = page_text(client.get("/admin/erasures"))
    assert "Verzoek per e-mail aan de privacyfunctionaris." in log
    assert "Anna de Beheerder" in log
    assert str(member_id) in log
    assert NAME not in log
    with app.app_context():
        assert rows_mentioning(NEEDLES) == []
        entry = db.session.scalar(sa.select(AccountErasure))
        assert (entry.account_id, entry.cause) == (member_id, "admin")


def test_an_account_nothing_points_to_is_deleted_outright(app):
    with app.app_context():
        user_id = make_user(name=NAME, email=EMAIL).id
        erase(user_id)
        assert db.session.get(User, user_id) is None
        assert db.session.scalar(sa.select(AccountErasure.account_id)) == user_id


def test_erasing_twice_changes_nothing_more(app, scene):
    with app.app_context():
        erase(scene["person"])
        before = scores(scene)
        erase(scene["person"])
        assert scores(scene) == before
        assert rows_mentioning(NEEDLES) == []


def erase(user_id):
    from community.accounts.erasure import erase_account

    return erase_account(db.session.get(User, user_id), cause="admin", reason="test")
