"""What other features may ask the courses: which courses exist, to link to one. Other
features call these instead of importing courses.models."""

from sqlalchemy import select

from community.extensions import db
from courses.models import Course


def course_choices():
    """[(id, title)] of every course, by title, for a "related course" select."""
    return db.session.execute(select(Course.id, Course.title).order_by(Course.title)).all()


def course_by_id(course_id):
    """The course (its slug and title are what a link needs), or None."""
    return db.session.get(Course, course_id) if course_id else None
