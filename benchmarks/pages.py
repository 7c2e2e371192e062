"""Course and calendar pages under concurrent load: the demo content plus 2,000 approved Week
events and 300 learners with progress, served by gunicorn as in production; C concurrent
clients (threads, each with its own connection) request each page for a few seconds. Prints
requests per second and p50/p95 per page and concurrency, and the SQL queries per request for
the small demo and the large data set (must not grow)."""

import os
import random
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from benchmarks.common import counted_queries, percentile, print_table
from benchmarks.fanout import start, verbind_env
from tests.servers import free_port

SECRET = "pages-benchmark-secret-key-0123456789abc"  # noqa: S105 - a throwaway local server
EXTRA_EVENTS = 2000
EXTRA_LEARNERS = 300


def build(database_url):
    """Demo content, then the large data set. Returns (paths, cookie of a learner)."""
    from sqlalchemy import select

    from community import create_app
    from community.accounts.models import User
    from community.clock import utcnow
    from community.demo import load_demo
    from community.events import services as events
    from community.events.models import Event, EventStatus
    from community.extensions import db
    from community.forum.categories import seed_categories
    from courses import learning
    from courses.models import Course, Lesson

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET, "REDIS_URL": None}
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_categories()
        load_demo()
        learner = db.session.scalar(select(User).where(User.email == "lid@verbind.example"))
        course = db.session.scalar(select(Course))
        lessons = db.session.scalars(select(Lesson).order_by(Lesson.id)).all()
        learning.enrol(learner, course)
        for lesson in lessons[:5]:
            learning.complete_lesson(learner, lesson)
        structure_before = count_queries(app, learner, course, lessons)
        edition = events.current_edition()
        organiser = db.session.scalar(
            select(User).where(User.email == "organisator@verbind.example")
        )
        rng = random.Random(8)
        gemeenten = events.gemeente_names()
        first_day = datetime.combine(edition.starts_on, datetime.min.time(), tzinfo=UTC)
        for number in range(EXTRA_EVENTS):
            starts = first_day + timedelta(days=rng.randrange(7), hours=rng.randrange(8, 20))
            gemeente = rng.choice(gemeenten)
            db.session.add(
                Event(
                    organiser_id=organiser.id,
                    title=f"Bijeenkomst {number}: samen signaleren in {gemeente}",
                    description="Een avond over **signalen** en de meldcode, met casussen.",
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    gemeente=gemeente,
                    province=events.find_gemeente(gemeente)[1],
                    venue="Buurthuis",
                    status=EventStatus.APPROVED,
                )
            )
        for number in range(EXTRA_LEARNERS):
            user = User(
                name=f"Leerling {number}",
                email=f"leerling{number}@bench.example",
                password_hash="!",  # noqa: S106 - these accounts never log in by password
                email_confirmed_at=utcnow(),
            )
            db.session.add(user)
            db.session.flush()
            learning.enrol(user, course)
            for lesson in lessons[: rng.randrange(len(lessons))]:
                learning.complete_lesson(user, lesson)
        db.session.commit()
        structure_after = count_queries(app, learner, course, lessons)
        event_id = db.session.scalar(select(Event.id).order_by(Event.id.desc()))
        serializer = app.session_interface.get_signing_serializer(app)
        cookie = serializer.dumps({"_user_id": learner.session_token, "_fresh": False})
        paths = page_paths(course.slug, lessons[5].id, event_id)
        db.engine.dispose()
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    return paths, {cookie_name: cookie}, structure_before, structure_after


def page_paths(slug, lesson_id, event_id):
    return {
        "course catalogue": "/courses/",
        "course page (learner)": f"/courses/{slug}",
        "lesson (learner)": f"/courses/{slug}/lessons/{lesson_id}",
        "my learning": "/courses/mine",
        "Week calendar (list)": "/week/",
        "Week calendar (month grid)": "/week/?view=month",
        "Week calendar (one province)": "/week/?province=Utrecht",
        "Week event": f"/week/events/{event_id}",
        "Week iCal feed": "/week/feed.ics",
    }


def count_queries(app, learner, course, lessons):
    """SQL statements per page for the logged-in learner, through the test client."""
    from community.extensions import db

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = learner.session_token
        session["_fresh"] = False
    from sqlalchemy import func, select

    from community.events.models import Event

    event_id = db.session.scalar(select(func.max(Event.id)))
    counts = {}
    for name, path in page_paths(course.slug, lessons[5].id, event_id).items():
        with counted_queries(db.engine) as statements:
            response = client.get(path)
        counts[name] = (len(statements), response.status_code)
    return counts


def hammer(base_url, path, cookies, concurrency, seconds):
    durations, errors = [], []
    stop_at = time.monotonic() + seconds

    def worker():
        session = requests.Session()
        session.cookies.update(cookies)
        while time.monotonic() < stop_at:
            started = time.monotonic()
            response = session.get(base_url + path, timeout=30)
            took = (time.monotonic() - started) * 1000
            if response.status_code == 200:
                durations.append(took)
            else:
                errors.append(response.status_code)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    return {
        "requests/s": round(len(durations) / wall, 1),
        "p50 ms": round(percentile(durations, 0.5), 1),
        "p95 ms": round(percentile(durations, 0.95), 1),
        "errors": len(errors),
    }


def run(concurrency=(1, 8), seconds=5):
    with tempfile.TemporaryDirectory() as workdir:
        database_url = os.environ.get("BENCH_DATABASE_URL") or (
            f"sqlite:///{Path(workdir) / 'pages.sqlite'}"
        )
        paths, cookies, before, after = build(database_url)
        print_table(
            f"Queries per request: demo data, then + {EXTRA_EVENTS:,} events and "
            f"{EXTRA_LEARNERS} learners",
            [{"page": name, "demo": before[name][0], "large": after[name][0]} for name in paths],
        )
        port = free_port()
        env = verbind_env(database_url)
        command = [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]
        servers = start([("pages", [*command, "wsgi:app"], port)], env, workdir)
        worker = "gevent" if database_url.startswith("postgres") else "gthread"
        rows = []
        try:
            for name, path in paths.items():
                for clients in concurrency:
                    rows.append(
                        {
                            "page": name,
                            "clients": clients,
                            **hammer(servers.urls[0], path, cookies, clients, seconds),
                        }
                    )
        finally:
            servers.stop()
        print_table(
            f"Course and calendar pages, one gunicorn process ({worker}), {seconds} s each",
            rows,
        )
    return rows


def main():
    levels = os.environ.get("BENCH_CONCURRENCY", "1,8")
    run(
        concurrency=[int(n) for n in levels.split(",")],
        seconds=int(os.environ.get("BENCH_PAGE_SECONDS", "5")),
    )


if __name__ == "__main__":
    main()
