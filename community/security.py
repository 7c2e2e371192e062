"""Security headers on every response (a Content-Security-Policy without inline script), the
check that keeps redirects on this site, and the fingerprint that session protection compares."""

import unicodedata
from hashlib import sha512
from urllib.parse import urlsplit

from flask import abort, request
from werkzeug.routing import IntegerConverter

# The largest id a database integer column holds; larger numbers in a URL or a socket payload
# would make the database driver raise (SQLite: OverflowError) instead of finding nothing.
MAX_ID = 2**31 - 1

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class BoundedIntegerConverter(IntegerConverter):
    """<int:...> in routes, but a number no table can hold is a 404, not a driver error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def storable_text(value):
    """False for text no database column takes: NUL bytes (PostgreSQL refuses them) and lone
    surrogates (not encodable as UTF-8), which only a crafted request can contain."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def register(app):
    @app.before_request
    def refuse_unstorable_text():
        # Before any view: one place instead of a check in every form and query.
        for values in (request.args, request.form):
            for _name, value in values.items(multi=True):
                if not storable_text(value):
                    abort(400)

    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config["ENV_NAME"] == "production":
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def session_fingerprint():
    """What Flask-Login's session protection compares between requests of one session: the
    client's address as resolved behind the trusted proxies (see TRUSTED_PROXY_HOPS) and its
    browser. A change marks the session not fresh, so sensitive actions ask for the password."""
    user_agent = request.headers.get("User-Agent", "")
    return sha512(f"{request.remote_addr}|{user_agent}".encode()).hexdigest()


# Control and format characters, and line and paragraph separators: a CR or LF would split the
# Location header (Werkzeug refuses it: a 500), and browsers drop tabs and newlines from a URL,
# so "/\t/evil.example" would lead off site.
_NOT_IN_A_TARGET = {"Cc", "Cf", "Zl", "Zp"}


def safe_redirect_target(target):
    """Only local paths, so a crafted link cannot send someone elsewhere after an action. Every
    redirect to an address taken from the request goes through here."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(unicodedata.category(character) in _NOT_IN_A_TARGET for character in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
