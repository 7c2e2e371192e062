"""Webinars: the schedule, registrations with a waiting list, and the live Q&A."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User
from community.clock import utcnow
from community.extensions import db


class Webinar(db.Model):
    __tablename__ = "webinar"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The author was warned by the privacy guard and confirmed nobody can be recognised.
    privacy_confirmed: Mapped[bool] = mapped_column(default=False)
    speakers: Mapped[str] = mapped_column(String(300), default="")
    # Stored in UTC; shown in Europe/Amsterdam.
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    capacity: Mapped[int] = mapped_column(default=100)
    stream_url: Mapped[str] = mapped_column(String(500), default="")
    recording_url: Mapped[str] = mapped_column(String(500), default="")
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id", ondelete="SET NULL"))
    forum_category_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_category.id", ondelete="SET NULL")
    )
    host_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    questions_need_approval: Mapped[bool] = mapped_column(default=False)
    qa_closed: Mapped[bool] = mapped_column(default=False)
    cancelled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped on every change, for the SEQUENCE of the calendar file.
    revision: Mapped[int] = mapped_column(default=0)
    # When the follow-up mail (recording, Q&A, forum questions) started going out: the host
    # sent it, or `flask webinars send-follow-ups` did after WEBINAR_FOLLOW_UP_HOURS.
    follow_up_sent_at: Mapped[datetime | None]

    host: Mapped[User] = relationship(lazy="joined")


class RegistrationStatus(StrEnum):
    REGISTERED = "registered"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class Registration(db.Model):
    __tablename__ = "webinar_registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinar.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=RegistrationStatus.REGISTERED)
    # When the place in the current status was taken: the waiting list moves up in this order.
    status_since: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reminder_sent_at: Mapped[datetime | None]
    # Claimed in the transaction that queues this person's follow-up mail: sent once.
    follow_up_sent_at: Mapped[datetime | None]
    # When this person got the recording link: with the follow-up when it carried one, or in
    # the short mail that goes once the host adds the recording later. Claimed like the above.
    recording_mailed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("webinar_id", "user_id"),
        Index("ix_webinar_registration_webinar_status", "webinar_id", "status"),
    )


class LiveQuestionStatus(StrEnum):
    PENDING = "pending"  # waiting for a moderator's approval
    VISIBLE = "visible"
    HIDDEN = "hidden"


class LiveQuestion(db.Model):
    __tablename__ = "webinar_question"
    __table_args__ = (
        # A retry after a reconnect or a double click carries the same token: one question.
        UniqueConstraint("webinar_id", "author_id", "client_token"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    webinar_id: Mapped[int] = mapped_column(
        ForeignKey("webinar.id", ondelete="CASCADE"), index=True
    )
    # None once the author is forgotten (erased, or the webinar's archive period is over).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    client_token: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(500))
    anonymous: Mapped[bool] = mapped_column(default=False)
    # The asker was warned by the privacy guard and confirmed nobody can be recognised.
    privacy_confirmed: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default=LiveQuestionStatus.VISIBLE)
    answered: Mapped[bool] = mapped_column(default=False)
    answering: Mapped[bool] = mapped_column(default=False)
    reply: Mapped[str] = mapped_column(String(1000), default="")
    votes: Mapped[int] = mapped_column(default=0)
    # Goes up with every change of `votes`: browsers keep the count with the highest version
    # when coalesced broadcasts from several processes arrive out of order.
    vote_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when a moderator turned it into a forum question after the webinar.
    forum_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_post.id", ondelete="SET NULL")
    )
    # What the asker typed, kept when a moderator first edits the text (typos, identifying
    # details), for moderators and the export; None while nobody edited it.
    original_text: Mapped[str | None] = mapped_column(String(500))
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime | None]

    author: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[author_id])
    # Loaded when read (moderators' payloads), not joined into every question query.
    edited_by: Mapped[User | None] = relationship(foreign_keys=[edited_by_id])


class LiveVote(db.Model):
    __tablename__ = "webinar_question_vote"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("webinar_question.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PollKind(StrEnum):
    SINGLE = "single"  # one option
    MULTIPLE = "multiple"  # several options, optionally at most max_choices
    SCALE = "scale"  # a number from scale_min to scale_max, e.g. 1-5
    WORDS = "words"  # a short free answer, counted as a word cloud


class PollState(StrEnum):
    DRAFT = "draft"  # prepared, attendees do not see it yet
    OPEN = "open"
    CLOSED = "closed"


class Poll(db.Model):
    """A question the host puts to the room during the webinar (prepared before it). Results
    are counts only: no payload, export or archive ties an answer to a person."""

    __tablename__ = "webinar_poll"

    id: Mapped[int] = mapped_column(primary_key=True)
    webinar_id: Mapped[int] = mapped_column(
        ForeignKey("webinar.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(10), default=PollKind.SINGLE)
    question: Mapped[str] = mapped_column(String(300))
    # The options' texts in their order (choice kinds); an answer refers to them by index.
    options: Mapped[list] = mapped_column(JSON, default=list)
    max_choices: Mapped[int | None]
    scale_min: Mapped[int] = mapped_column(default=1)
    scale_max: Mapped[int] = mapped_column(default=5)
    scale_min_label: Mapped[str] = mapped_column(String(40), default="")
    scale_max_label: Mapped[str] = mapped_column(String(40), default="")
    state: Mapped[str] = mapped_column(String(10), default=PollState.DRAFT)
    # Attendees see the results only once the host shows them (host and moderators always).
    results_visible: Mapped[bool] = mapped_column(default=False)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PollAnswer(db.Model):
    """One person's answer to one poll, changed in place while the poll is open. user_id is
    only there for one-answer-per-person; it never leaves the server (None once the person is
    erased: the answer stays counted)."""

    __tablename__ = "webinar_poll_answer"
    __table_args__ = (UniqueConstraint("poll_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("webinar_poll.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # Choice kinds: the chosen option indexes, comma-separated and sorted ("0,2"); a scale: the
    # number; words: the normalised word (lower case, single spaces).
    value: Mapped[str] = mapped_column(String(40))
    # 1 when stored, one more with every change. The poll's results carry the sum over its
    # answers as their version: each stored answer or change adds exactly one, so counts read
    # later never have a lower version, and no answer has to lock the poll to number them.
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
