"""Every per-object policy, asked directly: who (a role, or the person the object belongs to)
may do what with one seeded object in a given state. The table is the rule; a row that fails
names the policy, the person and the state.

People are conftest's role users and OTHERS: the seeded event and webinar are the host's, the
question the asker's, the answer and comment the answerer's, the attempt the learner's and the
certificate the member's. "deactivated host" is the host with their account switched off;
"host, no longer organiser" has lost the role that let them schedule.
"""

from datetime import timedelta

import pytest
from flask_login import AnonymousUserMixin

from community.accounts.models import User
from community.clock import utcnow
from community.events import policies as events
from community.events.models import Event, EventRegistration, EventStatus
from community.extensions import db
from community.forum import policies as forum
from community.forum.models import Post, PostStatus, Question
from community.webinars import policies as webinars
from community.webinars.models import (
    LiveQuestion,
    LiveQuestionStatus,
    Registration,
    RegistrationStatus,
    Webinar,
)
from courses import policies as courses
from courses.models import Attempt, Certificate

OBJECTS = {
    "event": lambda ids: db.session.get(Event, ids["event"]),
    "webinar": lambda ids: db.session.get(Webinar, ids["webinar"]),
    "live question": lambda ids: db.session.get(LiveQuestion, ids["live_question"]),
    "question": lambda ids: db.session.get(Question, ids["question"]),
    "answer": lambda ids: db.session.get(Post, ids["answer"]),
    "comment": lambda ids: db.session.get(Post, ids["comment"]),
    "attempt": lambda ids: db.session.get(Attempt, ids["attempt"]),
    "quiz": lambda ids: db.session.get(Attempt, ids["attempt"]).quiz,
    "certificate": lambda ids: db.session.scalar(
        db.select(Certificate).where(Certificate.code == ids["certificate"])
    ),
}


def _set_times(webinar, starts_in, minutes=60):
    webinar.starts_at = utcnow() + starts_in
    webinar.ends_at = webinar.starts_at + timedelta(minutes=minutes)


def _give_up_places(webinar):
    for registration in db.session.scalars(
        db.select(Registration).where(Registration.webinar_id == webinar.id)
    ):
        registration.status = RegistrationStatus.CANCELLED
    db.session.flush()


def _lock_question_above(post):
    db.session.get(Question, post.question_id).locked = True


def _hide_question_above(post):
    db.session.get(Question, post.question_id).status = PostStatus.HIDDEN


def _stream(starts_in):
    def change(webinar):
        webinar.stream_url = "https://stream.verbind.example/live"
        _set_times(webinar, starts_in)

    return change


def _online(registration_mode="verbind"):
    """The event goes online; the professional is registered, the learner on the waiting list."""

    def change(event):
        event.online, event.online_url = True, "https://meet.verbind.example/week"
        event.registration_mode = registration_mode
        for name, status in (("professional", "registered"), ("learner", "waiting")):
            user = db.session.scalar(db.select(User).where(User.email == f"{name}@verbind.example"))
            db.session.add(EventRegistration(event_id=event.id, user_id=user.id, status=status))
        db.session.flush()

    return change


# What a state does to the object, in the session only (rolled back after the question).
STATES = {
    "published": None,
    "visible": None,
    "upcoming": None,
    "pending review": lambda event: setattr(event, "status", EventStatus.PENDING),
    "online": _online(),
    "online, registration elsewhere": _online("external"),
    "hidden": lambda post: setattr(post, "status", PostStatus.HIDDEN),
    "deleted": lambda post: setattr(post, "status", PostStatus.DELETED),
    "question hidden": _hide_question_above,
    "thread locked": _lock_question_above,
    "over": lambda webinar: _set_times(webinar, timedelta(days=-1)),
    "places given up": _give_up_places,
    "streaming": _stream(timedelta(minutes=-5)),
    "stream in an hour": _stream(timedelta(hours=1)),
    "stream over": _stream(timedelta(days=-1)),
    "open": None,
    "issued": None,
    "waiting for approval": lambda live: setattr(live, "status", LiveQuestionStatus.PENDING),
    "hidden live": lambda live: setattr(live, "status", LiveQuestionStatus.HIDDEN),
    "in a course": None,
}


