"""Roles and who may do what: the one place that decides, asked by views, templates and sockets.

Rules about one object (who may edit this event, moderate this webinar) are in each feature's
`policies` module, built on `can`."""

from enum import StrEnum
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user


class Role(StrEnum):
    MEMBER = "member"
    PROFESSIONAL = "professional"
    ORGANISER = "organiser"
    MODERATOR = "moderator"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.MEMBER: _l("Member"),
    Role.PROFESSIONAL: _l("Verified professional"),
    Role.ORGANISER: _l("Organiser"),
    Role.MODERATOR: _l("Moderator"),
    Role.ADMIN: _l("Administrator"),
}

# Every user is a member; the other roles are granted.
GRANTABLE_ROLES = (Role.PROFESSIONAL, Role.ORGANISER, Role.MODERATOR, Role.ADMIN)


class Permission(StrEnum):
    # Every active account has it: for what only needs a logged-in member (registering for an
    # event, one's own profile) and for routes where a per-object policy decides (the organiser
    # or a moderator edits an event), rather than borrowing a feature's permission.
    MEMBER_AREA = "member_area"
    READ_FORUM = "read_forum"
    POST_IN_FORUM = "post_in_forum"
    MODERATE_FORUM = "moderate_forum"
    TAKE_COURSES = "take_courses"
    MANAGE_COURSES = "manage_courses"
    ATTEND_WEBINARS = "attend_webinars"
    SCHEDULE_WEBINARS = "schedule_webinars"
    MODERATE_WEBINARS = "moderate_webinars"
    SUBMIT_EVENTS = "submit_events"
    APPROVE_EVENTS = "approve_events"
    VERIFY_PROFESSIONALS = "verify_professionals"
    VIEW_USERS = "view_users"
    GRANT_ROLES = "grant_roles"
    DEACTIVATE_ACCOUNTS = "deactivate_accounts"
    # Erase someone's account at their request made elsewhere, and read the erasure log.
    ERASE_ACCOUNTS = "erase_accounts"
    # The mail outbox: failed and waiting mail, and sending it again (admins only).
    MANAGE_MAIL = "manage_mail"
    # Who opened whose personal data (community/access_log.py; admins only).
    VIEW_ACCESS_LOG = "view_access_log"


_MEMBER = {
    Permission.MEMBER_AREA,
    Permission.READ_FORUM,
    Permission.TAKE_COURSES,
    Permission.ATTEND_WEBINARS,
}
_MODERATOR = {
    Permission.POST_IN_FORUM,
    Permission.MODERATE_FORUM,
    Permission.MODERATE_WEBINARS,
    Permission.APPROVE_EVENTS,
    Permission.VERIFY_PROFESSIONALS,
    Permission.VIEW_USERS,
    Permission.MANAGE_COURSES,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.MEMBER: frozenset(_MEMBER),
    Role.PROFESSIONAL: frozenset(_MEMBER | {Permission.POST_IN_FORUM}),
    Role.ORGANISER: frozenset(_MEMBER | {Permission.SUBMIT_EVENTS, Permission.SCHEDULE_WEBINARS}),
    Role.MODERATOR: frozenset(_MEMBER | _MODERATOR),
    Role.ADMIN: frozenset(Permission),
}


def permissions_for_roles(roles):
    """All permissions granted by a collection of role names."""
    granted = set(ROLE_PERMISSIONS[Role.MEMBER])
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(Role(role), frozenset())
    return frozenset(granted)


def can(user, permission):
    """May this user (possibly anonymous) do this? Anonymous users may do nothing."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.is_active:
        return False
    return Permission(permission) in permissions_for_roles(user.role_names)


def roles_grantable_by(user):
    """Which roles this user may hand out or take away."""
    if can(user, Permission.GRANT_ROLES):
        return GRANTABLE_ROLES
    if can(user, Permission.VERIFY_PROFESSIONALS):
        return (Role.PROFESSIONAL,)
    return ()


def permission_required(permission):
    """View decorator: log in first if anonymous, 403 if the role does not allow it."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            from community.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
