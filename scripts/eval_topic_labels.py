"""Topic labels on four datasets, before/after a change to insights/topics/labels.py; prints, asserts nothing.

Labels depend on the clustering, which another part of the stage owns; to compare two versions of the
labelling on the SAME topics, the first run saves what the topics stage hands to ``make_labels`` (the
central comments of every topic, its c-TF-IDF keywords, the banned handle words) and every later run
only relabels those inputs (seconds instead of ~15 minutes).

Datasets: airline tweets (all 14,640, as ``insights analyze`` sees them), SemEval-2014 restaurant
sentences with one aspect category, banking77 test (3,080 questions, 77 intents), the demo export
(data/sample/comments.csv). Prints per topic: before | after | majority label (SemEval category,
banking77 intent) | keywords; then, for banking77, how many labels share a content word with their
topic's majority intent name (5-letter prefixes, stop words left out), and for every dataset the
labels flagged by mechanical checks (a parenthesis, one generic word, a catch-all). Whether a label
reads like a person wrote it is a judgement: the table is there to be read.

Usage:
    python scripts/eval_topic_labels.py --cache /tmp/labels                 # first run: pipeline + labels
    git show HEAD~5:insights/topics/labels.py > /tmp/labels_old.py
    python scripts/eval_topic_labels.py --cache /tmp/labels --before /tmp/labels_old.py
    python scripts/eval_topic_labels.py --cache /tmp/labels --datasets banking demo
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pickle
import re
import sys
import time
from pathlib import Path

import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

import insights
import insights.topics.stage as stage_mod
from insights.topics import labels as current

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("INSIGHTS_DATASETS", ROOT.parent / "shared" / "datasets"))
CATEGORY = {"banking": "category", "semeval": "aspect_categories"}


def source(name: str) -> pd.DataFrame | Path:
    if name == "airline":
        return pd.read_csv(DATA / "airline_tweets" / "Tweets.csv")
    if name == "semeval":
        d = pd.read_csv(DATA / "semeval2014_restaurants" / "Restaurants_Train_v2.csv")
        return d[d["aspect_categories"].fillna("").astype(str).str.split("|").str.len() == 1].reset_index(drop=True)
    if name == "banking":
        return pd.read_csv(DATA / "banking77" / "test.csv")
    if name == "demo":
        return ROOT / "data" / "sample" / "comments.csv"
    raise SystemExit(f"Unknown dataset '{name}'. Valid: airline, semeval, banking, demo.")


class _Skip:
    name = "lessons"

    def run(self, corpus):
        return corpus


def capture(name: str, cache: Path) -> None:
    """Run the pipeline once, saving make_labels' inputs and each comment's topic."""
    saved: dict = {}
    original = stage_mod.make_labels

    def spy(texts_by_topic, keywords, banned, nlp=None, phrases_out=None):
        saved["args"] = (texts_by_topic, keywords, banned)
        return original(texts_by_topic, keywords, banned, nlp=nlp, phrases_out=phrases_out)

    stage_mod.make_labels = spy
    try:
        started = time.perf_counter()
        result = insights.analyze(source(name), stages={"lessons": _Skip()})
    finally:
        stage_mod.make_labels = original
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f"{name}.labelargs.pkl").write_bytes(pickle.dumps(saved["args"]))
    cols = ["topic_id"] + [c for c in (CATEGORY.get(name),) if c and c in result.comments]
    result.comments[cols].to_parquet(cache / f"{name}.topics.parquet", index=False)
    print(f"  {name}: pipeline {time.perf_counter() - started:.0f} s, inputs saved in {cache}")


def load_module(path: str):
    spec = importlib.util.spec_from_file_location("labels_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["labels_before"] = module
    spec.loader.exec_module(module)
    return module


def flags(label: str) -> str:
    low = label.lower()
    if low.startswith("other chatter") and "(" in low:
        return "catch-all+parenthesis"
    if "(" in low:
        return "parenthesis"
    if " " not in low and low in current.GENERIC_NOUNS:
        return "generic word"
    return ""


def content(words: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", words.lower().replace("_", " ")) if w not in ENGLISH_STOP_WORDS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", required=True, help="folder for the saved label inputs")
    parser.add_argument("--before", default="", help="path of an older labels.py to compare with")
    parser.add_argument("--datasets", nargs="+", default=["demo", "semeval", "banking", "airline"])
    args = parser.parse_args()
    cache = Path(args.cache)
    before = load_module(args.before) if args.before else None
    pd.set_option("display.width", 250, "display.max_colwidth", 60, "display.max_rows", 500)
    for name in args.datasets:
        if not (cache / f"{name}.labelargs.pkl").exists():
            capture(name, cache)
        texts, keywords, banned = pickle.loads((cache / f"{name}.labelargs.pkl").read_bytes())
        started = time.perf_counter()
        after = current.make_labels(texts, keywords, banned)
        seconds = time.perf_counter() - started
        old = before.make_labels(texts, keywords, banned) if before else {}
        comments = pd.read_parquet(cache / f"{name}.topics.parquet")
        majority = {}
        if name in CATEGORY and CATEGORY[name] in comments:
            kept = comments[comments["topic_id"] >= 0]
            for t, part in kept.groupby("topic_id"):
                majority[int(t)] = part[CATEGORY[name]].astype(str).str.split(":").str[0].value_counts().index[0]
        rows = [{"topic": t, "before": old.get(t, ""), "after": after[t], "majority": majority.get(t, ""),
                 "flag": flags(after[t]), "keywords": ", ".join(keywords.get(t, [])[:6])} for t in sorted(texts)]
        table = pd.DataFrame(rows)
        if not before:
            table = table.drop(columns="before")
        print(f"== {name}: {len(rows)} topics, labelled in {seconds:.1f} s ==")
        print(table.to_string(index=False))
        n_flag = int((table["flag"] != "").sum())
        old_flags = sum(bool(flags(x)) for x in old.values())
        print(f"  mechanical flags: after {n_flag}/{len(rows)}" + (f", before {old_flags}/{len(rows)}" if before else ""))
        if majority:
            share = sum(bool(content(after[t]) & content(majority.get(t, ""))) for t in texts)
            line = f"  labels sharing a content word with the topic's majority label: after {share}/{len(texts)}"
            if before:
                line += f", before {sum(bool(content(old[t]) & content(majority.get(t, ''))) for t in texts)}/{len(texts)}"
            print(line)


if __name__ == "__main__":
    main()
