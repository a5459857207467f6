"""Guided topics: seed topics a user expects, and zero-shot assignment to a taxonomy.

Seed phrases and taxonomy names are embedded with the same model as the comments
(the embed stage records its name in ``corpus.info["embedding_model"]``), so their
vectors live in the same space as the comment vectors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from insights.embed import Embedder, embed_texts, make_embedder, run_embedder
from insights.errors import ConfigError


def resolve_embedder(info: Mapping[str, Any], embedder: Embedder | None = None) -> Embedder:
    """The embedder for seed phrases and taxonomy names: ``embedder`` when given, else the one
    that made the comment embeddings (:func:`insights.embed.run_embedder`), else the bundled
    MiniLM when the run recorded none (precomputed embeddings)."""
    if embedder is not None:
        return embedder
    rebuilt = run_embedder(info)
    if rebuilt is not None:
        return rebuilt
    name = info.get("embedding_model")
    if not name:
        return make_embedder("minilm")
    raise ConfigError(
        f"The comments were embedded with '{name}', which the topics stage cannot rebuild "
        "to embed seed topics or taxonomy names.",
        hint="Pass TopicStage(embedder=...) with the same embedder the embed stage used.",
    )


def embed_phrases(phrases: Sequence[str], embedder: Embedder, dim: int) -> np.ndarray:
    """Unit vectors for short phrases, checked against the comment embedding size."""
    vectors = embed_texts(list(phrases), embedder)
    if vectors.shape[1] != dim:
        raise ConfigError(
            f"Seed/taxonomy phrases were embedded with {vectors.shape[1]} dimensions but the comments "
            f"have {dim}.",
            hint="Use the same embedding model for both (TopicStage(embedder=...)).",
        )
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float64)


def assign_taxonomy(
    embeddings: np.ndarray,
    name_vectors: np.ndarray,
    threshold: float,
    strict: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Nearest taxonomy entry per comment by cosine similarity.

    Comments whose best similarity is below ``threshold`` go to the nearest entry anyway,
    or to -1 ("Other") when ``strict``.

    Returns:
        (index into the taxonomy or -1, best similarity) per comment.

    Example:
        >>> e = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]])
        >>> idx, sim = assign_taxonomy(e, np.eye(2), threshold=0.9, strict=True)
        >>> idx.tolist()
        [0, 1, -1]
    """
    sims = embeddings @ name_vectors.T
    best = np.argmax(sims, axis=1)
    score = sims[np.arange(len(sims)), best]
    if strict:
        best = np.where(score >= threshold, best, -1)
    return best.astype(int), score


def seed_matches(centroids: np.ndarray, seed_vectors: np.ndarray, threshold: float) -> dict[int, int]:
    """Topic -> seed index, one-to-one, greedily by similarity, above ``threshold``."""
    if len(centroids) == 0 or len(seed_vectors) == 0:
        return {}
    sims = centroids @ seed_vectors.T
    pairs = sorted(
        ((float(sims[t, s]), t, s) for t in range(sims.shape[0]) for s in range(sims.shape[1])),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    out: dict[int, int] = {}
    used: set[int] = set()
    for sim, t, s in pairs:
        if sim < threshold:
            break
        if t in out or s in used:
            continue
        out[t] = s
        used.add(s)
    return out
