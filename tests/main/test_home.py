"""The home page: for a logged-in person what is next for them (their course, webinars, Week
events, new answers, open questions in their werkveld, the Week near them), never anyone else's;
for a visitor what is coming and what Verbind offers. In Dutch, with empty states that say what
to do, and in a fixed number of queries however much there is."""

import html as html_module
import re
from datetime import timedelta

import pytest

from community.accounts.models import User
from community.clock import amsterdam_today, local_time, utcnow
from community.events.models import (
    Event,
    EventRegistration,
    EventStatus,
    WeekEdition,
)
from community.extensions import db
from community.forum import services as forum_services
from community.forum.models import Answer, Category, Notification, Post, PostStatus, Question
from community.webinars.models import Registration, Webinar
from courses.models import Course, Enrolment, Lesson, LessonCompletion, Module
from tests.forum.test_thread_queries import counted_queries
from tests.helpers import log_in, make_user, page_text


def main_text(response):
    """What the page's <main> says, tags removed and spaces collapsed."""
    html = page_text(response)
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", main)))


class Scene:
    """Small factories for the home page's content, straight into the database."""

    def __init__(self, app):
        self.app = app
        self.count = 0

    def _add(self, thing):
        with self.app.app_context():
            db.session.add(thing)
            db.session.commit()
            return thing.id

    def person(self, name="Sanne de Boer", roles=("professional",), **kwargs):
        """(logged-in client, user id)."""
        self.count += 1
        email = f"persoon{self.count}@verbind.example"
        with self.app.app_context():
            user_id = make_user(name=name, email=email, roles=roles, **kwargs).id
        client = self.app.test_client()
        assert log_in(client, email).status_code == 302
        return client, user_id

    def host(self):
        with self.app.app_context():
            self.count += 1
            return make_user(email=f"host{self.count}@verbind.example", roles=("organiser",)).id

    # --- courses ---

    def course(self, title="Kindcheck in de praktijk", lessons=8, slug=None):
        """A course of one module with `lessons` lessons; returns (course id, [lesson ids])."""
        with self.app.app_context():
            self.count += 1
            course = Course(slug=slug or f"cursus-{self.count}", title=title)
            db.session.add(course)
            db.session.flush()
            module = Module(course_id=course.id, key="m1", title="Signalen")
            db.session.add(module)
            db.session.flush()
            items = [
                Lesson(module_id=module.id, key=f"l{n}", position=n, title=f"Les {n + 1}")
                for n in range(lessons)
            ]
            db.session.add_all(items)
            db.session.commit()
            return course.id, [lesson.id for lesson in items]

    def enrol(self, user_id, course_id, done=(), completed=False, last_item=""):
        with self.app.app_context():
            db.session.add(
                Enrolment(
                    user_id=user_id,
                    course_id=course_id,
                    last_item=last_item,
                    completed_at=utcnow() if completed else None,
                )
            )
            for lesson_id in done:
                db.session.add(LessonCompletion(user_id=user_id, lesson_id=lesson_id))
            db.session.commit()

    # --- webinars ---

    def webinar(self, title, starts_in=timedelta(days=3), **kwargs):
        starts = utcnow() + starts_in
        return self._add(
            Webinar(
                title=title,
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                host_id=kwargs.pop("host_id", None) or self.host(),
                **kwargs,
            )
        )

    def register_webinar(self, user_id, webinar_id, status="registered"):
        self._add(Registration(webinar_id=webinar_id, user_id=user_id, status=status))

    # --- the Week ---

    def edition_running(self):
        today = amsterdam_today()
        return self._add(
            WeekEdition(
                year=today.year,
                theme="Samen kijken",
                starts_on=today - timedelta(days=1),
                ends_on=today + timedelta(days=5),
            )
        )

    def event(self, title, gemeente="Zwolle", province="Overijssel", **kwargs):
        starts = utcnow() + kwargs.pop("starts_in", timedelta(days=1))
        values = {
            "organiser_id": self.host(),
            "title": title,
            "gemeente": gemeente,
            "province": province,
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "status": EventStatus.APPROVED,
            "registration_mode": "verbind",
            **kwargs,
        }
        return self._add(Event(**values))

    def register_event(self, user_id, event_id, status="registered"):
        self._add(EventRegistration(event_id=event_id, user_id=user_id, status=status))

    # --- the forum ---

    def ask(self, author_id, title, tags=(), anonymous=False):
        with self.app.app_context():
            category = db.session.scalar(db.select(Category).order_by(Category.position))
            question = forum_services.ask_question(
                db.session.get(User, author_id),
                category=category,
                title=title,
                body="Ik merk spanning bij een gezin en wil het gesprek goed voorbereiden.",
                tags=tags,
                anonymous=anonymous,
            )
            return question.id

    def answer(self, author_id, question_id):
        with self.app.app_context():
            answer = forum_services.post_answer(
                db.session.get(User, author_id),
                db.session.get(Post, question_id),
                "Begin met wat je ziet en vraag hoe de ouders het zelf ervaren.",
            )
            return answer.id

    def watch(self, user_id, question_id):
        with self.app.app_context():
            forum_services.set_watching(
                db.session.get(User, user_id), db.session.get(Question, question_id), True
            )

    def hide(self, post_id):
        with self.app.app_context():
            db.session.get(Post, post_id).status = PostStatus.HIDDEN
            db.session.commit()


