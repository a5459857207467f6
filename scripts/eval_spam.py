"""Measure the zero-shot spam detector, before and after a change, in one run.

Nothing here trains anything: the detector's signals and weights are hand-set in
insights/clean/spam.py, and the embedding view compares comments with hand-written
sentences (insights/clean/spam_examples.py). Prints, for the current detector and for
the detector at a baseline git revision (``--baseline``, loaded from git into memory):

* YouTube Spam Collection (CLASS=1 is spam): precision, recall, F1, per-file F1,
  comments per second of CPU time, and the 4-phrase regex baseline;
* the demo export data/sample (Instagram-style comments, labels.csv ``spam``): a
  second medium;
* the share flagged in corpora of ordinary feedback (airline tweets, app reviews,
  restaurant reviews, bank questions): nearly all ham, so about the false-positive rate;
* the embedding view's speed on uncached texts and the whole cleaning stage's speed.

    python scripts/eval_spam.py [--baseline c4b763d] [--no-embeddings] [--errors 20]
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from insights import schema as S
from insights.clean import Cleaner
from insights.clean import spam as current
from insights.corpus import Corpus

BASELINE = re.compile(r"check out|subscribe|my channel|http", re.IGNORECASE)
# The detector as the clean stage shipped it, before the multi-media follow-up (issue 4).
DEFAULT_BASELINE = "c4b763d"


def prf(y: np.ndarray, p: np.ndarray) -> tuple[float, float, float]:
    tp = int((y & p).sum())
    fp = int((~y & p).sum())
    fn = int((y & ~p).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_revision(rev: str) -> ModuleType | None:
    """insights/clean/spam.py as it was at ``rev``, imported under another name."""
    try:
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{rev}:insights/clean/spam.py"],
            check=True, capture_output=True, text=True,
        ).stdout
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        print(f"(no baseline: cannot read insights/clean/spam.py at {rev!r}: {exc})")
        return None
    path = Path(tempfile.mkdtemp()) / f"spam_{rev}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(f"spam_{rev}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "datasets" / "youtube_spam"))
    parser.add_argument("--sample", default=str(ROOT / "data" / "sample"), help="folder with comments.csv, labels.csv")
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="git revision to compare with ('' for none)")
    parser.add_argument("--threshold", type=float, default=None, help="default: Cleaner's default")
    parser.add_argument("--no-embeddings", action="store_true", help="skip the MiniLM view")
    parser.add_argument("--errors", type=int, default=0, help="print this many misclassified comments")
    args = parser.parse_args()

    files = sorted(glob.glob(os.path.join(args.data, "*.csv")))
    if not files:
        raise SystemExit(f"No CSV files in {args.data}. Pass --data pointing at youtube_spam/.")
    data = pd.concat([pd.read_csv(f).assign(file=Path(f).stem) for f in files], ignore_index=True)
    texts = data["CONTENT"].astype(str).tolist()
    y = data["CLASS"].to_numpy(dtype=int) == 1
    threshold = Cleaner().spam_threshold if args.threshold is None else args.threshold
    print(f"YouTube: {len(texts)} comments, {y.sum()} spam, from {len(files)} files; threshold {threshold}")

    sample = None
    comments_csv, labels_csv = Path(args.sample) / "comments.csv", Path(args.sample) / "labels.csv"
    if comments_csv.exists() and labels_csv.exists():
        merged = pd.read_csv(comments_csv).merge(
            pd.read_csv(labels_csv)[["comment_id", "spam"]], on="comment_id", how="inner"
        )
        sample = (
            merged["text"].astype(str).tolist(),
            merged["spam"].fillna(0).to_numpy(dtype=int) == 1,
            merged["post_id"].tolist() if "post_id" in merged else None,
        )
        print(f"sample: {len(merged)} comments, {sample[1].sum()} spam ({args.sample})")

    detectors: list[tuple[str, ModuleType, str]] = []
    old = load_revision(args.baseline) if args.baseline else None
    models = ["rules"] + ([] if args.no_embeddings else ["embeddings"])
    for model in models:
        if old is not None:
            detectors.append((f"before {model}", old, model))
        detectors.append((model, current, model))

    rows = []
    for name, module, model in detectors:
        if model == "embeddings":
            module.spam_scores(texts[:2], model="embeddings")  # load MiniLM and prototypes outside the timing
        started = time.process_time()
        scores = module.spam_scores(texts, model=model, groups=data["file"].tolist())
        seconds = time.process_time() - started
        pred = scores >= threshold
        per_file = {k: prf(y[idx], pred[idx])[2] for k, idx in data.groupby("file").indices.items()}
        print(f"\n[{name}] YouTube per-file F1: " + ", ".join(f"{k}={v:.3f}" for k, v in per_file.items()))
        sample_prf = (float("nan"),) * 3
        if sample is not None:
            s_texts, s_y, s_groups = sample
            s_scores = module.spam_scores(s_texts, model=model, groups=s_groups)
            s_pred = s_scores >= threshold
            sample_prf = prf(s_y, s_pred)
            if args.errors and module is current:
                for i in np.flatnonzero(s_pred != s_y)[: args.errors]:
                    print(f"  sample {'FN' if s_y[i] else 'FP'} {s_scores[i]:.2f} {s_texts[i][:140]!r}")
        if args.errors and module is current:
            for i in np.flatnonzero(pred != y)[: args.errors]:
                print(f"  YouTube {'FN' if y[i] else 'FP'} {scores[i]:.2f} {texts[i][:140]!r}")
        rows.append((name, *prf(y, pred), *sample_prf, len(texts) / seconds))
    base = np.array([bool(BASELINE.search(t)) for t in texts])
    base_sample = (
        prf(sample[1], np.array([bool(BASELINE.search(t)) for t in sample[0]])) if sample else (float("nan"),) * 3
    )
    rows.append(("regex baseline", *prf(y, base), *base_sample, float("nan")))

    print(f"\n{'':<20}{'--- YouTube ---':^24}{'--- sample ---':^24}")
    print(f"{'detector':<20}{'P':>8}{'R':>8}{'F1':>8}{'P':>8}{'R':>8}{'F1':>8}{'comments/s CPU':>16}")
    for name, p, r, f, sp, sr, sf, speed in rows:
        print(f"{name:<20}{p:>8.3f}{r:>8.3f}{f:>8.3f}{sp:>8.3f}{sr:>8.3f}{sf:>8.3f}{speed:>16.0f}")

    # Comments flagged in corpora with (almost) no spam: a proxy for false positives elsewhere.
    shared = Path(args.data).parent
    others = {
        "airline_tweets": (shared / "airline_tweets" / "Tweets.csv", "text"),
        "clap_app_reviews": (shared / "clap_app_reviews" / "rq1-raw-data.csv", "review"),
        "semeval_restaurants": (shared / "semeval2014_restaurants" / "Restaurants_Train_v2.csv", None),
        "banking77": (shared / "banking77" / "train.csv", None),
    }
    print("\nflagged as spam in corpora of ordinary feedback (false positives, or real spam):")
    for corpus_name, (path, column) in others.items():
        if not path.exists():
            continue
        other = pd.read_csv(path)[column or "text"].dropna().astype(str).drop_duplicates().tolist()
        rates = []
        for name, module, model in detectors:
            flagged = module.spam_scores(other, model=model) >= threshold
            rates.append(f"{name} {flagged.mean():6.2%}")
            if args.errors and module is current and model == "rules":
                for t in [t for t, f in zip(other, flagged) if f][: args.errors]:
                    fired = [k for k, v in current.spam_signals(t).items() if v]
                    print(f"    {','.join(fired)}: {t[:140]!r}")
        print(f"  {corpus_name:<20} of {len(other):>6}: " + ", ".join(rates))

    if not args.no_embeddings:
        # The embedding view's real cost on texts never seen before (the cache is bypassed).
        from insights.embed import SentenceTransformerEmbedder, embed_texts

        embedder = SentenceTransformerEmbedder()
        embedder.encode(["load the model outside the timing"])
        fresh = [f"{t} (uncached {i})" for i, t in enumerate(texts[:300])]
        started = time.perf_counter()
        current.embedding_logit(fresh, embed_texts(fresh, embedder, cache=False))
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
