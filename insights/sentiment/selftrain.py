"""Self-training: lexicon pseudo-labels on the user's own comments, then a classifier
over their embeddings.

A lexicon is sure about some comments ("worst service ever", "thank you so much!") and
blind to many others ("3 hours on the tarmac and still no update"). The sure ones become
pseudo-labels (seeds); a logistic regression over the sentence embeddings learns from them
what negative, neutral and positive comments look like *in this input*, and scores every
comment. Hand-written, domain-general anchor sentences (:mod:`insights.sentiment.anchors`)
join the seeds when their embeddings are available, so each class has examples even when
the lexicon finds few. No labelled data is used.

When there are fewer than ``min_seeds`` seeds (tiny inputs) or no embeddings, the backend
falls back to the lexicon (VADER + cues) and says so in ``info_``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from insights.errors import ConfigError
from insights.sentiment.base import LABELS, SentimentScores
from insights.sentiment.lexicon import LexiconSignals, lexicon_signals, scores_from_polarity

# Seed rules (see pseudo_labels). Thresholds on the cue-adjusted lexicon score.
NEGATIVE_SEED_BELOW = -0.5
POSITIVE_SEED_ABOVE = 0.6
# A complaint cue makes a seed negative unless VADER finds clearly positive wording.
CUE_OVERRIDE_BELOW = 0.3
# Longer statements without a sentiment word are often evaluations all the same ("they
# charge $6 for rice"); short ones and questions are mostly plain facts and requests.
NEUTRAL_SEED_MAX_WORDS = 12


def pseudo_labels(signals: LexiconSignals) -> np.ndarray:
    """Seed labels from confident lexicon signals; "" where the lexicon is not sure.

    * negative: cue-adjusted score <= -0.5, or a complaint cue and VADER compound < 0.3;
    * positive: score >= 0.6, no complaint cue, not a question and no request cue
      ("thanks" in a question or a request is politeness, not praise);
    * neutral: no sentiment word at all (VADER neutral share 1.0), no cue, no "!", and
      a question or at most 12 words.

    Example:
        >>> pseudo_labels(lexicon_signals(["still waiting", "I love it!!", "ok", "Where is gate 4"])).tolist()
        ['negative', 'positive', '', 'neutral']
    """
    s = signals
    seeds = np.full(len(s.score), "", dtype=object)
    negative = (s.score <= NEGATIVE_SEED_BELOW) | ((s.negative_cues >= 1) & (s.compound < CUE_OVERRIDE_BELOW))
    positive = (s.score >= POSITIVE_SEED_ABOVE) & (s.negative_cues == 0) & ~s.question & (s.requests == 0)
    plain = (s.neutral_share >= 1.0) & (s.negative_cues == 0) & (s.positive_cues == 0) & ~s.exclamation
    neutral = plain & (s.question | (s.words <= NEUTRAL_SEED_MAX_WORDS))
    seeds[neutral] = "neutral"
    seeds[positive] = "positive"
    seeds[negative] = "negative"
    return seeds


class SelfTrainingBackend:
    """Pseudo-label with the lexicon, fit a logistic regression on embeddings, predict all.

    Args:
        min_seeds: fewest pseudo-labelled comments needed to fit; below it the lexicon
            scores every comment.
        C: inverse regularisation of the logistic regression; small values keep the head
            close to what many seeds agree on rather than to single noisy seeds.
        class_balance: 0 keeps the seeds' class mix, 1 weighs classes equally; in between
            (default 0.5, weights ``(n / (3 * n_class)) ** class_balance``) keeps a rare
            class from vanishing without pretending classes are equally common.
        anchor_embeddings: (m, d) embeddings of anchor sentences, aligned with
            ``anchor_labels``; None to use seeds only.
        anchor_labels: the anchors' labels.
        anchor_weight: sample weight of one anchor relative to one seed.
        max_seeds: fit on at most this many seeds (a seeded random sample, same class mix)
            so very large inputs stay fast; every comment is still scored.
        seed: random state of the seed sample and the solver.
        engine: where the per-comment lexicon signals are computed
            (:class:`insights.engine.Engine`); None for this process.

    Example:
        >>> import numpy as np
        >>> texts = ["worst ever, still waiting"] * 20 + ["thank you, great job!"] * 20
        >>> vecs = np.array([[1.0, 0.0]] * 20 + [[0.0, 1.0]] * 20, dtype=np.float32)
        >>> SelfTrainingBackend().score(texts, vecs).label[[0, -1]].tolist()
        ['negative', 'positive']
    """

    name = "selftrain"

    def __init__(
        self,
        min_seeds: int = 30,
        C: float = 0.3,
        class_balance: float = 0.5,
        anchor_embeddings: np.ndarray | None = None,
        anchor_labels: Sequence[str] | None = None,
        anchor_weight: float = 5.0,
        max_seeds: int = 20000,
        seed: int = 0,
        engine: Any = None,
    ) -> None:
        self.min_seeds = min_seeds
        self.C = C
        self.class_balance = class_balance
        self.anchor_embeddings = anchor_embeddings
        self.anchor_labels = anchor_labels
        self.anchor_weight = anchor_weight
        self.max_seeds = max_seeds
        self.seed = seed
        self.engine = engine

    def score(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> SentimentScores:
        self.info_: dict[str, Any] = {"backend": "selftrain"}
        if len(texts) == 0:
            self.info_["fallback"] = "no comments"
            return SentimentScores.empty()
        signals = lexicon_signals(texts, engine=self.engine)
        seeds = pseudo_labels(signals)
        has_seed = seeds != ""
        counts = {label: int((seeds == label).sum()) for label in LABELS}
        self.info_["seeds"] = counts
        if embeddings is None or len(embeddings) != len(texts):
            self.info_["fallback"] = "lexicon: no embeddings aligned to the comments"
            return scores_from_polarity(signals.score)
        if int(has_seed.sum()) < self.min_seeds:
            self.info_["fallback"] = f"lexicon: {int(has_seed.sum())} confident comments < min_seeds={self.min_seeds}"
            return scores_from_polarity(signals.score)

        if int(has_seed.sum()) > self.max_seeds:
            rows = np.flatnonzero(has_seed)
            keep = np.sort(np.random.default_rng(self.seed).choice(rows, self.max_seeds, replace=False))
            has_seed = np.zeros(len(texts), dtype=bool)
            has_seed[keep] = True
            self.info_["seeds_used"] = self.max_seeds
        X = np.asarray(embeddings[has_seed], dtype=np.float64)
        y = seeds[has_seed].astype(str)
        weight = np.ones(len(y))
        anchors = self.anchor_embeddings
        if anchors is not None and self.anchor_labels is not None and len(anchors):
            if anchors.shape[1] != X.shape[1]:
                raise ConfigError(
                    f"Anchor embeddings have {anchors.shape[1]} dimensions but the comments' have "
                    f"{X.shape[1]}; embed the anchors with the same model as the comments."
                )
            X = np.vstack([X, np.asarray(anchors, dtype=np.float64)])
            y = np.concatenate([y, np.asarray(self.anchor_labels, dtype=str)])
            weight = np.concatenate([weight, np.full(len(anchors), float(self.anchor_weight))])
            self.info_["anchors"] = len(anchors)
        classes = sorted(set(y.tolist()))
        if len(classes) < 2:
            self.info_["fallback"] = f"lexicon: every confident comment is {classes[0]}"
            return scores_from_polarity(signals.score)

        from sklearn.linear_model import LogisticRegression

        mass = {c: float(weight[y == c].sum()) for c in classes}
        total = sum(mass.values())
        class_weight = {c: (total / (len(classes) * mass[c])) ** self.class_balance for c in classes}
        head = LogisticRegression(C=self.C, class_weight=class_weight, max_iter=2000, random_state=self.seed)
        head.fit(X, y, sample_weight=weight)
        proba = np.zeros((len(texts), len(LABELS)))
        # In slices: a float64 copy of a million embeddings would cost gigabytes at once.
        predicted = np.vstack([
            head.predict_proba(np.asarray(embeddings[s : s + 50_000], dtype=np.float64))
            for s in range(0, len(embeddings), 50_000)
        ])
        for j, cls in enumerate(head.classes_):
            proba[:, LABELS.index(cls)] = predicted[:, j]
        return SentimentScores.from_proba(proba)
