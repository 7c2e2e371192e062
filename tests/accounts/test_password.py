"""Password reset by a mailed, expiring, single-use link; a new password ends other sessions."""

from tests.helpers import TEST_PASSWORD, log_in, page_text, path_of, post_form

NEW_PASSWORD = "fietsen-langs-de-ijssel"


def request_reset_link(client, mail_log, email):
    response = post_form(client, "/account/reset", {"email": email}, follow_redirects=True)
    assert "hebben we een link gestuurd om een nieuw wachtwoord te kiezen" in page_text(response)
    return path_of(mail_log.last_link())


def test_reset_link_from_the_log_sets_a_new_password(client, user_factory, mail_log):
    _, email = user_factory()
    link = request_reset_link(client, mail_log, email)
    assert link.startswith("/account/reset/")
    assert "Stel een nieuw wachtwoord in voor Verbind" in mail_log.messages[-1]

    response = post_form(
        client, link, {"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD},
        follow_redirects=True,
    )  # fmt: skip
    assert "Je wachtwoord is gewijzigd. Log in met je nieuwe wachtwoord." in page_text(response)
    assert log_in(client, email, TEST_PASSWORD).status_code == 401
    assert log_in(client, email, NEW_PASSWORD).status_code == 302


def test_reset_link_works_only_once(client, user_factory, mail_log):
    _, email = user_factory()
    link = request_reset_link(client, mail_log, email)
    post_form(client, link, {"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})
    response = client.get(link, follow_redirects=True)
    assert "niet geldig of al gebruikt" in page_text(response)


def test_expired_reset_link_says_so(app, client, user_factory, mail_log):
    _, email = user_factory()
    link = request_reset_link(client, mail_log, email)
    app.config["RESET_TOKEN_MAX_AGE"] = -1
    response = client.get(link, follow_redirects=True)
    assert "Deze resetlink is verlopen. Vraag een nieuwe aan." in page_text(response)
    assert log_in(client, email, TEST_PASSWORD).status_code == 302


def test_weak_new_password_is_refused_and_the_link_still_works(client, user_factory, mail_log):
    _, email = user_factory()
    link = request_reset_link(client, mail_log, email)
    response = post_form(client, link, {"password": "kort", "password_repeat": "kort"})
    assert response.status_code == 422
    assert "Gebruik minstens 10 tekens." in page_text(response)
    response = post_form(client, link, {"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})
    assert response.status_code == 302


def test_reset_for_unknown_address_sends_nothing_but_answers_the_same(client, mail_log):
    response = post_form(client, "/account/reset", {"email": "niemand@verbind.example"})
    assert response.status_code == 302
    assert mail_log.links() == []


def test_reset_confirms_an_unconfirmed_address(client, user_factory, mail_log):
    _, email = user_factory(confirmed=False)
    link = request_reset_link(client, mail_log, email)
    post_form(client, link, {"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})
    assert log_in(client, email, NEW_PASSWORD).status_code == 302


def test_reset_requests_are_rate_limited(app, client, user_factory, mail_log):
    app.config["MAIL_REQUEST_RATE_LIMIT"] = "2 per hour"
    _, email = user_factory()
    for _ in range(2):
        post_form(client, "/account/reset", {"email": email})
    response = post_form(client, "/account/reset", {"email": email})
    assert response.status_code == 429
    assert "Te veel pogingen" in page_text(response)
    assert len(mail_log.links()) == 2


def test_change_password_needs_the_current_one(client, login_as):
    login_as("member")
    response = post_form(
        client,
        "/account/password",
        {"current_password": "verkeerd-wachtwoord", "password": NEW_PASSWORD,
         "password_repeat": NEW_PASSWORD},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Je huidige wachtwoord klopt niet." in page_text(response)


def test_changing_the_password_logs_out_other_devices(app, client, login_as):
    login_as("member", email="twee@verbind.example")
    other_device = app.test_client()
    log_in(other_device, "twee@verbind.example", remember=True)
    assert other_device.get("/account/profile").status_code == 200

    response = post_form(
        client,
        "/account/password",
        {"current_password": TEST_PASSWORD, "password": NEW_PASSWORD,
         "password_repeat": NEW_PASSWORD},
    )  # fmt: skip
    assert response.status_code == 302
    assert client.get("/account/profile").status_code == 200, "this device stays logged in"
    assert other_device.get("/account/profile").status_code == 302, "the other is logged out"
