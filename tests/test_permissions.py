"""The one table of who may do what."""

import pytest

from community.permissions import GRANTABLE_ROLES, Permission, Role, can, roles_grantable_by


class FakeUser:
    is_authenticated = True
    is_active = True

    def __init__(self, *roles):
        self.role_names = {Role.MEMBER, *roles}


class Anonymous:
    is_authenticated = False
    is_active = False


@pytest.mark.parametrize(
    "role, permission, allowed",
    [
        (Role.MEMBER, Permission.MEMBER_AREA, True),
        (Role.MEMBER, Permission.READ_FORUM, True),
        (Role.MEMBER, Permission.POST_IN_FORUM, False),
        (Role.MEMBER, Permission.TAKE_COURSES, True),
        (Role.PROFESSIONAL, Permission.POST_IN_FORUM, True),
        (Role.PROFESSIONAL, Permission.SUBMIT_EVENTS, False),
        (Role.ORGANISER, Permission.SUBMIT_EVENTS, True),
        (Role.ORGANISER, Permission.SCHEDULE_WEBINARS, True),
        (Role.ORGANISER, Permission.POST_IN_FORUM, False),
        (Role.ORGANISER, Permission.APPROVE_EVENTS, False),
        (Role.MODERATOR, Permission.APPROVE_EVENTS, True),
        (Role.MODERATOR, Permission.VERIFY_PROFESSIONALS, True),
        (Role.MODERATOR, Permission.MODERATE_FORUM, True),
        (Role.MODERATOR, Permission.GRANT_ROLES, False),
        (Role.ADMIN, Permission.GRANT_ROLES, True),
    ],
)
def test_role_permissions(role, permission, allowed):
    assert can(FakeUser(role), permission) is allowed


def test_admin_may_do_everything():
    assert all(can(FakeUser(Role.ADMIN), permission) for permission in Permission)


def test_every_role_may_use_the_member_area():
    assert all(can(FakeUser(role), Permission.MEMBER_AREA) for role in Role)


def test_roles_add_up():
    both = FakeUser(Role.PROFESSIONAL, Role.ORGANISER)
    assert can(both, Permission.POST_IN_FORUM) and can(both, Permission.SUBMIT_EVENTS)


def test_anonymous_and_deactivated_users_may_do_nothing():
    deactivated = FakeUser(Role.ADMIN)
    deactivated.is_active = False
    for permission in Permission:
        assert not can(Anonymous(), permission)
        assert not can(deactivated, permission)
        assert not can(None, permission)


def test_who_may_grant_which_roles():
    assert roles_grantable_by(FakeUser(Role.ADMIN)) == GRANTABLE_ROLES
    assert roles_grantable_by(FakeUser(Role.MODERATOR)) == (Role.PROFESSIONAL,)
    assert roles_grantable_by(FakeUser(Role.ORGANISER)) == ()
