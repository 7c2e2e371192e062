"""Back-up and restore of an SQLite database with SQLite's online backup API, while the app runs.

The copy is one consistent snapshot: it is taken in one step, inside one read transaction, so
writers keep going (WAL) and none of their half-finished work ends up in it. PostgreSQL has
pg_dump and pg_restore for this (README, "Back-ups")."""

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.engine import make_url

POSTGRES_HINT = (
    "This database is PostgreSQL; `flask backup` and `flask restore` work on SQLite only. "
    "Use pg_dump -Fc for a back-up and pg_restore --clean to bring it back "
    "(README, section 'Back-ups')."
)
SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(Exception):
    """A back-up or restore that cannot be done, with a message for the operator."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    revision: str | None


@dataclass(frozen=True)
class RestoreResult:
    revision: str
    at_head: bool
    safety_copy: Path | None


def sqlite_database_path(database_uri):
    """The file of an SQLite database URI; BackupError for another database or one in memory."""
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite":
        if url.get_backend_name() == "postgresql":
            raise BackupError(POSTGRES_HINT)
        raise BackupError(f"Back-ups work on SQLite only, not on {url.get_backend_name()}.")
    if not url.database or url.database == ":memory:" or url.database.startswith("file::memory:"):
        raise BackupError("This SQLite database lives in memory; there is no file to back up.")
    return Path(url.database)


def backup_database(database_uri, target):
    """Write a consistent copy of the SQLite database to `target` (a new file, readable by its
    owner only: it holds everyone's personal data)."""
    source_path = sqlite_database_path(database_uri)
    target = Path(target)
    if not source_path.is_file():
        raise BackupError(f"There is no database at {source_path}.")
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new name for the back-up.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    _copy(source_path, partial)
    os.replace(partial, target)
    return BackupResult(target, target.stat().st_size, stored_revision(target))


def _copy(source_path, target_path):
    """source -> target through the backup API, in one step (one read transaction: a snapshot),
    then the copy as a single self-contained file (no WAL beside it)."""
    fd = os.open(target_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    # Read-write, though it only reads: a read-only connection cannot open a WAL database whose
    # shared-memory file is missing (the app is stopped).
    source = sqlite3.connect(source_path, timeout=30)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target, pages=-1)
        target.execute("PRAGMA journal_mode=DELETE")
        problems = target.execute("PRAGMA quick_check").fetchall()
        if problems != [("ok",)]:
            raise BackupError(f"The copy failed SQLite's check: {problems[:3]}")
    finally:
        target.close()
        source.close()


def stored_revision(path):
    """The Alembic revision recorded in an SQLite file, or None when it has none."""
    connection = _open_read_only(path)
    try:
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError:
        return None
    finally:
        connection.close()
    return rows[0][0] if len(rows) == 1 else None


def _open_read_only(path):
    with open(path, "rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not an SQLite database.")
    return sqlite3.connect(_read_only_uri(path), uri=True)


def _read_only_uri(path):
    return Path(path).resolve().as_uri() + "?mode=ro"


def check_backup(path, migrations_directory):
    """The revision of a Verbind back-up; BackupError when the file is not one, or was written
    by a version of Verbind this one does not know (a newer one)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no file at {path}.")
    connection = _open_read_only(path)
    try:
        if connection.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise BackupError(f"{path} is damaged (SQLite's quick_check fails).")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as a database: {error}") from error
    finally:
        connection.close()
    if not {"alembic_version", "user"} <= tables:
        raise BackupError(f"{path} is not a Verbind database (no user or alembic_version table).")
    revision = stored_revision(path)
    scripts = ScriptDirectory(migrations_directory)
    try:
        known = revision is not None and scripts.get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise BackupError(
            f"{path} is at revision {revision!r}, which this version of Verbind does not know; "
            "restore it with the version that made it."
        )
    return revision


def restore_database(database_uri, source, migrations_directory, *, safety_copy=None):
    """Replace the SQLite database's content with the back-up `source`, after checking it and
    copying the current database to `safety_copy` (when the database exists).

    The content is written through SQLite (the backup API the other way round), so the file,
    its WAL and its locks stay consistent; stop the app's processes first all the same, or
    they keep serving pages from what they had read."""
    target_path = sqlite_database_path(database_uri)
    revision = check_backup(source, migrations_directory)
    copied = None
    if target_path.is_file() and target_path.stat().st_size:
        copied = Path(safety_copy)
        backup_database(database_uri, copied)
    elif not target_path.parent.is_dir():
        raise BackupError(f"The folder {target_path.parent} does not exist.")
    source_connection = sqlite3.connect(_read_only_uri(source), uri=True)
    target_connection = sqlite3.connect(target_path, timeout=30)
    try:
        source_connection.backup(target_connection, pages=-1)
    finally:
        target_connection.close()
        source_connection.close()
    head = ScriptDirectory(migrations_directory).get_current_head()
    return RestoreResult(revision, revision == head, copied)
