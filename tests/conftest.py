"""Shared test helpers: a model-free embedder so pipeline tests never load MiniLM."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "datasets"


class HashingEmbedder:
    """Bag of hashed words -> fixed random vectors: texts sharing words get similar vectors."""

    name = "test:hashing"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim

    def _word(self, word: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
        return np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)

    def encode(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            words = re.findall(r"[a-z]+", str(text).lower()) or ["<empty>"]
            out[i] = np.sum([self._word(w) for w in words], axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return out / norms


@pytest.fixture
def hashing_embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture
def fast_stages(hashing_embedder):
    """Stage overrides for end-to-end tests: everything real except the embedding model."""
    from insights.embed_stage import EmbedStage

    return {"embed": EmbedStage(embedder=hashing_embedder, cache=False)}


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Tests never touch the user's embedding cache or derived models."""
    monkeypatch.setenv("INSIGHTS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "insights-cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
