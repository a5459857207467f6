"""Per-group measures (shares, sentiment, substantive share) with tests and intervals.

Only kept comments count towards ``comments`` and the intent / sentiment shares;
exact duplicates are dropped by the clean stage, so each voice counts once
(``mentions`` adds the collapsed copies back). ``substantive_share`` has its own
base (see :mod:`insights.compare.engagement`).

Tests, each a group against all other groups pooled (2x2 chi-square, Fisher's
exact test for small cells; Mann-Whitney U for mean sentiment), are corrected
together with Holm's method over the whole table (every group x every measure),
so a reported ``*_p`` below 0.05 holds even after looking at all of them. Across
k groups an omnibus chi-square per measure (Kruskal-Wallis for sentiment) says
whether the measure differs at all; pairwise tests (Holm over all pairs x
measures) name which groups differ.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy import stats as _sp

from insights import schema as S
from insights.compare import stats as st
from insights.compare.engagement import intent_flags, substantive_flags

#: share measures in table order: (name, what a verdict calls it)
SHARES: tuple[tuple[str, str], ...] = (
    ("negative", "negative comments"),
    ("complaint", "complaints"),
    ("request", "requests"),
    ("question", "questions"),
    ("praise", "praise"),
    ("substantive", "substantive comments (feedback, not just reactions)"),
)
PAIRWISE_LIMIT = 10
#: below this many comments with (or without) a trait, a share's interval is Wilson's, not the bootstrap's
FEW = 5
SENTIMENT_NEGATIVE_BELOW = -0.05  # VADER's usual cut-off, used only when no label column exists


def negative_flags(comments: pd.DataFrame) -> np.ndarray:
    """Float 1/0 per row for a negative comment, NaN when sentiment is unknown."""
    if S.SENTIMENT_LABEL in comments:
        label = comments[S.SENTIMENT_LABEL].astype(object)
        out = (label.fillna("").astype(str) == "negative").to_numpy(dtype=float, copy=True)
        out[label.isna().to_numpy(dtype=bool)] = np.nan
        return out
    if S.SENTIMENT in comments:
        score = pd.to_numeric(comments[S.SENTIMENT], errors="coerce").to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            return np.where(np.isnan(score), np.nan, (score < SENTIMENT_NEGATIVE_BELOW).astype(float))
    return np.full(len(comments), np.nan)


def per_comment_values(
    comments: pd.DataFrame, min_praise_words: int = 6, use_spacy: bool = True
) -> pd.DataFrame:
    """One row per input row: ``kept``, ``base`` (substantive base), ``sentiment`` and one 0/1
    column per share measure, plus ``mentions`` and ``author``."""
    n = len(comments)
    kept = comments[S.KEPT].fillna(False).to_numpy(dtype=bool) if S.KEPT in comments else np.ones(n, bool)
    in_base, substantive = substantive_flags(comments, min_praise_words, use_spacy)
    values = {
        "kept": kept,
        "base": in_base,
        "sentiment": (
            pd.to_numeric(comments[S.SENTIMENT], errors="coerce").to_numpy(dtype=float)
            if S.SENTIMENT in comments
            else np.full(n, np.nan)
        ),
        "negative": negative_flags(comments),
        "label": (
            comments[S.SENTIMENT_LABEL].astype(object).where(comments[S.SENTIMENT_LABEL].notna(), None)
            .to_numpy(dtype=object)
            if S.SENTIMENT_LABEL in comments
            else np.full(n, None, dtype=object)
        ),
        "complaint": intent_flags(comments, S.COMPLAINT).astype(float),
        "request": intent_flags(comments, S.REQUEST).astype(float),
        "question": intent_flags(comments, S.QUESTION).astype(float),
        "praise": intent_flags(comments, S.PRAISE).astype(float),
        "substantive": substantive.astype(float),
        "mentions": (
            pd.to_numeric(comments[S.DUPLICATE_COUNT], errors="coerce").fillna(1).to_numpy(dtype=float)
            if S.DUPLICATE_COUNT in comments
            else np.ones(n)
        ),
        "author": (
            comments[S.AUTHOR].astype(object).where(comments[S.AUTHOR].notna(), None).to_numpy(dtype=object)
            if S.AUTHOR in comments
            else np.full(n, None, dtype=object)
        ),
    }
    return pd.DataFrame(values, index=range(n))


def _rows(values: pd.DataFrame, keys: np.ndarray, group: str, measure: str) -> np.ndarray:
    """The 0/1 (or score) values of ``measure`` over the rows that count for it in ``group``."""
    mask = keys == group
    mask &= values["base"].to_numpy(dtype=bool) if measure == "substantive" else values["kept"].to_numpy(dtype=bool)
    col = values[measure].to_numpy(dtype=float)[mask]
    return col[~np.isnan(col)]


def _rest(values: pd.DataFrame, keys: np.ndarray, group: str, measure: str) -> np.ndarray:
    mask = (keys != group) & pd.notna(keys)
    mask &= values["base"].to_numpy(dtype=bool) if measure == "substantive" else values["kept"].to_numpy(dtype=bool)
    col = values[measure].to_numpy(dtype=float)[mask]
    return col[~np.isnan(col)]


def _net(labels: list) -> dict[str, float]:
    """Net sentiment (positive share - negative share) and its interval, from the sentiment
    stage's own helper so the report and the comparison print the same number."""
    nan = float("nan")
    labels = [x for x in labels if x]
    if not labels:
        return {"net_sentiment": nan, "net_sentiment_low": nan, "net_sentiment_high": nan}
    try:
        from insights.sentiment.stats import net_sentiment
    except ImportError:  # the sentiment package is optional for comparing labelled frames
        return {"net_sentiment": nan, "net_sentiment_low": nan, "net_sentiment_high": nan}
    r = net_sentiment(labels)
    return {"net_sentiment": r["net"], "net_sentiment_low": r["low"], "net_sentiment_high": r["high"]}


