"""Live room fan-out: N attendees (python-socketio asyncio clients) in one webinar room while
questions and votes are posted at a steady rate. For each set-up and N it prints connect time,
delivery latency p50/p95/p99 over every (message, attendee) pair, delivered messages per
second, and the server's CPU and memory; then Verbind's figures as a ratio of a bare
python-socketio server doing the same fan-out in the same run (`benchmarks/bare_server.py`).

Set-ups:
- bare: the reference (`bare_server.py`, threading, Werkzeug).
- single: Verbind as `make run` serves it (`python wsgi.py`: threading, Werkzeug), SQLite.
- gunicorn-2: two gunicorn processes (deploy/gunicorn.conf.py, gthread) joined by Redis, the
  clients split between them as nginx's ip_hash would; PostgreSQL when BENCH_DATABASE_URL is
  set, else one SQLite file. Needs BENCH_REDIS_URL (default redis://127.0.0.1:6379/15).

Everything runs on this machine over loopback; the clients share its cores with the servers,
so the client process's own CPU is printed too.
"""

import asyncio
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import psutil

from benchmarks.common import percentile, print_table
from tests.servers import free_port, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
NAMESPACE = "/webinar"
SECRET = "fan-out-benchmark-secret-key-0123456789"  # noqa: S105 - a throwaway local server
QUESTION_PREFIX = "Benchvraag"
# The benchmark's accounts log in by signed cookie, never by password.
NO_PASSWORD = "!"  # noqa: S105


# --- the room's data ----------------------------------------------------------------------------


def seed_room(database_url, attendees):
    """A live webinar with `attendees` registered members. Returns (webinar_id, cookies): a signed
    session cookie per attendee, as logging in would give (without 1,000 password checks)."""
    from community import create_app
    from community.accounts.models import User
    from community.clock import utcnow
    from community.extensions import db
    from community.webinars.models import Registration, Webinar

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET, "REDIS_URL": None}
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        host = User(
            name="Gastheer", email="host@bench.example", password_hash=NO_PASSWORD, handle="host"
        )
        db.session.add(host)
        db.session.flush()
        webinar = Webinar(
            title="Landelijk webinar",
            starts_at=utcnow() - timedelta(minutes=5),
            ends_at=utcnow() + timedelta(hours=2),
            capacity=attendees,
            host_id=host.id,
        )
        users = [
            User(
                name=f"Deelnemer {number}",
                email=f"deelnemer{number}@bench.example",
                password_hash=NO_PASSWORD,
                handle=f"deelnemer{number}",
            )
            for number in range(attendees)
        ]
        db.session.add(webinar)
        db.session.add_all(users)
        db.session.flush()
        db.session.add_all(Registration(webinar_id=webinar.id, user_id=u.id) for u in users)
        db.session.commit()
        serializer = app.session_interface.get_signing_serializer(app)
        cookies = [serializer.dumps({"_user_id": u.session_token, "_fresh": False}) for u in users]
        webinar_id = webinar.id
        cookie_name = app.config["SESSION_COOKIE_NAME"]
        db.engine.dispose()
    return webinar_id, [f"{cookie_name}={cookie}" for cookie in cookies]


# --- the servers --------------------------------------------------------------------------------


