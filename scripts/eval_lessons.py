"""Check lessons against annotated complaint reasons (airline tweets) and check faithfulness.

Usage:
    python scripts/eval_lessons.py ../shared/datasets/airline_tweets/Tweets.csv --out out/airline
    python scripts/eval_lessons.py ../shared/datasets/airline_tweets/Tweets.csv --reuse out/airline

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data")
    parser.add_argument("--out", default="out/eval_lessons")
    parser.add_argument("--reuse", help="a folder a previous run saved (skips the analysis)")
    parser.add_argument("--label", default="negativereason")
    parser.add_argument("--top", type=int, default=6)
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
    labels = pd.read_csv(args.data, dtype=str, keep_default_na=False)
    row_col = "row" if "row" in comments else None
    reason_of = {}
    for i, cid in enumerate(comments["comment_id"]):
        row = int(comments[row_col].iloc[i]) if row_col else i
        reason_of[cid] = labels[args.label].iloc[row] if args.label in labels else ""

    print(f"\n{len(lessons)} lessons; top {args.top}:")
    covered = []
    for lesson in lessons[: args.top]:
        reasons = Counter(reason_of.get(e, "") for e in lesson["evidence"])
        labelled = {r: n for r, n in reasons.items() if r}
        top, n = max(labelled.items(), key=lambda x: x[1]) if labelled else ("(none)", 0)
        purity = n / max(1, sum(labelled.values()))
        covered.append(top)
        print(f"  {lesson['rank']:>2}. [{lesson['kind']}] {lesson['title']}")
        print(f"      count {lesson['count']:,}; most common reason: {top} ({purity:.0%} of its labelled evidence)")
    hit = [r for r in MAIN_REASONS if r in covered]
    print(f"\nmain reasons covered by the top {args.top}: {len(hit)}/4 -> {', '.join(hit) or 'none'}")
    missing = [r for r in MAIN_REASONS if r not in covered]
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


if __name__ == "__main__":
    main()
