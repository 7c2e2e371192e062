"""Every Socket.IO event of /forum and /webinar with fuzzed payloads: an error payload (never an
exception), and the stored data unchanged afterwards."""

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from community import create_app
from community.extensions import db, socketio
from community.forum.models import Post
from community.webinars.models import LiveQuestion, LiveVote, Webinar
from tests.security.fuzz.conftest import DEMO_EMAILS  # noqa: F401 - the roles used below

scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True),
    st.text(max_size=50),
    st.sampled_from(["\x00", "\ud800", "a\udfffb", "x" * 100_000, "1", "-1"]),
)
wrong = st.one_of(
    scalar, st.lists(scalar, max_size=3), st.dictionaries(st.text(max_size=5), scalar, max_size=3)
)
# Ids that are not a positive int a table can hold: wrong types and numbers out of range.
bad_id = st.one_of(wrong.filter(lambda v: not (type(v) is int and 0 < v < 2**31)), st.just(2**70))


def payloads(keys):
    """Non-dicts, or dicts whose ids are all wrong, with other fields fuzzed."""
    fuzzed_dict = st.fixed_dictionaries(
        {key: bad_id for key in keys if key.endswith("_id")},
        optional={key: wrong for key in keys if not key.endswith("_id")} | {"extra": wrong},
    )
    return st.one_of(scalar, st.lists(scalar, max_size=3), fuzzed_dict)


WEBINAR_EVENTS = {
    "join": ("webinar_id", "presenter"),
    "ask": ("webinar_id", "text", "client_token", "anonymous", "confirm_privacy"),
    "vote": ("webinar_id", "question_id", "voted"),
    "unvote": ("webinar_id", "question_id"),
    "edit": ("webinar_id", "question_id", "text", "confirm_privacy"),
    "moderate": ("webinar_id", "question_id", "action", "reply", "confirm_privacy"),
    "close_qa": ("webinar_id", "closed"),
    "poll_answer": ("webinar_id", "poll_id", "answer"),
    "poll_control": ("webinar_id", "poll_id", "action"),
}
FORUM_EVENTS = {"follow": ("question_id",), "unfollow": ("question_id",)}


def stored(app):
    with app.app_context():
        return (
            [
                (q.id, q.text, q.status, q.votes, q.answered, q.reply)
                for q in db.session.scalars(select(LiveQuestion))
            ],
            sorted(db.session.execute(select(LiveVote.question_id, LiveVote.user_id)).all()),
            [(w.id, w.qa_closed) for w in db.session.scalars(select(Webinar).order_by(Webinar.id))],
            [(p.id, p.score, p.status) for p in db.session.scalars(select(Post).order_by(Post.id))],
        )


@pytest.fixture(scope="module")
def sockets(fuzz_app, visitors):
    """Socket clients of the admin (host-like moderator) and a registered member."""
    made = {}
    for role in ("admin", "member"):
        for namespace in ("/webinar", "/forum"):
            client = socketio.test_client(
                fuzz_app, namespace=namespace, flask_test_client=visitors[role].client
            )
            assert client.is_connected(namespace)
            made[role, namespace] = client
    return made


FUZZ = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("role", ["admin", "member"])
@pytest.mark.parametrize("event", sorted(WEBINAR_EVENTS))
@FUZZ
@given(data=st.data())
def test_fuzzed_webinar_events_get_an_error_and_change_nothing(
    fuzz_app, sockets, role, event, data
):
    client = sockets[role, "/webinar"]
    before = stored(fuzz_app)
    payload = data.draw(payloads(WEBINAR_EVENTS[event]))
    ack = client.emit(event, payload, namespace="/webinar", callback=True)
    assert isinstance(ack, dict) and ack["ok"] is False
    assert isinstance(ack["message"], str) and ack["message"]
    assert stored(fuzz_app) == before


@pytest.mark.parametrize("event", sorted(FORUM_EVENTS))
@FUZZ
@given(data=st.data())
def test_fuzzed_forum_events_get_an_error_and_change_nothing(fuzz_app, sockets, event, data):
    client = sockets["member", "/forum"]
    before = stored(fuzz_app)
    ack = client.emit(
        event, data.draw(payloads(FORUM_EVENTS[event])), namespace="/forum", callback=True
    )
    assert ack == {
        "ok": False,
        "error": "invalid",
        "message": "Laad de pagina opnieuw en probeer het nog eens.",
    }
    assert stored(fuzz_app) == before


@pytest.mark.parametrize("text", ["ab\x00cdef", "vraag \ud800 hier"])
def test_text_no_database_can_store_is_refused_live(fuzz_app, scene, sockets, text):
    before = stored(fuzz_app)
    ack = sockets["member", "/webinar"].emit(
        "ask",
        {"webinar_id": scene["webinar"], "text": text, "client_token": "token-12345"},
        namespace="/webinar",
        callback=True,
    )
    assert ack["ok"] is False and ack["message"] == "Stuur tekst."
    assert stored(fuzz_app) == before


