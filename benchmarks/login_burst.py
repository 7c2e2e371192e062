"""Logins beside a live room: one gunicorn process (gevent worker, deploy/gunicorn.conf.py) on
PostgreSQL carries a 40-attendee webinar room where questions and votes are posted at a steady
rate, and every attendee times each delivery. Measured (a) with the room alone, (b) while
BENCH_LOGINS people log in over HTTP at once (each fetches /account/login for its CSRF token, then
posts the form; scrypt as in production), with password hashing, Markdown and the privacy
scan beside the event loop (community/offload.py), and (c) the same burst with
OFFLOAD_CPU_WORK=0, all on the loop: before and after in one run.

PostgreSQL only (BENCH_DATABASE_URL): the point is gevent's event loop, and with SQLite the
process runs gthread (deploy/gunicorn.conf.py), where nothing is offloaded. Without it the
script prints a note and measures nothing. The login limits are lifted for the benchmark's
server through its configuration (LOGIN_RATE_LIMIT, LOGIN_ACCOUNT_RATE_LIMIT), and every
account shares one scrypt hash, computed once, so seeding takes no time.
"""

import asyncio
import os
import re
import sys
import tempfile
import threading
import time

from benchmarks.common import print_table
from benchmarks.fanout import (
    SECRET,
    figures,
    run_room,
    seed_room,
    start,
    verbind_env,
)
from tests.servers import free_port

PASSWORD = "burst-wachtwoord-2026"  # noqa: S105 - throwaway accounts on a local server
UNLIMITED = "1000000 per minute"
_CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def add_login_accounts(database_url, count):
    """`count` confirmed accounts that log in with PASSWORD; returns their addresses."""
    from werkzeug.security import generate_password_hash

    from community import create_app
    from community.accounts.models import User
    from community.clock import utcnow
    from community.extensions import db

    # The production method (scrypt), hashed once: the server checks each login in full.
    password_hash = generate_password_hash(PASSWORD, method="scrypt")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET})
    emails = [f"inlogger{number}@bench.example" for number in range(count)]
    with app.app_context():
        db.session.add_all(
            User(
                name=f"Inlogger {number}",
                email=email,
                password_hash=password_hash,
                handle=f"inlogger{number}",
                email_confirmed_at=utcnow(),
            )
            for number, email in enumerate(emails)
        )
        db.session.commit()
        db.engine.dispose()
    return emails


def start_server(database_url, workdir, *, offload):
    env = verbind_env(database_url)
    env.update(
        OFFLOAD_CPU_WORK="1" if offload else "0",
        LOGIN_RATE_LIMIT=UNLIMITED,
        LOGIN_ACCOUNT_RATE_LIMIT=UNLIMITED,
    )
    command = [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "wsgi:app"]
    return start([("gunicorn", command, free_port())], env, workdir)


async def log_in(http, url, email):
    """GET the login form (session cookie and CSRF token), POST it; True when it lets us in. The
    cookies are passed by hand: the production config marks them Secure, and this is http."""
    async with http.get(f"{url}/account/login") as page:
        html = await page.text()
        if page.status != 200:
            return False
        cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in page.cookies.items())
    form = {"email": email, "password": PASSWORD, "csrf_token": _CSRF_TOKEN.search(html)[1]}
    async with http.post(
        f"{url}/account/login", data=form, headers={"Cookie": cookies}, allow_redirects=False
    ) as reply:
        return reply.status == 302


async def burst(url, emails):
    """Every login at once; (logins that succeeded, seconds from the first to the last)."""
    import aiohttp

    timeout = aiohttp.ClientTimeout(total=600)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        started = time.monotonic()
        results = await asyncio.gather(
            *(log_in(http, url, email) for email in emails), return_exceptions=True
        )
        return sum(result is True for result in results), time.monotonic() - started


class LoginBurst:
    """The burst in a thread of its own, started when the room starts posting."""

    def __init__(self, url, emails):
        self.url, self.emails = url, emails
        self.thread = threading.Thread(target=self._run)
        self.succeeded, self.seconds = 0, 0.0

    def start(self):
        self.thread.start()

    def _run(self):
        self.succeeded, self.seconds = asyncio.run(burst(self.url, self.emails))

    def wait(self):
        self.thread.join()


def measure(setup, database_url, workdir, *, logins, offload, room):
    webinar_id, cookies = seed_room(database_url, room["attendees"])
    emails = add_login_accounts(database_url, logins) if logins else []
    servers = start_server(database_url, workdir, offload=offload)
    login_burst = LoginBurst(servers.urls[0], emails) if logins else None
    try:
        runs, connected, duration, meter = run_room(
            servers,
            cookies,
            webinar_id,
            seconds=room["seconds"],
            questions_per_s=room["questions_per_s"],
            votes_per_s=room["votes_per_s"],
            processes=room["client_processes"],
            on_start=login_burst.start if login_burst else None,
        )
        if login_burst:
            login_burst.wait()
    finally:
        servers.stop()
    room_figures = figures(runs, connected, duration)
    row = {"set-up": setup, "logins": logins}
    row |= {key: room_figures[key] for key in ("delivered", "p50 ms", "p95 ms", "p99 ms")}
    row["server CPU %"] = meter.server_percent
    if login_burst:
        row["logged in"] = f"{login_burst.succeeded}/{logins}"
        row["burst s"] = round(login_burst.seconds, 1)
        row["logins/s"] = round(login_burst.succeeded / max(login_burst.seconds, 0.001), 1)
    else:
        row |= {"logged in": "-", "burst s": "-", "logins/s": "-"}
    row["refused"] = runs.refused + runs.failed_connects
    return row


def run(database_url, *, logins=300, seconds=15, attendees=40, client_processes=1):
    room = {
        "attendees": attendees,
        "seconds": seconds,
        "questions_per_s": 1,
        "votes_per_s": 4,
        "client_processes": client_processes,
    }
    plans = [
        ("room alone", 0, True),
        ("logins, offloaded", logins, True),
        ("logins, on the loop", logins, False),
    ]
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for setup, count, offload in plans:
            rows.append(
                measure(setup, database_url, workdir, logins=count, offload=offload, room=room)
            )
            print(f"  measured {setup}", file=sys.stderr)
    print_table(
        f"Live room of {attendees} (1 question/s + 4 votes/s for {seconds} s) on one gevent "
        f"process while {logins} logins arrive at once (scrypt); delivery latency",
        rows,
    )
    return rows


def main():
    database_url = os.environ.get("BENCH_DATABASE_URL")
    if not database_url:
        print(
            "\nlogin_burst: skipped, set BENCH_DATABASE_URL (PostgreSQL): the offload concerns "
            "gevent's event loop, and with SQLite the process runs gthread."
        )
        return None
    return run(
        database_url,
        logins=int(os.environ.get("BENCH_LOGINS", "300")),
        seconds=int(os.environ.get("BENCH_BURST_SECONDS", "15")),
        attendees=int(os.environ.get("BENCH_BURST_ATTENDEES", "40")),
        client_processes=int(os.environ.get("BENCH_CLIENT_PROCESSES", "1")),
    )


if __name__ == "__main__":
    main()
