"""Stage `sentiment`: a polarity score and label per kept comment.

Reads ``clean_text`` (or ``text``), ``kept`` and ``corpus.embeddings``. Adds:

* ``sentiment``: float in [-1, 1] (P(positive) - P(negative)); 0.0 for dropped rows;
* ``sentiment_label``: "negative", "neutral" or "positive"; "" for dropped rows, so
  dropped comments are never counted as neutral;
* ``sentiment_confidence``: in [0, 1], the backend's confidence in the label; 0.0 for
  dropped rows.

Backends (choose with ``model=``): ``"auto"`` / ``"selftrain"`` (default: lexicon
pseudo-labels + a classifier over the embeddings, fitted on this input), ``"lexicon"``
(VADER + complaint / praise cues), ``"vader"`` (VADER alone), or a local transformers
model directory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from insights import schema as S
from insights.corpus import Corpus
from insights.embed import Embedder, embed_texts, run_embedder
from insights.engine import engine_of
from insights.errors import ConfigError, invalid_parameter
from insights.sentiment.anchors import anchor_texts
from insights.sentiment.base import SentimentBackend
from insights.sentiment.lexicon import LexiconBackend, VaderBackend
from insights.sentiment.selftrain import SelfTrainingBackend
from insights.sentiment.transformers_backend import TransformersBackend

BACKENDS: tuple[str, ...] = ("auto", "selftrain", "lexicon", "vader")


def make_backend(model: str = "auto", **options: Any) -> SentimentBackend:
    """A backend from a registry name or a local transformers model directory.

    Options go to the backend that takes them (``min_seeds``, ``anchor_embeddings``,
    ``anchor_labels`` for self-training; ``device``, ``batch_size`` for transformers).

    Example:
        >>> make_backend("vader").name
        'vader'
    """
    if model in ("auto", "selftrain"):
        keys = ("min_seeds", "anchor_embeddings", "anchor_labels", "engine")
        return SelfTrainingBackend(**{k: v for k, v in options.items() if k in keys})
    if model == "lexicon":
        return LexiconBackend()
    if model == "vader":
        return VaderBackend()
    if os.sep in model or "/" in model or Path(model).exists() or model.startswith("."):
        keys = ("device", "batch_size")
        return TransformersBackend(model, **{k: v for k, v in options.items() if k in keys})
    raise ConfigError(
        f"Unknown sentiment model '{model}'. Valid names: {', '.join(BACKENDS)}.",
        hint="Or pass a local transformers model directory (e.g. ./models/my-sentiment).",
    )


class SentimentStage:
    """Score every kept comment's sentiment.

    Args:
        model: ``"auto"`` (= ``"selftrain"``), ``"selftrain"``, ``"lexicon"``, ``"vader"``,
            or a local transformers model directory (CLI ``--sentiment-model PATH``).
        min_seeds: self-training needs at least this many confidently pseudo-labelled
            comments; below it the lexicon scores the input.
        anchors: add the built-in anchor sentences as extra seeds (embedded with the same
            model as the comments; skipped when that model cannot be rebuilt by name).
        device: torch device for a transformers model.
        batch_size: texts per forward pass of a transformers model.
        backend: an object with ``score(texts, embeddings)`` used instead of ``model``.
        embedder: embeds the anchor sentences; None rebuilds the embed stage's model.

    Example:
        >>> stage = SentimentStage(model="lexicon")
        >>> import pandas as pd
        >>> c = stage.run(Corpus(pd.DataFrame({"text": ["still waiting for 3 hours", "love it!"]})))
        >>> c.comments["sentiment_label"].tolist()
        ['negative', 'positive']
    """

    name = "sentiment"

    def __init__(
        self,
        model: str = "auto",
        min_seeds: int = 30,
        anchors: bool = True,
        device: str | None = None,
        batch_size: int = 32,
        backend: SentimentBackend | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.model = model
        self.min_seeds = min_seeds
        self.anchors = anchors
        self.device = device
        self.batch_size = batch_size
        self.backend = backend
        self.embedder = embedder

    def _validate(self) -> None:
        if not isinstance(self.model, str) or not self.model:
            raise invalid_parameter("SentimentStage", "model", "a backend name or a model directory", self.model)
        if isinstance(self.min_seeds, bool) or not isinstance(self.min_seeds, int) or self.min_seeds < 2:
            raise invalid_parameter("SentimentStage", "min_seeds", "an int >= 2", self.min_seeds)
        if isinstance(self.batch_size, bool) or not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise invalid_parameter("SentimentStage", "batch_size", "an int >= 1", self.batch_size)

    def _anchors(self, corpus: Corpus, dim: int, info: dict[str, Any]) -> dict[str, Any]:
        if not self.anchors:
            return {}
        embedder = self.embedder or run_embedder(corpus.info)
        if embedder is None:
            info["anchors"] = "skipped: the embedding model cannot be rebuilt"
            return {}
        texts, labels = anchor_texts()
        vectors = embed_texts(texts, embedder)
        if vectors.ndim != 2 or vectors.shape[1] != dim:
            info["anchors"] = f"skipped: anchors have {vectors.shape[-1]} dimensions, comments {dim}"
            return {}
        return {"anchor_embeddings": vectors, "anchor_labels": labels}

    def run(self, corpus: Corpus) -> Corpus:
        self._validate()
        frame = corpus.comments
        kept = corpus.kept_mask
        texts = corpus.analysis_text()[kept].tolist()
        if S.EMOJI in frame:
            # Emoji carry feeling; the clean stage keeps them out of clean_text, so add them back here.
            emoji_words = frame[S.EMOJI].fillna("").astype(str)[kept].tolist()
            texts = [f"{t} {e}".strip() for t, e in zip(texts, emoji_words)]
        embeddings = None
        if corpus.embeddings is not None and len(corpus.embeddings) == len(frame):
            embeddings = np.asarray(corpus.embeddings)[kept]
        info: dict[str, Any] = {}
        backend = self.backend
        if backend is None:
            options: dict[str, Any] = {
                "min_seeds": self.min_seeds, "device": self.device, "batch_size": self.batch_size,
                "engine": engine_of(corpus),
            }
            if self.model in ("auto", "selftrain") and embeddings is not None and len(texts) >= self.min_seeds:
                options.update(self._anchors(corpus, embeddings.shape[1], info))
            backend = make_backend(self.model, **options)
        scores = backend.score(texts, embeddings)

        sentiment = np.zeros(len(frame), dtype=float)
        label = np.full(len(frame), "", dtype=object)
        confidence = np.zeros(len(frame), dtype=float)
        if len(texts):
            sentiment[kept] = np.clip(np.asarray(scores.score, dtype=float), -1.0, 1.0)
            label[kept] = scores.label
            confidence[kept] = scores.confidence
        frame[S.SENTIMENT] = sentiment
        frame[S.SENTIMENT_LABEL] = label
        frame[S.SENTIMENT_CONFIDENCE] = confidence
        info.update(getattr(backend, "info_", {}))
        info["model"] = getattr(backend, "name", type(backend).__name__)
        info["labels"] = {name: int((label[kept] == name).sum()) for name in S.SENTIMENT_LABELS}
        corpus.info["sentiment"] = info
        return corpus
