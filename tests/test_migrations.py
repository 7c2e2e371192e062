"""The migrations build the schema the models describe, on SQLite and on PostgreSQL."""

import os
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from community import create_app, shipped_folder
from community.extensions import db
from community.forum.models import DangerPhrase
from community.forum.search import is_search_index_object
from tests.conftest import database_backends, postgres_url_with_schema, reset_postgres_schema

MIGRATION_SCHEMA = "verbind_migrations_test"


@pytest.fixture(params=database_backends())
def empty_database_url(request, tmp_path):
    if request.param == "postgresql":
        base = os.environ["TEST_DATABASE_URL"]
        reset_postgres_schema(base, MIGRATION_SCHEMA)
        return postgres_url_with_schema(base, MIGRATION_SCHEMA)
    return f"sqlite:///{tmp_path / 'migrated.sqlite'}"


@pytest.fixture
def migrated_app(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


def schema_differences(connection):
    def include_object(obj, name, type_, reflected, compare_to):
        return not is_search_index_object(name, type_)

    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_object": include_object}
    )
    return compare_metadata(context, db.metadata)


def test_upgrade_builds_exactly_the_schema_of_the_models(migrated_app):
    with db.engine.connect() as connection:
        differences = schema_differences(connection)
    assert differences == [], f"models and migrations disagree: {differences}"


def test_upgraded_database_works_for_registration(migrated_app, mail_log):
    from tests.helpers import post_form

    client = migrated_app.test_client()
    response = post_form(
        client,
        "/account/register",
        {"name": "Ruben Claes", "email": "ruben@verbind.example", "organisation": "JGZ Breda",
         "function": "jgz", "gemeente": "Breda", "password": "een-zin-van-woorden",
         "password_repeat": "een-zin-van-woorden"},
    )  # fmt: skip
    assert response.status_code == 200
    assert mail_log.links()


def test_downgrade_to_base_removes_every_table(migrated_app):
    downgrade(revision="base")
    tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()


def test_upgrade_to_aware_utc_keeps_the_stored_moments(migrated_app):
    # Before 0008 a naive value meant UTC; after it the same moment reads back as aware UTC.
    downgrade(revision="0007")
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO forum_danger_phrase (phrase, created_at) "
                "VALUES ('oude zin', '2026-10-25 00:30:00')"
            )
        )
    upgrade()

    stored = db.session.scalar(sa.select(DangerPhrase.created_at))
    db.session.remove()  # no open transaction while the columns are altered back
    assert stored == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert stored.tzinfo is UTC

    downgrade(revision="0007")
    with db.engine.connect() as connection:
        raw = connection.scalar(sa.text("SELECT created_at FROM forum_danger_phrase"))
    assert str(raw).startswith("2026-10-25 00:30:00")


