"""The mail outbox: mail is written with the change that causes it, the worker sends it through a
real SMTP server (aiosmtpd), retries with backoff while the server is down, and sends each mail
exactly once, also with two workers at the same time."""

import email
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from community.clock import utcnow
from community.extensions import db
from community.mail import send_mail
from community.outbox import MailStatus, OutboxMail, deliver_due
from community.permissions import Role
from tests.helpers import log_in, make_user, page_text, post_form
from tests.smtp_server import SMTPServer

pytest.importorskip("aiosmtpd")


def registration(number):
    return {
        "name": f"Noor Hendriks {number}",
        "email": f"noor{number}@verbind.example",
        "organisation": "Kinderopvang Het Nest",
        "function": "kinderopvang",
        "gemeente": "Nijmegen",
        "password": "schommelen-in-de-tuin",
        "password_repeat": "schommelen-in-de-tuin",
    }


@pytest.fixture
def smtp():
    server = SMTPServer()
    yield server
    server.stop()


@pytest.fixture
def worker_app(app, smtp):
    """The app as in production: mail waits in the outbox for the worker, SMTP at smtp.port."""
    app.config.update(
        MAIL_SEND_AT_ONCE=False,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
        MAIL_USE_TLS=False,
        MAIL_TIMEOUT_SECONDS=5,
    )
    return app


def make_admin(app):
    with app.app_context():
        return make_user(email="beheer@verbind.example", roles=(Role.ADMIN,)).email


def outbox(app):
    with app.app_context():
        return db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()


def work(app, now=None):
    with app.app_context():
        return deliver_due(now=now)


def test_registration_answers_at_once_and_the_worker_sends_the_mail_later(
    app, client, runner, mail_log
):
    app.config["MAIL_SEND_AT_ONCE"] = False
    response = post_form(client, "/account/register", registration(1))
    assert response.status_code == 200
    assert mail_log.messages == []
    [mail] = outbox(app)
    assert (mail.to, mail.status, mail.attempts) == ("noor1@verbind.example", "queued", 0)
    assert "Bevestig je e-mailadres" in mail.subject
    result = runner.invoke(args=["mail", "work", "--once"])
    assert result.exit_code == 0, result.output
    assert "Mail sent: 1" in result.output
    assert "To: noor1@verbind.example" in mail_log.messages[-1]
    assert "/account/confirm/" in mail_log.last_link()
    assert [m.status for m in outbox(app)] == ["sent"]
    # A second run finds nothing to send.
    assert "Mail sent: 0" in runner.invoke(args=["mail", "work", "--once"]).output


def test_a_change_that_is_rolled_back_sends_no_mail(app, mail_log):
    with app.app_context():
        send_mail("someone@verbind.example", "Nooit verstuurd", "verified", user=None)
        db.session.rollback()
        assert deliver_due() == (0, 0)
    assert outbox(app) == []
    assert mail_log.messages == []


def test_smtp_server_down_then_up_loses_nothing_and_sends_nothing_twice(worker_app, client, smtp):
    for number in range(3):
        response = post_form(client, "/account/register", registration(number))
        assert response.status_code == 200
    assert len(outbox(worker_app)) == 3

    # The server is down: every mail stays queued with its attempt, error and next time.
    started = utcnow()
    assert work(worker_app) == (0, 3)
    mails = outbox(worker_app)
    assert {m.status for m in mails} == {"queued"}
    assert {m.attempts for m in mails} == {1}
    assert all("Connection refused" in m.last_error for m in mails)
    assert all(m.next_attempt_at >= started + timedelta(seconds=60) for m in mails)
    # Backoff: not tried again before the next time, and twice as long after the second failure.
    assert work(worker_app) == (0, 0)
    assert work(worker_app, now=utcnow() + timedelta(seconds=61)) == (0, 3)
    second = outbox(worker_app)
    assert {m.attempts for m in second} == {2}
    assert all(m.next_attempt_at - started >= timedelta(seconds=61 + 120 - 1) for m in second), (
        "the second wait is twice the first"
    )

    # The server is up: each mail is sent once, and later rounds send nothing more.
    smtp.start()
    later = utcnow() + timedelta(minutes=5)
    assert work(worker_app, now=later) == (3, 0)
    assert work(worker_app, now=later + timedelta(days=1)) == (0, 0)
    assert smtp.collector.recipients() == [f"noor{n}@verbind.example" for n in range(3)]
    assert {m.status for m in outbox(worker_app)} == {"sent"}


def test_two_workers_at_the_same_time_send_each_mail_once(worker_app, smtp):
    worker_app.config["MAIL_BATCH_SIZE"] = 3
    with worker_app.app_context():
        for number in range(30):
            send_mail(f"lid{number:02d}@verbind.example", "Test", "verified", user=None)
        db.session.commit()
    smtp.start()
    results = []
    start = threading.Barrier(2)

    def worker():
        with worker_app.app_context():
            start.wait()
            sent = 0
            while True:
                round_sent, _failed = deliver_due()
                if not round_sent:
                    break
                sent += round_sent
            results.append(sent)
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(results) == 30
    assert smtp.collector.recipients() == [f"lid{n:02d}@verbind.example" for n in range(30)]
    assert {m.status for m in outbox(worker_app)} == {"sent"}


