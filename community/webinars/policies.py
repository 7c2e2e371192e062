"""Who may do what with one webinar: edit it, moderate its live Q&A, take part in it, open the
live room and see the stream link. Plain functions of a user (possibly anonymous) and the
webinar."""

from datetime import timedelta

from community.clock import utcnow
from community.permissions import Permission, can
from community.webinars.models import LiveQuestionStatus, RegistrationStatus

# Attendees see the stream link this long before the start, to test their sound in time.
STREAM_LINK_LEAD = timedelta(minutes=15)
# may_take_part() without a registration status: it reads the status itself.
_UNREAD = object()


def is_attendee(user, webinar):
    """Has a place (not on the waiting list, not cancelled)."""
    # Imported here: the services ask these policies, so they load first.
    from community.webinars.services import places

    if not can(user, Permission.ATTEND_WEBINARS):
        return False
    # Only the status: asked on every live event, so no registration row (and user) is loaded.
    return has_place(user, places.status_of(user.id, webinar.id))


def has_place(user, registration_status):
    """is_attendee, for a registration status already read (many joins read theirs together)."""
    return can(user, Permission.ATTEND_WEBINARS) and (
        registration_status == RegistrationStatus.REGISTERED
    )


def may_moderate_webinar(user, webinar):
    """The host, or a webinar moderator: approve, hide and answer questions, close the Q&A,
    export it."""
    if can(user, Permission.MODERATE_WEBINARS):
        return True
    return can(user, Permission.MEMBER_AREA) and user.id == webinar.host_id


def may_edit_webinar(user, webinar):
    """The host while they may schedule webinars, or a webinar moderator."""
    if can(user, Permission.MODERATE_WEBINARS):
        return True
    return can(user, Permission.SCHEDULE_WEBINARS) and user.id == webinar.host_id


def may_send_follow_up(user, webinar, now=None):
    """The follow-up mail after the webinar, sent at once instead of after
    WEBINAR_FOLLOW_UP_HOURS: the host and moderators, once it is over (never when cancelled)."""
    if webinar.cancelled or webinar.ends_at > (now or utcnow()):
        return False
    return may_moderate_webinar(user, webinar)


def may_manage_polls(user, webinar):
    """Prepare polls and run them in the live room (open, close, show the results): the host
    and moderators."""
    return may_moderate_webinar(user, webinar)


def may_present(user, webinar):
    """The presenter view on the host's screen: the host and moderators."""
    return may_moderate_webinar(user, webinar)


def may_take_part(user, webinar, registration_status=_UNREAD):
    """Join the live Q&A, ask, vote and answer polls: registered attendees, the host and
    moderators. A caller that read the person's registration status already (a poll answer
    reads it together with the poll, in one query) passes it, and no query is made here."""
    if registration_status is _UNREAD:
        attendee = is_attendee(user, webinar)
    else:
        attendee = has_place(user, registration_status)
    return attendee or may_moderate_webinar(user, webinar)


def may_open_live_room(user, webinar, now=None):
    """Before the end, the live room is for those who take part; afterwards its Q&A is an
    archive every member may read."""
    if webinar.ends_at <= (now or utcnow()):
        return can(user, Permission.ATTEND_WEBINARS)
    return may_take_part(user, webinar)


def on_air(webinar, now=None):
    """From shortly before the start to the end: the time to be in the live room (not a rule
    about a person, so not a may_ policy)."""
    now = now or utcnow()
    return webinar.starts_at - STREAM_LINK_LEAD <= now < webinar.ends_at


def may_see_stream(user, webinar, now=None):
    """The stream link: for those who take part, from shortly before the start to the end."""
    if not webinar.stream_url or not on_air(webinar, now):
        return False
    return may_take_part(user, webinar)


# Where a live question is in the Q&A, and what a moderator may do with it there. The server
# refuses any other action; the room shows only these buttons.
QUESTION_ACTIONS = {
    "pending": ("approve", "edit", "hide"),
    "open": ("answering", "answered", "reply", "edit", "hide"),
    "answering": ("answered", "reply", "edit", "hide"),
    "answered": ("reopen", "reply", "hide"),
    "hidden": ("show",),
}


def question_state(question):
    """pending (waiting for approval), open, answering ("now answering"), answered or hidden."""
    if question.status == LiveQuestionStatus.PENDING:
        return "pending"
    if question.status == LiveQuestionStatus.HIDDEN:
        return "hidden"
    if question.answering:
        return "answering"
    return "answered" if question.answered else "open"


def question_actions(question):
    """The moderator actions that fit this question's state, in the order the room shows them."""
    return QUESTION_ACTIONS[question_state(question)]


def may_vote_on(user, question):
    """Voting is for visible questions, and never on your own (taking part is asked apart)."""
    return (
        user.is_authenticated
        and question.status == LiveQuestionStatus.VISIBLE
        and question.author_id != user.id
    )
