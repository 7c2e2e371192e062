"""A vote storm: a popular question appears and N attendees each vote on it once, at random
moments within a few seconds. For each set-up it prints the broadcasts each attendee received,
the p50/p99 time from a vote to the moment every attendee sees a count that includes it, the
server's CPU (per vote, too), and whether the last count everyone sees is exact. Verbind stores
each vote at once and broadcasts the changed counts a few times per second
(community/webinars/vote_broadcasts.py); the bare python-socketio server relays every vote to
everyone, as Verbind did before. Set-ups as in benchmarks/join_storm.py."""

import asyncio
import math
import multiprocessing
import random
import time

from benchmarks import join_storm
from benchmarks.common import percentile, print_table
from benchmarks.fanout import NAMESPACE, CpuMeter
from benchmarks.join_storm import against_bare, measure_all

STORM_SECONDS = 5
# A server that falls behind (the bare server relays a million messages for 1,000 votes) is
# waited for this long; what has not arrived by then counts as not seen.
GIVE_UP_SECONDS = 60


async def attendee(url, cookie, webinar_id, heard):
    import socketio

    client = socketio.AsyncClient(reconnection=False)

    async def on_votes(payload):
        now = time.monotonic()
        for change in payload.get("changes", [payload]):
            heard.append((change["votes"], now))

    client.on("votes", on_votes, namespace=NAMESPACE)
    await client.connect(
        url,
        headers={"Cookie": cookie},
        namespaces=[NAMESPACE],
        transports=["websocket"],
        wait_timeout=120,
    )
    await client.call("join", {"webinar_id": webinar_id}, namespace=NAMESPACE, timeout=120)
    return client


async def storm_in_this_process(share, barrier, results_queue):
    import socketio

    loop = asyncio.get_running_loop()
    slots = asyncio.Semaphore(50)
    webinar_id = share["webinar_id"]

    async def connect(url, cookie):
        heard = []
        async with slots:
            return await attendee(url, cookie, webinar_id, heard), heard

    clients = await asyncio.gather(*(connect(url, cookie) for url, cookie in share["attendees"]))
    if share["asker"]:
        asker, asker_heard = await connect(*share["asker"])
        reply = await asker.call(
            "ask",
            {
                "webinar_id": webinar_id,
                "text": "Stemvraag: wie belt Veilig Thuis?",
                "client_token": "vote-storm",
            },
            namespace=NAMESPACE,
        )
        share_question = reply["question"]["id"]
        clients.append((asker, asker_heard))
    else:
        share_question = None
    question_id = await loop.run_in_executor(None, barrier.exchange, share_question)
    sent = []  # (count acknowledged, send time)
    rng = random.Random(share["seed"])

    async def vote(client):
        await asyncio.sleep(rng.uniform(0, STORM_SECONDS))
        started = time.monotonic()
        try:
            reply = await client.call(
                "vote",
                {"webinar_id": webinar_id, "question_id": question_id},
                namespace=NAMESPACE,
                timeout=GIVE_UP_SECONDS,
            )
        except socketio.exceptions.TimeoutError:
            return  # not acknowledged within the time we wait: it counts as not seen
        if reply.get("ok"):
            sent.append((reply["votes"], started))

    voters = [
        client for client, _heard in clients if not share["asker"] or client is not clients[-1][0]
    ]
    await asyncio.gather(*(vote(client) for client in voters))
    await loop.run_in_executor(None, barrier.wait)  # every vote acknowledged (or given up)
    # The last broadcasts arrive: until everyone here has seen the final count, or we give up.
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while time.monotonic() < deadline and not all(
        heard and max(count for count, _ in heard) >= share["voters"] for _c, heard in clients
    ):
        await asyncio.sleep(0.2)
    await asyncio.gather(*(c.disconnect() for c, _ in clients), return_exceptions=True)
    results_queue.put({"sent": sent, "heard": [heard for _c, heard in clients]})


def client_process(share, barrier, results):
    asyncio.run(storm_in_this_process(share, barrier, results))


class QuestionBarrier:
    """A barrier that also hands the question's id from the asker's process to the others."""

    def __init__(self, question, barrier):
        self.question = question
        self.barrier = barrier

    def exchange(self, value):
        if value is not None:
            self.question["id"] = value
        self.barrier.wait(timeout=600)
        return self.question["id"]

    def wait(self):
        self.barrier.wait(timeout=600)


