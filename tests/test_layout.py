"""What every page shows: the help line, landmarks, Dutch by default, English on request."""

import re

import pytest

from community.accounts.models import User
from community.extensions import db
from tests.helpers import log_in, page_text, post_form

PUBLIC_PAGES = [
    "/",
    "/help",
    "/account/login",
    "/account/register",
    "/account/reset",
    "/account/confirm",
    "/bestaat-niet",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_shows_the_veilig_thuis_help_line(client, path):
    html = page_text(client.get(path))
    assert "Vermoeden van kindermishandeling of huiselijk geweld?" in html
    assert "Bel Veilig Thuis:" in html
    assert "0800-2000" in html
    assert "(gratis, 24/7)" in html


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_has_landmarks_and_a_skip_link(client, path):
    html = page_text(client.get(path))
    assert '<html lang="nl">' in html
    assert '<a class="skip-link" href="#main">Direct naar de inhoud</a>' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html


def test_pages_of_logged_in_users_show_the_help_line_too(client, login_as):
    login_as("admin")
    for path in ["/account/profile", "/account/password", "/admin/users"]:
        assert "0800-2000" in page_text(client.get(path)), path


def test_every_form_field_has_a_label(client):
    html = page_text(client.get("/account/register"))
    fields = re.findall(r"<(?:input|select|textarea)[^>]*>", html)
    visible = [f for f in fields if 'type="hidden"' not in f]
    field_ids = [re.search(r'\bid="([^"]+)"', f).group(1) for f in visible]
    assert field_ids, "the registration form has fields"
    for field_id in field_ids:
        assert f'for="{field_id}"' in html, f"field {field_id} has no label"


def test_language_switch_turns_the_interface_english_and_back(client):
    response = post_form(client, "/language", {"locale": "en", "next": "/account/login"}, page="/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/login")
    html = page_text(client.get("/account/login"))
    assert '<html lang="en">' in html
    assert "Suspicion of child abuse or domestic violence?" in html
    assert "Forgot your password?" in html

    post_form(client, "/language", {"locale": "nl"}, page="/")
    html = page_text(client.get("/account/login"))
    assert '<html lang="nl">' in html
    assert "Wachtwoord vergeten?" in html


def test_unknown_language_keeps_dutch(client):
    post_form(client, "/language", {"locale": "xx"}, page="/")
    assert '<html lang="nl">' in page_text(client.get("/"))


def test_language_switch_does_not_redirect_off_site(client):
    response = post_form(client, "/language", {"locale": "en", "next": "//evil.example/"}, page="/")
    assert response.headers["Location"] == "/"


def test_logged_in_users_language_choice_is_remembered_on_their_account(app, client, login_as):
    login_as("member")
    post_form(client, "/language", {"locale": "en"}, page="/")
    other_device = app.test_client()
    with app.app_context():
        email = db.session.scalars(db.select(User.email)).first()
    log_in(other_device, email)
    assert '<html lang="en">' in page_text(other_device.get("/"))


def test_navigation_links_only_to_pages_that_exist(client, login_as):
    login_as("admin")
    html = page_text(client.get("/"))
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    for href in re.findall(r'href="(/[^"]*)"', header):
        assert client.get(href).status_code == 200, href


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in page_text(response)


def test_help_page_lists_veilig_thuis_and_emergency_number(client):
    html = page_text(client.get("/help"))
    assert "0800-2000" in html
    assert "112" in html
    assert "0800-0432" in html


def test_static_css_is_served_locally(client):
    html = page_text(client.get("/"))
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    # verbind.css first on every page; a page may add its own (the home page: home.css).
    assert stylesheets[0] == "/static/css/verbind.css"
    for stylesheet in stylesheets:
        assert stylesheet.startswith("/static/css/")
        assert client.get(stylesheet).status_code == 200
    # Nothing is fetched from another host: pages work offline.
    assert not re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', html)
