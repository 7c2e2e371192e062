"""The mail outbox: every mail is a row written in the transaction of the change that caused it;
a worker (`flask mail work`) claims due rows, sends them, and retries with backoff.

A claim is one conditional UPDATE (status queued and due, or a lease that ran out), so two
workers never hold the same mail; PostgreSQL first picks candidates with FOR UPDATE SKIP LOCKED
so workers do not queue behind each other's rows.
"""

import json
import logging
import signal
import threading
import uuid
from datetime import datetime, timedelta
from enum import StrEnum

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Index, String, Text, and_, delete, event, func, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, Session, mapped_column

from community.clock import utcnow
from community.extensions import db

log = logging.getLogger("verbind.mail")


class MailStatus(StrEnum):
    QUEUED = "queued"  # waiting for its (next) attempt
    SENDING = "sending"  # claimed by a worker until claimed_until
    SENT = "sent"
    FAILED = "failed"  # gave up after MAIL_MAX_ATTEMPTS; an admin may try again


MAIL_STATUS_LABELS = {
    MailStatus.QUEUED: _l("Waiting to be sent"),
    MailStatus.SENDING: _l("Being sent"),
    MailStatus.SENT: _l("Sent"),
    MailStatus.FAILED: _l("Failed"),
}


class OutboxMail(db.Model):
    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # JSON list of [filename, mimetype, text] (e.g. an .ics file); "[]" when none.
    attachments: Mapped[str] = mapped_column(Text, default="[]")
    status: Mapped[str] = mapped_column(String(10), default=MailStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    claimed_until: Mapped[datetime | None]

    __table_args__ = (Index("ix_mail_outbox_status_next_attempt_at", "status", "next_attempt_at"),)

    @property
    def status_label(self):
        return MAIL_STATUS_LABELS[MailStatus(self.status)]

    @property
    def attachment_list(self):
        return [tuple(item) for item in json.loads(self.attachments or "[]")]


def queue_mail(to, subject, body, attachments=()):
    """Add one mail to the session (not committed: it is sent only if the caller commits)."""
    mail = OutboxMail(
        to=to,
        subject=subject[:300],
        body=body,
        attachments=json.dumps([list(item) for item in attachments]),
        status=MailStatus.QUEUED,
        next_attempt_at=utcnow(),
    )
    db.session.add(mail)
    return mail


# --- the worker ---------------------------------------------------------------------------------


def _due(now):
    table = OutboxMail.__table__
    return or_(
        and_(table.c.status == MailStatus.QUEUED, table.c.next_attempt_at <= now),
        # The worker holding it crashed (or hangs): its lease ran out.
        and_(table.c.status == MailStatus.SENDING, table.c.claimed_until < now),
    )


def claim_due(session, *, limit, now=None, only_ids=None):
    """Claim up to `limit` due mails for this call and commit the claim; returns their ids."""
    now = now or utcnow()
    config = current_app.config
    table = OutboxMail.__table__
    candidates = select(table.c.id).where(_due(now)).order_by(table.c.next_attempt_at, table.c.id)
    if only_ids is not None:
        candidates = candidates.where(table.c.id.in_(list(only_ids)))
    candidates = candidates.limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    ids = session.scalars(candidates).all()
    if not ids:
        session.rollback()
        return []
    token = uuid.uuid4().hex
    # The WHERE repeats the due test: of two workers that read the same candidate, only the
    # first UPDATE matches it (SQLite serialises writers; PostgreSQL re-checks the locked row).
    session.execute(
        update(table)
        .where(table.c.id.in_(ids), _due(now))
        .values(
            status=MailStatus.SENDING,
            claimed_by=token,
            claimed_until=now + timedelta(seconds=config["MAIL_CLAIM_SECONDS"]),
            attempts=table.c.attempts + 1,
        )
    )
    session.commit()
    return session.scalars(
        select(table.c.id)
        .where(table.c.claimed_by == token, table.c.status == MailStatus.SENDING)
        .order_by(table.c.id)
    ).all()


def retry_delay(attempts):
    """Exponential backoff after the `attempts`-th failed attempt, capped."""
    config = current_app.config
    seconds = config["MAIL_RETRY_BASE_SECONDS"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, config["MAIL_RETRY_MAX_SECONDS"]))


