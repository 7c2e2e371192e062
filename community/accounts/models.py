"""Users, their roles and their professional verification."""

import re
import secrets
import unicodedata
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, event, select, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.clock import utcnow
from community.extensions import db
from community.permissions import Role


def normalise_email(email):
    return (email or "").strip().lower()


def new_session_token():
    return secrets.token_urlsafe(32)


class Function(StrEnum):
    """The professional field (werkveld) a user works in, chosen from a fixed list at
    registration: the sectors whose professionals work with the meldcode. Values are stored
    (at most 20 characters); a value once used is never renamed without a data migration."""

    WIJKTEAM = "wijkteam"
    JGZ = "jgz"
    KINDEROPVANG = "kinderopvang"
    ONDERWIJS = "onderwijs"
    JEUGDHULP = "jeugdhulp"
    JEUGDBESCHERMING = "jeugdbescherming"
    GGZ = "ggz"
    VERSLAVINGSZORG = "verslavingszorg"
    HUISARTS = "huisarts"
    ZIEKENHUIS = "ziekenhuis"
    GEBOORTEZORG = "geboortezorg"
    GEHANDICAPTENZORG = "gehandicaptenzorg"
    OPVANG = "opvang"
    POLITIE = "politie"
    VEILIG_THUIS = "veilig_thuis"
    GEMEENTE = "gemeente"
    OTHER = "other"


# In the order of the list above, which the registration form shows.
FUNCTION_LABELS = {
    Function.WIJKTEAM: _l("Neighbourhood team or social team (wijkteam)"),
    Function.JGZ: _l("Youth health care (JGZ)"),
    Function.KINDEROPVANG: _l("Childcare (kinderopvang)"),
    Function.ONDERWIJS: _l("Education (onderwijs)"),
    Function.JEUGDHULP: _l("Youth care (jeugdhulp)"),
    Function.JEUGDBESCHERMING: _l("Child protection or youth probation"),
    Function.GGZ: _l("Mental health care (GGZ)"),
    Function.VERSLAVINGSZORG: _l("Addiction care (verslavingszorg)"),
    Function.HUISARTS: _l("General practice (huisartsenpraktijk)"),
    Function.ZIEKENHUIS: _l("Hospital (ziekenhuis)"),
    Function.GEBOORTEZORG: _l("Midwifery or maternity care"),
    Function.GEHANDICAPTENZORG: _l("Care for people with disabilities"),
    Function.OPVANG: _l("Shelter or women's shelter (opvang)"),
    Function.POLITIE: _l("Police (politie)"),
    Function.VEILIG_THUIS: _l("Veilig Thuis"),
    Function.GEMEENTE: _l("Municipality (gemeente)"),
    Function.OTHER: _l("Other"),
}


class EmailNotifications(StrEnum):
    EACH = "each"
    DIGEST = "digest"
    OFF = "off"


EMAIL_NOTIFICATION_LABELS = {
    EmailNotifications.EACH: _l("An e-mail for each notification"),
    EmailNotifications.DIGEST: _l("One e-mail a day with a summary"),
    EmailNotifications.OFF: _l("No e-mail; I look on the site"),
}

HANDLE_PATTERN = re.compile(r"^[a-z0-9_]{3,30}$")