@pytest.fixture
def scene(app):
    return Scene(app)


# --- visitors ------------------------------------------------------------------------------------


def test_a_visitor_sees_coming_webinars_and_events_and_how_to_join(client, scene):
    scene.webinar("Samenwerken bij zorgen over veiligheid")
    scene.webinar("Afgelast webinar over gespreksvoering", cancelled=True)
    scene.webinar("Webinar van vorige maand", starts_in=-timedelta(days=30))
    scene.event("Ouderavond over veilig opgroeien")
    scene.event("Nog niet goedgekeurde lezing", status=EventStatus.PENDING)
    scene.event("Geannuleerde wandeling", cancelled_at=utcnow())
    scene.event("Lezing die al voorbij is", starts_in=-timedelta(days=2))

    text = main_text(client.get("/"))
    assert "Komende webinars" in text
    assert "Samenwerken bij zorgen over veiligheid" in text
    assert "Ouderavond over veilig opgroeien" in text
    hidden = ("Afgelast webinar", "vorige maand", "niet goedgekeurde", "Geannuleerde", "voorbij")
    for title in hidden:
        assert title not in text
    assert "Wat je vindt op Verbind" in text
    assert "Maak een account aan" in text and "Inloggen" in text
    html = page_text(client.get("/"))
    assert 'href="/account/register"' in html and 'href="/account/login"' in html


def test_a_visitor_sees_what_to_do_when_nothing_is_planned(client):
    text = main_text(client.get("/"))
    assert "Er zijn op dit moment geen webinars gepland." in text
    assert "Er zijn nog geen activiteiten aangekondigd." in text


def test_a_visitor_sees_how_many_more_there_are(client, scene):
    for number in range(7):
        scene.webinar(f"Webinar nummer {number}", starts_in=timedelta(days=number + 1))
    text = main_text(client.get("/"))
    assert "Webinar nummer 4" in text and "Webinar nummer 5" not in text
    assert "Alle 7 komende webinars" in text


# --- the course ----------------------------------------------------------------------------------


def test_the_course_in_progress_shows_progress_and_links_to_the_next_lesson(client, scene):
    member, member_id = scene.person()
    course_id, lessons = scene.course("Kindcheck in de praktijk", lessons=8, slug="kindcheck")
    scene.enrol(member_id, course_id, done=lessons[:3])

    response = member.get("/")
    text = main_text(response)
    assert "Kindcheck in de praktijk" in text
    assert "3 van 8 onderdelen klaar" in text
    assert "Verder: Les 4" in text
    assert f'href="/courses/kindcheck/lessons/{lessons[3]}"' in page_text(response)