def _record(session, mail_id, token, **values):
    """Store the outcome, unless another worker took the mail over after our lease ran out."""
    table = OutboxMail.__table__
    session.execute(
        update(table)
        .where(table.c.id == mail_id, table.c.claimed_by == token)
        .values(claimed_by=None, claimed_until=None, **values)
    )
    session.commit()


def deliver_due(session=None, *, limit=None, only_ids=None, now=None, stop=None):
    """Claim and send due mails once; returns (sent, failed_attempts). The worker's one step;
    `now` (tests) moves the clock of due times, claims and backoff. When `stop` is set midway,
    the claimed mails not yet sent go back to the queue at once."""
    from community.mail import deliver

    session = session or db.session
    now = now or utcnow()
    config = current_app.config
    sent = failed = 0
    ids = claim_due(session, limit=limit or config["MAIL_BATCH_SIZE"], only_ids=only_ids, now=now)
    mails = [session.get(OutboxMail, mail_id, populate_existing=True) for mail_id in ids]
    claimed = [
        (m.id, m.claimed_by, m.attempts, m.to, m.subject, m.body, m.attachment_list) for m in mails
    ]
    # No transaction stays open while the SMTP server takes its time.
    session.rollback()
    for position, (mail_id, token, attempts, to, subject, body, attachments) in enumerate(claimed):
        if stop is not None and stop.is_set():
            _release(session, claimed[position:])
            break
        try:
            deliver(to, subject, body, attachments)
        except Exception as error:  # noqa: BLE001 - any failure is stored, retried, shown to admins
            failed += 1
            give_up = attempts >= config["MAIL_MAX_ATTEMPTS"]
            log.warning(
                "Mail %s to %s could not be delivered (attempt %d): %s",
                mail_id,
                to,
                attempts,
                error,
            )
            _record(
                session,
                mail_id,
                token,
                status=MailStatus.FAILED if give_up else MailStatus.QUEUED,
                last_error=f"{type(error).__name__}: {error}"[:500],
                next_attempt_at=now + retry_delay(attempts),
            )
        else:
            sent += 1
            _record(session, mail_id, token, status=MailStatus.SENT, sent_at=now)
    return sent, failed


def _release(session, claimed):
    """Give claimed, unsent mails back to the queue (the worker is stopping), attempt uncounted."""
    table = OutboxMail.__table__
    for mail_id, token, *_rest in claimed:
        session.execute(
            update(table)
            .where(table.c.id == mail_id, table.c.claimed_by == token)
            .values(
                status=MailStatus.QUEUED,
                attempts=table.c.attempts - 1,
                claimed_by=None,
                claimed_until=None,
            )
        )
    session.commit()


def run_worker(*, once=False, interval=None, stop=None, jobs=()):
    """`flask mail work`: send due mail until stopped (SIGTERM or SIGINT finish the current mail
    first), or until nothing is left with once=True (cron). `jobs` are more background tasks
    run each round (the data exports of community/data_rights.py), each returning how much it
    did. Returns (sent, failed attempts)."""
    interval = current_app.config["MAIL_WORKER_INTERVAL_SECONDS"] if interval is None else interval
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stop.set())
    totals = [0, 0]
    log.info("Mail worker started")
    while not stop.is_set():
        try:
            sent, failed = deliver_due(stop=stop)
            done = sum(job() for job in jobs)
        except OperationalError:
            # The database is away or locked for long: try again at the next round.
            db.session.rollback()
            log.exception("Mail worker could not read the outbox")
            sent = failed = done = 0
        totals[0] += sent
        totals[1] += failed
        busy = sent or failed or done
        if once and not busy:
            break
        if not busy:
            stop.wait(interval)
    db.session.remove()
    return tuple(totals)


