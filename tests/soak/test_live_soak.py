"""Soak: hundreds of attendees ask and vote in one live room served by two gunicorn processes
(gevent, PostgreSQL, Redis) while one process is killed (SIGKILL) and started again. Clients
reconnect and re-join; unacknowledged questions are sent again with the same client token.
At the end every acknowledged question and vote is in the database exactly once, and every
client's fresh state equals the database. Loopback only, bounded in time and clients.

Runs with `make soak` (CI runs it after `make test`); needs TEST_DATABASE_URL and TEST_REDIS_URL.
SOAK_CLIENTS (default 200) and SOAK_SECONDS (default 90) size it."""

import asyncio
import os
import random
import signal
import sys
import tempfile
import time

import psutil
import pytest
import sqlalchemy as sa

from benchmarks.fanout import Servers, seed_room, start, verbind_env
from tests.conftest import postgres_url_with_schema, reset_postgres_schema
from tests.servers import free_port

DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
REDIS_URL = os.environ.get("TEST_REDIS_URL")
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "200"))
SECONDS = float(os.environ.get("SOAK_SECONDS", "90"))
NAMESPACE = "/webinar"
SCHEMA = "verbind_soak"
GUNICORN = [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "wsgi:app"]

pytestmark = [
    pytest.mark.soak,
    pytest.mark.skipif(
        not (DATABASE_URL and REDIS_URL), reason="TEST_DATABASE_URL or TEST_REDIS_URL is not set"
    ),
]


class Attendee:
    """One simulated attendee: asks now and then, votes often, and remembers what the server
    acknowledged."""

    def __init__(self, number, url, cookie, webinar_id):
        import aiohttp
        import socketio
        from yarl import URL

        self.number, self.url, self.webinar_id = number, url, webinar_id
        # The session cookie lives in the HTTP session's jar: a Cookie header given to
        # connect() is consumed by engine.io on the first connection and missing on a reconnect.
        # unsafe=True: the jar must keep cookies for an IP address (127.0.0.1).
        jar = aiohttp.CookieJar(unsafe=True)
        name, value = cookie.split("=", 1)
        jar.update_cookies({name: value}, URL(url))
        self.http = aiohttp.ClientSession(cookie_jar=jar)
        self.client = socketio.AsyncClient(
            reconnection=True,
            reconnection_delay=0.5,
            reconnection_delay_max=2,
            http_session=self.http,
        )
        self.joined = asyncio.Event()
        self.acknowledged_questions = {}  # client token -> question id
        self.acknowledged_votes = set()  # question ids
        self.reconnected = 0
        self.client.on("connect", self.on_connect, namespace=NAMESPACE)

    async def on_connect(self):
        # Also after a reconnect: join again, which returns the full current state.
        if self.joined.is_set():
            self.reconnected += 1
        asyncio.get_running_loop().create_task(self.join())

    async def join(self):
        for _ in range(20):
            try:
                state = await self.call("join", {})
                if state.get("ok"):
                    self.joined.set()
                    return state
            except Exception:  # noqa: BLE001, S110 - not connected yet: try again
                pass
            await asyncio.sleep(0.5)
        return None

    async def call(self, event, data):
        return await self.client.call(
            event, {"webinar_id": self.webinar_id, **data}, namespace=NAMESPACE, timeout=5
        )

    async def connect(self):
        await self.client.connect(
            self.url,
            namespaces=[NAMESPACE],
            transports=["websocket"],
            wait_timeout=20,
        )
        await asyncio.wait_for(self.joined.wait(), 30)

    async def ask(self, sequence, deadline):
        """Send until acknowledged (or refused), always with the same token: exactly once."""
        token = f"soak-{self.number:04d}-{sequence:03d}"
        text = f"Soakvraag {self.number}-{sequence}: hoe ga je om met twijfel?"
        while time.monotonic() < deadline:
            try:
                reply = await self.call("ask", {"text": text, "client_token": token})
            except Exception:  # noqa: BLE001 - disconnected or timed out: send again
                await asyncio.sleep(1)
                continue
            if reply.get("ok"):
                self.acknowledged_questions[token] = reply["question"]["id"]
            return

    async def vote(self, question_id, deadline):
        while time.monotonic() < deadline:
            try:
                reply = await self.call("vote", {"question_id": question_id})
            except Exception:  # noqa: BLE001 - disconnected or timed out: vote again
                await asyncio.sleep(1)
                continue
            if reply.get("ok"):
                self.acknowledged_votes.add(question_id)
            return

    async def take_part(self, known_questions, stop_at, deadline):
        rng = random.Random(self.number)
        sequence = 0
        next_question = time.monotonic() + rng.uniform(0, 20)
        while time.monotonic() < stop_at:
            await asyncio.sleep(rng.uniform(1.0, 3.0))
            if time.monotonic() >= next_question:
                # At most 3 a minute: under the room's flood guard of 5.
                next_question = time.monotonic() + 20
                await self.ask(sequence, deadline)
                sequence += 1
                known_questions.extend(self.acknowledged_questions.values())
            elif known_questions:
                choice = rng.choice(known_questions)
                if choice not in self.acknowledged_votes:
                    await self.vote(choice, deadline)