def test_the_course_continues_where_the_learner_left_off(client, scene):
    member, member_id = scene.person()
    course_id, lessons = scene.course(lessons=4, slug="kindcheck")
    scene.enrol(member_id, course_id, done=lessons[:1], last_item=f"lesson:{lessons[2]}")
    assert "Verder: Les 3" in main_text(member.get("/"))


def test_one_part_is_counted_in_the_singular(client, scene):
    member, member_id = scene.person()
    course_id, _lessons = scene.course(lessons=1)
    scene.enrol(member_id, course_id)
    assert "0 van 1 onderdeel klaar" in main_text(member.get("/"))


def test_without_a_course_the_block_says_where_to_find_one(client, scene):
    member, _ = scene.person()
    other, other_id = scene.person(name="Fleur Jansen")
    course_id, _lessons = scene.course("Cursus van een ander")
    scene.enrol(other_id, course_id)

    response = member.get("/")
    text = main_text(response)
    assert "Je volgt nog geen cursus." in text
    assert "Bekijk de cursussen" in text
    assert "Cursus van een ander" not in text


def test_a_finished_course_is_not_offered_to_continue(client, scene):
    member, member_id = scene.person()
    course_id, lessons = scene.course("Afgeronde cursus", lessons=2)
    scene.enrol(member_id, course_id, done=lessons, completed=True)
    text = main_text(member.get("/"))
    assert "Afgeronde cursus" not in text
    assert "Je hebt 1 cursus afgerond." in text
    assert "Je certificaten" in text


# --- webinars ------------------------------------------------------------------------------------


def test_my_webinars_are_mine_coming_and_not_cancelled(client, scene):
    member, member_id = scene.person()
    other, other_id = scene.person(name="Fleur Jansen")
    mine = scene.webinar("Mijn webinar over signaleren")
    waiting = scene.webinar("Webinar waar ik op de wachtlijst sta")
    theirs = scene.webinar("Webinar van iemand anders")
    cancelled = scene.webinar("Afgelast webinar", cancelled=True)
    past = scene.webinar("Voorbij webinar", starts_in=-timedelta(days=3))
    given_up = scene.webinar("Webinar waarvoor ik me afmeldde")
    scene.register_webinar(member_id, mine)
    scene.register_webinar(member_id, waiting, status="waiting")
    scene.register_webinar(other_id, theirs)
    scene.register_webinar(member_id, cancelled)
    scene.register_webinar(member_id, past)
    scene.register_webinar(member_id, given_up, status="cancelled")

    text = main_text(member.get("/"))
    assert "Je webinars" in text
    assert "Je bent aangemeld voor 2 komende webinars." in text
    assert "Mijn webinar over signaleren" in text
    assert re.search(r"Webinar waar ik op de wachtlijst sta .*op de wachtlijst", text)
    for absent in ("iemand anders", "Afgelast", "Voorbij", "afmeldde"):
        assert absent not in text


def test_the_start_time_is_shown_in_dutch_time(client, scene, app):
    member, member_id = scene.person()
    webinar_id = scene.webinar("Webinar op tijd")
    scene.register_webinar(member_id, webinar_id)
    with app.app_context():
        starts = db.session.get(Webinar, webinar_id).starts_at
    assert local_time(starts).strftime("%H:%M") in main_text(member.get("/"))


def test_the_live_room_link_appears_when_the_webinar_is_about_to_start(client, scene):
    member, member_id = scene.person()
    soon = scene.webinar("Begint zo", starts_in=timedelta(minutes=10))
    later = scene.webinar("Begint volgende week", starts_in=timedelta(days=7))
    scene.register_webinar(member_id, soon)
    scene.register_webinar(member_id, later)
    html = page_text(member.get("/"))
    assert f'href="/webinars/{soon}/live"' in html
    assert f'href="/webinars/{later}/live"' not in html
    assert "Naar de live-zaal" in main_text(member.get("/"))


