"""Registering, confirming the address from the mailed link, and the messages when it goes wrong;
an address that already has an account gets the same answer, and its owner a note."""

import re

import pytest

from community.accounts.models import User
from community.extensions import db
from tests.helpers import csrf_token_from, log_in, page_text, path_of, post_form

VALID = {
    "name": "Anouk Peters",
    "email": "Anouk.Peters@Wijkteam.example",
    "organisation": "Wijkteam Arnhem-Noord",
    "function": "wijkteam",
    "gemeente": "Arnhem",
    "password": "thee-zetten-voor-het-overleg",
    "password_repeat": "thee-zetten-voor-het-overleg",
    "request_verification": "y",
}


def register(client, **changes):
    return post_form(client, "/account/register", {**VALID, **changes})


def test_register_confirm_from_the_logged_link_and_log_in(client, mail_log):
    response = register(client)
    assert response.status_code == 200
    assert "anouk.peters@wijkteam.example" in page_text(response)

    # Not confirmed yet: login is refused with a clear message.
    response = log_in(client, "anouk.peters@wijkteam.example", VALID["password"])
    assert response.status_code == 403
    assert "Je hebt je e-mailadres nog niet bevestigd." in page_text(response)

    link = mail_log.last_link()
    assert "/account/confirm/" in link
    # Opening the link shows the address and a button; pressing it confirms and logs in.
    assert "anouk.peters@wijkteam.example" in page_text(client.get(path_of(link)))
    response = post_form(client, path_of(link), follow_redirects=True)
    assert "Je e-mailadres is bevestigd. Welkom bij Verbind, Anouk Peters." in page_text(response)
    assert "Uitloggen" in page_text(response)

    client.post("/account/logout", data={"csrf_token": csrf_token_from(page_text(response))})
    response = log_in(client, "ANOUK.peters@wijkteam.example", VALID["password"])
    assert response.status_code == 302
    assert "Anouk Peters" in page_text(client.get("/"))


def test_registration_stores_the_details_and_the_verification_request(app, client, mail_log):
    register(client)
    with app.app_context():
        user = User.by_email(VALID["email"])
        assert user.organisation == "Wijkteam Arnhem-Noord"
        assert user.function == "wijkteam"
        assert user.gemeente == "Arnhem"
        assert user.verification == "pending"
        assert user.password_hash != VALID["password"]
        assert user.password_hash.startswith("pbkdf2:")


def comparable(response, email):
    """Status and page with the typed address and the per-request CSRF tokens taken out."""
    html = page_text(response).replace(email, "ADDRESS")
    return response.status_code, re.sub(r'name="csrf_token"[^>]*>', "", html)


def test_an_existing_address_gets_the_same_answer_and_its_owner_gets_a_note(
    app, user_factory, mail_log
):
    owner_id, owner_email = user_factory(name="Anouk Peters", email="anouk.peters@wijkteam.example")
    with app.app_context():
        before = db.session.get(User, owner_id).password_hash
    existing = register(app.test_client())
    new = register(app.test_client(), email="nieuw.adres@wijkteam.example")
    assert existing.status_code == 200
    assert comparable(existing, owner_email) == comparable(new, "nieuw.adres@wijkteam.example")

    to_owner, to_new = mail_log.messages
    assert "To: anouk.peters@wijkteam.example" in to_owner
    assert "Je hebt al een account op Verbind" in to_owner
    assert "http://localhost/account/login" in to_owner
    assert "http://localhost/account/reset" in to_owner
    assert "/account/confirm/" not in to_owner
    assert "To: nieuw.adres@wijkteam.example" in to_new and "/account/confirm/" in to_new

    with app.app_context():
        owner = User.by_email(owner_email)
        assert (owner.name, owner.password_hash, owner.verification) == (
            "Anouk Peters",
            before,
            "not_requested",
        )
    assert log_in(app.test_client(), owner_email, VALID["password"]).status_code == 401
    assert log_in(app.test_client(), owner_email).status_code == 302


def test_a_weak_password_gets_the_same_answer_for_an_existing_address(app, user_factory, mail_log):
    _, owner_email = user_factory(email="anouk.peters@wijkteam.example")
    weak = {"password": "kort", "password_repeat": "kort"}
    existing = register(app.test_client(), **weak)
    new = register(app.test_client(), email="nieuw.adres@wijkteam.example", **weak)
    assert existing.status_code == 422
    assert "Gebruik minstens 10 tekens." in page_text(existing)
    # The form keeps what was typed, the address as typed included.
    assert comparable(existing, VALID["email"]) == comparable(new, "nieuw.adres@wijkteam.example")
    assert mail_log.messages == []


