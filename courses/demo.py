"""Demo for courses: the shipped course, imported from its files, with the demo professional
part of the way through it (so the home page and "my learning" show progress)."""

from pathlib import Path

from community.permissions import Role
from courses import learning
from courses.content import import_course
from courses.models import Lesson

SHIPPED_COURSES = Path(__file__).with_name("content")
LESSONS_DONE_IN_DEMO = 2


def load_course_demo(users_by_role):
    courses = [
        import_course(folder).course
        for folder in sorted(p for p in SHIPPED_COURSES.iterdir() if p.is_dir())
    ]
    if not courses:
        return
    learner = users_by_role[Role.PROFESSIONAL]
    course = courses[0]
    learning.enrol(learner, course)
    structure = learning.course_items(course.id)
    lessons = [
        item
        for _module, items in structure
        for item in items
        if isinstance(item, Lesson) and item.required
    ]
    for lesson in lessons[:LESSONS_DONE_IN_DEMO]:
        learning.complete_lesson(learner, lesson)
    following = learning.next_item(structure, learning.progress_for(learner.id, structure))
    learning.remember_position(learner, course.id, following)