def test_no_live_room_link_from_the_waiting_list(client, scene):
    member, member_id = scene.person()
    soon = scene.webinar("Begint zo", starts_in=timedelta(minutes=10))
    scene.register_webinar(member_id, soon, status="waiting")
    assert f'href="/webinars/{soon}/live"' not in page_text(member.get("/"))


def test_without_webinars_the_block_says_where_to_find_them(client, scene):
    member, _ = scene.person()
    text = main_text(member.get("/"))
    assert "Je bent niet aangemeld voor een komend webinar." in text
    assert "Bekijk de webinars" in text


# --- Week events ---------------------------------------------------------------------------------


def test_my_week_events_are_mine_published_coming_and_not_cancelled(client, scene):
    member, member_id = scene.person()
    other, other_id = scene.person(name="Fleur Jansen")
    mine = scene.event("Mijn ouderavond")
    theirs = scene.event("Lezing waarvoor een ander zich aanmeldde")
    cancelled = scene.event("Geannuleerde lezing", cancelled_at=utcnow())
    pending = scene.event("Lezing die nog beoordeeld wordt", status=EventStatus.PENDING)
    past = scene.event("Lezing van vorige week", starts_in=-timedelta(days=7))
    scene.register_event(member_id, mine)
    scene.register_event(other_id, theirs)
    for event_id in (cancelled, pending, past):
        scene.register_event(member_id, event_id)

    text = main_text(member.get("/"))
    assert "Je activiteiten in de Week" in text
    assert "Je bent aangemeld voor 1 komende activiteit." in text
    assert "Mijn ouderavond" in text
    for absent in ("een ander", "Geannuleerde", "nog beoordeeld", "vorige week"):
        assert absent not in text


def test_without_week_events_the_block_says_where_to_find_them(client, scene):
    member, _ = scene.person()
    text = main_text(member.get("/"))
    assert "Je bent niet aangemeld voor een komende activiteit." in text
    assert "Bekijk de agenda" in text


def test_during_the_week_events_in_my_province_show_my_gemeente_first(client, scene):
    member, _ = scene.person(gemeente="Deventer")  # Overijssel
    scene.edition_running()
    scene.event("Lezing in Zwolle", gemeente="Zwolle", starts_in=timedelta(hours=5))
    scene.event("Ouderavond in Deventer", gemeente="Deventer", starts_in=timedelta(days=2))
    scene.event("Lezing in Arnhem", gemeente="Arnhem", province="Gelderland")
    scene.event("Online training", gemeente="", province="", online=True)
    scene.event("Geannuleerd in Kampen", gemeente="Kampen", cancelled_at=utcnow())

    response = member.get("/")
    text = main_text(response)
    assert "De Week in Overijssel" in text
    assert "2 activiteiten bij jou in de buurt deze week." in text
    assert text.index("Ouderavond in Deventer") < text.index("Lezing in Zwolle")
    for absent in ("Arnhem", "Online training", "Kampen"):
        assert absent not in text
    html = page_text(response)
    assert 'href="/week/?province=Overijssel"' in html
    assert 'href="/week/?mode=online"' in html


def test_during_the_week_without_a_known_gemeente_the_next_events_anywhere_show(client, scene):
    member, _ = scene.person(gemeente="")
    scene.edition_running()
    scene.event("Lezing in Arnhem", gemeente="Arnhem", province="Gelderland")
    text = main_text(member.get("/"))
    assert "De Week tegen Kindermishandeling is begonnen" in text
    assert "Lezing in Arnhem" in text
    assert "Vul je gemeente in op je profiel" in text


def test_before_the_week_its_dates_are_shown(client, scene):
    member, _ = scene.person()
    today = amsterdam_today()
    scene._add(
        WeekEdition(
            year=today.year + 1,
            starts_on=today + timedelta(days=30),
            ends_on=today + timedelta(days=36),
        )
    )
    text = main_text(member.get("/"))
    assert f"Week tegen Kindermishandeling {today.year + 1}" in text
    assert "De Week in" not in text


