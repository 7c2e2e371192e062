"""The demo shows how the parts know each other: `make run` is where a new colleague first
sees a lesson's forum questions, a webinar's course, polls and Week webinars."""

import re

import pytest
from sqlalchemy import select

from community import create_app
from community.demo import DEMO_PASSWORD, load_demo
from community.events.models import Event
from community.extensions import db
from community.forum.models import Question
from community.webinars.models import Webinar
from tests.helpers import log_in, page_text


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    database = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        db.create_all()
        load_demo()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def professional(demo_app):
    client = demo_app.test_client()
    assert log_in(client, "professional@verbind.example", DEMO_PASSWORD).status_code == 302
    return client


def webinar_titled(app, start):
    with app.app_context():
        return db.session.scalar(select(Webinar).where(Webinar.title.like(f"{start}%")))


def test_the_coming_webinar_shows_its_course_and_forum_questions(demo_app, professional):
    webinar = webinar_titled(demo_app, "Samen optrekken")
    text = page_text(professional.get(f"/webinars/{webinar.id}"))
    assert "Kindcheck" in text
    assert "Vragen op het forum" in text


def test_the_coming_webinar_has_polls_ready_and_the_past_one_shows_its_results(demo_app):
    host = demo_app.test_client()
    assert log_in(host, "organisator@verbind.example", DEMO_PASSWORD).status_code == 302
    coming = webinar_titled(demo_app, "Samen optrekken")
    polls_page = page_text(host.get(f"/webinars/{coming.id}/polls"))
    assert "Hoe vaak overleg je met Veilig Thuis?" in polls_page
    assert "Welk woord hoort voor jou bij goed samenwerken?" in polls_page
    past = webinar_titled(demo_app, "Het afwegingskader")
    archive = page_text(host.get(f"/webinars/{past.id}/live"))
    assert "Gebruik je het afwegingskader al bij elke twijfel?" in archive
    assert "2 personen hebben geantwoord" in archive


def test_the_week_calendar_lists_the_webinars_in_the_week_once(demo_app, professional):
    text = page_text(professional.get("/week/?view=list"))
    assert "Lunchwebinar: de meldcode in de kinderopvang" in text
    # The linked webinar shows as its Week event, not a second time as a webinar.
    assert text.count("zorgen bespreken met ouders") == 1
    with demo_app.app_context():
        event_id = db.session.scalar(select(Event.id).where(Event.webinar_id.is_not(None)))
    event_page = page_text(professional.get(f"/week/events/{event_id}"))
    assert "Dit is een Verbind-webinar" in event_page


def test_a_demo_question_was_asked_at_a_lesson(demo_app, professional):
    with demo_app.app_context():
        question_id = db.session.scalar(select(Question.id).where(Question.lesson_id.is_not(None)))
    text = page_text(professional.get(f"/forum/q/{question_id}"))
    assert re.search(r"Gesteld bij de les: \S+", text)
