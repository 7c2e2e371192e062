"""A transaction that only read ends with COMMIT on PostgreSQL (community/read_transactions.py),
so psycopg keeps its prepared statements; every other transaction still really rolls back."""

import pytest
from sqlalchemy import func, select, text

from community.extensions import db
from community.forum.models import Category, Tag


def skip_unless_postgres(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            # (pysqlite's own SAVEPOINT ends the transaction it starts: a SQLite matter.)
            pytest.skip("the COMMIT for reads is PostgreSQL's")


def tag_count():
    return db.session.scalar(select(func.count()).select_from(Tag))


def test_a_write_after_reads_is_rolled_back(app):
    with app.app_context():
        assert tag_count() == 0
        db.session.add(Tag(name="ouders"))
        db.session.flush()
        db.session.rollback()
        assert tag_count() == 0


def test_a_write_in_plain_sql_is_rolled_back(app):
    with app.app_context():
        before = db.session.scalars(select(Category.name).order_by(Category.id)).all()
        db.session.execute(text("UPDATE forum_category SET name = 'Weg'"))
        db.session.close()
        assert db.session.scalars(select(Category.name).order_by(Category.id)).all() == before


def test_a_write_in_a_savepoint_is_rolled_back_with_its_transaction(app):
    skip_unless_postgres(app)
    with app.app_context():
        tag_count()
        with db.session.begin_nested():
            db.session.add(Tag(name="school"))
        db.session.rollback()
        assert tag_count() == 0


def test_postgres_keeps_prepared_statements_from_one_page_to_the_next(app, client, login_as):
    skip_unless_postgres(app)
    login_as("professional")
    for _ in range(7):  # psycopg prepares a statement at its sixth run
        assert client.get("/forum/").status_code == 200
    with app.app_context():
        prepared = db.session.scalar(text("SELECT count(*) FROM pg_prepared_statements"))
    assert prepared > 0
