"""Net sentiment with a confidence interval, overall and per topic / group / period.

Net sentiment = share positive - share negative, in [-1, 1]. Its interval is a normal
(Wald) interval for a difference of two multinomial shares computed after adding one
positive and one negative pseudo-comment (the Agresti-Caffo idea): without that, 3
positive comments out of 3 would get the interval [1, 1]. The interval is closed-form,
so it is deterministic and cheap enough for every topic x week cell.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from insights import schema as S
from insights.errors import ConfigError, invalid_parameter

# A score counts as positive / negative beyond VADER's usual cut-offs.
SCORE_BAND = 0.05
STATS_COLUMNS: tuple[str, ...] = ("net", "low", "high", "n", "positive", "neutral", "negative")


def _as_labels(values: Iterable[Any]) -> np.ndarray:
    """Labels from labels or scores; "" for unknown (NaN, "", dropped rows)."""
    series = pd.Series(list(values) if not isinstance(values, pd.Series) else values, dtype=object)
    out = np.full(len(series), "", dtype=object)
    for i, v in enumerate(series.tolist()):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        if isinstance(v, str):
            low = v.strip().lower()
            if low in S.SENTIMENT_LABELS:
                out[i] = low
            elif low:
                raise ConfigError(
                    f"Unknown sentiment label '{v}'. Valid labels: {', '.join(S.SENTIMENT_LABELS)}."
                )
            continue
        if isinstance(v, (bool, np.bool_)):
            raise ConfigError(f"Sentiment values must be labels or scores in [-1, 1]. Got {v!r}.")
        x = float(v)
        out[i] = "positive" if x >= SCORE_BAND else "negative" if x <= -SCORE_BAND else "neutral"
    return out


def net_sentiment(values: Iterable[Any], confidence: float = 0.95) -> dict[str, float | int]:
    """Net sentiment (share positive - share negative) with a confidence interval.

    Args:
        values: labels ("negative"/"neutral"/"positive") or scores in [-1, 1] (a score
            >= 0.05 counts as positive, <= -0.05 as negative). NaN and "" are skipped.
        confidence: the interval's coverage, in (0, 1).

    Returns:
        ``{"net", "low", "high", "n", "positive", "neutral", "negative"}``; with n = 0
        the net and bounds are NaN (nothing is known).

    Example:
        >>> r = net_sentiment(["positive"] * 6 + ["negative"] * 2 + ["neutral"] * 2)
        >>> r["net"], r["n"], r["low"] < 0.4 < r["high"]
        (0.4, 10, True)
    """
    if not 0 < confidence < 1:
        raise invalid_parameter("net_sentiment", "confidence", "a float in (0, 1)", confidence)
    labels = _as_labels(values)
    pos = int((labels == "positive").sum())
    neg = int((labels == "negative").sum())
    neu = int((labels == "neutral").sum())
    n = pos + neg + neu
    if n == 0:
        nan = float("nan")
        return {"net": nan, "low": nan, "high": nan, "n": 0, "positive": 0, "neutral": 0, "negative": 0}
    net = (pos - neg) / n
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    # Agresti-Caffo style adjustment: one pseudo-comment each side.
    n_adj = n + 2
    p_pos, p_neg = (pos + 1) / n_adj, (neg + 1) / n_adj
    centre = p_pos - p_neg
    se = math.sqrt(max(p_pos + p_neg - centre**2, 0.0) / n_adj)
    low = max(-1.0, min(centre - z * se, net))
    high = min(1.0, max(centre + z * se, net))
    return {"net": net, "low": low, "high": high, "n": n, "positive": pos, "neutral": neu, "negative": neg}


def sentiment_by(
    frame: pd.DataFrame,
    by: str | pd.Grouper | list[str | pd.Grouper],
    column: str | None = None,
    kept_only: bool = True,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Net sentiment with its interval per topic, group or period.

    Args:
        frame: the comment frame (``corpus.comments`` or ``Analysis.comments``).
        by: a column name (``"topic_id"``, ``"group"``), a :class:`pandas.Grouper`
            (``pd.Grouper(key="timestamp", freq="W")``), or a list of them.
        column: ``sentiment_label`` (default when present) or ``sentiment``.
        kept_only: count only kept comments (rows with ``kept=False`` are skipped).
        confidence: the interval's coverage.

    Returns:
        One row per group, sorted by group key, with the group key column(s) then
        net, low, high, n, positive, neutral, negative.

    Example:
        >>> df = pd.DataFrame({"topic_id": [0, 0, 1], "sentiment_label": ["positive", "negative", "negative"]})
        >>> table = sentiment_by(df, "topic_id")
        >>> table["topic_id"].tolist(), table["net"].tolist(), table["n"].tolist()
        ([0, 1], [0.0, -1.0], [2, 1])
    """
    if column is None:
        column = S.SENTIMENT_LABEL if S.SENTIMENT_LABEL in frame else S.SENTIMENT
    if column not in frame:
        raise ConfigError(
            f"Column '{column}' not found in the comments. Columns found: {', '.join(map(str, frame.columns))}.",
            hint="Run the sentiment stage first, or pass column= with a label or score column.",
        )
    keys = by if isinstance(by, list) else [by]
    for key in keys:
        name = key if isinstance(key, str) else getattr(key, "key", None)
        if name is not None and name not in frame:
            raise ConfigError(
                f"Cannot group sentiment by '{name}': no such column. "
                f"Columns found: {', '.join(map(str, frame.columns))}."
            )
    data = frame
    if kept_only and S.KEPT in frame:
        data = frame[frame[S.KEPT].to_numpy(dtype=bool)]
    rows: list[dict[str, Any]] = []
    names: list[str] = []
    grouped = data.groupby(keys, sort=True, observed=True, dropna=False)
    for i, key in enumerate(keys):
        names.append(key if isinstance(key, str) else (getattr(key, "key", None) or f"group_{i}"))
    for value, part in grouped:
        value = value if isinstance(value, tuple) else (value,)
        row = dict(zip(names, value))
        row.update(net_sentiment(part[column], confidence=confidence))
        rows.append(row)
    return pd.DataFrame(rows, columns=[*names, *STATS_COLUMNS])