def test_registration_limit_per_ip_counts_new_and_existing_addresses_alike(
    app, client, user_factory
):
    app.config["REGISTER_RATE_LIMIT"] = "2 per minute"
    user_factory(email="anouk.peters@wijkteam.example")
    assert register(client).status_code == 200
    assert register(client, email="nieuw.adres@wijkteam.example").status_code == 200
    response = register(client, email="nog.een@wijkteam.example")
    assert response.status_code == 429
    assert "Te veel pogingen" in page_text(response)
    # From another IP address registering works again.
    other = app.test_client()
    html = page_text(other.get("/account/register"))
    response = other.post(
        "/account/register",
        data={**VALID, "email": "nog.een@wijkteam.example", "csrf_token": csrf_token_from(html)},
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "password, message",
    [
        ("kort", "Gebruik minstens 10 tekens."),
        ("wachtwoord123", "Dit wachtwoord is te makkelijk te raden"),
        ("aaaaaaaaaaaaa", "Dit wachtwoord is te makkelijk te raden"),
        ("anouk-is-mijn-naam", "naam"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(app, client, password, message):
    response = register(client, password=password, password_repeat=password)
    assert response.status_code == 422
    assert message in page_text(response)
    with app.app_context():
        assert User.by_email(VALID["email"]) is None


def test_mismatched_passwords_are_refused(client):
    response = register(client, password_repeat="iets-heel-anders-dan-dat")
    assert response.status_code == 422
    assert "De twee wachtwoorden zijn niet gelijk." in page_text(response)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"email": "geen-adres"}, "Dit is geen geldig e-mailadres."),
        ({"name": ""}, "Vul je naam in."),
        ({"name": "x" * 101}, "100 tekens"),
        ({"function": "hacker"}, "Werkveld"),
        ({"gemeente": ""}, "gemeente"),
    ],
)
def test_invalid_fields_get_a_message_not_an_error_page(client, changes, message):
    response = register(client, **changes)
    assert response.status_code == 422
    assert message in page_text(response)
    # What was typed elsewhere is still in the form.
    assert 'value="Wijkteam Arnhem-Noord"' in page_text(response)


def test_registration_without_csrf_token_is_refused(app, client):
    response = client.post("/account/register", data=VALID)
    assert response.status_code == 400
    assert "Dit formulier is verlopen" in page_text(response)
    with app.app_context():
        assert User.by_email(VALID["email"]) is None


def test_expired_confirmation_link_explains_and_offers_a_new_one(app, client, mail_log):
    register(client)
    app.config["CONFIRM_TOKEN_MAX_AGE"] = -1
    response = client.get(path_of(mail_log.last_link()), follow_redirects=True)
    html = page_text(response)
    assert "Deze bevestigingslink is verlopen. Vraag hieronder een nieuwe aan." in html
    # The page to ask for a new link, with the e-mail field ready.
    assert 'name="email"' in html and response.request.path == "/account/confirm"


def test_tampered_confirmation_link_is_refused(client, mail_log):
    register(client)
    response = client.get(path_of(mail_log.last_link()) + "x", follow_redirects=True)
    assert "Deze bevestigingslink is niet geldig" in page_text(response)
    assert log_in(client, VALID["email"], VALID["password"]).status_code == 403


def test_new_confirmation_link_can_be_requested(client, mail_log):
    register(client)
    first = mail_log.last_link()
    response = post_form(client, "/account/confirm", {"email": VALID["email"]})
    assert response.status_code == 302
    second = mail_log.last_link()
    assert second.startswith("http") and len(mail_log.links()) == 2
    post_form(client, path_of(second))
    client.post("/account/logout", data={"csrf_token": csrf_token_from(page_text(client.get("/")))})
    assert log_in(client, VALID["email"], VALID["password"]).status_code == 302
    # The old link still points at the same address, so it simply says "already confirmed".
    response = client.get(path_of(first), follow_redirects=True)
    assert "al bevestigd" in page_text(response)


def test_confirmation_request_does_not_reveal_whether_an_account_exists(client, user_factory):
    user_factory(email="bestaat@verbind.example", confirmed=False)
    flash = "Als er een onbevestigd account met dit adres bestaat"
    for email in ["bestaat@verbind.example", "onbekend@verbind.example"]:
        response = post_form(client, "/account/confirm", {"email": email}, follow_redirects=True)
        assert response.status_code == 200
        assert flash in page_text(response)


def test_registration_mail_is_in_the_users_language(client, mail_log):
    post_form(client, "/language", {"locale": "en"}, page="/")
    register(client)
    assert "Confirm your e-mail address" in mail_log.messages[-1]


def test_logged_in_user_is_sent_home_from_registration(client, login_as):
    login_as("member")
    assert client.get("/account/register").status_code == 302


def test_user_count_unchanged_by_refused_registrations(app, client):
    register(client, email="")
    register(client, password="kort", password_repeat="kort")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_two_sign_ups_for_one_address_at_once_both_get_the_usual_answer(
    app, user_factory, mail_log, monkeypatch
):
    # The other sign-up committed between this one's look-up and its commit.
    _, owner_email = user_factory(email="anouk.peters@wijkteam.example")
    looked_up = []

    def not_there_yet(email):
        looked_up.append(email)
        if len(looked_up) == 1:
            return None
        return db.session.scalar(db.select(User).where(User.email == owner_email))

    monkeypatch.setattr(User, "by_email", staticmethod(not_there_yet))
    response = register(app.test_client())
    assert response.status_code == 200
    assert "anouk.peters@wijkteam.example" in page_text(response)
    [note] = mail_log.messages
    assert "To: anouk.peters@wijkteam.example" in note and "Je hebt al een account" in note
