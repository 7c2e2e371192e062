"""Administration: each role sees what it may; moderators verify, admins grant roles."""

import pytest

from community.accounts.models import User
from community.extensions import db
from tests.helpers import csrf_token_from, hidden_fields, log_in, make_user, page_text, post_form


def reload(app, user_id):
    with app.app_context():
        user = db.session.get(User, user_id)
        return {
            "roles": {str(role) for role in user.role_names},
            "verification": user.verification,
            "note": user.verification_note,
        }


@pytest.mark.parametrize(
    "role, status",
    [
        ("member", 403),
        ("professional", 403),
        ("organiser", 403),
        ("moderator", 200),
        ("admin", 200),
    ],
)
def test_user_list_is_for_moderators_and_admins(client, login_as, role, status):
    login_as(role)
    response = client.get("/admin/users")
    assert response.status_code == status
    if status == 403:
        assert "Dit mag je niet doen" in page_text(response)


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_administration_link_only_for_those_who_may_use_it(app, client, login_as):
    login_as("member")
    assert "/admin/users" not in page_text(client.get("/"))
    moderator_client = app.test_client()
    with app.app_context():
        email = make_user(email="mod@verbind.example", roles=("moderator",)).email
    log_in(moderator_client, email)
    assert "/admin/users" in page_text(moderator_client.get("/"))


def test_moderator_sees_the_queue_and_verifies_a_professional(
    app, client, login_as, user_factory, mail_log
):
    applicant_id, _ = user_factory(name="Fatima Bakker", email="fatima@verbind.example")
    with app.app_context():
        applicant = db.session.get(User, applicant_id)
        applicant.verification = "pending"
        db.session.commit()
    login_as("moderator")

    queue = page_text(client.get("/admin/users?filter=pending"))
    assert "Fatima Bakker" in queue

    response = post_form(
        client, f"/admin/users/{applicant_id}/verify", page=f"/admin/users/{applicant_id}"
    )
    assert response.status_code == 302
    after = reload(app, applicant_id)
    assert "professional" in after["roles"]
    assert after["verification"] == "verified"
    assert "Je bent nu geverifieerde professional op Verbind" in mail_log.messages[-1]
    client.get(f"/admin/users/{applicant_id}")  # shows the confirmation
    assert "Fatima Bakker" not in page_text(client.get("/admin/users?filter=pending"))


def test_moderator_declines_with_a_reason_the_applicant_can_read(
    app, client, login_as, user_factory, mail_log
):
    applicant_id, email = user_factory(email="tom@verbind.example")
    with app.app_context():
        db.session.get(User, applicant_id).verification = "pending"
        db.session.commit()
    login_as("moderator")
    page = f"/admin/users/{applicant_id}"

    response = post_form(client, f"/admin/users/{applicant_id}/decline", {"note": ""}, page=page)
    assert response.status_code == 422
    assert reload(app, applicant_id)["verification"] == "pending"

    reason = "Vul je organisatie volledig in, dan kijken we opnieuw."
    post_form(client, f"/admin/users/{applicant_id}/decline", {"note": reason}, page=page)
    assert reload(app, applicant_id)["verification"] == "declined"
    assert reason in mail_log.messages[-1]

    applicant = app.test_client()
    log_in(applicant, email)
    assert reason in page_text(applicant.get("/account/profile"))


def test_moderator_cannot_grant_other_roles(app, client, login_as, user_factory):
    target_id, _ = user_factory()
    login_as("moderator")
    page = page_text(client.get(f"/admin/users/{target_id}"))
    assert "/roles" not in page
    response = client.post(
        f"/admin/users/{target_id}/roles",
        data={"csrf_token": csrf_token_from(page), "roles": ["admin"]},
    )
    assert response.status_code == 403
    assert "admin" not in reload(app, target_id)["roles"]