def handle_from_name(name):
    """'Sanne de Boer' -> 'sannedeboer': lower-case ASCII letters and digits only."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    handle = re.sub(r"[^a-z0-9]", "", ascii_name.lower())[:24]
    return handle if len(handle) >= 3 else f"lid{handle}"


class Verification(StrEnum):
    """Where a user stands in becoming a verified professional."""

    NOT_REQUESTED = "not_requested"
    PENDING = "pending"
    VERIFIED = "verified"
    DECLINED = "declined"


class UserRole(db.Model):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


# What pages, exports and live payloads show where an erased account's name was.
ERASED_NAME = _l("deleted user")


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Read and written as `name` (below), which shows ERASED_NAME for an erased account.
    stored_name: Mapped[str] = mapped_column("name", String(100))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    organisation: Mapped[str] = mapped_column(String(150), default="")
    function: Mapped[str] = mapped_column(String(20), default=Function.OTHER)
    gemeente: Mapped[str] = mapped_column(String(100), default="")
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    email_confirmed_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # Changing this logs the user out everywhere: it is what the session cookie remembers.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    active: Mapped[bool] = mapped_column(default=True)

    verification: Mapped[str] = mapped_column(String(20), default=Verification.NOT_REQUESTED)
    verification_requested_at: Mapped[datetime | None]
    verification_decided_at: Mapped[datetime | None]
    verification_decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    verification_note: Mapped[str] = mapped_column(String(500), default="")

    # The name others use to @mention this user; given at creation (see _give_handle).
    handle: Mapped[str] = mapped_column(String(30), unique=True)
    # How notifications reach this user by e-mail: each one, a daily digest, or not at all.
    notify_email: Mapped[str] = mapped_column(String(10), default="digest")
    # Erased (community/accounts/erasure.py): the row stays, without personal data, as the
    # author of posts and the voter of votes that stay; everything shows "deleted user".
    erased_at: Mapped[datetime | None]
    # When the mail "your account will be removed for inactivity" went out (retention.py);
    # a login clears it.
    retention_warned_at: Mapped[datetime | None]

    role_rows: Mapped[list[UserRole]] = relationship(
        foreign_keys=[UserRole.user_id],
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by=UserRole.role,
    )

    def __repr__(self):
        return f"<User {self.id}>"

    @hybrid_property
    def name(self):
        return str(ERASED_NAME) if self.erased_at is not None else self.stored_name

    @name.inplace.setter
    def _name_setter(self, value):
        self.stored_name = value

    @name.inplace.expression
    @classmethod
    def _name_expression(cls):
        return cls.stored_name

    @property
    def is_erased(self):
        return self.erased_at is not None

    # Flask-Login asks these.
    def get_id(self):
        return self.session_token

    @property
    def is_active(self):
        return self.active

    @property
    def email_confirmed(self):
        return self.email_confirmed_at is not None

    @property
    def role_names(self):
        """Granted roles plus member, which every account has."""
        return {Role.MEMBER, *(Role(row.role) for row in self.role_rows)}

    def has_role(self, role):
        return Role(role) in self.role_names

    @property
    def function_label(self):
        return FUNCTION_LABELS.get(self.function, self.function)

    @classmethod
    def by_email(cls, email):
        # Addresses are stored lower-cased (see normalise_email), so the unique index applies.
        return db.session.scalar(select(cls).where(cls.email == normalise_email(email)))


@event.listens_for(User, "before_insert")
def _give_handle(mapper, connection, user):
    """Every account gets a unique @handle derived from its name, numbered when taken."""
    if user.handle:
        return
    base = handle_from_name(user.stored_name or "")
    taken = set(
        connection.execute(
            text('SELECT handle FROM "user" WHERE handle LIKE :prefix'), {"prefix": base + "%"}
        ).scalars()
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    user.handle = candidate


class ErasureCause(StrEnum):
    OWN_REQUEST = "own_request"  # the person, on their profile
    ADMIN = "admin"  # an administrator, for someone who asked by other means
    UNCONFIRMED = "unconfirmed"  # retention: never confirmed the address
    INACTIVE = "inactive"  # retention: no login for years, warned and still away


ERASURE_CAUSE_LABELS = {
    ErasureCause.OWN_REQUEST: _l("At their own request, on their profile"),
    ErasureCause.ADMIN: _l("By an administrator"),
    ErasureCause.UNCONFIRMED: _l("Address never confirmed"),
    ErasureCause.INACTIVE: _l("Inactive"),
}


class AccountErasure(db.Model):
    """The erasure log: which account (by number only), when, why, and who did it. The account
    row itself holds no personal data any more, or is gone."""

    __tablename__ = "account_erasure"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A plain number, no foreign key: the row it named may have been deleted.
    account_id: Mapped[int] = mapped_column(index=True)
    cause: Mapped[str] = mapped_column(String(20))
    erased_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    erased_by: Mapped[User | None] = relationship(foreign_keys=[erased_by_id], lazy="joined")

    @property
    def cause_label(self):
        return ERASURE_CAUSE_LABELS.get(self.cause, self.cause)
