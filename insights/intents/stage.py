"""Stage `intents`: what the audience asks for, and what hurts them.

Reads ``clean_text`` (else ``text``), ``kept``, ``corpus.embeddings``,
``sentiment`` (optional), ``author`` and ``duplicate_count`` (optional).

Adds ``intent`` (primary, one of request / complaint / question / praise /
other; "other" for dropped rows), ``intents`` (every intent that applies,
";"-joined), ``intent_text`` (the requested or broken thing, "" otherwise),
``intent_score_<class>`` in [0, 1], and ``request_group`` / ``complaint_group``
(the row of requests.csv / complaints.csv, -1 otherwise). Sets
``corpus.requests`` and ``corpus.complaints``.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import numpy as np
import pandas as pd

from insights import schema as S
from insights.corpus import Corpus
from insights.embed import Embedder, SentenceTransformerEmbedder, StaticEmbedder, embed_texts
from insights.errors import ConfigError, invalid_parameter
from insights.intents.classify import CLASSES, LABELS, THRESHOLD, TrainedHead, ZeroShotHead, combine, rule_matrix
from insights.intents.extract import intent_phrases
from insights.intents.group import group_table
from insights.intents.rules import split_sentences

SCORE_COLUMNS: dict[str, str] = {
    S.REQUEST: S.INTENT_SCORE_REQUEST,
    S.COMPLAINT: S.INTENT_SCORE_COMPLAINT,
    S.QUESTION: S.INTENT_SCORE_QUESTION,
    S.PRAISE: S.INTENT_SCORE_PRAISE,
    S.OTHER: S.INTENT_SCORE_OTHER,
}
# When two intents score the same, the more actionable one is primary.
_PRIORITY = {S.COMPLAINT: 0, S.REQUEST: 1, S.QUESTION: 2, S.PRAISE: 3}


def embedder_from_name(name: str | None) -> Embedder | None:
    """Rebuild the run's embedder from ``corpus.info["embedding_model"]``; None if unknown."""
    if not name:
        return None
    if name == "st:all-MiniLM-L6-v2":
        return SentenceTransformerEmbedder()
    match = re.fullmatch(r"static:minilm-distilled-(\d+)", name)
    if match:
        return StaticEmbedder(pca_dims=int(match.group(1)))
    return None


def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


