"""`make bench`: run every benchmark and print its table. With BENCH_DATABASE_URL (PostgreSQL)
the search and thread-page benchmarks add PostgreSQL and the page and gunicorn-2 fan-out runs
use it, with gevent workers as in production. Sizes can be lowered for a quick look, e.g.
`BENCH_POSTS=20000 BENCH_ATTENDEES=100,500 make bench`; BENCH_ONLY=fanout,pages picks some."""

import os
import platform
import sqlite3
from datetime import UTC, datetime

from benchmarks import (
    fanout,
    join_storm,
    login_burst,
    markdown_render,
    pages,
    poll_burst,
    search,
    thread_page,
    vote_storm,
)

ALL = (
    "markdown_render",
    "thread_page",
    "search",
    "pages",
    "join_storm",
    "vote_storm",
    "poll_burst",
    "login_burst",
    "fanout",
)


def main():
    chosen = os.environ.get("BENCH_ONLY", ",".join(ALL)).split(",")
    print(
        f"Verbind benchmarks · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · "
        f"{platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"SQLite {sqlite3.sqlite_version}"
    )
    if "markdown_render" in chosen:
        markdown_render.main()
    if "thread_page" in chosen:
        thread_page.run(repeat=int(os.environ.get("BENCH_REPEAT", "200")))
    if "search" in chosen:
        search.run(
            posts=int(os.environ.get("BENCH_POSTS", "100000")),
            repeat=int(os.environ.get("BENCH_SEARCH_REPEAT", "20")),
            postgres_url=os.environ.get("BENCH_DATABASE_URL"),
        )
    if "pages" in chosen:
        pages.main()
    if "join_storm" in chosen:
        join_storm.main()
    if "vote_storm" in chosen:
        vote_storm.main()
    if "poll_burst" in chosen:
        poll_burst.main()
    if "login_burst" in chosen:
        login_burst.main()
    if "fanout" in chosen:
        fanout.main()


if __name__ == "__main__":
    main()
