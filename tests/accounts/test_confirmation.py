"""Confirming the address from the mailed link logs the person in and takes them where they were
going when they registered; a used, expired or foreign link does not log anyone in."""

from community.accounts.models import User
from community.extensions import db
from tests.helpers import csrf_token_from, log_in, page_text, path_of, post_form

DETAILS = {
    "name": "Hanna Vos",
    "email": "hanna.vos@jgz.example",
    "organisation": "GGD Hollands Midden",
    "function": "ggz",
    "gemeente": "Leiden",
    "password": "koffie-met-de-buurvrouw",
    "password_repeat": "koffie-met-de-buurvrouw",
}


def register_from(client, next_path):
    """Register the way a visitor does who clicked "log in to register" on a page."""
    login_page = page_text(client.get(f"/account/login?next={next_path}"))
    register_url = f"/account/register?next={next_path}"
    assert register_url in login_page
    response = post_form(client, register_url, DETAILS)
    assert response.status_code == 200
    return response


def confirmed_location(client, link):
    response = post_form(client, path_of(link))
    assert response.status_code == 302
    return response.headers["Location"]


def test_confirming_logs_in_and_goes_on_to_the_page_the_person_came_from(client, mail_log):
    register_from(client, "/webinars/3")
    link = mail_log.last_link()

    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "hanna.vos@jgz.example" in page_text(page)
    assert "Uitloggen" not in page_text(page)  # opening the link alone logs nobody in

    assert confirmed_location(client, link) == "/webinars/3"
    home = page_text(client.get("/"))
    assert "Uitloggen" in home and "Welkom bij Verbind, Hanna Vos." in home


def test_a_next_address_off_site_is_dropped_on_the_way(client, mail_log):
    post_form(client, "/account/register?next=//evil.example/x", DETAILS)
    assert confirmed_location(client, mail_log.last_link()) == "/"


def test_without_a_next_address_confirming_leads_home(client, mail_log):
    post_form(client, "/account/register", DETAILS)
    assert confirmed_location(client, mail_log.last_link()) == "/"


def test_a_used_link_does_not_log_in_again(app, mail_log):
    register_from(app.test_client(), "/events/2")
    link = mail_log.last_link()
    assert confirmed_location(app.test_client(), link) == "/events/2"

    other_browser = app.test_client()
    response = other_browser.get(path_of(link), follow_redirects=True)
    html = page_text(response)
    assert "Je e-mailadres was al bevestigd. Log in om verder te gaan." in html
    assert "Uitloggen" not in html
    # The login form still knows where the person was going.
    assert response.request.path == "/account/login"
    assert response.request.args["next"] == "/events/2"
    assert log_in(other_browser, DETAILS["email"], DETAILS["password"]).status_code == 302


def test_pressing_the_button_twice_logs_in_only_once(app, client, mail_log):
    register_from(client, "/events/2")
    link = mail_log.last_link()
    # A second browser has the page open too, and presses the button after the first one.
    late = app.test_client()
    late_html = page_text(late.get(path_of(link)))
    assert confirmed_location(client, link) == "/events/2"
    response = late.post(path_of(link), data={"csrf_token": csrf_token_from(late_html)})
    assert response.headers["Location"].startswith("/account/login")
    assert "Uitloggen" not in page_text(late.get("/"))


def test_an_expired_link_explains_and_does_not_log_in(app, client, mail_log):
    register_from(client, "/webinars/3")
    app.config["CONFIRM_TOKEN_MAX_AGE"] = -1
    response = client.get(path_of(mail_log.last_link()), follow_redirects=True)
    html = page_text(response)
    assert "Deze bevestigingslink is verlopen" in html and "Uitloggen" not in html
    response = client.post(
        path_of(mail_log.last_link()), data={"csrf_token": csrf_token_from(html)}
    )
    assert response.headers["Location"] == "/account/confirm"
    with app.app_context():
        assert not User.by_email(DETAILS["email"]).email_confirmed


def test_confirming_while_logged_in_as_someone_else_changes_nothing(
    app, client, login_as, mail_log
):
    post_form(app.test_client(), "/account/register?next=/events/2", DETAILS)
    link = mail_log.last_link()
    login_as("member")
    me = page_text(client.get("/account/profile"))

    response = client.get(path_of(link))
    assert response.status_code == 409
    assert "hanna.vos@jgz.example" in page_text(response)
    assert "Log eerst uit" in page_text(response)
    response = client.post(path_of(link), data={"csrf_token": csrf_token_from(me)})
    assert response.status_code == 409
    # Still the same person, and the link still works for its owner.
    assert page_text(client.get("/account/profile")).count("hanna.vos@jgz.example") == 0
    with app.app_context():
        assert not User.by_email(DETAILS["email"]).email_confirmed
    assert confirmed_location(app.test_client(), link) == "/events/2"


def test_a_deactivated_account_is_confirmed_by_nobody(app, client, mail_log):
    post_form(client, "/account/register", DETAILS)
    with app.app_context():
        User.by_email(DETAILS["email"]).active = False
        db.session.commit()
    response = client.get(path_of(mail_log.last_link()), follow_redirects=True)
    assert "gedeactiveerd" in page_text(response)
    assert "Uitloggen" not in page_text(response)


def test_a_new_link_requested_from_the_login_page_keeps_the_destination(client, mail_log):
    register_from(client, "/webinars/3")
    # The first mail got lost; the person asks for a new link from the login page.
    credentials = {"email": DETAILS["email"], "password": DETAILS["password"]}
    response = post_form(client, "/account/login?next=/webinars/3", credentials)
    assert response.status_code == 403
    assert "/account/confirm?next=/webinars/3" in page_text(response)
    post_form(client, "/account/confirm?next=/webinars/3", {"email": DETAILS["email"]})
    assert len(mail_log.links()) == 2
    assert confirmed_location(client, mail_log.last_link()) == "/webinars/3"


def test_the_confirmation_page_needs_the_csrf_token(client, mail_log):
    post_form(client, "/account/register", DETAILS)
    response = client.post(path_of(mail_log.last_link()))
    assert response.status_code == 400
    assert "Uitloggen" not in page_text(client.get("/"))