def try_again(mail, *, by):
    """An admin sends a failed (or waiting) mail again now, with a full series of attempts."""
    if mail.status not in (MailStatus.FAILED, MailStatus.QUEUED):
        return False
    mail.status = MailStatus.QUEUED
    mail.attempts = 0
    mail.next_attempt_at = utcnow()
    log.info("Mail %s to %s queued again by user %s", mail.id, mail.to, by.id)
    db.session.commit()
    return True


def mails_needing_attention(status=None):
    """A select() of failed and waiting mails (or of one status), the oldest problem first."""
    statuses = [status] if status else [MailStatus.FAILED, MailStatus.QUEUED, MailStatus.SENDING]
    return (
        select(OutboxMail)
        .where(OutboxMail.status.in_(statuses))
        .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
    )


def count_by_status():
    rows = db.session.execute(
        select(OutboxMail.status, db.func.count()).group_by(OutboxMail.status)
    ).all()
    return {MailStatus(status): number for status, number in rows}


def outbox_backlog():
    """{status: mails} of the mails not sent (yet): queued, sending and failed, in one query
    that reads only those (the metrics page asks on every scrape)."""
    unsent = (MailStatus.QUEUED, MailStatus.SENDING, MailStatus.FAILED)
    rows = db.session.execute(
        select(OutboxMail.status, db.func.count())
        .where(OutboxMail.status.in_(unsent))
        .group_by(OutboxMail.status)
    ).all()
    return {str(status): 0 for status in unsent} | {str(status): n for status, n in rows}


# --- delivering at once (tests, and a development server without a worker) ---------------------


@event.listens_for(Session, "after_flush")
def _remember_new_mails(session, flush_context):
    new_ids = [obj.id for obj in session.new if isinstance(obj, OutboxMail)]
    if new_ids:
        session.info.setdefault("outbox_ids", []).extend(new_ids)


@event.listens_for(Session, "after_rollback")
def _forget_new_mails(session):
    session.info.pop("outbox_ids", None)


@event.listens_for(Session, "after_commit")
def _deliver_committed_mails(session):
    """With MAIL_SEND_AT_ONCE, send the mails of a commit right after it (through the same claim
    as the worker, on a session of its own: this one may not run SQL any more)."""
    ids = session.info.pop("outbox_ids", None)
    if not ids or not current_app or not current_app.config.get("MAIL_SEND_AT_ONCE"):
        return
    try:
        with Session(session.get_bind()) as own:
            deliver_due(own, limit=len(ids), only_ids=ids)
    except Exception:  # noqa: BLE001 - the mail stays queued for the worker; never fail the caller
        log.exception("Mail could not be delivered at once; it stays in the outbox")


# --- erasure and retention ---------------------------------------------------------------------


def forget_person(address, *, words=(), replacement=""):
    """Erasure (not committed): remove every mail to `address`, sent or not; in mail to others,
    remove the sent and failed ones that name the person (one of `words`, such as their name)
    and put `replacement` in their place in those still to be sent. Returns how many went."""
    address = (address or "").strip().lower()
    table = OutboxMail.__table__
    removed = 0
    if address:
        to = func.lower(table.c.to)
        removed += db.session.execute(
            delete(table).where(or_(to == address, to.like(f"%<{address}>")))
        ).rowcount
    for word in (word for word in words if word and len(word) >= 3):
        naming = or_(
            table.c.subject.contains(word, autoescape=True),
            table.c.body.contains(word, autoescape=True),
        )
        removed += db.session.execute(
            delete(table).where(naming, table.c.status.in_([MailStatus.SENT, MailStatus.FAILED]))
        ).rowcount
        for mail in db.session.scalars(select(OutboxMail).where(naming)):
            mail.subject = mail.subject.replace(word, replacement)
            mail.body = mail.body.replace(word, replacement)
    return removed


def delete_old_mail(before):
    """Remove sent mail sent before `before`, and failed mail created before it (retention; not
    committed). Waiting mail stays. Returns how many went."""
    table = OutboxMail.__table__
    result = db.session.execute(
        delete(table).where(
            or_(
                and_(table.c.status == MailStatus.SENT, table.c.sent_at < before),
                and_(table.c.status == MailStatus.FAILED, table.c.created_at < before),
            )
        )
    )
    return result.rowcount