# --- the forum -----------------------------------------------------------------------------------


def test_new_answers_on_questions_i_follow_or_asked_are_counted_until_read(client, scene, app):
    reader, reader_id = scene.person(name="Ingrid Visser")
    _, asker_id = scene.person(name="Mehmet Kaya")
    _, helper_id = scene.person(name="Karim El Idrissi")
    followed = scene.ask(asker_id, "Hoe bespreek ik zorgen met ouders die boos worden?")
    scene.watch(reader_id, followed)
    own = scene.ask(reader_id, "Wie heeft ervaring met een veiligheidsplan op school?")
    quiet = scene.ask(asker_id, "Een vraag die ik niet volg over het afwegingskader")
    scene.answer(helper_id, followed)
    scene.answer(asker_id, followed)
    scene.answer(helper_id, own)
    scene.answer(helper_id, quiet)

    response = reader.get("/")
    text = main_text(response)
    assert "Nieuwe antwoorden voor jou" in text
    assert re.search(r"boos worden\? 2 nieuwe antwoorden", text)
    assert re.search(r"veiligheidsplan op school\? 1 nieuw antwoord", text)
    assert "niet volg" not in text

    link = re.search(r'href="(/forum/notifications/\d+)"[^>]*>Wie heeft', page_text(response))
    assert reader.get(link.group(1)).status_code == 302
    assert "veiligheidsplan op school" not in main_text(reader.get("/"))


def test_a_hidden_answer_is_not_a_new_answer(client, scene):
    reader, reader_id = scene.person(name="Ingrid Visser")
    _, helper_id = scene.person(name="Karim El Idrissi")
    own = scene.ask(reader_id, "Wie heeft ervaring met een veiligheidsplan op school?")
    scene.hide(scene.answer(helper_id, own))
    text = main_text(reader.get("/"))
    assert "veiligheidsplan op school" not in text
    assert "Geen nieuwe antwoorden op vragen die je stelde of volgt." in text


def test_nobody_sees_the_new_answers_of_someone_else(client, scene):
    reader, reader_id = scene.person(name="Ingrid Visser")
    other, _ = scene.person(name="Fleur Jansen")
    _, helper_id = scene.person(name="Karim El Idrissi")
    own = scene.ask(reader_id, "Wie heeft ervaring met een veiligheidsplan op school?")
    scene.answer(helper_id, own)
    assert "veiligheidsplan op school" not in main_text(other.get("/"))


def test_open_questions_in_my_field_by_asker_or_tag(client, scene):
    reader, reader_id = scene.person(name="Karim El Idrissi", function="jgz")
    _, jgz_id = scene.person(name="Ingrid Visser", function="jgz")
    _, school_id = scene.person(name="Joost van Dijk", function="onderwijs")
    scene.ask(jgz_id, "Hoe vraag je op het consultatiebureau naar spanning thuis?")
    scene.ask(school_id, "Welke signalen zien jullie bij baby's op het consult?", tags=["jgz"])
    scene.ask(school_id, "Hoe voer je een gesprek met ouders op school?")
    scene.ask(jgz_id, "Anoniem gestelde vraag van een jeugdarts over melden", anonymous=True)
    answered = scene.ask(jgz_id, "Beantwoorde vraag over de kindcheck in de JGZ")
    scene.answer(school_id, answered)
    hidden = scene.ask(jgz_id, "Verborgen vraag over het meldcodegesprek in de JGZ")
    scene.hide(hidden)
    scene.ask(reader_id, "Mijn eigen vraag over de meldcode in de JGZ")

    text = main_text(reader.get("/"))
    assert "Open vragen in jouw werkveld" in text
    assert "2 vragen wachten op een antwoord." in text
    assert "consultatiebureau naar spanning" in text
    assert "baby's op het consult" in text
    absent = ("ouders op school", "Anoniem gestelde", "Beantwoorde", "Verborgen", "Mijn eigen")
    for title in absent:
        assert title not in text


