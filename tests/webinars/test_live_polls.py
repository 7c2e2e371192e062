"""Live polls over the real Socket.IO test client: the host opens, closes and shows results,
attendees answer with an acknowledgement, results reach only those who may see them, and a
page that joins (again) gets the poll, its own answer and the visible results."""

import pytest
from sqlalchemy import func, select

from community.extensions import db, socketio
from community.webinars import polls
from community.webinars.models import PollAnswer, Webinar
from tests.helpers import log_in
from tests.webinars.conftest import new_webinar
from tests.webinars.test_live import NAMESPACE, attendee, join, received

QUESTION = "Welke signalen zie je het vaakst?"


@pytest.fixture
def webinar_id(app):
    with app.app_context():
        return new_webinar(capacity=10)


@pytest.fixture
def room(app, webinar_id):
    """The host, two attendees in the live room and one prepared poll."""
    with app.app_context():
        webinar = db.session.get(Webinar, webinar_id)
        poll_id = polls.create_poll(
            webinar.host,
            webinar,
            kind="single",
            question=QUESTION,
            options=["Angst", "Stilte", "Verwaarlozing"],
        ).id
    host_client = app.test_client()
    log_in(host_client, "host@verbind.example")
    host, host_state = join(app, host_client, webinar_id)
    anna, anna_state = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    bram, _ = join(app, attendee(app, webinar_id, "bram@verbind.example"), webinar_id)
    return {
        "host": host,
        "host_state": host_state,
        "anna": anna,
        "anna_state": anna_state,
        "bram": bram,
        "poll_id": poll_id,
        "webinar_id": webinar_id,
    }


def control(socket, room, action, **extra):
    payload = {"webinar_id": room["webinar_id"], "poll_id": room["poll_id"], "action": action}
    return socket.emit("poll_control", {**payload, **extra}, namespace=NAMESPACE, callback=True)


def answer(socket, room, value, **extra):
    payload = {"webinar_id": room["webinar_id"], "poll_id": room["poll_id"], "answer": value}
    return socket.emit("poll_answer", {**payload, **extra}, namespace=NAMESPACE, callback=True)


def clear(*sockets):
    for socket in sockets:
        socket.get_received(NAMESPACE)


def test_the_host_sees_prepared_polls_and_attendees_see_none_before_one_opens(room):
    assert [p["question"] for p in room["host_state"]["polls"]] == [QUESTION]
    assert room["host_state"]["polls"][0]["state"] == "draft"
    assert room["anna_state"]["poll"] is None and room["anna_state"]["poll_results"] == []
    assert "polls" not in room["anna_state"]


def test_an_opened_poll_reaches_attendees_and_their_answer_is_acknowledged(room):
    clear(room["anna"], room["bram"])
    assert control(room["host"], room, "open")["ok"]
    [opened] = received(room["anna"], "poll")
    assert opened["poll"]["question"] == QUESTION and opened["poll"]["state"] == "open"
    assert opened["results"] is None  # hidden until the host shows them

    reply = answer(room["anna"], room, [1])
    assert reply["ok"] and reply["answer"] == [1]
    # The host hears the results; attendees do not while they are hidden.
    assert received(room["host"], "poll_results")[-1]["counts"] == [0, 1, 0]
    assert received(room["bram"], "poll_results") == []


def test_results_reach_attendees_once_the_host_shows_them_and_never_a_name(room):
    control(room["host"], room, "open")
    answer(room["anna"], room, [2])
    answer(room["bram"], room, [2])
    clear(room["anna"], room["bram"])
    assert control(room["host"], room, "show_results")["ok"]
    [shown] = received(room["bram"], "poll")
    assert shown["results"]["counts"] == [0, 0, 2] and shown["results"]["total"] == 2
    answer(room["anna"], room, [0])
    [update] = received(room["bram"], "poll_results")
    assert update["counts"] == [1, 0, 1] and update["version"] == 3
    text = repr(shown) + repr(update)
    assert "Anna" not in text and "anna@" not in text and "user" not in text


def test_an_attendee_cannot_open_or_show_a_poll(room):
    for action in ("open", "show_results", "close"):
        reply = control(room["anna"], room, action)
        assert not reply["ok"] and reply["error"] == "refused"
    assert received(room["bram"], "poll") == []


def test_an_unregistered_person_cannot_answer(app, room):
    control(room["host"], room, "open")
    outsider, reply = join(
        app,
        attendee(app, room["webinar_id"], "c@verbind.example", register=False),
        room["webinar_id"],
    )
    assert reply["error"] == "forbidden"
    assert answer(outsider, room, [0])["error"] == "forbidden"


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "open",
        ["a"],
        {"webinar_id": "1", "poll_id": 1, "answer": [0]},
        {"webinar_id": None, "answer": [0]},
        {"poll_id": None, "answer": [0]},
        {"poll_id": 99999, "answer": [0]},
        {"poll_id": True, "answer": [0]},
        {"answer": "x" * 10_000},
        {"answer": [0, 1]},
        {"answer": [7]},
        {"answer": {"a": 1}},
        {"answer": "\x00"},
        {"answer": "\ud800"},
    ],
)
def test_bad_answers_get_an_error_reply_not_a_crash(room, payload):
    control(room["host"], room, "open")
    if isinstance(payload, dict):
        payload = {"webinar_id": room["webinar_id"], "poll_id": room["poll_id"], **payload}
    reply = room["anna"].emit("poll_answer", payload, namespace=NAMESPACE, callback=True)
    assert reply["ok"] is False and reply["error"] in ("invalid", "refused", "not_found")
    assert reply["message"]
    # The room still works.
    assert answer(room["anna"], room, [0])["ok"]


