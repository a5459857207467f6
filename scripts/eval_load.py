"""Measure the `load` stage: what it detects in each shared dataset, and how fast and how lean it reads.

Prints, for every CSV in ../shared/datasets, the detected columns, rows read and
seconds; then writes a synthetic CSV of N rows (default 1,000,000, with quoted
line breaks, commas and non-ASCII text) to a temporary folder and reports the
seconds and peak resident memory of loading it.

    python scripts/eval_load.py                # datasets + 1M-row CSV
    python scripts/eval_load.py --rows 200000  # a smaller synthetic file
    python scripts/eval_load.py --rows 0       # datasets only
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from insights.load import Loader, describe_columns

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
WORDS = (
    "app crash login slow please add dark mode great love hate update battery sync fails "
    "café naïve über 👍 export pdf widget screen freezes again support refund price"
).split()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def datasets() -> None:
    print(f"{'file':<58} {'rows':>7} {'sec':>6}  detected columns / warnings")
    for path in sorted(DATASETS.glob("*/*.csv")):
        started = time.perf_counter()
        frame, info = Loader().load(path)
        seconds = time.perf_counter() - started
        name = str(path.relative_to(DATASETS))
        print(f"{name:<58} {info['rows_read']:>7} {seconds:>6.2f}  {describe_columns(info)}")
        print(f"{'':<74}encoding={info['encoding']} delimiter={info['delimiter']!r} platform={info['platform']}")
        for warning in info["warnings"]:
            print(f"{'':<74}! {warning}")


def synthetic(rows: int) -> None:
    rng = random.Random(0)
    with tempfile.TemporaryDirectory(prefix="insights-load-") as tmp:
        path = Path(tmp) / "big.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            out.write("comment_id,created_at,author,likes,text,group\n")
            for i in range(rows):
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 30)))
                if i % 50 == 0:
                    text = f'"{text},\nsecond line ""quoted"""'
                out.write(f"c{i},2024-01-{1 + i % 28:02d}T{i % 24:02d}:00:00Z,user{i % 5000},{i % 97},{text},{'AB'[i % 2]}\n")
        size_mb = path.stat().st_size / 1e6
        before = peak_mb()
        started = time.perf_counter()
        frame, info = Loader().load(path)
        seconds = time.perf_counter() - started
        assert len(frame) == rows, (len(frame), rows)
        print(
            f"\nsynthetic CSV: {rows:,} rows, {size_mb:.0f} MB -> loaded in {seconds:.1f} s "
            f"({rows / seconds:,.0f} rows/s); peak RSS {peak_mb():.0f} MB (was {before:.0f} MB before loading); "
            f"frame memory {frame.memory_usage(deep=True).sum() / 1e6:.0f} MB"
        )
        print(f"  detected: {describe_columns(info)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the synthetic CSV (0 to skip)")
    args = parser.parse_args()
    if DATASETS.exists():
        datasets()
    else:
        print(f"{DATASETS} not found; skipping the shared datasets.")
    if args.rows:
        synthetic(args.rows)


if __name__ == "__main__":
    main()
