"""Logging in and out: messages, remember me, rate limits, safe redirects, a fresh session."""

import pytest

from community.accounts.models import User
from community.extensions import db
from tests.helpers import TEST_PASSWORD, csrf_token_from, log_in, page_text, post_form


def test_correct_login_greets_the_user_and_shows_their_name(client, user_factory):
    user_factory(name="Pieter Mulder", email="pieter@verbind.example")
    response = log_in(client, "pieter@verbind.example")
    assert response.status_code == 302
    html = page_text(client.get("/"))
    assert "Welkom, Pieter Mulder." in html
    assert "Uitloggen" in html


@pytest.mark.parametrize("email", ["pieter@verbind.example", "niemand@verbind.example"])
def test_wrong_password_or_unknown_address_get_the_same_message(client, user_factory, email):
    user_factory(email="pieter@verbind.example")
    response = log_in(client, email, "niet-het-goede-wachtwoord")
    assert response.status_code == 401
    html = page_text(response)
    assert "E-mailadres of wachtwoord klopt niet." in html
    assert f'value="{email}"' in html, "the typed address stays in the form"


def test_empty_login_form_gets_messages(client):
    response = post_form(client, "/account/login", {"email": "", "password": ""})
    assert response.status_code == 422
    assert "Vul je e-mailadres in." in page_text(response)


def test_deactivated_account_cannot_log_in(app, client, user_factory):
    user_id, email = user_factory()
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    response = log_in(client, email)
    assert response.status_code == 403
    assert "gedeactiveerd" in page_text(response)


def test_remember_me_sets_a_long_lived_cookie_only_when_asked(app, user_factory):
    _, email = user_factory()
    forgetful = app.test_client()
    log_in(forgetful, email)
    assert forgetful.get_cookie("remember_token") is None

    remembered = app.test_client()
    log_in(remembered, email, remember=True)
    cookie = remembered.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only
    # A browser restart drops the session cookie; the remember cookie logs the user back in.
    remembered.delete_cookie("session")
    assert "Uitloggen" in page_text(remembered.get("/"))


def test_logout_ends_the_session(client, login_as):
    login_as("member")
    response = post_form(client, "/account/logout", page="/", follow_redirects=True)
    assert "Je bent uitgelogd." in page_text(response)
    html = page_text(client.get("/account/profile", follow_redirects=True))
    assert "Log in om deze pagina te bekijken." in html


def test_logout_by_get_is_not_allowed(client, login_as):
    login_as("member")
    assert client.get("/account/logout").status_code == 405
    assert client.get("/account/profile").status_code == 200


def test_login_redirects_back_to_the_page_asked_for(client, user_factory):
    _, email = user_factory()
    response = client.get("/account/profile")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert "next=" in login_url
    html = page_text(client.get(login_url))
    response = client.post(
        login_url,
        data={"csrf_token": csrf_token_from(html), "email": email, "password": TEST_PASSWORD},
    )
    assert response.headers["Location"] == "/account/profile"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_login_never_redirects_off_site(client, user_factory, target):
    _, email = user_factory()
    html = page_text(client.get("/account/login"))
    response = client.post(
        "/account/login",
        query_string={"next": target},
        data={"csrf_token": csrf_token_from(html), "email": email, "password": TEST_PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_login_starts_a_new_session(client, user_factory):
    _, email = user_factory()
    client.get("/")
    with client.session_transaction() as session:
        session["planted_by_attacker"] = "yes"
    log_in(client, email)
    with client.session_transaction() as session:
        assert "planted_by_attacker" not in session
        assert "_user_id" in session


def test_login_attempts_are_rate_limited_with_a_clear_message(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    for _ in range(3):
        assert log_in(client, "iemand@verbind.example", "fout-fout-fout").status_code == 401
    response = log_in(client, "iemand@verbind.example", "fout-fout-fout")
    assert response.status_code == 429
    assert "Te veel pogingen" in page_text(response)
    # Reading the login page is not limited.
    assert client.get("/account/login").status_code == 200


def test_login_attempts_on_one_account_are_limited_across_addresses(app, client, user_factory):
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "2 per minute"
    _, email = user_factory()
    for _ in range(2):
        log_in(client, email, "fout-fout-fout")
    # Another IP address: the per-address limit would not stop it, the per-account one does.
    html = page_text(client.get("/account/login"))
    response = client.post(
        "/account/login",
        data={"csrf_token": csrf_token_from(html), "email": email, "password": "x" * 12},
        environ_base={"REMOTE_ADDR": "10.9.8.7"},
    )
    assert response.status_code == 429
