"""The statistics behind every comparison: proportion tests, corrections, bootstrap intervals.

Plain functions on counts and arrays, so each can be checked by hand:

* :func:`proportion_test`: one share in a group against another (a 2x2 table).
  Pearson's chi-square (no continuity correction) when every expected cell is at
  least 5, Fisher's exact test otherwise (chi-square is unreliable on small cells).
* :func:`omnibus_test`: does a share differ across k groups at all (k x 2 chi-square; a
  seeded Monte Carlo exact p-value when a cell expects fewer than 5)?
* :func:`difference_interval`: Newcombe's interval for the difference of two shares.
* :func:`holm` (family-wise error) and :func:`benjamini_hochberg` (false discovery rate).
* :func:`bootstrap_means`: seeded percentile intervals for means of per-comment values.
* :func:`wilson_interval`: a closed-form interval for one share (what topic lift bounds use).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats as _sp


def proportion_test(k1: int, n1: int, k2: int, n2: int) -> float:
    """Two-sided p-value that ``k1/n1`` and ``k2/n2`` come from the same proportion.

    Returns 1.0 when either group is empty or the outcome never (or always) happens,
    because then there is nothing to tell apart.

    Example:
        >>> round(proportion_test(30, 100, 10, 100), 5)  # chi2 = 12.5, df = 1
        0.00041
    """
    if n1 <= 0 or n2 <= 0:
        return 1.0
    total_k, total_n = k1 + k2, n1 + n2
    if total_k == 0 or total_k == total_n:
        return 1.0
    table = np.array([[k1, n1 - k1], [k2, n2 - k2]], dtype=float)
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / total_n
    if expected.min() < 5:
        return float(_sp.fisher_exact(table.astype(int))[1])
    chi2 = float(((table - expected) ** 2 / expected).sum())
    return float(_sp.chi2.sf(chi2, 1))


SIMULATIONS = 20_000


def omnibus_test(
    successes: Sequence[int], totals: Sequence[int], n_sim: int = SIMULATIONS, seed: int = 0
) -> tuple[float, int, float]:
    """Chi-square test that one share is the same in every group: ``(chi2, df, p_value)``.

    When a cell expects fewer than 5 comments the chi-square distribution is a poor guide
    (3 variants and 16 requests in all is enough to get there), so the p-value is then the
    share of ``n_sim`` tables drawn with the same margins under "no difference" whose
    statistic is at least the observed one (a Monte Carlo exact test, as R's
    ``chisq.test(simulate.p.value=TRUE)``; seeded, so repeatable). :func:`small_expected`
    says which was used. Groups with no comments are ignored; fewer than two groups left
    gives ``(0, 0, 1.0)``.

    Example:
        >>> chi2, df, p = omnibus_test([30, 10, 20], [100, 100, 100])
        >>> round(chi2, 2), df, round(p, 4)
        (12.5, 2, 0.0019)
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(totals, dtype=float)
    keep = n > 0
    k, n = k[keep], n[keep]
    if len(n) < 2 or k.sum() == 0 or k.sum() == n.sum():
        return 0.0, 0, 1.0
    chi2 = float(_chi2_k_by_2(k[None, :], n)[0])
    df = len(n) - 1
    if not small_expected(k, n):
        return chi2, df, float(_sp.chi2.sf(chi2, df))
    rng = np.random.default_rng(seed)
    # Under "no difference", with both margins fixed, the successes spread over the groups
    # as a multivariate hypergeometric draw.
    draws = rng.multivariate_hypergeometric(n.astype(np.int64), int(k.sum()), size=n_sim)
    sims = _chi2_k_by_2(draws.astype(float), n)
    # A tolerance so tables with the same statistic as the observed one count as "as extreme".
    hits = int((sims >= chi2 - 1e-9 * max(chi2, 1.0)).sum())
    return chi2, df, float((hits + 1) / (n_sim + 1))


def small_expected(successes: Sequence[int], totals: Sequence[int]) -> bool:
    """Does any cell of the k x 2 table expect fewer than 5 comments (where chi-square is unreliable)?

    Example:
        >>> small_expected([9, 1, 6], [38, 54, 56]), small_expected([30, 10, 20], [100, 100, 100])
        (True, False)
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(totals, dtype=float)
    k, n = k[n > 0], n[n > 0]
    if len(n) == 0 or n.sum() == 0:
        return False
    rate = k.sum() / n.sum()
    return bool(min((n * rate).min(), (n * (1 - rate)).min()) < 5)


def _chi2_k_by_2(k: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Pearson chi-square of k x 2 tables, one per row of ``k`` (successes per group, totals ``n``)."""
    rate = k.sum(axis=1, keepdims=True) / n.sum()
    e1, e0 = n * rate, n * (1 - rate)
    with np.errstate(invalid="ignore", divide="ignore"):
        stat = (k - e1) ** 2 / e1 + ((n - k) - e0) ** 2 / e0
    return np.nansum(stat, axis=1)


