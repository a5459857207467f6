"""Plain-language verdicts from the comparison tables, only where a test backs them.

With two groups, or three or four (an A/B/C test), verdicts name pairs ("Variant B
drew 2.1x more questions than Variant A"); a pair is only reported when the
omnibus test across all groups is significant for that measure too (a gate that
keeps post-hoc pairs honest). With five or more groups each group is set against
all the others pooled ("Delta drew 1.4x more complaints than the other airlines").
Groups smaller than ``min_group_size`` never get a verdict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from insights.compare.groups import FEW, SHARES
from insights.compare.stats import format_p
from insights.topics.labels import is_catch_all

NOUNS = dict(SHARES)
PAIRWISE_MAX_GROUPS = 4


@dataclass(frozen=True)
class Verdict:
    """One finding: the sentence, its corrected p-value, and what it is about."""

    text: str
    p_value: float
    kind: str  # "measure" or "topic"
    group: str
    measure: str = ""
    topic_id: int | None = None


def _pct(x: float) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if 0 < x < 0.01:
        return f"{x:.1%}"
    return f"{x:.0%}"


def _times(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b > 0 else ""


def display_group(group: str, noun: str, prefixed: bool) -> str:
    """How a group is named in a sentence: "Variant B", or just "Delta"."""
    return f"{noun.capitalize()} {group}" if prefixed else str(group)


def _points(x: float) -> str:
    """A share difference in percentage points: 0.217 -> "22"; small ones keep a decimal."""
    v = 100 * x
    return f"{v:.1f}" if abs(v) < 1 else f"{v:.0f}"


def _gap(low: float, high: float) -> str:
    if low is None or math.isnan(low) or math.isnan(high):
        return ""
    return f" (95% CI {_points(low)} to {_points(high)})"


def _pair_sentence(
    measure: str, hi: str, lo: str, v_hi: float, v_lo: float, p: float,
    k_lo: float = math.nan, gap: tuple[float, float] = (math.nan, math.nan),
) -> str:
    """One pairwise verdict. Shares read "A drew 2.5x more X than B: 53% vs 22%, a gap of 31
    points (95% CI 15 to 46), p < 0.01"; the "2.5x" is left out when either group has fewer
    than FEW such comments (``k_lo``, the smaller count), since a ratio over 1 or 2 comments is
    mostly noise."""
    if measure == "sentiment":
        return (f"{lo} was more negative than {hi}: mean sentiment {v_lo:+.2f} vs {v_hi:+.2f}, "
                f"a gap of {v_hi - v_lo:.2f}{_gap_plain(*gap)}, {format_p(p)}.")
    noun = NOUNS[measure]
    span = f"a gap of {_points(v_hi - v_lo)} points{_gap(*gap)}, {format_p(p)}"
    if v_lo == 0:
        return f"{hi} drew {noun} ({_pct(v_hi)}) where {lo} drew none: {span}."
    times = f"{_times(v_hi, v_lo)} " if not (k_lo < FEW) else ""
    return f"{hi} drew {times}more {noun} than {lo}: {_pct(v_hi)} vs {_pct(v_lo)}, {span}."


def _gap_plain(low: float, high: float) -> str:
    if math.isnan(low) or math.isnan(high):
        return ""
    return f" (95% CI {low:.2f} to {high:.2f})"


def measure_verdicts(
    groups: pd.DataFrame,
    pairs: pd.DataFrame,
    omnibus: pd.DataFrame,
    names: dict[str, str],
    others: str,
    alpha: float,
    min_group_size: int,
    min_ratio: float = 1.2,
    min_sentiment_gap: float = 0.1,
) -> list[Verdict]:
    """Verdicts about shares and sentiment (see the module docstring).

    With thousands of comments a 1.05x difference is "significant" yet not news, so a
    verdict also needs a share ratio of at least ``min_ratio`` (either way) or a mean
    sentiment gap of ``min_sentiment_gap``; smaller differences stay in the tables.
    """
    big = set(groups.loc[groups["comments"] >= min_group_size, "group"])
    out: list[Verdict] = []
    if len(groups) < 2:
        return out
    if len(groups) <= PAIRWISE_MAX_GROUPS:
        gate = dict(zip(omnibus["measure"], omnibus["p_value"])) if len(groups) > 2 else {}
        for row in pairs.itertuples(index=False):
            if not (row.p_value < alpha) or row.group_a not in big or row.group_b not in big:
                continue
            if not _large(row.measure, row.value_a, row.value_b, min_ratio, min_sentiment_gap):
                continue
            if len(groups) > 2 and not (gate.get(row.measure, 1.0) < alpha):
                continue
            a, b = names[row.group_a], names[row.group_b]
            if row.value_a >= row.value_b:
                text = _pair_sentence(row.measure, a, b, row.value_a, row.value_b, row.p_value,
                                      k_lo=min(row.k_a, row.k_b), gap=(row.diff_low, row.diff_high))
                group = row.group_a
            else:
                text = _pair_sentence(row.measure, b, a, row.value_b, row.value_a, row.p_value,
                                      k_lo=min(row.k_a, row.k_b), gap=(-row.diff_high, -row.diff_low))
                group = row.group_b
            out.append(Verdict(text, float(row.p_value), "measure", str(group), row.measure))
    else:
        for measure in ["sentiment", *[m for m, _ in SHARES]]:
            key = measure if measure == "sentiment" else f"{measure}_share"
            for row in groups.itertuples(index=False):
                g = row.group
                p = getattr(row, f"{key}_p")
                if g not in big or not (p < alpha):
                    continue
                value = getattr(row, key)
                rest = _rest_value(groups, g, key, measure)
                if not _large(measure, value, rest, min_ratio, min_sentiment_gap):
                    continue
                if measure == "sentiment":
                    tone = "more negative" if value < rest else "more positive"
                    text = (f"{names[g]} was {tone} than the other {others}: mean sentiment {value:+.2f} "
                            f"vs {rest:+.2f} ({format_p(p)}).")
                elif value > rest:
                    # A ratio resting on under FEW comments (on either side) is mostly noise.
                    n_rest = float(groups.loc[groups["group"] != g, f"{measure}_n"].sum())
                    k_min = min(round(value * getattr(row, f"{measure}_n")), round(rest * n_rest))
                    times = f"{_times(value, rest)} " if k_min >= FEW else ""
                    text = (f"{names[g]} drew {times}more {NOUNS[measure]} than the other "
                            f"{others} ({_pct(value)} vs {_pct(rest)}, {format_p(p)}).")
                else:
                    fewer = "less" if measure == "praise" else "fewer"
                    text = (f"{names[g]} drew {fewer} {NOUNS[measure]} than the other {others} "
                            f"({_pct(value)} vs {_pct(rest)}, {format_p(p)}).")
                out.append(Verdict(text, float(p), "measure", str(g), measure))
    return sorted(out, key=lambda v: (v.p_value, v.text))


def _large(measure: str, a: float, b: float, min_ratio: float, min_gap: float) -> bool:
    """Is the difference between ``a`` and ``b`` big enough to be worth a sentence?"""
    if measure == "sentiment":
        return abs(a - b) >= min_gap
    hi, lo = max(a, b), min(a, b)
    return lo == 0 or hi / lo >= min_ratio


def _rest_value(groups: pd.DataFrame, group: str, key: str, measure: str) -> float:
    """The measure over all other groups pooled (weighted by their counts)."""
    others = groups[groups["group"] != group]
    n = others[f"{measure}_n"].to_numpy(dtype=float)
    v = others[key].to_numpy(dtype=float)
    ok = ~np.isnan(v) & (n > 0)
    return float((v[ok] * n[ok]).sum() / n[ok].sum()) if ok.any() else math.nan


def topic_verdicts(
    topics: pd.DataFrame,
    groups: pd.DataFrame,
    names: dict[str, str],
    alpha: float,
    min_group_size: int,
    min_topic_count: int,
    per_group: int = 3,
    min_lift: float = 1.25,
) -> list[Verdict]:
    """"Delta: 1.8x as many of its complaints are about "Delays" as overall (...)" for the strongest
    significant topics; catch-all topics ("Other chatter") are no finding. Per group, the
    complaints scope comes first, then all comments."""
    if len(groups) < 2 or topics.empty:
        return []
    ok = topics[(topics["p_value"] < alpha) & (topics["lift"] >= min_lift) & (topics["count"] >= min_topic_count)
                & (topics["base"] >= min_group_size)]
    # "Other chatter" (comments with no subject of their own) over-represented is nothing to act on.
    ok = ok.loc[~ok["topic_label"].astype(str).map(is_catch_all).astype(bool)]
    # Rank by the fewest extra comments the interval allows, not by lift: a 10x topic of 11
    # comments is less news than 1.8x of 160, and a big excess on few comments is partly noise.
    ok = ok.sort_values(["excess_low", "topic_id"], ascending=[False, True], kind="stable")
    out = []
    for (scope, group), part in ok.groupby(["scope", "group"], sort=False):
        for row in part.head(per_group).itertuples(index=False):
            whose = "complaints" if scope == "complaints" else "comments"
            # Say what a product manager asks: how much more often this group talks about it.
            text = (f"{names[group]}: {row.lift:.1f}x as many of its {whose} are about \u201c{row.topic_label}\u201d "
                    f"as overall ({_pct(row.share)} vs {_pct(row.overall_share)}, {format_p(row.p_value)}).")
            out.append(Verdict(text, float(row.p_value), "topic", str(group), measure=str(scope),
                               topic_id=int(row.topic_id)))
    order = {g: i for i, g in enumerate(groups["group"].tolist())}
    # A group's complaint topics lead: "what people complain about more here" is what a team can
    # fix, where an over-represented topic of all comments is as often a campaign, a meme or praise.
    return sorted(out, key=lambda v: (order.get(v.group, 0), v.measure != "complaints"))


def emerging_lines(table: pd.DataFrame, period: str) -> list[str]:
    """One sentence per flagged emerging / fading topic."""
    out = []
    for row in table.itertuples(index=False):
        if row.direction == "steady":
            continue
        verb = "is emerging" if row.direction == "emerging" else "is fading"
        if row.baseline_count == 0:
            out.append(f"\u201c{row.topic}\u201d is new: {row.recent_count} comments ({_pct(row.recent_share)}) "
                       f"in the latest {period}, none before ({format_p(row.p_value)}).")
            continue
        if row.recent_count == 0:
            out.append(f"\u201c{row.topic}\u201d has gone quiet: no comments in the latest {period}, "
                       f"{row.baseline_count} ({_pct(row.baseline_share)}) before ({format_p(row.p_value)}).")
            continue
        out.append(f"\u201c{row.topic}\u201d {verb}: {_pct(row.recent_share)} of comments in the latest "
                   f"{period} vs {_pct(row.baseline_share)} before ({row.change:.1f}x, {format_p(row.p_value)}).")
    return out


def nothing_line(groups: pd.DataFrame, min_group_size: int) -> str:
    """The honest sentence when no test survives."""
    if len(groups) < 2:
        return "Only one group: there is nothing to compare it with."
    n = int(groups["comments"].sum())
    smallest = int(groups["comments"].min())
    small = "" if smallest >= min_group_size else (
        f" Groups under {min_group_size} comments get no verdict.")
    return (f"No difference we can trust at this sample size ({n} comments in {len(groups)} groups, "
            f"smallest {smallest}).{small}")
