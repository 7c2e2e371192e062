"""The unread-notification badge in the page header is counted only where the header shows
it, and at most once per request: not for mails, not for page fragments."""

from datetime import timedelta

from community.clock import utcnow
from community.extensions import db
from community.webinars.models import Webinar
from tests.forum.test_thread_queries import counted_queries
from tests.helpers import csrf_token_from, page_text


def notification_queries(statements):
    return [s for s in statements if "FROM notification" in s]


def unread_counts(statements):
    """The badge's count. (The home page also lists new answers from unread notifications,
    grouped per question: that is its own query, not a second count.)"""
    return [
        s
        for s in notification_queries(statements)
        if "read_at IS NULL" in s and "GROUP BY" not in s
    ]


def unread_for(app, person, forum):
    """A reader with one unread notification: an answer on their question."""
    reader, reader_id = person(name="Ingrid Visser")
    _, author_id = person(name="Sanne de Boer")
    question_id = forum.ask(reader_id)
    answer_id = forum.answer(author_id, question_id)
    return reader, question_id, answer_id


def test_a_page_counts_unread_notifications_once(app, person, forum):
    reader, question_id, _ = unread_for(app, person, forum)
    for path in ("/", "/forum/", f"/forum/q/{question_id}", "/forum/notifications"):
        with counted_queries(app) as statements:
            html = page_text(reader.get(path))
        assert 'class="badge">1' in html, path
        assert len(unread_counts(statements)) == 1, path


def test_a_page_fragment_runs_no_notification_query(app, person, forum):
    reader, _, answer_id = unread_for(app, person, forum)
    with counted_queries(app) as statements:
        response = reader.get(f"/forum/posts/{answer_id}/fragment")
    assert response.status_code == 200 and "<header" not in page_text(response)
    assert notification_queries(statements) == []


def test_rendering_a_mail_runs_no_notification_query(app, person, forum, mail_log):
    reader, _, _ = unread_for(app, person, forum)
    with app.app_context():
        webinar = Webinar(
            title="Samenwerken bij veiligheid",
            starts_at=utcnow() + timedelta(days=2),
            ends_at=utcnow() + timedelta(days=2, hours=1),
            host_id=1,
        )
        db.session.add(webinar)
        db.session.commit()
        url = f"/webinars/{webinar.id}"
    token = csrf_token_from(page_text(reader.get(url)))
    with counted_queries(app) as statements:
        response = reader.post(f"{url}/register", data={"csrf_token": token})
    assert response.status_code == 302
    assert any("Samenwerken bij veiligheid" in message for message in mail_log.messages)
    assert notification_queries(statements) == []