def person(ids, who):
    if who == "anonymous":
        return AnonymousUserMixin()
    name, _, change = who.partition(", ")
    if name.startswith("deactivated "):
        user = db.session.get(User, ids[name.removeprefix("deactivated ")])
        user.active = False
        return user
    user = db.session.get(User, ids[name])
    if change in ("no longer organiser", "no longer professional"):
        user.role_rows = []
    return user


def rows(policy, thing, state, **expected):
    """rows(events.may_edit_event, "event", "published", host=True, member=False, ...)."""
    return [
        pytest.param(policy, thing, state, who, allowed, id=f"{policy.__name__}-{state}-{who}")
        for who, allowed in ((key.replace("_", " "), value) for key, value in expected.items())
    ]


TABLE = [
    # --- the Week: the organiser who announced the event and moderators run it
    *rows(
        events.may_edit_event,
        "event",
        "published",
        anonymous=False,
        member=False,
        professional=False,
        organiser=False,  # another organiser
        host=True,
        moderator=True,
        admin=True,
        deactivated_host=False,
    ),
    *rows(
        events.may_edit_event,
        "event",
        "pending review",
        organiser=False,
        host=True,
        moderator=True,
    ),
    *rows(events.may_see_event, "event", "published", anonymous=True, member=True),
    *rows(
        events.may_see_event,
        "event",
        "pending review",
        anonymous=False,
        member=False,
        organiser=False,
        host=True,
        moderator=True,
        admin=True,
        deactivated_host=False,
    ),
    *rows(
        events.may_see_registrations,
        "event",
        "published",
        anonymous=False,
        member=False,
        organiser=False,
        host=True,
        moderator=True,
        admin=True,
        deactivated_host=False,
    ),
    # The meeting link: like a webinar's stream link, for the people registered and those who
    # run the event (the professional is registered, the learner waiting).
    *rows(events.may_see_meeting_link, "event", "published", host=False, professional=False),
    *rows(
        events.may_see_meeting_link,
        "event",
        "online",
        anonymous=False,
        member=False,
        organiser=False,
        professional=True,
        learner=False,
        deactivated_professional=False,
        host=True,
        moderator=True,
        admin=True,
        deactivated_host=False,
    ),
    *rows(
        events.may_see_meeting_link,
        "event",
        "online, registration elsewhere",
        professional=False,
        host=True,
    ),
    # --- webinars: the professional and the learner are registered, the member is not
    # The seeded live question is the learner's: never a vote on your own question.
    *rows(
        webinars.may_vote_on,
        "live question",
        "visible",
        anonymous=False,
        professional=True,
        moderator=True,
        learner=False,
    ),
    *rows(webinars.may_vote_on, "live question", "waiting for approval", professional=False),
    *rows(webinars.may_vote_on, "live question", "hidden live", professional=False),
    # The presenter view on the host's screen: the host and moderators.
    *rows(
        webinars.may_present,
        "webinar",
        "upcoming",
        anonymous=False,
        member=False,
        professional=False,
        organiser=False,
        host=True,
        moderator=True,
        admin=True,
        deactivated_host=False,
    ),
    # Preparing and running polls: whoever moderates the webinar.
    *rows(
        webinars.may_manage_polls,
        "webinar",
        "upcoming",
        anonymous=False,
        member=False,
        professional=False,
        organiser=False,
        host=True,
        moderator=True,
        admin=True,
        deactivated_host=False,
    ),
    # The follow-up mail, sent at once: whoever moderates the webinar, once it is over.
    *rows(
        webinars.may_send_follow_up,
        "webinar",
        "over",
        anonymous=False,
        member=False,
        professional=False,
        organiser=False,
        host=True,
        moderator=True,
        admin=True,
        deactivated_host=False,
    ),
    *rows(webinars.may_send_follow_up, "webinar", "upcoming", host=False, moderator=False),
    *rows(
        webinars.may_edit_webinar,
        "webinar",
        "upcoming",
        anonymous=False,
        member=False,
        professional=False,
        organiser=False,
        host=True,
        moderator=True,
        admin=True,
        deactivated_host=False,
        **{"host,_no_longer_organiser": False},
    ),
    # An online Week event can be a webinar its host (or a webinar moderator) links.
    *rows(
        events.may_link_webinar,
        "webinar",
        "upcoming",
        anonymous=False,
        member=False,
        professional=False,
        organiser=False,
        host=True,
        moderator=True,
        admin=True,
        deactivated_host=False,
        deactivated_moderator=False,
        **{"host,_no_longer_organiser": True},
    ),
    *rows(
        webinars.may_moderate_webinar,
        "webinar",
        "upcoming",
        anonymous=False,
        member=False,
        professional=False,
        organiser=False,
        host=True,
        moderator=True,
        admin=True,
        deactivated_host=False,
        deactivated_moderator=False,
        # Hosting, not the role, makes them the moderator of their own webinar.
        **{"host,_no_longer_organiser": True},
    ),
    *rows(
        webinars.is_attendee,
        "webinar",
        "upcoming",
        anonymous=False,
        member=False,
        professional=True,
        learner=True,
        host=False,
        moderator=False,
        deactivated_professional=False,
    ),
    *rows(
        webinars.may_take_part,
        "webinar",
        "upcoming",
        anonymous=False,
        member=False,
        organiser=False,
        professional=True,
        learner=True,
        host=True,
        moderator=True,
        admin=True,
        deactivated_professional=False,
    ),
    *rows(
        webinars.may_take_part,
        "webinar",
        "places given up",
        professional=False,
        learner=False,
        host=True,
        moderator=True,
    ),
    *rows(
        webinars.may_open_live_room,
        "webinar",
        "upcoming",
        anonymous=False,
        member=False,
        organiser=False,
        professional=True,
        host=True,
        moderator=True,
    ),
    # Afterwards the Q&A is an archive for every member.
    *rows(
        webinars.may_open_live_room,
        "webinar",
        "over",
        anonymous=False,
        member=True,
        organiser=True,
        professional=True,
        deactivated_member=False,
    ),
    *rows(webinars.may_see_stream, "webinar", "upcoming", professional=False, moderator=False),
    *rows(
        webinars.may_see_stream,
        "webinar",
        "streaming",
        anonymous=False,
        member=False,
        organiser=False,
        professional=True,
        learner=True,
        host=True,
        moderator=True,
        deactivated_professional=False,
    ),
    *rows(webinars.may_see_stream, "webinar", "stream in an hour", professional=False, host=False),
    *rows(webinars.may_see_stream, "webinar", "stream over", professional=False, host=False),
    # --- the forum: the asker wrote the question, the answerer the answer and the comment
    *rows(
        forum.may_see_post,
        "answer",
        "visible",
        anonymous=False,
        member=True,
        moderator=True,
        deactivated_member=False,
    ),
    *rows(
        forum.may_see_post,
        "answer",
        "hidden",
        member=False,
        answerer=False,
        moderator=True,
        admin=True,
        deactivated_moderator=False,
    ),
    *rows(forum.may_see_post, "answer", "deleted", answerer=False, moderator=True),
    *rows(forum.may_see_post, "comment", "question hidden", member=False, moderator=True),
    *rows(
        forum.may_edit_post,
        "question",
        "visible",
        anonymous=False,
        member=False,
        professional=False,
        answerer=False,
        asker=True,
        moderator=True,
        admin=True,
        deactivated_asker=False,
        # Editing is posting: an author who may no longer post may no longer edit.
        **{"asker,_no_longer_professional": False},
    ),
    *rows(forum.may_edit_post, "question", "deleted", asker=False, moderator=False, admin=False),
    *rows(forum.may_edit_post, "comment", "visible", answerer=True, asker=False),
    *rows(
        forum.may_delete_post,
        "answer",
        "visible",
        anonymous=False,
        asker=False,
        answerer=True,
        moderator=True,
        deactivated_answerer=False,
    ),
    *rows(forum.may_delete_post, "answer", "deleted", answerer=False, moderator=False),
    *rows(
        forum.may_see_revisions,
        "question",
        "visible",
        anonymous=False,
        member=False,
        answerer=False,
        asker=True,
        moderator=True,
        admin=True,
        deactivated_asker=False,
        **{"asker,_no_longer_professional": True},
    ),
    *rows(
        forum.may_vote_on,
        "question",
        "visible",
        anonymous=False,
        member=False,
        professional=True,
        answerer=True,
        asker=False,  # their own question
        moderator=True,
        deactivated_professional=False,
    ),
    *rows(forum.may_vote_on, "question", "hidden", professional=False, moderator=False),
    *rows(forum.may_vote_on, "comment", "visible", asker=False, professional=False),
    *rows(
        forum.may_comment_on,
        "answer",
        "visible",
        anonymous=False,
        member=False,
        professional=True,
        asker=True,
        moderator=True,
        deactivated_professional=False,
        **{"asker,_no_longer_professional": False},
    ),
    *rows(forum.may_comment_on, "answer", "hidden", professional=False, moderator=False),
    *rows(forum.may_comment_on, "answer", "thread locked", professional=False, moderator=False),
    *rows(forum.may_comment_on, "answer", "question hidden", professional=False, moderator=False),
    *rows(forum.may_comment_on, "comment", "visible", professional=False),
    *rows(
        forum.may_accept_answer,
        "question",
        "visible",
        anonymous=False,
        member=False,
        answerer=False,
        asker=True,
        moderator=False,
        admin=False,
        deactivated_asker=False,
    ),
    # --- courses: an attempt and a certificate are their learner's alone
    *rows(
        courses.may_open_attempt,
        "attempt",
        "open",
        anonymous=False,
        member=False,
        moderator=False,
        admin=False,
        learner=True,
        deactivated_learner=False,
    ),
    *rows(
        courses.may_grant_extra_attempts,
        "quiz",
        "in a course",
        anonymous=False,
        member=False,
        professional=False,
        learner=False,
        moderator=True,
        admin=True,
        deactivated_moderator=False,
    ),
    *rows(
        courses.may_print_certificate,
        "certificate",
        "issued",
        anonymous=False,
        learner=False,
        moderator=False,
        admin=False,
        member=True,
        deactivated_member=False,
    ),
]