async def soak(servers, cookies, webinar_id, restart):
    attendees = [
        Attendee(n, servers.urls[n % len(servers.urls)], cookie, webinar_id)
        for n, cookie in enumerate(cookies)
    ]
    slots = asyncio.Semaphore(25)

    async def connect(attendee):
        async with slots:
            await attendee.connect()

    await asyncio.gather(*(connect(a) for a in attendees))
    known = []
    started = time.monotonic()
    stop_at, deadline = started + SECONDS, started + SECONDS + 60
    load = asyncio.gather(*(a.take_part(known, stop_at, deadline) for a in attendees))
    await asyncio.sleep(SECONDS / 3)
    await asyncio.get_running_loop().run_in_executor(None, restart)
    await load
    await asyncio.sleep(2)  # the last broadcasts
    states = await asyncio.gather(*(a.join() for a in attendees))
    await asyncio.gather(*(a.client.disconnect() for a in attendees), return_exceptions=True)
    await asyncio.gather(*(a.http.close() for a in attendees), return_exceptions=True)
    return attendees, states


def kill_and_restart(servers, index, env, workdir):
    """SIGKILL the gunicorn master and worker of one process, then start it on the same port."""
    process = servers.processes[index]
    family = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    for member in family:
        member.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    time.sleep(2)
    port = int(servers.urls[index].rsplit(":", 1)[1])
    replacement = start([("restarted", GUNICORN, port)], env, workdir)
    servers.processes[index] = replacement.processes[0]
    servers.log_files += replacement.log_files


def test_a_killed_server_loses_no_acknowledged_question_or_vote():
    reset_postgres_schema(DATABASE_URL, SCHEMA)
    database = postgres_url_with_schema(DATABASE_URL, SCHEMA)
    webinar_id, cookies = seed_room(database, CLIENTS)
    env = verbind_env(database, REDIS_URL)
    with tempfile.TemporaryDirectory() as workdir:
        servers = start([("soak", GUNICORN, free_port()) for _ in range(2)], env, workdir)
        try:
            attendees, states = asyncio.run(
                soak(
                    servers, cookies, webinar_id, lambda: kill_and_restart(servers, 0, env, workdir)
                )
            )
        finally:
            Servers.stop(servers)

    engine = sa.create_engine(database)
    with engine.connect() as connection:
        stored = connection.execute(
            sa.text("SELECT client_token, id, votes FROM webinar_question WHERE webinar_id = :w"),
            {"w": webinar_id},
        ).all()
        votes = connection.execute(
            sa.text("SELECT question_id, user_id FROM webinar_question_vote")
        ).all()
        user_ids = dict(connection.execute(sa.text('SELECT email, id FROM "user"')).all())
    engine.dispose()

    tokens = [row.client_token for row in stored]
    assert len(tokens) == len(set(tokens)), "a question was stored twice"
    stored_ids = {row.client_token: row.id for row in stored}
    acknowledged = {t: i for a in attendees for t, i in a.acknowledged_questions.items()}
    assert len(acknowledged) > CLIENTS // 4, "the soak asked too few questions to mean much"
    for token, question_id in acknowledged.items():
        assert stored_ids.get(token) == question_id, f"acknowledged question {token} is missing"
    assert len(votes) == len(set(votes)), "a vote was stored twice"
    votes_by_question = {}
    for question_id, _user in votes:
        votes_by_question[question_id] = votes_by_question.get(question_id, 0) + 1
    stored_votes = {(question_id, user_id) for question_id, user_id in votes}
    for attendee in attendees:
        user_id = user_ids[f"deelnemer{attendee.number}@bench.example"]
        for question_id in attendee.acknowledged_votes:
            assert (question_id, user_id) in stored_votes, "an acknowledged vote is missing"
    assert sum(a.reconnected for a in attendees) >= CLIENTS // 2 - 5, "the kill reached nobody"
    database_state = {row.id: votes_by_question.get(row.id, 0) for row in stored}
    assert all(row.votes == database_state[row.id] for row in stored), "a vote count drifted"
    for attendee, state in zip(attendees, states, strict=True):
        assert state and state["ok"], f"attendee {attendee.number} could not re-join"
        seen = {q["id"]: q["votes"] for q in state["questions"]}
        assert seen == database_state, f"attendee {attendee.number} sees another state"