@pytest.mark.parametrize("action", [None, "delete", 1, ["open"]])
def test_unknown_poll_actions_are_refused(room, action):
    reply = control(room["host"], room, action)
    assert reply["ok"] is False and reply["error"] == "invalid"


def test_answering_twice_changes_the_one_answer(app, room):
    control(room["host"], room, "open")
    assert answer(room["anna"], room, [0])["ok"]
    assert answer(room["anna"], room, [2])["answer"] == [2]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PollAnswer)) == 1
        assert polls.results_for(room["poll_id"])["counts"] == [0, 0, 1]


def test_a_closed_poll_refuses_answers(room):
    control(room["host"], room, "open")
    assert control(room["host"], room, "close")["ok"]
    reply = answer(room["anna"], room, [0])
    assert reply["ok"] is False and reply["error"] == "refused"
    # The attendee reads why, in Dutch: their answer arrived too late and does not count.
    assert reply["message"] == "Deze peiling is gesloten: je antwoord is niet meegeteld."


def test_a_closed_poll_with_hidden_results_leaves_the_room(app, room):
    control(room["host"], room, "open")
    control(room["host"], room, "close")
    _socket, state = join(
        app, attendee(app, room["webinar_id"], "d@verbind.example"), room["webinar_id"]
    )
    assert state["poll"] is None
    control(room["host"], room, "show_results")
    _socket, state = join(
        app, attendee(app, room["webinar_id"], "e@verbind.example"), room["webinar_id"]
    )
    assert state["poll"]["state"] == "closed" and state["poll_results"][0]["total"] == 0


def test_a_rejoining_page_gets_the_poll_its_own_answer_and_visible_results(app, room):
    control(room["host"], room, "open")
    answer(room["anna"], room, [1])
    answer(room["bram"], room, [2])
    client = app.test_client()
    log_in(client, "anna@verbind.example")
    _socket, state = join(app, client, room["webinar_id"])
    assert state["poll"]["id"] == room["poll_id"] and state["my_answer"] == [1]
    assert state["poll_results"] == []  # hidden
    control(room["host"], room, "show_results")
    _socket, state = join(app, client, room["webinar_id"])
    [results] = state["poll_results"]
    assert results["counts"] == [0, 1, 1]


def test_the_presenter_screen_shows_results_only_when_attendees_see_them(app, room):
    control(room["host"], room, "open")
    answer(room["anna"], room, [1])

    client = app.test_client()
    log_in(client, "host@verbind.example")
    screen = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=client)
    state = screen.emit(
        "join",
        {"webinar_id": room["webinar_id"], "presenter": True},
        namespace=NAMESPACE,
        callback=True,
    )
    assert state["poll"]["question"] == QUESTION and state["poll_results"] == []
    control(room["host"], room, "show_results")
    assert received(screen, "poll")[-1]["results"]["counts"] == [0, 1, 0]


def test_word_cloud_answers_travel_as_plain_text(room, app):
    with app.app_context():
        webinar = db.session.get(Webinar, room["webinar_id"])
        poll_id = polls.create_poll(
            webinar.host, webinar, kind="words", question="Eén woord voor vandaag?"
        ).id
    words = {**room, "poll_id": poll_id}
    control(room["host"], words, "open")
    control(room["host"], words, "show_results")
    clear(room["bram"])
    assert answer(room["anna"], words, "<img src=x onerror=alert(1)>")["ok"]
    [results] = received(room["bram"], "poll_results")
    # The browser sets it as text (textContent); the server sends it as typed, lower case.
    assert results["words"] == [["<img src=x onerror=alert(1)>", 1]]


def test_an_answer_costs_one_read_and_one_upsert_without_locking_the_poll(app, room, monkeypatch):
    """A poll opening brings hundreds of answers within seconds: each reads the poll, its host
    and the person's registration in one query and stores itself with one upsert; none locks
    the poll's row for writing (answers do not take turns) and none reads the webinar again."""
    from community.webinars import live
    from tests.forum.test_thread_queries import counted_queries

    noted = []
    monkeypatch.setattr(live, "results_changed", lambda *key: noted.append(key))
    control(room["host"], room, "open")
    answer(room["anna"], room, [0])  # each connection's user is loaded once, not per answer
    answer(room["bram"], room, [0])
    with counted_queries(app) as statements:
        assert answer(room["anna"], room, [1])["ok"]
        assert answer(room["bram"], room, [2])["ok"]
    assert len(statements) == 4, statements
    reads, upserts = statements[0::2], statements[1::2]
    assert all(s.lstrip().upper().startswith("SELECT") for s in reads)
    assert all(s.lstrip().upper().startswith("INSERT INTO WEBINAR_POLL_ANSWER") for s in upserts)
    assert not any(
        "FOR UPDATE" in s.upper() or "UPDATE WEBINAR_POLL " in s.upper() for s in statements
    )
    assert noted[-2:] == [(room["webinar_id"], room["poll_id"])] * 2
