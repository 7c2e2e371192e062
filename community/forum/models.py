"""The forum's data: categories, tags, posts (questions, answers, comments), votes, revisions,
flags, the moderation log, watches, notifications and the acute-danger phrases."""

from datetime import datetime
from enum import StrEnum

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User
from community.clock import utcnow
from community.extensions import db


class Category(db.Model):
    __tablename__ = "forum_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(String(500), default="")
    description_en: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(default=0)

    @property
    def label(self):
        """The name in the reader's language (Dutch is stored first, English beside it)."""
        return self.name_en if str(get_locale()) == "en" and self.name_en else self.name

    @property
    def explanation(self):
        english = str(get_locale()) == "en" and self.description_en
        return self.description_en if english else self.description


class Tag(db.Model):
    __tablename__ = "forum_tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)


question_tag = Table(
    "forum_question_tag",
    db.metadata,
    Column("question_id", ForeignKey("forum_post.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("forum_tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class PostStatus(StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"  # by a moderator; can be restored
    DELETED = "deleted"  # by the author or a moderator; soft, kept for the record


POST_STATUS_LABELS = {
    PostStatus.VISIBLE: _l("visible"),
    PostStatus.HIDDEN: _l("hidden"),
    PostStatus.DELETED: _l("deleted"),
}


class Post(db.Model):
    """Questions, answers and comments share one table (single-table inheritance), so votes,
    revisions, flags and the search index work the same for each."""

    __tablename__ = "forum_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    # The question a post belongs to (NULL for a question itself).
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_post.id", ondelete="CASCADE"), index=True
    )
    # What a comment comments on: a question or an answer.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_post.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(default=False)
    # The author was warned by the privacy guard and confirmed nobody can be recognised.
    privacy_confirmed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    edited_at: Mapped[datetime | None]
    score: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(10), default=PostStatus.VISIBLE)
    status_changed_at: Mapped[datetime | None]

    # Question-only columns (NULL or default for answers and comments).
    title: Mapped[str | None] = mapped_column(String(200))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("forum_category.id"), index=True)
    answer_count: Mapped[int] = mapped_column(default=0)
    accepted_answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_post.id", ondelete="SET NULL")
    )
    last_activity_at: Mapped[datetime | None] = mapped_column(index=True)
    locked: Mapped[bool] = mapped_column(default=False)
    pinned: Mapped[bool] = mapped_column(default=False)
    # The course lesson it was asked at ("Ask about this lesson"); kept when the question is
    # edited, NULL when the lesson goes. A name only: the courses feature owns the table.
    lesson_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_lesson.id", ondelete="SET NULL"), index=True
    )

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined", innerjoin=True)

    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "post"}
    __table_args__ = (Index("ix_forum_post_kind_status", "kind", "status"),)

    @property
    def status_label(self):
        return POST_STATUS_LABELS.get(self.status, self.status)

    @property
    def is_visible(self):
        return self.status == PostStatus.VISIBLE

    @property
    def thread_id(self):
        return self.question_id or self.id

    def __repr__(self):
        return f"<{type(self).__name__} {self.id}>"


class Question(Post):
    __mapper_args__ = {"polymorphic_identity": "question", "polymorphic_load": "inline"}

    category: Mapped[Category] = relationship(lazy="joined")
    tags: Mapped[list[Tag]] = relationship(
        secondary=question_tag, lazy="selectin", order_by=Tag.name
    )


class Answer(Post):
    __mapper_args__ = {"polymorphic_identity": "answer", "polymorphic_load": "inline"}


class Comment(Post):
    __mapper_args__ = {"polymorphic_identity": "comment", "polymorphic_load": "inline"}


class Vote(db.Model):
    __tablename__ = "forum_vote"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    post_id: Mapped[int] = mapped_column(
        ForeignKey("forum_post.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[int]  # +1 or -1
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Revision(db.Model):
    """One version of a post's text; the first is the original, each edit adds one."""

    __tablename__ = "forum_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("forum_post.id", ondelete="CASCADE"), index=True
    )
    editor_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    title: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(200), default="")

    editor: Mapped[User] = relationship(lazy="joined")


class FlagReason(StrEnum):
    PERSONAL_DATA = "personal_data"
    INAPPROPRIATE = "inappropriate"
    SPAM = "spam"
    ACUTE = "acute"
    OTHER = "other"


class Flag(db.Model):
    __tablename__ = "forum_flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("forum_post.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    resolution: Mapped[str] = mapped_column(String(20), default="")

    post: Mapped[Post] = relationship(lazy="joined", innerjoin=True)
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id], lazy="joined")


class ModerationAction(db.Model):
    """The moderation log: who did what to which post, and why."""

    __tablename__ = "forum_moderation_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    moderator_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_post.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    moderator: Mapped[User] = relationship(lazy="joined")
    post: Mapped[Post | None] = relationship(lazy="joined")


class Watch(db.Model):
    __tablename__ = "forum_watch"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("forum_post.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NotificationKind(StrEnum):
    MENTION = "mention"
    ANSWER_ON_MY_QUESTION = "answer_on_my_question"
    ANSWER_ON_WATCHED = "answer_on_watched"
    ANSWER_ACCEPTED = "answer_accepted"
    COMMENT_ON_MY_POST = "comment_on_my_post"
    MODERATOR_ACTION = "moderator_action"


class Notification(db.Model):
    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # The actor posted without a name: show the neutral label, never the actor.
    actor_hidden: Mapped[bool] = mapped_column(default=False)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("forum_post.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("forum_post.id", ondelete="CASCADE"))
    detail: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")
    question: Mapped[Post | None] = relationship(foreign_keys=[question_id], lazy="joined")

    __table_args__ = (Index("ix_notification_user_read", "user_id", "read_at"),)


class DangerPhrase(db.Model):
    """Phrases moderators added to the acute-danger list (the built-in list is in code)."""

    __tablename__ = "forum_danger_phrase"

    id: Mapped[int] = mapped_column(primary_key=True)
    phrase: Mapped[str] = mapped_column(String(100), unique=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
