"""Seconds of the `clean` stage (rules spam model) at growing sizes, on the benchmark's texts.

The comments are scripts/benchmark.py's: the real texts of ../shared/datasets, made
distinct by joining pairs beyond the ~100k real ones (so near-duplicate search sees many
look-alikes, as in the end-to-end benchmark). Each size is loaded as the pipeline loads
it and timed on ``Cleaner().run`` alone, after a warm-up run that loads py3langid and the
compiled kernels (numba compiles them once per installation, ~5 s, then reads its cache).

Prints CPU seconds (the fair figure on a shared machine), wall seconds, comments per
second of CPU, and the time of the duplicate search inside it.

    python scripts/bench_clean.py --sizes 10000 100000 300000
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark import corpus  # noqa: E402

import insights.clean.stage as stage_module  # noqa: E402
from insights.clean import Cleaner  # noqa: E402
from insights.corpus import Corpus  # noqa: E402
from insights.load import Loader  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()

    seconds = {"duplicates": 0.0}
    find = stage_module.find_duplicates

    def timed_find(*a, **k):  # the duplicate search's share of the stage
        started = time.process_time()
        try:
            return find(*a, **k)
        finally:
            seconds["duplicates"] += time.process_time() - started

    stage_module.find_duplicates = timed_find
    warm, _ = Loader().load(pd.DataFrame({"text": corpus(2_000, seed=1)}))
    Cleaner().run(Corpus(warm))
    print("| comments | CPU s | wall s | comments/s (CPU) | duplicates CPU s | kept | load avg |")
    print("|---|---|---|---|---|---|---|")
    for n in args.sizes:
        frame, _ = Loader().load(pd.DataFrame({"text": corpus(n)}))
        seconds["duplicates"] = 0.0
        wall, cpu = time.perf_counter(), time.process_time()
        out = Cleaner().run(Corpus(frame))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"| {n:,} | {cpu:.1f} | {wall:.1f} | {n / cpu:,.0f} | {seconds['duplicates']:.1f} | "
              f"{out.info['clean']['kept']:,} | {os.getloadavg()[0]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
