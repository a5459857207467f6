"""What every sentiment backend returns, and the protocol it follows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from insights import schema as S

LABELS: tuple[str, ...] = S.SENTIMENT_LABELS  # ("negative", "neutral", "positive")


@dataclass
class SentimentScores:
    """Scores for n texts.

    Attributes:
        score: float in [-1, 1] (negative to positive).
        label: "negative", "neutral" or "positive" (object array).
        confidence: in [0, 1], how sure the backend is of ``label``.
    """

    score: np.ndarray
    label: np.ndarray
    confidence: np.ndarray

    @classmethod
    def empty(cls) -> SentimentScores:
        return cls(np.zeros(0), np.zeros(0, dtype=object), np.zeros(0))

    @classmethod
    def from_proba(cls, proba: np.ndarray) -> SentimentScores:
        """From (n, 3) probabilities over :data:`LABELS`: score = P(positive) - P(negative).

        Example:
            >>> s = SentimentScores.from_proba(np.array([[0.1, 0.2, 0.7]]))
            >>> round(float(s.score[0]), 2), s.label.tolist(), round(float(s.confidence[0]), 2)
            (0.6, ['positive'], 0.7)
        """
        proba = np.asarray(proba, dtype=float).reshape(-1, 3)
        score = np.clip(proba[:, 2] - proba[:, 0], -1.0, 1.0)
        best = proba.argmax(axis=1)
        label = np.array(LABELS, dtype=object)[best]
        confidence = proba[np.arange(len(proba)), best] if len(proba) else np.zeros(0)
        return cls(score, label, confidence)


@runtime_checkable
class SentimentBackend(Protocol):
    """Anything that scores texts; ``embeddings`` are the rows' vectors (or None)."""

    name: str

    def score(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> SentimentScores: ...
