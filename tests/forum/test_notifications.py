"""Notifications: mentions, answers, watched threads, acceptance, moderation; unread count;
e-mail per notification or a daily digest."""

from community.extensions import db
from community.forum.models import Notification
from tests.helpers import page_text, path_of, post_form


def set_email_choice(app, user_id, choice):
    from community.accounts.models import User

    with app.app_context():
        db.session.get(User, user_id).notify_email = choice
        db.session.commit()


def handle_of(app, user_id):
    from community.accounts.models import User

    with app.app_context():
        return db.session.get(User, user_id).handle


def test_a_mention_notifies_and_shows_an_unread_count(app, person, forum):
    mentioned, mentioned_id = person(name="Ingrid Visser")
    _, author_id = person(name="Sanne de Boer")
    handle = handle_of(app, mentioned_id)
    assert handle == "ingridvisser"
    forum.ask(author_id, body=f"@{handle} jij weet hier vast meer van, wat denk jij?")

    html = page_text(mentioned.get("/"))
    assert 'class="badge">1' in html
    listing = page_text(mentioned.get("/forum/notifications"))
    assert "Sanne de Boer noemde je in" in listing

    with app.app_context():
        notification_id = db.session.scalar(db.select(Notification.id))
    response = mentioned.get(f"/forum/notifications/{notification_id}")
    assert response.status_code == 302 and "/forum/q/" in response.headers["Location"]
    assert 'class="badge"' not in page_text(mentioned.get("/"))


def test_anonymous_askers_stay_anonymous_in_notifications(app, person, forum):
    mentioned, mentioned_id = person(name="Ingrid Visser")
    _, author_id = person(name="Sanne de Boer")
    forum.ask(
        author_id, body=f"@{handle_of(app, mentioned_id)} graag je advies hierover.", anonymous=True
    )
    listing = page_text(mentioned.get("/forum/notifications"))
    assert "Een professional (zonder naam) noemde je" in listing
    assert "Sanne de Boer" not in listing


def test_answers_notify_the_asker_and_watchers_and_acceptance_the_answerer(app, person, forum):
    asker, asker_id = person(name="Vrager")
    watcher, watcher_id = person(name="Volger")
    answerer, answerer_id = person(name="Helper")
    question_id = forum.ask(asker_id)
    post_form(
        watcher, f"/forum/q/{question_id}/watch", {"watch": "1"}, page=f"/forum/q/{question_id}"
    )
    answer_id = forum.answer(answerer_id, question_id)
    assert "Helper beantwoordde je vraag" in page_text(asker.get("/forum/notifications"))
    assert "een vraag die je volgt" in page_text(watcher.get("/forum/notifications"))
    post_form(asker, f"/forum/answers/{answer_id}/accept", page=f"/forum/q/{question_id}")
    assert "Vrager accepteerde je antwoord" in page_text(answerer.get("/forum/notifications"))


def test_moderator_action_notifies_the_author(app, person, forum):
    author, author_id = person()
    question_id = forum.ask(author_id)
    moderator, _ = person("moderator")
    post_form(
        moderator,
        f"/forum/moderation/posts/{question_id}/hide",
        {"reason": "Privacy."},
        page=f"/forum/q/{question_id}",
    )
    listing = page_text(author.get("/forum/notifications"))
    assert "Een moderator heeft je bericht" in listing and "Privacy." in listing


def test_email_for_each_notification(app, person, forum, mail_log):
    _, asker_id = person(name="Vrager")
    _, answerer_id = person(name="Helper")
    set_email_choice(app, asker_id, "each")
    question_id = forum.ask(asker_id)
    forum.answer(answerer_id, question_id)
    message = mail_log.messages[-1]
    assert "Helper beantwoordde je vraag" in message
    assert "/forum/notifications/" in mail_log.last_link()


def test_daily_digest_sends_one_mail_with_all_notifications(app, runner, person, forum, mail_log):
    reader, asker_id = person(name="Vrager")
    _, answerer_id = person(name="Helper")
    question_id = forum.ask(asker_id)
    forum.answer(answerer_id, question_id, "Eerste antwoord met een praktische tip erbij.")
    forum.answer(
        answerer_id,
        forum.ask(asker_id, title="Tweede vraag over de meldcode en stappen"),
        "Tweede antwoord, over stap 2 van de meldcode.",
    )
    assert mail_log.messages == [], "digest users get no mail per notification"

    result = runner.invoke(args=["forum", "send-digests"])
    assert "Digest e-mails sent: 1" in result.output
    [digest] = mail_log.messages
    assert digest.count("Helper beantwoordde je vraag") == 2
    response = reader.get(path_of(mail_log.links()[0]))
    assert response.status_code == 302

    again = runner.invoke(args=["forum", "send-digests"])
    assert "Digest e-mails sent: 0" in again.output


def test_no_email_when_switched_off(app, person, forum, mail_log):
    _, asker_id = person()
    _, answerer_id = person()
    set_email_choice(app, asker_id, "off")
    forum.answer(answerer_id, forum.ask(asker_id))
    assert mail_log.messages == []


def test_opening_one_new_answer_reads_the_others_on_that_question_but_not_elsewhere(
    app, person, forum
):
    asker, asker_id = person(name="Vrager")
    _, answerer_id = person(name="Helper")
    question_id = forum.ask(asker_id)
    other_question_id = forum.ask(asker_id, title="Wanneer schakel ik Veilig Thuis in?")
    for _ in range(3):
        forum.answer(answerer_id, question_id)
    forum.answer(answerer_id, other_question_id)
    with app.app_context():
        first = db.session.scalar(
            db.select(Notification.id)
            .where(Notification.question_id == question_id)
            .order_by(Notification.id)
        )
    assert "3 nieuwe antwoorden" in page_text(asker.get("/"))
    response = asker.get(f"/forum/notifications/{first}")
    assert response.status_code == 302 and f"/forum/q/{question_id}" in response.headers["Location"]
    with app.app_context():
        unread = db.session.scalars(
            db.select(Notification.question_id).where(
                Notification.user_id == asker_id, Notification.read_at.is_(None)
            )
        ).all()
    assert unread == [other_question_id], "the other question's answer is still new"
    home = page_text(asker.get("/"))
    assert "3 nieuwe antwoorden" not in home and "1 nieuw antwoord" in home


def test_notifications_of_others_are_private(app, person, forum):
    _, asker_id = person()
    _, answerer_id = person()
    forum.answer(answerer_id, forum.ask(asker_id))
    stranger, _ = person()
    with app.app_context():
        notification_id = db.session.scalar(db.select(Notification.id))
    assert stranger.get(f"/forum/notifications/{notification_id}").status_code == 404
