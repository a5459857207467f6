"""Measure a stage against labels: precision / recall / F1 per class, NMI / ARI for topics.

``evaluate(source, task, label_column, mapping)`` runs the whole pipeline on a
labeled file (the labels are never shown to it) and scores one task from the
output columns, exactly as a user would recompute it from ``comments.csv``:

* ``spam``: a row is predicted spam when ``drop_reason == "spam"``.
* a copy collapsed onto an earlier comment (``drop_reason == "duplicate"``) is scored with
  its original's intent and sentiment: it is the same text.
* ``intent``: a row carries a class when it is its primary ``intent`` or among ``intents``.
* ``sentiment``: ``sentiment_label`` against the label.
* ``topics``: ``topic_id`` against the label, over kept rows: NMI, ARI, unassigned share.

Every score comes with a seeded bootstrap 95% interval.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from insights import schema as S
from insights.analysis import Analysis
from insights.errors import ConfigError, InputError

TASKS = ("spam", "intent", "sentiment", "topics")
DEFAULT_MAPS: dict[str, dict[str, str]] = {
    "spam": {"1": "spam", "true": "spam", "spam": "spam", "yes": "spam"},
    "sentiment": {"negative": "negative", "neutral": "neutral", "positive": "positive"},
}
BOOTSTRAP_ROUNDS = 300


def parse_map(text: str | None) -> dict[str, str]:
    """``"FEATURE=request,BUG=complaint"`` -> {"FEATURE": "request", "BUG": "complaint"}.

    Example:
        >>> parse_map("FEATURE=request, BUG=complaint")
        {'FEATURE': 'request', 'BUG': 'complaint'}
    """
    mapping: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise ConfigError(f"--map entry '{part.strip()}' is not LABEL=class. Example: --map FEATURE=request,BUG=complaint")
        label, _, cls = part.partition("=")
        mapping[label.strip()] = cls.strip()
    return mapping


def prf(gold: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of boolean predictions against boolean gold labels.

    Example:
        >>> import numpy as np
        >>> prf(np.array([True, True, False]), np.array([True, False, True]))
        (0.5, 0.5, 0.5)
    """
    gold, pred = np.asarray(gold, dtype=bool), np.asarray(pred, dtype=bool)
    tp = float(np.sum(gold & pred))
    p = tp / pred.sum() if pred.sum() else 0.0
    r = tp / gold.sum() if gold.sum() else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return float(p), float(r), float(f)


def _interval(values: list[float]) -> list[float]:
    return [round(float(np.percentile(values, 2.5)), 4), round(float(np.percentile(values, 97.5)), 4)]


def score_classes(gold: pd.Series, carries: dict[str, np.ndarray], primary: pd.Series, classes: list[str], seed: int = 0) -> dict[str, Any]:
    """Per-class and macro P/R/F1 with bootstrap intervals, plus a confusion matrix of primary labels."""
    gold_arr = gold.to_numpy(dtype=object)
    n = len(gold_arr)
    rng = np.random.default_rng(seed)
    samples = [rng.integers(0, n, n) for _ in range(BOOTSTRAP_ROUNDS)] if n else []
    per_class: dict[str, Any] = {}
    for cls in classes:
        g = gold_arr == cls
        pr = carries[cls]
        p, r, f = prf(g, pr)
        boot = [prf(g[idx], pr[idx])[2] for idx in samples]
        per_class[cls] = {
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "support": int(g.sum()), "f1_ci95": _interval(boot) if boot else [f, f],
        }
    macro = {k: round(float(np.mean([per_class[c][k] for c in classes])), 4) for k in ("precision", "recall", "f1")}
    labels = sorted(set(gold_arr) | set(primary.to_numpy(dtype=object)))
    confusion = pd.crosstab(pd.Series(gold_arr, name="gold"), pd.Series(primary.to_numpy(dtype=object), name="predicted"))
    confusion = confusion.reindex(index=labels, columns=labels, fill_value=0)
    return {
        "per_class": per_class,
        "macro": macro,
        "accuracy": round(float(np.mean(gold_arr == primary.to_numpy(dtype=object))), 4),
        "confusion": {"labels": labels, "matrix": confusion.to_numpy().tolist()},
    }


PREDICTIONS = (S.INTENT, S.INTENTS_ALL, S.INTENT_TEXT, S.SENTIMENT, S.SENTIMENT_LABEL)


def _with_copies_scored(comments: pd.DataFrame) -> pd.DataFrame:
    """A copy collapsed onto its original (drop_reason "duplicate") is the same text, so it is
    scored with its original's intent and sentiment: one voice, counted as often as it was said."""
    if S.DUPLICATE_OF not in comments or S.DROP_REASON not in comments:
        return comments
    copies = (comments[S.DROP_REASON] == S.DROP_DUPLICATE).to_numpy(dtype=bool)
    if not copies.any():
        return comments
    position = {cid: i for i, cid in enumerate(comments[S.COMMENT_ID].astype(str))}
    originals = comments.loc[copies, S.DUPLICATE_OF].astype(str).map(position)
    found = originals.notna().to_numpy(dtype=bool)
    rows = np.flatnonzero(copies)[found]
    sources = originals[found].astype(int).to_numpy()
    out = comments.copy()
    for col in (c for c in PREDICTIONS if c in out):
        values = out[col].to_numpy(dtype=object).copy()
        values[rows] = values[sources]
        out[col] = values
    return out


