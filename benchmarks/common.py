"""Shared helpers for the benchmarks: a scratch app, timing, percentiles, table printing."""

import statistics
import time
from contextlib import contextmanager

from sqlalchemy import event

from community import create_app
from community.extensions import db
from community.forum.categories import seed_categories


def scratch_app(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_categories()
    return app


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def timed(function, repeat):
    """Call function `repeat` times; return the durations in milliseconds."""
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def summary(durations):
    return {
        "p50 ms": round(statistics.median(durations), 2),
        "p95 ms": round(percentile(durations, 0.95), 2),
        "per s": round(1000 * len(durations) / sum(durations), 1) if durations else 0,
    }


@contextmanager
def counted_queries(engine):
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def print_table(title, rows):
    """rows: list of dicts with the same keys."""
    print(f"\n{title}")
    if not rows:
        print("  (no rows)")
        return
    headers = list(rows[0])
    widths = [max(len(str(h)), *(len(str(r[h])) for r in rows)) for h in headers]
    print("  " + "  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)))
    for row in rows:
        print("  " + "  ".join(str(row[h]).ljust(w) for h, w in zip(headers, widths, strict=True)))
