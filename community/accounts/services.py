"""Account rules as plain functions: register, authenticate, passwords, verification, roles,
finding users.

Views and CLI commands call these; tests call them directly.
"""

from enum import Enum

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from community.accounts.models import (
    EmailNotifications,
    Function,
    User,
    UserRole,
    Verification,
    new_session_token,
    normalise_email,
)
from community.accounts.tokens import make_confirmation_token, make_reset_token
from community.clock import utcnow
from community.errors import UserError
from community.extensions import db
from community.mail import absolute_url, send_mail
from community.offload import password_off_loop
from community.permissions import GRANTABLE_ROLES, Role, roles_grantable_by

# A few passwords people pick first; longer lists belong in a breach check, this stops the worst.
COMMON_PASSWORDS = frozenset(
    {
        "wachtwoord", "wachtwoord1", "wachtwoord123", "welkom01", "welkom123", "password",
        "password1", "password123", "1234567890", "12345678910", "qwertyuiop", "qwerty1234",
        "iloveyou12", "abcdefghij", "azertyuiop", "zomer2026!", "winter2026", "verbind123",
        "veiligthuis", "kindcheck1", "meldcode123", "voetbal123", "geheim1234",
    }
)  # fmt: skip


class AccountError(UserError):
    """A problem with an account the user can fix."""


class LoginProblem(Enum):
    WRONG_CREDENTIALS = "wrong_credentials"
    UNCONFIRMED = "unconfirmed"
    DEACTIVATED = "deactivated"


def hash_password(password):
    method = current_app.config["PASSWORD_HASH_METHOD"]
    return password_off_loop(generate_password_hash, password, method=method)


def password_matches(password_hash, password):
    """Whether `password` is the one behind `password_hash`: every password check goes here,
    so none runs on the event loop (community/offload.py)."""
    return password_off_loop(check_password_hash, password_hash, password)


def password_problems(password, *, email="", name=""):
    """Why a new password is too weak, as messages; an empty list means it is fine."""
    problems = []
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        problems.append(_("Use at least %(count)d characters.", count=minimum))
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(password)) < 4:
        problems.append(_("This password is too easy to guess; choose a less common one."))
    local_part = normalise_email(email).split("@")[0]
    personal = [part for part in [local_part, *name.lower().split()] if len(part) >= 4]
    if any(part in lowered for part in personal):
        problems.append(_("Do not use your name or e-mail address in your password."))
    return problems


def register_account(
    *,
    name,
    email,
    password,
    organisation="",
    function=Function.OTHER,
    gemeente="",
    request_verification=False,
    locale="nl",
    next_path=None,
):
    """Sign up with an address and mail it; returns whether the mail was handed over.

    A new address gets an unconfirmed account and the confirmation link. An address that already
    has an account gets a note to its owner instead, and the account stays as it is. Both give the
    caller the same answer, so the form does not tell strangers who has an account here.
    `next_path` (a local path, already checked) is where confirming the address leads.
    """
    # Checked and hashed first for both, so a weak password (and the time taken) is the same.
    user = _new_user(
        name=name,
        email=email,
        password=password,
        organisation=organisation.strip(),
        function=Function(function),
        gemeente=gemeente.strip(),
        locale=locale,
    )
    owner = User.by_email(email)
    if owner is not None:
        return send_account_exists_mail(owner, next_path=next_path)
    if request_verification:
        user.verification = Verification.PENDING
        user.verification_requested_at = utcnow()
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        # The same address was signed up at the same moment: that one won, so this address
        # now has an account, and its owner gets the same note as above.
        db.session.rollback()
        return send_account_exists_mail(User.by_email(email), next_path=next_path)
    # The account and its confirmation mail are committed together.
    return send_confirmation_mail(user, next_path=next_path)


