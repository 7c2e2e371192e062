"""The follow-up mail after a webinar: the recording, the answered questions and the questions
moved to the forum, to everyone who had a place, in their language, once (cron run twice or at
the same moment, the host's button clicked twice); never for a cancelled webinar, never before
its time, never to the waiting list, cancelled registrations or erased accounts."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from community.accounts.erasure import erase_account
from community.accounts.models import ErasureCause, User
from community.clock import utcnow
from community.extensions import db
from community.forum.models import Category, PostStatus, Question
from community.outbox import OutboxMail
from community.webinars import mail, polls
from community.webinars.models import (
    LiveQuestion,
    LiveQuestionStatus,
    PollAnswer,
    PollState,
    Registration,
    RegistrationStatus,
    Webinar,
)
from tests.concurrency.test_races import all_at_once
from tests.helpers import log_in, make_user, page_text, post_form

RECORDING = "https://video.verbind.example/opname/samenwerken"
ANSWERED = "Hoe koppelt Veilig Thuis terug aan de melder?"
REPLY = "Binnen vijf werkdagen, meestal <b>telefonisch</b>."
ANSWERED_ALOUD = "Mag ik de ouders vertellen dat ik advies vraag?"
HIDDEN = "Dit is een verborgen vraag over iets anders."
OPEN_QUESTION = "Wie heeft een voorbeeld van een veiligheidsplan?"
FORUM_TITLE = "Wie heeft een voorbeeld van een veiligheidsplan?"


def registration(webinar, user, status=RegistrationStatus.REGISTERED):
    return Registration(
        webinar_id=webinar.id,
        user_id=user.id,
        status=status,
        status_since=webinar.starts_at - timedelta(days=2),
    )


def past_webinar(ended_ago=timedelta(hours=3), recording_url=RECORDING, **values):
    """A webinar that ended `ended_ago`, with a recording (unless `recording_url=""`), two
    people with a place (Anna reads Dutch, Ben English), one on the waiting list, one who
    cancelled, and a Q&A: two answered questions, one hidden, one open question moved to the
    forum (inside an app context)."""
    host = make_user(name="Youssef El Amrani", email="host@verbind.example", roles=("organiser",))
    ends = utcnow() - ended_ago
    webinar = Webinar(
        title="Samenwerken bij veiligheid",
        starts_at=ends - timedelta(hours=1),
        ends_at=ends,
        recording_url=recording_url,
        host_id=host.id,
        **values,
    )
    db.session.add(webinar)
    db.session.flush()
    anna = make_user(name="Anna de Vries", email="anna@verbind.example")
    ben = make_user(name="Ben Jansen", email="ben@verbind.example")
    ben.locale = "en"
    waiting = make_user(name="Wim Wachter", email="wachtlijst@verbind.example")
    gone = make_user(name="Carla Afgemeld", email="afgemeld@verbind.example")
    db.session.add_all(
        [
            registration(webinar, anna),
            registration(webinar, ben),
            registration(webinar, waiting, RegistrationStatus.WAITING),
            registration(webinar, gone, RegistrationStatus.CANCELLED),
        ]
    )
    category = db.session.scalar(select(Category).where(Category.slug == "signaleren"))
    forum_question = Question(
        author_id=anna.id,
        title=FORUM_TITLE,
        body=f"> {OPEN_QUESTION}",
        category_id=category.id,
        answer_count=2,
        last_activity_at=utcnow(),
    )
    db.session.add(forum_question)
    db.session.flush()

    def live(text, votes, **extra):
        return LiveQuestion(
            webinar_id=webinar.id,
            author_id=anna.id,
            client_token=f"token-{votes:04d}",
            text=text,
            votes=votes,
            **extra,
        )

    db.session.add_all(
        [
            live(ANSWERED, 5, answered=True, reply=REPLY),
            live(ANSWERED_ALOUD, 3, answered=True),
            live(HIDDEN, 9, answered=True, status=LiveQuestionStatus.HIDDEN),
            live(OPEN_QUESTION, 1, forum_question_id=forum_question.id),
        ]
    )
    db.session.commit()
    return webinar.id


def outbox():
    """{address: [mail]} of every mail queued."""
    mails = {}
    for mail_row in db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)):
        mails.setdefault(mail_row.to, []).append(mail_row)
    return mails


def follow_ups(app):
    """{address: [follow-up mail]}: the mails with the recording (the registration mails of
    people moving up have none)."""
    with app.app_context():
        found = {
            to: [row for row in rows if RECORDING in row.body] for to, rows in outbox().items()
        }
        return {to: rows for to, rows in found.items() if rows}


def test_attendees_get_the_recording_the_answers_and_the_forum_questions_once(app, runner):
    with app.app_context():
        webinar_id = past_webinar()
        forum_id = db.session.scalar(select(Question.id))

    first = runner.invoke(args=["webinars", "send-follow-ups"])
    assert "Follow-up mails sent: 2" in first.output
    again = runner.invoke(args=["webinars", "send-follow-ups"])
    assert "Follow-up mails sent: 0" in again.output

    mails = follow_ups(app)
    assert sorted(mails) == ["anna@verbind.example", "ben@verbind.example"], (
        "not the waiting list, not who cancelled, and once each"
    )
    [dutch] = mails["anna@verbind.example"]
    [english] = mails["ben@verbind.example"]
    for body in (dutch.body, english.body):
        assert RECORDING in body
        assert ANSWERED in body and REPLY in body, "the answer as typed: plain text, no markup"
        assert ANSWERED_ALOUD in body
        assert HIDDEN not in body, "a hidden question stays hidden"
        assert f"/forum/q/{forum_id}" in body and FORUM_TITLE in body
        assert f"/webinars/{webinar_id}/live" in body, "the whole Q&A archive"
    assert dutch.body.startswith("Hallo Anna de Vries,")
    assert english.body.startswith("Hello Ben Jansen,")
    assert "Anna" not in english.body, "the archive names nobody (Anna asked)"
    assert "Questions answered during the webinar:" in english.body
    assert "(2 answers)" in english.body
    assert english.subject == "After the webinar: Samenwerken bij veiligheid"
    with app.app_context():
        assert db.session.get(Webinar, webinar_id).follow_up_sent_at is not None


def test_the_follow_up_links_to_the_archive_attendees_can_open(app, runner):
    with app.app_context():
        past_webinar()
    runner.invoke(args=["webinars", "send-follow-ups"])
    [english] = follow_ups(app)["ben@verbind.example"]
    archive = re.search(r"https?://[^/\s]+(/webinars/\d+/live)", english.body).group(1)
    reader = app.test_client()
    log_in(reader, "ben@verbind.example")
    html = page_text(reader.get(archive))
    assert ANSWERED in html
    assert "Binnen vijf werkdagen, meestal &lt;b&gt;telefonisch&lt;/b&gt;." in html, "escaped"


def test_the_follow_up_has_the_results_of_the_polls_the_room_saw_as_counts(app, runner):
    with app.app_context():
        webinar = db.session.get(Webinar, past_webinar())
        attendees = db.session.scalars(
            select(Registration.user_id).where(
                Registration.webinar_id == webinar.id,
                Registration.status == RegistrationStatus.REGISTERED,
            )
        ).all()

        def ran(question, shown):
            poll = polls.create_poll(
                webinar.host, webinar, kind="single", question=question, options=["Ja", "Nee"]
            )
            poll.state, poll.results_visible = PollState.CLOSED, shown
            for user_id, value in zip(attendees, ("0", "0"), strict=True):
                db.session.add(PollAnswer(poll_id=poll.id, user_id=user_id, value=value))
            db.session.commit()

        ran("Overleg je wekelijks met Veilig Thuis?", shown=True)
        ran("Een peiling waarvan de uitslag niet getoond is", shown=False)
    runner.invoke(args=["webinars", "send-follow-ups"])
    [dutch] = follow_ups(app)["anna@verbind.example"]
    assert "Peilingen tijdens het webinar:" in dutch.body
    assert "Overleg je wekelijks met Veilig Thuis? (2 personen hebben geantwoord)" in dutch.body
    assert "Ja: 2 antwoorden" in dutch.body and "Nee: 0 antwoorden" in dutch.body
    assert "niet getoond" not in dutch.body, "results the host kept hidden stay hidden"
    assert "Anna" not in dutch.body.split("Peilingen tijdens het webinar:")[1]


def test_questions_moved_to_the_forum_later_send_nothing_more(app, runner):
    with app.app_context():
        webinar_id = past_webinar()
    runner.invoke(args=["webinars", "send-follow-ups"])
    with app.app_context():
        anna = db.session.scalar(select(User).where(User.email == "anna@verbind.example"))
        later = Question(author_id=anna.id, title="Nog een vraag uit het webinar", body="Tekst.")
        db.session.add(later)
        db.session.flush()
        db.session.add(
            LiveQuestion(
                webinar_id=webinar_id,
                author_id=anna.id,
                client_token="token-later",
                text="Nog een vraag uit het webinar",
                forum_question_id=later.id,
            )
        )
        db.session.commit()
    assert "Follow-up mails sent: 0" in runner.invoke(args=["webinars", "send-follow-ups"]).output
    assert [len(rows) for rows in follow_ups(app).values()] == [1, 1]


def test_runs_at_the_same_moment_mail_each_attendee_once(app):
    with app.app_context():
        past_webinar()

    failures = all_at_once(app, range(4), lambda _n: mail.send_follow_ups(timedelta(hours=2)))

    assert failures == []
    assert [len(rows) for rows in follow_ups(app).values()] == [1, 1]


def test_nothing_before_the_follow_up_time(app, runner):
    with app.app_context():
        past_webinar(ended_ago=timedelta(hours=1))
    assert "Follow-up mails sent: 0" in runner.invoke(args=["webinars", "send-follow-ups"]).output
    assert follow_ups(app) == {}
    with_shorter_wait = runner.invoke(args=["webinars", "send-follow-ups", "--hours", "0.5"])
    assert "Follow-up mails sent: 2" in with_shorter_wait.output


def test_a_cancelled_webinar_sends_no_follow_up(app, runner):
    with app.app_context():
        past_webinar(cancelled=True)
    assert "Follow-up mails sent: 0" in runner.invoke(args=["webinars", "send-follow-ups"]).output
    assert follow_ups(app) == {}


def test_old_webinars_get_no_follow_up_from_cron(app, runner):
    with app.app_context():
        past_webinar(ended_ago=timedelta(days=30))
    assert "Follow-up mails sent: 0" in runner.invoke(args=["webinars", "send-follow-ups"]).output


def test_erased_accounts_and_the_waiting_list_get_nothing(app, runner):
    with app.app_context():
        webinar_id = past_webinar()
        anna = db.session.scalar(select(User).where(User.email == "anna@verbind.example"))
        erase_account(anna, cause=ErasureCause.OWN_REQUEST)
        # After the end her place is no use to anyone: Wim stays on the waiting list.
        waiting = db.session.scalar(
            select(Registration)
            .join(User, User.id == Registration.user_id)
            .where(Registration.webinar_id == webinar_id)
            .where(User.email == "wachtlijst@verbind.example")
        )
        assert waiting.status == RegistrationStatus.WAITING
    runner.invoke(args=["webinars", "send-follow-ups"])
    assert sorted(follow_ups(app)) == ["ben@verbind.example"]


# --- the host's button ---------------------------------------------------------------------------


def host_client(app):
    client = app.test_client()
    log_in(client, "host@verbind.example")
    return client


def test_the_host_sends_the_follow_up_at_once_and_a_second_click_sends_nothing(app, runner):
    with app.app_context():
        webinar_id = past_webinar(ended_ago=timedelta(minutes=10))
    host = host_client(app)
    page = f"/webinars/{webinar_id}"
    assert f'action="{page}/follow-up"' in page_text(host.get(page)), "the button"

    response = post_form(host, f"{page}/follow-up", page=page, follow_redirects=True)
    assert response.status_code == 200
    assert "data-follow-up-sent" in page_text(response), "the page says it went"
    assert sorted(follow_ups(app)) == ["anna@verbind.example", "ben@verbind.example"]

    # The page no longer offers the button; a form kept open in another tab changes nothing.
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page_text(host.get(page)))
    again = host.post(f"{page}/follow-up", data={"csrf_token": token.group(1)})
    assert again.status_code == 302
    assert "Follow-up mails sent: 0" in runner.invoke(args=["webinars", "send-follow-ups"]).output
    assert [len(rows) for rows in follow_ups(app).values()] == [1, 1]


def test_attendees_cannot_send_the_follow_up(app):
    with app.app_context():
        webinar_id = past_webinar(ended_ago=timedelta(minutes=10))
    attendee = app.test_client()
    log_in(attendee, "anna@verbind.example")
    page = f"/webinars/{webinar_id}"
    assert f'action="{page}/follow-up"' not in page_text(attendee.get(page))
    response = post_form(attendee, f"{page}/follow-up", page=page)
    assert response.status_code == 403
    assert follow_ups(app) == {}


def test_the_follow_up_button_needs_the_csrf_token(app):
    with app.app_context():
        webinar_id = past_webinar(ended_ago=timedelta(minutes=10))
    response = host_client(app).post(f"/webinars/{webinar_id}/follow-up")
    assert response.status_code == 400
    assert follow_ups(app) == {}
    with app.app_context():
        assert db.session.get(Webinar, webinar_id).follow_up_sent_at is None


def test_no_follow_up_before_the_end_even_from_the_host(app, webinar_id):
    with app.app_context():
        attendee = make_user(email="anna@verbind.example")
        webinar = db.session.get(Webinar, webinar_id)
        db.session.add(registration(webinar, attendee))
        db.session.commit()
    host = host_client(app)
    page = f"/webinars/{webinar_id}"
    assert f'action="/webinars/{webinar_id}/follow-up"' not in page_text(host.get(page))
    response = post_form(host, f"{page}/follow-up", page=page)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Webinar, webinar_id).follow_up_sent_at is None
        assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_forum_questions_that_were_hidden_are_left_out(app, runner):
    with app.app_context():
        past_webinar()
        question = db.session.scalar(select(Question))
        question.status = PostStatus.HIDDEN
        db.session.commit()
    runner.invoke(args=["webinars", "send-follow-ups"])
    [english] = follow_ups(app)["ben@verbind.example"]
    assert FORUM_TITLE not in english.body and "/forum/q/" not in english.body
