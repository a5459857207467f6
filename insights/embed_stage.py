"""Stage `embed`: one embedding per kept comment, cached on disk.

Reads ``clean_text`` (or ``text``) and ``kept``. Adds no column: sets
``corpus.embeddings``, a (rows, d) float32 matrix aligned to the comments,
zeros for rows not kept. Backends live in :mod:`insights.embed`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from insights.corpus import Corpus
from insights.embed import Embedder, embed_texts, make_embedder
from insights.engine import engine_of


class EmbedStage:
    """Embed kept comments.

    Args:
        model: ``"minilm"`` (default, bundled), ``"static"`` (distilled, fast), or a
            local sentence-transformers / model2vec directory.
        device: torch device for transformer models; None picks a GPU when present.
        batch_size: texts per forward pass (of one token length; see
            :class:`insights.embed.SentenceTransformerEmbedder`).
        precision: dtype of a transformer model: "auto" (bfloat16 on a CPU that computes it
            natively, about 3x faster with cosine >= 0.9999 to float32; else float32),
            "float32" or "bfloat16".
        cache: keep embeddings on disk (``$INSIGHTS_CACHE_DIR``) so re-runs skip them.
        embedder: an object with ``encode(texts) -> ndarray`` used instead of ``model``.
    """

    name = "embed"
    maps_rows = False  # no work for the local engine's worker processes (see corpus.Stage)

    def __init__(
        self,
        model: str = "minilm",
        device: str | None = None,
        batch_size: int = 32,
        precision: Literal["auto", "float32", "bfloat16"] = "auto",
        cache: bool = True,
        embedder: Embedder | None = None,
    ) -> None:
        self.model = model
        self.device = device
        self.batch_size = batch_size
        self.precision = precision
        self.cache = cache
        self.embedder = embedder

    def make_embedder(self) -> Embedder:
        if self.embedder is not None:
            return self.embedder
        return make_embedder(self.model, device=self.device, batch_size=self.batch_size, precision=self.precision)

    def check(self) -> None:
        """Fail before any input is read when ``model`` names nothing usable (no model is loaded)."""
        self.make_embedder()

    def run(self, corpus: Corpus) -> Corpus:
        embedder = self.make_embedder()
        kept = corpus.kept_mask
        texts = corpus.analysis_text()[kept].tolist()
        vectors = embed_texts(texts, embedder, cache=self.cache, engine=engine_of(corpus))
        dim = vectors.shape[1] if vectors.size else 0
        if dim == 0:
            dim = embedder.encode(["dimension probe"]).shape[1] if kept.any() else 1
        matrix = np.zeros((len(corpus.comments), dim), dtype=np.float32)
        if len(texts):
            matrix[kept] = vectors
        corpus.embeddings = matrix
        corpus.info["embedding_model"] = embedder.name
        # Where it ran: a GPU is used when present (see insights.embed.default_device).
        corpus.info["embedding_device"] = str(getattr(getattr(embedder, "_model", None), "device", "cpu"))
        # What make_embedder() needs to rebuild the same embedder (for anchors, seed topics, grouping).
        corpus.info["embedding_model_path"] = self.model if self.embedder is None else None
        return corpus
