"""The production entry point: gunicorn with deploy/gunicorn.conf.py serves pages and Socket.IO."""

import json

import pytest
import requests

from community import create_app
from community.extensions import db
from tests.servers import gunicorn_serving


@pytest.fixture
def gunicorn_server(tmp_path):
    database = f"sqlite:///{tmp_path / 'prod.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    env = {
        "DATABASE_URL": database,
        "SECRET_KEY": "x" * 40,
        "VERBIND_ENV": "production",
        "THREADS": "8",
    }
    with gunicorn_serving(env) as (url, _process):
        yield url


def test_gunicorn_serves_pages_with_production_headers_and_socketio(gunicorn_server):
    page = requests.get(f"{gunicorn_server}/help", timeout=5)
    assert page.status_code == 200
    assert "0800-2000" in page.text
    assert "max-age=" in page.headers["Strict-Transport-Security"]
    handshake = requests.get(f"{gunicorn_server}/socket.io/?EIO=4&transport=polling", timeout=5)
    assert handshake.status_code == 200 and "sid" in json.loads(handshake.text[1:])