def difference_interval(k1: int, n1: int, k2: int, n2: int, level: float = 0.95) -> tuple[float, float]:
    """Interval for the difference of two shares ``k1/n1 - k2/n2`` (Newcombe's hybrid score method).

    Built from the two Wilson intervals, so it behaves with zero counts (0 of 65 is
    not "exactly 0%") where the textbook interval and the bootstrap both collapse.

    Example:
        >>> low, high = difference_interval(30, 100, 10, 100)
        >>> round(low, 3), round(high, 3)
        (0.09, 0.306)
    """
    if n1 <= 0 or n2 <= 0:
        return math.nan, math.nan
    p1, p2 = k1 / n1, k2 / n2
    (l1, u1), (l2, u2) = (tuple(map(float, wilson_interval(k, n, level))) for k, n in ((k1, n1), (k2, n2)))
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def mean_difference_test(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sided Mann-Whitney U p-value for two samples of sentiment scores.

    Rank-based because sentiment scores are bounded and pile up at 0, far from normal.
    Returns 1.0 when a sample is empty or all values are equal.

    Example:
        >>> mean_difference_test(np.array([0.5] * 20), np.array([-0.5] * 20)) < 0.001
        True
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    if len(a) == 0 or len(b) == 0:
        return 1.0
    if np.ptp(np.concatenate([a, b])) == 0:
        return 1.0
    return float(_sp.mannwhitneyu(a, b, alternative="two-sided").pvalue)


def holm(p_values: Sequence[float]) -> np.ndarray:
    """Holm-Bonferroni adjusted p-values (controls the chance of any false verdict).

    NaN entries are left as NaN and do not count towards the number of tests.

    Example:
        >>> holm([0.01, 0.04, 0.03]).round(2).tolist()
        [0.03, 0.06, 0.06]
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    valid = np.flatnonzero(~np.isnan(p))
    m = len(valid)
    if m == 0:
        return out
    order = valid[np.argsort(p[valid], kind="stable")]
    adjusted = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out[order] = np.minimum(adjusted, 1.0)
    return out


def benjamini_hochberg(p_values: Sequence[float]) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (controls the share of false discoveries).

    NaN entries are left as NaN and do not count towards the number of tests.

    Example:
        >>> benjamini_hochberg([0.01, 0.04, 0.03]).round(2).tolist()
        [0.03, 0.04, 0.04]
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    valid = np.flatnonzero(~np.isnan(p))
    m = len(valid)
    if m == 0:
        return out
    order = valid[np.argsort(p[valid], kind="stable")]
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out[order] = np.minimum(adjusted, 1.0)
    return out


CORRECTIONS = {"holm": holm, "bh": benjamini_hochberg}


def correct(p_values: Sequence[float], method: str) -> np.ndarray:
    """Apply the correction named ``method`` ("holm" or "bh") to ``p_values``."""
    return CORRECTIONS[method](p_values)


def bootstrap_means(
    values: np.ndarray, n_boot: int = 1000, seed: int = 0, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap intervals for the column means of ``values`` (rows = comments).

    Rows are resampled together, so every column's interval comes from the same
    resamples. The same ``seed`` gives the same intervals. NaNs in a column are
    ignored for that column. With no rows both bounds are NaN; with one row they
    equal that row (a single comment carries no information about spread).

    Returns:
        ``(low, high)``, each of shape ``(columns,)``.

    Example:
        >>> low, high = bootstrap_means(np.array([[1.0], [0.0]] * 50), seed=1)
        >>> bool(low[0] < 0.5 < high[0])
        True
    """
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    n, k = values.shape
    if n == 0:
        return np.full(k, np.nan), np.full(k, np.nan)
    rng = np.random.default_rng(seed)
    low, high = np.empty(k), np.empty(k)
    # Chunked so that a 10,000-comment group with 1,000 resamples stays in memory.
    chunk = max(1, 2_000_000 // max(n, 1))
    means = []
    done = 0
    while done < n_boot:
        size = min(chunk, n_boot - done)
        idx = rng.integers(0, n, size=(size, n))
        sample = values[idx]  # (size, n, k)
        with np.errstate(invalid="ignore"):
            means.append(np.nanmean(sample, axis=1) if np.isnan(values).any() else sample.mean(axis=1))
        done += size
    boot = np.concatenate(means, axis=0)
    alpha = (1 - level) / 2
    for j in range(k):
        col = boot[:, j]
        col = col[~np.isnan(col)]
        if len(col) == 0:
            low[j] = high[j] = math.nan
        else:
            low[j], high[j] = np.quantile(col, [alpha, 1 - alpha])
    return low, high


def wilson_interval(k: np.ndarray | int, n: np.ndarray | int, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for the share ``k / n`` (vectorised; NaN where ``n`` is 0).

    Unlike the textbook ``p +- z*se``, it stays inside [0, 1] and is honest for small
    counts: 3 of 10 is not "30% +- 28%". Closed-form, so it needs no seed.

    Example:
        >>> low, high = wilson_interval(3, 10)
        >>> round(float(low), 3), round(float(high), 3)
        (0.108, 0.603)
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    z = float(_sp.norm.ppf(1 - (1 - level) / 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return low, high


def format_p(p: float) -> str:
    """A p-value the way a reader expects it: ``p < 0.001``, ``p < 0.01``, ``p = 0.031``.

    Three decimals below 0.1, so a p of 0.049 never prints as "0.05".

    Example:
        >>> format_p(0.0004), format_p(0.004), format_p(0.0492), format_p(0.5)
        ('p < 0.001', 'p < 0.01', 'p = 0.049', 'p = 0.50')
    """
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "p = n/a"
    if p < 0.001:
        return "p < 0.001"
    if p < 0.01:
        return "p < 0.01"
    if p < 0.1:
        return f"p = {p:.3f}"
    return f"p = {p:.2f}"