def _new_user(*, name, email, password, **fields):
    """A new User with a checked, hashed password (not yet added to the session)."""
    problems = password_problems(password, email=email, name=name)
    if problems:
        raise AccountError(" ".join(problems), field="password")
    return User(
        name=name.strip(),
        email=normalise_email(email),
        password_hash=hash_password(password),
        **fields,
    )


def authenticate(email, password):
    """(user, None) when the login may proceed, else (None or user, LoginProblem)."""
    user = User.by_email(email)
    # Spend the same time on an unknown address, so response time does not reveal accounts.
    stored_hash = user.password_hash if user is not None else _dummy_hash()
    # The check takes ~100 ms in a thread, and in a burst of logins waits its turn there
    # (community/offload.py): give the database connection back first, or the waiting logins
    # hold every connection of the pool and the live rooms' events wait for one.
    db.session.rollback()
    if not password_matches(stored_hash, password) or user is None:
        return None, LoginProblem.WRONG_CREDENTIALS
    if not user.active:
        return user, LoginProblem.DEACTIVATED
    if not user.email_confirmed:
        return user, LoginProblem.UNCONFIRMED
    return user, None


_dummy_hashes = {}


def _dummy_hash():
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _dummy_hashes:
        _dummy_hashes[method] = password_off_loop(
            generate_password_hash, "not-a-real-password", method=method
        )
    return _dummy_hashes[method]


def record_login(user):
    user.last_login_at = utcnow()
    # Back: the account is no longer up for removal for inactivity (community/retention.py).
    user.retention_warned_at = None
    db.session.commit()


def confirm_email(user):
    """Mark the address confirmed; returns False when it already was (the link was used)."""
    if user.email_confirmed:
        return False
    user.email_confirmed_at = utcnow()
    db.session.commit()
    return True


def set_password(user, new_password):
    """Replace the password and end every other session of this user."""
    problems = password_problems(new_password, email=user.email, name=user.name)
    if problems:
        raise AccountError(" ".join(problems), field="password")
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()
    db.session.commit()


def change_password(user, current_password, new_password):
    if not password_matches(user.password_hash, current_password):
        raise AccountError(_("Your current password is not correct."), field="current_password")
    set_password(user, new_password)


def handle_taken(handle, *, except_user):
    query = select(func.count()).select_from(User).where(User.handle == handle.lower())
    return db.session.scalar(query.where(User.id != except_user.id)) > 0


def update_profile(
    user, *, name, organisation, function, gemeente, locale, handle=None, notify_email=None
):
    if handle is not None:
        handle = handle.strip().lower()
        if handle_taken(handle, except_user=user):
            raise AccountError(_("This mention name is already taken."), field="handle")
        user.handle = handle
    if notify_email in set(EmailNotifications):
        user.notify_email = notify_email
    user.name = name.strip()
    user.organisation = organisation.strip()
    user.function = Function(function)
    user.gemeente = gemeente.strip()
    if locale in current_app.config["LANGUAGES"]:
        user.locale = locale
    db.session.commit()


def request_verification(user):
    if user.has_role(Role.PROFESSIONAL):
        raise AccountError(_("You are already a verified professional."))
    if user.verification == Verification.PENDING:
        raise AccountError(_("Your request is already waiting for a moderator."))
    user.verification = Verification.PENDING
    user.verification_requested_at = utcnow()
    user.verification_note = ""
    db.session.commit()


def verify_professional(user, *, by):
    _ensure_may_grant(by, Role.PROFESSIONAL)
    _add_role(user, Role.PROFESSIONAL, by)
    user.verification = Verification.VERIFIED
    user.verification_decided_at = utcnow()
    user.verification_decided_by_id = by.id
    user.verification_note = ""
    with force_locale(user.locale):
        send_mail(
            user.email,
            _("You are now a verified professional on Verbind"),
            "verified",
            user=user,
        )
    db.session.commit()


