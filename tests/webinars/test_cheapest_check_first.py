"""Size and rate are checked before anything reads a whole payload: the privacy guard never
scans an oversized live question or the post of an author who is over the posting limit, and
requests and Socket.IO messages beyond the largest real one are refused before any handler."""

import json

from community.extensions import socketio
from community.webinars.services import QUESTION_MAX, REPLY_MAX
from tests.helpers import log_in, page_text
from tests.webinars.test_live import ask, attendee, join, moderate

BSN_QUESTION = "Mag ik het BSN 111222333 van het kind noemen in het overleg?"


def test_an_oversized_live_question_is_refused_for_its_length_without_a_privacy_scan(
    app, webinar_id
):
    socket, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    reply = ask(socket, webinar_id, BSN_QUESTION + " x" * 500_000)
    assert reply["ok"] is False and reply["error"] == "refused"
    assert f"Schrijf maximaal {QUESTION_MAX} tekens" in reply["message"]
    assert "findings" not in reply


def test_an_attendee_over_the_question_limit_is_told_so_before_any_privacy_scan(app, webinar_id):
    socket, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    for number in range(5):
        assert ask(socket, webinar_id, f"Vraag nummer {number}?", token=f"token-{number:04}")["ok"]
    reply = ask(socket, webinar_id, BSN_QUESTION, token="token-0099")
    assert reply["error"] == "rate_limited"
    assert "findings" not in reply


def test_an_oversized_host_reply_is_refused_for_its_length_without_a_privacy_scan(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    question_id = ask(asker, webinar_id, "Wat doe ik met het dossier?")["question"]["id"]
    host = app.test_client()
    log_in(host, "host@verbind.example")
    moderator, _ = join(app, host, webinar_id)
    reply = moderate(moderator, webinar_id, question_id, "reply", reply=BSN_QUESTION + " x" * 5000)
    assert reply["ok"] is False and reply["error"] == "refused"
    assert f"Schrijf maximaal {REPLY_MAX} tekens" in reply["message"]
    assert "findings" not in reply


def _engineio_session(client):
    handshake = client.get("/socket.io/?EIO=4&transport=polling")
    assert handshake.status_code == 200
    return json.loads(handshake.get_data(as_text=True)[1:])


def test_socketio_announces_and_enforces_a_message_size_near_the_largest_real_event(app, client):
    # Engine.IO refuses a bigger message before any handler runs; the handshake tells the
    # browser's client the same limit (its own default was 1 MB).
    session = _engineio_session(client)
    assert session["maxPayload"] == app.config["SOCKETIO_MAX_MESSAGE_BYTES"] <= 64 * 1024
    assert socketio.server.eio.max_http_buffer_size == session["maxPayload"]


def test_the_largest_real_event_fits_the_socketio_message_size(app):
    # A host's reply of the longest allowed length, in 4-byte characters, as the browser sends it.
    reply = "🙂" * REPLY_MAX
    packet = "42/webinar,1," + json.dumps(
        [
            "moderate",
            {
                "webinar_id": 2**31,
                "question_id": 2**31,
                "action": "reply",
                "reply": reply,
                "confirm_privacy": "f" * 64,
            },
        ],
        ensure_ascii=False,
    )
    assert len(packet.encode()) < app.config["SOCKETIO_MAX_MESSAGE_BYTES"]


def test_a_request_body_beyond_any_real_form_is_refused_in_dutch(client, login_as):
    login_as("professional")
    response = client.post("/forum/ask", data={"body": "x" * 2_000_000})
    assert response.status_code == 413
    assert "Wat je hebt verstuurd is te groot." in page_text(response)


def test_a_question_for_a_closed_qa_is_refused_before_any_privacy_scan(app, webinar_id):
    from community.extensions import db
    from community.webinars.models import Webinar

    socket, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    with app.app_context():
        db.session.get(Webinar, webinar_id).qa_closed = True
        db.session.commit()
    reply = ask(socket, webinar_id, BSN_QUESTION)
    assert reply["error"] == "refused" and "gesloten" in reply["message"]
    assert "findings" not in reply
