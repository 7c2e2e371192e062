"""Course pages only read: the certificate is issued by the POST that completes the course, and
"continue where I left off" is remembered by the POSTs that move the learner on."""

import re

import pytest
import sqlalchemy as sa

from community.extensions import db
from courses.content import import_course
from courses.models import Certificate, Course, Lesson, Quiz
from tests.courses.test_learning import answers, start, submit
from tests.forum.test_thread_queries import counted_queries
from tests.helpers import page_text, post_form

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@pytest.fixture
def course(app, course_folder):
    with app.app_context():
        import_course(course_folder)
        lessons = db.session.scalars(sa.select(Lesson.id).order_by(Lesson.position)).all()
        return {
            "slug": db.session.scalar(sa.select(Course.slug)),
            "lessons": lessons,
            "quiz": db.session.scalar(sa.select(Quiz.id)),
        }


def row_counts(app):
    with app.app_context():
        return {
            table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


def certificates(app):
    with app.app_context():
        return db.session.scalars(sa.select(Certificate)).all()


def complete_lessons(client, course):
    slug = course["slug"]
    for lesson_id in course["lessons"]:
        lesson = f"/courses/{slug}/lessons/{lesson_id}"
        assert post_form(client, f"{lesson}/done", page=lesson).status_code == 302


def course_pages(course, attempt_id, code=None):
    slug = course["slug"]
    pages = [
        "/courses/",
        f"/courses/{slug}",
        *(f"/courses/{slug}/lessons/{lesson_id}" for lesson_id in course["lessons"]),
        f"/courses/{slug}/quizzes/{course['quiz']}",
        f"/courses/attempts/{attempt_id}",
        "/courses/mine",
        "/courses/mine/certificates.csv",
    ]
    if code:
        pages += [f"/certificates/{code}/print", f"/certificates/{code}"]
    return pages


def assert_gets_write_nothing(app, client, pages):
    before = row_counts(app)
    with counted_queries(app) as statements:
        for page in pages:
            assert client.get(page).status_code == 200, page
    assert [s for s in statements if WRITES.match(s)] == []
    assert row_counts(app) == before


def test_course_pages_write_nothing_and_the_completing_post_issues_the_certificate(
    app, client, login_as, course
):
    login_as("member", name="Noor de Wit")
    slug = course["slug"]
    post_form(client, f"/courses/{slug}/enrol", page=f"/courses/{slug}")
    complete_lessons(client, course)
    attempt_id = start(client, course)
    assert_gets_write_nothing(app, client, course_pages(course, attempt_id))

    response = submit(client, attempt_id, answers(app, attempt_id, right=True))
    assert response.status_code == 302
    # Issued by the POST, before any page is read.
    [certificate] = certificates(app)
    assert certificate.holder_name == "Noor de Wit"

    pages = course_pages(course, attempt_id, code=certificate.code)
    assert_gets_write_nothing(app, client, pages)


def test_the_last_lesson_marked_done_issues_the_certificate(app, client, login_as, course):
    with app.app_context():
        db.session.get(Quiz, course["quiz"]).removed = True  # lessons alone complete it
        db.session.commit()
    login_as("member")
    slug = course["slug"]
    post_form(client, f"/courses/{slug}/enrol", page=f"/courses/{slug}")
    first, last = (f"/courses/{slug}/lessons/{n}" for n in course["lessons"])
    post_form(client, f"{first}/done", page=first)
    assert certificates(app) == []
    post_form(client, f"{last}/done", page=last)
    assert len(certificates(app)) == 1


def test_continue_points_where_the_learner_went_next(app, client, login_as, course):
    login_as("member")
    slug = course["slug"]
    post_form(client, f"/courses/{slug}/enrol", page=f"/courses/{slug}")
    first, second = (f"/courses/{slug}/lessons/{n}" for n in course["lessons"])
    assert f'href="{first}"' in page_text(client.get(f"/courses/{slug}"))
    post_form(client, f"{first}/done", page=first)
    assert f'href="{second}"' in page_text(client.get(f"/courses/{slug}"))


def test_a_learner_who_completed_without_a_certificate_can_still_get_it(
    app, client, login_as, course
):
    login_as("member")
    slug = course["slug"]
    post_form(client, f"/courses/{slug}/enrol", page=f"/courses/{slug}")
    complete_lessons(client, course)
    attempt_id = start(client, course)
    submit(client, attempt_id, answers(app, attempt_id, right=True))
    with app.app_context():
        # As for a learner who finished before certificates were issued on submit.
        db.session.execute(sa.delete(Certificate))
        db.session.commit()

    before = row_counts(app)
    html = page_text(client.get(f"/courses/{slug}"))
    assert row_counts(app) == before and certificates(app) == []
    assert "Ontvang je certificaat" in html

    response = post_form(client, f"/courses/{slug}/certificate", page=f"/courses/{slug}")
    assert response.status_code == 302
    assert len(certificates(app)) == 1
    assert "Je certificaat" in page_text(client.get(f"/courses/{slug}"))
