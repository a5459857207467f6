"""Fit an intent classifier for your own domain: embeddings + a scikit-learn logistic head.

The saved directory holds ``head.joblib`` (the fitted head) and ``model.json``
(labels, embedder name, cross-validated scores). Pass it as
``IntentStage(model=DIR)`` (CLI: ``insights analyze ... --intent-model DIR``).

Example:
    >>> scores = train("labels.csv", "text", "label", "models/intents")  # doctest: +SKIP
    >>> scores["macro_f1"]  # doctest: +SKIP
    0.83
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from insights import schema as S
from insights.embed import Embedder, embed_texts, make_embedder
from insights.errors import InputError, OutputError, invalid_parameter


def _read_labels(
    labels_csv: str | Path | pd.DataFrame, text_column: str, label_column: str
) -> pd.DataFrame:
    if isinstance(labels_csv, pd.DataFrame):
        frame, name = labels_csv, "the labels frame"
    else:
        path = Path(labels_csv)
        if not path.exists():
            raise InputError(
                f"Labels file '{path}' does not exist.",
                hint="Pass the path of a CSV with a text and a label column.",
            )
        try:
            frame = pd.read_csv(path)
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as err:
            raise InputError(f"Labels file '{path}' is not a readable CSV: {err}.") from err
        name = path.name
    for column, flag in ((text_column, "--text-column"), (label_column, "--label-column")):
        if column not in frame.columns:
            raise InputError(
                f"Column '{column}' not found in {name}. Columns found: {', '.join(map(str, frame.columns))}.",
                hint=f"Pass {flag}.",
            )
    out = pd.DataFrame({"text": frame[text_column], "label": frame[label_column]})
    out = out[out["text"].notna() & out["label"].notna()]
    out["text"] = out["text"].astype(str).str.strip()
    out["label"] = out["label"].astype(str).str.strip()
    return out[(out["text"] != "") & (out["label"] != "")].reset_index(drop=True)


def train(
    labels_csv: str | Path | pd.DataFrame,
    text_column: str,
    label_column: str,
    out_dir: str | Path,
    *,
    embedding_model: str = "minilm",
    embedder: Embedder | None = None,
    label_map: dict[str, str] | None = None,
    folds: int = 5,
    C: float = 1.0,
    seed: int = 0,
    verbose: bool = True,
) -> dict[str, Any]:
    """Fit, cross-validate and save an intent head; returns its scores.

    Args:
        labels_csv: a CSV path (or a DataFrame) with one labelled comment per row.
        text_column: the column holding the comment text.
        label_column: the column holding the label. Labels must be intents
            (request, complaint, question, praise, other) for the stage to use the
            model; ``label_map`` renames yours (e.g. ``{"FEATURE": "request"}``).
        out_dir: directory to write ``head.joblib`` and ``model.json`` into.
        embedding_model: embedder name or directory (see :func:`insights.embed.make_embedder`);
            runs that use the model must embed with the same one.
        embedder: an embedder object used instead of ``embedding_model`` (tests, custom models).
        label_map: rename labels before training; labels mapped to "" are dropped.
        folds: stratified cross-validation folds (lowered to the smallest class size, min 2).
        C: inverse regularisation strength of the logistic regression.
        seed: seed for the fold split and the solver.
        verbose: print the per-class table.

    Returns:
        ``{"labels", "n", "per_class": {label: {precision, recall, f1, support}},
        "macro_f1", "accuracy", "folds", "embedder", "out_dir"}``.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    if not isinstance(folds, int) or folds < 2:
        raise invalid_parameter("train", "folds", "an int >= 2", folds)
    data = _read_labels(labels_csv, text_column, label_column)
    if label_map:
        data["label"] = data["label"].map(lambda v: label_map.get(v, v))
        data = data[data["label"] != ""].reset_index(drop=True)
    counts = data["label"].value_counts()
    if len(counts) < 2:
        raise InputError(
            f"Training needs at least two labels; found {len(counts)} ({', '.join(counts.index) or 'none'}) "
            f"in {len(data)} labelled rows.",
            hint=f"Check --label-column '{label_column}'.",
        )
    if counts.min() < 2:
        raise InputError(
            f"Label '{counts.idxmin()}' has only {int(counts.min())} example; every label needs at least 2.",
            hint="Add examples or merge it into another label with label_map.",
        )
    not_intents = sorted(set(counts.index) - set(S.INTENTS))
    if not_intents and verbose:
        print(
            f"Note: labels {not_intents} are not intents ({', '.join(S.INTENTS)}); "
            "IntentStage can only use this model after mapping them (label_map)."
        )

    embedder = embedder or make_embedder(embedding_model)
    vectors = embed_texts(data["text"].tolist(), embedder)
    labels = data["label"].to_numpy(dtype=object).astype(str)
    k = max(2, min(folds, int(counts.min())))
    head = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=seed)
    predicted = cross_val_predict(
        head, vectors, labels, cv=StratifiedKFold(k, shuffle=True, random_state=seed)
    )
    names = sorted(counts.index)
    p, r, f, s = precision_recall_fscore_support(labels, predicted, labels=names, zero_division=0)
    per_class = {
        name: {
            "precision": round(float(p[i]), 4),
            "recall": round(float(r[i]), 4),
            "f1": round(float(f[i]), 4),
            "support": int(s[i]),
        }
        for i, name in enumerate(names)
    }
    head.fit(vectors, labels)

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"Cannot create model directory '{out}': {err.strerror or err}.") from err
    import joblib

    joblib.dump(head, out / "head.joblib")
    result: dict[str, Any] = {
        "labels": names,
        "n": len(data),
        "per_class": per_class,
        "macro_f1": round(float(np.mean(f)), 4),
        "accuracy": round(float(accuracy_score(labels, predicted)), 4),
        "folds": k,
        "embedder": embedder.name,
        "C": C,
        "seed": seed,
        "out_dir": str(out),
    }
    (out / "model.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if verbose:
        print(f"{'label':<12} {'P':>6} {'R':>6} {'F1':>6} {'n':>6}")
        for name, row in per_class.items():
            print(
                f"{name:<12} {row['precision']:>6.3f} {row['recall']:>6.3f} {row['f1']:>6.3f} {row['support']:>6}"
            )
        print(
            f"macro F1 {result['macro_f1']:.3f}  accuracy {result['accuracy']:.3f}  ({k}-fold CV, {len(data)} rows)"
        )
    return result


__all__ = ["train"]
