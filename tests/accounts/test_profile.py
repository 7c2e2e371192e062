"""The own profile page: details, mention name, language and e-mail preference."""

from community.accounts.models import User
from community.extensions import db
from tests.helpers import page_text, post_form

DETAILS = {
    "name": "Lotte Smit",
    "organisation": "Wijkteam Deventer-Oost",
    "function": "wijkteam",
    "gemeente": "Deventer",
    "handle": "lotte_smit",
    "locale": "nl",
    "notify_email": "each",
}


def test_profile_saves_details_handle_and_mail_choice(app, client, login_as):
    user_id = login_as("member")
    response = post_form(client, "/account/profile", DETAILS)
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.organisation, user.handle, user.notify_email) == (
            "Wijkteam Deventer-Oost",
            "lotte_smit",
            "each",
        )


def test_new_accounts_get_a_mention_name_from_their_name(app, user_factory):
    first_id, _ = user_factory(name="Sanne de Boer")
    second_id, _ = user_factory(name="Sanne de Boer")
    with app.app_context():
        handles = [db.session.get(User, i).handle for i in (first_id, second_id)]
    assert handles == ["sannedeboer", "sannedeboer2"]


def test_taken_or_malformed_mention_names_are_refused(app, client, login_as, user_factory):
    user_factory(name="Karin Dekker")
    login_as("member")
    response = post_form(client, "/account/profile", {**DETAILS, "handle": "karindekker"})
    assert response.status_code == 422
    assert "Deze vermeldnaam is al in gebruik." in page_text(response)
    assert 'value="Wijkteam Deventer-Oost"' in page_text(response)
    response = post_form(client, "/account/profile", {**DETAILS, "handle": "Met Spatie!"})
    assert response.status_code == 422


def test_profile_shows_the_roles(client, login_as):
    login_as("organiser")
    assert "Organisator" in page_text(client.get("/account/profile"))