def run_storm(servers, cookies, webinar_id, processes=2):
    context = multiprocessing.get_context("spawn")
    manager = context.Manager()
    question = manager.dict()
    barrier = context.Barrier(processes + 1)
    results = context.Queue()

    urls = servers.urls
    workers = []
    voters = cookies[1:]
    for index in range(processes):
        share = {
            "webinar_id": webinar_id,
            "seed": index,
            "voters": len(voters),
            "attendees": [
                (urls[n % len(urls)], voters[n]) for n in range(index, len(voters), processes)
            ],
            "asker": (urls[0], cookies[0]) if index == 0 else None,
        }
        worker = context.Process(
            target=client_process, args=(share, QuestionBarrier(question, barrier), results)
        )
        worker.start()
        workers.append(worker)
    meter = CpuMeter(servers, [worker.pid for worker in workers])
    barrier.wait(timeout=600)
    meter.start()
    barrier.wait(timeout=600)
    time.sleep(3)
    meter.stop()
    parts = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    manager.shutdown()
    return parts, meter


def rounded(milliseconds):
    return f"> {GIVE_UP_SECONDS * 1000}" if milliseconds == float("inf") else round(milliseconds)


def measure(setup, start_servers, attendees, workdir):
    servers, webinar_id, cookies = start_servers(workdir, attendees + 1)
    if setup.startswith("bare"):
        cookies = [""] * (attendees + 1)
    try:
        parts, meter = run_storm(servers, cookies, webinar_id)
    finally:
        servers.stop()
    sent = sorted(s for part in parts for s in part["sent"])
    heard_lists = [heard for part in parts for heard in part["heard"]]
    latencies, unseen = [], 0
    for heard in heard_lists:
        heard.sort(key=lambda item: item[1])
        index, best = 0, -1
        # For each vote (by its acknowledged count), the first moment this attendee saw a count
        # that includes it.
        for count, started in sorted(sent):
            while index < len(heard) and best < count:
                best = max(best, heard[index][0])
                seen_at = heard[index][1]
                index += 1
            if best >= count:
                latencies.append((seen_at - started) * 1000)
            else:
                unseen += 1
    exact = sum(1 for heard in heard_lists if heard and max(c for c, _ in heard) == attendees)
    # Pairs never seen within GIVE_UP_SECONDS count as slower than any seen.
    latencies += [float("inf")] * unseen
    broadcasts = [len(heard) for heard in heard_lists]
    cpu_s = meter.server_percent * meter.wall / 100
    return {
        "set-up": setup,
        "N": attendees,
        "votes": len(sent),
        "broadcasts per attendee": round(sum(broadcasts) / max(len(broadcasts), 1)),
        "p50 ms": rounded(percentile(latencies, 0.5)),
        "p99 ms": rounded(percentile(latencies, 0.99)),
        "server CPU s": round(cpu_s, 1),
        "CPU ms per vote": round(1000 * cpu_s / max(len(sent), 1), 1),
        "last count exact": f"{exact}/{len(heard_lists)}",
    }


def ratio(ours, bare):
    if isinstance(bare, str):  # the bare server never caught up
        # Rounded up, so a tiny share reads "< 0.01", not "< 0.0".
        return (
            "< " + str(math.ceil(100 * ours / (GIVE_UP_SECONDS * 1000)) / 100)
            if not isinstance(ours, str)
            else "?"
        )
    if isinstance(ours, str):
        return "> " + str(round(GIVE_UP_SECONDS * 1000 / max(bare, 1), 2))
    return round(ours / max(bare, 1), 2)


def run(sizes=(1000,), setups=None):
    rows = measure_all("vote storm", measure, sizes, setups)
    print_table(
        f"Vote storm: N attendees each vote once on one question within {STORM_SECONDS} s",
        rows,
    )
    ratios = []
    for row, bare in against_bare(rows):
        ratios.append(
            {
                "set-up": row["set-up"],
                "N": row["N"],
                "p99 ÷ bare": ratio(row["p99 ms"], bare["p99 ms"]),
                "CPU per vote ÷ bare": round(
                    row["CPU ms per vote"] / max(bare["CPU ms per vote"], 0.1), 2
                ),
            }
        )
    print_table("Vote storm: Verbind as a share of the bare server (same run)", ratios)
    return rows, ratios


def main():
    join_storm.main("BENCH_VOTE_ATTENDEES", "1000", storm=run)


if __name__ == "__main__":
    main()