def insert_row(connection, table_name, **values):
    """Insert a row into a table as it stands at this revision, filling required columns."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=connection)
    for column in table.columns:
        if column.name in values or column.nullable or column.server_default is not None:
            continue
        if column.primary_key:
            continue
        if isinstance(column.type, sa.Boolean):
            values[column.name] = False
        elif isinstance(column.type, sa.Integer | sa.Float | sa.Numeric):
            values[column.name] = 0
        elif isinstance(column.type, sa.DateTime):
            values[column.name] = datetime(2026, 11, 1, tzinfo=UTC)
        else:  # a short text that fits every length (PostgreSQL checks it)
            length = getattr(column.type, "length", None) or 20
            values[column.name] = column.name[:length]
    return connection.execute(table.insert().values(**values)).inserted_primary_key[0]


def test_upgrade_takes_the_false_accreditation_claim_off_the_shipped_course(migrated_app):
    downgrade(revision="0012")
    with db.engine.begin() as connection:
        user_id = insert_row(connection, "user", email="leerling@example.org")
        course_ids = {
            slug: insert_row(
                connection,
                "course",
                slug=slug,
                accreditation_body="SKJ",
                accreditation_points=2,
            )
            for slug in ("kindcheck", "eigen-cursus")
        }
        for number, course_id in enumerate(course_ids.values()):
            insert_row(
                connection,
                "course_certificate",
                code=f"ABCD-EFGH-JKL{number}",
                user_id=user_id,
                course_id=course_id,
                accreditation_body="SKJ",
                accreditation_points=2,
            )
    upgrade()
    with db.engine.connect() as connection:
        courses = connection.execute(
            sa.text("SELECT slug, accreditation_body, accreditation_points FROM course")
        ).all()
        certificates = connection.execute(
            sa.text(
                "SELECT course.slug, certificate.accreditation_body,"
                " certificate.accreditation_points FROM course_certificate AS certificate"
                " JOIN course ON course.id = certificate.course_id"
            )
        ).all()
    for rows in (courses, certificates):
        assert sorted((slug, body, float(points)) for slug, body, points in rows) == [
            ("eigen-cursus", "SKJ", 2.0),  # a course's own claim stays
            ("kindcheck", "", 0.0),
        ]


# --- every revision, over data -----------------------------------------------------------------

# Values a real database holds where a migration looks at them (0013 clears the shipped course's
# SKJ claim, 0014 moves online events without registration to registration on Verbind).
# Values take the step number and whether the table is still empty.
REALISTIC = {
    ("user", "email"): lambda n, first: f"lid{n}@verbind.example",
    ("user", "name"): lambda n, first: f"Lid {n} de Vries",
    ("course", "slug"): lambda n, first: "kindcheck" if first else f"cursus-{n}",
    ("course", "accreditation_body"): lambda n, first: "SKJ",
    ("week_event", "online"): lambda n, first: True,
    ("week_event", "registration_mode"): lambda n, first: "none",
    ("week_edition", "year"): lambda n, first: 2000 + n,
}


def revisions_from_the_first():
    scripts = ScriptDirectory(str(shipped_folder("migrations")))
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def representative_value(table, column, connection, n):
    """A value for `column` of a row that is new in this step: the newest row of a referenced
    table, the step number in text and numbers (so unique columns stay unique), a plausible
    moment for times."""
    if (table.name, column.name) in REALISTIC:
        first = not connection.scalar(sa.select(sa.func.count()).select_from(table))
        return REALISTIC[table.name, column.name](n, first)
    for foreign_key in column.foreign_keys:
        newest = connection.scalar(
            sa.select(foreign_key.column).order_by(foreign_key.column.desc()).limit(1)
        )
        return newest
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return n % 2 == 0
    if isinstance(kind, sa.Integer):
        return n
    if isinstance(kind, sa.Numeric | sa.Float):
        return 1.5
    if isinstance(kind, sa.DateTime):
        moment = datetime(2026, 11, 1, 12, 0, tzinfo=UTC) + timedelta(hours=n)
        # Before 0008 the columns were naive and meant UTC.
        return moment if getattr(kind, "timezone", False) else moment.replace(tzinfo=None)
    if isinstance(kind, sa.Date):
        return date(2026, 11, 16) + timedelta(days=n)
    if isinstance(kind, sa.JSON):
        return {}
    text = f"{column.name} {n}"
    length = getattr(kind, "length", None)
    return text[-length:] if length else text


def add_a_row_to_every_table(connection, n):
    """One new row in every table of the schema as it stands at this revision (reflected, so
    the columns are those of this revision, not of the models)."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    for table in metadata.sorted_tables:
        if table.name == "alembic_version" or is_search_index_object(table.name, "table"):
            continue
        values = {}
        for column in table.columns:
            if column.computed is not None or is_search_index_object(column.name, "column"):
                continue
            single_integer_key = column.primary_key and len(table.primary_key.columns) == 1
            if single_integer_key and isinstance(column.type, sa.Integer):
                continue
            values[column.name] = representative_value(table, column, connection, n)
        connection.execute(table.insert().values(**values))


