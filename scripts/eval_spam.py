"""Measure the zero-shot spam detector on the YouTube Spam Collection (CLASS=1 is spam).

Nothing here trains anything: the detector's signals and weights are hand-set in
insights/clean/spam.py. Prints precision, recall and F1 at the default threshold
for the rules and the embedding view, per-file F1, comments per second, the
4-phrase regex baseline, and the speed of the whole cleaning stage.

    python scripts/eval_spam.py [--data ../shared/datasets/youtube_spam] [--no-embeddings]
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

from insights import schema as S
from insights.clean import Cleaner
from insights.clean.spam import spam_scores, spam_signals
from insights.corpus import Corpus

BASELINE = re.compile(r"check out|subscribe|my channel|http", re.IGNORECASE)


def prf(y: np.ndarray, p: np.ndarray) -> tuple[float, float, float]:
    tp = int((y & p).sum())
    fp = int((~y & p).sum())
    fn = int((y & ~p).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(here.parent.parent / "shared" / "datasets" / "youtube_spam"))
    parser.add_argument("--threshold", type=float, default=None, help="default: Cleaner's default")
    parser.add_argument("--no-embeddings", action="store_true", help="skip the MiniLM view")
    parser.add_argument("--errors", type=int, default=0, help="print this many misclassified comments")
    args = parser.parse_args()

    files = sorted(glob.glob(os.path.join(args.data, "*.csv")))
    if not files:
        raise SystemExit(f"No CSV files in {args.data}. Pass --data pointing at youtube_spam/.")
    frames = [pd.read_csv(f).assign(file=Path(f).stem) for f in files]
    data = pd.concat(frames, ignore_index=True)
    texts = data["CONTENT"].astype(str).tolist()
    y = data["CLASS"].to_numpy(dtype=int) == 1
    threshold = Cleaner().spam_threshold if args.threshold is None else args.threshold
    print(f"{len(texts)} comments, {y.sum()} spam, from {len(files)} files; threshold {threshold}")

    models = ["rules"] + ([] if args.no_embeddings else ["embeddings"])
    rows = []
    for model in models:
        if model == "embeddings":
            spam_scores(texts[:2], model="embeddings")  # load MiniLM outside the timing
        started = time.process_time()
        scores = spam_scores(texts, model=model, groups=data["file"].tolist())
        seconds = time.process_time() - started
        pred = scores >= threshold
        rows.append((model, *prf(y, pred), len(texts) / seconds))
        per_file = {
            name: prf(y[idx], pred[idx])[2] for name, idx in data.groupby("file").indices.items()
        }
        print(f"\n[{model}] per-file F1: " + ", ".join(f"{k}={v:.3f}" for k, v in per_file.items()))
        if args.errors:
            wrong = np.flatnonzero(pred != y)[: args.errors]
            for i in wrong:
                print(f"  {'FN' if y[i] else 'FP'} {scores[i]:.2f} {texts[i][:140]!r}")
    base = np.array([bool(BASELINE.search(t)) for t in texts])
    rows.append(("regex baseline", *prf(y, base), float("nan")))

    print(f"\n{'detector':<16}{'precision':>10}{'recall':>8}{'F1':>8}{'comments/s':>12}")
    for name, p, r, f, speed in rows:
        print(f"{name:<16}{p:>10.3f}{r:>8.3f}{f:>8.3f}{speed:>12.0f}")

    # Comments flagged in corpora with (almost) no spam: a proxy for false positives elsewhere.
    shared = Path(args.data).parent
    others = {
        "airline_tweets": (shared / "airline_tweets" / "Tweets.csv", "text"),
        "clap_app_reviews": (shared / "clap_app_reviews" / "rq1-raw-data.csv", "review"),
        "semeval_restaurants": (shared / "semeval2014_restaurants" / "Restaurants_Train_v2.csv", None),
        "banking77": (shared / "banking77" / "train.csv", None),
    }
    print("\nflagged as spam in corpora of ordinary feedback (false positives, or real spam):")
    for name, (path, column) in others.items():
        if not path.exists():
            continue
        frame = pd.read_csv(path)
        other = frame[column or "text"].dropna().astype(str).drop_duplicates().tolist()
        rates = []
        for model in models:
            flagged = spam_scores(other, model=model) >= threshold
            rates.append(f"{model} {flagged.mean():6.2%}")
            if args.errors and model == "rules":
                for t in np.array(other, dtype=object)[flagged][: args.errors]:
                    fired = [k for k, v in spam_signals(t).items() if v]
                    print(f"    {','.join(fired)}: {t[:140]!r}")
        print(f"  {name:<22}" + ", ".join(rates) + f" of {len(other)}")

    if not args.no_embeddings:
        # The embedding view's real cost on texts never seen before (the cache is bypassed).
        from insights.clean.spam import embedding_logit
        from insights.embed import SentenceTransformerEmbedder, embed_texts

        embedder = SentenceTransformerEmbedder()
        embedder.encode(["load the model outside the timing"])
        fresh = [f"{t} (uncached {i})" for i, t in enumerate(texts[:300])]
        started = time.perf_counter()
        embedding_logit(fresh, embed_texts(fresh, embedder, cache=False))
        seconds = time.perf_counter() - started
        print(f"\nembedding view on uncached texts: {len(fresh) / seconds:.0f} comments/s (wall clock)")

    # Speed of the whole cleaning stage (normalise, PII, language, spam, duplicates), rules only.
    repeat = max(1, 20000 // len(texts))
    frame = pd.DataFrame({S.COMMENT_ID: [str(i) for i in range(len(texts) * repeat)],
                          S.TEXT: [f"{t} {i}" for i in range(repeat) for t in texts]})
    Cleaner(spam_model="rules").run(Corpus(comments=frame.head(20).copy()))  # imports, model load
    started, cpu = time.perf_counter(), time.process_time()
    Cleaner(spam_model="rules").run(Corpus(comments=frame.copy()))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    # CPU time is the fairer one-core figure on a shared machine; wall time is also shown.
    print(
        f"\nCleaner(rules) on {len(frame)} comments: {len(frame) / cpu:.0f} comments/s of CPU time "
        f"({len(frame) / seconds:.0f}/s wall clock, load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
