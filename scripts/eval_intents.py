"""Measure the `intents` stage on labelled public data (evaluation only, nothing is trained on it).

* CLAP app reviews rq1: request = FEATURE; complaint = BUG, PERFORMANCE, ENERGY;
  other = OTHER; USABILITY and SECURITY left out as ambiguous.
* Airline tweets: complaint = negative sentiment; every other tweet is not a complaint.
* CLAP rq3: grouping of FEATURE reviews against the `cluster` labels (ARI within each app).
* The demo export data/sample/comments.csv against data/sample/labels.csv: the pipeline's own
  load, clean, embed and sentiment stages, then this intents stage (per-class P/R/F1 on kept rows,
  as scripts/eval_sample.py counts them, without running topics, lessons and the report).

A comment carries an intent when it is its primary intent or among its `intents`.
Keyword-regex baselines are printed in the same run.

Usage:
    python scripts/eval_intents.py                      # full data
    python scripts/eval_intents.py --sample 1000        # quicker, a fixed random sample
    python scripts/eval_intents.py --data ../shared/datasets --embedding static
    python scripts/eval_intents.py --no-sentiment-stage --rules-only   # ablations
    python scripts/eval_intents.py --only sample        # the demo export alone (~20 s)
    python scripts/eval_intents.py --scale 10000 100000 # seconds of the stage alone, both modes
    python scripts/eval_intents.py --errors /tmp/errors.csv  # every miss and false alarm, to read
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/benchmark.py's corpus

from insights import schema as S
from insights.corpus import Corpus
from insights.embed import embed_texts, make_embedder
from insights.evaluate import prf as evaluate_prf
from insights.intents import IntentStage, cluster_phrases, intent_phrases
from insights.intents.group import phrase_vectors

# Non-capturing groups: pandas warns about capture groups in str.contains.
REQUEST_RE = re.compile(
    r"\b(?:add|please|wish|would be (?:nice|great|good)|should|need|needs|feature|option)\b",
    re.IGNORECASE,
)
COMPLAINT_RE = re.compile(
    r"\b(?:bug\w*|crash\w*|freez\w*|froze|slow\w*|lag\w*|battery|error\w*|fix\w*|problem\w*|issue\w*|"
    r"close[sd]?|drain\w*|not work\w*|doesn'?t work|won'?t|can'?t|broken)\b",
    re.IGNORECASE,
)
AIRLINE_RE = re.compile(
    r"\b(?:delay\w*|cancel+\w*|late|lost|rude|wait\w*|hold|worst|never|hours?|stuck|missed|problem|issue|"
    r"bad|terrible|horrible|awful|fail\w*|refund|broken|no one|nobody|why|ridiculous|unacceptable)\b",
    re.IGNORECASE,
)


def prf(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[float, float, float, int]:
    """insights.evaluate.prf plus the support, for the table rows."""
    return (*evaluate_prf(y_true, y_pred), int(np.sum(y_true)))


def row(name: str, scores: tuple[float, float, float, int]) -> None:
    p, r, f, n = scores
    print(f"  {name:<34} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (n={n})")


def clean(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """clean_text from the project's Cleaner when usable; every row stays kept so every label is scored."""
    try:
        from insights.clean import Cleaner

        out = (
            Cleaner(drop_spam=False, drop_duplicates=False, drop_non_english=False, min_words=0)
            .run(Corpus(frame.copy()))
            .comments
        )
        how = "insights.clean.Cleaner"
    # The cleaning stage is developed concurrently: if it cannot run, say so in the output and
    # measure intents on minimally cleaned text rather than not at all.
    except Exception as err:  # noqa: BLE001
        out = frame.copy()
        out[S.CLEAN_TEXT] = (
            out[S.TEXT].astype(str).str.replace(r"@\w+|https?://\S+", " ", regex=True).str.strip()
        )
        how = f"own @handle/URL stripping (Cleaner not usable: {type(err).__name__}: {err})"
    empty = out[S.CLEAN_TEXT].fillna("").astype(str).str.strip() == ""
    out.loc[empty, S.CLEAN_TEXT] = out.loc[empty, S.TEXT]
    out[S.KEPT] = True
    out[S.DROP_REASON] = ""
    return out, how


