"""The migrations build the schema the models describe, on SQLite and on PostgreSQL."""

import os
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from community import create_app
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
