"""Markdown rendering of pathological inputs at 1x, 2x and 4x the longest field (20,000
characters): the time to render each, against ordinary prose of the same length measured in the
same run. Linear cost shows as a 4x/1x ratio near 4; the bound is 100 ms at 1x."""

import os
import time

from benchmarks.common import print_table
from community.markup import _render_cached, render_markdown
from tests.pathological_markdown import ordinary_text, pathological_inputs

LONGEST_FIELD = 20_000
BOUND_MS = 100


def render_ms(source, repeat):
    """Best of `repeat` uncached renders, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        _render_cached.cache_clear()
        started = time.perf_counter()
        render_markdown(source)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def run(repeat=3):
    sizes = (LONGEST_FIELD, 2 * LONGEST_FIELD, 4 * LONGEST_FIELD)
    inputs = {size: {"ordinary prose (reference)": ordinary_text(size)} for size in sizes}
    for size in sizes:
        inputs[size].update(pathological_inputs(size))
    rows = []
    for name in inputs[LONGEST_FIELD]:
        times = [render_ms(inputs[size][name], repeat) for size in sizes]
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
    print_table(f"Markdown rendering (cmark-gfm + bleach), best of {repeat}", rows)


def main():
    run(repeat=int(os.environ.get("BENCH_RENDER_REPEAT", "3")))


if __name__ == "__main__":
    main()
