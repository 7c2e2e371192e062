"""Retention periods, enforced by `flask retention run`: unconfirmed accounts after 7 days,
inactive accounts warned and then erased, live questions without author after the archive
period, old mail out of the outbox. Each run does only what is due; the clock is passed in."""

from datetime import timedelta

import sqlalchemy as sa

from community.accounts.models import AccountErasure, User
from community.clock import utcnow
from community.extensions import db
from community.outbox import MailStatus, OutboxMail
from community.permissions import Role
from community.retention import run_retention
from community.webinars import polls
from community.webinars.models import LiveQuestion, PollAnswer, Webinar
from tests.helpers import log_in, make_user

DAY = timedelta(days=1)


def aged(user, *, created=None, last_login=None):
    if created is not None:
        user.created_at = created
    user.last_login_at = last_login
    db.session.commit()
    return user.id


def exists(user_id):
    user = db.session.get(User, user_id)
    return user is not None and not user.is_erased


def outbox_to(address):
    return db.session.scalars(sa.select(OutboxMail).where(OutboxMail.to == address)).all()


def test_unconfirmed_accounts_go_after_seven_days(app):
    now = utcnow()
    with app.app_context():
        old = aged(make_user(email="oud@verbind.example", confirmed=False), created=now - 8 * DAY)
        new = aged(make_user(email="nieuw@verbind.example", confirmed=False), created=now - DAY)
        confirmed = aged(make_user(email="ok@verbind.example"), created=now - 30 * DAY)
        report = run_retention(now)
        assert report.unconfirmed_removed == 1
        assert not exists(old) and exists(new) and exists(confirmed)
        assert db.session.scalar(sa.select(AccountErasure.cause)) == "unconfirmed"
        assert run_retention(now).unconfirmed_removed == 0  # nothing more is due


def test_inactive_accounts_are_warned_then_erased_unless_they_log_in(app, client):
    now = utcnow()
    three_years_ago = now - 3 * 365 * DAY - DAY
    with app.app_context():
        away = aged(make_user(email="weg@verbind.example"), last_login=three_years_ago)
        back = aged(make_user(email="terug@verbind.example"), last_login=three_years_ago)
        active = aged(make_user(email="actief@verbind.example"), last_login=now - 10 * DAY)
        report = run_retention(now)
        assert report.inactive_warned == 2 and report.inactive_removed == 0
        [warning] = outbox_to("weg@verbind.example")
        assert "wordt op" in warning.subject and "verwijderd" in warning.subject
        assert "/account/login" in warning.body
        assert outbox_to("actief@verbind.example") == []
        # Warned once: the next day's run sends nothing again.
        assert run_retention(now + DAY).inactive_warned == 0

    assert log_in(client, "terug@verbind.example").status_code == 302  # a login cancels it

    with app.app_context():
        report = run_retention(now + 31 * DAY)
        assert report.inactive_removed == 1
        assert not exists(away) and exists(back) and exists(active)
        assert outbox_to("weg@verbind.example") == []  # the erasure took its mail too
        assert run_retention(now + 32 * DAY).inactive_removed == 0


def test_the_last_administrator_is_never_warned_or_removed(app):
    now = utcnow()
    with app.app_context():
        admin = make_user(email="beheer@verbind.example", roles=(Role.ADMIN,))
        admin_id = aged(admin, last_login=now - 4 * 365 * DAY)
        report = run_retention(now)
        assert report.inactive_warned == 0
        admin = db.session.get(User, admin_id)
        admin.retention_warned_at = now - 60 * DAY  # warned when there was a second one
        db.session.commit()
        assert run_retention(now).inactive_removed == 0
        assert exists(admin_id)


