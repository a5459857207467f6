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


def phrase_vectors(
    phrases: Sequence[str], embedder, context: np.ndarray | None = None
) -> np.ndarray:
    """L2-normalised vectors for grouping: the phrase's embedding, plus its comment's when given.

    Adding the comment's own embedding (``context``, rows aligned to ``phrases``) keeps a
    poorly extracted phrase near what its comment is about.
    """
    from insights.embed import embed_texts

    vectors = embed_texts(list(phrases), embedder).astype(np.float32)
    if (
        context is not None
        and len(context) == len(vectors)
        and context.shape[1:] == vectors.shape[1:]
    ):
        vectors = vectors + np.asarray(context, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def cluster_phrases(vectors: np.ndarray, threshold: float = 0.45) -> np.ndarray:
    """Cluster labels (0..k-1, numbered by first appearance) for L2-normalised phrase vectors.

    Two phrases end up together when the average cosine similarity between their
    clusters is at least ``threshold``.
    """
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=int)
    if n == 1:
        return np.zeros(1, dtype=int)
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1.0 - threshold
    )
    raw = model.fit_predict(np.asarray(vectors, dtype=np.float64))
    # Renumber by first appearance so labels do not depend on scikit-learn's internal order.
    order: dict[int, int] = {}
    for label in raw:
        order.setdefault(int(label), len(order))
    return np.array([order[int(label)] for label in raw], dtype=int)


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
    sizes = Counter(raw.tolist())
    firsts = {label: int(np.flatnonzero(raw == label)[0]) for label in sizes}
    ranked = sorted(sizes, key=lambda label: (-sizes[label], firsts[label]))
    new_id = {label: i for i, label in enumerate(ranked)}
    ids = np.array([new_id[label] for label in raw], dtype=int)

    quote_col = S.DISPLAY_TEXT if S.DISPLAY_TEXT in frame else S.TEXT
    rows = []
    for gid in range(len(ranked)):
        members = np.flatnonzero(ids == gid)
        sub = frame.iloc[members]
        member_phrases = [phrases[i] for i in members]
        canonical = canonical_phrase(
            member_phrases, vectors[members] if vectors is not None else None
        )
        variants = [p for p in dict.fromkeys(member_phrases) if p and p != canonical]
        count = len(members)
        authors = (
            int(sub[S.AUTHOR].astype("string").fillna("").replace("", pd.NA).dropna().nunique())
            if S.AUTHOR in sub
            else count
        )
        mentions = (
            int(pd.to_numeric(sub[S.DUPLICATE_COUNT], errors="coerce").fillna(1).sum())
            if S.DUPLICATE_COUNT in sub
            else count
        )
        quotes = sub[quote_col].fillna("").astype(str).tolist() if quote_col in sub else []
        # Shorter quotes read better in a report; ties keep input order (stable sort).
        examples = sorted(dict.fromkeys(q for q in quotes if q.strip()), key=len)[:n_examples]
        sentiment = (
            float(pd.to_numeric(sub[S.SENTIMENT], errors="coerce").mean())
            if S.SENTIMENT in sub and pd.to_numeric(sub[S.SENTIMENT], errors="coerce").notna().any()
            else float("nan")
        )
        rows.append(
            {
                S.GROUP_ID: gid,
                S.GROUP_PHRASE: canonical,
                S.GROUP_COUNT: count,
                S.GROUP_AUTHORS: authors,
                S.GROUP_MENTIONS: mentions,
                S.GROUP_VARIANTS: ";".join(variants),
                S.GROUP_COMMENT_IDS: ";".join(sub[S.COMMENT_ID].astype(str).tolist())
                if S.COMMENT_ID in sub
                else "",
                S.GROUP_EXAMPLES: examples,
                S.GROUP_SENTIMENT: sentiment if math.isnan(sentiment) else round(sentiment, 4),
            }
        )
    return pd.DataFrame(rows, columns=list(GROUP_COLUMNS)), ids
