"""Themes: a few groups of related topics for the summary.

Topic centroids are clustered (agglomerative, Ward linkage on unit centroids)
into ``n_themes`` groups; a theme is named after its largest topics.
"""

from __future__ import annotations

import numpy as np
from sklearn.cluster import AgglomerativeClustering


def default_n_themes(n_topics: int) -> int:
    """3 to 7 themes, about the square root of the topic count (never more than topics)."""
    return int(min(n_topics, max(3, min(7, round(n_topics**0.5)))))


def group_topics(
    centroids: np.ndarray, sizes: np.ndarray, labels: list[str], n_themes: int | None = None
) -> tuple[np.ndarray, list[str]]:
    """Theme index per topic (0 = theme with most comments) and a label per theme.

    Example:
        >>> c = np.array([[1.0, 0.0], [0.99, 0.14], [0.0, 1.0]])
        >>> group_topics(c, np.array([5, 3, 2]), ["Delays", "Late flight", "Bags"], 2)
        (array([0, 0, 1]), ['Delays & Late flight', 'Bags'])
    """
    k = len(centroids)
    if k == 0:
        return np.zeros(0, dtype=int), []
    n = default_n_themes(k) if n_themes is None else max(1, min(n_themes, k))
    if n >= k:
        raw = np.arange(k)
    else:
        # Ward on unit centroids (euclidean there is monotone in cosine) gives balanced groups;
        # average linkage left one theme holding almost every topic.
        unit = centroids / np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
        raw = AgglomerativeClustering(n_clusters=n, linkage="ward").fit_predict(unit)
    totals = {g: int(sizes[raw == g].sum()) for g in np.unique(raw)}
    first = {g: int(np.flatnonzero(raw == g)[0]) for g in np.unique(raw)}
    order = sorted(totals, key=lambda g: (-totals[g], first[g]))
    remap = {g: i for i, g in enumerate(order)}
    theme = np.array([remap[g] for g in raw], dtype=int)
    names: list[str] = []
    for g in range(len(order)):
        members = sorted(np.flatnonzero(theme == g), key=lambda t: (-sizes[t], t))
        names.append(" & ".join(labels[t] for t in members[:2]))
    return theme, names
