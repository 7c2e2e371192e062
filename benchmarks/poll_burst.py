"""A poll burst: the host opens a single-choice poll with its results shown, and every one of N
attendees answers it at a random moment within a few seconds. For each set-up it prints the
answer's acknowledgement latency (p50/p95/p99), the time from the last answer's sending until
every attendee has seen the final counts (the poll_results with the highest version, total N),
the poll_results messages each attendee received, errors, the server's CPU (per answer, too),
and whether the final counts are exact: equal to the answers acknowledged and, for Verbind, to
the answers stored in the database. Verbind stores each answer with one upsert (no turns on the
poll's row; community/webinars/polls.py) and broadcasts the results at most every
LIVE_VOTE_BROADCAST_SECONDS, counted from the database (community/webinars/poll_broadcasts.py);
the bare server counts in memory and broadcasts the counts after every answer, as it relays
votes. Set-ups as in benchmarks/join_storm.py; sizes from BENCH_POLL_ATTENDEES (default
200,1000); PostgreSQL only (BENCH_DATABASE_URL)."""

import asyncio
import collections
import multiprocessing
import os
import random
import time

from benchmarks import join_storm
from benchmarks.bare_server import POLL_ID, POLL_OPTIONS
from benchmarks.common import percentile, print_table
from benchmarks.fanout import NAMESPACE, SECRET, CpuMeter
from benchmarks.join_storm import against_bare, measure_all
from benchmarks.vote_storm import GIVE_UP_SECONDS, ratio, rounded

BURST_SECONDS = 3


def seed_poll(database_url, webinar_id):
    """The room's poll, prepared, opened and its results shown by the host through the
    services, as the host's page does. Returns its id."""
    from community import create_app
    from community.accounts.models import User
    from community.extensions import db
    from community.webinars import polls
    from community.webinars.models import PollKind, Webinar

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET, "REDIS_URL": None}
    )
    with app.app_context():
        webinar = db.session.get(Webinar, webinar_id)
        host = db.session.get(User, webinar.host_id)
        poll = polls.create_poll(
            host,
            webinar,
            kind=PollKind.SINGLE,
            question="Wat doe je als eerste bij een vermoeden?",
            options=[
                "Overleggen met een collega",
                "Veilig Thuis bellen voor advies",
                "Het kind aanspreken",
                "Het vastleggen in het dossier",
            ][:POLL_OPTIONS],
        )
        polls.control_poll(host, poll, webinar, "open")
        polls.control_poll(host, poll, webinar, "show_results")
        poll_id = poll.id
        db.engine.dispose()
    return poll_id


def stored_counts(database_url, poll_id):
    """The poll's counts per option as stored (each answer is one option index)."""
    from sqlalchemy import func, select

    from community import create_app
    from community.extensions import db
    from community.webinars.models import PollAnswer

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET, "REDIS_URL": None}
    )
    with app.app_context():
        rows = db.session.execute(
            select(PollAnswer.value, func.count())
            .where(PollAnswer.poll_id == poll_id)
            .group_by(PollAnswer.value)
        ).all()
        db.engine.dispose()
    counts = [0] * POLL_OPTIONS
    for value, count in rows:
        counts[int(value)] += count
    return counts


async def attendee(url, cookie, webinar_id, heard):
    import socketio

    client = socketio.AsyncClient(reconnection=False)

    async def on_results(payload):
        heard.append(
            (payload["version"], payload["total"], payload.get("counts"), time.monotonic())
        )

    client.on("poll_results", on_results, namespace=NAMESPACE)
    await client.connect(
        url,
        headers={"Cookie": cookie},
        namespaces=[NAMESPACE],
        transports=["websocket"],
        wait_timeout=120,
    )
    reply = await client.call("join", {"webinar_id": webinar_id}, namespace=NAMESPACE, timeout=120)
    if not reply.get("ok"):
        raise RuntimeError(reply)
    return client


def everyone_saw(clients, total):
    return all(heard and max(heard)[1] >= total for _c, heard in clients)


async def burst_in_this_process(share, barrier, results_queue):
    import socketio

    loop = asyncio.get_running_loop()
    slots = asyncio.Semaphore(50)
    webinar_id, poll_id = share["webinar_id"], share["poll_id"]
    failed_connects = 0

    async def connect(url, cookie):
        nonlocal failed_connects
        heard = []
        async with slots:
            try:
                return await attendee(url, cookie, webinar_id, heard), heard
            except Exception:
                failed_connects += 1
                return None

    connected = await asyncio.gather(*(connect(url, cookie) for url, cookie in share["attendees"]))
    clients = [pair for pair in connected if pair is not None]
    await loop.run_in_executor(None, barrier.wait)  # everyone in the room: the burst starts
    answers = []  # (sent, acknowledged, option) of each acknowledged answer
    refused = []  # error codes of refused answers; "timeout" when none came in time
    rng = random.Random(share["seed"])

    async def answer(client):
        await asyncio.sleep(rng.uniform(0, BURST_SECONDS))
        option = rng.randrange(POLL_OPTIONS)
        sent = time.monotonic()
        try:
            reply = await client.call(
                "poll_answer",
                {"webinar_id": webinar_id, "poll_id": poll_id, "answer": [option]},
                namespace=NAMESPACE,
                timeout=GIVE_UP_SECONDS,
            )
        except socketio.exceptions.TimeoutError:
            refused.append("timeout")
            return
        if reply.get("ok"):
            answers.append((sent, time.monotonic(), option))
        else:
            refused.append(reply.get("error", "refused"))

    await asyncio.gather(*(answer(client) for client, _heard in clients))
    await loop.run_in_executor(None, barrier.wait)  # every answer acknowledged (or given up)
    # The last broadcasts arrive: until everyone here has seen all N answers, or we give up.
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while time.monotonic() < deadline and not everyone_saw(clients, share["expected"]):
        await asyncio.sleep(0.2)
    await asyncio.gather(*(c.disconnect() for c, _ in clients), return_exceptions=True)
    results_queue.put(
        {
            "answers": answers,
            "refused": refused,
            "failed_connects": failed_connects,
            "heard": [heard for _c, heard in clients],
        }
    )


