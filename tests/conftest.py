"""Shared fixtures: an app with a fresh database per test (SQLite, and PostgreSQL when
TEST_DATABASE_URL is set), an HTTP client, form helpers, user factories and the mail log."""

import os
import re
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from community import create_app
from community.extensions import db
from community.forum.categories import seed_categories
from community.permissions import Role
from tests.helpers import log_in, make_user, page_text

PG_SCHEMA = "verbind_test"


def database_backends():
    backends = ["sqlite"]
    if os.environ.get("TEST_DATABASE_URL"):
        backends.append("postgresql")
    return backends


def postgres_url_with_schema(base_url, schema):
    """A psycopg URL whose connections use `schema`, so tests never touch other tables."""
    url = base_url
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


def reset_postgres_schema(base_url, schema):
    engine = sa.create_engine(postgres_url_with_schema(base_url, "public"))
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_test_url():
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    reset_postgres_schema(base, PG_SCHEMA)
    return postgres_url_with_schema(base, PG_SCHEMA)


_pg_schema_ready = False


def _prepare_postgres(app):
    global _pg_schema_ready
    if not _pg_schema_ready:
        db.drop_all()
        db.create_all()
        _pg_schema_ready = True


def _empty_postgres_tables():
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    db.session.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture(params=database_backends())
def database_url(request, tmp_path):
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_test_url")
    return f"sqlite:///{tmp_path / 'verbind-test.sqlite'}"


@pytest.fixture
def app_config(database_url):
    """Overrides for create_app; tests may update this dict before asking for `app`."""
    # Vote counts broadcast with each vote, so a test sees them at once; the coalescing itself
    # is tested in tests/webinars/test_vote_storm.py.
    return {"SQLALCHEMY_DATABASE_URI": database_url, "LIVE_VOTE_BROADCAST_SECONDS": 0}


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    postgres = app_config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    with app.app_context():
        if postgres:
            _prepare_postgres(app)
        else:
            db.create_all()
        seed_categories()
    yield app
    with app.app_context():
        db.session.remove()
        if postgres:
            _empty_postgres_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def user_factory(app):
    def factory(**kwargs):
        with app.app_context():
            user = make_user(**kwargs)
            return user.id, user.email

    return factory


@pytest.fixture
def login_as(app, client, user_factory):
    """login_as("moderator") creates a user with that role and logs the client in as them."""

    def login(role="member", **kwargs):
        roles = () if role == "member" else (Role(role),)
        user_id, email = user_factory(roles=roles, **kwargs)
        response = log_in(client, email)
        assert response.status_code == 302, page_text(response)
        return user_id

    return login


# --- mail --------------------------------------------------------------------------------------


@pytest.fixture
def mail_log(caplog):
    """The mail written to the log, as a list of message texts."""
    caplog.set_level("INFO", logger="verbind.mail")

    class MailLog:
        @property
        def messages(self):
            return [r.getMessage() for r in caplog.records if r.name == "verbind.mail"]

        def links(self):
            return re.findall(r"https?://\S+", "\n".join(self.messages))

        def last_link(self):
            links = self.links()
            assert links, "no link in the mail log"
            return links[-1]

    return MailLog()
