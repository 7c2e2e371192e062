"""What other features may ask the courses: which courses exist, to link to one, and where a
learner stands in theirs. Other features call these instead of importing courses.models."""

from dataclasses import dataclass

from sqlalchemy import case, delete, func, select, update

from community.extensions import db
from courses import learning
from courses.learning import course_duration_minutes, course_durations  # noqa: F401 (for others)
from courses.models import (
    Attempt,
    Certificate,
    Course,
    Enrolment,
    ExtraAttempts,
    Lesson,
    LessonCompletion,
    LessonTag,
    Module,
    Quiz,
    QuizQuestion,
)


def course_choices():
    """[(id, title)] of every course, by title, for a "related course" select."""
    return db.session.execute(select(Course.id, Course.title).order_by(Course.title)).all()


def course_by_id(course_id):
    """The course (its slug and title are what a link needs), or None."""
    return db.session.get(Course, course_id) if course_id else None


@dataclass
class LessonLink:
    """What another feature needs to link to a lesson and speak of it."""

    id: int
    title: str
    course_slug: str
    course_title: str
    tags: list  # its tag names (forum tag names), by name; only when asked for


def lesson_link(lesson_id, *, with_tags=False):
    """The lesson learners can open with this id, or None: no such lesson, or it (or its
    module) was removed from the course. One query, and one more for the tags."""
    row = db.session.execute(
        select(Lesson.id, Lesson.title, Course.slug, Course.title)
        .join(Module, Module.id == Lesson.module_id)
        .join(Course, Course.id == Module.course_id)
        .where(Lesson.id == lesson_id, Lesson.removed.is_(False), Module.removed.is_(False))
    ).one_or_none()
    if row is None:
        return None
    return LessonLink(*row, tags=lesson_tag_names(lesson_id) if with_tags else [])


def lesson_tag_names(lesson_id):
    return list(
        db.session.scalars(
            select(LessonTag.name).where(LessonTag.lesson_id == lesson_id).order_by(LessonTag.name)
        )
    )


@dataclass
class CourseInProgress:
    """A course the learner is enrolled in and has not finished, and what comes next in it."""

    slug: str
    title: str
    done: int  # required lessons done and quizzes passed
    total: int
    next_kind: str | None  # "lesson" or "quiz"; None when all is done (certificate waits)
    next_id: int | None
    next_title: str | None


@dataclass
class Learning:
    in_progress: list  # [CourseInProgress], most recently enrolled first
    unfinished: int  # enrolments not finished (may be more than in_progress shows)
    finished: int  # enrolments finished (certificate issued)


def learning_of(user_id, limit=3):
    """The learner's unfinished courses (at most `limit`) with progress and the next lesson or
    quiz, and how many courses they have and have finished: eight queries, however many
    courses, modules and lessons there are."""
    unfinished, finished = db.session.execute(
        select(
            func.count(case((Enrolment.completed_at.is_(None), 1))),
            func.count(Enrolment.completed_at),
        ).where(Enrolment.user_id == user_id)
    ).one()
    enrolments = db.session.scalars(
        select(Enrolment)
        .where(Enrolment.user_id == user_id, Enrolment.completed_at.is_(None))
        .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc())
        .limit(limit)
    ).all()
    if not enrolments:
        return Learning(in_progress=[], unfinished=unfinished, finished=finished)
    structures = learning.course_items_of([e.course_id for e in enrolments])
    everything = [part for structure in structures.values() for part in structure]
    progress = learning.progress_for(user_id, everything)
    return Learning(
        in_progress=[
            _in_progress(enrolment, structures[enrolment.course_id], progress)
            for enrolment in enrolments
        ],
        unfinished=unfinished,
        finished=finished,
    )


def _in_progress(enrolment, structure, progress):
    """Where to continue: where the learner left off when that is not done yet, else the first
    required lesson or quiz not done (as the course page's "continue")."""
    items = [item for _module, module_items in structure for item in module_items]
    counted = [item for item in items if isinstance(item, Quiz) or item.required]
    not_done = [item for item in items if learning.item_ref(item) not in progress.done]
    last = next((i for i in not_done if learning.item_ref(i) == enrolment.last_item), None)
    upcoming = last or learning.next_item(structure, progress)
    kind = None if upcoming is None else "quiz" if isinstance(upcoming, Quiz) else "lesson"
    return CourseInProgress(
        slug=enrolment.course.slug,
        title=enrolment.course.title,
        done=sum(learning.item_ref(item) in progress.done for item in counted),
        total=len(counted),
        next_kind=kind,
        next_id=None if upcoming is None else upcoming.id,
        next_title=None if upcoming is None else upcoming.title,
    )


