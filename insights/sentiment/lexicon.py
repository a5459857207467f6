"""Lexicon signals: VADER plus a few generic complaint / praise cues.

VADER scores words; it misses complaints written without sentiment words ("3 hours on
the tarmac and still no update"). The cues below describe what a complaint or a thank-you
looks like in any product's comments (waiting, breaking, cancelling, nobody answering;
thanks, love), so they add recall without naming any one domain.

Both backends here work without embeddings: :class:`LexiconBackend` (VADER + cues) and
:class:`VaderBackend` (VADER alone, the baseline). The self-training backend reuses
:func:`lexicon_signals` to choose its pseudo-labels.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from insights.nlp import vader
from insights.sentiment.base import SentimentScores

# Complaint cues, domain-general: waiting and time lost, things that broke or did not
# happen, nobody answering, "why is/does...", open anger. Each pattern is counted once
# per match, on lowercased text.
NEGATIVE_CUES: tuple[str, ...] = (
    r"\bstill (?:waiting|no|not|nothing|haven'?t|hasn'?t|can'?t|on hold)\b",
    r"\b\d+\s*(?:hours?|hrs?|days?|weeks?|months?|mins?|minutes)\b",
    r"\bhours\b",
    (
        r"\b(?:cancel+ed|cancel+ation|delayed|delays?|lost|missing|broken|stuck|stranded|"
        r"crash(?:es|ed|ing)?|refund|rude|worst|unacceptable|ridiculous|disappointed|disappointing|"
        r"terrible|horrible|awful|useless|frustrat\w*|annoy\w*|waste|wasted|overcharged|complain\w*|"
        r"incompetent|pathetic|joke|bugs?|buggy|glitch\w*|slow|error|fails?|failed|failure|wrong)\b"
    ),
    r"\b(?:no one|nobody|no response|no answer|no update|no help|no reply|no info\w*)\b",
    (
        r"\b(?:doesn'?t|does not|don'?t|didn'?t|won'?t|can'?t|cannot|couldn'?t|isn'?t|wasn'?t|not) "
        r"(?:work|load|open|help|respond|answer|get|even|happy|good|able)\w*\b"
    ),
    r"\bon hold\b",
    r"\bwhy (?:is|are|do|does|did|would|can'?t|won'?t|isn'?t|am|was)\b",
    r"\bfix (?:this|it|your)\b",
    r"\bthanks for nothing\b",
    r"\b(?:wtf|smh|ugh+)\b",
    r"#\w*(?:fail|worst|never|angry|ruin|bad|terrible|horrible|sucks?)\w*",
)
POSITIVE_CUES: tuple[str, ...] = (
    r"\b(?:thank(?:s| you)|thx|ty)\b",
    (
        r"\b(?:love|loved|loving|great|awesome|amazing|excellent|fantastic|wonderful|best|perfect|"
        r"appreciate\w*|kudos|shout ?out|brilliant|helpful|happy)\b"
    ),
)
# Requests: "thanks" inside a request is politeness, not praise ("DM me please, thanks").
REQUEST_CUES: tuple[str, ...] = (
    (
        r"\b(?:please|pls|plz|can you|could you|would you|will you|help|need|dm|send|let me know|"
        r"how do i|how can i)\b"
    ),
)
# How far one cue moves VADER's compound score; complaints weigh more because VADER
# already catches most praise words.
NEGATIVE_CUE_WEIGHT = 0.35
POSITIVE_CUE_WEIGHT = 0.2
# VADER's documented cut-offs for its compound score.
NEUTRAL_BAND = 0.05


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return tuple(re.compile("|".join(cues)) for cues in (NEGATIVE_CUES, POSITIVE_CUES, REQUEST_CUES))


@dataclass
class LexiconSignals:
    """Per-text lexicon facts, arrays of length n.

    Attributes:
        compound: VADER compound score in [-1, 1].
        neutral_share: VADER's share of neutral words (1.0 = no sentiment word at all).
        negative_cues / positive_cues: number of complaint / praise cues found.
        requests: number of request cues found (please, can you, help, DM...).
        question: the text contains "?".
        exclamation: the text contains "!".
        words: number of whitespace-separated words.
        score: compound moved by the cues, clipped to [-1, 1].
    """

    compound: np.ndarray
    neutral_share: np.ndarray
    negative_cues: np.ndarray
    positive_cues: np.ndarray
    requests: np.ndarray
    question: np.ndarray
    exclamation: np.ndarray
    words: np.ndarray
    score: np.ndarray


def lexicon_signals(texts: Sequence[str], engine: Any = None) -> LexiconSignals:
    """VADER scores and cue counts for each text.

    ``engine`` (an :class:`insights.engine.Engine`) runs it in partitions, on Dask
    workers with ``engine="dask"``; each text's signals depend on that text alone.

    Example:
        >>> s = lexicon_signals(["3 hours on the tarmac and still no update"])
        >>> round(float(s.compound[0]), 2), int(s.negative_cues[0]), round(float(s.score[0]), 2)
        (-0.3, 2, -1.0)
    """
    if engine is not None:
        return LexiconSignals(*engine.map(_signal_arrays, list(texts)))
    return LexiconSignals(*_signal_arrays(texts))


def _signal_arrays(texts: Sequence[str]) -> tuple[np.ndarray, ...]:
    analyzer = vader()
    neg_re, pos_re, req_re = _patterns()
    n = len(texts)
    compound = np.zeros(n)
    neutral = np.ones(n)
    neg = np.zeros(n, dtype=int)
    pos = np.zeros(n, dtype=int)
    req = np.zeros(n, dtype=int)
    question = np.zeros(n, dtype=bool)
    exclaim = np.zeros(n, dtype=bool)
    words = np.zeros(n, dtype=int)
    for i, text in enumerate(texts):
        text = str(text)
        scores = analyzer.polarity_scores(text)
        compound[i] = scores["compound"]
        neutral[i] = scores["neu"]
        low = text.lower()
        neg[i] = len(neg_re.findall(low))
        pos[i] = len(pos_re.findall(low))
        req[i] = len(req_re.findall(low))
        question[i] = "?" in text
        exclaim[i] = "!" in text
        words[i] = len(text.split())
    score = np.clip(compound - NEGATIVE_CUE_WEIGHT * neg + POSITIVE_CUE_WEIGHT * pos, -1.0, 1.0)
    return compound, neutral, neg, pos, req, question, exclaim, words, score


def scores_from_polarity(polarity: np.ndarray, band: float = NEUTRAL_BAND) -> SentimentScores:
    """Turn a polarity in [-1, 1] into scores: label by VADER's ±0.05 cut-offs.

    Confidence is ``|polarity|`` for positive / negative and ``1 - |polarity| / band``
    scaled into [0.5, 1] for neutral, so it grows with distance from the cut-off.
    """
    polarity = np.clip(np.asarray(polarity, dtype=float), -1.0, 1.0)
    label = np.where(polarity >= band, "positive", np.where(polarity <= -band, "negative", "neutral"))
    magnitude = np.abs(polarity)
    confidence = np.where(label == "neutral", 1.0 - 0.5 * magnitude / band, 0.5 + 0.5 * magnitude)
    return SentimentScores(score=polarity, label=label.astype(object), confidence=np.clip(confidence, 0, 1))


class VaderBackend:
    """VADER's compound score alone: the baseline, labelled with its ±0.05 cut-offs.

    Example:
        >>> VaderBackend().score(["I love it"]).label.tolist()
        ['positive']
    """

    name = "vader"

    def score(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> SentimentScores:
        if len(texts) == 0:
            return SentimentScores.empty()
        analyzer = vader()
        polarity = np.array([analyzer.polarity_scores(str(t))["compound"] for t in texts])
        return scores_from_polarity(polarity)


class LexiconBackend:
    """VADER plus complaint / praise cues (:data:`NEGATIVE_CUES`, :data:`POSITIVE_CUES`).

    Example:
        >>> LexiconBackend().score(["3 hours on the tarmac and still no update"]).label.tolist()
        ['negative']
    """

    name = "lexicon"

    def score(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> SentimentScores:
        if len(texts) == 0:
            return SentimentScores.empty()
        return scores_from_polarity(lexicon_signals(texts).score)
