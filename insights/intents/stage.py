"""Stage `intents`: what the audience asks for, and what hurts them.

Reads ``clean_text`` (else ``text``), ``kept``, ``corpus.embeddings`` and
``corpus.info["embedding_model"]`` (and ``["embedding_model_path"]`` for a custom
model directory); optionally ``sentiment`` (the sentiment
stage's score), ``rating`` (stars count as sentiment), ``author``,
``duplicate_count`` and ``display_text`` (for quotes).

Adds ``intent`` (primary, one of request / complaint / question / praise /
other; "other" for dropped rows; what the author mainly wants, see
:func:`~insights.intents.score.primary_intents`), ``intents`` (every intent that applies,
";"-joined), ``intent_text`` (the requested or broken thing, "" otherwise),
``intent_score_<class>`` in [0, 1], and ``request_group`` / ``complaint_group``
(the row of requests.csv / complaints.csv, -1 otherwise). Sets
``corpus.requests`` and ``corpus.complaints``.

``run`` is three steps so a distributed engine can map the middle one over partitions:
:meth:`IntentStage.prepare` fits the head once, :func:`~insights.intents.score.score_chunk`
scores any chunk of kept rows (pure, picklable inputs, row-independent), and
:meth:`IntentStage.finish` writes the columns and groups over the whole corpus.
"""

from __future__ import annotations

import warnings
from typing import Any, Literal

import numpy as np
import pandas as pd

from insights import schema as S
from insights.corpus import Corpus
from insights.embed import Embedder, SentenceTransformerEmbedder, make_embedder, run_embedder
from insights.engine import Rows, engine_of
from insights.errors import ConfigError, invalid_parameter
from insights.intents.classify import CLASSES, THRESHOLD, TrainedHead, ZeroShotHead
from insights.intents.group import GROUP_READS, PHRASE_WEIGHT, group_table, phrase_vectors
from insights.intents.score import ROW_COLUMNS, Scorer, score_chunk


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


def _text_order(texts: list[str]) -> np.ndarray:
    """Positions of ``texts`` in sorted text order (ties in row order)."""
    return np.array(sorted(range(len(texts)), key=texts.__getitem__), dtype=np.int64)