class IntentStage:
    """Classify each comment's intents, extract what is asked for or broken, group them.

    Args:
        model: a directory written by :func:`insights.intents.train.train`; None for
            the zero-shot default (rules + a head fitted on synthetic sentences + sentiment).
        threshold: score in [0, 1] at which an intent applies to a comment.
        group_threshold: cosine similarity at which two request (complaint) phrases
            are merged into one group.
        sentence_embeddings: judge long comments sentence by sentence with the
            embedding head too (embeds each sentence; rules always work per sentence).
        use_sentiment: let negative / positive sentiment tip complaint / praise.
        embedder: the embedder of the run, for sentences, examples and phrases;
            None rebuilds it from ``corpus.info["embedding_model"]``. Without one
            (and without embeddings) the stage runs on rules and sentiment alone.
        max_examples: verbatim quotes per request / complaint group.

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
        group_threshold: float = 0.7,
        sentence_embeddings: bool = True,
        use_sentiment: bool = True,
        embedder: Embedder | None = None,
        max_examples: int = 3,
    ) -> None:
        self.model = model
        self.threshold = threshold
        self.group_threshold = group_threshold
        self.sentence_embeddings = sentence_embeddings
        self.use_sentiment = use_sentiment
        self.embedder = embedder
        self.max_examples = max_examples

    # -- parts ---------------------------------------------------------------
    def _check(self) -> None:
        for name in ("threshold", "group_threshold"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0.0 <= value <= 1.0:
                raise invalid_parameter("IntentStage", name, "a float in [0, 1]", value)
        if not isinstance(self.max_examples, int) or self.max_examples < 1:
            raise invalid_parameter("IntentStage", "max_examples", "an int >= 1", self.max_examples)

    def _embedder(self, corpus: Corpus) -> Embedder | None:
        return self.embedder or embedder_from_name(corpus.info.get("embedding_model"))

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
        return ZeroShotHead(embedder).fit()

    # -- run -----------------------------------------------------------------
    def run(self, corpus: Corpus) -> Corpus:
        self._check()
        frame = corpus.comments
        n = len(frame)
        kept = corpus.kept_mask
        texts = corpus.analysis_text().tolist()
        rows = np.flatnonzero(kept)

        # Sentences of every kept comment, flattened, with the comment they belong to.
        sentences: list[str] = []
        owner: list[int] = []
        for r in rows:
            parts = split_sentences(texts[r]) or ([texts[r].strip()] if texts[r].strip() else [])
            sentences.extend(parts)
            owner.extend([int(r)] * len(parts))
        owner_arr = np.array(owner, dtype=int)

        embedder = self._embedder(corpus)
        if self.model is None and embedder is None and corpus.embeddings is not None:
            warnings.warn(
                "IntentStage: no embedder for this run's embeddings "
                f"({corpus.info.get('embedding_model')!r}); classifying with rules and sentiment only. "
                "Pass IntentStage(embedder=...) to use the embedding head.",
                stacklevel=2,
            )
        head = self._head(embedder, corpus) if len(sentences) else None
        head_proba = None
        if head is not None and len(sentences):
            head_proba = head.predict_proba(self._sentence_vectors(corpus, sentences, owner_arr, embedder))
        sentiment = self._sentence_sentiment(corpus, sentences, owner_arr) if self.use_sentiment else None
        rules = rule_matrix(sentences)
        if self.model is not None and head_proba is not None:
            sent_scores = head_proba[:, : len(LABELS)]
        else:
            sent_scores = combine(rules, head_proba, sentiment)

        # Comment scores: the strongest sentence per class; each class keeps its best sentence.
        scores = np.zeros((n, len(LABELS)))
        best_sentence = np.full((n, len(LABELS)), -1, dtype=int)
        for i, r in enumerate(owner):
            better = sent_scores[i] > scores[r]
            scores[r, better] = sent_scores[i, better]
            best_sentence[r, better] = i
        other = 1.0 - scores.max(axis=1)

        intent = np.full(n, S.OTHER, dtype=object)
        intents_all = np.full(n, S.OTHER, dtype=object)
        for r in rows:
            applies = [LABELS[j] for j in range(len(LABELS)) if scores[r, j] >= self.threshold]
            if applies:
                applies.sort(key=lambda c: (-round(scores[r, LABELS.index(c)], 6), _PRIORITY[c]))
                intent[r] = applies[0]
                intents_all[r] = ";".join(sorted(applies, key=lambda c: CLASSES.index(c)))

        # intent_text from the sentence that carries the primary request / complaint.
        carrier = [""] * n
        for r in rows:
            if intent[r] in (S.REQUEST, S.COMPLAINT):
                j = LABELS.index(intent[r])
                carrier[r] = sentences[best_sentence[r, j]] if best_sentence[r, j] >= 0 else texts[r]
        intent_text = np.array(intent_phrases(carrier, list(intent)) if len(rows) else [""] * n, dtype=object)

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
            "method": "trained:" + str(self.model) if self.model else ("zero-shot" if head is not None else "rules"),
            "embedder": embedder.name if embedder is not None else None,
            "sentences": len(sentences),
            "counts": {c: int((intent == c).sum()) for c in CLASSES},
        }
        return corpus

    def _sentence_vectors(self, corpus: Corpus, sentences, owner: np.ndarray, embedder) -> np.ndarray:
        """One vector per sentence: the comment's own for one-sentence comments, else the sentence's."""
        single = np.bincount(owner, minlength=len(corpus.comments))[owner] == 1
        have_rows = corpus.embeddings is not None and corpus.embeddings.shape[0] == len(corpus.comments)
        if embedder is None:
            if not have_rows:
                raise ConfigError("IntentStage needs an embedder or corpus.embeddings to use an intent model.")
            return corpus.embeddings[owner]
        if not self.sentence_embeddings:
            if have_rows:
                return corpus.embeddings[owner]
            texts = corpus.analysis_text().tolist()
            return embed_texts([texts[r] for r in owner], embedder)
        need = [i for i in range(len(sentences)) if not (single[i] and have_rows)]
        dim = corpus.embeddings.shape[1] if have_rows else None
        vectors = None
        if need:
            new = embed_texts([sentences[i] for i in need], embedder)
            dim = new.shape[1]
            vectors = np.zeros((len(sentences), dim), dtype=np.float32)
            vectors[need] = new
        if vectors is None:
            vectors = np.zeros((len(sentences), dim), dtype=np.float32)
        if have_rows:
            if corpus.embeddings.shape[1] != vectors.shape[1]:
                raise ConfigError(
                    f"corpus.embeddings have {corpus.embeddings.shape[1]} dimensions but the embedder "
                    f"'{embedder.name}' gives {vectors.shape[1]}.",
                    hint="Pass IntentStage(embedder=...) the embedder that made corpus.embeddings.",
                )
            idx = np.flatnonzero(single)
            vectors[idx] = corpus.embeddings[owner[idx]]
        return vectors

    def _sentence_sentiment(self, corpus: Corpus, sentences, owner: np.ndarray) -> np.ndarray:
        """VADER compound per sentence; one-sentence comments use the sentiment stage's score when present."""
        analyzer = _vader()
        values = np.array([analyzer.polarity_scores(s)["compound"] for s in sentences], dtype=float)
        if S.SENTIMENT in corpus.comments and len(owner):
            stage = pd.to_numeric(corpus.comments[S.SENTIMENT], errors="coerce").to_numpy(dtype=float)
            single = np.bincount(owner, minlength=len(corpus.comments))[owner] == 1
            use = single & ~np.isnan(stage[owner])
            values[use] = stage[owner[use]]
        return values

    def _group(self, corpus: Corpus, embedder: Embedder | None) -> None:
        frame = corpus.comments
        for label, column, attr in (
            (S.REQUEST, S.REQUEST_GROUP, "requests"),
            (S.COMPLAINT, S.COMPLAINT_GROUP, "complaints"),
        ):
            mask = (frame[S.INTENT] == label).to_numpy(dtype=bool) & (frame[S.INTENT_TEXT] != "").to_numpy(dtype=bool)
            sub = frame[mask]
            phrases = sub[S.INTENT_TEXT].astype(str).tolist()
            vectors = embed_texts(phrases, embedder) if embedder is not None and phrases else None
            table, ids = group_table(sub, phrases, vectors, self.group_threshold, self.max_examples)
            groups = np.full(len(frame), -1, dtype=int)
            groups[mask] = ids
            frame[column] = groups
            setattr(corpus, attr, table)