def score(analysis: Analysis, labels: pd.Series, task: str, mapping: Mapping[str, str] | None = None, seed: int = 0) -> dict[str, Any]:
    """Score one task of a finished analysis against labels aligned to its rows."""
    if task not in TASKS:
        raise ConfigError(f"Unknown task '{task}'. Valid tasks: {', '.join(TASKS)}.")
    comments = _with_copies_scored(analysis.comments.reset_index(drop=True))
    raw = labels.reset_index(drop=True).astype(str).str.strip()
    result: dict[str, Any] = {"task": task, "rows": len(comments)}
    if task == "topics":
        kept = comments[S.KEPT].to_numpy(dtype=bool)
        valid = kept & (raw != "") & labels.reset_index(drop=True).notna().to_numpy()
        gold, pred = raw[valid].to_numpy(), comments.loc[valid, S.TOPIC_ID].to_numpy()
        rng = np.random.default_rng(seed)
        idx = [rng.integers(0, len(gold), len(gold)) for _ in range(BOOTSTRAP_ROUNDS)] if len(gold) else []
        nmi = normalized_mutual_info_score(gold, pred) if len(gold) else 0.0
        ari = adjusted_rand_score(gold, pred) if len(gold) else 0.0
        result.update(
            rows_scored=int(valid.sum()),
            nmi=round(float(nmi), 4),
            ari=round(float(ari), 4),
            nmi_ci95=_interval([normalized_mutual_info_score(gold[i], pred[i]) for i in idx]) if idx else [nmi, nmi],
            ari_ci95=_interval([adjusted_rand_score(gold[i], pred[i]) for i in idx]) if idx else [ari, ari],
            unassigned_share=round(float(np.mean(pred == S.UNASSIGNED_TOPIC)) if len(pred) else 0.0, 4),
            topics=int(len(set(pred) - {S.UNASSIGNED_TOPIC})),
        )
        return result
    mapping = dict(mapping or DEFAULT_MAPS.get(task, {}))
    lowered = {k.lower(): v for k, v in mapping.items()}
    gold = raw.map(lambda v: mapping.get(v, lowered.get(v.lower(), "other" if task != "spam" else "ham")))
    if task == "spam":
        pred_spam = (comments[S.DROP_REASON] == S.DROP_SPAM).to_numpy(dtype=bool)
        primary = pd.Series(np.where(pred_spam, "spam", "ham"))
        carries = {"spam": pred_spam, "ham": ~pred_spam}
        classes = ["spam"]
    elif task == "sentiment":
        primary = comments[S.SENTIMENT_LABEL].astype(str)
        classes = list(S.SENTIMENT_LABELS)
        carries = {c: (primary == c).to_numpy(dtype=bool) for c in classes}
    else:
        primary = comments[S.INTENT].astype(str)
        all_intents = comments[S.INTENTS_ALL].fillna("").astype(str).str.split(";") if S.INTENTS_ALL in comments else None
        classes = sorted({c for c in gold.unique() if c != "other"}) or ["other"]
        carries = {}
        for c in set(classes) | {"other"}:
            has = (primary == c).to_numpy(dtype=bool)
            if all_intents is not None:
                has = has | all_intents.map(lambda items, c=c: c in items).to_numpy(dtype=bool)
            carries[c] = has
    result.update(score_classes(gold, carries, primary, classes, seed=seed))
    result["mapping"] = mapping
    return result


def evaluate(
    source: str | Path | pd.DataFrame,
    task: str,
    label_column: str,
    mapping: Mapping[str, str] | None = None,
    **options: Any,
) -> tuple[dict[str, Any], Analysis]:
    """Run the pipeline on a labeled file and score ``task``; returns (scores, analysis).

    Example:
        >>> scores, _ = evaluate("reviews.csv", "intent", "category",
        ...                      {"FEATURE": "request", "BUG": "complaint"})  # doctest: +SKIP
        >>> scores["per_class"]["request"]["f1"]  # doctest: +SKIP
    """
    from insights.pipeline import analyze

    if task not in TASKS:
        raise ConfigError(f"Unknown task '{task}'. Valid tasks: {', '.join(TASKS)}.")
    # Stages read only contract columns; the label column rides along untouched, like any
    # other original column, so scores line up row by row with comments.csv.
    analysis = analyze(source, **options)
    comments = analysis.comments
    column = next((c for c in (label_column, f"input_{label_column}") if c in comments.columns), None)
    if column is None:
        name = "the DataFrame" if isinstance(source, pd.DataFrame) else str(source)
        raise InputError(
            f"Label column '{label_column}' not found in {name}. Columns found: {', '.join(map(str, comments.columns))}.",
            hint="Pass --label-column with one of them.",
        )
    return score(analysis, comments[column], task, mapping), analysis
