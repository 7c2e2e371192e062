"""Courses and what learners do in them: modules, lessons, quizzes and their questions,
enrolments, completed lessons, quiz attempts and certificates."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from community.accounts.models import User
from community.clock import utcnow
from community.extensions import db


class Course(db.Model):
    __tablename__ = "course"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="nl")
    accreditation_body: Mapped[str] = mapped_column(String(50), default="")
    accreditation_points: Mapped[float] = mapped_column(default=0)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    modules: Mapped[list["Module"]] = relationship(
        order_by="Module.position",
        primaryjoin="and_(Module.course_id == Course.id, Module.removed.is_(False))",
        viewonly=True,
    )


class Module(db.Model):
    __tablename__ = "course_module"
    __table_args__ = (UniqueConstraint("course_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    # Kept when a re-import no longer has it, so learners' records stay intact.
    removed: Mapped[bool] = mapped_column(default=False)


class ModulePart:
    """What lessons and quizzes share: their place in a module, found again by `key` when the
    course is imported anew."""

    # A new constraint per table: one constraint object cannot belong to two tables.
    @declared_attr.directive
    def __table_args__(cls):
        return (UniqueConstraint("module_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(
        ForeignKey("course_module.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    # Kept when a re-import no longer has it, so learners' records stay intact.
    removed: Mapped[bool] = mapped_column(default=False)


class Lesson(ModulePart, db.Model):
    __tablename__ = "course_lesson"

    body: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int] = mapped_column(default=5)
    required: Mapped[bool] = mapped_column(default=True)

    module: Mapped[Module] = relationship(lazy="joined")
    # Loaded only where a page needs them (the lesson page, the import): the outline does not.
    tag_rows: Mapped[list["LessonTag"]] = relationship(
        order_by="LessonTag.name", cascade="all, delete-orphan"
    )

    @property
    def tag_names(self):
        return [row.name for row in self.tag_rows]


class LessonTag(db.Model):
    """A lesson's subject, by forum tag name (the forum's rules for names): the lesson page
    lists the forum questions with these tags, through the forum's unique index on the name."""

    __tablename__ = "course_lesson_tag"

    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("course_lesson.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(30), primary_key=True)


# When a submitted attempt shows the right answers (as Moodle's review options): after the
# learner passed, after their last attempt, always, or after either of the first two.
SHOW_ANSWERS = ("after_passing", "after_last_attempt", "always", "after_passing_or_last_attempt")


class Quiz(ModulePart, db.Model):
    __tablename__ = "course_quiz"

    pass_mark: Mapped[int] = mapped_column(default=70)
    max_attempts: Mapped[int] = mapped_column(default=0)  # 0: unlimited
    draw: Mapped[int | None]  # groups drawn per attempt; None: all
    shuffle_options: Mapped[bool] = mapped_column(default=True)
    # When a learner may see the right answers of a submitted attempt (SHOW_ANSWERS).
    show_answers: Mapped[str] = mapped_column(String(40), default="after_passing_or_last_attempt")
    # After the last failed attempt, a new one opens this many hours later; None: never.
    retry_after_hours: Mapped[int | None]

    module: Mapped[Module] = relationship(lazy="joined")


class QuizQuestion(db.Model):
    """One gradable question. A case vignette becomes one row per part, sharing `group_key`
    and `case_text`, so the parts are drawn together and graded one by one."""

    __tablename__ = "course_quiz_question"
    __table_args__ = (UniqueConstraint("quiz_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(
        ForeignKey("course_quiz.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(100))
    group_key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20))  # single, multiple, true_false, ordering
    text: Mapped[str] = mapped_column(Text)
    case_text: Mapped[str] = mapped_column(Text, default="")
    feedback: Mapped[str] = mapped_column(Text, default="")
    # Options [{key, text, correct, feedback}] or ordering items [{key, text}] in correct order.
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    removed: Mapped[bool] = mapped_column(default=False)


class Enrolment(db.Model):
    __tablename__ = "course_enrolment"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Where to continue: "lesson:<id>" or "quiz:<id>".
    last_item: Mapped[str] = mapped_column(String(40), default="")
    completed_at: Mapped[datetime | None]

    course: Mapped[Course] = relationship(lazy="joined")


class LessonCompletion(db.Model):
    __tablename__ = "course_lesson_completion"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("course_lesson.id", ondelete="CASCADE"), primary_key=True
    )
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attempt(db.Model):
    __tablename__ = "course_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    quiz_id: Mapped[int] = mapped_column(
        ForeignKey("course_quiz.id", ondelete="CASCADE"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    # The drawn questions and, per question, the option or item keys in the order shown.
    layout: Mapped[list] = mapped_column(JSON, default=list)
    responses: Mapped[dict] = mapped_column(JSON, default=dict)
    results: Mapped[dict] = mapped_column(JSON, default=dict)  # question id -> points (0/1)
    score: Mapped[float | None]  # percent
    passed: Mapped[bool] = mapped_column(default=False)

    quiz: Mapped[Quiz] = relationship(lazy="joined")

    @property
    def is_open(self):
        return self.submitted_at is None


class ExtraAttempts(db.Model):
    """Attempts a moderator added for one learner on one quiz, with who, when and why: the
    log of grants is these rows."""

    __tablename__ = "course_extra_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(
        ForeignKey("course_quiz.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    count: Mapped[int]
    note: Mapped[str] = mapped_column(String(500), default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    granted_by: Mapped[User | None] = relationship(foreign_keys=[granted_by_id], lazy="joined")


class Certificate(db.Model):
    __tablename__ = "course_certificate"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    # As they were when issued: a certificate does not change when the course does.
    holder_name: Mapped[str] = mapped_column(String(100))
    course_title: Mapped[str] = mapped_column(String(200))
    accreditation_body: Mapped[str] = mapped_column(String(50), default="")
    accreditation_points: Mapped[float] = mapped_column(default=0)
    # The course's duration (courses.services.course_duration_minutes) when issued.
    course_minutes: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship(lazy="joined")
    course: Mapped[Course] = relationship(lazy="joined")