# --- personal data (the person's export, community/data_rights.py) -----------------------------


def personal_data(user_id):
    """Enrolments, completed lessons, quiz attempts with every answer given, extra attempts and
    certificates of one learner, as {kind: rows}."""
    enrolments = db.session.scalars(
        select(Enrolment).where(Enrolment.user_id == user_id).order_by(Enrolment.enrolled_at)
    ).all()
    completions = db.session.execute(
        select(LessonCompletion.completed_at, Lesson.id, Lesson.title, Course.title)
        .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .join(Course, Course.id == Module.course_id)
        .where(LessonCompletion.user_id == user_id)
        .order_by(LessonCompletion.completed_at)
    ).all()
    extra = db.session.scalars(
        select(ExtraAttempts).where(ExtraAttempts.user_id == user_id).order_by(ExtraAttempts.id)
    ).all()
    certificates = db.session.scalars(
        select(Certificate).where(Certificate.user_id == user_id).order_by(Certificate.issued_at)
    ).all()
    return {
        "course_enrolments": [
            {
                "course": enrolment.course.title,
                "course_slug": enrolment.course.slug,
                "enrolled_at": enrolment.enrolled_at,
                "completed_at": enrolment.completed_at,
            }
            for enrolment in enrolments
        ],
        "lesson_completions": [
            {"lesson_id": lesson_id, "lesson": lesson, "course": course, "completed_at": at}
            for at, lesson_id, lesson, course in completions
        ],
        "quiz_attempts": _attempts_of(user_id),
        "extra_attempts": [
            {
                "quiz_id": grant.quiz_id,
                "count": grant.count,
                "note": grant.note,
                "granted_at": grant.granted_at,
            }
            for grant in extra
        ],  # fmt: skip
        "certificates": [
            {
                "code": certificate.code,
                "holder_name": certificate.holder_name,
                "course": certificate.course_title,
                "issued_at": certificate.issued_at,
                "accreditation_body": certificate.accreditation_body,
                "accreditation_points": certificate.accreditation_points,
                "course_minutes": certificate.course_minutes,
            }
            for certificate in certificates
        ],
    }


def _attempts_of(user_id):
    """Each attempt with, per question shown, its text, the answer given (keys and texts) and
    the points; the questions of all attempts in one query."""
    attempts = db.session.scalars(
        select(Attempt).where(Attempt.user_id == user_id).order_by(Attempt.started_at, Attempt.id)
    ).all()
    question_ids = {entry["question"] for attempt in attempts for entry in attempt.layout or []}
    questions = {
        question.id: question
        for question in db.session.scalars(
            select(QuizQuestion).where(QuizQuestion.id.in_(question_ids))
        )
    }
    rows = []
    for attempt in attempts:
        answers = []
        for entry in attempt.layout or []:
            question = questions.get(entry["question"])
            if question is None:
                continue
            data = question.data or {}
            texts = {
                choice["key"]: choice.get("text", "")
                for choice in data.get("options", []) + data.get("items", [])
            }
            given = (attempt.responses or {}).get(str(question.id))
            keys = given if isinstance(given, list) else [given] if given else []
            answers.append(
                {
                    "question": question.text,
                    "case": question.case_text,
                    "answer": given,
                    "answer_text": [texts.get(key, key) for key in keys],
                    "points": (attempt.results or {}).get(str(question.id)),
                }
            )
        rows.append(
            {
                "quiz": attempt.quiz.title,
                "quiz_id": attempt.quiz_id,
                "started_at": attempt.started_at,
                "submitted_at": attempt.submitted_at,
                "score": attempt.score,
                "passed": attempt.passed,
                "answers": answers,
            }
        )
    return rows


def forget_user(user_id):
    """Erase one learner (not committed): enrolments, finished lessons, attempts and extra
    attempts go; certificates stay, verifiable by their code, without the holder's name. Extra
    attempts they granted as a moderator lose the grantor."""
    for model in (Enrolment, LessonCompletion, Attempt, ExtraAttempts):
        db.session.execute(delete(model).where(model.user_id == user_id))
    db.session.execute(
        update(ExtraAttempts)
        .where(ExtraAttempts.granted_by_id == user_id)
        .values(granted_by_id=None)
    )
    db.session.execute(
        update(Certificate).where(Certificate.user_id == user_id).values(holder_name="")
    )
