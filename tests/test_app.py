"""The app factory: configuration, database set-up and Socket.IO wiring."""

import json

import pytest
import sqlalchemy as sa

from community import create_app
from community.extensions import db, socketio


def test_postgres_urls_use_the_psycopg_driver():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgres://user@db.example/verbind"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://user@db.example/verbind"


def test_sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite pragmas; this database is not SQLite")
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_deleting_a_user_removes_their_roles(app, user_factory):
    user_id, _ = user_factory(roles=("organiser",))
    with app.app_context():
        db.session.execute(sa.text('DELETE FROM "user" WHERE id = :id'), {"id": user_id})
        db.session.commit()
        remaining = db.session.execute(sa.text("SELECT count(*) FROM user_role")).scalar()
    assert remaining == 0


def test_socketio_endpoint_answers_a_handshake(client):
    response = client.get("/socket.io/?EIO=4&transport=polling")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.startswith("0")
    assert "sid" in json.loads(body[1:])


def test_socketio_test_client_connects(app):
    socket_client = socketio.test_client(app)
    assert socket_client.is_connected()
    socket_client.disconnect()


def test_without_redis_socketio_and_limits_stay_in_process(app):
    assert type(socketio.server.manager).__name__ == "Manager"
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
