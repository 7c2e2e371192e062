"""What a course claims about itself: accreditation only when the course sets it, and one
duration, computed from its lessons, the same on the catalogue, the course page and the
certificate."""

import re

import pytest

from community.extensions import db
from courses.content import ContentError, import_course
from courses.demo import SHIPPED_COURSES
from courses.models import Course
from courses.services import course_duration_minutes
from tests.courses.conftest import COURSE_YAML, write_course
from tests.courses.test_learning import answers, start, submit
from tests.helpers import page_text, post_form

DURATION = re.compile(r"ongeveer (\d+) minuten")


def imported(app, folder):
    with app.app_context():
        import_course(folder)
        course = db.session.scalar(db.select(Course).where(Course.slug == folder.name))
        return course.slug


def earn_certificate(app, client, slug):
    """Do every lesson and pass the quiz; returns the printable certificate page."""
    from courses.models import Lesson, Quiz

    with app.app_context():
        lessons = db.session.scalars(db.select(Lesson).order_by(Lesson.position)).all()
        lesson_ids = [lesson.id for lesson in lessons]
        quiz_id = db.session.scalar(db.select(Quiz.id))
    post_form(client, f"/courses/{slug}/enrol", page=f"/courses/{slug}")
    for lesson_id in lesson_ids:
        lesson = f"/courses/{slug}/lessons/{lesson_id}"
        post_form(client, f"{lesson}/done", page=lesson)
    attempt_id = start(client, {"slug": slug, "quiz": quiz_id})
    submit(client, attempt_id, answers(app, attempt_id, right=True))
    code = re.search(r"<code>([A-Z0-9-]{14})</code>", page_text(client.get("/courses/mine")))
    return page_text(client.get(f"/certificates/{code.group(1)}/print"))


def test_the_shipped_course_claims_no_accreditation_and_no_written_duration(app, client):
    slug = imported(app, SHIPPED_COURSES / "kindcheck")
    for page in (f"/courses/{slug}", "/courses/"):
        html = page_text(client.get(page))
        assert "SKJ" not in html and "Accreditatie" not in html
        assert not re.search(r"\d+ punten", html)
        assert "geaccrediteerd door" not in html
    description = (SHIPPED_COURSES / "kindcheck" / "course.yaml").read_text(encoding="utf-8")
    assert not re.search(r"\d+\s*minuten", description), "the duration is computed, not written"


def test_a_course_without_accreditation_gives_a_certificate_without_points(
    app, client, login_as, tmp_path
):
    folder = write_course(tmp_path)
    (folder / "course.yaml").write_text(COURSE_YAML.split("accreditation:")[0], encoding="utf-8")
    slug = imported(app, folder)
    login_as("member", name="Noor de Wit")
    certificate = earn_certificate(app, client, slug)
    assert "Noor de Wit" in certificate
    assert "Accreditatie" not in certificate and "SKJ" not in certificate
    mine = page_text(client.get("/courses/mine"))
    assert "Punten" not in mine and "Totaal" not in mine


def test_accreditation_is_shown_when_the_course_sets_it(app, client, login_as, course_folder):
    slug = imported(app, course_folder)  # the test course: SKJ, 1.5 points
    assert "1,5 punten SKJ" in page_text(client.get(f"/courses/{slug}"))
    assert "Accreditatie: 1,5 punten SKJ" in page_text(client.get("/courses/"))
    login_as("member")
    assert "Accreditatie: 1,5 punten SKJ" in earn_certificate(app, client, slug)
    assert "Totaal: 1,5 punten." in page_text(client.get("/courses/mine"))


def test_one_accreditation_point_is_one_punt(app, client, login_as, course_folder):
    yaml_file = course_folder / "course.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("1.5", "1"), "utf-8")
    slug = imported(app, course_folder)
    assert "1 punt SKJ" in page_text(client.get(f"/courses/{slug}"))
    assert "Accreditatie: 1 punt SKJ" in page_text(client.get("/courses/"))
    login_as("member")
    assert "Accreditatie: 1 punt SKJ" in earn_certificate(app, client, slug)
    assert "Totaal: 1 punt." in page_text(client.get("/courses/mine"))


@pytest.mark.parametrize(
    "accreditation", ["accreditation:\n  body: SKJ\n", "accreditation:\n  points: 2\n"]
)
def test_half_an_accreditation_is_refused_at_import(app, tmp_path, accreditation):
    folder = write_course(tmp_path)
    course_yaml = COURSE_YAML.split("accreditation:")[0] + accreditation
    (folder / "course.yaml").write_text(course_yaml, encoding="utf-8")
    with app.app_context(), pytest.raises(ContentError) as caught:
        import_course(folder)
    assert "'body' and 'points'" in caught.value.problem


def test_one_computed_duration_on_catalogue_course_page_and_certificate(
    app, client, login_as, course_folder
):
    slug = imported(app, course_folder)  # lessons of 5 and 4 minutes
    with app.app_context():
        course = db.session.scalar(db.select(Course))
        assert course_duration_minutes(course) == 9
    login_as("member")
    pages = {
        "catalogue": page_text(client.get("/courses/")),
        "course": page_text(client.get(f"/courses/{slug}")),
        "certificate": earn_certificate(app, client, slug),
    }
    shown = {name: DURATION.findall(html) for name, html in pages.items()}
    assert shown == {"catalogue": ["9"], "course": ["9"], "certificate": ["9"]}


def test_the_shipped_course_duration_is_the_sum_of_its_lessons(app, client):
    folder = SHIPPED_COURSES / "kindcheck"
    total = sum(
        int(re.search(r"^minutes: (\d+)$", lesson.read_text(encoding="utf-8"), re.M).group(1))
        for lesson in folder.glob("*/*.md")
    )
    slug = imported(app, folder)
    assert DURATION.findall(page_text(client.get(f"/courses/{slug}"))) == [str(total)]
    assert DURATION.findall(page_text(client.get("/courses/"))) == [str(total)]
