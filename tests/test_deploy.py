"""The production entry point: gunicorn with deploy/gunicorn.conf.py serves pages and Socket.IO."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from community import create_app
from community.extensions import db
from tests.servers import free_port, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def gunicorn_server(tmp_path):
    database = f"sqlite:///{tmp_path / 'prod.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "SECRET_KEY": "x" * 40,
        "VERBIND_ENV": "production",
        "BIND": f"127.0.0.1:{port}",
        "THREADS": "8",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}", process, seconds=20)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_gunicorn_serves_pages_with_production_headers_and_socketio(gunicorn_server):
    page = requests.get(f"{gunicorn_server}/help", timeout=5)
    assert page.status_code == 200
    assert "0800-2000" in page.text
    assert "max-age=" in page.headers["Strict-Transport-Security"]
    handshake = requests.get(f"{gunicorn_server}/socket.io/?EIO=4&transport=polling", timeout=5)
    assert handshake.status_code == 200 and "sid" in json.loads(handshake.text[1:])