# Run the project's sentiment stage first, as the pipeline does (off: --no-sentiment-stage).
WITH_SENTIMENT = True
# Misses and false alarms collected for --errors (one frame per set and class).
ERRORS: list[pd.DataFrame] = []


def collect_errors(
    dataset: str, label: str, truth: np.ndarray, pred: np.ndarray, gold: np.ndarray, out: pd.DataFrame
) -> None:
    """Keep the rows where ``pred`` disagrees with ``truth`` for --errors."""
    wrong = np.flatnonzero(truth != pred)
    columns = [S.INTENT, S.INTENTS_ALL, S.INTENT_SCORE_REQUEST, S.INTENT_SCORE_COMPLAINT]
    frame = out.iloc[wrong][columns].reset_index(drop=True)
    frame.insert(0, "dataset", dataset)
    frame.insert(1, "class", label)
    frame.insert(2, "error", np.where(truth[wrong], "missed", "false alarm"))
    frame.insert(3, "gold", gold[wrong])
    if S.SENTIMENT in out:
        frame["sentiment"] = out[S.SENTIMENT].to_numpy()[wrong]
    frame["text"] = out[S.TEXT].astype(str).to_numpy(dtype=object)[wrong]
    ERRORS.append(frame)


def run_stage(frame: pd.DataFrame, embedder, stage: IntentStage) -> tuple[pd.DataFrame, float, str]:
    comments, how = clean(frame)
    texts = comments[S.CLEAN_TEXT].astype(str).tolist()
    embeddings = embed_texts(texts, embedder)
    info = {} if stage.embedder is None else {"embedding_model": embedder.name}
    corpus = Corpus(
        comments=comments, embeddings=embeddings, info={**info, "embedding_model": embedder.name}
    )
    if WITH_SENTIMENT:
        try:
            from insights.sentiment import SentimentStage

            corpus = SentimentStage().run(corpus)
            how += "; sentiment: insights.sentiment.SentimentStage()"
        # Developed concurrently: without it the intents stage scores tone with VADER itself.
        except Exception as err:  # noqa: BLE001
            how += (
                f"; sentiment stage not usable ({type(err).__name__}: {err}), VADER inside intents"
            )
    else:
        how += "; no sentiment stage (VADER inside intents)"
    corpus.info = info
    started = time.perf_counter()
    corpus = stage.run(corpus)
    return corpus.comments, time.perf_counter() - started, how


def stage_options(stage: IntentStage) -> dict:
    return {k: v for k, v in vars(stage).items() if not k.endswith("_")}


def carries(out: pd.DataFrame, label: str) -> np.ndarray:
    return (
        out[S.INTENTS_ALL]
        .astype(str)
        .str.split(";")
        .map(lambda xs: label in xs)
        .to_numpy(dtype=bool)
    )