def test_an_anonymous_question_counts_by_its_tags_only(client, scene):
    reader, _ = scene.person(name="Karim El Idrissi", function="jgz")
    _, jgz_id = scene.person(name="Ingrid Visser", function="jgz")
    scene.ask(jgz_id, "Anonieme vraag met het label van de JGZ erbij", anonymous=True, tags=["jgz"])
    assert "Anonieme vraag met het label" in main_text(reader.get("/"))


def test_without_a_field_the_unanswered_questions_show_with_a_hint(client, scene):
    reader, _ = scene.person(name="Mila Jansen", roles=(), function="other")
    _, asker_id = scene.person(name="Joost van Dijk", function="onderwijs")
    scene.ask(asker_id, "Hoe voer je een gesprek met ouders op school?")
    text = main_text(reader.get("/"))
    assert "Vragen zonder antwoord" in text
    assert "gesprek met ouders op school" in text
    assert "Kies je werkveld in je profiel" in text


def test_when_every_question_has_an_answer_the_block_says_so(client, scene):
    reader, _ = scene.person(function="wijkteam")
    text = main_text(reader.get("/"))
    assert "Elke vraag in jouw werkveld heeft een antwoord." in text
    assert "Geen nieuwe antwoorden op vragen die je stelde of volgt." in text


# --- bounded -------------------------------------------------------------------------------------


def fill(scene, app, reader_id, size):
    """`size` of everything the home page lists for this reader."""
    _, helper_id = scene.person(name="Karim El Idrissi", function="wijkteam")
    for number in range(size):
        course_id, lessons = scene.course(f"Cursus {number}", lessons=3)
        scene.enrol(reader_id, course_id, done=lessons[:1])
        scene.register_webinar(reader_id, scene.webinar(f"Webinar {number}"))
        scene.register_event(reader_id, scene.event(f"Activiteit {number}"))
        scene.event(f"In de buurt {number}", gemeente="Deventer")
    for number in range(size):
        followed = scene.ask(helper_id, f"Gevolgde vraag nummer {number} over de meldcode")
        scene.watch(reader_id, followed)
        with app.app_context():
            for _ in range(3):
                _quick_answer(helper_id, reader_id, followed)
        scene.ask(helper_id, f"Open vraag nummer {number} uit het wijkteam")


def _quick_answer(author_id, reader_id, question_id):
    """An answer with its notification, without the forum's posting limit (many, quickly)."""
    answer = Answer(author_id=author_id, question_id=question_id, body="Een kort antwoord.")
    db.session.add(answer)
    db.session.flush()
    db.session.add(
        Notification(
            user_id=reader_id,
            kind="answer_on_watched",
            actor_id=author_id,
            question_id=question_id,
            post_id=answer.id,
        )
    )
    db.session.commit()


def queries_for_home(app, client):
    with counted_queries(app) as statements:
        response = client.get("/")
    assert response.status_code == 200
    return len(statements)


def test_the_home_page_query_count_does_not_grow_with_what_there_is(app, scene):
    scene.edition_running()
    few, few_id = scene.person(gemeente="Deventer")
    many, many_id = scene.person(name="Ingrid Visser", gemeente="Deventer")
    fill(scene, app, few_id, 1)
    fill(scene, app, many_id, 12)

    few_count = queries_for_home(app, few)
    many_count = queries_for_home(app, many)
    assert few_count == many_count
    assert many_count <= 30
    text = main_text(many.get("/"))
    assert "Alle 12 cursussen die je volgt" in text
    assert "Je bent aangemeld voor 12 komende webinars." in text


def test_the_visitors_home_page_query_count_does_not_grow(app, client, scene):
    scene.webinar("Eerste webinar")
    scene.event("Eerste activiteit")
    few = queries_for_home(app, client)
    for number in range(30):
        scene.webinar(f"Webinar {number}")
        scene.event(f"Activiteit {number}")
    assert queries_for_home(app, client) == few