def row_counts(connection):
    inspector = sa.inspect(connection)
    return {
        name: connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name)))
        for name in inspector.get_table_names()
        if name != "alembic_version" and not is_search_index_object(name, "table")
    }


def test_every_revision_upgrades_and_downgrades_over_data(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        previous, counts = None, {}
        for step, revision in enumerate(revisions_from_the_first(), start=1):
            upgrade(revision=revision)
            with db.engine.begin() as connection:
                upgraded = row_counts(connection)
                if revision == "0014":  # it ran over online events without registration
                    modes = connection.scalars(sa.text("SELECT registration_mode FROM week_event"))
                    assert "none" not in set(modes)
                for table, number in counts.items():
                    assert upgraded.get(table, number) == number, f"{revision}: {table} lost rows"
                add_a_row_to_every_table(connection, step)
                counts = row_counts(connection)

            # One down and up again, with the data of every step so far in the tables.
            downgrade(revision=previous or "base")
            with db.engine.connect() as connection:
                kept = row_counts(connection)
            upgrade(revision=revision)
            with db.engine.connect() as connection:
                after = row_counts(connection)
            for table, number in kept.items():
                assert number == counts[table], f"{revision} down: {table} lost rows"
                assert after[table] == number, f"{revision} up again: {table} lost rows"
            # A table this revision made was dropped and made again, empty: the next step's
            # upgrade must keep what is there now.
            previous, counts = revision, after
            made_by_this_revision = set(after) - set(kept)

        with db.engine.connect() as connection:
            differences = schema_differences(connection)
            filled = row_counts(connection)
        assert differences == [], f"models and migrations disagree: {differences}"
        # Every table holds data at the head, except those the last revision made (its down and
        # up again dropped them and made them anew).
        empty = {table for table, number in filled.items() if not number}
        assert empty <= made_by_this_revision, f"empty tables at the head: {empty}"
        # 0013 ran over the SKJ claim (the course of the first step).
        with db.engine.connect() as connection:
            kindcheck = connection.scalar(
                sa.text("SELECT accreditation_body FROM course WHERE slug = 'kindcheck'")
            )
        assert kindcheck == ""
        db.session.remove()
        db.engine.dispose()


def test_upgrade_indexes_lessons_webinars_and_events_for_search(migrated_app):
    """Revision 0022: an index per kind (FTS5 tables on SQLite, tsvector columns with GIN indexes
    on PostgreSQL), filled with the rows that were there before it."""
    from community.search import search_everything

    downgrade(revision="0017")
    with db.engine.begin() as connection:
        host_id = insert_row(connection, "user", email="host@verbind.example")
        insert_row(connection, "webinar", title="Oudergesprekken", host_id=host_id,
                   starts_at=datetime(2026, 12, 1, tzinfo=UTC),
                   ends_at=datetime(2026, 12, 1, 1, tzinfo=UTC))  # fmt: skip
    upgrade()
    inspector = sa.inspect(db.engine)
    for table in ("course_lesson", "webinar", "week_event"):
        if db.engine.dialect.name == "sqlite":
            assert f"{table}_fts" in inspector.get_table_names()
        else:
            assert "search_vector" in {c["name"] for c in inspector.get_columns(table)}
            indexes = {index["name"] for index in inspector.get_indexes(table)}
            assert f"ix_{table}_search_vector" in indexes
    with migrated_app.test_request_context():
        assert search_everything(None, "oudergesprek").total == 1
    db.session.remove()
    downgrade(revision="0017")
    names = set(sa.inspect(db.engine).get_table_names())
    assert not {"course_lesson_fts", "webinar_fts", "week_event_fts"} & names


def test_forum_posts_written_after_upgrading_are_found_by_search(migrated_app):
    """On SQLite, revision 0007 rebuilt forum_post and lost the search index's triggers, so new
    posts were not found; 0022 puts them back and indexes the posts written in between."""
    from community.forum.search import search_threads

    downgrade(revision="0021")
    with db.engine.begin() as connection:
        author_id = insert_row(connection, "user", email="auteur@verbind.example")
        insert_row(connection, "forum_post", kind="question", author_id=author_id,
                   status="visible", title="Huisbezoek bij zorgen",
                   body="Hoe bereid je een huisbezoek voor?")  # fmt: skip
    upgrade()
    with db.engine.begin() as connection:
        insert_row(connection, "forum_post", kind="question", author_id=author_id,
                   status="visible", title="Overleg met school",
                   body="Wanneer betrek je de intern begeleider?")  # fmt: skip
    with migrated_app.test_request_context():
        assert search_threads("huisbezoek").total == 1
        assert search_threads("begeleider").total == 1
    db.session.remove()


def test_upgrade_counts_follow_ups_that_carried_a_recording_as_mailed(migrated_app):
    """Revision 0024: whoever had the follow-up of a webinar with a recording got its link (no
    second mail); whoever had it without one is still owed the link."""
    downgrade(revision="0023")
    sent = datetime(2026, 12, 1, 3, tzinfo=UTC)
    with db.engine.begin() as connection:
        # One account hosts and attends: the user table's unique columns allow one filled row.
        host_id = attendee_id = insert_row(connection, "user", email="host@verbind.example")
        for title, recording in (("Met opname", "https://video.example/1"), ("Zonder", "")):
            webinar_id = insert_row(connection, "webinar", title=title, host_id=host_id,
                                    recording_url=recording,
                                    starts_at=datetime(2026, 12, 1, tzinfo=UTC),
                                    ends_at=datetime(2026, 12, 1, 1, tzinfo=UTC))  # fmt: skip
            insert_row(connection, "webinar_registration", webinar_id=webinar_id,
                       user_id=attendee_id, status="registered",
                       follow_up_sent_at=sent)  # fmt: skip
    upgrade()
    with db.engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT webinar.title, registration.recording_mailed_at"
                " FROM webinar_registration AS registration"
                " JOIN webinar ON webinar.id = registration.webinar_id ORDER BY webinar.title"
            )
        ).all()
    assert [(title, mailed is not None) for title, mailed in rows] == [
        ("Met opname", True),
        ("Zonder", False),
    ]


