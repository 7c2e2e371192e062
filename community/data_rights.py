"""The right of access (AVG art. 15 and 20): "Download my data" builds a ZIP with one JSON file
per kind of data and a readable summary, in the background, and mails a link that works once.

Each feature gives its part through `personal_data(user_id)` in its services module (so this
module reads no feature's models). The job is a row in `data_export`, built by the mail worker
(`flask mail work`, which calls `work_on_exports` each round) or, when no worker runs
(MAIL_SEND_AT_ONCE: tests, a small server), in the request that asks for it. The ZIP is written
to disk under EXPORT_FOLDER piece by piece, and removed on download or when the link expires.
"""

import hashlib
import json
import logging
import secrets
import zipfile
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import ForeignKey, Index, String, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from community import access_log
from community.accounts import services as account_services
from community.accounts.models import User
from community.clock import utcnow
from community.errors import UserError
from community.events import services as event_services
from community.extensions import db
from community.forum import services as forum_services
from community.mail import absolute_url, send_mail
from community.webinars import services as webinar_services
from courses import services as course_services

log = logging.getLogger("verbind.data_rights")

# "5 December 2026, 14:30" (in Amsterdam time, the month in the reader's language).
SHOWN_TIME = "d MMMM yyyy, HH:mm"
# A build that has not finished after this long (its worker died) is started again.
BUILD_LEASE = timedelta(minutes=30)


class ExportStatus(StrEnum):
    QUEUED = "queued"
    BUILDING = "building"
    READY = "ready"  # the link was mailed
    DOWNLOADED = "downloaded"
    EXPIRED = "expired"  # the link ran out, or a newer export replaced it
    FAILED = "failed"


PENDING = (ExportStatus.QUEUED, ExportStatus.BUILDING)


class DataExport(db.Model):
    __tablename__ = "data_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=ExportStatus.QUEUED)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    ready_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    downloaded_at: Mapped[datetime | None]
    # The ZIP's name in EXPORT_FOLDER (random); "" once it is removed.
    file_name: Mapped[str] = mapped_column(String(80), default="")
    # SHA-256 of the secret in the mailed link: the link is signed and names this export, and
    # only the mailed secret matches (the database alone does not give a working link).
    secret_hash: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (
        # One export in the making per person, even when two requests arrive at once.
        Index(
            "uq_data_export_pending",
            "user_id",
            unique=True,
            sqlite_where=text("status IN ('queued', 'building')"),
            postgresql_where=text("status IN ('queued', 'building')"),
        ),
    )


class ExportError(UserError):
    """The export cannot be asked for now (one is on its way)."""

    status = 409


class ExportLinkError(UserError):
    """The download link does not work (any more); `status` is 404 or 410."""


# The files of the ZIP, in order, and what each holds (for the summary).
KIND_LABELS = {
    "account": _l("Your account: e-mail address, roles, verification"),
    "profile": _l("Your profile: name, organisation, work field, municipality, settings"),
    "forum_posts": _l("Your forum questions, answers and comments, with every version"),
    "forum_votes": _l("Your votes on forum posts"),
    "forum_flags": _l("Posts you flagged for moderators"),
    "notifications": _l("Your notifications"),
    "forum_watches": _l("Questions you follow"),
    "course_enrolments": _l("Courses you enrolled in"),
    "lesson_completions": _l("Lessons you completed"),
    "quiz_attempts": _l("Your quiz attempts, with your answers"),
    "extra_attempts": _l("Extra quiz attempts a moderator gave you"),
    "certificates": _l("Your certificates"),
    "webinar_registrations": _l("Your webinar registrations"),
    "live_questions": _l("Questions you asked in webinars"),
    "live_question_votes": _l("Webinar questions you voted for"),
    "poll_answers": _l("Your answers to polls in webinars"),
    "webinars_hosted": _l("Webinars you hosted"),
    "event_registrations": _l("Your registrations for Week events"),
    "events_organised": _l("Week events you organised"),
    "access_log": _l("Who looked at your personal data (moderators and administrators)"),
}

PARTS = (
    account_services.personal_data,
    forum_services.personal_data,
    course_services.personal_data,
    webinar_services.personal_data,
    event_services.personal_data,
    access_log.personal_data,
)


# --- asking ------------------------------------------------------------------------------------


