"""The access log: a row each time a moderator or administrator opens someone's personal data
(verification requests, who asked without a name, registration lists and their exports, user
pages). The person reads these rows in their data export; administrators at /admin/access-log.

One INSERT per page view, however many people the page shows (an executemany of plain rows).
No IP address is stored: who looked, whose data, what, and when is what the person needs.
"""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, delete, insert, select
from sqlalchemy.orm import Mapped, aliased, mapped_column, relationship

from community.accounts.models import User
from community.clock import utcnow
from community.extensions import db


class AccessKind(StrEnum):
    """What was opened. Values are stored (at most 40 characters); never rename one."""

    VERIFICATION_QUEUE = "verification_queue"
    USER_LIST = "user_list"
    USER_PAGE = "user_page"
    ANONYMOUS_AUTHOR = "anonymous_author"
    LIVE_QUESTION_AUTHOR = "live_question_author"
    EVENT_REGISTRATIONS = "event_registrations"
    EVENT_REGISTRATIONS_CSV = "event_registrations_csv"
    EXTRA_ATTEMPTS = "extra_attempts"


ACCESS_KIND_LABELS = {
    AccessKind.VERIFICATION_QUEUE: _l("Verification requests (name, organisation, work field)"),
    AccessKind.USER_LIST: _l("The list of accounts (name, e-mail address)"),
    AccessKind.USER_PAGE: _l("Your account page in the administration"),
    AccessKind.ANONYMOUS_AUTHOR: _l("Who wrote a forum post without a name"),
    AccessKind.LIVE_QUESTION_AUTHOR: _l("Who asked a webinar question without a name"),
    AccessKind.EVENT_REGISTRATIONS: _l("The registration list of a Week event"),
    AccessKind.EVENT_REGISTRATIONS_CSV: _l("A download of the registration list of a Week event"),
    AccessKind.EXTRA_ATTEMPTS: _l("Extra quiz attempts given to learners (name, e-mail address)"),
}


class AccessLogEntry(db.Model):
    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept when the viewer's account goes: the entry still says that someone looked.
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(String(40))
    # Which object, in words a person recognises ("Week event 12: Open avond"); no personal data.
    detail: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    # Both people in the query of the admin page (one query per page).
    viewer: Mapped[User | None] = relationship(foreign_keys=[viewer_id], lazy="joined")
    subject: Mapped[User] = relationship(foreign_keys=[subject_id], lazy="joined")

    __table_args__ = (Index("ix_access_log_subject_created", "subject_id", "created_at"),)

    @property
    def what_label(self):
        return ACCESS_KIND_LABELS.get(self.what, self.what)


def log_access(viewer, subject_user_ids, what, detail=""):
    """Record that `viewer` opened the personal data of these users, and commit.

    One statement for the whole page; the viewer's own data and repeats are left out. Call it
    from the view (a GET, which changes nothing else) once the page's data is read."""
    subjects = sorted({int(i) for i in subject_user_ids if i is not None} - {viewer.id})
    if not subjects:
        return 0
    now = utcnow()
    db.session.execute(
        insert(AccessLogEntry),
        [
            {
                "viewer_id": viewer.id,
                "subject_id": subject,
                "what": AccessKind(what).value,
                "detail": detail[:200],
                "created_at": now,
            }
            for subject in subjects
        ],
    )
    # The page's objects stay loaded: expiring them at this commit would load every row of
    # the list again, one query each, when the template reads it.
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire
    return len(subjects)


def access_log_query():
    """A select() of entries with both people, newest first, for the admin page."""
    return select(AccessLogEntry).order_by(
        AccessLogEntry.created_at.desc(), AccessLogEntry.id.desc()
    )


def forget_subject(user_id):
    """Erasing an account: who looked at this person's data goes with the data (entries in
    which they looked at others stay, naming the erased account). Not committed."""
    db.session.execute(delete(AccessLogEntry).where(AccessLogEntry.subject_id == user_id))


def personal_data(user_id):
    """{"access_log": [...]}: who opened this person's data, for their export."""
    viewer = aliased(User)
    rows = db.session.execute(
        select(AccessLogEntry, viewer.name)
        .outerjoin(viewer, viewer.id == AccessLogEntry.viewer_id)
        .where(AccessLogEntry.subject_id == user_id)
        .order_by(AccessLogEntry.created_at, AccessLogEntry.id)
    ).all()
    return {
        "access_log": [
            {
                "when": entry.created_at,
                "viewer": name,
                "what": entry.what,
                "what_label": str(entry.what_label),
                "detail": entry.detail,
            }
            for entry, name in rows
        ]
    }
