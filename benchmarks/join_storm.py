"""The start of a big webinar: N attendees open the live room at the same moment. Every
attendee connects and joins at once (no pacing on the client side); meanwhile 20 attendees who
were already in the room ask questions and others vote on them, so joins happen during a burst
of changes. For each set-up it prints the time until every attendee has joined and received the
room's state (and p50/p95 per join), the server's CPU, and whether every attendee's view of the
room, built as the browser builds it (the join's state, then each broadcast merged by question
id), equals the room's real state at the end: no question missed, every vote count right.
Verbind is then shown as a share of the bare python-socketio server measured in the same run.

Set-ups (from benchmarks/fanout.py): bare-gevent (the reference), gunicorn-1 (one gunicorn
process, gevent worker, PostgreSQL when BENCH_DATABASE_URL is set) and gunicorn-2 (two
processes joined by Redis, attendees split between them as nginx's ip_hash would).
"""

import asyncio
import multiprocessing
import os
import sys
import tempfile
import time

from benchmarks.common import percentile, print_table
from benchmarks.fanout import NAMESPACE, CpuMeter, start_bare_gevent, start_gunicorn

# Already in the room when the storm starts: they ask (at most 5 each: the per-minute limit)
# and vote during it.
ASKERS = 20
VOTERS = 5
QUESTIONS_PER_S = 4


class View:
    """One attendee's picture of the room, merged the way static/js/webinar-live.js does: by
    question id, and a count only replaces one with a lower version."""

    def __init__(self):
        self.counts = {}  # question id -> (version, votes)

    @property
    def votes(self):
        return {question_id: votes for question_id, (_v, votes) in self.counts.items()}

    def _count(self, question_id, votes, version):
        known = self.counts.get(question_id)
        if known is None or version >= known[0]:
            self.counts[question_id] = (version, votes)

    def apply_state(self, reply):
        for question in reply.get("questions", []):
            self.apply_question(question)

    def apply_question(self, question):
        self._count(question["id"], question["votes"], question.get("vote_version", 0))

    def apply_votes(self, payload):
        for change in payload.get("changes", [payload]):
            if change["id"] in self.counts:
                self._count(change["id"], change["votes"], change.get("version", 0))


async def connected_client(url, cookie, view):
    import socketio

    client = socketio.AsyncClient(reconnection=False)

    async def on_question(payload):
        view.apply_question(payload)

    async def on_votes(payload):
        view.apply_votes(payload)

    client.on("question", on_question, namespace=NAMESPACE)
    client.on("votes", on_votes, namespace=NAMESPACE)
    await client.connect(
        url,
        headers={"Cookie": cookie},
        namespaces=[NAMESPACE],
        transports=["websocket"],
        wait_timeout=120,
    )
    return client


async def join(url, cookie, webinar_id, started, joined_ms, views):
    view = View()
    try:
        client = await connected_client(url, cookie, view)
        reply = await client.call(
            "join", {"webinar_id": webinar_id}, namespace=NAMESPACE, timeout=120
        )
    except Exception:
        return None
    if not reply.get("ok"):
        return None
    view.apply_state(reply)
    joined_ms.append((time.monotonic() - started) * 1000)
    views.append(view)
    return client


async def ask_and_vote_until(stop, askers, voters, webinar_id):
    """Questions at a steady rate from the askers in turn; every voter votes on each one."""
    asked, votes = 0, 0
    pending = []

    async def ask_then_vote(client, number):
        nonlocal votes
        reply = await client.call(
            "ask",
            {
                "webinar_id": webinar_id,
                "text": f"Stormvraag {number}: wie belt er met Veilig Thuis bij twijfel?",
                "client_token": f"storm-{number:06d}",
            },
            namespace=NAMESPACE,
            timeout=60,
        )
        if not reply.get("ok"):
            return
        for voter in voters:
            answer = await voter.call(
                "vote",
                {"webinar_id": webinar_id, "question_id": reply["question"]["id"]},
                namespace=NAMESPACE,
                timeout=60,
            )
            votes += bool(answer.get("ok"))

    started = time.monotonic()
    while not stop.is_set() and asked < ASKERS * 5:
        pending.append(asyncio.create_task(ask_then_vote(askers[asked % ASKERS], asked)))
        asked += 1
        await asyncio.sleep(max(0.0, started + asked / QUESTIONS_PER_S - time.monotonic()))
    await asyncio.gather(*pending, return_exceptions=True)
    return asked, votes


