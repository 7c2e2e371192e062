"""Erasing an account (AVG article 17): each feature forgets the person through its own
`forget_user`, the mail outbox forgets their address, and the account row loses every personal
detail. What others build on stays readable without a name: forum posts and their history,
votes (scores do not change), live questions (without name), certificates (verifiable by code,
without name), events they organised (without contact details).

The account row stays as a tombstone when something still points to it (a post, a vote, an
event), so those keep their author without a shared placeholder; otherwise it goes. Every
erasure is logged in `account_erasure` with the account's number, never its name.
"""

import secrets

from flask_babel import gettext as _
from sqlalchemy import exists, func, select, update

from community import access_log, data_rights
from community.accounts.models import (
    ERASED_NAME,
    AccountErasure,
    EmailNotifications,
    ErasureCause,
    Function,
    User,
    UserRole,
    Verification,
    new_session_token,
)
from community.accounts.services import AccountError, password_matches
from community.clock import utcnow
from community.events import services as event_services
from community.extensions import db
from community.forum import services as forum_services
from community.live import disconnect_user
from community.outbox import forget_person
from community.permissions import Role
from community.webinars import services as webinar_services
from courses import services as course_services

# An address that can receive no mail (RFC 2606 reserves .invalid) and is unique per account.
ERASED_EMAIL_DOMAIN = "erased.invalid"


def ensure_may_erase(user):
    """AccountError when erasing `user` would leave Verbind without an administrator."""
    if user.has_role(Role.ADMIN) and _admin_count() <= 1:
        raise AccountError(
            _(
                "This is the only administrator account. Make someone else administrator "
                "first; then this account can be deleted."
            ),
            status=409,
        )


def erase_own_account(user, password):
    """The person deletes their own account, proving it is them with their password."""
    if not password_matches(user.password_hash, password or ""):
        raise AccountError(_("Your password is not correct."), field="password")
    return erase_account(user, cause=ErasureCause.OWN_REQUEST)


def erase_account(user, *, cause, by=None, reason="", now=None):
    """Erase `user` and everything personal about them, log it, commit. Safe to run again on
    an account that is already erased (a run that stopped halfway is finished). Returns the
    log entry."""
    ensure_may_erase(user)
    now = now or utcnow()
    user_id, address, handle, name = user.id, user.email, user.handle, user.stored_name
    forum_services.forget_user(user_id, handle=handle)
    course_services.forget_user(user_id)
    webinar_services.forget_user(user_id, now=now)
    event_services.forget_user(user_id, now=now)
    forget_person(address, words=(name, f"@{handle}"), replacement=str(ERASED_NAME))
    data_rights.discard_exports(user_id)  # the ZIPs on disk too, not only their rows
    access_log.forget_subject(user_id)
    _scrub(user, now)
    entry = AccountErasure(
        account_id=user_id,
        cause=ErasureCause(cause),
        # The account's own request names nobody; an administrator is named.
        erased_by_id=by.id if by is not None and by.id != user_id else None,
        reason=(reason or "").strip()[:500],
        created_at=now,
    )
    db.session.add(entry)
    db.session.flush()
    if not _still_referenced(user_id):
        db.session.delete(user)
    db.session.commit()
    # Open live pages of this person stop at once (their session is gone already).
    disconnect_user(user_id)
    return entry


def _scrub(user, now):
    """The account row without anything that says who it was; it can never log in again."""
    user.stored_name = ""
    user.email = f"erased-{secrets.token_hex(12)}@{ERASED_EMAIL_DOMAIN}"
    # No hash method: Werkzeug's check never accepts it.
    user.password_hash = "!erased"  # noqa: S105
    user.organisation = ""
    user.function = Function.OTHER
    user.gemeente = ""
    user.handle = f"erased_{secrets.token_hex(8)}"
    user.notify_email = EmailNotifications.OFF
    user.email_confirmed_at = None
    user.last_login_at = None
    user.retention_warned_at = None
    user.verification = Verification.NOT_REQUESTED
    user.verification_requested_at = None
    user.verification_decided_at = None
    user.verification_decided_by_id = None
    user.verification_note = ""
    user.role_rows = []
    # Every session (cookie or remember-me) names this token: they all end.
    user.session_token = new_session_token()
    user.active = False
    if user.erased_at is None:
        user.erased_at = now
    db.session.execute(
        update(UserRole).where(UserRole.granted_by_id == user.id).values(granted_by_id=None)
    )


def _still_referenced(user_id):
    """Whether any row other than the account's own roles points to the account."""
    for table in db.metadata.sorted_tables:
        if table.name == UserRole.__tablename__:
            continue
        for column in table.columns:
            points_to_users = any(
                key.column.table.name == User.__tablename__ for key in column.foreign_keys
            )
            if points_to_users and db.session.scalar(select(exists().where(column == user_id))):
                return True
    return False


def erasure_log():
    """A select() of the erasure log, newest first."""
    return select(AccountErasure).order_by(
        AccountErasure.created_at.desc(), AccountErasure.id.desc()
    )


def _admin_count():
    return db.session.scalar(
        select(func.count()).select_from(UserRole).where(UserRole.role == Role.ADMIN)
    )
