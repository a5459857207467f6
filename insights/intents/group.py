"""Grouping: requests (or complaints) that mean the same thing become one row with a canonical phrase.

Phrases are embedded (by the caller, with the run's embedder) and merged by
agglomerative clustering with average linkage under a cosine-similarity
threshold: deterministic, no number of groups to guess.

Example:
    >>> vecs = np.array([[1, 0], [0.99, 0.14], [0, 1]], dtype=np.float32)
    >>> cluster_phrases(vecs, threshold=0.8).tolist()
    [0, 0, 1]
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from insights import schema as S

GROUP_COLUMNS: tuple[str, ...] = (
    S.GROUP_ID,
    S.GROUP_PHRASE,
    S.GROUP_COUNT,
    S.GROUP_AUTHORS,
    S.GROUP_MENTIONS,
    S.GROUP_VARIANTS,
    S.GROUP_COMMENT_IDS,
    S.GROUP_EXAMPLES,
    S.GROUP_SENTIMENT,
)


# The phrase's share beside its comment's embedding. 1.0 keeps short synonymous one-liners
# together ("add dark mode" / "I wish it had a night theme" / "black background option": lower
# weights let the whole comment's wording split them). Long reviews group better lower: CLAP rq3
# size-weighted ARI 0.394 at 1.0, 0.439 at 0.75, 0.491 at 0.5, 0.563 at 0.25 (the demo keeps dark
# mode whole down to 0.5; 0.25 splits its login crashes in two).
PHRASE_WEIGHT = 1.0


def phrase_vectors(
    phrases: Sequence[str],
    embedder,
    context: np.ndarray | None = None,
    phrase_weight: float = PHRASE_WEIGHT,
) -> np.ndarray:
    """L2-normalised vectors for grouping: the phrase's embedding, plus its comment's when given.

    Adding the comment's own embedding (``context``, rows aligned to ``phrases``) keeps a
    poorly extracted phrase near what its comment is about; ``phrase_weight`` scales the
    phrase's (unit) vector against the comment's.

    Example:
        >>> phrase_vectors(["add dark mode"], embedder, comment_vectors)  # doctest: +SKIP
    """
    from insights.embed import embed_texts

    vectors = embed_texts(list(phrases), embedder).astype(np.float32)
    if (
        context is not None
        and len(context) == len(vectors)
        and context.shape[1:] == vectors.shape[1:]
    ):
        vectors = phrase_weight * vectors + np.asarray(context, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


# Exact average linkage needs every pairwise similarity: fine up to a few thousand phrases,
# quadratic in time and memory beyond (30,000 complaints would need 7 GB). Larger sets are
# clustered in rounds: exact linkage on an evenly spaced sample, then every other phrase joins
# the sample cluster it is on average most similar to (the same average similarity linkage
# uses), if that reaches the threshold; the rest go to the next round.
EXACT_LIMIT = 3000


def _exact_clusters(vectors: np.ndarray, threshold: float) -> np.ndarray:
    if len(vectors) < 2:
        return np.zeros(len(vectors), dtype=np.int64)
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1.0 - threshold
    )
    return model.fit_predict(np.asarray(vectors, dtype=np.float64)).astype(np.int64)


def _sampled_clusters(vectors: np.ndarray, threshold: float, limit: int) -> np.ndarray:
    labels = np.full(len(vectors), -1, dtype=np.int64)
    todo = np.arange(len(vectors))
    next_label = 0
    while len(todo):
        if len(todo) <= limit:
            labels[todo] = _exact_clusters(vectors[todo], threshold) + next_label
            break
        sample = todo[np.linspace(0, len(todo) - 1, limit).round().astype(np.int64)]
        raw = _exact_clusters(vectors[sample], threshold)
        labels[sample] = raw + next_label
        k = int(raw.max()) + 1
        # Mean vector per cluster: x . mean is x's average cosine to the cluster's members.
        means = np.zeros((k, vectors.shape[1]), dtype=np.float32)
        np.add.at(means, raw, vectors[sample])
        means /= np.bincount(raw, minlength=k)[:, None]
        rest = np.setdiff1d(todo, sample, assume_unique=True)
        joined = np.zeros(len(rest), dtype=bool)
        for start in range(0, len(rest), 4096):  # bounded memory: 4096 x k similarities
            block = rest[start : start + 4096]
            sims = vectors[block] @ means.T
            best = np.argmax(sims, axis=1)
            ok = sims[np.arange(len(block)), best] >= threshold
            labels[block[ok]] = best[ok] + next_label
            joined[start : start + 4096] = ok
        next_label += k
        todo = rest[~joined]
    return labels


def cluster_phrases(
    vectors: np.ndarray, threshold: float = 0.45, exact_limit: int = EXACT_LIMIT
) -> np.ndarray:
    """Cluster labels (0..k-1, numbered by first appearance) for L2-normalised phrase vectors.

    Two phrases end up together when the average cosine similarity between their
    clusters is at least ``threshold``. Up to ``exact_limit`` phrases this is exact average
    linkage; beyond, rounds of exact linkage on an evenly spaced sample with the other phrases
    assigned to the sample cluster of highest average similarity (near-linear; deterministic).
    """
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=int)
    if n == 1:
        return np.zeros(1, dtype=int)
    vectors = np.asarray(vectors, dtype=np.float32)
    if n <= exact_limit:
        raw = _exact_clusters(vectors, threshold)
    else:
        raw = _sampled_clusters(vectors, threshold, exact_limit)
    # Renumber by first appearance so labels do not depend on scikit-learn's internal order.
    _, first = np.unique(raw, return_index=True)
    rank = np.empty(len(first), dtype=int)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    _, inverse = np.unique(raw, return_inverse=True)
    return rank[inverse]


def canonical_phrase(phrases: Sequence[str], vectors: np.ndarray | None = None) -> str:
    """The most frequent phrase; ties go to the one nearest the group's centroid, then the shortest."""
    counts = Counter(phrases)
    top = max(counts.values())
    tied = sorted(p for p, c in counts.items() if c == top)
    if len(tied) == 1 or vectors is None:
        return min(tied, key=lambda p: (len(p), p))
    centroid = vectors.mean(axis=0)
    first = {p: i for i, p in reversed(list(enumerate(phrases)))}
    return max(tied, key=lambda p: (round(float(vectors[first[p]] @ centroid), 6), -len(p)))


