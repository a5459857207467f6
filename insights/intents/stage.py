"""Stage `intents`: what the audience asks for, and what hurts them.

Reads ``clean_text`` (else ``text``), ``kept``, ``corpus.embeddings`` and
``corpus.info["embedding_model"]`` (and ``["embedding_model_path"]`` for a custom
model directory); optionally ``sentiment`` (the sentiment
stage's score), ``rating`` (stars count as sentiment), ``author``,
``duplicate_count`` and ``display_text`` (for quotes).

Adds ``intent`` (primary, one of request / complaint / question / praise /
other; "other" for dropped rows; what the author mainly wants, see
:func:`primary_intent`), ``intents`` (every intent that applies,
";"-joined), ``intent_text`` (the requested or broken thing, "" otherwise),
``intent_score_<class>`` in [0, 1], and ``request_group`` / ``complaint_group``
(the row of requests.csv / complaints.csv, -1 otherwise). Sets
``corpus.requests`` and ``corpus.complaints``.
"""

from __future__ import annotations

import warnings
from typing import Any, Literal

import numpy as np
import pandas as pd

from insights import schema as S
from insights.corpus import Corpus
from insights.embed import Embedder, embed_texts, run_embedder
from insights.errors import ConfigError, invalid_parameter
from insights.intents.classify import (
    CLASSES,
    LABELS,
    THRESHOLD,
    TrainedHead,
    ZeroShotHead,
    combine,
    rule_matrix,
)
from insights.intents.extract import intent_phrases
from insights.intents.group import group_table, phrase_vectors
from insights.intents.rules import is_resolved, is_support_reply, split_sentences
from insights.nlp import vader

SCORE_COLUMNS: dict[str, str] = {
    S.REQUEST: S.INTENT_SCORE_REQUEST,
    S.COMPLAINT: S.INTENT_SCORE_COMPLAINT,
    S.QUESTION: S.INTENT_SCORE_QUESTION,
    S.PRAISE: S.INTENT_SCORE_PRAISE,
    S.OTHER: S.INTENT_SCORE_OTHER,
}
# When two intents score the same, the more actionable one is primary.
_PRIORITY = {S.COMPLAINT: 0, S.REQUEST: 1, S.QUESTION: 2, S.PRAISE: 3}