async def storm_in_this_process(share, barrier, poster):
    loop = asyncio.get_running_loop()
    webinar_id = share["webinar_id"]
    askers, voters = [], []
    if poster:
        for url, cookie in share["askers"]:
            askers.append(await connected_client(url, cookie, View()))
        for url, cookie in share["voters"]:
            voters.append(await connected_client(url, cookie, View()))
        for client in askers + voters:
            await client.call("join", {"webinar_id": webinar_id}, namespace=NAMESPACE)
    await loop.run_in_executor(None, barrier.wait)  # every process ready: the storm starts
    started = time.monotonic()
    joined_ms, views = [], []
    stop = asyncio.Event()
    posting = (
        asyncio.create_task(ask_and_vote_until(stop, askers, voters, webinar_id))
        if poster
        else None
    )
    clients = await asyncio.gather(
        *(
            join(url, cookie, webinar_id, started, joined_ms, views)
            for url, cookie in share["attendees"]
        )
    )
    await loop.run_in_executor(None, barrier.wait)  # everyone joined
    stop.set()
    asked, votes = await posting if posting else (0, 0)
    await loop.run_in_executor(None, barrier.wait)  # the posting is over
    await asyncio.sleep(5)  # the last broadcasts arrive
    truth = None
    if poster:
        # The room as it really is, from a fresh join.
        reply = await askers[0].call("join", {"webinar_id": webinar_id}, namespace=NAMESPACE)
        truth = {q["id"]: q["votes"] for q in reply["questions"]}
    exact = [view.votes for view in views]  # plain {id: votes}, to send to the parent
    everyone = [c for c in clients if c is not None] + askers + voters
    await asyncio.gather(*(c.disconnect() for c in everyone), return_exceptions=True)
    return {
        "joined_ms": joined_ms,
        "failed": sum(c is None for c in clients),
        "views": exact,
        "truth": truth,
        "asked": asked,
        "votes": votes,
    }


def client_process(share, barrier, results, poster):
    results.put(asyncio.run(storm_in_this_process(share, barrier, poster)))


def run_storm(servers, cookies, webinar_id, processes=2):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes + 1)
    results = context.Queue()
    urls = servers.urls
    extra = ASKERS + VOTERS
    room, storm = cookies[:extra], cookies[extra:]

    def at(number, cookie):
        return urls[number % len(urls)], cookie

    workers = []
    for index in range(processes):
        share = {
            "webinar_id": webinar_id,
            "attendees": [at(n, storm[n]) for n in range(index, len(storm), processes)],
            "askers": [at(n, room[n]) for n in range(ASKERS)] if index == 0 else [],
            "voters": [at(n, room[n]) for n in range(ASKERS, extra)] if index == 0 else [],
        }
        worker = context.Process(target=client_process, args=(share, barrier, results, index == 0))
        worker.start()
        workers.append(worker)
    meter = CpuMeter(servers, [worker.pid for worker in workers])
    barrier.wait(timeout=600)
    meter.start()
    barrier.wait(timeout=600)
    meter.stop()
    barrier.wait(timeout=600)
    parts = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    return parts, meter


