"""Throughput of the `clean` stage (rules spam model) on real comment text.

Mixes the raw texts of the shared datasets (tweets, app reviews, restaurant
reviews, YouTube comments), repeats them with small edits up to --rows, and times
``Cleaner().run``. Prints comments per second of CPU time (the one-core figure
on a shared machine) and of wall-clock time, plus what the stage dropped.

    python scripts/bench_clean.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import glob
import os
import time
from pathlib import Path

import pandas as pd

from insights import schema as S
from insights.clean import Cleaner
from insights.corpus import Corpus


def load_texts(shared: Path) -> list[str]:
    texts: list[str] = []
    sources = [
        (shared / "airline_tweets" / "Tweets.csv", "text"),
        (shared / "clap_app_reviews" / "rq1-raw-data.csv", "review"),
        (shared / "semeval2014_restaurants" / "Restaurants_Train_v2.csv", "text"),
    ] + [(Path(p), "CONTENT") for p in sorted(glob.glob(str(shared / "youtube_spam" / "*.csv")))]
    for path, column in sources:
        if path.exists():
            texts.extend(pd.read_csv(path)[column].dropna().astype(str).tolist())
    if not texts:
        raise SystemExit(f"No datasets found under {shared}. Pass --shared.")
    return texts


def main() -> None:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(here.parent.parent / "shared" / "datasets"))
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    base = load_texts(Path(args.shared))
    # Each pass appends a different word, so later passes are near-duplicates, not exact ones.
    words = ["indeed", "honestly", "really", "truly", "seriously", "literally", "basically", "anyway"]
    texts = [
        base[i % len(base)] + ("" if i < len(base) else f" {words[(i // len(base)) % len(words)]}")
        for i in range(args.rows)
    ]
    frame = pd.DataFrame({S.COMMENT_ID: [str(i) for i in range(len(texts))], S.TEXT: texts})
    Cleaner().run(Corpus(comments=frame.head(50).copy()))  # imports and model loading
    started, cpu = time.perf_counter(), time.process_time()
    corpus = Cleaner().run(Corpus(comments=frame))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    info = corpus.info["clean"]
    print(f"{len(texts)} comments ({len(base)} distinct texts, repeated with small edits)")
    print(f"Cleaner(rules): {len(texts) / cpu:.0f} comments/s of CPU time, "
          f"{len(texts) / wall:.0f}/s wall clock (load average {os.getloadavg()[0]:.1f})")
    print(f"kept {info['kept']}; dropped {info['dropped']}")


if __name__ == "__main__":
    main()
