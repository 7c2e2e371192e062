"""The live Q&A over a real Socket.IO test client."""

from community.extensions import db, socketio
from community.webinars import services
from community.webinars.models import Webinar
from tests.helpers import log_in, make_user

NAMESPACE = "/webinar"


def join(app, client, webinar_id):
    socket = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=client)
    reply = socket.emit("join", {"webinar_id": webinar_id}, namespace=NAMESPACE, callback=True)
    return socket, reply


def received(socket, name):
    return [p["args"][0] for p in socket.get_received(NAMESPACE) if p["name"] == name]


def attendee(app, webinar_id, email, register=True, roles=()):
    with app.app_context():
        user = make_user(name=email.split("@")[0].title(), email=email, roles=roles)
        if register:
            services.register(user, db.session.get(Webinar, webinar_id))
    client = app.test_client()
    log_in(client, email)
    return client


def ask(socket, webinar_id, text, token="token-0001", **extra):
    return socket.emit(
        "ask",
        {"webinar_id": webinar_id, "text": text, "client_token": token, **extra},
        namespace=NAMESPACE,
        callback=True,
    )


def ask_confirming_privacy(socket, webinar_id, text, token="token-0001", **extra):
    """Ask as an author who, when the privacy guard warns, ticks "I have checked": the question
    is sent again with the digest of the findings the warning showed."""
    reply = ask(socket, webinar_id, text, token, **extra)
    if reply.get("error") != "privacy":
        return reply
    return ask(socket, webinar_id, text, token, confirm_privacy=reply["digest"], **extra)


def moderate(socket, webinar_id, question_id, action, **extra):
    return socket.emit(
        "moderate",
        {"webinar_id": webinar_id, "question_id": question_id, "action": action, **extra},
        namespace=NAMESPACE,
        callback=True,
    )


def test_an_attendees_question_reaches_other_attendees(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    listener, state = join(app, attendee(app, webinar_id, "bram@verbind.example"), webinar_id)
    assert state["ok"] and state["questions"] == []
    reply = ask(asker, webinar_id, "Wanneer bel ik Veilig Thuis voor advies?")
    assert reply["ok"]
    [question] = received(listener, "question")
    assert question["text"] == "Wanneer bel ik Veilig Thuis voor advies?"
    assert question["author"] == "Anna" and "real_author" not in question


def test_unregistered_and_anonymous_sockets_are_refused(app, client, webinar_id):
    anonymous = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=client)
    assert not anonymous.is_connected(NAMESPACE)
    outsider, reply = join(
        app, attendee(app, webinar_id, "c@verbind.example", register=False), webinar_id
    )
    assert reply["error"] == "forbidden"
    assert ask(outsider, webinar_id, "Mag ik toch iets vragen?")["error"] == "forbidden"


def test_payloads_are_validated(app, webinar_id):
    socket, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    for bad in [None, "x", {"webinar_id": "1"}, {"webinar_id": True}]:
        assert socket.emit("join", bad, namespace=NAMESPACE, callback=True)["ok"] is False
    assert ask(socket, webinar_id, "x" * 501)["ok"] is False
    assert ask(socket, webinar_id, ["lijst"])["ok"] is False
    assert ask(socket, webinar_id, "Goede vraag?", token="kort")["ok"] is False


def test_duplicate_submits_store_one_question(app, webinar_id):
    socket, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    first = ask(socket, webinar_id, "Dubbelklik op verzenden?", token="same-token-1")
    second = ask(socket, webinar_id, "Dubbelklik op verzenden?", token="same-token-1")
    assert first["question"]["id"] == second["question"]["id"]
    _, state = join(app, attendee(app, webinar_id, "bram@verbind.example"), webinar_id)
    assert len(state["questions"]) == 1


def test_votes_count_once_and_reach_everyone(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    voter, _ = join(app, attendee(app, webinar_id, "bram@verbind.example"), webinar_id)
    question_id = ask(asker, webinar_id, "Wie doet de terugkoppeling?")["question"]["id"]
    for _ in range(3):
        voter.emit(
            "vote",
            {"webinar_id": webinar_id, "question_id": question_id},
            namespace=NAMESPACE,
            callback=True,
        )
    (count,) = received(asker, "votes")[-1]["changes"]
    assert (count["id"], count["votes"]) == (question_id, 1)


def test_hidden_questions_vanish_for_attendees_but_not_for_moderators(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    moderator, _ = join(
        app,
        attendee(app, webinar_id, "mod@verbind.example", register=False, roles=("moderator",)),
        webinar_id,
    )
    question_id = ask(asker, webinar_id, "Een vraag die weg moet")["question"]["id"]
    reply = moderator.emit(
        "moderate",
        {"webinar_id": webinar_id, "question_id": question_id, "action": "hide"},
        namespace=NAMESPACE,
        callback=True,
    )
    assert reply["ok"]
    assert received(asker, "question_removed") == [{"id": question_id}]
    _, attendee_state = join(app, attendee(app, webinar_id, "bram@verbind.example"), webinar_id)
    assert attendee_state["questions"] == []
    _, moderator_state = join(
        app,
        attendee(app, webinar_id, "mod2@verbind.example", register=False, roles=("moderator",)),
        webinar_id,
    )
    [hidden] = moderator_state["questions"]
    assert hidden["status"] == "hidden" and hidden["real_author"] == "Anna"


def test_attendees_cannot_moderate(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    other, _ = join(app, attendee(app, webinar_id, "bram@verbind.example"), webinar_id)
    question_id = ask(asker, webinar_id, "Mag een deelnemer verbergen?")["question"]["id"]
    reply = other.emit(
        "moderate",
        {"webinar_id": webinar_id, "question_id": question_id, "action": "hide"},
        namespace=NAMESPACE,
        callback=True,
    )
    assert reply["ok"] is False


def test_a_reconnecting_client_receives_the_full_state(app, webinar_id):
    client = attendee(app, webinar_id, "anna@verbind.example")
    socket, _ = join(app, client, webinar_id)
    ask(socket, webinar_id, "Eerste vraag voor de spreker", token="first-token")
    ask(socket, webinar_id, "Tweede vraag voor de spreker", token="second-token")
    socket.disconnect(namespace=NAMESPACE)
    _, state = join(app, client, webinar_id)
    assert {q["text"] for q in state["questions"]} == {
        "Eerste vraag voor de spreker",
        "Tweede vraag voor de spreker",
    }


def test_the_privacy_guard_warns_on_questions(app, webinar_id):
    socket, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    reply = ask(socket, webinar_id, "Het gaat om een kind met BSN 111222333")
    assert reply["error"] == "privacy"
    assert reply["findings"][0]["text"] == "111222333"
    assert ask_confirming_privacy(socket, webinar_id, "Het gaat om een kind met BSN 111222333")[
        "ok"
    ]


def test_a_flood_of_questions_is_slowed_with_a_message(app, webinar_id):
    socket, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    replies = [
        ask(socket, webinar_id, f"Vraag nummer {n} in korte tijd", token=f"flood-{n:04d}")
        for n in range(7)
    ]
    assert [r["ok"] for r in replies] == [True] * 5 + [False] * 2
    assert replies[-1]["error"] == "rate_limited"


def test_logging_out_ends_the_live_room_connection(app, webinar_id):
    from tests.helpers import post_form

    client = attendee(app, webinar_id, "anna@verbind.example")
    socket, _ = join(app, client, webinar_id)
    assert socket.is_connected(NAMESPACE)
    post_form(client, "/account/logout", page="/")
    assert not socket.is_connected(NAMESPACE)
