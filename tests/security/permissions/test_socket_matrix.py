"""Every Socket.IO event of /forum and /webinar, sent by every role: each gets the normal result
or exactly the refusal the table says. Events are read from the Namespace classes, so a new
`on_*` handler without a table entry fails."""

import pytest

from community.forum.live import ForumNamespace
from community.webinars.live import WebinarNamespace
from tests.security.permissions.conftest import ROLES

OK = "ok"
# The role users, and the host of the seeded webinar (an organiser).
PEOPLE = (*ROLES[1:], "host")

NAMESPACES = {"/forum": ForumNamespace, "/webinar": WebinarNamespace}


def everyone(result):
    return dict.fromkeys(PEOPLE, result)


# Of the role users only the professional is registered for the webinar.
TAKES_PART = {
    **everyone("forbidden"),
    **dict.fromkeys(("professional", "moderator", "admin", "host"), OK),
}
MODERATES = {**TAKES_PART, "professional": "refused"}

# namespace -> event -> (payload from the seeded ids, person -> result)
SOCKET_RULES = {
    "/forum": {
        "follow": (lambda ids: {"question_id": ids["question"]}, everyone(OK)),
        "unfollow": (lambda ids: {"question_id": ids["question"]}, everyone(OK)),
    },
    "/webinar": {
        "join": (lambda ids: {"webinar_id": ids["webinar"]}, TAKES_PART),
        "ask": (
            lambda ids: {
                "webinar_id": ids["webinar"],
                "text": "Hoe leg ik signalen feitelijk vast?",
                "client_token": "matrix-token-1",
            },
            TAKES_PART,
        ),
        # The seeded live question is the learner's, so everyone taking part may vote on it.
        "vote": (
            lambda ids: {"webinar_id": ids["webinar"], "question_id": ids["live_question"]},
            TAKES_PART,
        ),
        "unvote": (
            lambda ids: {"webinar_id": ids["webinar"], "question_id": ids["live_question"]},
            TAKES_PART,
        ),
        # A moderator corrects the text; the same text changes nothing.
        "edit": (
            lambda ids: {
                "webinar_id": ids["webinar"],
                "question_id": ids["live_question"],
                "text": "Wanneer bel ik Veilig Thuis voor advies?",
            },
            MODERATES,
        ),
        # Attendees take part but may not moderate; strangers are stopped before that.
        "moderate": (
            lambda ids: {
                "webinar_id": ids["webinar"],
                "question_id": ids["live_question"],
                "action": "answered",
            },
            MODERATES,
        ),
        "close_qa": (lambda ids: {"webinar_id": ids["webinar"], "closed": True}, MODERATES),
        # The seeded poll is open: everyone taking part answers; only hosts run polls.
        "poll_answer": (
            lambda ids: {"webinar_id": ids["webinar"], "poll_id": ids["poll"], "answer": [0]},
            TAKES_PART,
        ),
        "poll_control": (
            lambda ids: {
                "webinar_id": ids["webinar"],
                "poll_id": ids["poll"],
                "action": "show_results",
            },
            MODERATES,
        ),
    },
}


def events_of(namespace_class):
    return sorted(
        name[3:]
        for name in dir(namespace_class)
        if name.startswith("on_") and name not in ("on_connect", "on_disconnect")
    )


HANDLERS = [(ns, event) for ns, cls in NAMESPACES.items() for event in events_of(cls)]


@pytest.mark.parametrize("namespace", sorted(NAMESPACES))
def test_anonymous_socket_is_refused(world, namespace):
    world.reset()
    socket = world.socket("anonymous", namespace)
    assert not socket.is_connected(namespace)


@pytest.mark.parametrize(("namespace", "event"), HANDLERS)
def test_socket_event_answers_each_person_as_the_table_says(world, namespace, event):
    rules = SOCKET_RULES.get(namespace, {})
    assert event in rules, f"Socket.IO event {namespace} {event!r} has no entry in SOCKET_RULES"
    payload, expected = rules[event]
    problems = []
    for person in PEOPLE:
        world.reset()
        socket = world.socket(person, namespace)
        assert socket.is_connected(namespace), f"{person} could not connect to {namespace}"
        reply = socket.emit(event, payload(world.ids), namespace=namespace, callback=True)
        socket.disconnect(namespace=namespace)
        got = OK if reply.get("ok") else reply.get("error")
        if got != expected[person]:
            problems.append(
                f"{namespace} {event} as {person}: got {reply}, expected {expected[person]}"
            )
    assert not problems, "\n".join(problems)


def test_every_socket_rule_names_a_handler_that_exists():
    stale = sorted(
        (ns, event)
        for ns, events in SOCKET_RULES.items()
        for event in events
        if (ns, event) not in HANDLERS
    )
    assert not stale, f"SOCKET_RULES entries for handlers that no longer exist: {stale}"


def test_only_the_host_and_moderators_join_the_moderators_room(world):
    for person, moderator in [("professional", False), ("host", True), ("moderator", True)]:
        world.reset()
        socket = world.socket(person, "/webinar")
        state = socket.emit(
            "join", {"webinar_id": world.ids["webinar"]}, namespace="/webinar", callback=True
        )
        socket.disconnect(namespace="/webinar")
        assert state["moderator"] is moderator, person
        assert all(("real_author" in q) is moderator for q in state["questions"]), person