def eval_clap(data: Path, embedder, stage: IntentStage, sample: int | None) -> None:
    df = pd.read_csv(data / "clap_app_reviews" / "rq1-raw-data.csv")
    df = df[~df["category"].isin(["USABILITY", "SECURITY"])].reset_index(drop=True)
    if sample and sample < len(df):
        df = df.sample(sample, random_state=0).reset_index(drop=True)
    # The star rating is part of a store export, so the stage sees it (it counts as sentiment).
    frame = pd.DataFrame(
        {
            S.COMMENT_ID: df["id"].astype(str),
            S.TEXT: df["review"].astype(str),
            S.RATING: df["rating"],
        }
    )
    out, seconds, how = run_stage(frame, embedder, stage)
    no_rating, _, _ = run_stage(
        frame, embedder, IntentStage(**{**stage_options(stage), "use_rating": False})
    )
    cat = df["category"].to_numpy(dtype=object)
    is_req = cat == "FEATURE"
    is_cmp = np.isin(cat, ["BUG", "PERFORMANCE", "ENERGY"])
    print(f"\nCLAP rq1 ({len(df)} reviews; cleaning: {how})")
    row("request (FEATURE)", prf(is_req, carries(out, S.REQUEST)))
    row("complaint (BUG/PERFORMANCE/ENERGY)", prf(is_cmp, carries(out, S.COMPLAINT)))
    row(
        "other (OTHER) = carries no req/cmp",
        prf(cat == "OTHER", ~carries(out, S.REQUEST) & ~carries(out, S.COMPLAINT)),
    )
    row("request, without star rating", prf(is_req, carries(no_rating, S.REQUEST)))
    row("complaint, without star rating", prf(is_cmp, carries(no_rating, S.COMPLAINT)))
    # Where the errors fall: a request carried by a BUG review is usually a call to repair it.
    for label, truth in ((S.REQUEST, is_req), (S.COMPLAINT, is_cmp)):
        pred = carries(out, label)
        wrong = pd.Series(cat[pred & ~truth]).value_counts().to_dict()
        missed = pd.Series(cat[~pred & truth]).value_counts().to_dict()
        print(f"  {label} false positives by category {wrong}; missed {missed}")
        collect_errors("clap", label, truth, pred, cat, out)
    row("request, primary only", prf(is_req, out[S.INTENT].to_numpy(dtype=object) == S.REQUEST))
    row("complaint, primary only", prf(is_cmp, out[S.INTENT].to_numpy(dtype=object) == S.COMPLAINT))
    text = df["review"].astype(str)
    row(
        "baseline keyword regex: request",
        prf(is_req, text.str.contains(REQUEST_RE).to_numpy(dtype=bool)),
    )
    row(
        "baseline keyword regex: complaint",
        prf(is_cmp, text.str.contains(COMPLAINT_RE).to_numpy(dtype=bool)),
    )
    print(
        f"  seconds {seconds:.1f}  ({len(df) / seconds:.0f} comments/s: the intents stage alone, comment embeddings precomputed)"
    )


def eval_airline(data: Path, embedder, stage: IntentStage, sample: int | None) -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    df = pd.read_csv(data / "airline_tweets" / "Tweets.csv")
    if sample and sample < len(df):
        df = df.sample(sample, random_state=0).reset_index(drop=True)
    frame = pd.DataFrame({S.COMMENT_ID: df["tweet_id"].astype(str), S.TEXT: df["text"].astype(str)})
    out, seconds, how = run_stage(frame, embedder, stage)
    truth = (df["airline_sentiment"] == "negative").to_numpy(dtype=bool)
    print(f"\nAirline tweets ({len(df)} tweets; cleaning: {how})")
    row("complaint (negative)", prf(truth, carries(out, S.COMPLAINT)))
    collect_errors(
        "airline",
        S.COMPLAINT,
        truth,
        carries(out, S.COMPLAINT),
        df["airline_sentiment"].to_numpy(dtype=object),
        out,
    )
    row("complaint, primary only", prf(truth, out[S.INTENT].to_numpy(dtype=object) == S.COMPLAINT))
    vader = SentimentIntensityAnalyzer()
    text = out[S.CLEAN_TEXT].astype(str)
    compound = np.array([vader.polarity_scores(t)["compound"] for t in text])
    regex = text.str.contains(AIRLINE_RE).to_numpy(dtype=bool)
    row("baseline regex + VADER (<= -0.05)", prf(truth, regex | (compound <= -0.05)))
    row("baseline VADER alone (<= -0.05)", prf(truth, compound <= -0.05))
    print(
        f"  seconds {seconds:.1f}  ({len(df) / seconds:.0f} comments/s: the intents stage alone, comment embeddings precomputed)"
    )