def decline_verification(user, *, by, note):
    _ensure_may_grant(by, Role.PROFESSIONAL)
    if user.verification != Verification.PENDING:
        raise AccountError(_("There is no pending request for this account."))
    user.verification = Verification.DECLINED
    user.verification_decided_at = utcnow()
    user.verification_decided_by_id = by.id
    user.verification_note = note.strip()
    with force_locale(user.locale):
        send_mail(
            user.email,
            _("Your verification request on Verbind"),
            "verification_declined",
            user=user,
        )
    db.session.commit()


def set_roles(user, wanted_roles, *, by):
    """Grant and revoke roles so that, of the roles `by` may manage, user has exactly `wanted`."""
    manageable = set(roles_grantable_by(by))
    wanted = {Role(role) for role in wanted_roles}
    if not wanted <= manageable:
        raise AccountError(_("You may not grant these roles."))
    current = {Role(row.role) for row in user.role_rows}
    removing = (current & manageable) - wanted
    if Role.ADMIN in removing and _admin_count() <= 1:
        raise AccountError(_("Verbind needs at least one administrator."))
    for role in wanted - current:
        _add_role(user, role, by)
    user.role_rows = [row for row in user.role_rows if Role(row.role) not in removing]
    if Role.PROFESSIONAL in removing:
        user.verification = Verification.NOT_REQUESTED
    if Role.PROFESSIONAL in wanted - current:
        user.verification = Verification.VERIFIED
        user.verification_decided_at = utcnow()
        user.verification_decided_by_id = by.id
    db.session.commit()


def set_active(user, active, *, by):
    """Deactivate (and log out everywhere) or reactivate an account."""
    if user.id == by.id and not active:
        raise AccountError(_("You cannot deactivate your own account."))
    if not active and user.has_role(Role.ADMIN) and _admin_count() <= 1:
        raise AccountError(_("Verbind needs at least one administrator."))
    user.active = active
    if not active:
        user.session_token = new_session_token()
    db.session.commit()


def grant_role(user, role, *, by=None):
    """Add one role (no permission check: for the CLI and the demo loader)."""
    _add_role(user, Role(role), by)
    if Role(role) == Role.PROFESSIONAL:
        user.verification = Verification.VERIFIED
    db.session.commit()


def _add_role(user, role, by):
    if role not in GRANTABLE_ROLES:
        raise AccountError(_("Unknown role."))
    if not user.has_role(role):
        user.role_rows.append(UserRole(role=role, granted_by_id=by.id if by else None))


def _ensure_may_grant(by, role):
    if role not in roles_grantable_by(by):
        raise AccountError(_("You may not grant these roles."))


def _admin_count():
    return db.session.scalar(
        select(func.count()).select_from(UserRole).where(UserRole.role == Role.ADMIN)
    )


# --- finding users (the administration's list) -------------------------------------------------


USER_FILTERS = ("all", "pending", "professional", "organiser", "moderator", "admin", "unconfirmed")


def users_matching(query_text="", user_filter="all"):
    """A select() of users matching a search text and one of USER_FILTERS, newest first."""
    # Erased accounts are no one any more (their log is on its own page).
    query = (
        select(User)
        .where(User.erased_at.is_(None))
        .order_by(User.created_at.desc(), User.id.desc())
    )
    text = query_text.strip().lower()
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        query = query.where(
            or_(
                func.lower(User.name).like(like),
                User.email.like(like),
                func.lower(User.organisation).like(like),
                func.lower(User.gemeente).like(like),
            )
        )
    if user_filter == "pending":
        query = (
            query.where(User.verification == Verification.PENDING)
            .order_by(None)
            .order_by(User.verification_requested_at.asc(), User.id.asc())
        )
    elif user_filter == "unconfirmed":
        query = query.where(User.email_confirmed_at.is_(None))
    elif user_filter in ("professional", "organiser", "moderator", "admin"):
        query = query.where(
            User.id.in_(select(UserRole.user_id).where(UserRole.role == user_filter))
        )
    return query


def pending_verification_count():
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.verification == Verification.PENDING)
    )


