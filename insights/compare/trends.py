"""Topic volume over time, and which topics are emerging or fading.

Periods come from the ``timestamp`` column (timezone-aware UTC): ``day`` is the UTC
date, ``week`` the Monday that starts the ISO week, ``month`` ``YYYY-MM``. Labels are
strings that sort chronologically.

A topic is *emerging* when its share of comments in the last ``recent`` period(s)
is higher than its share in all earlier periods, and the difference survives a
2x2 test (chi-square, Fisher's exact test for small cells) corrected with
Benjamini-Hochberg over all topics; *fading* is the same the other way round.
``change`` is the ratio of the two shares, each smoothed by half a comment so a
topic that is new (or gone) gets a finite number.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from insights import schema as S
from insights.compare import stats as st
from insights.compare.topics import topic_ids, topic_labels
from insights.errors import InputError, invalid_parameter

Period = Literal["day", "week", "month"]
PERIODS: tuple[str, ...] = ("day", "week", "month")
TREND_COLUMNS = ["period", "topic_id", "topic_label", "count", "share"]
EMERGING_COLUMNS = [
    "topic_id", "topic", "direction", "change", "recent_share", "baseline_share",
    "recent_count", "baseline_count", "p_value", "p_raw",
]


def period_labels(comments: pd.DataFrame, period: str) -> pd.Series:
    """The period of every row as a sortable string (None where the timestamp is missing).

    Example:
        >>> f = pd.DataFrame({"timestamp": pd.to_datetime(["2024-10-09T10:00Z", "2024-10-14T10:00Z"])})
        >>> period_labels(f, "week").tolist()
        ['2024-10-07', '2024-10-14']
    """
    if period not in PERIODS:
        raise invalid_parameter("compare", "period", f"one of {', '.join(PERIODS)}", period)
    if S.TIMESTAMP not in comments:
        raise InputError(
            f"Cannot split by {period}: the comments have no '{S.TIMESTAMP}' column. "
            f"Columns found: {', '.join(map(str, comments.columns))}.",
            hint="Pass --timestamp-column when analysing, or compare --by a column instead.",
        )
    ts = pd.to_datetime(comments[S.TIMESTAMP], errors="coerce", utc=True)
    if period == "day":
        labels = ts.dt.strftime("%Y-%m-%d")
    elif period == "week":
        monday = ts.dt.floor("D") - pd.to_timedelta(ts.dt.weekday, unit="D")
        labels = monday.dt.strftime("%Y-%m-%d")
    else:
        labels = ts.dt.strftime("%Y-%m")
    return labels.astype(object).where(ts.notna(), None)


def pick_period(comments: pd.DataFrame, min_periods: int = 3) -> str | None:
    """The finest period that still gives a readable timeline: "day" when the comments
    span up to two weeks, "week" up to six months, "month" beyond; None when there are
    no timestamps or fewer than ``min_periods`` periods would have comments.

    Example:
        >>> f = pd.DataFrame({"timestamp": pd.to_datetime(["2024-10-01", "2024-10-09", "2024-10-20"], utc=True)})
        >>> pick_period(f)
        'week'
    """
    if S.TIMESTAMP not in comments:
        return None
    ts = pd.to_datetime(comments.loc[_kept(comments), S.TIMESTAMP], errors="coerce", utc=True).dropna()
    if ts.empty:
        return None
    span = ts.max() - ts.min()
    period = "day" if span <= pd.Timedelta(days=14) else "week" if span <= pd.Timedelta(days=183) else "month"
    labels = period_labels(pd.DataFrame({S.TIMESTAMP: ts}), period)
    return period if labels.nunique() >= min_periods else None


def _kept(comments: pd.DataFrame) -> np.ndarray:
    if S.KEPT not in comments:
        return np.ones(len(comments), dtype=bool)
    return comments[S.KEPT].fillna(False).to_numpy(dtype=bool)


def trends(comments: pd.DataFrame, period: Period = "week", topics: pd.DataFrame | None = None) -> pd.DataFrame:
    """Topic volume per period.

    Args:
        comments: the pipeline's comment frame (``Analysis.comments``); needs ``timestamp``.
        period: "day", "week" or "month".
        topics: the topics table (``Analysis.topics``) for labels; optional.

    Returns:
        One row per period x topic that occurs: ``period``, ``topic_id``, ``topic_label``,
        ``count`` (kept comments) and ``share`` (of the period's kept comments, unassigned
        included in the base), in period order then by count.

    Example:
        >>> f = pd.DataFrame({"timestamp": pd.to_datetime(["2024-10-01T09:00Z"] * 2, utc=True),
        ...                   "topic_id": [0, 0], "topic_label": ["delays", "delays"]})
        >>> trends(f, "day")[["period", "topic_label", "count", "share"]].values.tolist()
        [['2024-10-01', 'delays', 2, 1.0]]
    """
    labels = period_labels(comments, period).to_numpy(dtype=object)
    mask = _kept(comments) & pd.notna(labels)
    frame = pd.DataFrame({"period": labels[mask], "topic_id": topic_ids(comments)[mask]})
    if frame.empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    names = topic_labels(comments, topics)
    totals = frame.groupby("period").size()
    counts = (
        frame[frame["topic_id"] != S.UNASSIGNED_TOPIC]
        .groupby(["period", "topic_id"]).size().rename("count").reset_index()
    )
    if counts.empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    counts["share"] = counts["count"] / counts["period"].map(totals)
    counts["topic_label"] = counts["topic_id"].map(lambda t: names.get(int(t), f"topic {t}"))
    counts = counts.sort_values(["period", "count", "topic_id"], ascending=[True, False, True], kind="stable")
    return counts[TREND_COLUMNS].reset_index(drop=True)


def emerging(
    comments: pd.DataFrame,
    period: Period = "week",
    recent: int = 1,
    alpha: float = 0.05,
    min_count: int = 3,
    topics: pd.DataFrame | None = None,
    all_topics: bool = False,
) -> pd.DataFrame:
    """Topics growing (or shrinking) faster than the rest of the conversation.

    Args:
        comments: the pipeline's comment frame; needs ``timestamp``.
        period: "day", "week" or "month".
        recent: how many of the last periods count as "recent"; the rest is the baseline.
        alpha: significance level for the corrected p-value.
        min_count: a topic needs this many comments (recent + baseline) to be flagged.
        topics: the topics table, for labels; optional.
        all_topics: also return topics that are steady (``direction == "steady"``).

    Returns:
        ``topic_id``, ``topic`` (label), ``direction`` (emerging | fading | steady),
        ``change`` (recent share / baseline share, smoothed), ``recent_share``,
        ``baseline_share``, ``recent_count``, ``baseline_count``, ``p_value``
        (Benjamini-Hochberg), ``p_raw``. Emerging first (largest change), then fading.
        Empty when there are fewer than ``recent + 1`` periods.

    Example:
        >>> days = ["2024-10-01T09:00Z"] * 20 + ["2024-10-02T09:00Z"] * 20
        >>> f = pd.DataFrame({"timestamp": pd.to_datetime(days, utc=True),
        ...                   "topic_id": [0] * 18 + [1] * 2 + [0] * 2 + [1] * 18})
        >>> emerging(f, "day")[["topic_id", "direction"]].values.tolist()
        [[1, 'emerging'], [0, 'fading']]
    """
    if not isinstance(recent, int) or recent < 1:
        raise invalid_parameter("emerging", "recent", "an int >= 1", recent)
    labels = period_labels(comments, period).to_numpy(dtype=object)
    mask = _kept(comments) & pd.notna(labels)
    periods = sorted(set(labels[mask].tolist()))
    if len(periods) < recent + 1:
        return pd.DataFrame(columns=EMERGING_COLUMNS)
    last = set(periods[-recent:])
    is_recent = np.array([p in last for p in labels], dtype=bool)
    tids = topic_ids(comments)
    n_recent = int((mask & is_recent).sum())
    n_base = int((mask & ~is_recent).sum())
    names = topic_labels(comments, topics)
    rows = []
    for tid in sorted(set(tids[mask].tolist()) - {S.UNASSIGNED_TOPIC}):
        k_r = int((mask & is_recent & (tids == tid)).sum())
        k_b = int((mask & ~is_recent & (tids == tid)).sum())
        share_r, share_b = k_r / n_recent, k_b / n_base
        change = ((k_r + 0.5) / (n_recent + 1)) / ((k_b + 0.5) / (n_base + 1))
        rows.append({
            "topic_id": int(tid), "topic": names.get(int(tid), f"topic {tid}"), "change": change,
            "recent_share": share_r, "baseline_share": share_b, "recent_count": k_r, "baseline_count": k_b,
            "p_raw": st.proportion_test(k_r, n_recent, k_b, n_base),
        })
    if not rows:
        return pd.DataFrame(columns=EMERGING_COLUMNS)
    table = pd.DataFrame(rows)
    table["p_value"] = st.benjamini_hochberg(table["p_raw"].to_numpy(dtype=float))
    enough = (table["recent_count"] + table["baseline_count"]) >= min_count
    significant = enough & (table["p_value"] < alpha)
    table["direction"] = np.where(
        significant & (table["recent_share"] > table["baseline_share"]), "emerging",
        np.where(significant & (table["recent_share"] < table["baseline_share"]), "fading", "steady"),
    )
    rank = table["direction"].map({"emerging": 0, "fading": 1, "steady": 2})
    key = np.where(table["direction"] == "fading", table["change"], -table["change"])
    table = table.assign(_rank=rank, _key=key).sort_values(["_rank", "_key", "topic_id"], kind="stable")
    if not all_topics:
        table = table[table["direction"] != "steady"]
    return table[EMERGING_COLUMNS].reset_index(drop=True)
