"""CSRF on every POST route of the URL map, the same-origin Socket.IO handshake, and the login
and reset forms against brute force and address probing."""

import re

import pytest

from community.accounts.models import User
from community.accounts.tokens import make_confirmation_token
from community.extensions import db
from tests.helpers import csrf_token_from, log_in, page_text, post_form
from tests.security.fuzz.conftest import page_messages
from tests.security.fuzz.test_forms import ENDPOINTS, form_specs


@pytest.fixture(scope="module")
def post_routes(scene):
    return {
        endpoint: spec[1] or "/courses/attempts/1" for endpoint, spec in form_specs(scene).items()
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_post_route_refuses_a_missing_or_foreign_csrf_token(
    fuzz_app, visitors, post_routes, endpoint
):
    url = post_routes[endpoint]
    client = visitors["admin"].client
    foreign = visitors["member"].token
    for data in ({}, {"csrf_token": foreign}, {"csrf_token": "not-a-token"}):
        response = client.post(url, data={**data, "email": "a@verbind.example"})
        assert response.status_code == 400, url
        assert "Dit formulier is verlopen" in page_text(response)


@pytest.mark.parametrize(
    "origin, status", [("https://evil.example", 400), ("http://localhost", 200), (None, 200)]
)
def test_socketio_handshake_refuses_other_origins(fuzz_app, origin, status):
    headers = {"Origin": origin} if origin else {}
    response = fuzz_app.test_client().get(
        "/socket.io/", query_string={"EIO": "4", "transport": "polling"}, headers=headers
    )
    assert response.status_code == status


def test_login_is_limited_per_account_across_addresses(app, client, user_factory):
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "3 per minute"
    _, email = user_factory()
    for number in range(3):
        html = page_text(client.get("/account/login"))
        response = client.post(
            "/account/login",
            data={"csrf_token": csrf_token_from(html), "email": email, "password": "x" * 12},
            environ_base={"REMOTE_ADDR": f"10.0.0.{number + 1}"},
        )
        assert response.status_code == 401
    # The right password from yet another address: the account is still locked for now.
    response = log_in(client, email.upper())
    assert response.status_code == 429
    assert "Te veel pogingen" in page_text(response)


def test_login_limit_per_address_covers_unknown_accounts(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "4 per minute"
    statuses = [
        log_in(client, f"niemand{n}@verbind.example", "x" * 12).status_code for n in range(5)
    ]
    assert statuses == [401] * 4 + [429]


def _message_and_status(response):
    html = page_text(response)
    html = re.sub(r'value="[^"]*"', "", html)  # the typed address differs, nothing else may
    html = re.sub(r'name="csrf_token"[^>]*>', "", html)
    return response.status_code, html


@pytest.mark.parametrize("state", ["confirmed", "unconfirmed", "deactivated"])
def test_unknown_address_and_wrong_password_look_the_same(app, user_factory, state):
    # "Confirm your address first" and "deactivated" come only after the right password.
    user_id, email = user_factory(email="bekend@verbind.example", confirmed=state != "unconfirmed")
    with app.app_context():
        db.session.get(User, user_id).active = state != "deactivated"
        db.session.commit()
    known = log_in(app.test_client(), email, "niet-het-wachtwoord")
    unknown = log_in(app.test_client(), "onbekend@verbind.example", "niet-het-wachtwoord")
    assert known.status_code == 401
    assert _message_and_status(known) == _message_and_status(unknown)


@pytest.mark.parametrize("path", ["/account/reset", "/account/confirm"])
def test_mail_requests_answer_the_same_for_known_and_unknown_addresses(
    app, user_factory, mail_log, path
):
    _, email = user_factory(email="bekend@verbind.example", confirmed=False)
    answers = []
    for address in (email, "onbekend@verbind.example"):
        client = app.test_client()
        response = post_form(client, path, {"email": address})
        flashed = page_messages(page_text(client.get("/account/login")))
        answers.append((response.status_code, response.headers.get("Location"), flashed))
    assert "link" in answers[0][2][0]
    assert answers[0] == answers[1]
    # Only the owner of the account hears of it, by mail.
    [mail] = mail_log.messages
    assert "To: bekend@verbind.example" in mail


def test_registration_answers_the_same_for_known_and_unknown_addresses(app, user_factory, mail_log):
    user_factory(email="bekend@verbind.example")
    form = {
        "name": "Nieuwe Collega",
        "organisation": "GGD",
        "function": "jgz",
        "gemeente": "Utrecht",
        "password": "een-lange-zin-voor-de-test",
        "password_repeat": "een-lange-zin-voor-de-test",
    }
    answers = []
    for address in ("bekend@verbind.example", "onbekend@verbind.example"):
        response = post_form(app.test_client(), "/account/register", {**form, "email": address})
        status, html = _message_and_status(response)
        answers.append((status, html.replace(address, "ADDRESS")))
    assert answers[0][0] == 200
    assert answers[0] == answers[1]
    to_owner, to_new = mail_log.messages
    assert "To: bekend@verbind.example" in to_owner and "/account/reset" in to_owner
    assert "To: onbekend@verbind.example" in to_new and "/account/confirm/" in to_new


def test_confirmation_link_expires(app, client, user_factory):
    user_id, _ = user_factory(confirmed=False)
    with app.app_context():
        token = make_confirmation_token(db.session.get(User, user_id))
    app.config["CONFIRM_TOKEN_MAX_AGE"] = -1
    response = client.get(f"/account/confirm/{token}", follow_redirects=True)
    assert "Deze bevestigingslink is verlopen" in page_text(response)
    with app.app_context():
        assert not db.session.get(User, user_id).email_confirmed


def test_confirmation_link_for_an_old_address_stops_working(app, client, user_factory):
    user_id, _ = user_factory(confirmed=False)
    with app.app_context():
        user = db.session.get(User, user_id)
        token = make_confirmation_token(user)
        user.email = "nieuw-adres@verbind.example"
        db.session.commit()
    response = client.get(f"/account/confirm/{token}", follow_redirects=True)
    assert "Deze bevestigingslink is niet geldig" in page_text(response)
    with app.app_context():
        assert not db.session.get(User, user_id).email_confirmed


def test_tampered_reset_link_is_refused(client):
    response = client.get("/account/reset/eyJpZCI6MX0.abc.def", follow_redirects=True)
    assert "niet geldig of al gebruikt" in page_text(response)
