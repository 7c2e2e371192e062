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


def test_gunicorn_logs_one_json_line_per_request_and_never_a_token(tmp_path):
    database = f"sqlite:///{tmp_path / 'prod.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    env = {"DATABASE_URL": database, "SECRET_KEY": "x" * 40, "VERBIND_ENV": "production",
           "THREADS": "8"}  # fmt: skip
    with gunicorn_serving(env) as (url, process):
        reset = requests.get(
            f"{url}/account/reset/geheim-token-123?next=ander-geheim-456",
            allow_redirects=False,
            timeout=5,
        )
        ready = requests.get(f"{url}/readyz", timeout=5)
    output = process.stdout.read().decode(errors="replace")
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    routes = {(line["route"], line["status"], line["request_id"]) for line in lines}
    assert ("/account/reset/<token>", reset.status_code, reset.headers["X-Request-ID"]) in routes
    assert ("/readyz", 200, ready.headers["X-Request-ID"]) in routes
    # gunicorn's own access line (path and query string) is off: the tokens are nowhere.
    assert "geheim-token-123" not in output and "ander-geheim-456" not in output