def eval_grouping(data: Path, embedder, threshold: float) -> None:
    from sklearn.metrics import adjusted_rand_score

    df = pd.read_csv(data / "clap_app_reviews" / "rq3-manually-classified-implemented-reviews.csv")
    df = df[df["category"] == "FEATURE"].reset_index(drop=True)
    frame = pd.DataFrame({S.COMMENT_ID: df["ID"].astype(str), S.TEXT: df["body"].astype(str)})
    comments, _ = clean(frame)
    texts = comments[S.CLEAN_TEXT].astype(str).tolist()
    # Grouping alone: every FEATURE review is treated as a request, so the score does not mix in
    # classification errors. The phrase comes from the review's strongest request sentence.
    from insights.intents.classify import rule_matrix
    from insights.intents.rules import split_sentences

    carriers = []
    for t in texts:
        sents = split_sentences(t) or [t]
        carriers.append(sents[int(np.argmax(rule_matrix(sents)[:, 0]))])
    phrases = intent_phrases(carriers, [S.REQUEST] * len(carriers))
    phrases = [p or t for p, t in zip(phrases, texts)]
    comment_vecs = embed_texts(texts, embedder)
    variants = (
        ("intent_text + comment (default)", phrase_vectors(phrases, embedder, comment_vecs)),
        ("intent_text alone", phrase_vectors(phrases, embedder)),
        ("whole comments (group_on='comment')", comment_vecs),
    )
    print(
        f"\nCLAP rq3 request grouping ({len(df)} FEATURE reviews, {df['App-name'].nunique()} apps; ARI within each app)"
    )
    for name, vecs in variants:
        aris, weights = [], []
        for idx in df.groupby("App-name").indices.values():
            if len(idx) < 2:
                continue
            labels = cluster_phrases(vecs[idx], threshold)
            aris.append(adjusted_rand_score(df["cluster"].to_numpy()[idx], labels))
            weights.append(len(idx))
        print(
            f"  {name:<34} mean ARI {np.mean(aris):.3f}  size-weighted ARI {np.average(aris, weights=weights):.3f}  (threshold {threshold})"
        )


def eval_sample(stage: IntentStage, rules_only: bool = False) -> None:
    from insights.config import Config
    from insights.pipeline import Pipeline

    root = Path(__file__).resolve().parents[1]
    pipeline = Pipeline(Config())
    comments, load_info = pipeline._stage("load").load(root / "data" / "sample" / "comments.csv")
    corpus = Corpus(comments=comments, info={"load": load_info})
    for name in ("clean", "embed", "sentiment"):
        corpus = pipeline._stage(name).run(corpus)
    if rules_only:
        corpus.info.pop("embedding_model", None)
        corpus.info.pop("embedding_model_path", None)
        corpus.embeddings = None
    started = time.perf_counter()
    out = stage.run(corpus).comments
    seconds = time.perf_counter() - started
    labels = pd.read_csv(root / "data" / "sample" / "labels.csv", dtype=str, keep_default_na=False)
    frame = out.merge(labels, on=S.COMMENT_ID, how="left", suffixes=("", "_gold"))
    frame = frame[frame[S.KEPT].astype(bool)]
    primary = frame[S.INTENT].to_numpy(dtype=object)
    predicted = frame[S.INTENTS_ALL].astype(str).str.split(";")
    gold = frame["intents_gold"].astype(str).str.split(";")
    accuracy = np.mean(primary == frame["intent_gold"].to_numpy(dtype=object))
    print(
        f"\nDemo export data/sample ({len(frame)} kept comments; primary accuracy {accuracy:.3f})"
    )
    for label in S.INTENTS:
        truth = gold.map(lambda xs, c=label: c in xs).to_numpy(dtype=bool)
        pred = predicted.map(lambda xs, c=label: c in xs).to_numpy(dtype=bool) | (primary == label)
        row(label, prf(truth, pred))
    print(f"  seconds {seconds:.1f}  (the intents stage alone)")