@pytest.mark.parametrize("role", ["member", "professional", "organiser"])
def test_other_roles_cannot_verify(app, client, login_as, user_factory, role):
    target_id, _ = user_factory()
    login_as(role)
    page = page_text(client.get("/"))
    response = client.post(
        f"/admin/users/{target_id}/verify", data={"csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 403
    assert "professional" not in reload(app, target_id)["roles"]


def test_admin_grants_and_revokes_roles(app, client, login_as, user_factory):
    target_id, _ = user_factory()
    login_as("admin")
    page = f"/admin/users/{target_id}"
    post_form(client, f"{page}/roles", {"roles": ["organiser", "moderator"]}, page=page)
    assert reload(app, target_id)["roles"] == {"member", "organiser", "moderator"}

    post_form(client, f"{page}/roles", {"roles": ["organiser"]}, page=page)
    assert reload(app, target_id)["roles"] == {"member", "organiser"}


def test_unknown_role_is_refused_with_a_message(app, client, login_as, user_factory):
    target_id, _ = user_factory()
    login_as("admin")
    page = f"/admin/users/{target_id}"
    response = post_form(client, f"{page}/roles", {"roles": ["keizer"]}, page=page)
    assert response.status_code == 422
    assert reload(app, target_id)["roles"] == {"member"}


def test_the_last_admin_cannot_remove_their_own_role(app, client, login_as):
    admin_id = login_as("admin")
    page = f"/admin/users/{admin_id}"
    response = post_form(client, f"{page}/roles", {"roles": []}, page=page)
    assert response.status_code == 409
    assert "Verbind heeft minstens één beheerder nodig." in page_text(response)
    assert "admin" in reload(app, admin_id)["roles"]


def test_role_changes_need_a_fresh_login(app, user_factory):
    target_id, _ = user_factory()
    _, admin_email = user_factory(email="baas@verbind.example", roles=("admin",))
    client = app.test_client()
    log_in(client, admin_email, remember=True)
    client.delete_cookie("session")  # as after closing the browser: remembered, not fresh
    page = f"/admin/users/{target_id}"
    response = post_form(client, f"{page}/roles", {"roles": ["organiser"]}, page=page)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
    assert reload(app, target_id)["roles"] == {"member"}


def test_user_search_finds_by_name_and_organisation(client, login_as, user_factory):
    user_factory(name="Karin Dekker", organisation="JGZ Rotterdam")
    user_factory(name="Joost Smits", organisation="Basisschool De Linde")
    login_as("admin", name="Beheerder Een")
    html = page_text(client.get("/admin/users?q=rotterdam"))
    assert "Karin Dekker" in html and "Joost Smits" not in html
    html = page_text(client.get("/admin/users?q=joost"))
    assert "Joost Smits" in html and "Karin Dekker" not in html


def test_user_list_paginates(app, client, login_as, user_factory):
    app.config["USERS_PER_PAGE"] = 3
    for number in range(5):
        user_factory(name=f"Collega {number}")
    login_as("admin", name="Beheerder Een")
    first = page_text(client.get("/admin/users"))
    assert "Pagina 1 van 2" in first
    second = page_text(client.get("/admin/users?page=2"))
    assert first.count("Collega") + second.count("Collega") == 5


def test_nonexistent_user_is_404(client, login_as):
    login_as("admin")
    assert client.get("/admin/users/99999").status_code == 404


def test_moderator_verifies_straight_from_the_queue(app, client, login_as, user_factory):
    applicant_id, _ = user_factory(name="Daan Kok")
    with app.app_context():
        db.session.get(User, applicant_id).verification = "pending"
        db.session.commit()
    login_as("moderator")
    queue = "/admin/users?filter=pending"
    assert "Daan Kok" in page_text(client.get(queue))
    response = post_form(
        client, f"/admin/users/{applicant_id}/verify", {"back": "pending"}, page=queue
    )
    assert response.headers["Location"] == queue
    assert "professional" in reload(app, applicant_id)["roles"]


def test_admin_deactivates_an_account_which_is_logged_out_at_once(
    app, client, login_as, user_factory
):
    target_id, email = user_factory(email="weg@verbind.example")
    target = app.test_client()
    log_in(target, email, remember=True)
    assert target.get("/account/profile").status_code == 200

    login_as("admin", name="Beheerder Een")
    page = f"/admin/users/{target_id}"
    post_form(client, f"{page}/active", {"active": "0"}, page=page)
    assert target.get("/account/profile").status_code == 302
    response = log_in(target, email)
    assert response.status_code == 403
    assert "gedeactiveerd" in page_text(response)

    post_form(client, f"{page}/active", {"active": "1"}, page=page)
    assert log_in(target, email).status_code == 302


def test_admin_cannot_deactivate_themselves(app, client, login_as):
    admin_id = login_as("admin")
    page = f"/admin/users/{admin_id}"
    html = page_text(client.get(page))
    response = client.post(
        f"{page}/active", data={"csrf_token": csrf_token_from(html), "active": "0"}
    )
    assert response.status_code == 409
    assert client.get("/account/profile").status_code == 200


def test_moderator_cannot_deactivate_accounts(app, client, login_as, user_factory):
    target_id, email = user_factory()
    login_as("moderator")
    html = page_text(client.get(f"/admin/users/{target_id}"))
    assert "/active" not in html
    response = client.post(
        f"/admin/users/{target_id}/active",
        data={"csrf_token": csrf_token_from(html), "active": "0"},
    )
    assert response.status_code == 403
    assert log_in(app.test_client(), email).status_code == 302


def test_a_decline_reason_with_client_details_is_warned_about_before_it_is_sent(
    app, client, login_as, user_factory, mail_log
):
    applicant_id, _ = user_factory(email="tom@verbind.example")
    with app.app_context():
        db.session.get(User, applicant_id).verification = "pending"
        db.session.commit()
    login_as("moderator")
    page = f"/admin/users/{applicant_id}"
    url = f"/admin/users/{applicant_id}/decline"
    reason = "Je schreef over moeder Fatima Yilmaz in je aanvraag; dat kan zo niet."

    warned = post_form(client, url, {"note": reason}, page=page)
    assert warned.status_code == 422
    html = page_text(warned)
    assert "Is iemand herkenbaar in deze tekst?" in html
    assert "<mark>Fatima Yilmaz</mark>" in html
    assert reason in html, "the reason is kept"
    assert reload(app, applicant_id)["verification"] == "pending"
    assert mail_log.messages == []

    confirmed = {**hidden_fields(html), "confirm_privacy": "y"}
    assert client.post(url, data={"note": reason, **confirmed}).status_code == 302
    assert reload(app, applicant_id)["note"] == reason
    assert reason in mail_log.messages[-1]
