"""“Download my data”: a ZIP with one JSON file per kind of data and a readable summary, built in
the background, with a mailed link that works once, for its owner, until it expires."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from community import access_log, data_rights
from community.accounts.models import User
from community.clock import utcnow
from community.events.models import Event, EventRegistration, EventStatus
from community.extensions import db
from community.forum import services as forum_services
from community.forum.models import Category, Post, Revision
from community.outbox import run_worker
from community.webinars.models import LiveQuestion, LiveVote, Registration, Webinar
from courses.models import (
    Attempt,
    Certificate,
    Course,
    Enrolment,
    Lesson,
    LessonCompletion,
    Module,
    Quiz,
    QuizQuestion,
)
from tests.helpers import TEST_PASSWORD, log_in, make_user, page_text, path_of, post_form


@pytest.fixture
def app_config(app_config, tmp_path):
    app_config["EXPORT_FOLDER"] = str(tmp_path / "exports")
    return app_config


@pytest.fixture
def person(app):
    """person("moderator", name=...) -> (a logged-in client of its own, user id)."""
    counter = {"n": 0}

    def make(role="member", name="Collega"):
        counter["n"] += 1
        with app.app_context():
            user = make_user(
                name=name,
                email=f"{role}{counter['n']}@verbind.example",
                roles=() if role == "member" else (role,),
            )
            user_id, email = user.id, user.email
        client = app.test_client()
        assert log_in(client, email).status_code == 302
        return client, user_id

    return make


def export_files(tmp_path):
    folder = tmp_path / "exports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def make_everything(app):
    """Femke has data of every kind; others wrote around her. Returns her id and e-mail."""
    with app.app_context():
        femke = make_user(
            name="Femke Jansen", email="femke@verbind.example", roles=("professional",)
        )
        other = make_user(
            name="Bram de Vries", email="bram@verbind.example", roles=("professional", "organiser")
        )
        femke_id, other_id = femke.id, other.id
        category = db.session.scalar(select(Category).limit(1))
        question = forum_services.ask_question(
            femke,
            category=category,
            title="Hoe bereid ik een gesprek met ouders voor?",
            body="Ik wil zorgen bespreken zonder dat het gesprek meteen vastloopt.",
            anonymous=True,
        )
        forum_services.edit_post(
            femke,
            question,
            title="Hoe bereid ik een lastig gesprek met ouders voor?",
            body="Ik wil mijn zorgen bespreken zonder dat het gesprek meteen vastloopt.",
            note="titel verduidelijkt",
        )
        answer = forum_services.post_answer(
            other, question, "Begin met wat je ziet en vraag hoe de ouders het zelf ervaren."
        )
        theirs = forum_services.ask_question(
            other,
            category=category,
            title="Welke afwegingskaders gebruiken jullie?",
            body="Ik zoek ervaringen met de afwegingskaders van de meldcode.",
        )
        forum_services.flag_post(other, question, reason="personal_data")
        forum_services.cast_vote(femke, answer, 1)
        forum_services.flag_post(
            femke, theirs, reason="other", note="Hoort in een andere categorie"
        )
        forum_services.set_watching(femke, theirs, True)

        course = Course(slug="signalen", title="Signalen herkennen")
        db.session.add(course)
        db.session.flush()
        module = Module(course_id=course.id, key="m1", title="Signalen")
        db.session.add(module)
        db.session.flush()
        lesson = Lesson(module_id=module.id, key="les1", title="Wat zie je?", body="Tekst")
        quiz = Quiz(module_id=module.id, key="toets", title="Toets signalen")
        db.session.add_all([lesson, quiz])
        db.session.flush()
        quiz_question = QuizQuestion(
            quiz_id=quiz.id,
            key="v1",
            group_key="v1",
            kind="single",
            text="Wat doe je eerst?",
            data={
                "options": [
                    {"key": "a", "text": "Collegiaal overleg", "correct": True},
                    {"key": "b", "text": "Niets", "correct": False},
                ]
            },
        )
        db.session.add(quiz_question)
        db.session.flush()
        db.session.add_all(
            [
                Enrolment(user_id=femke_id, course_id=course.id),
                LessonCompletion(user_id=femke_id, lesson_id=lesson.id),
                Attempt(
                    user_id=femke_id,
                    quiz_id=quiz.id,
                    submitted_at=utcnow(),
                    layout=[{"question": quiz_question.id, "options": ["b", "a"]}],
                    responses={str(quiz_question.id): "a"},
                    results={str(quiz_question.id): 1},
                    score=100.0,
                    passed=True,
                ),
                Certificate(
                    code="VB-TEST-0001",
                    user_id=femke_id,
                    course_id=course.id,
                    holder_name="Femke Jansen",
                    course_title="Signalen herkennen",
                ),
            ]
        )

        webinar = Webinar(
            title="Samenwerken bij veiligheid",
            starts_at=utcnow() - timedelta(hours=2),
            ends_at=utcnow() - timedelta(hours=1),
            host_id=other_id,
        )
        db.session.add(webinar)
        db.session.flush()
        db.session.add(Registration(webinar_id=webinar.id, user_id=femke_id))
        mine = LiveQuestion(
            webinar_id=webinar.id,
            author_id=femke_id,
            client_token="t1",
            text="Hoe deel je zorgen met de huisarts?",
            anonymous=True,
        )
        bram_asks = LiveQuestion(
            webinar_id=webinar.id, author_id=other_id, client_token="t2", text="Wie belt wie?"
        )
        db.session.add_all([mine, bram_asks])
        db.session.flush()
        db.session.add(LiveVote(question_id=bram_asks.id, user_id=femke_id))

        start = utcnow() + timedelta(days=30)
        her_event = Event(
            organiser_id=femke_id,
            title="Open avond signalen",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            venue="Bibliotheek",
            status=EventStatus.APPROVED,
        )
        his_event = Event(
            organiser_id=other_id,
            title="Lunchlezing meldcode",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            status=EventStatus.APPROVED,
            registration_mode="verbind",
        )
        db.session.add_all([her_event, his_event])
        db.session.flush()
        db.session.add(EventRegistration(event_id=his_event.id, user_id=femke_id))
        db.session.commit()
        return femke_id, "femke@verbind.example", his_event.id


def download(client, link):
    response = client.get(path_of(link))
    assert response.status_code == 200, page_text(response)
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return zipfile.ZipFile(io.BytesIO(response.get_data()))


def read_json(archive, name):
    return json.loads(archive.read(name))


def test_the_export_holds_every_kind_of_data_as_stored(app, client, mail_log, person, tmp_path):
    femke_id, email, his_event_id = make_everything(app)
    # A moderator and the organiser open lists that show her; that is in her export.
    moderator, moderator_id = person("moderator", name="Mieke Moderator")
    assert moderator.get("/forum/moderation/").status_code == 200
    assert moderator.get("/admin/users?filter=all").status_code == 200
    organiser = app.test_client()
    with app.app_context():
        bram = User.by_email("bram@verbind.example").email
    log_in(organiser, bram)
    assert organiser.get(f"/week/events/{his_event_id}/registrations").status_code == 200

    log_in(client, email)
    response = post_form(client, "/account/export", page="/account/profile")
    assert response.status_code == 302
    mail = mail_log.messages[-1]
    assert "femke@verbind.example" in mail
    archive = download(client, mail_log.last_link())

    names = set(archive.namelist())
    assert "README.txt" in names
    expected = {f"{kind}.json" for kind in data_rights.KIND_LABELS}
    assert expected <= names

    with app.app_context():
        account = read_json(archive, "account.json")[0]
        assert account["email"] == "femke@verbind.example"
        assert [role["role"] for role in account["roles"]] == ["professional"]
        assert read_json(archive, "profile.json")[0]["name"] == "Femke Jansen"

        posts = read_json(archive, "forum_posts.json")
        stored = db.session.scalars(select(Post).where(Post.author_id == femke_id)).all()
        assert [p["id"] for p in posts] == [p.id for p in stored]
        assert posts[0]["title"] == "Hoe bereid ik een lastig gesprek met ouders voor?"
        assert posts[0]["anonymous"] is True
        revisions = db.session.scalars(
            select(Revision).where(Revision.post_id == stored[0].id).order_by(Revision.id)
        ).all()
        assert [r["body"] for r in posts[0]["revisions"]] == [r.body for r in revisions]
        assert len(revisions) == 2

        assert read_json(archive, "forum_votes.json")[0]["value"] == 1
        assert read_json(archive, "forum_flags.json")[0]["note"] == "Hoort in een andere categorie"
        watched = {w["title"] for w in read_json(archive, "forum_watches.json")}
        assert "Welke afwegingskaders gebruiken jullie?" in watched
        notes = read_json(archive, "notifications.json")
        assert notes and notes[0]["kind"] == "answer_on_my_question"

        assert read_json(archive, "course_enrolments.json")[0]["course"] == "Signalen herkennen"
        assert read_json(archive, "lesson_completions.json")[0]["lesson"] == "Wat zie je?"
        attempt = read_json(archive, "quiz_attempts.json")[0]
        assert attempt["passed"] is True and attempt["score"] == 100.0
        assert attempt["answers"] == [
            {
                "question": "Wat doe je eerst?",
                "case": "",
                "answer": "a",
                "answer_text": ["Collegiaal overleg"],
                "points": 1,
            }
        ]
        assert read_json(archive, "certificates.json")[0]["code"] == "VB-TEST-0001"

        [registration] = read_json(archive, "webinar_registrations.json")
        assert registration["webinar"] == "Samenwerken bij veiligheid"
        # Which mails about it she got, the recording link among them.
        assert {"reminder_sent_at", "follow_up_sent_at", "recording_mailed_at"} <= set(registration)
        live = read_json(archive, "live_questions.json")
        assert [q["text"] for q in live] == ["Hoe deel je zorgen met de huisarts?"]
        assert read_json(archive, "live_question_votes.json")[0]["question"] == "Wie belt wie?"
        assert read_json(archive, "event_registrations.json")[0]["event"] == "Lunchlezing meldcode"
        assert read_json(archive, "events_organised.json")[0]["title"] == "Open avond signalen"

        looked = read_json(archive, "access_log.json")
        seen = {(entry["viewer"], entry["what"]) for entry in looked}
        assert ("Mieke Moderator", "anonymous_author") in seen
        assert ("Mieke Moderator", "user_list") in seen
        assert ("Bram de Vries", "event_registrations") in seen

    # Nothing of Bram's own writing: his answer is his data.
    everything = b"".join(archive.read(name) for name in names)
    assert b"Begin met wat je ziet" not in everything

    summary = archive.read("README.txt").decode()
    assert "Femke Jansen" in summary
    assert "Wie heeft je persoonsgegevens bekeken" in summary  # Dutch: her language
    assert "Mieke Moderator" in summary
    assert "forum_posts.json" in summary


def test_the_link_works_once_and_the_file_is_removed(app, client, mail_log, tmp_path):
    femke_id, email, _event = make_everything(app)
    log_in(client, email)
    post_form(client, "/account/export", page="/account/profile")
    link = mail_log.last_link()
    assert len(export_files(tmp_path)) == 1
    download(client, link)
    assert export_files(tmp_path) == []
    again = client.get(path_of(link))
    assert again.status_code == 410
    assert "gebruikt of is verlopen" in page_text(again)


def test_only_the_owner_logged_in_can_download(app, client, mail_log, person, tmp_path):
    _id, email, _event = make_everything(app)
    log_in(client, email)
    post_form(client, "/account/export", page="/account/profile")
    link = path_of(mail_log.last_link())

    anonymous = app.test_client()
    response = anonymous.get(link)
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]

    stranger, _stranger_id = person("member")
    assert stranger.get(link).status_code == 404
    moderator, _moderator_id = person("admin")
    assert moderator.get(link).status_code == 404
    # A forged token names no export.
    assert client.get("/account/export/niet-echt").status_code == 404
    # The owner still can: the others did not use it up.
    download(client, mail_log.last_link())


def test_the_link_expires_and_the_file_goes(app, client, mail_log, tmp_path):
    _id, email, _event = make_everything(app)
    log_in(client, email)
    post_form(client, "/account/export", page="/account/profile")
    link = path_of(mail_log.last_link())
    assert "7 dagen" not in link
    with app.app_context():
        removed = data_rights.remove_expired_exports(utcnow() + timedelta(days=8))
    assert removed == 1
    assert export_files(tmp_path) == []
    assert client.get(link).status_code == 410


def test_a_second_request_while_one_is_pending_is_refused(app, app_config, client, mail_log):
    app.config["MAIL_SEND_AT_ONCE"] = False
    _id, email, _event = make_everything(app)
    log_in(client, email)
    first = post_form(client, "/account/export", page="/account/profile", follow_redirects=True)
    assert "We verzamelen je gegevens" in page_text(first)
    second = post_form(client, "/account/export", page="/account/profile", follow_redirects=True)
    assert "worden al verzameld" in page_text(second)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(data_rights.DataExport)) == 1
        # The worker builds it and sends the mail in the same round (as `flask mail work`).
        sent, failed = run_worker(once=True, interval=0, jobs=(data_rights.work_on_exports,))
    assert (sent, failed) == (1, 0)
    profile = page_text(client.get("/account/profile"))
    assert "Je download staat klaar" in profile
    download(client, mail_log.last_link())


def test_the_worker_command_builds_waiting_exports(app, client, runner, mail_log):
    app.config["MAIL_SEND_AT_ONCE"] = False
    _id, email, _event = make_everything(app)
    log_in(client, email)
    post_form(client, "/account/export", page="/account/profile")
    result = runner.invoke(args=["mail", "work", "--once"])
    assert result.exit_code == 0, result.output
    assert "Mail sent: 1" in result.output
    download(client, mail_log.last_link())


def test_a_new_request_replaces_a_ready_link(app, client, mail_log, tmp_path):
    _id, email, _event = make_everything(app)
    log_in(client, email)
    post_form(client, "/account/export", page="/account/profile")
    first = path_of(mail_log.last_link())
    post_form(client, "/account/export", page="/account/profile")
    second = path_of(mail_log.last_link())
    assert first != second
    assert len(export_files(tmp_path)) == 1
    assert client.get(first).status_code == 410
    download(client, second)


def test_the_export_request_needs_a_form_token(app, client):
    with app.app_context():
        email = make_user().email
    log_in(client, email)
    response = client.post("/account/export", follow_redirects=True)
    assert "verlopen" in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(data_rights.DataExport)) == 0


def test_a_large_history_is_written_in_batches(app, client, mail_log, monkeypatch):
    monkeypatch.setattr(forum_services, "EXPORT_BATCH", 3)
    with app.app_context():
        user = make_user(name="Femke Jansen", roles=("professional",))
        email = user.email
        category = db.session.scalar(select(Category).limit(1))
        for number in range(8):
            forum_services.ask_question(
                user,
                category=category,
                title=f"Vraag nummer {number} over signalen",
                body="Een vraag over signalen en hoe ik die bespreek met collega's.",
            )
    log_in(client, email)
    post_form(client, "/account/export", page="/account/profile")
    archive = download(client, mail_log.last_link())
    posts = read_json(archive, "forum_posts.json")
    assert [p["title"] for p in posts] == [f"Vraag nummer {n} over signalen" for n in range(8)]


def test_deleting_the_account_takes_its_zip_and_who_looked_at_it(app, client, mail_log, tmp_path):
    femke_id, email, _event = make_everything(app)
    with app.app_context():
        moderator = make_user(name="Mila Jansen", roles=("moderator",))
        access_log.log_access(moderator, [femke_id], access_log.AccessKind.USER_PAGE)
        moderator_id = moderator.id
    log_in(client, email)
    post_form(client, "/account/export", page="/account/profile")
    assert len(export_files(tmp_path)) == 1

    post_form(client, "/account/delete", {"password": TEST_PASSWORD}, page="/account/delete")
    assert export_files(tmp_path) == [], "the ZIP on disk went with the account"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(data_rights.DataExport)) == 0
        entries = select(func.count()).select_from(access_log.AccessLogEntry)
        assert (
            db.session.scalar(entries.where(access_log.AccessLogEntry.subject_id == femke_id)) == 0
        )
        assert db.session.get(User, moderator_id) is not None