def measure(setup, start_servers, attendees, workdir):
    everyone = attendees + ASKERS + VOTERS
    servers, webinar_id, cookies = start_servers(workdir, everyone)
    if setup.startswith("bare"):
        cookies = [""] * everyone
    try:
        parts, meter = run_storm(servers, cookies, webinar_id)
    finally:
        servers.stop()
    joined = [ms for part in parts for ms in part["joined_ms"]]
    truth = next(part["truth"] for part in parts if part["truth"] is not None)
    views = [view for part in parts for view in part["views"]]
    missed = sum(len(truth.keys() - view.keys()) for view in views)
    wrong = sum(
        1
        for view in views
        for question, votes in truth.items()
        if view.get(question, votes) != votes
    )
    exact = sum(view == truth for view in views)
    return {
        "set-up": setup,
        "N": attendees,
        "joined": f"{len(joined)}/{attendees}",
        "all joined s": round(max(joined, default=0) / 1000, 2),
        "join p50 ms": round(percentile(joined, 0.5)),
        "join p95 ms": round(percentile(joined, 0.95)),
        "server CPU s": round(meter.server_percent * meter.wall / 100, 1),
        "Redis CPU s": meter.redis_seconds,
        "questions": len(truth),
        "votes": sum(truth.values()),
        "exact views": f"{exact}/{len(views)}",
        "missed": missed,
        "wrong counts": wrong,
    }


def start_gunicorn_one(workdir, attendees):
    return start_gunicorn(workdir, attendees, processes=1, vote_broadcast_seconds=COALESCED)


def start_gunicorn_two(workdir, attendees):
    return start_gunicorn(workdir, attendees, processes=2, vote_broadcast_seconds=COALESCED)


# Verbind as configured by default: vote counts broadcast at most every 0.25 s.
COALESCED = "0.25"
SETUPS = {
    "bare-gevent": start_bare_gevent,
    "gunicorn-1": start_gunicorn_one,
    "gunicorn-2": start_gunicorn_two,
}


def measure_all(name, measure_one, sizes, setups=None):
    """One row per size and set-up, each on fresh servers and a fresh database."""
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for attendees in sizes:
            for setup in setups or list(SETUPS):
                rows.append(measure_one(setup, SETUPS[setup], attendees, workdir))
                print(f"  measured {name} {setup} N={attendees}", file=sys.stderr)
    return rows


def against_bare(rows):
    """(Verbind's row, the bare server's row of the same size) for every Verbind row."""
    for row in rows:
        bare = next((r for r in rows if r["set-up"] == "bare-gevent" and r["N"] == row["N"]), None)
        if bare is not None and row is not bare:
            yield row, bare


def run(sizes=(1000, 2000), setups=None):
    rows = measure_all("join storm", measure, sizes, setups)
    print_table(
        f"Join storm: N attendees join at once while {QUESTIONS_PER_S} questions/s are asked and "
        f"{VOTERS} people vote on each",
        rows,
    )
    ratios = []
    for row, bare in against_bare(rows):
        ratios.append(
            {
                "set-up": row["set-up"],
                "N": row["N"],
                "all joined ÷ bare": round(
                    row["all joined s"] / max(bare["all joined s"], 0.01), 2
                ),
                "join p50 ÷ bare": round(row["join p50 ms"] / max(bare["join p50 ms"], 1), 2),
                "goal (≤ 1.5)": "met"
                if row["all joined s"] <= 1.5 * bare["all joined s"]
                else "not met",
            }
        )
    print_table("Join storm: Verbind as a share of the bare server (same run)", ratios)
    return rows, ratios


def main(
    attendees_variable="BENCH_JOIN_ATTENDEES", default_sizes="1000,2000", storm=None, name=None
):
    """The storms' entry point (the vote storm and poll burst pass their own run and name):
    sizes and set-ups from the environment; PostgreSQL only, as in production."""
    name = name or ("vote_storm" if storm else "join_storm")
    if not os.environ.get("BENCH_DATABASE_URL"):
        print(
            f"\n{name}: skipped, set BENCH_DATABASE_URL (PostgreSQL): measured as in "
            "production, gevent workers on PostgreSQL; with SQLite the processes run threads."
        )
        return
    sizes = [int(n) for n in os.environ.get(attendees_variable, default_sizes).split(",")]
    setups = os.environ.get("BENCH_JOIN_SETUPS")
    (storm or run)(sizes=sizes, setups=setups.split(",") if setups else None)


if __name__ == "__main__":
    main()
