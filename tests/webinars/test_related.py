"""A webinar and its course and forum, linked both ways: the webinar page shows its course and
the forum questions that came out of it, then the newest of its category (five in all, visible
ones, in a fixed number of queries); the course page lists its coming and recent webinars."""

import re
from datetime import timedelta

from sqlalchemy import select

from community.clock import utcnow
from community.extensions import db
from community.forum.models import Category, PostStatus, Question
from community.webinars.models import LiveQuestion, Webinar
from courses.models import Course
from tests.forum.test_thread_queries import counted_queries
from tests.helpers import log_in, make_user, page_text


def reader(app):
    """A member reading in English (the counts' words are checked)."""
    with app.app_context():
        person = make_user(name="Ben Jansen", email="ben@verbind.example")
        person.locale = "en"
        db.session.commit()
    client = app.test_client()
    log_in(client, "ben@verbind.example")
    return client


def category_id():
    return db.session.scalar(select(Category.id).where(Category.slug == "signaleren"))


def forum_question(title, *, answers=0, minutes_ago=0, category=True, status=PostStatus.VISIBLE):
    author = make_user(name="Sanne de Boer")
    question = Question(
        author_id=author.id,
        title=title,
        body="Een vraag uit de praktijk.",
        category_id=category_id() if category else None,
        answer_count=answers,
        status=status,
        created_at=utcnow() - timedelta(minutes=minutes_ago),
        last_activity_at=utcnow(),
    )
    db.session.add(question)
    db.session.flush()
    return question


def from_webinar(webinar_id, question, votes=0):
    """The forum question came out of the webinar's live Q&A."""
    db.session.add(
        LiveQuestion(
            webinar_id=webinar_id,
            author_id=question.author_id,
            client_token=f"token-{question.id:04d}",
            text=question.title,
            votes=votes,
            forum_question_id=question.id,
        )
    )


def link_webinar(webinar_id, course=None):
    webinar = db.session.get(Webinar, webinar_id)
    webinar.forum_category_id = category_id()
    if course is not None:
        webinar.course_id = course.id
    db.session.commit()


def related(html):
    """The titles of the forum questions the webinar page lists, in order."""
    return re.findall(r'data-related-question="\d+"><a href="/forum/q/\d+">([^<]+)</a>', html)


def test_the_webinar_page_shows_its_course_and_its_questions_then_its_categorys(app, webinar_id):
    with app.app_context():
        course = Course(slug="signalen", title="Signalen herkennen")
        db.session.add(course)
        link_webinar(webinar_id, course)
        asked = forum_question("Hoe bespreek ik zorgen met ouders?", answers=1)
        from_webinar(webinar_id, asked)
        forum_question("Wat doe ik met een anonieme melding?", answers=2, minutes_ago=5)
        forum_question("Welke signalen zie je bij peuters?", minutes_ago=10)
        forum_question("Verborgen vraag in de categorie", status=PostStatus.HIDDEN)
        forum_question("Vraag zonder categorie over iets", category=False)
        db.session.commit()

    html = page_text(reader(app).get(f"/webinars/{webinar_id}"))

    assert 'href="/courses/signalen">Signalen herkennen</a>' in html
    assert related(html) == [
        "Hoe bespreek ik zorgen met ouders?",
        "Wat doe ik met een anonieme melding?",
        "Welke signalen zie je bij peuters?",
    ]
    assert "1 answer<" in html and "2 answers" in html and "0 answers" in html
    assert html.count("asked in this webinar") == 1


def test_five_questions_at_most_and_the_webinars_own_first(app, webinar_id):
    with app.app_context():
        link_webinar(webinar_id)
        for number in range(4):
            forum_question(f"Nieuwe vraag in de categorie {number}", minutes_ago=number)
        for number in range(3):
            asked = forum_question(f"Vraag uit het webinar nummer {number}", minutes_ago=60)
            from_webinar(webinar_id, asked, votes=number)
        db.session.commit()

    titles = related(page_text(reader(app).get(f"/webinars/{webinar_id}")))

    assert titles == [
        "Vraag uit het webinar nummer 2",  # most votes in the live Q&A first
        "Vraag uit het webinar nummer 1",
        "Vraag uit het webinar nummer 0",
        "Nieuwe vraag in de categorie 0",  # then the newest of the category
        "Nieuwe vraag in de categorie 1",
    ]


