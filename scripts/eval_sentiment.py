"""Accuracy and macro-F1 of the sentiment stage, with VADER as the baseline in the same run.

Data (read by path, never copied into the repo):

* airline tweets: all 14,640 tweets, 3 classes (``airline_sentiment``);
* SemEval-2014 restaurant sentences whose aspect categories all carry the same polarity
  (positive / negative / neutral; "conflict" sentences are left out);
* (extra, ``--datasets apps``) CLAP Google Play reviews with the star rating as a proxy
  label: 1-2 negative, 3 neutral, 4-5 positive. Stars are a noisy stand-in for the
  text's sentiment, so read it as a check on another source, not as a score to beat.

Text is cleaned as the pipeline would, with ``insights.clean.Cleaner`` (spam, duplicate
and short-comment dropping switched off so every labelled row is scored); if the cleaner
cannot be imported, @handles and URLs are stripped here instead and the output says so.
Embeddings come from ``insights.embed.embed_texts`` (bundled MiniLM, cached on disk).
No label is used for fitting: the self-training backend pseudo-labels the texts itself.

Usage::

    python scripts/eval_sentiment.py                      # both datasets, all models
    python scripts/eval_sentiment.py --sample 3000        # a quick, seeded sample
    python scripts/eval_sentiment.py --models selftrain,vader --datasets airline
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from insights import schema as S
from insights.corpus import Corpus
from insights.embed import SentenceTransformerEmbedder, embed_texts
from insights.sentiment import SentimentStage

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets"
LABELS = list(S.SENTIMENT_LABELS)


def load_airline(root: Path) -> tuple[list[str], np.ndarray]:
    frame = pd.read_csv(root / "airline_tweets" / "Tweets.csv")
    return frame["text"].fillna("").astype(str).tolist(), frame["airline_sentiment"].to_numpy(dtype=str)


def load_semeval(root: Path) -> tuple[list[str], np.ndarray]:
    frame = pd.read_csv(root / "semeval2014_restaurants" / "Restaurants_Train_v2.csv")
    polarities = frame["aspect_categories"].fillna("").astype(str).map(
        lambda cell: {part.rsplit(":", 1)[-1] for part in cell.split("|") if ":" in part}
    )
    single = polarities.map(lambda p: len(p) == 1 and next(iter(p)) in LABELS).to_numpy(dtype=bool)
    frame = frame[single]
    labels = polarities[single].map(lambda p: next(iter(p)))
    return frame["text"].fillna("").astype(str).tolist(), labels.to_numpy(dtype=str)


def load_apps(root: Path) -> tuple[list[str], np.ndarray]:
    frame = pd.read_csv(root / "clap_app_reviews" / "rq1-raw-data.csv")
    frame = frame[frame["review"].notna() & frame["rating"].between(1, 5)]
    stars = frame["rating"].astype(int)
    gold = np.where(stars <= 2, "negative", np.where(stars == 3, "neutral", "positive"))
    return frame["review"].astype(str).tolist(), gold


def _fallback_clean(text: str) -> str:
    text = html.unescape(text)
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    text = re.sub(r"(?<!\w)@\w+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def clean(texts: list[str]) -> tuple[list[str], str]:
    """clean_text as the pipeline makes it, for every row (nothing dropped)."""
    try:
        from insights.clean import Cleaner
    except ImportError as err:
        print(f"  (insights.clean not importable: {err}; stripping handles/URLs here)")
        return [_fallback_clean(t) for t in texts], "fallback: handles/URLs stripped"
    frame = pd.DataFrame({S.COMMENT_ID: [str(i) for i in range(len(texts))], S.TEXT: texts})
    cleaner = Cleaner(drop_spam=False, drop_duplicates=False, min_words=0, keep_personal_data=True)
    out = cleaner.run(Corpus(frame)).comments
    cleaned = out[S.CLEAN_TEXT].fillna("").astype(str).tolist()
    # Rows the cleaner still drops (empty, emoji only) keep their raw text: every row is scored.
    return [c if c.strip() else _fallback_clean(t) for c, t in zip(cleaned, texts)], "insights.clean.Cleaner"


def evaluate(name: str, texts: list[str], gold: np.ndarray, models: list[str]) -> list[dict]:
    print(f"\n== {name}: {len(texts):,} texts; gold {pd.Series(gold).value_counts().to_dict()}")
    start = time.perf_counter()
    cleaned, how = clean(texts)
    print(f"  cleaning: {how} ({time.perf_counter() - start:.1f} s)")
    start = time.perf_counter()
    embeddings = embed_texts(cleaned)
    print(f"  embeddings: {embeddings.shape} ({time.perf_counter() - start:.1f} s, cached per text)")
    frame = pd.DataFrame({S.TEXT: texts, S.CLEAN_TEXT: cleaned, S.KEPT: True})
    rows = []
    for model in models:
        corpus = Corpus(frame.copy(), embeddings=embeddings)
        corpus.info["embedding_model"] = SentenceTransformerEmbedder().name
        start = time.perf_counter()
        out = SentimentStage(model=model).run(corpus)
        seconds = time.perf_counter() - start
        pred = out.comments[S.SENTIMENT_LABEL].to_numpy(dtype=str)
        per_class = f1_score(gold, pred, labels=LABELS, average=None, zero_division=0)
        row = {
            "dataset": name,
            "model": model,
            "n": len(gold),
            "accuracy": accuracy_score(gold, pred),
            "macro_f1": f1_score(gold, pred, labels=LABELS, average="macro", zero_division=0),
            **{f"f1_{c}": f for c, f in zip(LABELS, per_class)},
            "seconds": seconds,
        }
        rows.append(row)
        info = out.info.get("sentiment", {})
        extra = {k: v for k, v in info.items() if k in ("seeds", "anchors", "fallback")}
        print(
            f"  {model:10s} acc {row['accuracy']:.3f}  macro-F1 {row['macro_f1']:.3f}  "
            f"F1 neg/neu/pos {per_class[0]:.3f}/{per_class[1]:.3f}/{per_class[2]:.3f}  "
            f"{seconds:.1f} s  {extra or ''}"
        )
        cm = confusion_matrix(gold, pred, labels=LABELS)
        print("    confusion (rows gold neg/neu/pos, cols predicted):", cm.tolist())
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA, help="the shared datasets folder")
    parser.add_argument("--datasets", default="airline,semeval", help="any of airline, semeval, apps")
    parser.add_argument("--models", default="selftrain,lexicon,vader")
    parser.add_argument("--sample", type=int, default=0, help="score a seeded random sample of this size")
    args = parser.parse_args(argv)
    loaders = {"airline": load_airline, "semeval": load_semeval, "apps": load_apps}
    results = []
    for name in args.datasets.split(","):
        texts, gold = loaders[name](args.data)
        if args.sample and args.sample < len(texts):
            idx = np.sort(np.random.default_rng(0).choice(len(texts), args.sample, replace=False))
            texts, gold = [texts[i] for i in idx], gold[idx]
        results.extend(evaluate(name, texts, gold, args.models.split(",")))
    table = pd.DataFrame(results)
    print("\n" + table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