def send_confirmation_mail(user, next_path=None):
    """Mail the confirmation link (queued in the outbox and committed, with what the session
    holds, such as a new account). Opening it leads on to `next_path` once confirmed."""
    token = make_confirmation_token(user, next_path)
    link = absolute_url("accounts.confirm_email", token=token)
    with force_locale(user.locale):
        queued = send_mail(
            user.email,
            _("Confirm your e-mail address for Verbind"),
            "confirm",
            user=user,
            link=link,
        )
    db.session.commit()
    return queued


def send_account_exists_mail(user, next_path=None):
    """Tell the owner someone tried to register with their address, and how to get back in."""
    with force_locale(user.locale):
        queued = send_mail(
            user.email,
            _("You already have an account on Verbind"),
            "account_exists",
            user=user,
            login_link=absolute_url("accounts.login", next=next_path),
            reset_link=absolute_url("accounts.request_reset"),
        )
    db.session.commit()
    return queued


def send_reset_mail(user):
    token = make_reset_token(user)
    link = absolute_url("accounts.reset_password", token=token)
    hours = current_app.config["RESET_TOKEN_MAX_AGE"] // 3600
    with force_locale(user.locale):
        queued = send_mail(
            user.email,
            _("Reset your Verbind password"),
            "reset",
            user=user,
            link=link,
            hours=hours,
        )
    db.session.commit()
    return queued


def create_admin(*, name, email, password):
    """Create a confirmed administrator, or make an existing account one (for the CLI)."""
    user = User.by_email(email)
    if user is None:
        user = _new_user(name=name, email=email, password=password, email_confirmed_at=utcnow())
        db.session.add(user)
        db.session.flush()
    grant_role(user, Role.ADMIN)
    return user


# --- personal data (the person's export, community/data_rights.py) -----------------------------


def personal_data(user_id):
    """{"account": [...], "profile": [...]}: what the account holds about its owner."""
    user = db.session.get(User, user_id)
    if user is None:
        return {"account": [], "profile": []}
    account = {
        "id": user.id,
        "email": user.email,
        "created_at": user.created_at,
        "email_confirmed_at": user.email_confirmed_at,
        "last_login_at": user.last_login_at,
        "active": user.active,
        "roles": [{"role": row.role, "granted_at": row.granted_at} for row in user.role_rows],
        "verification": user.verification,
        "verification_requested_at": user.verification_requested_at,
        "verification_decided_at": user.verification_decided_at,
        "verification_note": user.verification_note,
    }
    profile = {
        "name": user.name,
        "handle": user.handle,
        "organisation": user.organisation,
        "function": user.function,
        "gemeente": user.gemeente,
        "locale": user.locale,
        "notify_email": user.notify_email,
    }
    return {"account": [account], "profile": [profile]}


# --- erasure, for the administration (the work is in community/accounts/erasure.py) ------------


def erase_at_request(user, *, by, reason):
    """An administrator erases `user`, who asked by other means; logged with `reason`."""
    # Imported here: erasure asks every feature's services, which import this module.
    from community.accounts import erasure

    # The log outlives the account: a reason that names the person would undo the erasure.
    said = (reason or "").casefold()
    if any(part and part.casefold() in said for part in (user.name, user.email, user.handle)):
        raise AccountError(
            _(
                "Write the reason without the person's name, e-mail address or mention name: "
                "the log keeps it after the account is gone."
            ),
            field="reason",
        )
    return erasure.erase_account(user, cause="admin", by=by, reason=reason)


def erasure_log():
    """A select() of the erasure log, newest first."""
    from community.accounts import erasure

    return erasure.erasure_log()


def users_by_session_token(session_tokens):
    """{session token: user} with their roles in the same query: asked on every request and for
    every socket connection."""
    users = db.session.scalars(
        select(User)
        .options(joinedload(User.role_rows))
        .where(User.session_token.in_(session_tokens))
    ).unique()
    return {user.session_token: user for user in users}
