"""One JSON line per request and per Socket.IO event: method, route pattern, status, duration
and request id; never the path or query string a client sent, nor who they are."""

import re

from community.accounts.tokens import make_reset_token
from community.extensions import db, socketio
from community.webinars import services
from community.webinars.models import Webinar
from tests.helpers import log_in, make_user

NAMESPACE = "/webinar"


def test_each_request_writes_one_line_with_the_route_pattern(client, log_lines):
    response = client.get("/forum/q/123456?page=2")
    [line] = log_lines("request")
    assert line["type"] == "request"
    assert line["method"] == "GET"
    assert line["route"] == "/forum/q/<int:question_id>"
    assert "123456" not in log_lines.raw()
    assert line["status"] == response.status_code
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])


def test_a_sane_request_id_from_the_proxy_is_kept_and_echoed(client, log_lines):
    response = client.get("/help", headers={"X-Request-ID": "a1b2c3d4e5f60718"})
    assert response.headers["X-Request-ID"] == "a1b2c3d4e5f60718"
    assert log_lines("request")[0]["request_id"] == "a1b2c3d4e5f60718"


def test_a_request_id_that_is_not_an_id_is_replaced(client, log_lines):
    written = 'lotte@verbind.example" injected=1'
    response = client.get("/help", headers={"X-Request-ID": written})
    assert response.headers["X-Request-ID"] != written
    assert "lotte@" not in log_lines.raw()


def test_tokens_in_the_path_and_query_string_never_reach_the_log(app, client, log_lines):
    with app.app_context():
        user = make_user(name="Lotte de Vries", email="lotte@verbind.example")
        token = make_reset_token(user)
    client.get(f"/account/reset/{token}?next=/forum&secret=geheim-token-123")
    client.get("/account/login?email=lotte@verbind.example")
    [reset, login] = log_lines("request")
    assert reset["route"] == "/account/reset/<token>"
    assert login["route"] == "/account/login"
    raw = log_lines.raw()
    for secret in (token, "geheim-token-123", "lotte@verbind.example", "?", "Lotte"):
        assert secret not in raw


def test_a_logged_in_request_names_no_user(app, client, log_lines):
    with app.app_context():
        user = make_user(name="Lotte de Vries", email="lotte@verbind.example")
        user_id = user.id
    log_in(client, "lotte@verbind.example")
    client.get("/account/profile")
    lines = log_lines("request")
    assert [line["route"] for line in lines][-1] == "/account/profile"
    assert all(set(line) == {"time", "type", "method", "route", "status", "duration_ms",
                             "request_id"} for line in lines)  # fmt: skip
    assert "lotte" not in log_lines.raw().lower()
    assert f'"{user_id}"' not in log_lines.raw()


def test_an_unknown_address_is_logged_as_unmatched(client, log_lines):
    client.get("/not/here/bsn-123456782")
    [line] = log_lines("request")
    assert line["route"] == "<unmatched>" and line["status"] == 404
    assert "123456782" not in log_lines.raw()


def test_each_socket_event_writes_one_line_with_its_outcome(app, webinar_id, log_lines):
    with app.app_context():
        user = make_user(name="Anna Jansen", email="anna@verbind.example")
        services.register(user, db.session.get(Webinar, webinar_id))
    client = app.test_client()
    log_in(client, "anna@verbind.example")
    socket = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=client)
    socket.emit("join", {"webinar_id": webinar_id}, namespace=NAMESPACE, callback=True)
    socket.emit("join", {"webinar_id": "drie"}, namespace=NAMESPACE, callback=True)
    question = {
        "webinar_id": webinar_id,
        "text": "Wie belt Veilig Thuis?",
        "client_token": "token-0001",
    }
    socket.emit("ask", question, namespace=NAMESPACE, callback=True)
    socket.emit("anything-goes", {}, namespace=NAMESPACE)
    socket.disconnect(namespace=NAMESPACE)

    lines = log_lines("socket")
    seen = [(line["namespace"], line["event"], line["outcome"]) for line in lines]
    assert seen == [
        (NAMESPACE, "connect", "accepted"),
        (NAMESPACE, "join", "ok"),
        (NAMESPACE, "join", "invalid"),
        (NAMESPACE, "ask", "ok"),
        (NAMESPACE, "<unknown>", "ignored"),
        (NAMESPACE, "disconnect", "ok"),  # forgets the connection's user
    ]
    assert all(line["duration_ms"] >= 0 for line in lines)
    raw = log_lines.raw()
    assert "Veilig Thuis" not in raw and "Anna" not in raw and "anything-goes" not in raw


def test_a_refused_socket_connection_is_logged_as_refused(app, client, log_lines):
    socket = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=client)
    assert not socket.is_connected(NAMESPACE)
    assert [(line["event"], line["outcome"]) for line in log_lines("socket")] == [
        ("connect", "refused")
    ]
