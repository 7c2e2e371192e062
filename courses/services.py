"""What other features may ask the courses: which courses exist, to link to one. Other
features call these instead of importing courses.models."""

from sqlalchemy import func, select

from community.extensions import db
from courses.models import Course, Lesson, Module


def course_choices():
    """[(id, title)] of every course, by title, for a "related course" select."""
    return db.session.execute(select(Course.id, Course.title).order_by(Course.title)).all()


def course_by_id(course_id):
    """The course (its slug and title are what a link needs), or None."""
    return db.session.get(Course, course_id) if course_id else None


def course_durations(course_ids):
    """{course id: minutes} for these courses in one query: the sum of the `minutes` of their
    lessons (those still in the course), the one duration every page shows."""
    if not course_ids:
        return {}
    rows = db.session.execute(
        select(Module.course_id, func.coalesce(func.sum(Lesson.minutes), 0))
        .join(Lesson, Lesson.module_id == Module.id)
        .where(
            Module.course_id.in_(course_ids),
            Module.removed.is_(False),
            Lesson.removed.is_(False),
        )
        .group_by(Module.course_id)
    ).all()
    found = {course_id: int(minutes) for course_id, minutes in rows}
    return {course_id: found.get(course_id, 0) for course_id in course_ids}


def course_duration_minutes(course):
    """How many minutes the course takes, computed from its lessons (see course_durations)."""
    return course_durations([course.id])[course.id]
