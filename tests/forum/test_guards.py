"""The privacy guard and the acute-danger notice stand between the author and the Save button."""

import re

import pytest

from community.extensions import db
from community.forum import services as forum_services
from community.forum.models import Category, Question
from tests.helpers import hidden_fields, page_text, post_form


def ask(app, client, **fields):
    with app.app_context():
        category = db.session.scalar(db.select(Category.id).where(Category.slug == "signaleren"))
    data = {
        "category": str(category),
        "title": "Wat doe ik met signalen bij een kind in mijn groep?",
        "body": "Ik zie signalen en twijfel over de volgende stap.",
        **fields,
    }
    return post_form(client, "/forum/ask", data, page="/forum/ask")


def ask_fields(app):
    with app.app_context():
        category = db.session.scalar(db.select(Category.id).where(Category.slug == "signaleren"))
    return {"category": str(category), "title": "Wat doe ik met signalen bij een kind?"}


def question_count(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Question))


def test_a_valid_bsn_stops_the_post_and_shows_where(app, person):
    client, _ = person()
    response = ask(app, client, body="Het gaat om een kind met BSN 111222333, wat nu?")
    assert response.status_code == 422
    html = page_text(response)
    assert "Is iemand herkenbaar in deze tekst?" in html
    assert "Burgerservicenummer (BSN)" in html
    assert "<mark>111222333</mark>" in html
    assert "Het gaat om een kind met BSN 111222333, wat nu?" in html, "the text is kept"
    assert question_count(app) == 0


def test_ordinary_professional_text_passes(app, person):
    client, _ = person()
    response = ask(app, client, body="Wat doe ik bij stap 5 van de meldcode als ouders twijfelen?")
    assert response.status_code == 302
    assert question_count(app) == 1


def test_the_author_can_confirm_and_post_anyway(app, person):
    client, _ = person()
    body = "Een moeder noemde haar 06-12345678 als bereikbaar nummer; is dat relevant?"
    warned = ask(app, client, body=body)
    assert warned.status_code == 422
    confirmed = {**hidden_fields(page_text(warned)), "confirm_privacy": "y"}
    response = client.post("/forum/ask", data={**ask_fields(app), "body": body, **confirmed})
    assert response.status_code == 302
    assert question_count(app) == 1
    with app.app_context():
        assert db.session.scalar(db.select(Question)).privacy_confirmed is True


def test_ticking_the_box_without_having_seen_a_warning_does_not_pass_the_guard(app, person):
    client, _ = person()
    body = "Het gaat om een kind met BSN 111222333, wat nu?"
    response = ask(app, client, body=body, confirm_privacy="y")
    assert response.status_code == 422
    assert "<mark>111222333</mark>" in page_text(response)
    forged = ask(app, client, body=body, confirm_privacy="y", privacy_digest="0" * 64)
    assert forged.status_code == 422
    assert question_count(app) == 0


def test_a_confirmation_covers_only_the_findings_shown(app, person):
    client, _ = person()
    warned = ask(app, client, body="Een moeder noemde haar 06-12345678; is dat relevant?")
    confirmed = {**hidden_fields(page_text(warned)), "confirm_privacy": "y"}
    changed = "Een moeder noemde haar 06-12345678 en het BSN 111222333; is dat relevant?"
    response = client.post("/forum/ask", data={**ask_fields(app), "body": changed, **confirmed})
    assert response.status_code == 422
    html = page_text(response)
    assert "<mark>111222333</mark>" in html and "<mark>06-12345678</mark>" in html
    assert question_count(app) == 0


def test_posts_without_findings_are_not_marked_as_confirmed(app, person):
    client, _ = person()
    assert ask(app, client, confirm_privacy="y").status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Question)).privacy_confirmed is False


@pytest.mark.parametrize(
    ("body", "marked"),
    [
        ("Het kind heeft BSN &#49;11222333, klopt dat?", "&amp;#49;11222333"),
        ("Het kind heeft BSN 1112**2233**3, klopt dat?", "1112**2233**3"),
        ("Mail haar op fatima&#64;example.nl voor overleg", "fatima&amp;#64;example.nl"),
        ("Bel de moeder op 06&#45;12345678 voor overleg", "06&amp;#45;12345678"),
        ("Het kind heeft BSN 1112\u200b22333, klopt dat?", "1112\u200b22333"),
        ("Het gezin woont op 3511\u00a0CP 12 in de stad", "3511\u00a0CP 12"),
        ("Het kind heeft BSN 11<b></b>1222333, klopt dat?", "11&lt;b&gt;&lt;/b&gt;1222333"),
    ],
)
def test_the_guard_reads_what_readers_will_see_and_marks_what_the_author_typed(
    app, person, body, marked
):
    client, _ = person()
    response = ask(app, client, body=body)
    assert response.status_code == 422
    assert f"<mark>{marked}</mark>" in page_text(response)


def test_answers_and_comments_are_guarded_too(app, person, forum):
    client, author_id = person()
    question_id = forum.ask(author_id)
    thread = f"/forum/q/{question_id}"
    response = post_form(
        client,
        f"{thread}/answer",
        {"body": "Mail de moeder via j.devries@example.nl even."},
        page=thread,
    )
    assert response.status_code == 422
    assert "<mark>j.devries@example.nl</mark>" in page_text(response)
    response = post_form(
        client,
        f"/forum/posts/{question_id}/comment",
        {"comment-body": "Cliënt Jan de Vries kent dit."},
        page=thread,
    )
    assert response.status_code == 422
    assert "Naam van een persoon" in page_text(response)


