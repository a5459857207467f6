"""Accuracy of the whole pipeline on the shipped demo export, against data/sample/labels.csv.

Runs `insights.analyze` on data/sample/comments.csv with default options (or reuses a
folder a previous run saved) and prints, against the hand-made labels:

* spam: precision, recall, F1 (predicted = drop_reason "spam")
* duplicates: rows collapsed onto an earlier copy vs labelled duplicate_of
* intent: accuracy of the primary intent, per-class P/R/F1 (a class counts when primary or in `intents`)
* topics: NMI and ARI of topic_id against the labelled theme, over kept, on-topic comments
* language: share of non-English comments marked with their language

Usage:
    python scripts/eval_sample.py                      # runs the pipeline (~40 s)
    python scripts/eval_sample.py --reuse out/sample   # scores a saved run
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from insights import schema as S  # noqa: E402
from insights.evaluate import prf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reuse", help="a folder with comments.csv from an earlier run")
    parser.add_argument("--fast", action="store_true", help="static embeddings")
    args = parser.parse_args()
    labels = pd.read_csv(ROOT / "data" / "sample" / "labels.csv", dtype=str, keep_default_na=False)
    if args.reuse:
        comments = pd.read_csv(Path(args.reuse) / "comments.csv", dtype=str, keep_default_na=False)
        seconds = float("nan")
    else:
        import insights

        started = time.perf_counter()
        options = {"embed__model": "static"} if args.fast else {}
        comments = insights.analyze(ROOT / "data" / "sample" / "comments.csv", **options).comments.astype(str)
        seconds = time.perf_counter() - started
    frame = comments.merge(labels, on=S.COMMENT_ID, how="left", suffixes=("", "_gold"))
    assert len(frame) == len(comments)
    print(f"{len(frame)} comments; pipeline {seconds:.1f} s")

    spam_gold = frame["spam"].to_numpy() == "1"
    spam_pred = frame[S.DROP_REASON].to_numpy() == S.DROP_SPAM
    print("spam        P %.3f  R %.3f  F1 %.3f" % prf(spam_gold, spam_pred))

    dup_gold = frame["duplicate_of"].to_numpy() != ""
    dup_pred = frame[S.DROP_REASON].to_numpy() == S.DROP_DUPLICATE
    print("duplicates  P %.3f  R %.3f  F1 %.3f  (spam copies count as spam first)" % prf(dup_gold & ~spam_gold, dup_pred))

    # Intents are judged on the comments the pipeline analyses (kept rows); dropped rows
    # (spam, duplicates, emoji-only...) are accounted for above and carry intent "other".
    scored = frame[frame[S.KEPT] == "True"]
    primary = scored[S.INTENT].to_numpy()
    gold = scored["intent_gold"].to_numpy()
    print(f"intent      accuracy of the primary intent {np.mean(primary == gold):.3f} (kept rows, n={len(scored)})")
    all_pred = scored[S.INTENTS_ALL].str.split(";") if S.INTENTS_ALL in scored else pd.Series([[p] for p in primary])
    gold_all = scored["intents_gold"].str.split(";") if "intents_gold" in scored else pd.Series([[g] for g in gold])
    for cls in S.INTENTS:
        g = gold_all.map(lambda items, c=cls: c in items).to_numpy(dtype=bool)
        p = all_pred.map(lambda items, c=cls: c in items).to_numpy(dtype=bool) | (primary == cls)
        print(f"  {cls:<10} P %.3f  R %.3f  F1 %.3f  (gold {int(g.sum())})" % prf(g, p))

    on_topic = frame[(frame[S.KEPT] == "True") & (frame["topic"] != "")]
    if len(on_topic):
        nmi = normalized_mutual_info_score(on_topic["topic"], on_topic[S.TOPIC_ID])
        ari = adjusted_rand_score(on_topic["topic"], on_topic[S.TOPIC_ID])
        print(f"topics      NMI {nmi:.3f}  ARI {ari:.3f}  over {len(on_topic)} kept on-topic comments, "
              f"{on_topic['topic'].nunique()} labelled themes, {on_topic[S.TOPIC_ID].nunique()} topics")

    foreign = frame[(frame["language_gold"] != "") & (frame["language_gold"] != "en")]
    if len(foreign):
        hit = (foreign[S.LANGUAGE] == foreign["language_gold"]).mean()
        print(f"language    {hit:.3f} of {len(foreign)} non-English comments get their language")


if __name__ == "__main__":
    main()