def comment_flags(
    units: list[str], owner: np.ndarray, whole: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per unit: is its comment a support team's reply; does the unit report a solved problem?"""
    reply_rows = {owner[i] for i, u in enumerate(units) if not whole[i] and is_support_reply(u)}
    reply = np.array([o in reply_rows for o in owner], dtype=bool)
    solved = np.array([not w and is_resolved(u) for u, w in zip(units, whole)], dtype=bool)
    return reply, solved


def primary_intent(applies: list[str], rules: np.ndarray, carriers: np.ndarray) -> str:
    """What the author mainly wants, among the intents that apply (sorted by score, best first).

    A clearly phrased request (a rule cue, not the head alone) is the point of the comment even
    when it also praises, asks, or explains the pain behind it ("love it, now add X", "can we get
    X? doing it by hand is slow"). It yields only to a complaint with its own clear problem cue
    in the same or an earlier sentence ("crashes on start. also, dark mode please"); "please fix"
    is a complaint, never a request, so it never gets here.

    Example:
        >>> rules = np.array([[1.0, 0, 0, 1.0]])
        >>> primary_intent(["praise", "request"], rules, np.array([0, -1, -1, 0]))
        'request'
    """
    first = applies[0]
    if S.REQUEST not in applies or first == S.REQUEST:
        return first
    req_unit = carriers[LABELS.index(S.REQUEST)]
    if req_unit < 0 or rules[req_unit, 0] < 1.0:
        return first
    if S.COMPLAINT in applies:
        cmp_unit = carriers[LABELS.index(S.COMPLAINT)]
        if cmp_unit >= 0 and rules[cmp_unit, 1] >= 1.0 and cmp_unit <= req_unit:
            return S.COMPLAINT
    return S.REQUEST


def star_sentiment(frame: pd.DataFrame) -> np.ndarray | None:
    """The ``rating`` column mapped to [-1, 1] (1 star -> -1, middle -> 0, top -> 1); None without one.

    The scale is read from the data: 1-5 stars unless a value above 5 shows a 1-10 scale.
    """
    if S.RATING not in frame:
        return None
    values = pd.to_numeric(frame[S.RATING], errors="coerce").to_numpy(dtype=float)
    if np.isnan(values).all():
        return None
    top = 10.0 if np.nanmax(values) > 5 else 5.0
    return np.clip((values - (1 + top) / 2) / ((top - 1) / 2), -1.0, 1.0)


class IntentStage:
    """Classify each comment's intents, extract what is asked for or broken, group them.

    Args:
        model: a directory written by :func:`insights.intents.train.train`; None for
            the zero-shot default (rules + a head fitted on synthetic sentences + sentiment).
        threshold: score in [0, 1] at which an intent applies to a comment.
        group_threshold: cosine similarity (average linkage) at which two request
            (complaint) groups are merged.
        group_on: what is compared when grouping: the ``intent_text`` phrase alone, the
            phrase plus its comment's embedding (default; steadier when a phrase is poor), or
            the comment's embedding alone (fine for short single-topic comments).
        sentence_embeddings: judge long comments sentence by sentence with the
            embedding head too (embeds each sentence; rules always work per sentence).
        use_sentiment: let negative / positive sentiment tip complaint / praise.
        use_rating: count a star ``rating`` column (when the input has one) as sentiment.
        embedder: the embedder of the run, for sentences, examples and phrases;
            None rebuilds it from ``corpus.info["embedding_model"]`` (or, for a custom
            model directory, ``corpus.info["embedding_model_path"]``). Without one
            (and without embeddings) the stage runs on rules and sentiment alone.
        max_examples: verbatim quotes per request / complaint group.
        prototype_weight: share of nearest-prototype similarity in the zero-shot head
            (see :class:`~insights.intents.classify.ZeroShotHead`); 0 uses the regression alone.

    Example:
        >>> corpus = IntentStage().run(corpus)  # doctest: +SKIP
        >>> corpus.comments[["intent", "intents", "intent_text"]]  # doctest: +SKIP
        >>> corpus.requests[["phrase", "count", "authors"]].head()  # doctest: +SKIP
    """

    name = "intents"

    def __init__(
        self,
        model: str | None = None,
        threshold: float = THRESHOLD,
        group_threshold: float = 0.45,
        group_on: Literal["phrase", "phrase+comment", "comment"] = "phrase+comment",
        sentence_embeddings: bool = True,
        use_sentiment: bool = True,
        use_rating: bool = True,
        embedder: Embedder | None = None,
        max_examples: int = 3,
        prototype_weight: float = 0.0,
    ) -> None:
        self.model = model
        self.threshold = threshold
        self.group_threshold = group_threshold
        self.group_on = group_on
        self.sentence_embeddings = sentence_embeddings
        self.use_sentiment = use_sentiment
        self.use_rating = use_rating
        self.embedder = embedder
        self.max_examples = max_examples
        self.prototype_weight = prototype_weight

    # -- parts ---------------------------------------------------------------
    def _check(self) -> None:
        for name in ("threshold", "group_threshold", "prototype_weight"):
            value = getattr(self, name)
            if (
                not isinstance(value, (int, float))
                or isinstance(value, bool)
                or not 0.0 <= value <= 1.0
            ):
                raise invalid_parameter("IntentStage", name, "a float in [0, 1]", value)
        if self.group_on not in ("phrase", "phrase+comment", "comment"):
            raise invalid_parameter(
                "IntentStage",
                "group_on",
                "one of 'phrase', 'phrase+comment', 'comment'",
                self.group_on,
            )
        if not isinstance(self.max_examples, int) or self.max_examples < 1:
            raise invalid_parameter("IntentStage", "max_examples", "an int >= 1", self.max_examples)

    def _embedder(self, corpus: Corpus) -> Embedder | None:
        if self.embedder is not None:
            return self.embedder
        return run_embedder(corpus.info)

    def _head(self, embedder: Embedder | None, corpus: Corpus) -> Any:
        if self.model is not None:
            head = TrainedHead(self.model).load()
            run_name = embedder.name if embedder is not None else corpus.info.get("embedding_model")
            if run_name and run_name != head.embedder_name:
                raise ConfigError(
                    f"Intent model '{self.model}' was trained on '{head.embedder_name}' embeddings "
                    f"but this run embeds with '{run_name}'.",
                    hint="Run with the same embedding model the intent model was trained with, or retrain it.",
                )
            return head
        if embedder is None:
            return None
        return ZeroShotHead(embedder, prototype_weight=self.prototype_weight).fit()

    # -- run -----------------------------------------------------------------
    def signals(self, corpus: Corpus) -> dict[str, Any]:
        """Every signal the scores are made of, per unit (sentence, or whole multi-sentence comment).

        Returns a dict with ``units`` (texts), ``owner`` (row of each unit), ``whole``
        (True for the whole-comment unit), ``rules`` (n, 4), ``head`` ((n, 5) or None)
        and ``sentiment`` ((n,) or None).
        """
        kept = corpus.kept_mask
        texts = corpus.analysis_text().tolist()
        units: list[str] = []
        owner: list[int] = []
        whole: list[bool] = []
        for r in np.flatnonzero(kept):
            text = texts[r].strip()
            parts = split_sentences(text) or ([text] if text else [])
            units.extend(parts)
            owner.extend([int(r)] * len(parts))
            whole.extend([False] * len(parts))
            if len(parts) > 1:
                # The whole comment too: context a single sentence lacks ("Great. Another delay.").
                units.append(text)
                owner.append(int(r))
                whole.append(True)
        owner_arr = np.array(owner, dtype=int)
        whole_arr = np.array(whole, dtype=bool)
        rules = rule_matrix([u if not w else "" for u, w in zip(units, whole)])
        for i in np.flatnonzero(whole_arr):  # a whole comment's rules are its sentences' best
            rules[i] = rules[(owner_arr == owner_arr[i]) & ~whole_arr].max(axis=0)

        embedder = self._embedder(corpus)
        if self.model is None and embedder is None and corpus.embeddings is not None:
            warnings.warn(
                "IntentStage: no embedder for this run's embeddings "
                f"({corpus.info.get('embedding_model')!r}); classifying with rules and sentiment only. "
                "Pass IntentStage(embedder=...) to use the embedding head.",
                stacklevel=3,
            )
        head = self._head(embedder, corpus) if units else None
        head_proba = None
        if head is not None:
            head_proba = head.predict_proba(
                self._unit_vectors(corpus, units, owner_arr, whole_arr, embedder)
            )
        sentiment = (
            self._unit_sentiment(corpus, units, owner_arr, whole_arr)
            if self.use_sentiment
            else None
        )
        return {
            "units": units,
            "owner": owner_arr,
            "whole": whole_arr,
            "rules": rules,
            "head": head_proba,
            "sentiment": sentiment,
            "embedder": embedder,
            "method": "trained" if self.model else ("zero-shot" if head is not None else "rules"),
        }

    def run(self, corpus: Corpus) -> Corpus:
        self._check()
        frame = corpus.comments
        n = len(frame)
        kept = corpus.kept_mask
        texts = corpus.analysis_text().tolist()
        rows = np.flatnonzero(kept)
        sig = self.signals(corpus)
        units, owner, whole = sig["units"], sig["owner"], sig["whole"]
        if sig["method"] == "trained":
            unit_scores = sig["head"][:, : len(LABELS)]
        else:
            unit_scores = combine(sig["rules"], sig["head"], sig["sentiment"])
            # A support team's reply ("sorry about that, DM us") and a report that a problem is
            # solved ("the update fixed it for me") talk about problems without complaining. A
            # reply's complaint, request and praise scores are halved in every unit of it; a
            # solved problem only in its own sentence, since "X is fixed but now Y crashes" still
            # complains about Y.
            reply, solved = comment_flags(units, owner, whole)
            unit_scores[reply, :2] *= 0.5
            unit_scores[reply, 3] *= 0.5  # a team thanking its audience is not audience praise
            unit_scores[solved & ~reply, 1] *= 0.5

        # Comment scores: the strongest unit per class. The sentence that carries a class
        # (for intent_text) is the strongest real sentence, never the whole-comment unit.
        scores = np.zeros((n, len(LABELS)))
        np.maximum.at(scores, owner, unit_scores)
        carrier_unit = np.full((n, len(LABELS)), -1, dtype=int)
        carrier_score = np.full((n, len(LABELS)), -1.0)
        for i in np.flatnonzero(~whole):  # first sentence wins ties: strict ">"
            r = owner[i]
            better = unit_scores[i] > carrier_score[r]
            carrier_score[r, better] = unit_scores[i, better]
            carrier_unit[r, better] = i
        other = 1.0 - scores.max(axis=1)
        embedder = sig["embedder"]

        intent = np.full(n, S.OTHER, dtype=object)
        intents_all = np.full(n, S.OTHER, dtype=object)
        rules = sig["rules"]
        for r in rows:
            applies = [LABELS[j] for j in range(len(LABELS)) if scores[r, j] >= self.threshold]
            if applies:
                applies.sort(key=lambda c: (-round(scores[r, LABELS.index(c)], 6), _PRIORITY[c]))
                intent[r] = primary_intent(applies, rules, carrier_unit[r])
                intents_all[r] = ";".join(sorted(applies, key=lambda c: CLASSES.index(c)))

        # intent_text from the sentence that carries the primary request / complaint.
        carrier = [""] * n
        for r in rows:
            if intent[r] in (S.REQUEST, S.COMPLAINT):
                j = LABELS.index(intent[r])
                carrier[r] = units[carrier_unit[r, j]] if carrier_unit[r, j] >= 0 else texts[r]
        intent_text = np.array(
            intent_phrases(carrier, list(intent)) if len(rows) else [""] * n, dtype=object
        )

        out = frame.copy()
        out[S.INTENT] = intent
        out[S.INTENTS_ALL] = intents_all
        out[S.INTENT_TEXT] = intent_text
        for j, label in enumerate(LABELS):
            out[SCORE_COLUMNS[label]] = np.round(scores[:, j], 4)
        out[S.INTENT_SCORE_OTHER] = np.where(kept, np.round(other, 4), 1.0)
        corpus.comments = out
        self._group(corpus, embedder)
        corpus.info["intents"] = {
            "method": "trained:" + str(self.model) if self.model else sig["method"],
            "embedder": embedder.name if embedder is not None else None,
            "units": len(units),
            "counts": {c: int((intent == c).sum()) for c in CLASSES},
        }
        return corpus

    def _unit_vectors(
        self, corpus: Corpus, units, owner: np.ndarray, whole: np.ndarray, embedder
    ) -> np.ndarray:
        """One vector per unit: the comment's own embedding for one-sentence comments and whole
        units (free: the embed stage made it), a new embedding for each sentence of a long one."""
        n_rows = len(corpus.comments)
        single = (np.bincount(owner, minlength=n_rows)[owner] == 1) | whole
        have_rows = corpus.embeddings is not None and corpus.embeddings.shape[0] == n_rows
        if embedder is None:
            if not have_rows:
                raise ConfigError(
                    "IntentStage needs embeddings to use an intent model, and none were given.",
                    hint="Run the embed stage first or pass IntentStage(embedder=...).",
                )
            return corpus.embeddings[owner]
        if not self.sentence_embeddings:
            single = np.ones(len(units), dtype=bool)
        from_rows = single & have_rows
        need = np.flatnonzero(~from_rows)
        new = embed_texts([units[i] for i in need], embedder) if len(need) else None
        dim = new.shape[1] if new is not None else corpus.embeddings.shape[1]
        if have_rows and corpus.embeddings.shape[1] != dim:
            raise ConfigError(
                f"corpus.embeddings have {corpus.embeddings.shape[1]} dimensions but the embedder "
                f"'{embedder.name}' gives {dim}.",
                hint="Pass IntentStage(embedder=...) the embedder that made corpus.embeddings.",
            )
        vectors = np.zeros((len(units), dim), dtype=np.float32)
        if new is not None:
            vectors[need] = new
        idx = np.flatnonzero(from_rows)
        vectors[idx] = corpus.embeddings[owner[idx]]
        return vectors

    def _unit_sentiment(
        self, corpus: Corpus, units, owner: np.ndarray, whole: np.ndarray
    ) -> np.ndarray:
        """VADER compound per sentence; one-sentence comments and whole units use the sentiment
        stage's score when it ran (it may be a stronger model), else VADER. A star rating,
        when present, is averaged in."""
        analyzer = vader()
        values = np.array([analyzer.polarity_scores(u)["compound"] for u in units], dtype=float)
        if S.SENTIMENT in corpus.comments and len(owner):
            stage = pd.to_numeric(corpus.comments[S.SENTIMENT], errors="coerce").to_numpy(
                dtype=float
            )
            single = (np.bincount(owner, minlength=len(corpus.comments))[owner] == 1) | whole
            use = single & ~np.isnan(stage[owner])
            values[use] = stage[owner[use]]
        rating = star_sentiment(corpus.comments) if self.use_rating else None
        if rating is not None and len(owner):
            # A star rating is the author's own verdict: it counts as much as the text's tone.
            r = rating[owner]
            has = ~np.isnan(r)
            values[has] = 0.5 * values[has] + 0.5 * r[has]
        return values

    def _group(self, corpus: Corpus, embedder: Embedder | None) -> None:
        frame = corpus.comments
        for label, column, attr in (
            (S.REQUEST, S.REQUEST_GROUP, "requests"),
            (S.COMPLAINT, S.COMPLAINT_GROUP, "complaints"),
        ):
            mask = (frame[S.INTENT] == label).to_numpy(dtype=bool) & (
                frame[S.INTENT_TEXT] != ""
            ).to_numpy(dtype=bool)
            sub = frame[mask]
            phrases = sub[S.INTENT_TEXT].astype(str).tolist()
            vectors = None
            has_rows = corpus.embeddings is not None and len(corpus.embeddings) == len(frame)
            if self.group_on == "comment" and has_rows and phrases:
                vectors = corpus.embeddings[mask]
            elif embedder is not None and phrases:
                context = (
                    corpus.embeddings[mask]
                    if self.group_on == "phrase+comment" and has_rows
                    else None
                )
                vectors = phrase_vectors(phrases, embedder, context)
            table, ids = group_table(sub, phrases, vectors, self.group_threshold, self.max_examples)
            groups = np.full(len(frame), -1, dtype=int)
            groups[mask] = ids
            frame[column] = groups
            setattr(corpus, attr, table)
