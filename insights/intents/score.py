"""Per-comment intent scoring as one pure function over a chunk of rows.

:func:`score_chunk` turns the texts of some kept rows (with their embeddings, sentiment and
star rating) into the per-row columns of the stage: ``intent``, ``intents``, ``intent_text``
and ``intent_score_<class>``. Everything it needs that is fitted once per run (the embedding
head, the embedder for sentences, the options) travels in a picklable :class:`Scorer`, so the
same function can be mapped over partitions (Dask) and the concatenated result equals the
single-process run: nothing in it depends on which other rows share the chunk. Grouping into
requests.csv / complaints.csv is global and comes after (:mod:`insights.intents.group`).

Example:
    >>> scorer = Scorer()  # rules and sentiment only
    >>> score_chunk(["Love it, but please add dark mode."], scorer=scorer)["intent"].tolist()
    ['request']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from insights import schema as S
from insights.embed import embed_texts
from insights.errors import ConfigError
from insights.intents.classify import LABELS, THRESHOLD, combine
from insights.intents.extract import intent_phrases
from insights.intents.memo import BatchMemo
from insights.intents.rules import (
    complaint_score,
    is_support_reply,
    names_capability,
    rule_table,
    split_sentences,
)

SCORE_COLUMNS: dict[str, str] = {
    S.REQUEST: S.INTENT_SCORE_REQUEST,
    S.COMPLAINT: S.INTENT_SCORE_COMPLAINT,
    S.QUESTION: S.INTENT_SCORE_QUESTION,
    S.PRAISE: S.INTENT_SCORE_PRAISE,
    S.OTHER: S.INTENT_SCORE_OTHER,
}
ROW_COLUMNS: tuple[str, ...] = (S.INTENT, S.INTENTS_ALL, S.INTENT_TEXT, *SCORE_COLUMNS.values())

_REQ, _CMP = LABELS.index(S.REQUEST), LABELS.index(S.COMPLAINT)
# When two intents score the same, the more actionable one is primary: columns of LABELS in
# this order, so that argmax (first maximum) breaks ties by it.
_PRIORITY_ORDER = np.array(
    [LABELS.index(c) for c in (S.COMPLAINT, S.REQUEST, S.QUESTION, S.PRAISE)]
)
# "intents" strings for every subset of LABELS (bit j set = LABELS[j] applies), in LABELS order.
_JOINED = np.array(
    [";".join(c for j, c in enumerate(LABELS) if m >> j & 1) or S.OTHER for m in range(16)],
    dtype=object,
)
# The parser sees at most this many characters of a carrier sentence: the requested or broken
# thing is named early, and an unpunctuated 2,000-character rant would otherwise cost as much
# as a hundred ordinary sentences.
MAX_CARRIER_CHARS = 300


@dataclass
class Scorer:
    """What :func:`score_chunk` needs that is fitted or chosen once per run (picklable).

    Attributes:
        head: ``predict_proba(vectors) -> (n, 5)`` on comment vectors (a fitted
            :class:`~insights.intents.classify.ZeroShotHead` or
            :class:`~insights.intents.classify.TrainedHead`); None for rules and sentiment only.
        trained: the head is a trained model: its probabilities are the scores (no rules).
        embedder: the run's embedder, for rows that come without an embedding.
        sentence_embedder: embeds the sentences of multi-sentence comments for
            ``sentence_head``; None scores each sentence with its comment's own vector.
        sentence_head: the head for ``sentence_embedder``'s vectors.
        threshold: score at which an intent applies.
        use_sentiment: let tone tip complaint / praise.
    """

    head: Any | None = None
    trained: bool = False
    embedder: Any | None = None
    sentence_embedder: Any | None = None
    sentence_head: Any | None = None
    threshold: float = THRESHOLD
    use_sentiment: bool = True


def _units(texts: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Sentences of every text, then (for multi-sentence texts) the whole text as one more unit.

    Returns (units, owner, whole, n_sentences per text). Units of one text are contiguous.
    """
    units: list[str] = []
    owner: list[int] = []
    whole: list[bool] = []
    counts = np.zeros(len(texts), dtype=np.int64)
    for r, raw in enumerate(texts):
        text = raw.strip()
        parts = split_sentences(text) or ([text] if text else [])
        counts[r] = len(parts)
        units.extend(parts)
        owner.extend([r] * len(parts))
        whole.extend([False] * len(parts))
        if len(parts) > 1:
            # The whole comment too: context a single sentence lacks ("Great. Another delay.").
            units.append(text)
            owner.append(r)
            whole.append(True)
    return units, np.array(owner, dtype=np.int64), np.array(whole, dtype=bool), counts