def eval_scale(sizes: list[int]) -> None:
    """Seconds (wall and CPU) of the intents stage alone on n distinct comments, default and --fast.

    The comments are scripts/benchmark.py's (real dataset texts, made distinct); load, clean,
    embed and sentiment run first, untimed. The stage embeds nothing per comment by default
    (only the head's ~1,000 example sentences, from the embedding cache when warm).
    """
    from benchmark import corpus as benchmark_corpus

    from insights.config import Config

    print("\nIntents stage alone (wall s / CPU s of this process; the machine may be shared)")
    for n in sizes:
        frame = pd.DataFrame({S.TEXT: benchmark_corpus(n)})
        for mode, options in (("default", {}), ("fast", {"embed__model": "static"})):
            config = Config().update(**options)
            comments, info = config.build("load").load(frame)
            corpus = Corpus(comments=comments, info={"load": info})
            for name in ("clean", "embed", "sentiment"):
                corpus = config.build(name).run(corpus)
            wall, cpu = time.perf_counter(), time.process_time()
            corpus = config.build("intents").run(corpus)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            kept = int(corpus.kept_mask.sum())
            counts = corpus.info["intents"]["counts"]
            print(
                f"  {n:>8,} comments ({kept:,} kept) {mode:<8} {wall:7.1f} s wall {cpu:7.1f} s CPU  "
                f"requests {counts['request']:,} complaints {counts['complaint']:,} "
                f"groups {len(corpus.requests):,} / {len(corpus.complaints):,}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "datasets")
    )
    parser.add_argument(
        "--sample", type=int, default=None, help="evaluate on a fixed random sample of each set"
    )
    parser.add_argument("--embedding", default="minilm", help="minilm (default) or static")
    parser.add_argument("--only", choices=["clap", "airline", "grouping", "sample"], default=None)
    parser.add_argument("--group-threshold", type=float, default=0.45)
    parser.add_argument(
        "--scale", type=int, nargs="+", default=None, help="time the stage at these sizes instead"
    )
    parser.add_argument(
        "--errors",
        default=None,
        metavar="CSV",
        help="write every CLAP / airline miss and false alarm (with scores and text) to this CSV",
    )
    parser.add_argument("--rules-only", action="store_true", help="no embedding head (ablation)")
    parser.add_argument(
        "--no-sentiment-stage",
        action="store_true",
        help="do not run the sentiment stage first (the intents stage then uses VADER)",
    )
    parser.add_argument(
        "--prototype-weight", type=float, default=0.0, help="nearest-prototype share (ablation)"
    )
    parser.add_argument(
        "--sentence-embeddings",
        choices=["static", "run", "off"],
        default=None,
        help="how the head sees sentences of long comments (ablation; default: the stage's)",
    )
    args = parser.parse_args()
    data = Path(args.data)
    global WITH_SENTIMENT
    WITH_SENTIMENT = not args.no_sentiment_stage
    if args.scale:
        eval_scale(args.scale)
        return
    embedder = make_embedder(args.embedding)
    sentence_option = (
        {"sentence_embeddings": args.sentence_embeddings} if args.sentence_embeddings else {}
    )
    stage = IntentStage(
        embedder=None if args.rules_only else embedder,
        group_threshold=args.group_threshold,
        prototype_weight=args.prototype_weight,
        **sentence_option,
    )
    started = time.perf_counter()
    if args.only in (None, "clap"):
        eval_clap(data, embedder, stage, args.sample)
    if args.only in (None, "airline"):
        eval_airline(data, embedder, stage, args.sample)
    if args.only in (None, "grouping"):
        eval_grouping(data, embedder, args.group_threshold)
    if args.only in (None, "sample"):
        # The stage rebuilds the run's embedder from corpus.info, as in the pipeline.
        sample_stage = IntentStage(
            group_threshold=args.group_threshold,
            prototype_weight=args.prototype_weight,
            **sentence_option,
        )
        eval_sample(sample_stage, rules_only=args.rules_only)
    if args.errors and ERRORS:
        errors = pd.concat(ERRORS, ignore_index=True)
        errors.to_csv(args.errors, index=False)
        print(f"\n{len(errors)} errors written to {args.errors}")
    print(f"\ntotal seconds {time.perf_counter() - started:.1f}")


if __name__ == "__main__":
    main()
