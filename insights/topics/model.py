"""The topic model: BERTopic as the engine, with faster, outlier-free parts.

BERTopic's defaults (UMAP + HDBSCAN) are slow on a CPU and leave a quarter of
short comments as outliers. Here its slots hold:

* ``umap_model`` -> :class:`PCAReducer`: PCA with a fixed seed (seconds, deterministic);
* ``hdbscan_model`` -> :class:`AutoKMeans`: k-means with k chosen from the data,
  small topics folded into their nearest neighbour, near-duplicate topics merged;
* ``vectorizer_model`` -> uni/bi-grams without handles, URLs or stop words;
* ``ctfidf_model`` -> ``ClassTfidfTransformer(reduce_frequent_words=True)``.

The vectors clustered are *hybrid*: the sentence embedding (centred, so the
direction every comment shares — "this is a complaint" — does not dominate) next
to an LSA projection of TF-IDF word counts, which pulls comments that name the same
things ("bag", "delayed", "refund") together even when their tone differs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.metrics import silhouette_score

from insights.topics.text import count_vectorizer, tfidf_vectorizer

# Candidate topic counts tried when n_topics is not given.
MIN_MEAN_TOPIC = 25
K_CANDIDATES: tuple[int, ...] = (4, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120)
# Each doubling of the topic count must raise the silhouette by this much times ln 2
# (a log prior on k): finer topics must separate comments clearly better to be chosen.
K_PENALTY = 0.015
# At least this many topics (a report of fewer topics over thousands of comments lumps
# unrelated subjects together), and one per FLOOR_DOCS comments in smaller corpora.
MIN_K = 8
SMOOTH_FROM = 20
FLOOR_DOCS = 30


def _unit(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return x / norms


@dataclass
class HybridFeatures:
    """Turns (texts, embeddings) into the vectors that are clustered.

    Args:
        lexical_weight: weight of the TF-IDF/LSA half against the embedding half
            (0 = embeddings only).
        lsa_dims: dimensions of the LSA projection of TF-IDF.
        extra_stop: words never used as features (e.g. the corpus's @handles).
        random_state: seed of the truncated SVD.
    """

    lexical_weight: float = 0.5
    lsa_dims: int = 100
    extra_stop: frozenset[str] = frozenset()
    random_state: int = 42
    canon: dict[str, str] = field(default_factory=dict)
    mean_: np.ndarray | None = field(default=None, init=False)
    vectorizer_: object | None = field(default=None, init=False)
    svd_: TruncatedSVD | None = field(default=None, init=False)

    def fit_transform(self, texts: list[str], embeddings: np.ndarray) -> np.ndarray:
        self.mean_ = embeddings.mean(axis=0)
        self.vectorizer_ = None
        self.svd_ = None
        if self.lexical_weight > 0 and len(texts) >= 20:
            vectorizer = tfidf_vectorizer(self.extra_stop, n_docs=len(texts), canon=self.canon)
            try:
                tfidf = vectorizer.fit_transform(texts)
            except ValueError:  # no usable word at all (emoji, numbers): embeddings alone
                tfidf = None
            if tfidf is not None and tfidf.shape[1] > 2:
                dims = max(1, min(self.lsa_dims, tfidf.shape[1] - 1, len(texts) - 1))
                self.svd_ = TruncatedSVD(dims, random_state=self.random_state, algorithm="randomized")
                self.svd_.fit(tfidf)
                self.vectorizer_ = vectorizer
        return self.transform(texts, embeddings)

    def compact(self) -> None:
        """Drop what only describes the fit (the words min_df cut: large, never read again),
        so a fitted model pickles small for the workers that assign comments."""
        if self.vectorizer_ is not None and hasattr(self.vectorizer_, "stop_words_"):
            del self.vectorizer_.stop_words_

    def transform(self, texts: list[str], embeddings: np.ndarray) -> np.ndarray:
        semantic = _unit(embeddings - self.mean_)
        if self.svd_ is None:
            return semantic
        lexical = _unit(self.svd_.transform(self.vectorizer_.transform(texts)))
        return _unit(np.hstack([semantic, self.lexical_weight * lexical]))


class PCAReducer:
    """BERTopic's ``umap_model`` slot: PCA with a fixed seed, sized to the data.

    Args:
        n_components: target dimensions (capped by the number of rows and columns).
        random_state: seed for the randomized solver.
    """

    def __init__(self, n_components: int = 60, random_state: int = 42, unit: bool = True) -> None:
        self.n_components = n_components
        self.random_state = random_state
        self.unit = unit

    def fit(self, X: np.ndarray, y: object = None) -> "PCAReducer":
        dims = max(1, min(self.n_components, X.shape[0] - 1, X.shape[1]))
        self.pca_ = PCA(dims, random_state=self.random_state, svd_solver="full")
        self.pca_.fit(X)
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        # Back on the unit sphere: k-means then clusters by direction (cosine), as embeddings want.
        Z = self.pca_.transform(X)
        return _unit(Z) if self.unit else Z

    def fit_transform(self, X: np.ndarray, y: object = None) -> np.ndarray:
        return self.fit(X).transform(X)


def choose_k(
    X: np.ndarray,
    candidates: tuple[int, ...] = K_CANDIDATES,
    max_k: int | None = None,
    penalty: float = K_PENALTY,
    min_k: int = MIN_K,
    sample: int = 1500,
    random_state: int = 42,
) -> tuple[int, dict[int, float]]:
    """Pick a topic count: the best silhouette after a log penalty on the number of topics.

    Silhouette on sentence embeddings keeps creeping up as clusters shrink (60 topics for
    2,500 restaurant sentences), so its maximum is a poor target for a report. The score is
    ``silhouette(k) - penalty * ln(k)`` over candidates of at least ``min_k`` (when the corpus
    allows it): doubling the topics must buy a clearly better separation. Corpora with many
    real subjects (77 banking intents) still get many topics, because there the silhouette
    rises steeply with k.

    Returns:
        (k, {candidate: silhouette})
    """
    n = X.shape[0]
    rng = np.random.RandomState(random_state)
    idx = np.sort(rng.choice(n, size=min(n, sample), replace=False))
    Xs = X[idx]
    limit = min(max_k or n, len(Xs) - 1)
    # Small corpora may hold only two or three subjects; big ones are never summarised that coarsely.
    pool = ((2, 3) if n < 200 else ()) + tuple(candidates)
    ks = [k for k in pool if 2 <= k <= limit] or [max(1, min(2, limit))]
    scores: dict[int, float] = {}
    for k in ks:
        if k < 2:
            continue
        # Two seeds, averaged: one k-means run's silhouette wobbles as much as the gaps between ks.
        runs = []
        for seed in (random_state, random_state + 1):
            labels = KMeans(k, n_init=1, max_iter=50, random_state=seed).fit_predict(Xs)
            if len(set(labels)) >= 2:
                runs.append(silhouette_score(Xs, labels, sample_size=min(len(Xs), 2000), random_state=random_state))
        if not runs:
            continue
        scores[k] = float(np.mean(runs))
    if not scores:
        return ks[0], scores
    floor = min(min_k, max(scores))
    # From SMOOTH_FROM topics up, smooth over neighbouring candidates: there one k's silhouette
    # dips or spikes by chance (banking77 went 0.166, 0.157, 0.171 at 40, 50, 60 topics) and an
    # unsmoothed pick follows the noise. Few, well-separated subjects give a real, sharp peak.
    ordered = sorted(scores)
    smooth = {
        k: float(np.mean([scores[c] for c in ordered[max(0, i - 1) : i + 2]])) if k >= SMOOTH_FROM else scores[k]
        for i, k in enumerate(ordered)
    }
    penalised = {k: smooth[k] - penalty * math.log(k) for k in scores if k >= floor}
    return max(penalised, key=lambda k: (penalised[k], -k)), scores


class AutoKMeans:
    """BERTopic's ``hdbscan_model`` slot: k-means that places every comment.

    Args:
        n_clusters: fixed k; None chooses k with :func:`choose_k`.
        min_cluster_size: clusters smaller than this are folded into the nearest one.
        merge_threshold: clusters whose centroids have cosine >= this are merged
            (not applied when ``n_clusters`` is fixed).
        init_centers: rows used as the first centroids (guided topics); the rest are
            found by k-means.
        random_state: seed.
    """

    def __init__(
        self,
        n_clusters: int | None = None,
        min_cluster_size: int = 2,
        merge_threshold: float = 0.9,
        init_centers: np.ndarray | None = None,
        random_state: int = 42,
    ) -> None:
        self.n_clusters = n_clusters
        self.min_cluster_size = min_cluster_size
        self.merge_threshold = merge_threshold
        self.init_centers = init_centers
        self.random_state = random_state

    def fit(self, X: np.ndarray, y: object = None) -> "AutoKMeans":
        n = X.shape[0]
        n_seeds = 0 if self.init_centers is None else len(self.init_centers)
        if self.n_clusters is not None:
            k = self.n_clusters
            self.silhouettes_ = {}
        else:
            # Silhouette keeps rising as clusters shrink to a handful of points, so topics must
            # average MIN_MEAN_TOPIC comments: 400 comments give at most 16 topics, not 120.
            max_k = max(3, min(n // max(self.min_cluster_size, 1), n // MIN_MEAN_TOPIC))
            # Small corpora get a smaller floor: about one topic per FLOOR_DOCS comments. Large
            # ones a larger one, growing with sqrt(n): 8 topics cannot summarise 15,000 tweets
            # without folding delays into "cancelled flights" and hold times together.
            min_k = max(min(MIN_K, max(2, n // FLOOR_DOCS)), int(math.sqrt(n) / 5))
            k, self.silhouettes_ = choose_k(X, max_k=max_k, min_k=min_k, random_state=self.random_state)
        k = max(1, min(max(k, n_seeds), n))
        self.k_chosen_ = k
        if n_seeds:
            free = k - n_seeds
            seeds = np.asarray(self.init_centers, dtype=np.float64)
            if free > 0:
                extra = KMeans(free, n_init=3, random_state=self.random_state).fit(X).cluster_centers_
                init = np.vstack([seeds, extra])
            else:
                init = seeds[:k]
            km = KMeans(k, init=init, n_init=1, random_state=self.random_state).fit(X)
        else:
            km = KMeans(k, n_init=3, random_state=self.random_state).fit(X)
        labels = km.labels_.astype(int)
        labels = self._fold_small(X, labels)
        if self.n_clusters is None:
            labels = self._merge_close(X, labels)
        self.labels_ = _relabel_dense(labels)
        self.cluster_centers_ = np.vstack([X[self.labels_ == c].mean(axis=0) for c in range(self.labels_.max() + 1)])
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.argmax(_unit(X) @ _unit(self.cluster_centers_).T, axis=1)

    def _fold_small(self, X: np.ndarray, labels: np.ndarray) -> np.ndarray:
        # Reassign members of too-small clusters to the nearest surviving centroid.
        while True:
            ids, sizes = np.unique(labels, return_counts=True)
            small = ids[sizes < self.min_cluster_size]
            if len(small) == 0 or len(small) == len(ids):
                return labels
            big = ids[sizes >= self.min_cluster_size]
            centers = _unit(np.vstack([X[labels == c].mean(axis=0) for c in big]))
            moved = np.isin(labels, small)
            labels = labels.copy()
            labels[moved] = big[np.argmax(_unit(X[moved]) @ centers.T, axis=1)]

    def _merge_close(self, X: np.ndarray, labels: np.ndarray) -> np.ndarray:
        # Merge the closest pair while their centroid cosine is above the threshold.
        labels = labels.copy()
        while True:
            ids = np.unique(labels)
            if len(ids) < 3:
                return labels
            centers = _unit(np.vstack([X[labels == c].mean(axis=0) for c in ids]))
            sims = centers @ centers.T
            np.fill_diagonal(sims, -np.inf)
            i, j = np.unravel_index(np.argmax(sims), sims.shape)
            if sims[i, j] < self.merge_threshold:
                return labels
            labels[labels == ids[max(i, j)]] = ids[min(i, j)]


def _relabel_dense(labels: np.ndarray) -> np.ndarray:
    """Ids 0..k-1 by size (largest first), ties by first appearance: stable across runs."""
    ids, first, sizes = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(ids)), key=lambda i: (-sizes[i], first[i]))
    mapping = {int(ids[i]): rank for rank, i in enumerate(order)}
    return np.array([mapping[int(v)] for v in labels], dtype=int)


@dataclass
class TopicFit:
    """What one fit produced, for the stage to turn into columns and tables."""

    labels: np.ndarray  # topic per document, 0..k-1 ordered by size
    keywords: dict[int, list[str]]  # c-TF-IDF words per topic, best first
    centroids: np.ndarray  # (k, d) unit centroids in embedding space
    details: dict


def build_bertopic(
    reducer: object,
    clusterer: object,
    extra_stop: frozenset[str],
    n_docs: int,
    top_n_words: int = 10,
    canon: dict[str, str] | None = None,
):
    """A BERTopic with our parts in its slots (no embedding model: vectors are passed in)."""
    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer

    return BERTopic(
        embedding_model=None,
        umap_model=reducer,
        hdbscan_model=clusterer,
        vectorizer_model=count_vectorizer(extra_stop, n_docs=n_docs, canon=canon),
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        representation_model=None,
        top_n_words=top_n_words,
        calculate_probabilities=False,
        verbose=False,
    )


def topics_from_bertopic(model, doc_topics: list[int]) -> tuple[np.ndarray, dict[int, list[str]]]:
    """Re-map BERTopic's topic ids to ours (size order, stable ties) with their keywords."""
    raw = np.asarray(doc_topics, dtype=int)
    labels = _relabel_dense(raw)
    keywords: dict[int, list[str]] = {}
    for old, new in zip(raw, labels):
        if int(new) in keywords:
            continue
        words = model.get_topic(int(old)) or []
        keywords[int(new)] = [w for w, score in words if w and score > 0]
    return labels, keywords


def centroids_of(embeddings: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Unit centroid of each topic (rows = topic ids 0..k-1) in embedding space."""
    k = int(labels.max()) + 1 if len(labels) else 0
    if k == 0:
        return np.zeros((0, embeddings.shape[1]))
    return _unit(np.vstack([embeddings[labels == t].mean(axis=0) for t in range(k)]))


def default_min_topic_size(n: int) -> int:
    """A topic must hold at least ~0.2% of comments (and 3 of them) to stand alone.

    Higher floors fold away real fine-grained topics (77 banking intents of ~40 questions each).
    """
    return max(3, int(math.ceil(0.002 * n)))
