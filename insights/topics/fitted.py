"""A fitted topic model, small and picklable, that places any comment in a topic.

Fitting (features, PCA, the choice of k, k-means, BERTopic's c-TF-IDF) costs time and
memory that grow with the corpus, so on big corpora :class:`~insights.topics.TopicStage`
fits on a seeded sample and then *assigns* every comment with :meth:`TopicModel.assign`:
the same feature space (hybrid embedding + TF-IDF/LSA features, the fitted PCA) and the
most probable topic under the fitted word mixture (or the nearest centre by cosine).
Assignment reads one row at a time, in effect: a comment gets the same topic whether it
is assigned alone or among 50,000 others, so the work can be split over processes or a
Dask cluster and the pieces concatenated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from insights.topics.mixture import WordMixture
from insights.topics.model import HybridFeatures, PCAReducer, _unit

# Rows assigned per block: bounds memory (1M comments never become one dense float64 matrix).
ASSIGN_BATCH = 20_000


@dataclass
class TopicModel:
    """Everything needed to put a comment in a topic, and nothing tied to the fitted rows.

    Attributes:
        centers: (k, d) unit topic centres, row = model topic id; in the reduced feature
            space when ``features``/``reducer`` are set, else in embedding space.
        features: the fitted hybrid features (None: centres are in embedding space).
        reducer: the fitted PCA (None when ``features`` is None).
        keywords: c-TF-IDF keywords per model topic id, measured on the fitted comments.
        names: fixed topic names per model topic id (taxonomy mode), else None.
        min_similarity: comments less similar than this to every centre get -1 (None: never).
        mixture: the fitted :class:`~insights.topics.mixture.WordMixture` (None: the nearest
            centre decides). Given, a comment goes to its most probable topic from its reduced
            features and content words, as in the fit.
        n_fit: how many comments the model was fitted on.
        details: how it was fitted (k chosen, silhouettes...), for ``corpus.info``.

    Example:
        >>> model = TopicModel(centers=np.eye(2))
        >>> model.assign(["a", "b", "c"], np.array([[1.0, 0.1], [0.2, 1.0], [0.0, 0.0]])).tolist()
        [0, 1, 0]
    """

    centers: np.ndarray
    features: HybridFeatures | None = None
    reducer: PCAReducer | None = None
    keywords: dict[int, list[str]] = field(default_factory=dict)
    names: list[str] | None = None
    min_similarity: float | None = None
    n_fit: int = 0
    mixture: WordMixture | None = None
    details: dict = field(default_factory=dict)

    @property
    def n_topics(self) -> int:
        return int(len(self.centers))

    def assign(self, texts: Sequence[str], embeddings: np.ndarray, batch_size: int = ASSIGN_BATCH) -> np.ndarray:
        """Topic id (0..k-1, or -1 below ``min_similarity``) for each comment.

        Args:
            texts: the analysed text of each comment (``clean_text``).
            embeddings: (len(texts), d) comment embeddings from the same model as the fit.
            batch_size: rows per block (memory only: the result does not depend on it).

        Returns:
            int array of topic ids, one per comment.
        """
        texts = list(texts)
        if len(texts) != len(embeddings):
            raise ValueError(f"assign got {len(texts)} texts but {len(embeddings)} embeddings; pass one per comment.")
        out = np.empty(len(texts), dtype=int)
        for start in range(0, len(texts), max(1, batch_size)):
            stop = start + max(1, batch_size)
            out[start:stop] = self._assign_block(texts[start:stop], embeddings[start:stop])
        return out

    def _assign_block(self, texts: list[str], embeddings: np.ndarray) -> np.ndarray:
        if not texts:
            return np.zeros(0, dtype=int)
        if self.n_topics == 0:
            return np.full(len(texts), -1, dtype=int)
        X = _unit(np.asarray(embeddings, dtype=np.float64))
        words = None
        if self.features is not None:
            # The reducer puts rows back on the unit sphere: a dot product is the cosine.
            X, words = self.features.transform_with_words(texts, X)
            X = self.reducer.transform(X) if self.reducer is not None else _unit(X)
        sims = X @ self.centers.T
        if self.mixture is not None and words is not None:
            best = self.mixture.predict(X, words)  # as the fit placed its comments
        else:
            best = np.argmax(sims, axis=1)
        if self.min_similarity is not None:
            score = sims[np.arange(len(best)), best]
            best = np.where(score >= self.min_similarity, best, -1)
        return best.astype(int)


def fit_sample(n: int, max_fit: int, random_state: int) -> np.ndarray:
    """Sorted positions of a seeded uniform sample of ``max_fit`` of ``n`` comments (all when n <= max_fit).

    Example:
        >>> fit_sample(5, 10, 0).tolist()
        [0, 1, 2, 3, 4]
        >>> len(fit_sample(1000, 100, 0))
        100
    """
    if n <= max_fit:
        return np.arange(n)
    return np.sort(np.random.RandomState(random_state).choice(n, size=max_fit, replace=False))


def centers_in(X: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Unit mean of the rows of each label 0..k-1 (a zero row for a label with no rows)."""
    sums = np.zeros((k, X.shape[1]))
    np.add.at(sums, labels[labels >= 0], X[labels >= 0])
    return _unit(sums)


def assign_rows(model: TopicModel, texts: Sequence[str], embeddings: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``model.assign`` over ``embeddings[rows]`` block by block (no full copy of the matrix)."""
    out = np.empty(len(rows), dtype=int)
    for start in range(0, len(rows), ASSIGN_BATCH):
        block = rows[start : start + ASSIGN_BATCH]
        out[start : start + len(block)] = model.assign(texts[start : start + len(block)], embeddings[block])
    return out
