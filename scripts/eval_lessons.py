"""Check lessons against annotated complaint reasons (airline tweets) or the demo export's
planted themes, and check faithfulness.

Usage:
    python scripts/eval_lessons.py ../shared/datasets/airline_tweets/Tweets.csv --out out/airline
    python scripts/eval_lessons.py ../shared/datasets/airline_tweets/Tweets.csv --reuse out/airline
    python scripts/eval_lessons.py data/sample/comments.csv --reuse out/sample --groups

For the demo export the labels come from data/sample/labels.csv (by comment_id; `--label topic`
is chosen for it): the main themes are its four most common labelled topics, and each lesson
also shows the share of its evidence whose labelled intent matches the lesson's kind.
``--groups`` adds the grouping of requests.csv / complaints.csv against the same labels (ARI
over grouped comments with a label), and regroups the run's own phrases under the previous
setting (phrase weight 1.0, numbers kept) and the current one, so the two are compared on the
same phrases (MiniLM, cached embeddings).

It runs `insights.analyze` on the file (or reuses a saved run with --reuse) and prints, for the
top lessons, which annotated reason (`negativereason`) most of their evidence carries and how pure
that is; whether the top six cover the four main complaint reasons; and faithfulness checks:
every quote verbatim in comments.csv's display_text, every evidence id in comments.csv, every
count equal to its evidence. The labels are used only here, to measure; never to build lessons.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAIN_REASONS = ("Customer Service Issue", "Late Flight", "Cancelled Flight", "Lost Luggage")
ROOT = Path(__file__).resolve().parents[1]


def gold_labels(data: str, comments: pd.DataFrame, label: str) -> tuple[dict, dict, str]:
    """(label per comment_id, labelled intent per comment_id, label column) from the data file,
    or from labels.csv beside it (the demo export keeps its labels apart)."""
    beside = Path(data).with_name("labels.csv")
    if beside.exists():
        labels = pd.read_csv(beside, dtype=str, keep_default_na=False)
        column = label if label in labels else "topic"
        by_id = labels.set_index("comment_id")
        reason = by_id[column].to_dict()
        intent = by_id["intent"].to_dict() if "intent" in by_id else {}
        return reason, intent, column
    labels = pd.read_csv(data, dtype=str, keep_default_na=False)
    reason = {}
    for i, cid in enumerate(comments["comment_id"]):
        row = int(comments["row"].iloc[i]) if "row" in comments else i
        reason[cid] = labels[label].iloc[row] if label in labels else ""
    return reason, {}, label


def eval_groups(folder: Path, comments: pd.DataFrame, reason_of: dict) -> None:
    """Grouping of the saved run against the labels, and the same phrases regrouped two ways."""
    import numpy as np
    from sklearn.metrics import adjusted_rand_score

    sys.path.insert(0, str(ROOT))
    from insights.embed import embed_texts, make_embedder
    from insights.intents.group import cluster_phrases, phrase_vectors

    embedder = make_embedder("minilm")
    print("\ngrouping against the labels (ARI over grouped comments that carry a label):")
    for kind, column in (("complaint", "complaint_group"), ("request", "request_group")):
        if column not in comments:
            continue
        sub = comments[comments[column].astype(int) >= 0]
        gold = np.array([reason_of.get(c, "") for c in sub["comment_id"]], dtype=object)
        ok = gold != ""
        if ok.sum() < 2:
            continue
        run_ari = adjusted_rand_score(gold[ok], sub[column].to_numpy()[ok])
        phrases = sub["intent_text"].tolist()
        texts = sub["clean_text"].tolist()
        context = embed_texts(texts, embedder)
        old = embed_texts(phrases, embedder) + context  # phrase weight 1.0, numbers kept
        old /= np.maximum(np.linalg.norm(old, axis=1, keepdims=True), 1e-12)
        new = phrase_vectors(phrases, embedder, context)
        scores = []
        for vectors in (old, new):
            labels = cluster_phrases(vectors, 0.45)
            scores.append(adjusted_rand_score(gold[ok], labels[ok]))
        print(f"  {kind + 's':<11} {len(sub):>5} grouped, {int(ok.sum()):>5} labelled: this run's groups ARI "
              f"{run_ari:.3f}; regrouped: previous setting {scores[0]:.3f}, current default {scores[1]:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data")
    parser.add_argument("--out", default="out/eval_lessons")
    parser.add_argument("--reuse", help="a folder a previous run saved (skips the analysis)")
    parser.add_argument("--label", default="negativereason")
    parser.add_argument("--top", type=int, default=6)
    parser.add_argument("--groups", action="store_true", help="also score request/complaint grouping")
    args = parser.parse_args()
    folder = Path(args.reuse or args.out)
    if not args.reuse:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        import insights

        started = time.perf_counter()
        result = insights.analyze(args.data)
        print(f"analysed {len(result.comments):,} rows in {time.perf_counter() - started:.0f} s")
        result.save(folder)
    comments = pd.read_csv(folder / "comments.csv", dtype=str, keep_default_na=False)
    lessons = json.loads((folder / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    reason_of, intent_of, label = gold_labels(args.data, comments, args.label)
    main_reasons = MAIN_REASONS
    if intent_of:  # the demo export: its four most common labelled themes
        kept_ids = comments.loc[comments["kept"].str.lower() == "true", "comment_id"]
        common = Counter(reason_of.get(c, "") for c in kept_ids)
        main_reasons = tuple(r for r, _ in common.most_common() if r)[:4]

    sys.path.insert(0, str(ROOT))
    from insights.lessons import _names_subject

    analysis = dict(zip(comments["comment_id"], comments["clean_text"] if "clean_text" in comments else comments["text"]))
    print(f"\n{len(lessons)} lessons; top {args.top} (labels: {label}):")
    covered = []
    for lesson in lessons[: args.top]:
        reasons = Counter(reason_of.get(e, "") for e in lesson["evidence"])
        labelled = {r: n for r, n in reasons.items() if r}
        top, n = max(labelled.items(), key=lambda x: x[1]) if labelled else ("(none)", 0)
        purity = n / max(1, sum(labelled.values()))
        covered.append(top)
        print(f"  {lesson['rank']:>2}. [{lesson['kind']}] {lesson['title']}")
        extra = ""
        if intent_of:
            same = sum(intent_of.get(e, "") == lesson["kind"] for e in lesson["evidence"]) / max(1, lesson["count"])
            extra += f"; labelled {lesson['kind']} {same:.0%}"
        named = sum(_names_subject(lesson["subject"], analysis.get(e, "")) > 0 for e in lesson["evidence"])
        extra += f"; comments using the subject's words {named / max(1, lesson['count']):.0%}"
        print(f"      count {lesson['count']:,}; most common label: {top} ({purity:.0%} of its labelled evidence){extra}")
    MAIN = main_reasons
    hit = [r for r in MAIN if r in covered]
    print(f"\nmain labels covered by the top {args.top}: {len(hit)}/{len(MAIN)} -> {', '.join(hit) or 'none'}")
    missing = [r for r in MAIN if r not in covered]
    if missing:
        print(f"missing: {', '.join(missing)}")

    # comments.csv guards cells a spreadsheet would run as formulas ("@united ..." -> "'@united ...");
    # undo that guard to compare, and also check against comments.parquet, which keeps raw values.
    col = "display_text" if "display_text" in comments else "text"
    display = {t[1:] if t[:1] == "'" and t[1:2] in FORMULA_PREFIXES else t for t in comments[col]}
    parquet = folder / "comments.parquet"
    raw = set(pd.read_parquet(parquet, columns=[col])[col].astype(str)) if parquet.exists() else display
    ids = set(comments["comment_id"])
    kept = set(comments.loc[comments["kept"].str.lower() == "true", "comment_id"])
    bad_quotes = sum(q not in display for x in lessons for q in x["quotes"])
    bad_raw = sum(q not in raw for x in lessons for q in x["quotes"])
    bad_ids = sum(e not in ids for x in lessons for e in x["evidence"])
    not_kept = sum(e not in kept for x in lessons for e in x["evidence"])
    bad_counts = sum(x["count"] != len(x["evidence"]) for x in lessons)
    quotes_range = sum(not 2 <= len(x["quotes"]) <= 3 for x in lessons)
    print("\nfaithfulness:")
    n_quotes = sum(len(x["quotes"]) for x in lessons)
    print(f"  quotes not verbatim in comments.csv display_text: {bad_quotes} of {n_quotes}")
    print(f"  quotes not verbatim in comments.parquet display_text: {bad_raw} of {n_quotes}")
    print(f"  evidence ids missing from comments.csv: {bad_ids} (not kept: {not_kept})")
    print(f"  counts different from their evidence: {bad_counts}")
    print(f"  lessons without 2-3 quotes: {quotes_range}")
    if args.groups:
        eval_groups(folder, comments, reason_of)


if __name__ == "__main__":
    main()
