"""The topic model: BERTopic as the engine, with faster, outlier-free parts.

BERTopic's defaults (UMAP + HDBSCAN) are slow on a CPU and leave a quarter of
short comments as outliers. Here its slots hold:

* ``umap_model`` -> :class:`PCAReducer`: PCA with a fixed seed (seconds, deterministic);
* ``hdbscan_model`` -> :class:`AutoKMeans`: k-means with k chosen from the data,
  small topics folded into their nearest neighbour, near-duplicate topics merged, then
  refined by EM on a mixture of meaning and content words
  (:class:`~insights.topics.mixture.WordMixture`);
* ``vectorizer_model`` -> uni/bi-grams without handles, URLs or stop words;
* ``ctfidf_model`` -> ``ClassTfidfTransformer(reduce_frequent_words=True)``.

The vectors clustered are *hybrid*: the sentence embedding (centred, so the
direction every comment shares — "this is a complaint" — does not dominate) next
to an LSA projection of TF-IDF word counts, which pulls comments that name the same
things ("bag", "delayed", "refund") together even when their tone differs, and a
SIF-weighted average of the comment's word vectors (the static model2vec model
distilled from MiniLM), which LSA cannot give: "bag", "luggage" and "suitcase" are
three unrelated columns to LSA but near neighbours as word vectors.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics import silhouette_score

from insights.topics.mixture import WordMixture
from insights.topics.text import LEXICAL_STOP_WORDS, count_vectorizer, word_vectorizer

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
# k-means runs of the final fit, which consensus_kmeans combines (its docstring has the numbers;
# 10 runs against 3, best run kept: seed-to-seed ARI on SemEval 0.554 -> 0.627, commit 5a35fde).
KMEANS_RESTARTS = 10
# SIF's smoothing constant (Arora et al. 2017): a word of corpus frequency p weighs a / (a + p),
# so words in most comments ("the", "my", "flight" in airline tweets) fade but still count -
# banking intents live partly in them ("how long", "why") - and rare subject words lead.
SIF_A = 1e-3
# Weight of the word-vector part: TopicStage's default (its ``word_weight``) and HybridFeatures'
# when given none. Measured on airline, SemEval and banking77: see scripts/eval_topics.py.
WORD_WEIGHT = 0.6


def _unit(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return x / norms


def static_word_vectors(words: Sequence[str]) -> np.ndarray:
    """Unit vectors of single words from the static model2vec model distilled from MiniLM
    (built once and cached, like ``--fast`` embeddings, and loaded once per process)."""
    from insights.embed import StaticEmbedder

    return StaticEmbedder().encode(list(words))


@dataclass
class HybridFeatures:
    """Turns (texts, embeddings) into the vectors that are clustered.

    Three parts, each unit length before weighting: the centred sentence embedding (what
    the comment means, tone included), an LSA projection of TF-IDF (which exact words it
    uses), and the SIF-weighted mean of its words' static vectors (which *kind* of thing it
    names: "bag" ~ "luggage" ~ "suitcase").

    Args:
        lexical_weight: weight of the TF-IDF/LSA part against the embedding part
            (0 = no LSA part).
        lsa_dims: dimensions of the LSA projection of TF-IDF.
        extra_stop: words never used as features (e.g. the corpus's @handles).
        random_state: seed of the truncated SVD.
        canon: corrupted word forms -> their word ("flightr" -> "flight").
        word_weight: weight of the word-vector part (0 = none); None = :data:`WORD_WEIGHT`.
        word_vectors: ``words -> (len(words), d)`` word vectors; None = the static model
            (:func:`static_word_vectors`). Tests pass small fixed vectors.

    Example:
        >>> texts = [f"my {w} is lost" for w in ["bag", "luggage", "suitcase", "refund"]] * 6
        >>> emb = np.eye(4)[[0, 0, 0, 1] * 6]
        >>> table = {"bag": [1, 0], "luggage": [1, 0], "suitcase": [1, 0], "refund": [0, 1]}
        >>> vec = lambda ws: np.array([table.get(w, [0.1, 0.1]) for w in ws], dtype=float)
        >>> H = HybridFeatures(lexical_weight=0, word_vectors=vec).fit_transform(texts, emb)
        >>> H.shape, round(float(H[1] @ H[2]), 3), bool(H[1] @ H[3] < 0.5)
        ((24, 6), 1.0, True)
    """

    lexical_weight: float = 0.5
    lsa_dims: int = 100
    extra_stop: frozenset[str] = frozenset()
    random_state: int = 42
    canon: dict[str, str] = field(default_factory=dict)
    word_weight: float | None = None
    word_vectors: Callable[[Sequence[str]], np.ndarray] | None = None
    mean_: np.ndarray | None = field(default=None, init=False)
    vectorizer_: object | None = field(default=None, init=False)
    content_columns_: np.ndarray | None = field(default=None, init=False)
    tfidf_: TfidfTransformer | None = field(default=None, init=False)
    svd_: TruncatedSVD | None = field(default=None, init=False)
    word_table_: np.ndarray | None = field(default=None, init=False)
    word_weight_: float = field(default=0.0, init=False)

    def fit_transform(self, texts: list[str], embeddings: np.ndarray) -> np.ndarray:
        return self.fit_transform_with_words(texts, embeddings)[0]

    def fit_transform_with_words(self, texts: list[str], embeddings: np.ndarray):
        """Fit, then (the clustered vectors, the content-word matrix) of ``texts``, from the one
        tokenisation the fit made (see :meth:`transform_with_words`)."""
        self.mean_ = embeddings.mean(axis=0)
        self.vectorizer_ = self.content_columns_ = self.tfidf_ = self.svd_ = self.word_table_ = None
        self.word_weight_ = WORD_WEIGHT if self.word_weight is None else float(self.word_weight)
        counts = None
        if (self.lexical_weight > 0 or self.word_weight_ > 0) and len(texts) >= 20:
            # One tokenisation feeds both word parts: all words (but handles) for the word
            # vectors, the columns that are not stop words for TF-IDF/LSA.
            vectorizer = word_vectorizer(self.extra_stop, n_docs=len(texts), canon=self.canon)
            try:
                counts = vectorizer.fit_transform(texts)
            except ValueError:  # no usable word at all (emoji, numbers): embeddings alone
                counts = None
            if counts is not None and counts.shape[1] > 2:
                self.vectorizer_ = vectorizer
                vocab = vectorizer.get_feature_names_out()
                stop = LEXICAL_STOP_WORDS | self.extra_stop
                self.content_columns_ = np.array([i for i, w in enumerate(vocab) if w not in stop], dtype=int)
                if self.lexical_weight > 0:
                    self._fit_lsa(counts)
                if self.word_weight_ > 0:
                    self._fit_word_table(counts, vocab)
                if self.svd_ is None and self.word_table_ is None:
                    self.vectorizer_ = None
        return self._vectors(embeddings, counts if self.vectorizer_ is not None else None)

    def _fit_lsa(self, counts) -> None:
        if len(self.content_columns_) <= 2:
            return
        self.tfidf_ = TfidfTransformer(sublinear_tf=True)
        tfidf = self.tfidf_.fit_transform(counts[:, self.content_columns_])
        dims = max(1, min(self.lsa_dims, tfidf.shape[1] - 1, counts.shape[0] - 1))
        self.svd_ = TruncatedSVD(dims, random_state=self.random_state, algorithm="randomized")
        self.svd_.fit(tfidf)

    def _fit_word_table(self, counts, vocab: np.ndarray) -> None:
        # Each word's vector, pre-multiplied by its SIF weight: a comment's part is then one
        # sparse product of its word indicators with this table.
        df = np.asarray((counts > 0).sum(axis=0), dtype=np.float64).ravel()
        p = df / max(df.sum(), 1.0)
        embed = self.word_vectors or static_word_vectors
        vectors = np.asarray(embed(vocab.tolist()), dtype=np.float64)
        self.word_table_ = (vectors * (SIF_A / (SIF_A + p))[:, None]).astype(np.float32)

    def compact(self) -> None:
        """Drop what only describes the fit (the words min_df cut: large, never read again),
        so a fitted model pickles small for the workers that assign comments."""
        if self.vectorizer_ is not None and hasattr(self.vectorizer_, "stop_words_"):
            del self.vectorizer_.stop_words_

    def transform(self, texts: list[str], embeddings: np.ndarray) -> np.ndarray:
        return self.transform_with_words(texts, embeddings)[0]

    def transform_with_words(self, texts: list[str], embeddings: np.ndarray):
        """(the clustered vectors, a sparse 0/1 matrix of the content words each text uses: not
        stop words, filler or handles; None when the fit found no usable words), from one
        tokenisation of ``texts``."""
        return self._vectors(embeddings, self.vectorizer_.transform(texts) if self.vectorizer_ is not None else None)

    def _vectors(self, embeddings: np.ndarray, counts):
        semantic = _unit(embeddings - self.mean_)
        if counts is None:
            return semantic, None
        content = counts[:, self.content_columns_].tocsr() if len(self.content_columns_) else None
        words = None
        if content is not None:
            words = content.astype(np.float64)  # a copy: the counts stay counts for TF-IDF
            words.data[:] = 1.0
        parts = [semantic]
        if self.svd_ is not None:
            tfidf = self.tfidf_.transform(content)
            parts.append(self.lexical_weight * _unit(self.svd_.transform(tfidf)))
        if self.word_table_ is not None:
            present = (counts > 0).astype(np.float32)
            parts.append(self.word_weight_ * _unit(present @ self.word_table_))
        return _unit(np.hstack(parts)), words


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
        # More runs make k steady, not better: over 4 samples x 2 seeds (4x the CPU) banking77's
        # silhouette is flat from 60 to 120 topics (0.168-0.176), so this penalty picks 60 at all
        # of random_state 42, 0, 1, 2, 3 (today: 100 at 42, 60 at the others). Mean NMI over those
        # seeds: banking 0.796 -> 0.792, SemEval 0.316 -> 0.318 (k still 15-30), airline 0.260
        # either way. Penalty 0 or 0.005 gives banking 60-120 topics (0.801-0.811) but SemEval
        # 30-50 (0.285-0.302): no penalty on the silhouette suits both, so none was adopted.
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


def consensus_kmeans(
    X: np.ndarray, k: int, restarts: int = KMEANS_RESTARTS, random_state: int = 42
) -> np.ndarray:
    """k-means ``restarts`` times, then once more from where the runs agree.

    Evidence accumulation (Fred & Jain 2005): each row becomes its ``restarts`` one-hot
    memberships side by side, so the squared distance between two rows is
    ``2 * (restarts - runs that put them together)``, and k-means on those rows keeps what
    the runs share while their seed-made boundaries average out. Lloyd's steps on X from
    that vote's centroids then end on a k-means optimum of X itself, kept when its inertia
    is no higher than the best run's, else the best run is: where the runs split two equally
    good ways (a ring of six blobs, k=3) the vote can join three blobs into one topic. The
    vote won 28 of 35 fits measured (airline, SemEval, banking77 at 1-3 k each, 5 seeds); the
    best run won 6 SemEval fits and 1 airline fit, by under 0.3% of inertia.

    Measured against the best of 10 restarts, random_state 42, 0, 1, 2, 3: at a fixed k
    (airline 20, SemEval 25, banking77 77) seeds agree at ARI 0.855 / 0.671 / 0.843 instead
    of 0.732 / 0.560 / 0.736, mean NMI 0.260 / 0.309 / 0.808 instead of 0.261 / 0.311 /
    0.805; with k chosen, mean NMI 0.260 / 0.316 / 0.796 instead of 0.261 / 0.312 / 0.788.
    About the same CPU (20,000 comments: 13.1 s against 12.7 s for the stage): the restarts
    ran anyway, and the vote's k-means is on sparse rows.

    Example:
        >>> X = np.vstack([np.zeros((5, 2)), np.ones((5, 2))]) + np.arange(10)[:, None] * 1e-3
        >>> labels = consensus_kmeans(X, 2, restarts=3)
        >>> len(set(labels[:5])), len(set(labels[5:])), bool(labels[0] != labels[9])
        (1, 1, True)
    """
    from scipy.sparse import csr_matrix

    n = X.shape[0]
    if k <= 1 or k >= n:
        return KMeans(max(1, min(k, n)), n_init=1, random_state=random_state).fit_predict(X)
    runs = [KMeans(k, n_init=1, random_state=random_state + r).fit(X) for r in range(restarts)]
    best = min(runs, key=lambda km: km.inertia_)
    cols = np.stack([r * k + km.labels_ for r, km in enumerate(runs)], axis=1).ravel()
    rows = np.repeat(np.arange(n), restarts)
    Z = csr_matrix((np.ones(n * restarts), (rows, cols)), shape=(n, restarts * k))
    agreed = KMeans(k, n_init=3, random_state=random_state).fit_predict(Z)
    centers = np.vstack([X[agreed == c].mean(axis=0) for c in np.unique(agreed)])
    voted = KMeans(len(centers), init=centers, n_init=1, random_state=random_state).fit(X)
    return (voted if voted.inertia_ <= best.inertia_ else best).labels_


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
        words: sparse 0/1 content-word matrix of the rows ``fit`` will get (BERTopic's slot
            passes only the vectors). Given, the k-means topics are refined by
            :class:`~insights.topics.mixture.WordMixture` (``mixture_``); None: k-means alone.
    """

    def __init__(
        self,
        n_clusters: int | None = None,
        min_cluster_size: int = 2,
        merge_threshold: float = 0.9,
        init_centers: np.ndarray | None = None,
        random_state: int = 42,
        words=None,
    ) -> None:
        self.n_clusters = n_clusters
        self.min_cluster_size = min_cluster_size
        self.merge_threshold = merge_threshold
        self.init_centers = init_centers
        self.random_state = random_state
        self.words = words

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
            # ones no larger one: the floor once grew with sqrt(n), because 8 k-means topics over
            # 14,640 airline tweets folded delays into cancellations; with the word mixture 8
            # topics keep them apart (airline negatives: NMI 0.264 at the 20 topics that floor
            # forced, 0.304 at the 8 the silhouette picks). Finer problems inside a broad topic
            # reach the report as lessons of their own (insights.lessons, "side issues").
            min_k = min(MIN_K, max(2, n // FLOOR_DOCS))
            k, self.silhouettes_ = choose_k(X, max_k=max_k, min_k=min_k, random_state=self.random_state)
        k = max(1, min(max(k, n_seeds), n))
        self.k_chosen_ = k
        if n_seeds:
            free = k - n_seeds
            seeds = np.asarray(self.init_centers, dtype=np.float64)
            if free > 0:
                extra = KMeans(free, n_init=KMEANS_RESTARTS, random_state=self.random_state).fit(X).cluster_centers_
                init = np.vstack([seeds, extra])
            else:
                init = seeds[:k]
            labels = KMeans(k, init=init, n_init=1, random_state=self.random_state).fit(X).labels_
        else:
            labels = consensus_kmeans(X, k, KMEANS_RESTARTS, self.random_state)
        labels = labels.astype(int)
        labels = self._fold_small(X, labels)
        if self.n_clusters is None:
            labels = self._merge_close(X, labels)
        self.mixture_ = None
        if self.words is not None and self.words.shape[0] == n and len(np.unique(labels)) > 1:
            _, labels = np.unique(labels, return_inverse=True)  # ids 0..k-1, as WordMixture wants
            self.mixture_ = WordMixture(min_size=self.min_cluster_size).fit(X, self.words, labels)
            labels = self.mixture_.labels_
        self.labels_ = _relabel_dense(labels)
        if self.mixture_ is not None:
            # Its topics numbered as labels_ are (by size), so mixture_ scores them by the same ids.
            old_of_new = {int(new): int(old) for old, new in zip(labels, self.labels_)}
            self.mixture_.permute(np.array([old_of_new[t] for t in range(len(old_of_new))]))
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