def _unique_map(items: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Distinct items (first-seen order) and each item's index among them."""
    index: dict[str, int] = {}
    inverse = np.fromiter((index.setdefault(t, len(index)) for t in items), np.int64, len(items))
    return list(index), inverse


def _unit_rules(
    units: list[str], owner: np.ndarray, whole: np.ndarray, n: int, texts: list[str] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rule scores per unit (each distinct sentence once; a whole unit gets its sentences' best),
    and per unit whether it is a support team's reply / a solved problem (False for whole units).

    With the comments' ``texts``, a sentence whose support-reply cue is only in words the author
    quotes is no reply, and its complaint is scored on the author's own words (see :func:`_quoted`).
    """
    rules = np.zeros((len(units), len(LABELS)))
    reply = np.zeros(len(units), dtype=bool)
    solved = np.zeros(len(units), dtype=bool)
    sent = np.flatnonzero(~whole)
    distinct, inverse = _unique_map([units[i] for i in sent])
    scores, is_reply, is_solved = rule_table(distinct)
    rules[sent] = scores[inverse]
    reply[sent] = is_reply[inverse]
    solved[sent] = is_solved[inverse]
    if texts is not None and reply.any():
        for u, own in _quoted(units, owner, texts, reply).items():
            reply[u] = False
            rules[u, _CMP] = max(rules[u, _CMP], complaint_score(own))
    best = np.zeros((n, len(LABELS)))
    np.maximum.at(best, owner[sent], rules[sent])
    rules[whole] = best[owner[whole]]
    return rules, reply, solved


# Someone else's words in a comment: a quotation ("...", “...”, at least 3 words) or what follows
# a retweet marker ("RT @brand: ..."; the clean stage may have dropped the handle).
_QUOTATION = re.compile(r'"([^"]*\s[^"]*\s[^"]*)"|“([^”]*)”?|\bRT\b(?: @\w+)?:?(.*)', re.DOTALL)


def _quoted(units: list[str], owner: np.ndarray, texts: list[str], candidates: np.ndarray) -> dict[int, str]:
    """The units (of ``candidates``) whose support-reply cue is only in words the author quotes,
    each with the author's own words (the quoted ones blanked).

    A support reply the author quotes ("“We're sorry for the delay.” Stop sending generic
    responses") is not the author's own reply: the comment is the customer's.

    Example:
        >>> texts = ["“We're sorry for the delay.” Still stuck.", "Sorry to hear that, DM us."]
        >>> own = _quoted(texts, np.array([0, 1]), texts, np.array([True, True]))
        >>> {u: " ".join(words.split()) for u, words in own.items()}
        {0: '“ ” Still stuck.'}
    """
    out: dict[int, str] = {}
    for u in np.flatnonzero(candidates):
        text, unit = texts[owner[u]], units[u]
        start = text.find(unit)
        if start < 0:
            continue
        spans = [m.span(g) for m in _QUOTATION.finditer(text) for g in (1, 2, 3) if m.group(g)]
        if not spans:
            continue
        own = "".join(
            " " if any(a <= start + i < b for a, b in spans) else ch for i, ch in enumerate(unit)
        )
        if not is_support_reply(own):
            out[int(u)] = own
    return out


def _embed(texts: list[str], embedder: Any) -> np.ndarray:
    distinct, inverse = _unique_map(texts)
    return np.asarray(embed_texts(distinct, embedder), dtype=np.float32)[inverse]


def _unit_head(
    scorer: Scorer,
    units: list[str],
    owner: np.ndarray,
    single: np.ndarray,
    embeddings: np.ndarray | None,
) -> np.ndarray | None:
    """(n_units, 5) head probabilities: the comment's vector for one-sentence comments and whole
    units, the sentence head on sentence vectors for the sentences of longer ones."""
    if scorer.head is None:
        return None
    if embeddings is None:
        if scorer.embedder is None:
            raise ConfigError(
                "IntentStage needs embeddings to use an intent model, and none were given.",
                hint="Run the embed stage first or pass IntentStage(embedder=...).",
            )
        distinct, inverse = _unique_map(units)
        vectors = _embed(distinct, scorer.embedder)[inverse]
        return scorer.head.predict_proba(vectors)
    proba = scorer.head.predict_proba(np.asarray(embeddings, dtype=np.float32)[owner])
    parts = np.flatnonzero(~single)
    if len(parts) and scorer.sentence_embedder is not None:
        head = scorer.sentence_head if scorer.sentence_head is not None else scorer.head
        vectors = _embed([units[i] for i in parts], scorer.sentence_embedder)
        if head is scorer.head and vectors.shape[1] != embeddings.shape[1]:
            raise ConfigError(
                f"Comment embeddings have {embeddings.shape[1]} dimensions but the sentence "
                f"embedder '{scorer.sentence_embedder.name}' gives {vectors.shape[1]}.",
                hint="Pass IntentStage(embedder=...) the embedder that made corpus.embeddings.",
            )
        proba[parts] = head.predict_proba(vectors)
    return proba


# VADER's compound score of sentences seen in this process, by sentence.
_VADER_MEMO = BatchMemo()
_MEMO_LIMIT = 300_000


def _unit_sentiment(
    units: list[str],
    owner: np.ndarray,
    single: np.ndarray,
    sentiment: np.ndarray | None,
    rating: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Tone per unit in [-1, 1]: the sentiment stage's score for one-sentence comments and whole
    units (it may be a stronger model), VADER for sentences (each distinct one once). A star
    rating is the author's own verdict: it counts as much as the text's tone.

    Returns (tone, the tone complaint is scored with). Where a comment has a rating, the rating
    is its verdict, and a complaint must say what is wrong (the rules) or read as a problem
    report (the head): unhappy tone no longer adds to complaint, it only restates the verdict
    ("worst game ever", "rubbish", "waste of time" earn one star as well as a crash does).
    Happy tone and a rating at or above the middle still lower complaint ("works great now").
    Comments without a rating (tweets, forum posts) have no other verdict: there unhappy tone
    still tips complaint ("sat on hold for an hour and got nowhere").

    Measured on CLAP app reviews, the only labelled set with ratings (complaint = bug,
    performance, energy): complaint F1 0.890 -> 0.903 (P 0.828 -> 0.856, R 0.962 -> 0.955);
    of the 46 reviews that stop carrying complaint, 39 are verdicts or asks CLAP files as OTHER
    or FEATURE and 7 are defects with weak problem words ("rapes my battery", "if it wouldn't
    freeze"). Sets without ratings are unchanged (airline tweets, the demo)."""
    from insights.nlp import vader

    values = np.full(len(units), np.nan)
    if sentiment is not None:
        values[single] = np.asarray(sentiment, dtype=float)[owner[single]]
    need = np.flatnonzero(np.isnan(values))
    if len(need):
        analyzer = vader()
        distinct, inverse = _unique_map([units[i] for i in need])
        # Sentences scored before in this process (another partition's) are looked up.
        scores = np.array(
            _VADER_MEMO.lookup(
                distinct, lambda ts: [analyzer.polarity_scores(t)["compound"] for t in ts], limit=_MEMO_LIMIT
            ),
            dtype=float,
        )
        values[need] = scores[inverse]
    if rating is None:
        return values, values
    r = np.asarray(rating, dtype=float)[owner]
    has = ~np.isnan(r)
    complaint_tone = values.copy()
    values[has] = 0.5 * values[has] + 0.5 * r[has]
    high = has & (r >= 0)
    complaint_tone[high] = values[high]
    complaint_tone[has] = np.maximum(complaint_tone[has], 0.0)
    return values, complaint_tone


def _carriers(unit_scores: np.ndarray, owner: np.ndarray, whole: np.ndarray, n: int) -> np.ndarray:
    """(n, 4) unit index of the sentence that carries each class (the strongest real sentence,
    the first one on ties; never the whole-comment unit); -1 for texts without units."""
    out = np.full((n, len(LABELS)), -1, dtype=np.int64)
    sent = np.flatnonzero(~whole)
    if not len(sent):
        return out
    for j in range(len(LABELS)):
        # Sort by row, then score (desc), then position: the first of each row is its carrier.
        order = np.lexsort((sent, -unit_scores[sent, j], owner[sent]))
        ranked = sent[order]
        first = np.ones(len(ranked), dtype=bool)
        first[1:] = owner[ranked][1:] != owner[ranked][:-1]
        out[owner[ranked[first]], j] = ranked[first]
    return out


def _tone_of_an_ask(
    unit_scores: np.ndarray,
    rules: np.ndarray,
    head: np.ndarray | None,
    owner: np.ndarray,
    whole: np.ndarray,
    texts: Sequence[str],
) -> None:
    """Unhappy tone does not make a complaint of a comment that clearly asks for a capability
    and names no problem ("frustrating lack of features, please add tags", "I really miss the
    old sorting option :("): the tone says how much the capability is missed. Where the rules
    find such an ask and the head, too, reads the comment more as a request than as a complaint,
    complaint keeps only what rules and head give it (in place). Without a head nothing changes:
    tone is then the only other signal."""
    if head is None:
        return
    n = len(texts)
    sent = np.flatnonzero(~whole)
    best = np.zeros((n, len(LABELS)))
    np.maximum.at(best, owner[sent], rules[sent])
    rows = np.flatnonzero((best[:, _REQ] >= 1.0) & (best[:, _CMP] < 1.0))
    rows = [r for r in rows if names_capability(texts[r])]
    if not rows:
        return
    units = np.flatnonzero(np.isin(owner, rows) & (head[:, _REQ] > head[:, _CMP]))
    if not len(units):
        return
    plain = combine(rules[units], head[units], None)
    unit_scores[units, _CMP] = np.minimum(unit_scores[units, _CMP], plain[:, _CMP])


def primary_intents(
    scores: np.ndarray, rules: np.ndarray, carriers: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """Primary intent and all intents ("a;b") per row, from (n, 4) scores.

    The best-scoring intent is primary (ties go to the more actionable: complaint, request,
    question, praise), except that a clearly phrased request (a rule cue, not the head alone)
    is the point of the comment even when it also praises, asks, or explains the pain behind it
    ("love it, now add X", "can we get X? doing it by hand is slow"). It yields only to a
    complaint with its own clear problem cue in the same or an earlier sentence ("crashes on
    start. also, dark mode please"); "please fix" is a complaint, never a request.

    Example:
        >>> scores = np.array([[0.6, 0.0, 0.0, 0.9]])
        >>> rules = np.array([[1.0, 0, 0, 1.0]])
        >>> primary_intents(scores, rules, np.array([[0, -1, -1, 0]]), 0.5)[0].tolist()
        ['request']
    """
    n = len(scores)
    applies = scores >= threshold
    rounded = np.round(scores, 6)
    # Only intents that apply compete for first place.
    keyed = np.where(applies, rounded, -1.0)[:, _PRIORITY_ORDER]
    first = _PRIORITY_ORDER[np.argmax(keyed, axis=1)] if n else np.zeros(0, dtype=np.int64)
    labels = np.array(LABELS, dtype=object)
    intent = np.where(applies.any(axis=1), labels[first] if n else first, S.OTHER).astype(object)

    req_unit, cmp_unit = carriers[:, _REQ], carriers[:, _CMP]
    clear_request = req_unit >= 0
    clear_request[clear_request] = rules[req_unit[clear_request], _REQ] >= 1.0
    clear_complaint = cmp_unit >= 0
    clear_complaint[clear_complaint] = rules[cmp_unit[clear_complaint], _CMP] >= 1.0
    promote = applies[:, _REQ] & (first != _REQ) & clear_request
    keeps_complaint = applies[:, _CMP] & clear_complaint & (cmp_unit <= req_unit)
    intent[promote & keeps_complaint] = S.COMPLAINT
    intent[promote & ~keeps_complaint] = S.REQUEST

    bits = (applies * (1 << np.arange(len(LABELS)))).sum(axis=1).astype(np.int64)
    return intent, _JOINED[bits]


def score_chunk(
    texts: Sequence[str],
    embeddings: np.ndarray | None = None,
    sentiment: np.ndarray | None = None,
    rating: np.ndarray | None = None,
    scorer: Scorer | None = None,
    nlp: Any = None,
) -> pd.DataFrame:
    """Per-row intent columns for a chunk of kept comments; each row depends on its own inputs only.

    Args:
        texts: the text to analyse (``clean_text``) of each row.
        embeddings: (len(texts), d) comment embeddings, or None (the scorer's embedder then
            embeds every unit, or the head is skipped when the scorer has none).
        sentiment: (len(texts),) the sentiment stage's score in [-1, 1] (NaN where missing) or
            None for VADER.
        rating: (len(texts),) star ratings already mapped to [-1, 1]
            (:func:`insights.intents.stage.star_sentiment`, global over the whole input so the
            scale does not depend on the chunk), NaN where missing; None for no ratings.
        scorer: the fitted :class:`Scorer`; None for rules and sentiment only.
        nlp: a spaCy pipeline for ``intent_text``; None loads
            :func:`insights.intents.parse.intent_nlp`.

    Returns:
        A DataFrame of :data:`ROW_COLUMNS`, one row per text, in order (index 0..n-1).

    Example:
        >>> out = score_chunk(["The app crashes every time I open the camera."], scorer=Scorer())
        >>> out[["intent", "intent_text"]].values.tolist()
        [['complaint', 'app crashes when opening camera']]
    """
    scorer = scorer or Scorer()
    texts = [t if isinstance(t, str) else "" for t in texts]
    n = len(texts)
    units, owner, whole, counts = _units(texts)
    single = (counts[owner] == 1) | whole
    rules, reply_unit, solved = _unit_rules(units, owner, whole, n, texts)
    head = _unit_head(scorer, units, owner, single, embeddings)
    if scorer.trained and head is not None:
        unit_scores = head[:, : len(LABELS)].copy()
    else:
        tone, complaint_tone = (
            _unit_sentiment(units, owner, single, sentiment, rating)
            if scorer.use_sentiment
            else (None, None)
        )
        unit_scores = combine(rules, head, tone)
        if complaint_tone is not tone:
            unit_scores[:, _CMP] = combine(rules, head, complaint_tone)[:, _CMP]
        if tone is not None:
            _tone_of_an_ask(unit_scores, rules, head, owner, whole, texts)
        # A support team's reply ("sorry about that, DM us") and a report that a problem is
        # solved ("the update fixed it for me") talk about problems without complaining. A
        # reply's complaint, request and praise scores are halved in every unit of it; a solved
        # problem only in its own sentence, since "X is fixed but now Y crashes" still
        # complains about Y.
        reply_rows = np.zeros(n, dtype=bool)
        reply_rows[owner[reply_unit]] = True
        reply = reply_rows[owner]
        unit_scores[reply, :2] *= 0.5
        unit_scores[reply, 3] *= 0.5  # a team thanking its audience is not audience praise
        unit_scores[solved & ~reply, 1] *= 0.5

    # Comment scores: the strongest unit per class.
    scores = np.zeros((n, len(LABELS)))
    if len(units):
        np.maximum.at(scores, owner, unit_scores)
    carriers = _carriers(unit_scores, owner, whole, n)
    intent, intents_all = primary_intents(scores, rules, carriers, scorer.threshold)

    # intent_text from the sentence that carries the primary request / complaint.
    carrier_text = [""] * n
    todo = np.flatnonzero((intent == S.REQUEST) | (intent == S.COMPLAINT))
    for r in todo:
        unit = carriers[r, LABELS.index(intent[r])]
        carrier_text[r] = (units[unit] if unit >= 0 else texts[r])[:MAX_CARRIER_CHARS]
    intent_text = [""] * n
    if len(todo):
        keys = [(carrier_text[r], intent[r]) for r in todo]
        distinct_keys = list(dict.fromkeys(keys))
        phrases = intent_phrases(
            [k[0] for k in distinct_keys], [k[1] for k in distinct_keys], nlp=nlp
        )
        phrase_of = dict(zip(distinct_keys, phrases))
        for r, key in zip(todo, keys):
            intent_text[r] = phrase_of[key]
        # A carrier sentence that names nothing ("yes!! night theme needed" -> "yes!!"): the
        # thing is often in the comment's other sentences, so read the whole comment once.
        retry = [r for r in todo if not intent_text[r] and texts[r][:MAX_CARRIER_CHARS] != carrier_text[r]]
        if retry:
            again = intent_phrases([texts[r][:MAX_CARRIER_CHARS] for r in retry], [intent[r] for r in retry], nlp=nlp)
            for r, phrase in zip(retry, again):
                intent_text[r] = phrase

    out = pd.DataFrame(
        {S.INTENT: intent, S.INTENTS_ALL: intents_all, S.INTENT_TEXT: intent_text},
        index=pd.RangeIndex(n),
    )
    for j, label in enumerate(LABELS):
        out[SCORE_COLUMNS[label]] = np.round(scores[:, j], 4)
    out[S.INTENT_SCORE_OTHER] = np.round(1.0 - scores.max(axis=1) if n else np.zeros(0), 4)
    # Object columns, so the concatenation of chunks has the same dtypes as one run.
    for col in (S.INTENT, S.INTENTS_ALL, S.INTENT_TEXT):
        out[col] = out[col].astype(object)
    return out