class IntentStage:
    """Classify each comment's intents, extract what is asked for or broken, group them.

    Args:
        model: a directory written by :func:`insights.intents.train.train`; None for
            the zero-shot default (rules + a head fitted on synthetic sentences + sentiment).
        threshold: score in [0, 1] at which an intent applies to a comment.
        group_threshold: cosine similarity (average linkage) at which two request
            (complaint) groups are merged.
        group_on: what is compared when grouping: the ``intent_text`` phrase plus its
            comment's embedding (default), the phrase alone, or the comment's embedding
            alone. Short synonymous one-liners ("please add dark mode!", "I wish it had a
            night theme") merge on the phrase but not on the whole comment: on the demo
            export, "comment" splits dark mode / dark theme and mixes colours with prices,
            "phrase+comment" gives one dark-mode group of 27 and one colours group of 8.
            "comment" is free (no phrase embedding: ~100 s per 30,000 complaints with
            MiniLM) and groups long app reviews better (CLAP rq3 ARI 0.475 vs 0.394).
        phrase_weight: with ``group_on="phrase+comment"``, the phrase's share beside the
            comment's embedding (both unit vectors) where the comment says more than its
            phrase. A phrase close to its comment (cosine >= 0.7: a one-liner such as "I wish
            it had a night theme") always counts fully, and so does every phrase when the
            comments are much more alike than the phrases (a static model's tweets). Default
            0.5: CLAP rq3 ARI 0.501, the demo's dark mode requests in one group (see
            :data:`~insights.intents.group.PHRASE_WEIGHT`).
        sentence_embeddings: how the embedding head sees the sentences of multi-sentence
            comments (rules and tone always work per sentence): ``"off"`` (default) gives each
            sentence its comment's vector; ``"static"`` embeds them with the static model
            distilled from MiniLM (~20,000 sentences/s) and scores them with a head fitted in
            that space (bundled MiniLM only; with another embedder it means ``"run"``);
            ``"run"`` with the run's own embedder (MiniLM: ~300 sentences/s, minutes at 100k
            comments). Neither beat ``"off"`` on the evaluation sets (scripts/eval_intents.py:
            CLAP request F1 0.738 off, 0.714 static, 0.717 run; airline complaint 0.827,
            0.830, 0.836).
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
        phrase_weight: float = PHRASE_WEIGHT,
        sentence_embeddings: Literal["static", "run", "off"] = "off",
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
        self.phrase_weight = phrase_weight
        self.sentence_embeddings = sentence_embeddings
        self.use_sentiment = use_sentiment
        self.use_rating = use_rating
        self.embedder = embedder
        self.max_examples = max_examples
        self.prototype_weight = prototype_weight

    # -- parts ---------------------------------------------------------------
    def check(self) -> None:
        for name in ("threshold", "group_threshold", "prototype_weight", "phrase_weight"):
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
        if self.sentence_embeddings not in ("static", "run", "off"):
            raise invalid_parameter(
                "IntentStage",
                "sentence_embeddings",
                "one of 'static', 'run', 'off'",
                self.sentence_embeddings,
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
            # The same model in another precision (name@bfloat16) gives the same space.
            if run_name and run_name.partition("@")[0] != head.embedder_name.partition("@")[0]:
                raise ConfigError(
                    f"Intent model '{self.model}' was trained on '{head.embedder_name}' embeddings "
                    f"but this run embeds with '{run_name}'.",
                    hint="Run with the same embedding model the intent model was trained with, or retrain it.",
                )
            return head
        if embedder is None:
            return None
        return ZeroShotHead(embedder, prototype_weight=self.prototype_weight).fit()

    def _sentence_embedding(self, embedder: Embedder | None) -> tuple[Any, Any]:
        """(embedder, head) for the sentences of multi-sentence comments; (None, None) scores
        them with their comment's own vector."""
        if self.sentence_embeddings == "off" or embedder is None:
            return None, None
        # The static model is distilled from the bundled MiniLM: a stand-in for it alone.
        if (
            self.sentence_embeddings == "static"
            and self.model is None
            and embedder.name == SentenceTransformerEmbedder().name
        ):
            static = make_embedder("static")
            return static, ZeroShotHead(static, prototype_weight=self.prototype_weight).fit()
        return embedder, None

    # -- run -----------------------------------------------------------------
    def prepare(self, corpus: Corpus) -> Scorer:
        """Fit (or load) what per-row scoring needs, once per run: see :func:`score_chunk`.

        Example:
            >>> scorer = IntentStage().prepare(corpus)  # doctest: +SKIP
            >>> part = score_chunk(**IntentStage().chunk_inputs(corpus), scorer=scorer)  # doctest: +SKIP
        """
        self.check()
        embedder = self._embedder(corpus)
        if self.model is None and embedder is None and corpus.embeddings is not None:
            warnings.warn(
                "IntentStage: no embedder for this run's embeddings "
                f"({corpus.info.get('embedding_model')!r}); classifying with rules and sentiment only. "
                "Pass IntentStage(embedder=...) to use the embedding head.",
                stacklevel=3,
            )
        has_rows = corpus.embeddings is not None and len(corpus.embeddings) == len(corpus.comments)
        head = self._head(embedder, corpus) if corpus.kept_mask.any() else None
        width = getattr(getattr(head, "model_", None), "n_features_in_", None)
        if width is not None and has_rows and corpus.embeddings.shape[1] != width:
            raise ConfigError(
                f"corpus.embeddings have {corpus.embeddings.shape[1]} dimensions but the intent "
                f"head expects {width} (embedder '{getattr(embedder, 'name', None)}').",
                hint="Pass IntentStage(embedder=...) the embedder that made corpus.embeddings.",
            )
        sentence_embedder, sentence_head = self._sentence_embedding(embedder)
        return Scorer(
            head=head,
            trained=self.model is not None,
            embedder=embedder,
            sentence_embedder=sentence_embedder if head is not None else None,
            sentence_head=sentence_head,
            threshold=self.threshold,
            use_sentiment=self.use_sentiment,
        )

    def chunk_inputs(self, corpus: Corpus, gather: bool = True) -> dict[str, Any]:
        """The inputs of :func:`score_chunk` for the kept rows, in row order (slice them by
        position to make chunks). ``rows`` are their positions in ``corpus.comments``.

        ``gather=False`` gives the array inputs as :class:`~insights.engine.Rows` of the whole
        columns instead of copies of their kept rows (the embeddings: 1 GB per million
        comments of 256-d vectors), for :meth:`Engine.map <insights.engine.Engine.map>`.
        """
        frame = corpus.comments
        rows = np.flatnonzero(corpus.kept_mask)
        has_rows = corpus.embeddings is not None and len(corpus.embeddings) == len(frame)

        def kept(values: np.ndarray | None) -> Any:
            if values is None:
                return None
            return values[rows] if gather else Rows(values, rows)

        sentiment = None
        if self.use_sentiment and S.SENTIMENT in frame:
            sentiment = pd.to_numeric(frame[S.SENTIMENT], errors="coerce").to_numpy(dtype=float)
        return {
            "rows": rows,
            "texts": corpus.analysis_text().to_numpy(dtype=object)[rows].tolist(),
            "embeddings": kept(corpus.embeddings if has_rows else None),
            "sentiment": kept(sentiment),
            "rating": kept(star_sentiment(frame) if self.use_rating else None),
        }

    def run(self, corpus: Corpus) -> Corpus:
        scorer = self.prepare(corpus)
        inputs = self.chunk_inputs(corpus, gather=False)
        rows = inputs.pop("rows")
        # Per comment, in partitions on the run's engine (this process, worker processes or
        # Dask workers), rules, scores and phrases in one pass. The rows travel in text order
        # and come back in row order: comments that open alike (a repeated sentence, a
        # template, "A" and "A. B") then share a partition, whose process parses their common
        # carrier sentence once (the phrase memo is per process). Each row's result depends on
        # that row alone, so the order changes the time only (100k benchmark comments on two
        # workers: 31,697 -> 28,705 sentences parsed).
        order = _text_order(inputs["texts"])
        scored = engine_of(corpus).map(
            score_chunk,
            [inputs["texts"][i] for i in order],
            *(
                # Gathered per partition: a (reordered) copy of the embeddings would add 1 GB
                # per million comments to the run's peak.
                None if inputs[k] is None else Rows(inputs[k].array, inputs[k].index[order])
                for k in ("embeddings", "sentiment", "rating")
            ),
            scorer=scorer,
        )
        del inputs  # the texts (a million comments: a few hundred MB of strings) are done with
        back = np.empty_like(order)
        back[order] = np.arange(len(order))
        scored = scored.iloc[back].reset_index(drop=True)
        return self.finish(corpus, scored, rows, scorer)

    def finish(
        self, corpus: Corpus, scored: pd.DataFrame, rows: np.ndarray, scorer: Scorer
    ) -> Corpus:
        """Write the per-row columns (``scored``: :func:`score_chunk`'s output for ``rows``, e.g.
        chunks concatenated in order) into ``corpus.comments``, then group requests and
        complaints over the whole corpus."""
        frame = corpus.comments
        n = len(frame)
        if len(scored) != len(rows):
            raise ValueError(
                f"IntentStage.finish got {len(scored)} scored rows for {len(rows)} kept rows; "
                "concatenate every chunk's score_chunk output, in row order."
            )
        # Copy-on-write: the new columns go to this frame only, without a deep copy of every column.
        out = frame.copy(deep=False)
        defaults = {S.INTENT: S.OTHER, S.INTENTS_ALL: S.OTHER, S.INTENT_TEXT: ""}
        for col in ROW_COLUMNS:
            if col in defaults:
                values = np.full(n, defaults[col], dtype=object)
            else:
                values = np.full(n, 1.0 if col == S.INTENT_SCORE_OTHER else 0.0)
            values[rows] = scored[col].to_numpy(dtype=values.dtype)
            out[col] = values
        inherited = inherit_from_parent(out)
        corpus.comments = out
        embedder = scorer.embedder
        self._group(corpus, embedder)
        intent = out[S.INTENT].to_numpy(dtype=object)
        method = "zero-shot" if scorer.head is not None else "rules"
        corpus.info["intents"] = {
            "method": "trained:" + str(self.model) if self.model else method,
            "embedder": embedder.name if embedder is not None else None,
            "sentence_embedder": (
                scorer.sentence_embedder.name if scorer.sentence_embedder is not None else None
            ),
            "counts": {c: int((intent == c).sum()) for c in CLASSES},
            "phrases_from_parent": inherited,
        }
        return corpus

    def _group(self, corpus: Corpus, embedder: Embedder | None) -> None:
        frame = corpus.comments
        for label, column, attr in (
            (S.REQUEST, S.REQUEST_GROUP, "requests"),
            (S.COMPLAINT, S.COMPLAINT_GROUP, "complaints"),
        ):
            mask = (frame[S.INTENT] == label).to_numpy(dtype=bool) & (
                frame[S.INTENT_TEXT] != ""
            ).to_numpy(dtype=bool)
            # The columns a group row reads, not a copy of every column of these comments.
            sub = frame.loc[mask, [c for c in GROUP_READS if c in frame]]
            phrases = sub[S.INTENT_TEXT].astype(str).tolist()
            vectors = None
            has_rows = corpus.embeddings is not None and len(corpus.embeddings) == len(frame)
            if self.group_on == "comment" and has_rows and phrases:
                vectors = corpus.embeddings[mask]
            elif embedder is not None and phrases:
                context = self.group_on == "phrase+comment" and has_rows
                vectors = phrase_vectors(
                    phrases,
                    embedder,
                    corpus.embeddings if context else None,
                    self.phrase_weight,
                    context_rows=np.flatnonzero(mask) if context else None,
                )
            table, ids = group_table(sub, phrases, vectors, self.group_threshold, self.max_examples)
            groups = np.full(len(frame), -1, dtype=int)
            groups[mask] = ids
            frame[column] = groups
            setattr(corpus, attr, table)