def test_titles_from_the_forum_are_escaped(app, webinar_id):
    with app.app_context():
        link_webinar(webinar_id)
        from_webinar(webinar_id, forum_question("Wat als <script>alert(1)</script> er staat?"))
        db.session.commit()
    html = page_text(reader(app).get(f"/webinars/{webinar_id}"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_visitors_who_may_not_read_the_forum_see_no_forum_questions(app, webinar_id):
    with app.app_context():
        link_webinar(webinar_id)
        forum_question("Hoe bespreek ik zorgen met ouders?")
        db.session.commit()
    html = page_text(app.test_client().get(f"/webinars/{webinar_id}"))
    assert related(html) == []


def queries_for_webinar_page(app, client, webinar_id):
    client.get(f"/webinars/{webinar_id}")  # warm up: the session and its user are loaded once
    with counted_queries(app) as statements:
        response = client.get(f"/webinars/{webinar_id}")
    assert response.status_code == 200
    return len(statements)


def test_the_webinar_page_reads_its_questions_in_a_fixed_number_of_queries(app, webinar_id):
    client = reader(app)
    with app.app_context():
        link_webinar(webinar_id)
        from_webinar(webinar_id, forum_question("De eerste vraag uit het webinar"))
        db.session.commit()
    few = queries_for_webinar_page(app, client, webinar_id)
    with app.app_context():
        for number in range(12):
            from_webinar(webinar_id, forum_question(f"Nog een vraag uit het webinar {number}"))
            forum_question(f"Nog een vraag in de categorie {number}")
        db.session.commit()
    many = queries_for_webinar_page(app, client, webinar_id)
    assert len(related(page_text(client.get(f"/webinars/{webinar_id}")))) == 5
    # With five from the webinar, the category's are not even asked for.
    assert many <= few <= 10


def test_the_course_page_lists_its_coming_and_recent_webinars(app, webinar_id):
    with app.app_context():
        course = Course(slug="signalen", title="Signalen herkennen")
        other = Course(slug="anders", title="Een andere cursus")
        db.session.add_all([course, other])
        db.session.flush()
        coming = db.session.get(Webinar, webinar_id)
        coming.course_id = course.id
        ended = utcnow() - timedelta(days=3)

        def webinar(title, course_id, ends_at, **values):
            db.session.add(
                Webinar(
                    title=title,
                    starts_at=ends_at - timedelta(hours=1),
                    ends_at=ends_at,
                    host_id=coming.host_id,
                    course_id=course_id,
                    **values,
                )
            )

        webinar("Terugblik op signalen", course.id, ended, recording_url="https://v.example/1")
        later = ended + timedelta(days=9)
        webinar("Afgelast webinar over signalen", course.id, later, cancelled=True)
        webinar("Webinar bij een andere cursus", other.id, later)
        webinar("Heel oud webinar over signalen", course.id, ended - timedelta(days=365))
        db.session.commit()

    html = page_text(reader(app).get("/courses/signalen"))

    assert f'href="/webinars/{webinar_id}">Samenwerken bij veiligheid</a>' in html
    assert "Terugblik op signalen" in html and "recording available" in html
    assert "Afgelast webinar" not in html
    assert "andere cursus" not in html
    assert "Heel oud webinar" not in html
    # And the other way: the webinar page links the course.
    assert 'href="/courses/signalen"' in page_text(reader_again(app).get(f"/webinars/{webinar_id}"))


def reader_again(app):
    client = app.test_client()
    log_in(client, "ben@verbind.example")
    return client
