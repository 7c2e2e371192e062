"""Importing course folders: in place on re-import, clear messages for broken files."""

import pytest

from community.extensions import db
from courses.content import ContentError, import_course
from courses.models import Course, Lesson, LessonCompletion, QuizQuestion
from tests.courses.conftest import LESSON_ONE, QUIZ_YAML, write_course


def count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_importing_twice_leaves_one_course(app, runner, course_folder):
    first = runner.invoke(args=["courses", "import", str(course_folder)])
    assert first.exit_code == 0, first.output
    assert "Imported 'Testcursus signalen'" in first.output
    assert "1 modules, 2 lessons, 1 quizzes, 4 questions" in first.output
    second = runner.invoke(args=["courses", "import", str(course_folder)])
    assert "Updated 'Testcursus signalen'" in second.output
    with app.app_context():
        assert count(Course) == 1 and count(Lesson) == 2 and count(QuizQuestion) == 4


def test_reimport_updates_in_place_and_keeps_progress(app, tmp_path, user_factory):
    folder = write_course(tmp_path)
    user_id, _ = user_factory()
    with app.app_context():
        import_course(folder)
        lesson = db.session.scalar(db.select(Lesson).where(Lesson.key == "01-wat-is-een-signaal"))
        db.session.add(LessonCompletion(user_id=user_id, lesson_id=lesson.id))
        db.session.commit()
        lesson_id = lesson.id
    (folder / "01-signalen" / "01-wat-is-een-signaal.md").write_text(
        LESSON_ONE.replace("Wat is een signaal?", "Wat is een signaal precies?"), encoding="utf-8"
    )
    (folder / "01-signalen" / "02-vastleggen.md").unlink()
    with app.app_context():
        import_course(folder)
        lesson = db.session.get(Lesson, lesson_id)
        assert lesson.title == "Wat is een signaal precies?"
        assert db.session.get(LessonCompletion, (user_id, lesson_id)) is not None
        removed = db.session.scalar(db.select(Lesson).where(Lesson.key == "02-vastleggen"))
        assert removed.removed is True


@pytest.mark.parametrize(
    "broken, line, problem",
    [
        (QUIZ_YAML.replace("pass_mark: 75", "pass_mark: [75"), None, "not valid YAML"),
        (QUIZ_YAML.replace("title: Toets signalen\n", ""), 1, "'title' is missing"),
        (
            QUIZ_YAML.replace(
                "        correct: false\n        feedback: Een vermoeden",
                "        correct: true\n        feedback: Een vermoeden",
            ),
            10,
            "exactly one correct option, not 2",
        ),
        (QUIZ_YAML.replace("id: volgorde", "id: feit-of-mening"), 32, "used twice"),
        (QUIZ_YAML.replace("type: ordering", "type: essay"), 33, "'type' must be one of"),
        (QUIZ_YAML.replace("attempts: 3\n", "attempts: 3\ndraw: 9\n"), 5, "'draw' is 9"),
        (QUIZ_YAML.replace("pass_mark: 75", "pass_mark: hoog"), 3, "must be a whole number"),
    ],
)
def test_broken_quiz_file_names_file_line_and_problem(app, tmp_path, broken, line, problem):
    folder = write_course(tmp_path, quiz=broken)
    with app.app_context(), pytest.raises(ContentError) as caught:
        import_course(folder)
    error = caught.value
    assert error.path.endswith("03-toets.quiz.yaml")
    assert problem in error.problem
    if line is not None:
        assert error.line == line, str(error)
    with app.app_context():
        assert count(Course) == 0, "nothing is half-imported"


def test_lesson_without_front_matter_is_refused(app, tmp_path, runner):
    folder = write_course(tmp_path, lesson_one="Alleen tekst, geen voorwerk.\n")
    result = runner.invoke(args=["courses", "import", str(folder)])
    assert result.exit_code != 0
    assert "01-wat-is-een-signaal.md, line 1: must start with front matter" in result.output


def test_lesson_with_missing_minutes_points_at_the_front_matter(app, tmp_path):
    folder = write_course(tmp_path, lesson_one=LESSON_ONE.replace("minutes: 5\n", ""))
    with app.app_context(), pytest.raises(ContentError) as caught:
        import_course(folder)
    assert caught.value.line == 2 and "'minutes' is missing" in caught.value.problem


def test_shipped_course_imports(app, runner):
    from courses.demo import SHIPPED_COURSES

    folders = [p for p in SHIPPED_COURSES.iterdir() if p.is_dir()]
    assert folders, "the repository ships at least one course"
    for _round in range(2):
        for folder in folders:
            result = runner.invoke(args=["courses", "import", str(folder)])
            assert result.exit_code == 0, result.output
    assert "Updated 'Kindcheck en meldcode'" in result.output
    with app.app_context():
        assert count(Course) == len(folders)
        course = db.session.scalar(db.select(Course).where(Course.slug == "kindcheck"))
        assert course.title == "Kindcheck en meldcode"
        modules = [m for m in course.modules]
        assert len(modules) >= 4
        questions = db.session.scalar(
            db.select(db.func.count())
            .select_from(QuizQuestion)
            .where(QuizQuestion.removed.is_(False))
        )
        assert questions >= 30
        kinds = set(db.session.scalars(db.select(QuizQuestion.kind)))
        assert kinds == {"single", "multiple", "true_false", "ordering"}
        assert (
            db.session.scalar(
                db.select(db.func.count())
                .select_from(QuizQuestion)
                .where(QuizQuestion.case_text != "")
            )
            > 0
        )