def group_table(
    frame: pd.DataFrame,
    phrases: Sequence[str],
    vectors: np.ndarray | None,
    threshold: float = 0.45,
    n_examples: int = 3,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Group comments by phrase meaning; returns (one row per group, group id per comment).

    Args:
        frame: the comments carrying this intent (their rows of ``corpus.comments``).
        phrases: their ``intent_text``, aligned to ``frame``.
        vectors: L2-normalised phrase embeddings aligned to ``frame``; None groups
            identical phrases only.
        threshold: cosine similarity at which two phrases are merged.
        n_examples: verbatim quotes kept per group.

    Group ids run 0..k-1 by count (desc), then first appearance.
    """
    n = len(frame)
    if n == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in GROUP_COLUMNS}), np.zeros(
            0, dtype=int
        )
    phrases = [p or "" for p in phrases]
    if vectors is None:
        index = {p: i for i, p in reversed(list(enumerate(dict.fromkeys(phrases))))}
        raw = np.array([index[p] for p in phrases], dtype=int)
    else:
        raw = cluster_phrases(vectors, threshold)
    # Group ids by size (desc), then first appearance; one pass, no per-group scans of all rows.
    _, first, inverse, sizes = np.unique(
        raw, return_index=True, return_inverse=True, return_counts=True
    )
    ranked = np.lexsort((first, -sizes))
    new_id = np.empty(len(ranked), dtype=int)
    new_id[ranked] = np.arange(len(ranked))
    ids = new_id[inverse.reshape(-1)]
    order = np.argsort(ids, kind="stable")  # members of each group, in input order
    bounds = np.flatnonzero(np.diff(ids[order])) + 1
    members_of = np.split(order, bounds)

    quote_col = S.DISPLAY_TEXT if S.DISPLAY_TEXT in frame else S.TEXT
    quotes = frame[quote_col].fillna("").astype(str).tolist() if quote_col in frame else [""] * n
    key = pd.Series(ids, index=frame.index)
    counts = np.bincount(ids)
    if S.AUTHOR in frame:
        author = frame[S.AUTHOR].astype("string").fillna("").replace("", pd.NA)
        authors = author.groupby(key).nunique().reindex(range(len(ranked)), fill_value=0)
        authors = authors.to_numpy(dtype=int)
    else:
        authors = counts
    if S.DUPLICATE_COUNT in frame:
        dup = pd.to_numeric(frame[S.DUPLICATE_COUNT], errors="coerce").fillna(1)
        mentions = dup.groupby(key).sum().reindex(range(len(ranked))).to_numpy()
    else:
        mentions = counts
    sentiments = np.full(len(ranked), np.nan)
    if S.SENTIMENT in frame:
        sent = pd.to_numeric(frame[S.SENTIMENT], errors="coerce")
        sentiments = sent.groupby(key).mean().reindex(range(len(ranked))).to_numpy(dtype=float)
    comment_ids = frame[S.COMMENT_ID].astype(str).tolist() if S.COMMENT_ID in frame else None

    rows = []
    for gid, members in enumerate(members_of):
        member_phrases = [phrases[i] for i in members]
        canonical = canonical_phrase(
            member_phrases, vectors[members] if vectors is not None else None
        )
        variants = [p for p in dict.fromkeys(member_phrases) if p and p != canonical]
        # Shorter quotes read better in a report; ties keep input order (stable sort).
        member_quotes = (quotes[i] for i in members)
        examples = sorted(dict.fromkeys(q for q in member_quotes if q.strip()), key=len)[
            :n_examples
        ]
        sentiment = float(sentiments[gid])
        rows.append(
            {
                S.GROUP_ID: gid,
                S.GROUP_PHRASE: canonical,
                S.GROUP_COUNT: int(counts[gid]),
                S.GROUP_AUTHORS: int(authors[gid]),
                S.GROUP_MENTIONS: int(mentions[gid]),
                S.GROUP_VARIANTS: ";".join(variants),
                S.GROUP_COMMENT_IDS: ";".join(comment_ids[i] for i in members)
                if comment_ids is not None
                else "",
                S.GROUP_EXAMPLES: examples,
                S.GROUP_SENTIMENT: sentiment if math.isnan(sentiment) else round(sentiment, 4),
            }
        )
    return pd.DataFrame(rows, columns=list(GROUP_COLUMNS)), ids
