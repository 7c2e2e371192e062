"""Markdown rendering of pathological inputs at 1x, 2x and 4x the longest field (20,000
characters): the time to render each, against ordinary prose of the same length measured in the
same run. Linear cost shows as a 4x/1x ratio near 4; the bound is 100 ms at 1x. A second table
times the privacy guard on the same inputs, read as readers see them (rendered, normalised); a
third times the guard's patterns on plain text made to make them backtrack."""

import os
import time

from benchmarks.common import print_table
from community import create_app
from community.markup import _render_cached, markdown_to_text, render_markdown
from community.privacy import find_identifiers, identifiers_readers_see
from tests.pathological_markdown import guard_inputs, ordinary_text, pathological_inputs

LONGEST_FIELD = 20_000
BOUND_MS = 100


def render_ms(source, repeat, work=render_markdown):
    """Best of `repeat` uncached runs of work(source), in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        _render_cached.cache_clear()
        markdown_to_text.cache_clear()
        started = time.perf_counter()
        work(source)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def guard_ms(source, repeat):
    return render_ms(source, repeat, lambda text: identifiers_readers_see(text, markdown=True))


def run(repeat=3):
    sizes = (LONGEST_FIELD, 2 * LONGEST_FIELD, 4 * LONGEST_FIELD)
    inputs = {size: {"ordinary prose (reference)": ordinary_text(size)} for size in sizes}
    for size in sizes:
        inputs[size].update(pathological_inputs(size))
    for title, measure in (
        (f"Markdown rendering (cmark-gfm + bleach), best of {repeat}", render_ms),
        (
            f"Privacy guard on what readers see (render, normalise, scan), best of {repeat}",
            guard_ms,
        ),
    ):
        print_table(title, _rows(inputs, sizes, measure, repeat))
    plain = {size: {"ordinary prose (reference)": ordinary_text(size)} for size in sizes}
    for size in sizes:
        plain[size].update(guard_inputs(size))
    print_table(
        f"Privacy guard's patterns on plain text, best of {repeat}",
        _rows(plain, sizes, lambda text, r: render_ms(text, r, find_identifiers), repeat),
    )


def _rows(inputs, sizes, measure, repeat):
    rows = []
    for name in inputs[LONGEST_FIELD]:
        times = [measure(inputs[size][name], repeat) for size in sizes]
        rows.append(
            {
                "input": name,
                "20k ms": f"{times[0]:.1f}",
                "40k ms": f"{times[1]:.1f}",
                "80k ms": f"{times[2]:.1f}",
                "80k/20k": f"{times[2] / max(times[0], 0.01):.1f}",
                f"20k <= {BOUND_MS} ms": "yes" if times[0] <= BOUND_MS else "NO",
            }
        )
    return rows


def main():
    # The guard's labels are translatable: it runs inside an app, as in a request.
    with create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).app_context():
        run(repeat=int(os.environ.get("BENCH_RENDER_REPEAT", "3")))


if __name__ == "__main__":
    main()