def group_table(
    values: pd.DataFrame,
    keys: np.ndarray,
    groups: list[str],
    n_boot: int = 1000,
    seed: int = 0,
    correction: str = "holm",
) -> pd.DataFrame:
    """The ``compare_groups.csv`` table for ``groups`` (in that order).

    Args:
        values: :func:`per_comment_values` of the comments.
        keys: group of every row (object array; None for rows outside every group).
        groups: the groups to report, in order.
    """
    rows = []
    raw_p: list[float] = []
    names = [m for m, _ in SHARES]
    for gi, group in enumerate(groups):
        mask = keys == group
        kept = mask & values["kept"].to_numpy(dtype=bool)
        authors = values.loc[kept, "author"].dropna()
        row: dict[str, object] = {
            "group": group,
            "rows": int(mask.sum()),
            "comments": int(kept.sum()),
            "authors": int(authors.nunique()) if len(authors) else np.nan,
            "mentions": int(values.loc[kept, "mentions"].sum()),
            "substantive_base": int((mask & values["base"].to_numpy(dtype=bool)).sum()),
            **_net(values.loc[kept, "label"].tolist()),
        }
        for mi, measure in enumerate(["sentiment", *names]):
            x = _rows(values, keys, group, measure)
            row[f"{measure}_n"] = len(x)
            key = measure if measure == "sentiment" else f"{measure}_share"
            row[key] = float(x.mean()) if len(x) else np.nan
            rest = _rest(values, keys, group, measure)
            if len(groups) < 2 or len(x) == 0 or len(rest) == 0:
                p = np.nan
            elif measure == "sentiment":
                p = st.mean_difference_test(x, rest)
            else:
                p = st.proportion_test(int(x.sum()), len(x), int(rest.sum()), len(rest))
            row[f"{key}_p_raw"] = p
            raw_p.append(p)
            # One seed per (group, measure) so adding a group never shifts another's interval.
            low, high = st.bootstrap_means(x, n_boot=n_boot, seed=seed + 1000 * gi + mi)
            low, high = float(low[0]), float(high[0])
            hits = int(x.sum())
            if measure != "sentiment" and len(x) and min(hits, len(x) - hits) < FEW:
                # Resampling 0 of 65 gives 0 every time: the bootstrap cannot see spread it never
                # observed and would print "0% (0%-0%)". The Wilson interval can.
                low, high = (float(v) for v in st.wilson_interval(hits, len(x)))
            row[f"{key}_low"], row[f"{key}_high"] = low, high
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return pd.DataFrame(columns=group_columns())
    adjusted = st.correct(raw_p, correction).reshape(len(groups), len(names) + 1)
    for j, measure in enumerate(["sentiment", *names]):
        key = measure if measure == "sentiment" else f"{measure}_share"
        table[f"{key}_p"] = adjusted[:, j]
    return table[group_columns()]


def group_columns() -> list[str]:
    """Column order of ``compare_groups.csv``."""
    keys = ["sentiment", *[f"{m}_share" for m, _ in SHARES]]
    return (
        ["group", "rows", "comments", "authors", "mentions", "substantive_base"]
        + keys
        + ["net_sentiment", "net_sentiment_low", "net_sentiment_high"]
        + [f"{k}_p" for k in keys]
        + [f"{k}_{b}" for k in keys for b in ("low", "high")]
        + [f"{k}_p_raw" for k in keys]
        + [f"{m}_n" for m in ["sentiment", *[m for m, _ in SHARES]]]
    )