def latest_export(user_id):
    return db.session.scalar(
        select(DataExport)
        .where(DataExport.user_id == user_id)
        .order_by(DataExport.requested_at.desc(), DataExport.id.desc())
        .limit(1)
    )


def request_export(user):
    """Queue an export for `user` (and build it at once when no worker runs). An earlier
    ready link stops working: one valid link at a time. Raises ExportError while one is being
    made."""
    pending = db.session.scalar(
        select(DataExport.id).where(DataExport.user_id == user.id, DataExport.status.in_(PENDING))
    )
    if pending is None:
        for earlier in db.session.scalars(
            select(DataExport).where(
                DataExport.user_id == user.id, DataExport.status == ExportStatus.READY
            )
        ):
            _remove_file(earlier)
            earlier.status = ExportStatus.EXPIRED
        export = DataExport(user_id=user.id, status=ExportStatus.QUEUED, requested_at=utcnow())
        db.session.add(export)
        try:
            db.session.commit()
        except IntegrityError:
            # A second request at the same moment: that one is being made.
            db.session.rollback()
            pending = True
    if pending is not None:
        raise ExportError(
            _(
                "Your data is already being collected. You will get an e-mail with a "
                "download link when it is ready."
            )
        )
    if current_app.config.get("MAIL_SEND_AT_ONCE"):
        build_export(export.id)
    return export


# --- building (the worker) ---------------------------------------------------------------------


def export_folder():
    folder = current_app.config.get("EXPORT_FOLDER") or Path(current_app.instance_path) / "exports"
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _waiting(table, now):
    """Queued, or building for longer than the lease (its worker died)."""
    stalled = (table.c.status == ExportStatus.BUILDING) & (table.c.started_at < now - BUILD_LEASE)
    return or_(table.c.status == ExportStatus.QUEUED, stalled)


def _claim(export_id, now):
    """Take the job (queued, or a build whose worker died); False when another worker has it."""
    table = DataExport.__table__
    result = db.session.execute(
        update(table)
        .where(
            table.c.id == export_id,
            or_(
                table.c.status == ExportStatus.QUEUED,
                (table.c.status == ExportStatus.BUILDING)
                & (table.c.started_at < now - BUILD_LEASE),
            ),
        )
        .values(status=ExportStatus.BUILDING, started_at=now)
    )
    db.session.commit()
    return result.rowcount == 1


def build_export(export_id, now=None):
    """Build one export and mail its link; returns True when this call built it."""
    now = now or utcnow()
    if not _claim(export_id, now):
        return False
    export = db.session.get(DataExport, export_id, populate_existing=True)
    user = db.session.get(User, export.user_id)
    folder = export_folder()
    name = f"{secrets.token_hex(16)}.zip"
    partial = folder / f"{name}.part"
    try:
        with force_locale(user.locale):
            write_zip(partial, user, now)
        partial.rename(folder / name)
    except Exception:  # noqa: BLE001 - stored as failed; the person may ask again
        db.session.rollback()
        partial.unlink(missing_ok=True)
        log.exception("Data export %s could not be built", export_id)
        export = db.session.get(DataExport, export_id)
        export.status = ExportStatus.FAILED
        db.session.commit()
        return False
    secret = secrets.token_urlsafe(24)
    export.status = ExportStatus.READY
    export.ready_at = now
    export.expires_at = now + timedelta(days=current_app.config["EXPORT_LINK_DAYS"])
    export.file_name = name
    export.secret_hash = _digest(secret)
    token = _serializer().dumps({"id": export.id, "secret": secret})
    with force_locale(user.locale):
        send_mail(
            user.email,
            _("Your data from Verbind is ready to download"),
            "data_export_ready",
            user=user,
            link=absolute_url("accounts.download_export", token=token),
            expires=format_datetime(export.expires_at, SHOWN_TIME),
        )
    db.session.commit()
    return True


def work_on_exports(now=None):
    """The worker's round: build what waits, remove what expired; returns how many it did."""
    now = now or utcnow()
    table = DataExport.__table__
    waiting = db.session.scalars(
        select(table.c.id)
        .where(
            or_(
                table.c.status == ExportStatus.QUEUED,
                (table.c.status == ExportStatus.BUILDING)
                & (table.c.started_at < now - BUILD_LEASE),
            )
        )
        .order_by(table.c.requested_at)
        .limit(5)
    ).all()
    db.session.rollback()
    done = sum(1 for export_id in waiting if build_export(export_id, now))
    return done + remove_expired_exports(now)