@dataclass
class Servers:
    urls: list
    processes: list = field(default_factory=list)
    logs: list = field(default_factory=list)
    log_files: list = field(default_factory=list)

    def pids(self):
        found = []
        for process in self.processes:
            try:
                parent = psutil.Process(process.pid)
                found += [parent, *parent.children(recursive=True)]
            except psutil.NoSuchProcess:
                pass
        return found

    def stop(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in self.log_files:
            log.close()


def start(commands, env, workdir):
    servers = Servers(urls=[])
    for name, command, port in commands:
        log_path = Path(workdir) / f"{name}-{port}.log"
        log = open(log_path, "w")  # noqa: SIM115 - closed by Servers.stop()
        process = subprocess.Popen(  # noqa: S603 - our own commands, no user input
            command,
            cwd=ROOT,
            env={**os.environ, **env, "PORT": str(port), "BIND": f"127.0.0.1:{port}"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        servers.processes.append(process)
        servers.logs.append(log_path)
        servers.log_files.append(log)
        servers.urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, process in zip(servers.urls, servers.processes, strict=True):
            wait_until_serving(url, process)
    except Exception as problem:
        servers.stop()
        logs = "\n".join(f"{path}:\n{Path(path).read_text()}" for path in servers.logs)
        raise RuntimeError(f"{problem}\n{logs}") from problem
    return servers


def start_bare(workdir, attendees, async_mode="threading"):
    port = free_port()
    command = [sys.executable, "-m", "benchmarks.bare_server", str(port), async_mode]
    return start([("bare", command, port)], {"PYTHONPATH": str(ROOT)}, workdir), 1, []


def start_bare_gevent(workdir, attendees):
    return start_bare(workdir, attendees, "gevent")


def verbind_env(database_url, redis_url=None, vote_broadcast_seconds="0"):
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "VERBIND_ENV": "production",
        "PYTHONPATH": str(ROOT),
        "REDIS_URL": redis_url or "",
        # Every vote its own broadcast, as the bare server does: this benchmark times each
        # message to each attendee (benchmarks/vote_storm.py measures the coalescing).
        "LIVE_VOTE_BROADCAST_SECONDS": vote_broadcast_seconds,
    }
    if not redis_url:
        env.pop("REDIS_URL")
    return env


def start_single(workdir, attendees):
    database_url = f"sqlite:///{Path(workdir) / 'single.sqlite'}"
    webinar_id, cookies = seed_room(database_url, attendees)
    port = free_port()
    env = verbind_env(database_url)
    servers = start([("single", [sys.executable, "wsgi.py"], port)], env, workdir)
    return servers, webinar_id, cookies


def start_gunicorn_single(workdir, attendees):
    return start_gunicorn(workdir, attendees, processes=1)


def start_gunicorn(workdir, attendees, processes=2, vote_broadcast_seconds="0"):
    """With BENCH_DATABASE_URL (PostgreSQL) the workers are gevent, as in production; without
    it they share a SQLite file and are gthread (see deploy/gunicorn.conf.py)."""
    database_url = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{Path(workdir) / 'gunicorn.sqlite'}"
    )
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    webinar_id, cookies = seed_room(database_url, attendees)
    env = verbind_env(database_url, redis_url if processes > 1 else None, vote_broadcast_seconds)
    # Each open WebSocket holds a gthread thread: room for every client plus page requests.
    env["THREADS"] = str(attendees // processes + 100)
    # gevent: every WebSocket is one connection; leave room for page requests beside them.
    env["WORKER_CONNECTIONS"] = str(attendees // processes + 1000)
    command = [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "wsgi:app"]
    commands = [("gunicorn", command, free_port()) for _ in range(processes)]
    return start(commands, env, workdir), webinar_id, cookies


# Each Verbind set-up is compared with the bare server on the same concurrency model.
REFERENCE = {"single": "bare", "gunicorn-1": "bare-gevent", "gunicorn-2": "bare-gevent"}


# --- the attendees ------------------------------------------------------------------------------


@dataclass
class Run:
    connect_ms: list = field(default_factory=list)
    failed_connects: int = 0
    sent_questions: dict = field(default_factory=dict)  # sequence -> send time
    sent_votes: dict = field(default_factory=dict)  # (question id, count) -> send time
    acknowledged_votes: int = 0
    received_questions: list = field(default_factory=list)  # (sequence, time)
    received_votes: list = field(default_factory=list)  # (question id, count, time)
    refused: int = 0


async def attend(runs, url, cookie, webinar_id, connect_slots):
    import socketio

    client = socketio.AsyncClient(reconnection=False)

    async def on_question(payload):
        text = payload.get("text", "")
        if text.startswith(QUESTION_PREFIX):
            runs.received_questions.append((int(text.split()[1].rstrip(":")), time.monotonic()))

    async def on_votes(payload):
        for change in payload.get("changes", [payload]):
            runs.received_votes.append((change["id"], change["votes"], time.monotonic()))

    client.on("question", on_question, namespace=NAMESPACE)
    client.on("votes", on_votes, namespace=NAMESPACE)
    async with connect_slots:
        started = time.monotonic()
        try:
            await client.connect(
                url,
                headers={"Cookie": cookie},
                namespaces=[NAMESPACE],
                transports=["websocket"],
                wait_timeout=30,
            )
            state = await client.call(
                "join", {"webinar_id": webinar_id}, namespace=NAMESPACE, timeout=30
            )
        except Exception:
            runs.failed_connects += 1
            return None
        if not state.get("ok"):
            runs.failed_connects += 1
            return None
        runs.connect_ms.append((time.monotonic() - started) * 1000)
    return client


async def post_at_steady_rate(runs, clients, webinar_id, seconds, questions_per_s, votes_per_s):
    """Every tick one event: a question from the next attendee, or a vote by the next attendee on
    one of the three newest questions. Replies are awaited in the background, so a slow server
    does not lower the rate offered."""
    rate = questions_per_s + votes_per_s
    question_every = max(1, round(rate / questions_per_s))
    question_ids, authors, voted = [], {}, set()
    pending = []

    async def ask(client, sequence):
        runs.sent_questions[sequence] = time.monotonic()
        reply = await client.call(
            "ask",
            {
                "webinar_id": webinar_id,
                "text": f"{QUESTION_PREFIX} {sequence}: hoe bespreek je zorgen met ouders?",
                "client_token": f"bench-{sequence:08d}",
            },
            namespace=NAMESPACE,
            timeout=30,
        )
        if reply.get("ok"):
            question_ids.append(reply["question"]["id"])
            authors[reply["question"]["id"]] = client
        else:
            runs.refused += 1
            runs.sent_questions.pop(sequence, None)

    async def vote(client, question_id):
        sent = time.monotonic()
        reply = await client.call(
            "vote",
            {"webinar_id": webinar_id, "question_id": question_id},
            namespace=NAMESPACE,
            timeout=30,
        )
        if reply.get("ok"):
            runs.acknowledged_votes += 1
            # Two votes counted at the same moment can report the same total; both broadcasts
            # are then timed from the earlier send.
            runs.sent_votes.setdefault((question_id, reply["votes"]), sent)
        else:
            runs.refused += 1

    started = time.monotonic()
    tick, asked, voter = 0, 0, 0
    while time.monotonic() - started < seconds:
        if tick % question_every == 0 or not question_ids:
            pending.append(asyncio.create_task(ask(clients[asked % len(clients)], asked)))
            asked += 1
        else:
            target = question_ids[-1 - (tick % min(3, len(question_ids)))]
            for _ in range(len(clients)):
                client = clients[voter % len(clients)]
                voter += 1
                if authors.get(target) is not client and (client, target) not in voted:
                    voted.add((client, target))
                    pending.append(asyncio.create_task(vote(client, target)))
                    break
        tick += 1
        await asyncio.sleep(max(0.0, started + tick / rate - time.monotonic()))
    await asyncio.gather(*pending, return_exceptions=True)
    return time.monotonic() - started


class CpuMeter:
    """CPU seconds used by the server and client processes between start() and stop(), as %
    of one core over that wall time, and the servers' memory at the end."""

    def __init__(self, servers, client_pids):
        self.servers = servers
        self.clients = [psutil.Process(pid) for pid in client_pids]
        # Redis carries the broadcasts between processes: its share is measured apart.
        self.redis = [p for p in psutil.process_iter(["name"]) if p.info["name"] == "redis-server"]

    def _now(self):
        server = sum(sum(p.cpu_times()[:2]) for p in self.servers.pids())
        client = sum(sum(p.cpu_times()[:2]) for p in self.clients)
        redis = sum(sum(p.cpu_times()[:2]) for p in self.redis)
        return time.monotonic(), server, client, redis

    def start(self):
        self.started = self._now()

    def stop(self):
        ended = self._now()
        wall = self.wall = ended[0] - self.started[0]
        self.server_percent = round(100 * (ended[1] - self.started[1]) / wall)
        self.client_percent = round(100 * (ended[2] - self.started[2]) / wall)
        self.redis_seconds = round(ended[3] - self.started[3], 2)
        self.server_mb = round(sum(p.memory_info().rss for p in self.servers.pids()) / 2**20)


async def attendees_in_this_process(share, barrier, *, poster, seconds, rates):
    """Connect this process's share of the attendees, wait until every process has, then (the
    poster only) post at a steady rate; all listen until the poster is done, plus 2 s."""
    runs = Run()
    connect_slots = asyncio.Semaphore(25)
    loop = asyncio.get_running_loop()
    clients = await asyncio.gather(
        *(
            attend(runs, url, cookie, share["webinar_id"], connect_slots)
            for url, cookie in share["attendees"]
        )
    )
    clients = [client for client in clients if client is not None]
    await loop.run_in_executor(None, barrier.wait)  # everyone connected: the clock starts
    duration = 0.0
    if poster and clients:
        duration = await post_at_steady_rate(runs, clients, share["webinar_id"], seconds, *rates)
    await loop.run_in_executor(None, barrier.wait)  # the poster is done
    await asyncio.sleep(2)  # let the last broadcasts arrive
    await asyncio.gather(*(client.disconnect() for client in clients), return_exceptions=True)
    return runs, len(clients), duration


def client_process(share, barrier, results, poster, seconds, rates):
    runs, connected, duration = asyncio.run(
        attendees_in_this_process(share, barrier, poster=poster, seconds=seconds, rates=rates)
    )
    results.put((runs, connected, duration))


def run_room(
    servers,
    cookies,
    webinar_id,
    *,
    seconds,
    questions_per_s,
    votes_per_s,
    processes,
    on_start=None,
):
    """Spread the attendees over `processes` client processes (so the clients are not the
    bottleneck); CLOCK_MONOTONIC is shared by processes, so send and receive times compare.
    `on_start` is called when every attendee is in and the posting starts (login_burst.py
    starts its logins there)."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes + 1)
    results = context.Queue()
    workers = []
    for index in range(processes):
        attendees = [
            (servers.urls[number % len(servers.urls)], cookies[number])
            for number in range(index, len(cookies), processes)
        ]
        share = {"webinar_id": webinar_id, "attendees": attendees}
        worker = context.Process(
            target=client_process,
            args=(share, barrier, results, index == 0, seconds, (questions_per_s, votes_per_s)),
        )
        worker.start()
        workers.append(worker)
    meter = CpuMeter(servers, [worker.pid for worker in workers])
    barrier.wait(timeout=600)
    meter.start()
    if on_start is not None:
        on_start()
    barrier.wait(timeout=seconds + 120)
    time.sleep(2)
    meter.stop()
    collected = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    runs = Run()
    for part, _connected, _duration in collected:
        runs.connect_ms += part.connect_ms
        runs.failed_connects += part.failed_connects
        runs.sent_questions.update(part.sent_questions)
        runs.sent_votes.update(part.sent_votes)
        runs.acknowledged_votes += part.acknowledged_votes
        runs.received_questions += part.received_questions
        runs.received_votes += part.received_votes
        runs.refused += part.refused
    connected = sum(part[1] for part in collected)
    duration = max(part[2] for part in collected)
    return runs, connected, duration, meter


def figures(runs, connected, duration):
    latencies = []
    for sequence, received in runs.received_questions:
        if sequence in runs.sent_questions:
            latencies.append((received - runs.sent_questions[sequence]) * 1000)
    for question_id, votes, received in runs.received_votes:
        sent = runs.sent_votes.get((question_id, votes))
        if sent is not None:
            latencies.append((received - sent) * 1000)
    messages = len(runs.sent_questions) + runs.acknowledged_votes
    expected = connected * messages
    return {
        "connected": connected,
        "connect p50 ms": round(percentile(runs.connect_ms, 0.5)),
        "connect p95 ms": round(percentile(runs.connect_ms, 0.95)),
        "messages": messages,
        "delivered": f"{len(latencies)}/{expected}",
        "p50 ms": round(percentile(latencies, 0.5), 1),
        "p95 ms": round(percentile(latencies, 0.95), 1),
        "p99 ms": round(percentile(latencies, 0.99), 1),
        "delivered/s": round(len(latencies) / duration),
    }


def measure(setup, start_servers, attendees, options, workdir):
    servers, webinar_id, cookies = start_servers(workdir, attendees)
    if setup.startswith("bare"):
        cookies = [""] * attendees
    try:
        runs, connected, duration, meter = run_room(servers, cookies, webinar_id, **options)
    finally:
        servers.stop()
    row = {"set-up": setup, "N": attendees, **figures(runs, connected, duration)}
    row["server CPU %"] = meter.server_percent
    row["server MB"] = meter.server_mb
    row["client CPU %"] = meter.client_percent
    row["refused"] = runs.refused + runs.failed_connects
    return row


def run(
    sizes=(100, 500, 1000),
    seconds=20,
    questions_per_s=1,
    votes_per_s=4,
    setups=None,
    client_processes=2,
):
    setups = setups or ["bare", "single", "bare-gevent", "gunicorn-1", "gunicorn-2"]
    starters = {
        "bare": start_bare,
        "bare-gevent": start_bare_gevent,
        "single": start_single,
        "gunicorn-1": start_gunicorn_single,
        "gunicorn-2": start_gunicorn,
    }
    options = {
        "seconds": seconds,
        "questions_per_s": questions_per_s,
        "votes_per_s": votes_per_s,
        "processes": client_processes,
    }
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for attendees in sizes:
            for setup in setups:
                rows.append(measure(setup, starters[setup], attendees, options, workdir))
                print(f"  measured {setup} N={attendees}", file=sys.stderr)
    print_table(
        f"Live room fan-out: {questions_per_s} questions/s + {votes_per_s} votes/s "
        f"for {seconds} s, every message to every attendee",
        rows,
    )
    ratios = []
    # Without PostgreSQL the gunicorn runs use SQLite and gthread: compare them with threads.
    references = (
        REFERENCE if os.environ.get("BENCH_DATABASE_URL") else dict.fromkeys(REFERENCE, "bare")
    )
    for row in rows:
        reference = references.get(row["set-up"])
        bare = next((r for r in rows if r["set-up"] == reference and r["N"] == row["N"]), None)
        if bare is None:
            continue
        ratios.append(
            {
                "set-up": row["set-up"],
                "N": row["N"],
                "against": reference,
                "delivered/s ÷ bare": round(row["delivered/s"] / max(bare["delivered/s"], 1), 2),
                "p99 ÷ bare": round(row["p99 ms"] / max(bare["p99 ms"], 0.1), 1),
                "server CPU ÷ bare": round(row["server CPU %"] / max(bare["server CPU %"], 1), 1),
            }
        )
    print_table("Verbind as a share of the bare python-socketio server (same run)", ratios)
    return rows, ratios


def main():
    sizes = [int(n) for n in os.environ.get("BENCH_ATTENDEES", "100,500,1000").split(",")]
    setups = os.environ.get("BENCH_SETUPS")
    run(
        sizes=sizes,
        seconds=int(os.environ.get("BENCH_FANOUT_SECONDS", "20")),
        questions_per_s=float(os.environ.get("BENCH_QUESTIONS_PER_S", "1")),
        votes_per_s=float(os.environ.get("BENCH_VOTES_PER_S", "4")),
        setups=setups.split(",") if setups else None,
        client_processes=int(os.environ.get("BENCH_CLIENT_PROCESSES", "2")),
    )


if __name__ == "__main__":
    main()