def omnibus_table(
    values: pd.DataFrame, keys: np.ndarray, groups: list[str], correction: str = "holm", seed: int = 0
) -> pd.DataFrame:
    """Does each measure differ across the groups at all? One row per measure.

    Columns: ``measure``, ``test`` (chi-square, "chi-square (Monte Carlo exact)" when a
    cell expects fewer than 5 comments, or kruskal-wallis), ``statistic``, ``df``,
    ``p_value`` (corrected over the measures), ``p_raw``.
    """
    out = []
    for measure in ["sentiment", *[m for m, _ in SHARES]]:
        samples = [_rows(values, keys, g, measure) for g in groups]
        samples = [s for s in samples if len(s)]
        if len(samples) < 2:
            out.append({"measure": measure, "test": "", "statistic": np.nan, "df": 0, "p_raw": np.nan})
            continue
        if measure == "sentiment":
            flat = np.concatenate(samples)
            if np.ptp(flat) == 0:
                stat, p = 0.0, 1.0
            else:
                res = _sp.kruskal(*samples)
                stat, p = float(res.statistic), float(res.pvalue)
            out.append({"measure": measure, "test": "kruskal-wallis", "statistic": stat,
                        "df": len(samples) - 1, "p_raw": p})
        else:
            hits, sizes = [int(s.sum()) for s in samples], [len(s) for s in samples]
            chi2, df, p = st.omnibus_test(hits, sizes, seed=seed)
            test = "chi-square (Monte Carlo exact)" if df and st.small_expected(hits, sizes) else "chi-square"
            out.append({"measure": measure, "test": test, "statistic": chi2, "df": df, "p_raw": p})
    table = pd.DataFrame(out)
    table["p_value"] = st.correct(table["p_raw"].to_numpy(dtype=float), correction)
    return table[["measure", "test", "statistic", "df", "p_value", "p_raw"]]


def _hits(measure: str, x: np.ndarray) -> float:
    return float(x.sum()) if measure != "sentiment" else np.nan


def _difference_interval(measure: str, xa: np.ndarray, xb: np.ndarray) -> tuple[float, float]:
    if len(xa) == 0 or len(xb) == 0:
        return np.nan, np.nan
    if measure != "sentiment":
        return st.difference_interval(int(xa.sum()), len(xa), int(xb.sum()), len(xb))
    if len(xa) < 2 or len(xb) < 2:
        return np.nan, np.nan
    d = float(xa.mean() - xb.mean())
    se = float(np.sqrt(xa.var(ddof=1) / len(xa) + xb.var(ddof=1) / len(xb)))
    return d - 1.96 * se, d + 1.96 * se


def pairwise_table(
    values: pd.DataFrame, keys: np.ndarray, groups: list[str], correction: str = "holm"
) -> pd.DataFrame:
    """Every pair of groups on every measure (Holm over the whole table).

    Only for up to :data:`PAIRWISE_LIMIT` groups: beyond that the pairs outnumber what a
    reader can use and Holm over hundreds of tests hides everything; groups are then
    read against the rest.

    Columns: ``measure``, ``group_a``, ``group_b``, ``value_a``, ``value_b``, ``n_a``,
    ``n_b``, ``k_a`` / ``k_b`` (comments with the trait; NaN for sentiment), ``ratio``
    (value_a / value_b for shares), ``diff`` (value_a - value_b) with its 95% interval
    ``diff_low`` / ``diff_high`` (Newcombe's score interval for shares, Welch's normal
    interval for mean sentiment), ``p_value`` (corrected), ``p_raw``.
    """
    out = []
    pairs = list(itertools.combinations(groups, 2)) if len(groups) <= PAIRWISE_LIMIT else []
    for measure in ["sentiment", *[m for m, _ in SHARES]]:
        for a, b in pairs:
            xa, xb = _rows(values, keys, a, measure), _rows(values, keys, b, measure)
            va = float(xa.mean()) if len(xa) else np.nan
            vb = float(xb.mean()) if len(xb) else np.nan
            if len(xa) == 0 or len(xb) == 0:
                p = np.nan
            elif measure == "sentiment":
                p = st.mean_difference_test(xa, xb)
            else:
                p = st.proportion_test(int(xa.sum()), len(xa), int(xb.sum()), len(xb))
            ratio = va / vb if measure != "sentiment" and vb and not np.isnan(vb) else np.nan
            low, high = _difference_interval(measure, xa, xb)
            out.append({"measure": measure, "group_a": a, "group_b": b, "value_a": va, "value_b": vb,
                        "n_a": len(xa), "n_b": len(xb), "k_a": _hits(measure, xa), "k_b": _hits(measure, xb),
                        "ratio": ratio, "diff": va - vb, "diff_low": low, "diff_high": high, "p_raw": p})
    cols = ["measure", "group_a", "group_b", "value_a", "value_b", "n_a", "n_b", "k_a", "k_b", "ratio", "diff",
            "diff_low", "diff_high", "p_value", "p_raw"]
    if not out:
        return pd.DataFrame(columns=cols)
    table = pd.DataFrame(out)
    table["p_value"] = st.correct(table["p_raw"].to_numpy(dtype=float), correction)
    return table[cols]
