"""Live question pages over a real Socket.IO test client: who may connect, and what they hear."""

from community.extensions import socketio
from tests.helpers import post_form

NAMESPACE = "/forum"


def live_client(app, http_client):
    return socketio.test_client(app, namespace=NAMESPACE, flask_test_client=http_client)


def events(socket, name):
    return [p["args"][0] for p in socket.get_received(NAMESPACE) if p["name"] == name]


def test_visitors_without_login_are_refused(app, client):
    socket = live_client(app, client)
    assert not socket.is_connected(NAMESPACE)


def test_following_needs_a_valid_visible_question(app, person, forum):
    reader, _ = person("member")
    socket = live_client(app, reader)
    assert socket.is_connected(NAMESPACE)
    for bad in ["1", {"question_id": "1"}, {"question_id": True}, {"question_id": -3}, None]:
        reply = socket.emit("follow", bad, namespace=NAMESPACE, callback=True)
        assert reply["error"] == "invalid"
        assert reply["message"] == "Laad de pagina opnieuw en probeer het nog eens."
    reply = socket.emit("follow", {"question_id": 999}, namespace=NAMESPACE, callback=True)
    assert (reply["ok"], reply["error"]) == (False, "not_found")
    assert reply["message"] == "Deze vraag bestaat niet."


def test_a_new_answer_and_a_vote_reach_readers_without_reload(app, person, forum):
    _, asker_id = person()
    question_id = forum.ask(asker_id)
    reader, _ = person("member")
    socket = live_client(app, reader)
    reply = socket.emit("follow", {"question_id": question_id}, namespace=NAMESPACE, callback=True)
    assert reply["ok"] is True

    helper, _ = person()
    thread = f"/forum/q/{question_id}"
    response = post_form(
        helper,
        f"{thread}/answer",
        {"body": "Mijn ervaring: eerst collegiaal overleggen."},
        page=thread,
    )
    answer_id = int(response.headers["Location"].split("#post-")[1])
    [announced] = events(socket, "answer_posted")
    assert announced == {"question_id": question_id, "answer_id": answer_id, "answer_count": 1}

    # The page fetches the new answer as HTML, rendered for this reader.
    fragment = reader.get(f"/forum/posts/{answer_id}/fragment")
    assert "Mijn ervaring: eerst collegiaal overleggen." in fragment.get_data(as_text=True)

    voter, _ = person()
    post_form(voter, f"/forum/posts/{answer_id}/vote", {"value": "1"}, page=thread)
    assert events(socket, "score_changed") == [
        {"question_id": question_id, "post_id": answer_id, "score": 1}
    ]


def test_readers_of_other_questions_hear_nothing(app, person, forum):
    _, asker_id = person()
    first = forum.ask(asker_id, title="De eerste vraag over overdracht")
    second = forum.ask(asker_id, title="De tweede vraag over overdracht")
    reader, _ = person("member")
    socket = live_client(app, reader)
    socket.emit("follow", {"question_id": first}, namespace=NAMESPACE, callback=True)
    helper, _ = person()
    post_form(
        helper,
        f"/forum/q/{second}/answer",
        {"body": "Een antwoord op de tweede vraag."},
        page=f"/forum/q/{second}",
    )
    assert events(socket, "answer_posted") == []


def test_hidden_questions_cannot_be_followed_by_members(app, person, forum):
    _, asker_id = person()
    question_id = forum.ask(asker_id)
    moderator, _ = person("moderator")
    post_form(
        moderator, f"/forum/moderation/posts/{question_id}/hide", page=f"/forum/q/{question_id}"
    )
    reader, _ = person("member")
    socket = live_client(app, reader)
    reply = socket.emit("follow", {"question_id": question_id}, namespace=NAMESPACE, callback=True)
    assert (reply["ok"], reply["error"]) == (False, "not_found")


def test_logging_out_ends_the_live_connection(app, person, forum):
    reader, _ = person("member")
    socket = live_client(app, reader)
    assert socket.is_connected(NAMESPACE)
    post_form(reader, "/account/logout", page="/")
    assert not socket.is_connected(NAMESPACE)
    # A new connection with the logged-out session is refused.
    assert not live_client(app, reader).is_connected(NAMESPACE)