def test_acute_danger_words_show_the_emergency_notice_before_posting(app, person):
    client, _ = person()
    body = "Een moeder belde dat haar partner dreigt en ze vannacht niet naar huis durft."
    response = ask(app, client, body=body)
    assert response.status_code == 422
    html = page_text(response)
    assert "Is iemand nu in gevaar?" in html
    assert "112" in html and "0800-2000" in html
    assert question_count(app) == 0
    # The form now carries the acknowledgement; sending it again posts the question.
    acknowledged = re.search(r'name="acknowledge_danger"[^>]*value="([^"]*)"', html)
    assert acknowledged and acknowledged.group(1) == "1"
    response = ask(app, client, body=body, acknowledge_danger="1")
    assert response.status_code == 302
    assert question_count(app) == 1


def test_moderators_extend_the_danger_list(app, person):
    moderator, _ = person("moderator")
    response = post_form(
        moderator,
        "/forum/moderation/danger-phrases",
        {"phrase": "Opgesloten"},
        follow_redirects=True,
    )
    assert "opgesloten" in page_text(response)
    client, _ = person()
    response = ask(app, client, body="Een kind vertelde dat het thuis vaak wordt opgesloten.")
    assert response.status_code == 422
    assert "Is iemand nu in gevaar?" in page_text(response)


def test_members_cannot_change_the_danger_list(person):
    member, _ = person("professional")
    assert member.get("/forum/moderation/danger-phrases").status_code == 403


def test_forum_refuses_a_post_with_too_much_nesting_and_keeps_the_text(app, person):
    client, _ = person()
    response = ask(app, client, body="> " * 5_000 + "help")
    assert response.status_code == 422
    html = page_text(response)
    assert "Deze tekst heeft meer opmaak dan een pagina kan tonen" in html
    assert "&gt; &gt; &gt; &gt;" in html, "what was typed is still in the form"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Question)) == 0


def test_a_forum_author_over_the_posting_limit_gets_that_message_not_a_privacy_scan(
    app, person, monkeypatch
):
    client, _ = person()
    monkeypatch.setattr(forum_services, "posting_wait_minutes", lambda user, now=None: 4)
    with app.app_context():
        category = db.session.scalar(db.select(Category.id).where(Category.slug == "signaleren"))
    response = post_form(
        client,
        "/forum/ask",
        {
            "category": str(category),
            "title": "Een vraag met een BSN erin",
            "body": "Mag ik het BSN 111222333 van het kind noemen in het overleg?",
        },
        page="/forum/ask",
    )
    html = page_text(response)
    assert response.status_code == 429
    assert "Over 4 minuten kun" in html
    assert "Is iemand herkenbaar in deze tekst?" not in html
    assert "Mag ik het BSN 111222333 van het kind noemen in het overleg?" in html, (
        "the text is kept"
    )


def _warned_then_confirmed(client, url, data, *, page=None):
    warned = post_form(client, url, data, page=page)
    assert warned.status_code == 422
    assert "Is iemand herkenbaar in deze tekst?" in page_text(warned)
    confirmed = {**data, **hidden_fields(page_text(warned)), "confirm_privacy": "y"}
    return warned, client.post(url, data=confirmed)


def test_tags_are_guarded(app, person):
    client, _ = person()
    warned = ask(app, client, tags="signalen, fatima-yilmaz, 111222333")
    assert warned.status_code == 422
    assert "<mark>111222333</mark>" in page_text(warned)
    assert question_count(app) == 0


def test_the_edit_note_shown_on_the_revisions_page_is_guarded(app, person, forum):
    client, author_id = person()
    question_id = forum.ask(author_id)
    url = f"/forum/posts/{question_id}/edit"
    data = {
        "title": "Hoe bespreek ik zorgen met ouders?",
        "body": "Ik wil het gesprek met de ouders goed voorbereiden. Wie heeft tips?",
        "tags": "",
        "note": "naam van moeder Fatima Yilmaz weggehaald",
        "acknowledge_danger": "1",
    }
    warned, confirmed = _warned_then_confirmed(client, url, data)
    assert "<mark>Fatima Yilmaz</mark>" in page_text(warned)
    assert confirmed.status_code == 302
    with app.app_context():
        question = db.session.get(Question, question_id)
        assert question.privacy_confirmed is True


def test_a_flag_note_is_guarded_before_moderators_read_it(app, person, forum):
    from community.forum.models import Flag

    _, author_id = person()
    flagger, _ = person()
    question_id = forum.ask(author_id)
    url = f"/forum/posts/{question_id}/flag"
    data = {"reason": "personal_data", "note": "Hier staat het BSN 111222333 van het kind"}
    warned, confirmed = _warned_then_confirmed(flagger, url, data)
    assert "<mark>111222333</mark>" in page_text(warned)
    assert confirmed.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Flag)) == 1


def test_moderators_see_that_the_author_confirmed_the_privacy_check(app, person):
    client, _ = person()
    body = "Een moeder noemde haar 06-12345678 als bereikbaar nummer; is dat relevant?"
    warned = ask(app, client, body=body)
    confirmed = {**hidden_fields(page_text(warned)), "confirm_privacy": "y"}
    thread = client.post("/forum/ask", data={**ask_fields(app), "body": body, **confirmed})
    url = thread.headers["Location"]
    moderator, _ = person("moderator")
    assert "privacycheck bevestigd door schrijver" in page_text(moderator.get(url))
    assert "privacycheck bevestigd door schrijver" not in page_text(client.get(url))