def test_live_questions_lose_their_author_after_the_archive_period(app):
    now = utcnow()
    with app.app_context():
        asker = make_user(name="Sanne de Boer", email="sanne@verbind.example")
        host = make_user(name="Youssef El Amrani", roles=(Role.ORGANISER,))

        def webinar_with_question(ended):
            webinar = Webinar(
                title="Samenwerken", starts_at=ended - DAY, ends_at=ended, host_id=host.id
            )
            db.session.add(webinar)
            db.session.flush()
            question = LiveQuestion(
                webinar_id=webinar.id,
                author_id=asker.id,
                client_token=f"token-{webinar.id}",
                text="Hoe houden jullie contact met school?",
                votes=3,
            )
            db.session.add(question)
            db.session.commit()
            return question.id

        old = webinar_with_question(now - 91 * DAY)
        recent = webinar_with_question(now - 10 * DAY)
        assert run_retention(now).live_questions_anonymised == 1
        old_question = db.session.get(LiveQuestion, old)
        assert old_question.author_id is None and old_question.anonymous
        assert (old_question.text, old_question.votes) == (
            "Hoe houden jullie contact met school?",
            3,
        )
        assert db.session.get(LiveQuestion, recent).author_id == asker.id
        assert run_retention(now).live_questions_anonymised == 0


def test_poll_answers_are_no_longer_tied_to_anyone_after_the_archive_period(app):
    """The archive keeps a poll's counts; 90 days after the webinar the answers no longer say
    whose they were (during the webinar that is needed for one answer per person)."""
    now = utcnow()
    with app.app_context():
        respondent = make_user(name="Sanne de Boer", email="sanne@verbind.example")
        host = make_user(name="Youssef El Amrani", roles=(Role.ORGANISER,))

        def answered_poll(ended):
            webinar = Webinar(
                title="Samenwerken", starts_at=ended - DAY, ends_at=ended, host_id=host.id
            )
            db.session.add(webinar)
            db.session.flush()
            poll = polls.create_poll(
                host, webinar, kind="single", question="Overleg je vaak?", options=["Ja", "Nee"]
            )
            db.session.add(PollAnswer(poll_id=poll.id, user_id=respondent.id, value="0"))
            db.session.commit()
            return poll.id

        old = answered_poll(now - 91 * DAY)
        recent = answered_poll(now - 10 * DAY)
        assert run_retention(now).poll_answers_anonymised == 1
        assert polls.results_for(old)["total"] == 1
        owners = dict(db.session.execute(sa.select(PollAnswer.poll_id, PollAnswer.user_id)).all())
        assert owners == {old: None, recent: respondent.id}
        assert run_retention(now).poll_answers_anonymised == 0


def test_sent_mail_leaves_the_outbox_after_ninety_days(app):
    now = utcnow()
    with app.app_context():

        def mail(status, age):
            row = OutboxMail(
                to="lid@verbind.example",
                subject="Onderwerp",
                body="Tekst",
                status=status,
                created_at=now - age,
                sent_at=now - age if status == MailStatus.SENT else None,
            )
            db.session.add(row)
            return row

        old_sent = mail(MailStatus.SENT, 91 * DAY)
        old_failed = mail(MailStatus.FAILED, 91 * DAY)
        recent = mail(MailStatus.SENT, 10 * DAY)
        waiting = mail(MailStatus.QUEUED, 91 * DAY)
        db.session.commit()
        ids = [m.id for m in (old_sent, old_failed, recent, waiting)]
        assert run_retention(now).mails_removed == 2
        left = set(db.session.scalars(sa.select(OutboxMail.id)))
        assert left == {ids[2], ids[3]}


def test_the_periods_come_from_the_configuration(app):
    app.config["RETENTION_UNCONFIRMED_DAYS"] = 30
    now = utcnow()
    with app.app_context():
        user_id = aged(make_user(confirmed=False), created=now - 8 * DAY)
        assert run_retention(now).unconfirmed_removed == 0
        assert exists(user_id)


def test_the_command_prints_what_it_did(app, runner):
    with app.app_context():
        aged(make_user(confirmed=False), created=utcnow() - 8 * DAY)
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "Unconfirmed accounts removed: 1" in result.output
    assert "Inactive accounts warned: 0" in result.output
    again = runner.invoke(args=["retention", "run"])
    assert "Unconfirmed accounts removed: 0" in again.output