def test_upgrade_keeps_each_polls_results_version(migrated_app):
    """0025 numbers results by the answers' revisions instead of a counter on the poll: a poll
    whose counter said 5 (3 answers, 2 changes) still has version 5, so no browser that kept
    the old version ignores the next results."""
    from community.webinars import polls
    from community.webinars.models import Poll

    downgrade(revision="0024")
    with db.engine.begin() as connection:
        host_id = insert_row(connection, "user", email="host@example.org", handle="host")
        webinar_id = insert_row(connection, "webinar", host_id=host_id)
        changed = insert_row(
            connection, "webinar_poll", webinar_id=webinar_id, options=[], result_version=5
        )
        unchanged = insert_row(
            connection, "webinar_poll", webinar_id=webinar_id, options=[], result_version=1
        )
        for _number in range(3):  # answers whose people are forgotten (user_id None)
            insert_row(connection, "webinar_poll_answer", poll_id=changed, value="0")
        insert_row(connection, "webinar_poll_answer", poll_id=unchanged, user_id=host_id, value="1")
    upgrade()

    results = polls.results_of(db.session.scalars(sa.select(Poll).order_by(Poll.id)).all())
    assert [(r["version"], r["total"]) for r in results.values()] == [(5, 3), (1, 1)]
    db.session.remove()
    downgrade(revision="0024")
    with db.engine.connect() as connection:
        versions = connection.scalars(
            sa.text("SELECT result_version FROM webinar_poll ORDER BY id")
        ).all()
    assert versions == [5, 1]
