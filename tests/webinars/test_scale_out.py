"""Two real server processes, as in production (gunicorn with deploy/gunicorn.conf.py, which
picks the gevent worker for PostgreSQL), share one PostgreSQL database and one live room
through Redis. Clients on either process see questions, votes and moderation from the other.
Needs TEST_DATABASE_URL and TEST_REDIS_URL (CI sets both)."""

import os
import re
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
from community.clock import utcnow
from community.extensions import db
from community.webinars import services
from community.webinars.models import LiveQuestion, LiveVote, Webinar
from tests.conftest import postgres_url_with_schema, reset_postgres_schema
from tests.helpers import TEST_PASSWORD, make_user
from tests.servers import free_port, wait_until_serving

REDIS_URL = os.environ.get("TEST_REDIS_URL")
DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
pytestmark = pytest.mark.skipif(
    not (REDIS_URL and DATABASE_URL), reason="TEST_REDIS_URL or TEST_DATABASE_URL is not set"
)
ROOT = Path(__file__).resolve().parents[2]
SCHEMA = "verbind_scale_out"


@pytest.fixture
def two_servers():
    reset_postgres_schema(DATABASE_URL, SCHEMA)
    database = postgres_url_with_schema(DATABASE_URL, SCHEMA)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "PASSWORD_HASH_METHOD": "pbkdf2"})
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
        "SECRET_KEY": "shared-secret-for-both-workers-0123456789",
        "VERBIND_ENV": "development",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("WORKER_CLASS", None)
    ports, processes = [free_port(), free_port()], []
    try:
        for port in ports:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]
                + ["wsgi:app"],
                cwd=ROOT,
                env={**env, "BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            processes.append(process)
        for port, process in zip(ports, processes, strict=True):
            wait_until_serving(f"http://127.0.0.1:{port}", process)
        yield ports, webinar_id, app
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=15)
        for process in processes:
            log = process.stdout.read().decode(errors="replace")
            assert "Using worker: gevent" in log, log
            assert "Traceback" not in log, log


class LiveClient:
    """A logged-in Socket.IO client on one server that records what it hears."""

    def __init__(self, port, email):
        self.port = port
        self.session = logged_in_session(port, email)
        self.client = socketio_client.Client(http_session=self.session, reconnection=False)
        self.heard = []
        self.changed = threading.Condition()
        for event in ("question", "votes", "question_removed"):
            self.client.on(event, self._recorder(event), namespace="/webinar")

    def _recorder(self, event):
        def record(payload):
            with self.changed:
                self.heard.append((event, payload))
                self.changed.notify_all()

        return record

    def connect(self, webinar_id):
        self.client.connect(
            f"http://127.0.0.1:{self.port}", namespaces=["/webinar"], transports=["websocket"]
        )
        state = self.call("join", webinar_id=webinar_id)
        assert state["ok"], state
        return state

    def call(self, event, **data):
        return self.client.call(event, data, namespace="/webinar", timeout=10)

    def wait_for(self, event, matches, seconds=10):
        deadline = time.monotonic() + seconds
        with self.changed:
            while True:
                for heard_event, payload in self.heard:
                    if heard_event == event and matches(payload):
                        return payload
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"port {self.port} never heard {event}: {self.heard}")
                self.changed.wait(left)


def logged_in_session(port, email):
    session = requests.Session()
    page = session.get(f"http://127.0.0.1:{port}/account/login", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = session.post(
        f"http://127.0.0.1:{port}/account/login",
        data={"csrf_token": token, "email": email, "password": TEST_PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    return session


def test_questions_votes_and_moderation_cross_between_two_servers(two_servers):
    (port_a, port_b), webinar_id, app = two_servers
    asker = LiveClient(port_a, "a@verbind.example")
    voter = LiveClient(port_b, "b@verbind.example")
    host = LiveClient(port_b, "host@verbind.example")
    try:
        for client in (asker, voter, host):
            client.connect(webinar_id)

        # A question asked on server A reaches the attendee and the host on server B.
        reply = asker.call(
            "ask",
            webinar_id=webinar_id,
            text="Komt dit bij de ander aan?",
            client_token="scale-out-01",
        )
        assert reply["ok"], reply
        question_id = reply["question"]["id"]
        voter.wait_for("question", lambda q: q["text"] == "Komt dit bij de ander aan?")
        seen_by_host = host.wait_for("question", lambda q: q["id"] == question_id)
        assert seen_by_host["real_author"] == "A"

        # A vote on server B reaches the asker on server A.
        assert voter.call("vote", webinar_id=webinar_id, question_id=question_id)["votes"] == 1
        asker.wait_for(
            "votes", lambda v: [(c["id"], c["votes"]) for c in v["changes"]] == [(question_id, 1)]
        )

        # The host on server B marks it as being answered, then hides it: the asker on
        # server A sees both.
        marked = host.call(
            "moderate", webinar_id=webinar_id, question_id=question_id, action="answering"
        )
        assert marked["ok"], marked
        asker.wait_for("question", lambda q: q["id"] == question_id and q["answering"])
        hidden = host.call(
            "moderate", webinar_id=webinar_id, question_id=question_id, action="hide"
        )
        assert hidden["ok"], hidden
        asker.wait_for("question_removed", lambda r: r["id"] == question_id)
        voter.wait_for("question_removed", lambda r: r["id"] == question_id)
    finally:
        for client in (asker, voter, host):
            client.client.disconnect()

    # What both servers said is what the shared database holds: one question, one vote.
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(LiveQuestion)) == 1
        assert db.session.scalar(db.select(db.func.count()).select_from(LiveVote)) == 1
        assert db.session.get(LiveQuestion, question_id).status == "hidden"
        db.engine.dispose()
