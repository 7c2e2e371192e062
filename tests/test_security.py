"""Security baseline: headers, cookies, CSRF, configuration guards."""

import re

import pytest

from community import create_app
from community.config import ProductionConfig, local_secret_key
from community.security import CONTENT_SECURITY_POLICY, safe_redirect_target
from tests.helpers import log_in, page_text


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/account/login", "/account/register", "/help"])
def test_pages_have_no_inline_script_or_style(client, path):
    html = page_text(client.get(path))
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert " style=" not in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_session_cookie_is_httponly_and_samesite_lax(client, user_factory):
    _, email = user_factory()
    response = log_in(client, email, remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    remember_cookie = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session_cookie, remember_cookie):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie


def test_production_cookies_are_secure_and_need_a_secret_key(monkeypatch, tmp_path):
    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE

    class NoSecret(ProductionConfig):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'x.sqlite'}"

    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        create_app(NoSecret)


def test_production_sends_hsts(tmp_path):
    class Production(ProductionConfig):
        SECRET_KEY = "x" * 40
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'x.sqlite'}"

    response = create_app(Production).test_client().get("/help")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_local_secret_key_is_generated_once_and_kept(tmp_path):
    first = local_secret_key(tmp_path)
    assert len(first) >= 64
    assert local_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("path", ["/account/login", "/account/reset", "/language"])
def test_state_changing_posts_without_csrf_token_are_refused(client, path):
    response = client.post(path, data={"email": "a@verbind.example", "password": "x" * 12})
    assert response.status_code == 400
    assert "Dit formulier is verlopen" in page_text(response)


def test_csrf_token_from_another_session_is_refused(app, client, user_factory):
    _, email = user_factory()
    stranger = app.test_client()
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', page_text(stranger.get("/account/login"))
    ).group(1)
    client.get("/")
    response = client.post(
        "/account/login", data={"csrf_token": token, "email": email, "password": "x" * 12}
    )
    assert response.status_code == 400


def test_csrf_covers_logout(client, login_as):
    login_as("member")
    assert client.post("/account/logout").status_code == 400
    assert client.get("/account/profile").status_code == 200


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/forum?page=2", "/forum?page=2"),
        ("https://evil.example", None),
        ("//evil.example", None),
        ("/\\evil.example", None),
        ("evil", None),
        ("", None),
        ("/help\r\nSet-Cookie: a=b", None),
        ("/\t/evil.example", None),
        ("/help\u2028", None),
        ("/forum/search?q=kinderopvang+é", "/forum/search?q=kinderopvang+é"),
    ],
)
def test_redirect_targets_stay_on_site(target, expected):
    assert safe_redirect_target(target) == expected


def test_policy_forbids_plugins_and_foreign_forms():
    assert "object-src 'none'" in CONTENT_SECURITY_POLICY
    assert "form-action 'self'" in CONTENT_SECURITY_POLICY
