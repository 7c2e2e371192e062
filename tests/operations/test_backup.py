"""`flask backup` copies the SQLite database of a running instance consistently (SQLite's online
backup API); `flask restore` brings a back-up into a fresh instance, after checking it is a
Verbind database and keeping a copy of what it replaces. PostgreSQL is told to use pg_dump."""

import sqlite3
import threading
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from community import create_app
from community.demo import DEMO_PASSWORD, load_demo
from community.extensions import db
from community.forum.models import DangerPhrase
from tests.helpers import log_in

WRITER_PREFIX = "schrijver "


def make_instance(path, *, demo=False):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade()
        if demo:
            load_demo()
        db.session.remove()
    return app


@pytest.fixture
def instance(tmp_path):
    app = make_instance(tmp_path / "live.sqlite", demo=True)
    yield app, tmp_path / "live.sqlite"
    with app.app_context():
        db.engine.dispose()


class Writer(threading.Thread):
    """Keeps writing through the app, two rows per transaction, until stopped."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app = app
        self.committed = 0
        self.stop = threading.Event()
        self.grown = threading.Condition()

    def run(self):
        with self.app.app_context():
            while not self.stop.is_set():
                number = self.committed + 1
                db.session.add_all(
                    [DangerPhrase(phrase=f"{WRITER_PREFIX}{number} {half}") for half in "ab"]
                )
                db.session.commit()
                with self.grown:
                    self.committed = number
                    self.grown.notify_all()
            db.session.remove()

    def wait_for(self, commits):
        with self.grown:
            assert self.grown.wait_for(lambda: self.committed >= commits, timeout=30)


def table_rows(path):
    """{table: sorted rows} of every table in an SQLite file, the search index's included."""
    connection = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        # Table names from the file's own catalogue, not from outside.
        return {
            name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)  # noqa: S608
            for name in names
        }
    finally:
        connection.close()


def writer_rows(rows):
    """The writer's rows, in the order they were written (by id)."""
    mine = [row for row in rows["forum_danger_phrase"] if row[1].startswith(WRITER_PREFIX)]
    return sorted(mine, key=lambda row: row[0])


def test_backup_of_a_running_instance_restores_into_a_fresh_one_table_by_table(instance, tmp_path):
    app, live = instance
    writer = Writer(app)
    writer.start()
    try:
        writer.wait_for(5)
        before = writer.committed
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite")])
        after = writer.committed
        writer.wait_for(after + 5)  # and it keeps writing afterwards
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert result.exit_code == 0, result.output
    head = ScriptDirectory(str(Path(__file__).parents[2] / "migrations")).get_current_head()
    assert "Back-up written to" in result.output and f"revision {head}" in result.output

    backup = tmp_path / "copy.sqlite"
    assert backup.stat().st_mode & 0o077 == 0  # everyone's personal data: the owner's only
    copied = table_rows(backup)
    with sqlite3.connect(backup) as check:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert check.execute("PRAGMA foreign_key_check").fetchall() == []
    # A snapshot: whole transactions only (both rows of each), taken while the writer ran.
    in_copy = writer_rows(copied)
    assert len(in_copy) % 2 == 0
    assert 2 * before <= len(in_copy) <= 2 * after
    # Everything else is exactly the running database; the writer's rows are a prefix of it.
    source = table_rows(live)
    for table, rows in source.items():
        if table.startswith("forum_danger_phrase") or table == "sqlite_sequence":
            continue
        assert copied[table] == rows, table
    assert in_copy == writer_rows(source)[: len(in_copy)]

    fresh_path = tmp_path / "fresh.sqlite"
    fresh = make_instance(fresh_path)
    restored = fresh.test_cli_runner().invoke(args=["restore", str(backup), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.output
    with fresh.app_context():
        db.engine.dispose()
    assert table_rows(fresh_path) == copied
    # The restored instance works: the demo professional logs in.
    response = log_in(fresh.test_client(), "professional@verbind.example", DEMO_PASSWORD)
    assert response.status_code == 302
    # What the fresh database held before is kept beside it.
    [safety] = tmp_path.glob("fresh.before-restore-*.sqlite")
    assert "user" in table_rows(safety)


def test_restore_asks_first_and_changes_nothing_when_declined(instance, tmp_path):
    app, live = instance
    assert app.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.sqlite")]).exit_code == 0
    fresh_path = tmp_path / "fresh.sqlite"
    fresh = make_instance(fresh_path)
    before = table_rows(fresh_path)
    runner = fresh.test_cli_runner()
    result = runner.invoke(args=["restore", str(tmp_path / "b.sqlite")], input="n\n")
    assert result.exit_code != 0
    assert "Replace everything in" in result.output and "Stop the app" in result.output
    assert table_rows(fresh_path) == before
    assert not list(tmp_path.glob("fresh.before-restore-*"))


def foreign_database(path):
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    connection.commit()
    connection.close()


def future_verbind_database(instance_path, path):
    source = sqlite3.connect(instance_path)
    target = sqlite3.connect(path)
    source.backup(target)
    target.execute("UPDATE alembic_version SET version_num = '9999'")
    target.commit()
    source.close()
    target.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda live, path: path.write_text("naam;e-mail\n"), "is not an SQLite database"),
        (lambda live, path: foreign_database(path), "is not a Verbind database"),
        (future_verbind_database, "does not know"),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_known_verbind_backup(
    instance, tmp_path, make, message
):
    _app, live = instance
    candidate = tmp_path / "candidate.sqlite"
    make(live, candidate)
    fresh_path = tmp_path / "fresh.sqlite"
    fresh = make_instance(fresh_path)
    before = table_rows(fresh_path)
    result = fresh.test_cli_runner().invoke(args=["restore", str(candidate), "--yes"])
    assert result.exit_code != 0
    assert message in result.output
    assert table_rows(fresh_path) == before


def test_backup_refuses_to_overwrite_a_file(instance, tmp_path):
    app, _live = instance
    existing = tmp_path / "existing.sqlite"
    existing.write_text("keep me")
    result = app.test_cli_runner().invoke(args=["backup", str(existing)])
    assert result.exit_code != 0
    assert "exists already" in result.output
    assert existing.read_text() == "keep me"


@pytest.mark.parametrize("command", [["backup", "copy.dump"], ["restore", "--yes"]])
def test_postgresql_is_sent_to_pg_dump_politely(tmp_path, command):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql://verbind:geheim@127.0.0.1:1/verbind"})
    if command[0] == "restore":
        backup = tmp_path / "copy.sqlite"
        backup.write_bytes(b"")
        command = [*command, str(backup)]
    else:
        command = ["backup", str(tmp_path / command[1])]
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 1
    assert "pg_dump -Fc" in result.output and "pg_restore --clean" in result.output
    assert "geheim" not in result.output
    assert "Traceback" not in result.output