# --- every event of every namespace, with payloads of the wrong shape ---------------------------

# A payload that works, per event (from the scene's ids); the shapes below are made from it.
VALID_PAYLOADS = {
    ("/forum", "follow"): lambda ids: {"question_id": ids["question"]},
    ("/forum", "unfollow"): lambda ids: {"question_id": ids["question"]},
    ("/webinar", "join"): lambda ids: {"webinar_id": ids["webinar"]},
    ("/webinar", "ask"): lambda ids: {
        "webinar_id": ids["webinar"],
        "text": "Hoe leg ik signalen feitelijk vast?",
        "client_token": "shape-token-1",
        "anonymous": False,
        "confirm_privacy": "0" * 64,
    },
    ("/webinar", "vote"): lambda ids: {
        "webinar_id": ids["webinar"],
        "question_id": ids["live_question"],
        "voted": True,
    },
    ("/webinar", "unvote"): lambda ids: {
        "webinar_id": ids["webinar"],
        "question_id": ids["live_question"],
    },
    ("/webinar", "edit"): lambda ids: {
        "webinar_id": ids["webinar"],
        "question_id": ids["live_question"],
        "text": "Wanneer bel ik Veilig Thuis voor advies?",
        "confirm_privacy": "0" * 64,
    },
    ("/webinar", "moderate"): lambda ids: {
        "webinar_id": ids["webinar"],
        "question_id": ids["live_question"],
        "action": "reply",
        "reply": "Goede vraag.",
        "confirm_privacy": "0" * 64,
    },
    ("/webinar", "close_qa"): lambda ids: {"webinar_id": ids["webinar"], "closed": False},
    ("/webinar", "poll_answer"): lambda ids: {
        "webinar_id": ids["webinar"],
        "poll_id": ids["poll"],
        "answer": [0],
    },
    ("/webinar", "poll_control"): lambda ids: {
        "webinar_id": ids["webinar"],
        "poll_id": ids["poll"],
        "action": "show_results",
    },
}
WRONG_VALUES = [None, True, 0, -1, 2**70, 1.5, "", "x", "\x00", [], [1], {}, {"a": {"b": 1}}]
NO_PAYLOAD = object()


@cache
def registered_events():
    """(namespace, event) of every on_* handler of every namespace an app registers."""
    create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted(
        (handler.namespace, name[3:])
        for handler in socketio.namespace_handlers
        for name in dir(handler)
        if name.startswith("on_") and name not in ("on_connect", "on_disconnect")
    )


def shapes(valid):
    """(label, arguments): no payload, payloads that are not one object, and the valid object
    with each of its fields missing or of a wrong type."""
    cases = [("no payload", ()), ("two payloads", (valid, valid))]
    cases += [(f"payload {value!r}", (value,)) for value in [*WRONG_VALUES[:-2], [valid], "{}"]]
    for key in valid:
        cases.append((f"without {key}", ({k: v for k, v in valid.items() if k != key},)))
        cases += [(f"{key}={value!r}", ({**valid, key: value},)) for value in WRONG_VALUES]
    return cases


@pytest.fixture(scope="module")
def live_question(fuzz_app, scene):
    with fuzz_app.app_context():
        question = LiveQuestion(
            webinar_id=scene["webinar"],
            author_id=scene["member"],
            client_token="shape-seed-0001",
            text="Wanneer bel ik Veilig Thuis voor advies?",
        )
        db.session.add(question)
        db.session.commit()
        return question.id


def test_every_socket_event_has_a_valid_payload():
    assert set(registered_events()) == set(VALID_PAYLOADS)


@pytest.mark.parametrize("role", ["admin", "member"])
@pytest.mark.parametrize(("namespace", "event"), registered_events())
def test_payloads_of_the_wrong_shape_get_a_clear_error(
    scene, sockets, live_question, role, namespace, event
):
    client = sockets[role, namespace]
    valid = VALID_PAYLOADS[namespace, event]({**scene, "live_question": live_question})
    problems = []
    for label, arguments in shapes(valid):
        reply = client.emit(event, *arguments, namespace=namespace, callback=True)
        if not isinstance(reply, dict) or reply.get("error") == "server":
            problems.append(f"{event} with {label}: {reply!r}")
        elif not reply.get("ok") and not (
            isinstance(reply.get("message"), str) and reply["message"]
        ):
            problems.append(f"{event} with {label}: an error without a message: {reply!r}")
    assert not problems, "\n".join(problems)
