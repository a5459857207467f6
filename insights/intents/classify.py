"""Sentence-level intent scores: rules, an embedding head fitted on synthetic sentences, sentiment.

The maths as plain functions plus two small model classes:

* :class:`ZeroShotHead` fits a logistic regression on the embeddings of the
  hand-written sentences in :mod:`insights.intents.examples` (no labelled data
  from anywhere), with the same embedder the run uses.
* :class:`TrainedHead` wraps a head written by :func:`insights.intents.train.train`.

:func:`combine` mixes rule scores, head probabilities and sentiment into one
score per class; a class "applies" when its score reaches the threshold.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from insights import schema as S
from insights.embed import Embedder, embed_texts
from insights.errors import ConfigError, ModelNotFoundError
from insights.intents.examples import EXAMPLES, PROTOTYPES, templated_examples

# The four intents a comment can carry; "other" is what is left when none applies.
LABELS: tuple[str, ...] = (S.REQUEST, S.COMPLAINT, S.QUESTION, S.PRAISE)
CLASSES: tuple[str, ...] = S.INTENTS  # request, complaint, question, praise, other

# How much each signal counts. Rules are precise; the embedding head catches phrasings no
# rule names and vetoes cues it flatly disagrees with; sentiment tips complaint / praise. Set
# from first principles (a clear cue alone must pass the threshold unless the head all but
# rules it out, a head alone only when confident), not fitted to any dataset's rows.
# A clear cue alone passes the threshold unless the head gives its class under ~9% (0.45 +
# 0.55 * 0.09 = 0.5): a request cue in a comment the head reads as something else entirely ("i'd
# like to play but can't", "give me hope") is more often a turn of phrase than an ask
# (scripts/eval_intents.py: CLAP request F1 0.748 -> 0.765, demo request 0.817 -> 0.825).
# Complaint keeps a larger rule share: tone is its third signal and carries the rest.
RULE_WEIGHT = 0.45  # the head has the rest (0.55)
COMPLAINT_RULE_WEIGHT = 0.6
SENTIMENT_WEIGHT = 0.25
# A customer who sounds clearly unhappy is complaining, with or without a problem word: negative
# tone counts twice as much toward complaint as positive tone counts against it
# (scripts/eval_intents.py: airline complaint F1 0.827 -> 0.853, CLAP complaint 0.871 -> 0.865).
NEGATIVE_TONE_WEIGHT = 0.5
THRESHOLD = 0.5


class ZeroShotHead:
    """Logistic regression on embeddings of the synthetic example sentences.

    Args:
        embedder: embeds the examples; must be the embedder of the run so the
            head sees the same vector space as the comments.
        cache: cache example embeddings on disk (see :func:`insights.embed.embed_texts`).
        C: inverse regularisation of the logistic regression.
        templated: templated sentences per class added to the hand-written ones.
        prototype_weight: share of nearest-prototype similarity (softmax over classes of the
            best cosine to each class's :data:`PROTOTYPES`) mixed into the probabilities. 0 by
            default: the prototypes are training sentences of the regression already, and mixing
            them in separately did not help on the evaluation sets (see scripts/eval_intents.py).
        temperature: softmax temperature of the prototype similarities.

    Example:
        >>> head = ZeroShotHead(embedder).fit()  # doctest: +SKIP
        >>> head.predict_proba(vectors).shape  # doctest: +SKIP
        (n, 5)
    """

    def __init__(
        self,
        embedder: Embedder,
        cache: bool = True,
        C: float = 2.0,
        templated: int = 120,
        prototype_weight: float = 0.0,
        temperature: float = 0.05,
    ) -> None:
        self.embedder = embedder
        self.cache = cache
        self.C = C
        self.templated = templated
        self.prototype_weight = prototype_weight
        self.temperature = temperature

    def fit(self) -> ZeroShotHead:
        from sklearn.linear_model import LogisticRegression

        texts, labels = [], []
        extra = templated_examples(self.templated) if self.templated else {}
        for label in CLASSES:
            for text in EXAMPLES[label] + PROTOTYPES[label] + extra.get(label, []):
                texts.append(text)
                labels.append(label)
        vectors = embed_texts(texts, self.embedder, cache=self.cache)
        self.model_ = LogisticRegression(
            C=self.C, max_iter=2000, class_weight="balanced", random_state=0
        )
        self.model_.fit(vectors, labels)
        self.classes_ = list(self.model_.classes_)
        self.prototypes_ = [
            embed_texts(PROTOTYPES[c], self.embedder, cache=self.cache) for c in CLASSES
        ]
        return self

    def prototype_proba(self, vectors: np.ndarray) -> np.ndarray:
        """Softmax over classes of the best cosine similarity to each class's prototype sentences."""
        sims = np.stack([(vectors @ protos.T).max(axis=1) for protos in self.prototypes_], axis=1)
        z = (sims - sims.max(axis=1, keepdims=True)) / self.temperature
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict_proba(self, vectors: np.ndarray) -> np.ndarray:
        """(n, 5) probabilities in the order of :data:`CLASSES`."""
        if len(vectors) == 0:
            return np.zeros((0, len(CLASSES)))
        proba = self.model_.predict_proba(vectors)
        order = [self.classes_.index(c) for c in CLASSES]
        proba = proba[:, order]
        if self.prototype_weight:
            w = self.prototype_weight
            proba = (1 - w) * proba + w * self.prototype_proba(
                np.asarray(vectors, dtype=np.float32)
            )
        return proba


class TrainedHead:
    """A head saved by :func:`insights.intents.train.train`, loaded from its directory.

    Args:
        path: the directory ``train`` wrote (``head.joblib`` + ``model.json``).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def load(self) -> TrainedHead:
        meta_path = self.path / "model.json"
        if not meta_path.exists():
            raise ModelNotFoundError(
                f"Intent model directory '{self.path}' has no model.json.",
                hint="Pass a directory written by `insights train` (insights.intents.train.train).",
            )
        import joblib

        self.meta_ = json.loads(meta_path.read_text(encoding="utf-8"))
        self.model_ = joblib.load(self.path / "head.joblib")
        unknown = [c for c in self.meta_["labels"] if c not in CLASSES]
        if unknown:
            raise ConfigError(
                f"Intent model '{self.path}' predicts labels {unknown} that are not intents.",
                hint=f"Retrain with labels among {', '.join(CLASSES)} (train(..., label_map={{...}}) maps yours).",
            )
        return self

    @property
    def embedder_name(self) -> str:
        return str(self.meta_["embedder"])

    def predict_proba(self, vectors: np.ndarray) -> np.ndarray:
        """(n, 5) probabilities in the order of :data:`CLASSES` (0 for labels it never saw)."""
        out = np.zeros((len(vectors), len(CLASSES)))
        if len(vectors) == 0:
            return out
        proba = self.model_.predict_proba(vectors)
        for j, label in enumerate(self.model_.classes_):
            out[:, CLASSES.index(str(label))] = proba[:, j]
        return out


def rule_matrix(sentences: Sequence[str]) -> np.ndarray:
    """(n, 4) rule scores for request, complaint, question, praise (see
    :func:`insights.intents.rules.rule_table`)."""
    from insights.intents.rules import rule_table

    return rule_table(sentences)[0]


def combine(rules: np.ndarray, head: np.ndarray | None, sentiment: np.ndarray | None) -> np.ndarray:
    """Mix signals into (n, 4) scores in [0, 1] for request, complaint, question, praise.

    Args:
        rules: (n, 4) rule scores from :func:`rule_matrix`.
        head: (n, 5) head probabilities (order :data:`CLASSES`) or None for rules only.
        sentiment: (n,) sentiment in [-1, 1] or None.

    Example:
        >>> float(combine(np.array([[1.0, 0, 0, 0]]), None, None)[0, 0])
        1.0
    """
    if head is None:
        scores = rules.copy()
    else:
        rule_weight = np.full(len(LABELS), RULE_WEIGHT)
        rule_weight[1] = COMPLAINT_RULE_WEIGHT
        scores = rule_weight * rules + (1.0 - rule_weight) * head[:, : len(LABELS)]
        # A confident head alone may carry a class the rules missed.
        scores = np.maximum(scores, head[:, : len(LABELS)] * (THRESHOLD + 0.05) / 0.9)
    if sentiment is not None:
        neg = np.clip(-sentiment, 0, 1)
        pos = np.clip(sentiment, 0, 1)
        # Tone shifts complaint and praise: "best app, never crashed" is no complaint. A clearly
        # negative comment from a customer is a complaint even without a problem word ("sat on
        # the phone for an hour and got nowhere"), so negative tone pushes complaint harder.
        scores[:, 1] += NEGATIVE_TONE_WEIGHT * neg - SENTIMENT_WEIGHT * pos
        scores[:, 3] += SENTIMENT_WEIGHT * (pos - neg)
    return np.clip(scores, 0.0, 1.0)
