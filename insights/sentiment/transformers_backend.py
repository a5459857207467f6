"""A local transformers sentiment model, for users who have one.

Never the default and never downloaded: the model is read from a local directory with
``local_files_only=True``. Its labels are mapped onto negative / neutral / positive:
names containing "neg", "neu", "pos" (any case), star ratings ("1 star" ... "5 stars"),
or ``LABEL_0..2`` read as negative, neutral, positive (``LABEL_0/1`` as negative, positive).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from insights.errors import ConfigError, ModelNotFoundError
from insights.sentiment.base import LABELS, SentimentScores


def label_polarity(label: str, n_labels: int) -> float:
    """Where a model's label sits on [-1, 1].

    Example:
        >>> label_polarity("NEGATIVE", 2), label_polarity("4 stars", 5), label_polarity("LABEL_1", 3)
        (-1.0, 0.5, 0.0)
    """
    text = str(label).strip().lower()
    if "neg" in text:
        return -1.0
    if "neu" in text:
        return 0.0
    if "pos" in text:
        return 1.0
    stars = re.match(r"^(\d)\s*stars?$", text)
    if stars:
        return (int(stars.group(1)) - 3) / 2.0
    index = re.match(r"^label_(\d+)$", text)
    if index and n_labels in (2, 3):
        i = int(index.group(1))
        return float(i * 2 - 1) if n_labels == 2 else float(i - 1)
    raise ConfigError(
        f"Cannot tell whether the sentiment model's label '{label}' is negative, neutral or positive.",
        hint="Use a model whose labels name the polarity (negative/neutral/positive, or 1-5 stars).",
    )


def _default_factory(path: str, device: str | None, batch_size: int) -> Callable[..., Any]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

    from insights.embed import default_device

    device = device or default_device()  # a GPU when present, with no option to set
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(path, local_files_only=True)
    return pipeline(
        "sentiment-analysis", model=model, tokenizer=tokenizer, device=device, batch_size=batch_size
    )


class TransformersBackend:
    """Score with a local transformers sequence-classification model.

    Args:
        model_path: a local directory holding the model and its tokenizer.
        device: "cpu", "cuda", ... ; None uses a GPU when one is present.
        batch_size: texts per forward pass.
        pipeline_factory: builds the callable pipeline from (path, device, batch_size);
            tests pass a fake one.

    Example:
        >>> TransformersBackend("/models/twitter-roberta").name  # doctest: +SKIP
        'transformers:twitter-roberta'
    """

    def __init__(
        self,
        model_path: str,
        device: str | None = None,
        batch_size: int = 32,
        pipeline_factory: Callable[[str, str | None, int], Callable[..., Any]] | None = None,
    ) -> None:
        self.model_path = model_path
        self.device = device
        self.batch_size = batch_size
        self.pipeline_factory = pipeline_factory
        self.name = "transformers:" + Path(model_path).name

    def _pipeline(self) -> Callable[..., Any]:
        path = Path(self.model_path)
        if not path.is_dir() or not (path / "config.json").exists():
            raise ModelNotFoundError(
                f"Sentiment model directory '{self.model_path}' does not exist or has no config.json.",
                hint="Pass --sentiment-model with a local transformers model directory "
                "(one saved with save_pretrained), or omit it to use the built-in model.",
            )
        factory = self.pipeline_factory or _default_factory
        return factory(str(path), self.device, self.batch_size)

    def score(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> SentimentScores:
        pipe = self._pipeline()
        if len(texts) == 0:
            return SentimentScores.empty()
        outputs = pipe([str(t) for t in texts], top_k=None, truncation=True)
        proba = np.zeros((len(texts), len(LABELS)))
        for i, row in enumerate(outputs):
            row = row if isinstance(row, list) else [row]
            for item in row:
                polarity = label_polarity(item["label"], len(row))
                # Stars between the poles split their mass: "4 stars" is half positive, half neutral.
                weight = float(item["score"])
                if polarity < 0:
                    proba[i, 0] += weight * -polarity
                    proba[i, 1] += weight * (1 + polarity)
                else:
                    proba[i, 2] += weight * polarity
                    proba[i, 1] += weight * (1 - polarity)
        totals = proba.sum(axis=1, keepdims=True)
        totals[totals == 0] = 1.0
        return SentimentScores.from_proba(proba / totals)