@pytest.mark.parametrize(("policy", "thing", "state", "who", "allowed"), TABLE)
def test_policy_answers_as_the_table_says(world, policy, thing, state, who, allowed):
    world.reset()

    def ask():
        try:
            target = OBJECTS[thing](world.ids)
            if STATES[state] is not None:
                STATES[state](target)
            return policy(person(world.ids, who), target)
        finally:
            db.session.rollback()

    got = world.run(ask)
    assert got is allowed, f"{policy.__name__}({who}, {state} {thing}) is {got}"


@pytest.mark.parametrize(
    ("policy", "thing", "state", "who", "allowed"),
    [row for row in TABLE if row.values[0] is webinars.may_take_part],
)
def test_taking_part_with_the_status_read_beforehand_answers_as_the_table_says(
    world, policy, thing, state, who, allowed
):
    """A poll answer reads the person's registration status together with the poll and hands
    it to may_take_part: the same answer as when the policy reads it itself."""
    from community.webinars.services import places

    world.reset()

    def ask():
        try:
            target = OBJECTS[thing](world.ids)
            if STATES[state] is not None:
                STATES[state](target)
            user = person(world.ids, who)
            status = places.status_of(user.id, target.id) if user.is_authenticated else None
            return policy(user, target, status)
        finally:
            db.session.rollback()

    got = world.run(ask)
    assert got is allowed, f"{policy.__name__}({who}, {state} {thing}, status read) is {got}"


POLICY_MODULES = (events, webinars, forum, courses)


def test_every_policy_has_rows_in_the_table():
    asked = {row.values[0] for row in TABLE}
    policies = {
        getattr(module, name)
        for module in POLICY_MODULES
        for name in dir(module)
        if name.startswith(("may_", "is_")) and callable(getattr(module, name))
    }
    missing = sorted(f"{p.__module__}.{p.__name__}" for p in policies - asked)
    assert not missing, f"policies without rows in TABLE: {missing}"
