"""Who may do what with one Week event: see it before it is published, edit it, read its
registrations, see the meeting link of an online event, make it a Verbind webinar. Plain
functions of a user (possibly anonymous) and the event."""

from community.events.models import EventRegistrationStatus, RegistrationMode
from community.permissions import Permission, can
from community.webinars import policies as webinar_policies


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


def may_see_meeting_link(user, event):
    """The link of an online event, like a webinar's stream link: for those who run it and the
    people registered on Verbind (not those waiting); never on the public page or in a feed."""
    if not event.online or not event.online_url:
        return False
    if may_edit_event(user, event):
        return True
    if event.registration_mode != RegistrationMode.VERBIND:
        return False
    if not can(user, Permission.MEMBER_AREA):
        return False
    # Imported here: the services ask these policies, so they load first.
    from community.events.services import places

    return places.status_of(user.id, event.id) == EventRegistrationStatus.REGISTERED


def may_link_webinar(user, webinar):
    """An online event can be a Verbind webinar that the person hosts; webinar moderators link
    any webinar (they run the live Q&A of every one)."""
    return webinar_policies.may_moderate_webinar(user, webinar)


def webinar_host_to_offer(user):
    """Whose coming webinars the event form offers: everyone's (None) to a webinar moderator,
    who may link any (may_link_webinar), otherwise the person's own."""
    return None if can(user, Permission.MODERATE_WEBINARS) else user.id
