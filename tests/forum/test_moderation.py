"""Flags reach the moderators' queue; moderators hide, restore, lock, pin and move, all logged."""

from community.extensions import db
from community.forum.models import Category, ModerationAction
from tests.helpers import hidden_fields, page_text, post_form


def test_a_flag_reaches_the_queue_and_hiding_removes_the_post_for_members(app, person, forum):
    _, author_id = person()
    question_id = forum.ask(author_id)
    answer_id = forum.answer(author_id, question_id, "Dit antwoord bevat iets wat niet kan hier.")
    thread = f"/forum/q/{question_id}"

    member, _ = person("member")
    response = post_form(
        member,
        f"/forum/posts/{answer_id}/flag",
        {"reason": "inappropriate", "note": "Toon is kwetsend."},
        follow_redirects=True,
    )
    assert "Dank je. Een moderator bekijkt dit bericht." in page_text(response)

    moderator, _ = person("moderator")
    queue = page_text(moderator.get("/forum/moderation/"))
    assert "Dit antwoord bevat iets wat niet kan hier." in queue
    assert "Toon is kwetsend." in queue

    post_form(
        moderator,
        f"/forum/moderation/posts/{answer_id}/hide",
        {"reason": "Niet respectvol.", "next": "queue"},
        page="/forum/moderation/",
    )
    assert "Dit antwoord bevat iets wat niet kan hier." not in page_text(member.get(thread))
    assert "Dit antwoord bevat iets wat niet kan hier." in page_text(moderator.get(thread))
    assert "Dit antwoord bevat iets" not in page_text(moderator.get("/forum/moderation/"))
    log = page_text(moderator.get("/forum/moderation/log"))
    assert "Niet respectvol." in log

    post_form(moderator, f"/forum/moderation/posts/{answer_id}/restore", page=thread)
    assert "Dit antwoord bevat iets wat niet kan hier." in page_text(member.get(thread))


def test_a_second_flag_by_the_same_member_is_refused(person, forum):
    _, author_id = person()
    question_id = forum.ask(author_id)
    member, _ = person("member")
    url = f"/forum/posts/{question_id}/flag"
    post_form(member, url, {"reason": "spam"})
    response = post_form(member, url, {"reason": "spam"})
    assert response.status_code == 409
    assert "Je hebt dit bericht al gemarkeerd" in page_text(response)


def test_flag_with_other_reason_needs_an_explanation(person, forum):
    _, author_id = person()
    question_id = forum.ask(author_id)
    member, _ = person("member")
    response = post_form(member, f"/forum/posts/{question_id}/flag", {"reason": "other"})
    assert response.status_code == 422


def test_lock_stops_new_answers(app, person, forum):
    author, author_id = person()
    question_id = forum.ask(author_id)
    thread = f"/forum/q/{question_id}"
    moderator, _ = person("moderator")
    post_form(
        moderator, f"/forum/moderation/questions/{question_id}/lock", {"locked": "1"}, page=thread
    )
    html = page_text(author.get(thread))
    assert "gesloten" in html
    response = post_form(
        author, f"{thread}/answer", {"body": "Toch nog een antwoord erbij."}, page=thread
    )
    assert response.status_code == 409


def test_pin_and_move(app, person, forum):
    _, author_id = person()
    first = forum.ask(author_id, title="Een oudere vraag over signaleren in de klas")
    forum.ask(author_id, title="Een nieuwere vraag over signaleren in de klas")
    moderator, _ = person("moderator")
    post_form(
        moderator,
        f"/forum/moderation/questions/{first}/pin",
        {"pinned": "1"},
        page=f"/forum/q/{first}",
    )
    listing = page_text(moderator.get("/forum/?category=signaleren&sort=newest"))
    assert listing.index("Een oudere vraag") < listing.index("Een nieuwere vraag")

    with app.app_context():
        target = db.session.scalar(db.select(Category.id).where(Category.slug == "overig"))
    post_form(
        moderator,
        f"/forum/moderation/questions/{first}/move",
        {"category": str(target)},
        page=f"/forum/q/{first}",
    )
    assert "Een oudere vraag" in page_text(moderator.get("/forum/?category=overig"))
    with app.app_context():
        actions = db.session.scalars(db.select(ModerationAction.action)).all()
    assert sorted(actions) == ["move", "pin"]


def test_queue_and_actions_are_for_moderators_only(person, forum):
    professional, author_id = person()
    question_id = forum.ask(author_id)
    assert professional.get("/forum/moderation/").status_code == 403
    assert professional.get("/forum/moderation/log").status_code == 403
    response = post_form(
        professional, f"/forum/moderation/posts/{question_id}/hide", page=f"/forum/q/{question_id}"
    )
    assert response.status_code == 403
    assert forum.post(question_id).status == "visible"


def test_a_hide_reason_with_client_details_is_warned_about_and_kept(app, person, forum):
    _, author_id = person()
    question_id = forum.ask(author_id)
    answer_id = forum.answer(author_id, question_id, "Dit antwoord noemt iemand bij naam.")
    moderator, _ = person("moderator")
    url = f"/forum/moderation/posts/{answer_id}/hide"
    reason = "Je noemde het BSN 111222333 van het kind."

    warned = post_form(
        moderator, url, {"reason": reason, "next": "queue"}, page="/forum/moderation/"
    )
    assert warned.status_code == 422
    html = page_text(warned)
    assert "Is iemand herkenbaar in deze tekst?" in html
    assert "<mark>111222333</mark>" in html
    assert f'value="{reason}"' in html, "the reason is kept"
    assert forum.post(answer_id).status == "visible"

    confirmed = {**hidden_fields(html), "reason": reason, "confirm_privacy": "y"}
    response = moderator.post(url, data=confirmed)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/forum/moderation/"), "back to the queue"
    assert forum.post(answer_id).status == "hidden"
    with app.app_context():
        logged = db.session.scalar(db.select(ModerationAction.detail))
    assert logged == reason


def test_an_ordinary_hide_reason_passes(person, forum):
    _, author_id = person()
    question_id = forum.ask(author_id)
    moderator, _ = person("moderator")
    response = post_form(
        moderator,
        f"/forum/moderation/posts/{question_id}/hide",
        {"reason": "Dubbele vraag; zie de andere draad."},
        page=f"/forum/q/{question_id}",
    )
    assert response.status_code == 302
    assert forum.post(question_id).status == "hidden"
