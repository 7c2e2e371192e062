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
    LessonCompletion,
    Quiz,
)


def course_choices():
    """[(id, title)] of every course, by title, for a "related course" select."""
    return db.session.execute(select(Course.id, Course.title).order_by(Course.title)).all()


def course_by_id(course_id):
    """The course (its slug and title are what a link needs), or None."""
    return db.session.get(Course, course_id) if course_id else None


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
