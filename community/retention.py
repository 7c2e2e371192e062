"""Retention periods, enforced by `flask retention run` (daily from cron): unconfirmed
accounts, inactive accounts (warned by mail first), the authors of old live questions and old
mail in the outbox. Each run does what is due and nothing more, so running it twice changes
nothing the second time. The periods are in community/config.py (RETENTION_*).

IP addresses: Verbind stores none in its database. Flask-Limiter's per-address counters expire
with their window (at most an hour); the access logs of nginx and gunicorn are kept by the
server's log rotation (see the README, "Bewaartermijnen").
"""

from dataclasses import dataclass, fields
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from community.accounts.erasure import ensure_may_erase, erase_account
from community.accounts.models import ErasureCause, User
from community.accounts.services import AccountError
from community.clock import date_and_time, utcnow
from community.extensions import db
from community.mail import absolute_url, send_mail
from community.outbox import delete_old_mail
from community.webinars import polls
from community.webinars import services as webinar_services


@dataclass
class RetentionReport:
    unconfirmed_removed: int = 0
    inactive_warned: int = 0
    inactive_removed: int = 0
    live_questions_anonymised: int = 0
    poll_answers_anonymised: int = 0
    mails_removed: int = 0

    def lines(self):
        labels = {
            "unconfirmed_removed": "Unconfirmed accounts removed",
            "inactive_warned": "Inactive accounts warned",
            "inactive_removed": "Inactive accounts removed",
            "live_questions_anonymised": "Live questions that lost their author",
            "poll_answers_anonymised": "Poll answers no longer tied to a person",
            "mails_removed": "Old mails removed from the outbox",
        }
        return [f"{labels[item.name]}: {getattr(self, item.name)}" for item in fields(self)]


def _days(name):
    return timedelta(days=current_app.config[name])


def run_retention(now=None):
    """Everything that is due at `now`; returns a RetentionReport of counts."""
    now = now or utcnow()
    report = RetentionReport()
    report.unconfirmed_removed = remove_unconfirmed(now)
    report.inactive_removed = remove_inactive(now)
    report.inactive_warned = warn_inactive(now)
    archive_period_over = now - _days("RETENTION_LIVE_QUESTION_DAYS")
    report.live_questions_anonymised = webinar_services.forget_question_authors(archive_period_over)
    report.poll_answers_anonymised = polls.forget_respondents(archive_period_over)
    report.mails_removed = delete_old_mail(now - _days("RETENTION_MAIL_DAYS"))
    db.session.commit()
    return report


def _living():
    return User.erased_at.is_(None)


def remove_unconfirmed(now):
    """Accounts whose address was not confirmed within RETENTION_UNCONFIRMED_DAYS."""
    cutoff = now - _days("RETENTION_UNCONFIRMED_DAYS")
    users = db.session.scalars(
        select(User).where(_living(), User.email_confirmed_at.is_(None), User.created_at < cutoff)
    ).all()
    return _erase_each(users, ErasureCause.UNCONFIRMED, now)


def _inactive_since(cutoff):
    """No login since `cutoff` (never logged in: registered before it)."""
    return or_(
        User.last_login_at < cutoff,
        and_(User.last_login_at.is_(None), User.created_at < cutoff),
    )


def warn_inactive(now):
    """Mail each confirmed account without a login for RETENTION_INACTIVE_DAYS, once."""
    cutoff = now - _days("RETENTION_INACTIVE_DAYS")
    users = db.session.scalars(
        select(User).where(
            _living(),
            User.email_confirmed_at.is_not(None),
            User.retention_warned_at.is_(None),
            _inactive_since(cutoff),
        )
    ).all()
    warned = 0
    removal = now + _days("RETENTION_WARNING_DAYS")
    for user in users:
        try:
            ensure_may_erase(user)
        except AccountError:
            continue  # the last administrator is never removed, so not warned either
        with force_locale(user.locale):
            send_mail(
                user.email,
                _("Your Verbind account will be deleted on %(date)s", date=_day(removal, user)),
                "retention_warning",
                user=user,
                removal_date=_day(removal, user),
                login_link=absolute_url("accounts.login"),
            )
        user.retention_warned_at = now
        warned += 1
    db.session.commit()
    return warned


def _day(moment, user):
    return date_and_time(moment, user.locale, time=False)


def remove_inactive(now):
    """Erase accounts warned RETENTION_WARNING_DAYS ago that still did not log in (a login
    clears the warning, see accounts.services.record_login)."""
    cutoff = now - _days("RETENTION_WARNING_DAYS")
    users = db.session.scalars(
        select(User).where(
            _living(),
            User.retention_warned_at < cutoff,
            _inactive_since(now - _days("RETENTION_INACTIVE_DAYS")),
        )
    ).all()
    return _erase_each(users, ErasureCause.INACTIVE, now)


def _erase_each(users, cause, now):
    erased = 0
    for user in users:
        try:
            erase_account(user, cause=cause, now=now)
        except AccountError:
            db.session.rollback()  # the last administrator stays
            continue
        erased += 1
    return erased