def remove_expired_exports(now=None):
    """Remove the ZIPs whose link ran out; returns how many."""
    now = now or utcnow()
    expired = db.session.scalars(
        select(DataExport).where(
            DataExport.status == ExportStatus.READY, DataExport.expires_at < now
        )
    ).all()
    for export in expired:
        _remove_file(export)
        export.status = ExportStatus.EXPIRED
    db.session.commit()
    return len(expired)


def discard_exports(user_id):
    """Remove a person's export files and jobs (for erasing an account: the rows would go by
    cascade, the files on disk would not). Not committed: part of the caller's change."""
    for export in db.session.scalars(select(DataExport).where(DataExport.user_id == user_id)):
        _remove_file(export)
        db.session.delete(export)


def _remove_file(export):
    if export.file_name:
        (export_folder() / export.file_name).unlink(missing_ok=True)
        export.file_name = ""


class _Default(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, datetime | date):
            return o.isoformat()
        return str(o)  # enums and lazy strings


def write_zip(path, user, now):
    """Write every part into a ZIP at `path`, row by row (a part may be an iterator), then the
    summary in the person's language."""
    counts = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        looked = []
        for part in PARTS:
            for kind, rows in part(user.id).items():
                if kind == "access_log":
                    looked = rows = list(rows)  # the summary repeats it in words
                counts[kind] = _write_json(archive, f"{kind}.json", rows)
        summary = render_template(
            "accounts/data_export_summary.txt",
            user=user,
            made_at=format_datetime(now, SHOWN_TIME),
            files=[(f"{kind}.json", KIND_LABELS.get(kind, kind), counts[kind]) for kind in counts],
            looked=looked,
            access_labels=access_log.ACCESS_KIND_LABELS,
        )
        archive.writestr("README.txt", summary)


def _write_json(archive, name, rows):
    count = 0
    encoder = _Default(ensure_ascii=False, indent=2)
    with archive.open(name, "w") as handle:
        handle.write(b"[")
        for row in rows:
            handle.write((",\n" if count else "\n").encode())
            handle.write(encoder.encode(row).encode())
            count += 1
        handle.write(b"\n]\n")
    return count


# --- downloading -------------------------------------------------------------------------------


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="verbind-data-export")


def _digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def export_for_link(token, user, now=None):
    """The ready export this link names, for its owner; ExportLinkError otherwise: 404 for a
    link that is not theirs or not valid, 410 for one used or expired."""
    now = now or utcnow()
    max_age = current_app.config["EXPORT_LINK_DAYS"] * 24 * 60 * 60
    not_found = ExportLinkError(_("This download link is not valid."), status=404)
    gone = ExportLinkError(
        _(
            "This download link has been used or has expired. Ask for a new download on "
            "your profile page."
        ),
        status=410,
    )
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise gone from error
    except BadSignature as error:
        raise not_found from error
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise not_found
    export = db.session.get(DataExport, data["id"])
    if (
        export is None
        or export.user_id != user.id
        or not secrets.compare_digest(export.secret_hash, _digest(str(data.get("secret"))))
    ):
        raise not_found
    if export.status == ExportStatus.READY and export.expires_at < now:
        _remove_file(export)
        export.status = ExportStatus.EXPIRED
        db.session.commit()
    if export.status != ExportStatus.READY:
        raise gone
    return export


def take_download(export, now=None):
    """Use up the link and hand over the ZIP: an open file whose name is already removed from
    the folder (the bytes stay readable until it is closed). ExportLinkError (410) when a
    second request got there first."""
    now = now or utcnow()
    table = DataExport.__table__
    path = export_folder() / export.file_name
    result = db.session.execute(
        update(table)
        .where(table.c.id == export.id, table.c.status == ExportStatus.READY)
        .values(status=ExportStatus.DOWNLOADED, downloaded_at=now, file_name="")
    )
    db.session.commit()
    if result.rowcount != 1:
        raise ExportLinkError(_("This download link has already been used."), status=410)
    try:
        handle = path.open("rb")
    except FileNotFoundError as error:
        raise ExportLinkError(_("This download link has already been used."), status=410) from error
    path.unlink(missing_ok=True)
    return handle
