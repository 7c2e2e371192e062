"""The Week tegen Kindermishandeling: editions (dates and theme), local events submitted by
organisers and reviewed by moderators, and registrations (RSVP) with a waiting list."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User
from community.clock import utcnow
from community.extensions import db


class WeekEdition(db.Model):
    __tablename__ = "week_edition"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    theme: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]


class Audience(StrEnum):
    EVERYONE = "everyone"
    PROFESSIONALS = "professionals"
    PARENTS = "parents"
    YOUTH = "youth"


class EventStatus(StrEnum):
    PENDING = "pending"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"


class RegistrationMode(StrEnum):
    VERBIND = "verbind"
    EXTERNAL = "external"
    NONE = "none"


class TimeAndPlace:
    """When and where, as an event has them and as a change to them proposes them (gemeente and
    province beside these: the event's are indexed for the filters)."""

    # UTC, shown in Europe/Amsterdam.
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    online: Mapped[bool] = mapped_column(default=False)
    online_url: Mapped[str] = mapped_column(String(500), default="")
    venue: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")  # street and number
    postcode: Mapped[str] = mapped_column(String(7), default="")  # "1017 GC"
    # An online event that is a Verbind webinar: its page links to the webinar, where people
    # register and where the live questions and polls are. Indexed: deleting a webinar sets
    # it to NULL here, which scans for it.
    webinar_id: Mapped[int | None] = mapped_column(
        ForeignKey("webinar.id", ondelete="SET NULL"), index=True
    )


class Event(TimeAndPlace, db.Model):
    __tablename__ = "week_event"
    __table_args__ = (Index("ix_week_event_status_starts", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The author was warned by the privacy guard and confirmed nobody can be recognised.
    privacy_confirmed: Mapped[bool] = mapped_column(default=False)
    gemeente: Mapped[str] = mapped_column(String(100), default="", index=True)
    province: Mapped[str] = mapped_column(String(30), default="", index=True)
    audience: Mapped[str] = mapped_column(String(20), default=Audience.EVERYONE)
    organisation: Mapped[str] = mapped_column(String(150), default="")
    capacity: Mapped[int | None]
    contact: Mapped[str] = mapped_column(String(200), default="")
    registration_mode: Mapped[str] = mapped_column(String(10), default=RegistrationMode.NONE)
    external_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default=EventStatus.PENDING)
    review_note: Mapped[str] = mapped_column(String(1000), default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    revision: Mapped[int] = mapped_column(default=0)
    # When a moderator last approved a new time or place of the published event ("gewijzigd op").
    changed_at: Mapped[datetime | None]
    # The start before the last approved change of time (schema.org's previousStartDate; the
    # event counts as rescheduled).
    previous_starts_at: Mapped[datetime | None]
    # A cancelled event stays public, marked as cancelled, so nobody travels to it in vain.
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str] = mapped_column(String(1000), default="")

    organiser: Mapped[User] = relationship(foreign_keys=[organiser_id], lazy="joined")
    pending_change: Mapped["EventChange | None"] = relationship(
        back_populates="event", cascade="all, delete-orphan", uselist=False
    )

    @property
    def is_public(self):
        return self.status == EventStatus.APPROVED

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None


class EventChange(TimeAndPlace, db.Model):
    """A new time or place for a published event, waiting for a moderator. Until approved the
    event keeps its published time and place (page, feeds, registrants' calendars), and its
    Verbind webinar: a change that links, changes or unlinks one carries how people are to
    register with it, since a webinar decides that (registration_mode None: as published)."""

    __tablename__ = "week_event_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("week_event.id", ondelete="CASCADE"), unique=True
    )
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    gemeente: Mapped[str] = mapped_column(String(100), default="")
    province: Mapped[str] = mapped_column(String(30), default="")
    registration_mode: Mapped[str | None] = mapped_column(String(10))
    external_url: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int | None]

    event: Mapped[Event] = relationship(back_populates="pending_change")


class EventRegistrationStatus(StrEnum):
    REGISTERED = "registered"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class EventRegistration(db.Model):
    __tablename__ = "week_event_registration"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("week_event.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12), default=EventRegistrationStatus.REGISTERED)
    status_since: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")
