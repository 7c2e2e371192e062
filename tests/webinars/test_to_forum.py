"""Unanswered live questions move to the forum through the forum's own service: in the asker's
name, with a first revision, a watch for the asker and @mention notifications; a text the
privacy guard flags is not posted, since the asker is not there to confirm it."""

from sqlalchemy import select

from community.extensions import db
from community.forum.models import Notification, NotificationKind, Question, Revision, Watch
from community.webinars.models import LiveQuestion
from tests.helpers import log_in, make_user, page_text, post_form
from tests.webinars.test_live import ask, ask_confirming_privacy, attendee, join
from tests.webinars.test_live_privacy import BSN_QUESTION

MENTION_QUESTION = "Wat zou @sannedeboer doen als ouders de zorgen ontkennen?"


def move_to_forum(app, webinar_id):
    host = app.test_client()
    log_in(host, "host@verbind.example")
    live = f"/webinars/{webinar_id}/live"
    return post_form(
        host, f"/webinars/{webinar_id}/questions/to-forum", page=live, follow_redirects=True
    )


def test_a_moved_question_is_the_askers_with_revision_watch_and_mentions(app, webinar_id):
    with app.app_context():
        sanne_id = make_user(name="Sanne de Boer", email="sanne@verbind.example").id
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    assert ask(asker, webinar_id, MENTION_QUESTION)["ok"]

    response = move_to_forum(app, webinar_id)
    assert "1 open vra" in page_text(response)

    with app.app_context():
        live = db.session.scalar(select(LiveQuestion))
        question = db.session.get(Question, live.forum_question_id)
        assert question.author_id == live.author_id, "posted in the asker's name"
        assert f"> {MENTION_QUESTION}" in question.body
        assert "Samenwerken bij veiligheid" in question.body, "links back to the webinar"
        [revision] = db.session.scalars(select(Revision).where(Revision.post_id == question.id))
        assert revision.body == question.body
        assert revision.editor.email == "host@verbind.example", "who moved it"
        assert db.session.get(Watch, (live.author_id, question.id)) is not None
        mention = db.session.scalar(select(Notification).where(Notification.user_id == sanne_id))
        assert mention.kind == NotificationKind.MENTION and mention.question_id == question.id


def test_an_anonymous_live_question_stays_anonymous_in_the_forum(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    text = "Hoe vraag ik een collega om mee te kijken?"
    assert ask(asker, webinar_id, text, anonymous=True)["ok"]
    move_to_forum(app, webinar_id)
    with app.app_context():
        question = db.session.scalar(select(Question))
        assert question.anonymous and question.author.email == "anna@verbind.example"
    reader = app.test_client()
    with app.app_context():
        make_user(email="lezer@verbind.example")
    log_in(reader, "lezer@verbind.example")
    thread = page_text(reader.get(f"/forum/q/{question.id}"))
    assert text in thread and "Anna" not in thread


def test_a_text_the_privacy_guard_flags_is_not_posted_but_reported(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    # Confirmed in the live room; that does not make it fit for the forum.
    assert ask_confirming_privacy(asker, webinar_id, BSN_QUESTION)["ok"]
    plain = "Wie heeft een goed voorbeeld van een veiligheidsplan?"
    assert ask(asker, webinar_id, plain, token="token-0002")["ok"]

    html = page_text(move_to_forum(app, webinar_id))
    assert "1 open vra" in html and "niet geplaatst" in html

    with app.app_context():
        assert db.session.scalars(select(Question.title)).all() == [plain]
        held = db.session.scalar(select(LiveQuestion).where(LiveQuestion.text == BSN_QUESTION))
        assert held.forum_question_id is None
    reader = app.test_client()
    log_in(reader, "anna@verbind.example")
    assert "111222333" not in page_text(reader.get("/forum/?sort=newest"))