def client_process(share, barrier, results):
    asyncio.run(burst_in_this_process(share, barrier, results))


def run_burst(servers, cookies, webinar_id, poll_id, processes=2):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes + 1)
    results = context.Queue()
    urls = servers.urls
    workers = []
    for index in range(processes):
        share = {
            "webinar_id": webinar_id,
            "poll_id": poll_id,
            "seed": index,
            "expected": len(cookies),
            "attendees": [
                (urls[n % len(urls)], cookies[n]) for n in range(index, len(cookies), processes)
            ],
        }
        worker = context.Process(target=client_process, args=(share, barrier, results))
        worker.start()
        workers.append(worker)
    meter = CpuMeter(servers, [worker.pid for worker in workers])
    barrier.wait(timeout=600)
    meter.start()
    barrier.wait(timeout=600)
    # Until every attendee has seen the final counts (or gave up): a server's backlog counts.
    parts = [results.get(timeout=300) for _ in workers]
    meter.stop()
    for worker in workers:
        worker.join(timeout=30)
    return parts, meter


def measure(setup, start_servers, attendees, workdir):
    servers, webinar_id, cookies = start_servers(workdir, attendees)
    database_url = os.environ["BENCH_DATABASE_URL"]
    bare = setup.startswith("bare")
    try:
        if bare:
            cookies, poll_id = [""] * attendees, POLL_ID
        else:
            poll_id = seed_poll(database_url, webinar_id)
        parts, meter = run_burst(servers, cookies, webinar_id, poll_id)
    finally:
        servers.stop()
    answers = [a for part in parts for a in part["answers"]]
    refused = [r for part in parts for r in part["refused"]]
    failed = sum(part["failed_connects"] for part in parts)
    heard_lists = [heard for part in parts for heard in part["heard"]]
    acknowledged = [0] * POLL_OPTIONS
    for _sent, _acked, option in answers:
        acknowledged[option] += 1
    stored = acknowledged if bare else stored_counts(database_url, poll_id)
    # Each attendee's final picture: the results with the highest version they received.
    finals = [max(heard) if heard else None for heard in heard_lists]
    exact = sum(
        1
        for final in finals
        if final and final[1] == attendees and final[2] == stored == acknowledged
    )
    # From the last answer's sending until every attendee has seen all N answers counted;
    # never (within the wait) is slower than any.
    last_sent = max((sent for sent, _a, _o in answers), default=0)
    seen = [
        min((at for _v, total, _c, at in heard if total >= attendees), default=None)
        for heard in heard_lists
    ]
    final_ms = (
        float("inf") if None in seen or not seen else max(0.0, (max(seen) - last_sent) * 1000)
    )
    latencies = [(acked - sent) * 1000 for sent, acked, _o in answers]
    messages = [len(heard) for heard in heard_lists]
    cpu_s = meter.server_percent * meter.wall / 100
    return {
        "set-up": setup,
        "N": attendees,
        "answers acked": len(answers),
        "errors": errors(refused, failed),
        "ack p50 ms": round(percentile(latencies, 0.5)),
        "ack p95 ms": round(percentile(latencies, 0.95)),
        "ack p99 ms": round(percentile(latencies, 0.99)),
        "last answer → all final ms": rounded(final_ms),
        "results msgs per attendee": round(sum(messages) / max(len(messages), 1)),
        "server CPU s": round(cpu_s, 1),
        "CPU ms per answer": round(1000 * cpu_s / max(len(answers), 1), 1),
        "final exact": f"{exact}/{attendees}",
        "stored": sum(stored),
    }


def errors(refused, failed_connects):
    """How many answers failed, and why: "0", or e.g. "231 (timeout 200, server 31)"."""
    kinds = collections.Counter(refused)
    if failed_connects:
        kinds["connect"] = failed_connects
    if not kinds:
        return "0"
    return f"{kinds.total()} ({', '.join(f'{k} {n}' for k, n in kinds.most_common())})"


def run(sizes=(200, 1000), setups=None):
    rows = measure_all("poll burst", measure, sizes, setups)
    print_table(
        f"Poll burst: N attendees each answer one open poll within {BURST_SECONDS} s",
        rows,
    )
    ratios = []
    for row, bare in against_bare(rows):
        ratios.append(
            {
                "set-up": row["set-up"],
                "N": row["N"],
                "ack p99 ÷ bare": round(row["ack p99 ms"] / max(bare["ack p99 ms"], 1), 2),
                "all final ÷ bare": ratio(
                    row["last answer → all final ms"], bare["last answer → all final ms"]
                ),
                "CPU per answer ÷ bare": round(
                    row["CPU ms per answer"] / max(bare["CPU ms per answer"], 0.1), 2
                ),
            }
        )
    print_table("Poll burst: Verbind as a share of the bare server (same run)", ratios)
    return rows, ratios


def main():
    join_storm.main("BENCH_POLL_ATTENDEES", "200,1000", storm=run, name="poll_burst")


if __name__ == "__main__":
    main()
