"""Which topics each group over- or under-represents (lift), with corrected tests.

``share`` is the topic's count over the group's kept comments; ``lift`` is that share
over the topic's share of all kept comments in every group. Each group x topic cell
is tested against the other groups pooled (2x2 chi-square, Fisher's exact test for
small cells) and the p-values are corrected together with Benjamini-Hochberg: there
are many cells and the table is exploratory, so it controls the share of false
discoveries rather than the chance of any (Holm would hide real effects here).
Unassigned comments (topic -1) are counted in the base but get no row.

Lift alone ranks badly: in a small group, a 4-comment topic easily shows 8x, and
the over-representation worth reading is the one that is both real and big. So
each row also carries ``lift_low`` / ``lift_high`` (the group's share as a 95%
Wilson interval over the overall share) and ``excess_low``, the fewest extra
comments that interval allows (``base * (share_low - overall_share)``): "at least
this many more comments on it than the group would have at the overall rate".
Rows are ranked by it, and so are verdicts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from insights import schema as S
from insights.compare import stats as st

TOPIC_COLUMNS = [
    "group", "topic_id", "topic_label", "count", "share", "overall_share", "lift", "p_value", "p_raw",
    "excess", "excess_low", "lift_low", "lift_high", "base", "scope",
]
SCOPE_ALL = "all"
SCOPE_COMPLAINTS = "complaints"


def topic_labels(comments: pd.DataFrame, topics: pd.DataFrame | None = None) -> dict[int, str]:
    """topic_id -> label, from a topics table (``topic_id`` + ``label``/``topic_label``)
    when given, else from the comments' ``topic_label`` column.

    Example:
        >>> f = pd.DataFrame({"topic_id": [0, 1, 0], "topic_label": ["delays", "refunds", "delays"]})
        >>> topic_labels(f)
        {0: 'delays', 1: 'refunds'}
    """
    labels: dict[int, str] = {}
    if topics is not None and len(topics) and S.TOPIC_ID in topics:
        col = next((c for c in ("label", S.TOPIC_LABEL, "name") if c in topics), None)
        if col is not None:
            for tid, label in zip(topics[S.TOPIC_ID].tolist(), topics[col].tolist()):
                if pd.notna(tid) and pd.notna(label):
                    labels[int(tid)] = str(label)
    if S.TOPIC_ID in comments and S.TOPIC_LABEL in comments:
        ids = pd.to_numeric(comments[S.TOPIC_ID], errors="coerce")
        for tid, label in zip(ids.tolist(), comments[S.TOPIC_LABEL].tolist()):
            if pd.notna(tid) and int(tid) not in labels and pd.notna(label) and str(label):
                labels[int(tid)] = str(label)
    return labels


def topic_ids(comments: pd.DataFrame) -> np.ndarray:
    """Integer topic id per row (-1 when missing)."""
    if S.TOPIC_ID not in comments:
        return np.full(len(comments), S.UNASSIGNED_TOPIC, dtype=int)
    ids = pd.to_numeric(comments[S.TOPIC_ID], errors="coerce").fillna(S.UNASSIGNED_TOPIC)
    return ids.to_numpy(dtype=int)


def topic_table(
    comments: pd.DataFrame,
    keys: np.ndarray,
    groups: list[str],
    labels: dict[int, str],
    correction: str = "bh",
    within: np.ndarray | None = None,
    scope: str = SCOPE_ALL,
    alpha: float = 0.05,
    tids: np.ndarray | None = None,
) -> pd.DataFrame:
    """The ``compare_topics.csv`` table: one row per group x topic that occurs in the group.

    Args:
        comments: the comment frame.
        keys: group of every row (None outside every group).
        groups: groups in report order.
        labels: topic_id -> label.
        correction: "bh" (default) or "holm".
        within: a boolean row mask that restricts the base (e.g. complaints only, which asks
            "what do people complain about more here?"); None for all kept comments.
        scope: the name written in the ``scope`` column for this base.
        alpha: significance level that puts a row among the first of its group.
        tids: the topic id of every row when not the comments' ``topic_id`` column (the
            topics fitted on the complaints alone: :mod:`insights.compare.complaint_topics`).

    ``base`` is the group's number of comments in this scope. ``excess`` is the count minus
    the count expected at the overall share: how many comments the over-representation
    accounts for; ``excess_low`` is its conservative end (see the module docstring), which
    orders the rows, so a 10x topic of 11 comments does not outrank a 1.8x topic of 160.
    """
    kept = comments[S.KEPT].fillna(False).to_numpy(dtype=bool) if S.KEPT in comments else np.ones(len(comments), bool)
    if within is not None:
        kept = kept & within
    in_group = kept & pd.notna(keys) & np.isin(keys.astype(object), np.array(groups, dtype=object))
    tids = topic_ids(comments) if tids is None else np.asarray(tids, dtype=int)
    frame = pd.DataFrame({"group": keys[in_group], "topic_id": tids[in_group]})
    if frame.empty:
        return pd.DataFrame(columns=TOPIC_COLUMNS)
    totals = frame.groupby("group", sort=False).size()
    overall_n = len(frame)
    topic_totals = frame["topic_id"].value_counts()
    counts = frame[frame["topic_id"] != S.UNASSIGNED_TOPIC].groupby(["group", "topic_id"], sort=False).size()
    rows = []
    for (group, tid), count in counts.items():
        n_g = int(totals[group])
        k_all = int(topic_totals[tid])
        share = count / n_g
        overall = k_all / overall_n
        p = (
            st.proportion_test(int(count), n_g, k_all - int(count), overall_n - n_g)
            if len(totals) > 1
            else np.nan
        )
        rows.append({
            "group": group, "topic_id": int(tid), "topic_label": labels.get(int(tid), f"topic {tid}"),
            "count": int(count), "share": share, "overall_share": overall, "lift": share / overall, "p_raw": p,
            "excess": float(count - n_g * overall), "base": n_g, "scope": scope,
        })
    if not rows:
        return pd.DataFrame(columns=TOPIC_COLUMNS)
    table = pd.DataFrame(rows)
    table["p_value"] = st.correct(table["p_raw"].to_numpy(dtype=float), correction)
    low, high = st.wilson_interval(table["count"].to_numpy(dtype=float), table["base"].to_numpy(dtype=float))
    overall = table["overall_share"].to_numpy(dtype=float)
    table["lift_low"], table["lift_high"] = low / overall, high / overall
    table["excess_low"] = table["base"].to_numpy(dtype=float) * (low - overall)
    return rank_topics(table, groups, alpha)[TOPIC_COLUMNS]


def rank_topics(table: pd.DataFrame, groups: list[str], alpha: float = 0.05) -> pd.DataFrame:
    """Each group's rows in reading order: significant over-represented topics first, by
    ``excess_low`` (real and big before big-lift-on-few-comments), then the rest the same way.

    Example:
        >>> t = pd.DataFrame({"group": ["A", "A"], "topic_id": [0, 1], "lift": [9.0, 1.8],
        ...                   "p_value": [0.01, 0.001], "excess_low": [2.5, 40.0]})
        >>> rank_topics(t, ["A"])["topic_id"].tolist()
        [1, 0]
    """
    order = {g: i for i, g in enumerate(groups)}
    ranked = table.assign(
        _order=table["group"].map(order),
        _rest=~((table["p_value"] < alpha) & (table["lift"] > 1)),
    )
    ranked = ranked.sort_values(["_order", "_rest", "excess_low", "topic_id"],
                                ascending=[True, True, False, True], kind="stable")
    return ranked.drop(columns=["_order", "_rest"]).reset_index(drop=True)
