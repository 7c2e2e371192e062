"""Helpers for tests: submit forms like a browser, make users, read links from mail and CSV
downloads."""

import csv
import io
import re

import sqlalchemy as sa

from community.accounts.models import User
from community.accounts.services import grant_role, hash_password
from community.clock import utcnow
from community.extensions import db

TEST_PASSWORD = "lange-zin-als-wachtwoord"


CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html):
    match = CSRF_PATTERN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def post_form(client, url, data=None, *, page=None, follow_redirects=False):
    """Submit a form the way a browser does: load the page, take its CSRF token, post."""
    html = client.get(page or url).get_data(as_text=True)
    payload = {"csrf_token": csrf_token_from(html), **(data or {})}
    return client.post(url, data=payload, follow_redirects=follow_redirects)


def privacy_digest_from(html, prefix=""):
    """The signature of the privacy findings a warning page showed, or None."""
    match = re.search(rf'name="{re.escape(prefix)}privacy_digest"[^>]*value="([0-9a-f]+)"', html)
    return match.group(1) if match else None


_HIDDEN_INPUT = re.compile(r"<input[^>]*>")


def hidden_fields(html):
    """{name: value} of the hidden inputs of a page, as a browser would send them again."""
    fields = {}
    for tag in _HIDDEN_INPUT.findall(html):
        name = re.search(r'name="([^"]+)"', tag)
        if 'type="hidden"' in tag and name:
            value = re.search(r'value="([^"]*)"', tag)
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def post_confirming_privacy(client, url, data, *, page=None, prefix=""):
    """Post a form as an author who, when the privacy guard warns, ticks "I have checked" for
    the findings shown and sends it again with what the warning page carried."""
    response = post_form(client, url, data, page=page)
    html = page_text(response)
    if response.status_code != 422 or privacy_digest_from(html, prefix) is None:
        return response
    confirmed = {**data, **hidden_fields(html), f"{prefix}confirm_privacy": "y"}
    return client.post(url, data=confirmed)


def page_text(response):
    return response.get_data(as_text=True)


def make_user(
    *,
    name="Lotte Smit",
    email=None,
    password=TEST_PASSWORD,
    roles=(),
    confirmed=True,
    organisation="Wijkteam Deventer",
    function="wijkteam",
    gemeente="Deventer",
):
    """Create a user directly in the database (call inside an app context)."""
    count = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    user = User(
        name=name,
        email=email or f"gebruiker{count + 1}@verbind.example",
        password_hash=hash_password(password),
        organisation=organisation,
        function=function,
        gemeente=gemeente,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(user)
    db.session.flush()
    for role in roles:
        grant_role(user, role)
    db.session.commit()
    return user


def log_in(client, email, password=TEST_PASSWORD, remember=False):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return post_form(client, "/account/login", data)


def path_of(url):
    """The path of an absolute link from a mail, for the test client."""
    return re.sub(r"^https?://[^/]+", "", url)


def csv_rows(response):
    """The cells of a CSV download, read the way Dutch Excel reads it (BOM, semicolons)."""
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff"), "a BOM, so Excel reads the accents right"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