# A reply that only says "me too" ("same issue here", "same!!", "+1") names its parent's problem.
_ME_TOO_WORDS = frozenset(
    "same similar issue issues problem problems bug here too also me thing add fix have having "
    "exact exactly identical one this that +1".split()
)


def inherit_from_parent(frame: pd.DataFrame) -> int:
    """Give "me too" replies their parent comment's ``intent_text``, in place; returns how many.

    A request or complaint reply whose own phrase is empty or only says "same issue" takes
    the phrase of the comment it answers (``parent_id``) when that comment has the same
    intent, so "@ana same here, mine died too" counts toward the parent's problem.

    Example:
        >>> f = pd.DataFrame({"comment_id": ["1", "2"], "parent_id": ["", "1"],
        ...                   "intent": ["complaint", "complaint"],
        ...                   "intent_text": ["light dies after 2 hours", "same issue"]})
        >>> inherit_from_parent(f), f["intent_text"].tolist()
        (1, ['light dies after 2 hours', 'light dies after 2 hours'])
    """
    if S.PARENT_ID not in frame or S.COMMENT_ID not in frame or not len(frame):
        return 0
    position = {cid: i for i, cid in enumerate(frame[S.COMMENT_ID].astype(str).tolist())}
    parents = frame[S.PARENT_ID].fillna("").astype(str).tolist()
    intent = frame[S.INTENT].to_numpy(dtype=object)
    text = frame[S.INTENT_TEXT].to_numpy(dtype=object)
    done = 0
    for r in range(len(frame)):
        if intent[r] not in (S.REQUEST, S.COMPLAINT) or not parents[r]:
            continue
        words = str(text[r]).split()
        if words and not set(words) <= _ME_TOO_WORDS:
            continue
        p = position.get(parents[r])
        if (
            p is None
            or p == r
            or intent[p] != intent[r]
            or not text[p]
            or set(str(text[p]).split()) <= _ME_TOO_WORDS
        ):
            continue
        text[r] = text[p]
        done += 1
    frame[S.INTENT_TEXT] = text
    return done
