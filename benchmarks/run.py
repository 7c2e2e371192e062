"""`make bench`: run every benchmark and print its table. Sizes can be lowered for a quick look:
`BENCH_POSTS=20000 make bench`."""

import os
import platform
from datetime import UTC, datetime

from benchmarks import search, thread_page


def main():
    print(
        f"Verbind benchmarks · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · "
        f"{platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()}"
    )
    thread_page.run(repeat=int(os.environ.get("BENCH_REPEAT", "200")))
    search.run(
        posts=int(os.environ.get("BENCH_POSTS", "100000")),
        repeat=int(os.environ.get("BENCH_SEARCH_REPEAT", "20")),
        postgres_url=os.environ.get("BENCH_DATABASE_URL"),
    )


if __name__ == "__main__":
    main()