def test_a_mail_claimed_by_a_crashed_worker_is_sent_after_its_lease(worker_app, smtp):
    from community.outbox import claim_due

    with worker_app.app_context():
        send_mail("noor@verbind.example", "Test", "verified", user=None)
        db.session.commit()
        # A worker claims it and dies before sending.
        assert len(claim_due(db.session, limit=10)) == 1
    smtp.start()
    assert work(worker_app) == (0, 0), "still within the crashed worker's lease"
    lease = worker_app.config["MAIL_CLAIM_SECONDS"]
    assert work(worker_app, now=utcnow() + timedelta(seconds=lease + 1)) == (1, 0)
    assert smtp.collector.recipients() == ["noor@verbind.example"]


def test_a_stopping_worker_gives_back_the_mails_it_did_not_send(worker_app, smtp):
    worker_app.config["MAIL_BATCH_SIZE"] = 5
    with worker_app.app_context():
        for number in range(5):
            send_mail(f"lid{number}@verbind.example", "Test", "verified", user=None)
        db.session.commit()
    smtp.start()
    stop = threading.Event()
    stop.set()  # SIGTERM arrived after the claim: nothing more is sent
    with worker_app.app_context():
        assert deliver_due(stop=stop) == (0, 0)
    mails = outbox(worker_app)
    assert {(m.status, m.attempts, m.claimed_by) for m in mails} == {("queued", 0, None)}
    assert work(worker_app) == (5, 0), "the next worker sends them at once, not after a lease"
    assert len(smtp.collector.envelopes) == 5


def test_after_the_last_attempt_the_mail_fails_and_an_admin_sends_it_again(
    worker_app, client, login_as, smtp
):
    worker_app.config["MAIL_MAX_ATTEMPTS"] = 2
    with worker_app.app_context():
        send_mail("noor@verbind.example", "Je verificatie", "verified", user=None)
        db.session.commit()
    assert work(worker_app) == (0, 1)
    assert work(worker_app, now=utcnow() + timedelta(hours=1)) == (0, 1)
    [mail] = outbox(worker_app)
    assert (mail.status, mail.attempts) == ("failed", 2)
    assert work(worker_app, now=utcnow() + timedelta(days=2)) == (0, 0), "failed stays failed"

    login_as("admin")
    page = page_text(client.get("/admin/mail"))
    assert "1 e-mail mislukt" in page
    assert "noor@verbind.example" in page and "Je verificatie" in page
    assert "Mislukt" in page and "Connection refused" in page

    response = post_form(client, f"/admin/mail/{mail.id}/retry", page="/admin/mail")
    assert response.status_code == 302
    assert "wordt opnieuw verstuurd" in page_text(client.get(response.location))
    smtp.start()
    assert work(worker_app) == (1, 0)
    assert smtp.collector.recipients() == ["noor@verbind.example"]
    assert "Er wacht geen e-mail" in page_text(client.get("/admin/mail"))


def test_only_admins_see_the_outbox_and_retrying_needs_the_form_token(app, client, login_as):
    with app.app_context():
        send_mail("noor@verbind.example", "Test", "verified", user=None)
        mail = OutboxMail(to="x@verbind.example", subject="S", body="B", status="failed")
        db.session.add(mail)
        db.session.commit()
        mail_id = mail.id
    assert client.get("/admin/mail").status_code == 302  # to the login page
    login_as("moderator")
    assert client.get("/admin/mail").status_code == 403
    assert post_form(client, f"/admin/mail/{mail_id}/retry", page="/").status_code == 403
    admin_client = app.test_client()
    user_factory_admin = log_in(admin_client, make_admin(app))
    assert user_factory_admin.status_code == 302
    assert admin_client.post(f"/admin/mail/{mail_id}/retry", data={}).status_code == 400
    assert admin_client.get("/admin/mail?page=abc").status_code == 400


def test_an_attachment_travels_with_the_mail(worker_app, smtp):
    calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    with worker_app.app_context():
        send_mail(
            "noor@verbind.example",
            "Uitnodiging",
            "verified",
            user=None,
            attachments=[("week.ics", "text/calendar", calendar)],
        )
        db.session.commit()
    smtp.start()
    assert work(worker_app) == (1, 0)
    message = email.message_from_bytes(smtp.collector.envelopes[0].original_content)
    [part] = [p for p in message.walk() if p.get_filename() == "week.ics"]
    assert part.get_content_type() == "text/calendar"
    assert "BEGIN:VCALENDAR" in part.get_payload(decode=True).decode()


def test_the_outbox_page_takes_the_same_number_of_queries_for_many_mails(app, client, login_as):
    from sqlalchemy import event

    app.config["MAIL_SEND_AT_ONCE"] = False
    login_as("admin")

    def queries_for_page():
        statements = []

        def count(*args):
            statements.append(args[2])

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get("/admin/mail").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    with app.app_context():
        send_mail("a@verbind.example", "Test", "verified", user=None)
        db.session.commit()
    few = queries_for_page()
    with app.app_context():
        for number in range(20):
            db.session.add(OutboxMail(to=f"{number}@x.example", subject="S", body="B"))
        db.session.commit()
    assert queries_for_page() == few
    with app.app_context():
        assert (
            db.session.scalar(select(db.func.count()).where(OutboxMail.status == MailStatus.QUEUED))
            == 21
        )
