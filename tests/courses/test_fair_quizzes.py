"""Quizzes that are fair: right answers only when the quiz allows it, a summary before
submitting with unanswered questions, no dead end after the last failed attempt (extra attempts
from a moderator, a waiting time), and a course page that only offers what can be done."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from community.access_log import AccessLogEntry
from community.extensions import db
from community.permissions import Role
from courses.content import ContentError, import_course, read_course
from courses.models import Attempt, Course, ExtraAttempts, Quiz, QuizQuestion
from tests.courses.conftest import QUIZ_YAML, write_course
from tests.courses.test_learning import answers, start, submit
from tests.forum.test_thread_queries import counted_queries
from tests.helpers import log_in, make_user, page_text, post_form

RIGHT_ANSWER_TEXTS = ("juist antwoord", "correct-option", "De juiste volgorde")


def imported(app, tmp_path, quiz=QUIZ_YAML):
    with app.app_context():
        import_course(write_course(tmp_path, quiz=quiz))
        return {
            "slug": db.session.scalar(sa.select(Course.slug)),
            "quiz": db.session.scalar(sa.select(Quiz.id)),
        }


def quiz_with(**settings):
    """The test quiz with other settings in its front matter (attempts: 3 is replaced)."""
    lines = "".join(f"{key}: {value}\n" for key, value in settings.items())
    text = QUIZ_YAML.replace("attempts: 3\n", "")
    return text.replace("pass_mark: 75\n", "pass_mark: 75\n" + lines)


def enrol(client, course):
    slug = course["slug"]
    post_form(client, f"/courses/{slug}/enrol", page=f"/courses/{slug}")


def complete_lessons(client, course):
    html = page_text(client.get(f"/courses/{course['slug']}"))
    for lesson in re.findall(r'href="(/courses/[^"]+/lessons/\d+)"', html):
        post_form(client, f"{lesson}/done", page=lesson)


def fail_once(app, client, course):
    attempt_id = start(client, course)
    response = submit(client, attempt_id, answers(app, attempt_id, right=False))
    assert response.status_code == 302, page_text(response)
    return attempt_id


def quiz_url(course):
    return f"/courses/{course['slug']}/quizzes/{course['quiz']}"


def moderator_client(app):
    client = app.test_client()
    with app.app_context():
        make_user(name="Mo de Rator", email="mo@verbind.example", roles=(Role.MODERATOR,))
    log_in(client, "mo@verbind.example")
    return client


# --- right answers only when the quiz allows it ----------------------------------------------


def test_failed_result_shows_what_was_wrong_but_not_the_right_answers(
    app, client, login_as, tmp_path
):
    course = imported(app, tmp_path)  # default: after passing or when no attempts are left
    login_as("member")
    enrol(client, course)
    attempt_id = fail_once(app, client, course)
    html = page_text(client.get(f"/courses/attempts/{attempt_id}"))
    assert "niet goed" in html and "4 vragen zijn niet goed beantwoord." in html
    assert "Een vermoeden is geen feit." in html, "feedback on the chosen option stays"
    for text in RIGHT_ANSWER_TEXTS:
        assert text not in html
    assert "Juist, dat is controleerbaar." not in html
    assert "zodra je de toets hebt gehaald, of als je geen pogingen meer hebt" in html

    # After passing, every earlier attempt shows the right answers too.
    attempt = start(client, course)
    submit(client, attempt, answers(app, attempt, right=True))
    html = page_text(client.get(f"/courses/attempts/{attempt_id}"))
    assert "juist antwoord" in html and "De juiste volgorde" in html
    assert "Feiten zijn controleerbaar." in html


def test_quiz_that_always_shows_answers_shows_them_after_a_failed_attempt(
    app, client, login_as, tmp_path
):
    course = imported(app, tmp_path, quiz_with(show_answers="always", attempts=3))
    login_as("member")
    enrol(client, course)
    html = page_text(client.get(f"/courses/attempts/{fail_once(app, client, course)}"))
    assert "juist antwoord" in html and "De juiste volgorde" in html


def test_answers_after_the_last_attempt_only(app, client, login_as, tmp_path):
    course = imported(app, tmp_path, quiz_with(show_answers="after_last_attempt", attempts=2))
    login_as("member")
    enrol(client, course)
    first = fail_once(app, client, course)
    assert "juist antwoord" not in page_text(client.get(f"/courses/attempts/{first}"))
    last = fail_once(app, client, course)
    html = page_text(client.get(f"/courses/attempts/{last}"))
    assert "juist antwoord" in html and "De juiste volgorde" in html


def test_a_waiting_time_means_attempts_are_not_over_so_answers_stay_hidden(
    app, client, login_as, tmp_path
):
    course = imported(app, tmp_path, quiz_with(attempts=1, retry_after_hours=24))
    login_as("member")
    enrol(client, course)
    html = page_text(client.get(f"/courses/attempts/{fail_once(app, client, course)}"))
    assert "juist antwoord" not in html


def test_show_answers_must_be_a_known_option(tmp_path):
    folder = write_course(tmp_path, quiz=quiz_with(show_answers="nooit"))
    with pytest.raises(ContentError, match="'show_answers' must be one of"):
        read_course(folder)


def test_the_shipped_course_shows_answers_after_passing_or_when_no_attempts_are_left():
    parsed = read_course(Path(__file__).parents[2] / "courses" / "content" / "kindcheck")
    quizzes = [quiz for module in parsed.modules for quiz in module["quizzes"]]
    assert quizzes
    assert {quiz["show_answers"] for quiz in quizzes} == {"after_passing_or_last_attempt"}


# --- a summary before submitting with unanswered questions -----------------------------------


def test_unanswered_questions_get_a_summary_then_back_keeps_the_answers(
    app, client, login_as, tmp_path
):
    course = imported(app, tmp_path)
    login_as("member")
    enrol(client, course)
    attempt_id = start(client, course)
    data = answers(app, attempt_id, right=True)
    with app.app_context():
        single = db.session.scalar(sa.select(QuizQuestion).where(QuizQuestion.kind == "single"))
    chosen = data.pop(f"q{single.id}")

    response = submit(client, attempt_id, data)
    html = page_text(response)
    assert response.status_code == 200
    assert "1 vraag nog niet beantwoord" in html
    assert "Wat leg je vast in het dossier?" in html
    assert "Terug naar de vragen" in html and "Toch inleveren" in html
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).is_open, "nothing submitted yet"

    # "Back to the questions" shows the form again with every answer given.
    hidden = dict(re.findall(r'<input type="hidden" name="(q[^"]+)" value="([^"]*)"', html))
    back = post_form(
        client, f"/courses/attempts/{attempt_id}", {**data, "back": "1"}, page=quiz_url(course)
    )
    form = page_text(back)
    assert back.status_code == 200 and "Antwoorden inleveren" in form
    tf = next(name for name in data if re.fullmatch(r"q\d+", name))
    assert re.search(rf'name="{tf}" value="{data[tf]}" checked', form)
    assert hidden[tf] == data[tf]

    # Answered now: submitted without a summary.
    response = submit(client, attempt_id, {**data, f"q{single.id}": chosen})
    assert response.status_code == 302
    assert "Gehaald" in page_text(client.get(response.headers["Location"]))


def test_submit_anyway_grades_unanswered_questions_as_wrong(app, client, login_as, tmp_path):
    course = imported(app, tmp_path)
    login_as("member")
    enrol(client, course)
    attempt_id = start(client, course)
    data = answers(app, attempt_id, right=True)
    multiple = next(name for name in data if name.endswith("[]"))
    del data[multiple]
    response = submit(client, attempt_id, {**data, "anyway": "1"})
    assert response.status_code == 302
    html = page_text(client.get(response.headers["Location"]))
    assert "Resultaat: 75%" in html and "niet beantwoord" in html


def test_an_empty_submission_does_not_use_an_attempt(app, client, login_as, tmp_path):
    course = imported(app, tmp_path)
    login_as("member")
    enrol(client, course)
    attempt_id = start(client, course)
    response = submit(client, attempt_id, {})
    assert response.status_code == 422
    assert "Beantwoord minstens één vraag" in page_text(response)
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).is_open
    assert "nog 3 van 3" in page_text(client.get(quiz_url(course)))


# --- no dead end -----------------------------------------------------------------------------


def test_after_the_last_failed_attempt_the_learner_sees_what_to_do_and_a_moderator_grants_more(
    app, client, login_as, tmp_path
):
    course = imported(app, tmp_path, quiz_with(attempts=1))
    learner_id = login_as("member", name="Noor de Wit", email="noor@verbind.example")
    enrol(client, course)
    complete_lessons(client, course)
    attempt_id = fail_once(app, client, course)

    result = page_text(client.get(f"/courses/attempts/{attempt_id}"))
    assert "vraag dan een moderator om een extra poging" in result
    page = page_text(client.get(quiz_url(course)))
    assert "Je hebt alle pogingen voor deze toets gebruikt." in page
    assert "Start de toets" not in page and "Probeer opnieuw" not in page
    course_page = page_text(client.get(f"/courses/{course['slug']}"))
    assert "Ga verder waar je gebleven was" not in course_page
    assert "Ontvang je certificaat" not in course_page
    assert "vraag een moderator om een extra poging" in course_page

    # A learner cannot grant themselves attempts.
    extra_url = f"{quiz_url(course)}/extra-attempts"
    assert client.get(extra_url).status_code == 403

    moderator = moderator_client(app)
    statistics = page_text(moderator.get(f"/courses/{course['slug']}/statistics"))
    assert f'href="{extra_url}"' in statistics
    unknown = post_form(moderator, extra_url, {"email": "niemand@verbind.example", "count": "1"})
    assert unknown.status_code == 422
    assert "Niemand met dit e-mailadres is ingeschreven" in page_text(unknown)
    too_many = post_form(moderator, extra_url, {"email": "noor@verbind.example", "count": "50"})
    assert too_many.status_code == 422 and "Geef 1 tot en met 10 pogingen." in page_text(too_many)
    response = post_form(
        moderator,
        extra_url,
        {"email": "noor@verbind.example", "count": "1", "note": "Lees de les over vastleggen."},
    )
    assert response.status_code == 302
    log = page_text(moderator.get(extra_url))
    assert "Noor de Wit" in log and "Mo de Rator" in log and "Lees de les over vastleggen." in log
    with app.app_context():
        [grant] = db.session.scalars(sa.select(ExtraAttempts)).all()
        assert (grant.user_id, grant.count) == (learner_id, 1)
        assert grant.granted_by.name == "Mo de Rator" and grant.granted_at.tzinfo is not None
        looked = db.session.scalars(
            sa.select(AccessLogEntry.what).where(AccessLogEntry.subject_id == learner_id)
        ).all()
        assert "extra_attempts" in looked, "the learner can see that a moderator saw the list"

    page = page_text(client.get(quiz_url(course)))
    assert "Een moderator heeft je 1 extra poging gegeven." in page
    assert "Lees de les over vastleggen." in page and "Probeer opnieuw" in page
    assert "Ga verder waar je gebleven was" in page_text(client.get(f"/courses/{course['slug']}"))
    attempt = start(client, course)
    assert submit(client, attempt, answers(app, attempt, right=True)).status_code == 302


def test_a_note_that_names_a_client_needs_the_privacy_check(app, client, login_as, tmp_path):
    course = imported(app, tmp_path, quiz_with(attempts=1))
    login_as("member", email="noor@verbind.example")
    enrol(client, course)
    moderator = moderator_client(app)
    note = "Zoals besproken over moeder Fatima Yilmaz, Dorpsstraat 12."
    response = post_form(
        moderator,
        f"{quiz_url(course)}/extra-attempts",
        {"email": "noor@verbind.example", "count": "1", "note": note},
    )
    assert response.status_code == 422
    assert "Is iemand te herkennen" in page_text(response) or "herkennen" in page_text(response)
    assert note in page_text(response), "what the moderator typed comes back"
    with app.app_context():
        assert db.session.scalars(sa.select(ExtraAttempts)).all() == []


def test_after_a_waiting_time_a_new_attempt_opens(app, client, login_as, tmp_path):
    course = imported(app, tmp_path, quiz_with(attempts=1, retry_after_hours=24))
    login_as("member")
    enrol(client, course)
    complete_lessons(client, course)
    attempt_id = fail_once(app, client, course)
    page = page_text(client.get(quiz_url(course)))
    assert "Op " in page and "kun je een nieuwe poging doen." in page
    # Weekday, day, month, year and time: "Op vr 27 nov 2026, 14:00 kun je …".
    assert re.search(r"Op \w{2} \d{1,2} \w{3} \d{4}, \d{2}:\d{2} kun je", page), "a Dutch date"
    assert "een nieuwe poging na 24 uur" in page
    refused = post_form(client, f"{quiz_url(course)}/attempts", page=quiz_url(course))
    assert refused.status_code == 302
    assert "kun je een nieuwe poging doen" in page_text(client.get(refused.headers["Location"]))
    course_page = page_text(client.get(f"/courses/{course['slug']}"))
    assert "Ga verder waar je gebleven was" not in course_page

    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        attempt.submitted_at -= timedelta(hours=25)
        db.session.commit()
    assert "Probeer opnieuw" in page_text(client.get(quiz_url(course)))
    second = start(client, course)
    assert second != attempt_id


def test_course_page_queries_stay_bounded_with_many_quizzes_to_do(app, client, login_as, tmp_path):
    course = imported(app, tmp_path)
    login_as("member")
    enrol(client, course)
    fail_once(app, client, course)
    with counted_queries(app) as statements:
        assert client.get(f"/courses/{course['slug']}").status_code == 200
    assert len(statements) <= 14, statements
