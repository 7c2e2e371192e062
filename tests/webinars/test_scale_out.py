"""Two server processes share one live room through Redis: a question asked on one reaches a
client connected to the other. Needs TEST_REDIS_URL (CI sets it)."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import socketio as socketio_client

from community import create_app
from community.accounts.models import utcnow
from community.extensions import db
from community.webinars import services
from community.webinars.models import Webinar
from tests.helpers import TEST_PASSWORD, make_user

REDIS_URL = os.environ.get("TEST_REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")
ROOT = Path(__file__).resolve().parents[2]
SERVER = (
    "import os; from community import create_app; from community.extensions import socketio; "
    "socketio.run(create_app(), host='127.0.0.1', port=int(os.environ['PORT']), "
    "allow_unsafe_werkzeug=True)"
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(port, process, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stdout.read().decode(errors="replace"))
        try:
            requests.get(f"http://127.0.0.1:{port}/help", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start")


@pytest.fixture
def two_servers(tmp_path):
    database = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database})
    with app.app_context():
        db.create_all()
        host = make_user(name="Gastvrouw", email="host@verbind.example", roles=("organiser",))
        webinar = Webinar(
            title="Schaalbaar webinar",
            starts_at=utcnow() + timedelta(minutes=5),
            ends_at=utcnow() + timedelta(hours=1),
            capacity=10,
            host_id=host.id,
        )
        db.session.add(webinar)
        db.session.commit()
        for email in ("a@verbind.example", "b@verbind.example"):
            services.register(make_user(name=email[0].upper(), email=email), webinar)
        webinar_id = webinar.id
        db.engine.dispose()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "shared-secret-for-both-workers",
        "VERBIND_ENV": "development",
        "PYTHONPATH": str(ROOT),
    }
    ports, processes = [free_port(), free_port()], []
    try:
        for port in ports:
            process = subprocess.Popen(
                [sys.executable, "-c", SERVER],
                cwd=ROOT,
                env={**env, "PORT": str(port)},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            processes.append(process)
        for port, process in zip(ports, processes, strict=True):
            wait_until_serving(port, process)
        yield ports, webinar_id
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def logged_in_session(port, email):
    session = requests.Session()
    page = session.get(f"http://127.0.0.1:{port}/account/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = session.post(
        f"http://127.0.0.1:{port}/account/login",
        data={"csrf_token": token, "email": email, "password": TEST_PASSWORD},
        allow_redirects=False,
    )
    assert response.status_code == 302
    return session


def test_a_question_posted_on_one_worker_reaches_a_client_on_the_other(two_servers):
    (port_a, port_b), webinar_id = two_servers
    received = threading.Event()
    seen = []
    listener = socketio_client.Client(http_session=logged_in_session(port_b, "b@verbind.example"))
    asker = socketio_client.Client(http_session=logged_in_session(port_a, "a@verbind.example"))

    @listener.on("question", namespace="/webinar")
    def on_question(payload):
        seen.append(payload)
        received.set()

    try:
        listener.connect(
            f"http://127.0.0.1:{port_b}", namespaces=["/webinar"], transports=["polling"]
        )
        asker.connect(f"http://127.0.0.1:{port_a}", namespaces=["/webinar"], transports=["polling"])
        state = listener.call("join", {"webinar_id": webinar_id}, namespace="/webinar", timeout=10)
        assert state["ok"]
        asker.call("join", {"webinar_id": webinar_id}, namespace="/webinar", timeout=10)
        reply = asker.call(
            "ask",
            {
                "webinar_id": webinar_id,
                "text": "Komt dit bij de ander aan?",
                "client_token": "scale-out-01",
            },
            namespace="/webinar",
            timeout=10,
        )
        assert reply["ok"]
        assert received.wait(10), "the other worker's client heard nothing"
        assert seen[0]["text"] == "Komt dit bij de ander aan?"
    finally:
        listener.disconnect()
        asker.disconnect()
