"""Lessons in the full-text search: their index (title and Markdown body) and search source. Only
lessons of modules that are still part of their course are found."""

from community.fulltext import FullTextIndex, SearchSource
from courses.models import Lesson

INDEX = FullTextIndex("course_lesson", (("title", "A"), ("body", "B")))
INDEX.attach(Lesson.__table__)

SOURCE = SearchSource(
    kind="lesson",
    index=INDEX,
    hits="""
        SELECT l.id AS item_id, m.course_id AS parent_id, r.rank, l.id AS sort_id
        FROM {ranked} r
        JOIN course_lesson l ON l.id = r.id
        JOIN course_module m ON m.id = l.module_id
        WHERE NOT l.removed AND NOT m.removed""",
    joins="""
        LEFT JOIN course_lesson lesson_l ON page.kind = 'lesson' AND lesson_l.id = page.item_id
        LEFT JOIN course lesson_c ON page.kind = 'lesson' AND lesson_c.id = page.parent_id""",
    columns={
        "title": "lesson_l.title",
        "body": "lesson_l.body",
        "context": "lesson_c.title",
        "slug": "lesson_c.slug",
    },
    endpoint="courses.lesson",
    permission="take_courses",
)
