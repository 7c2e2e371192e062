"""Who may do what with one Week event: see it before it is published, edit it, read its
registrations. Plain functions of a user (possibly anonymous) and the event."""

from community.permissions import Permission, can


def may_edit_event(user, event):
    """The organiser who announced it, or a moderator who reviews events."""
    if not can(user, Permission.MEMBER_AREA):
        return False
    return user.id == event.organiser_id or can(user, Permission.APPROVE_EVENTS)


def may_see_event(user, event):
    """Published events are public; until then only those who may edit it see it."""
    return event.is_public or may_edit_event(user, event)


def may_see_registrations(user, event):
    """Who registered (names and e-mail addresses) is for those who run the event."""
    return may_edit_event(user, event)
