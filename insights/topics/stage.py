"""Stage `topics`: what people talk about, as named topics grouped into themes.

Reads ``clean_text`` (or ``text``), ``kept``, ``corpus.embeddings`` and, when present,
``sentiment``, ``intent``, ``display_text``, ``language`` (a topic mostly in other
languages is named "Comments in other languages" / "Comments in Spanish"). Adds ``topic_id`` (0 = largest topic;
-1 for dropped rows and for kept comments that could not be placed), ``topic_label``
("" for -1) and ``theme``. Sets ``corpus.topics`` (one row per topic, see
:data:`TOPIC_COLUMNS`) and ``corpus.info["topics"]``.

At scale: with more than ``max_fit`` kept comments the model is fitted on a seeded uniform
sample and every comment is placed by :meth:`TopicModel.assign` (per row, picklable); for a
distributed run, ``model = stage.fit_corpus(corpus)``, map ``model.assign`` over partitions of
the kept rows, then ``stage.finish(corpus, model, ids)`` - or pass ``run(corpus, assign=...)``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans

from insights import schema as S
from insights.corpus import Corpus
from insights.embed import Embedder
from insights.engine import engine_of
from insights.errors import ConfigError, invalid_parameter
from insights.topics.fitted import TopicModel, assign_rows, centers_in, fit_sample
from insights.topics.guided import embed_phrases, resolve_embedder, seed_matches
from insights.topics.labels import (
    UNASSIGNED_LABEL,
    by_intent,
    canonical_words,
    make_labels,
    representative_indices,
    theme_labels,
)
from insights.topics.model import (
    WORD_WEIGHT,
    AutoKMeans,
    HybridFeatures,
    PCAReducer,
    _relabel_dense,
    _unit,
    build_bertopic,
    centroids_of,
    default_min_topic_size,
    topics_from_bertopic,
)
from insights.topics.text import count_vectorizer, handle_words
from insights.topics.themes import group_topics

TOPIC_COLUMNS: tuple[str, ...] = (
    "topic_id", "label", "keywords", "size", "share", "sentiment",
    "request_share", "complaint_share", "examples", "theme",
)
# How the stage places every comment after fitting on a sample: (model, texts, embeddings) -> ids.
AssignFn = Callable[[TopicModel, list[str], np.ndarray], np.ndarray]
# Below this many kept comments, clustering is meaningless: one topic (or n_topics by k-means).
TINY = 15
# A sample smaller than this cannot show a corpus's topics (nor fill 8+ topics of 25 comments).
MIN_FIT = 200
# Members of a topic this many standard deviations less similar to its centre than
# usual are "could not be placed" when strict_outliers is on.
OUTLIER_Z = 2.0
# How many comments per topic feed the label (those nearest the centre).
LABEL_DOCS = 120
LABEL_BUDGET = 1000
SEED_MATCH = 0.3
# A topic most of whose comments are not in English is named by language, not by words.
FOREIGN_SHARE = 0.5
LANGUAGE_NAMES = {
    "ar": "Arabic", "de": "German", "es": "Spanish", "fr": "French", "hi": "Hindi", "id": "Indonesian",
    "it": "Italian", "ja": "Japanese", "ko": "Korean", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese",
    "ru": "Russian", "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
}


class TopicStage:
    """Find topics in kept comments with BERTopic (PCA, auto-k k-means, a word mixture); name and group them.

    Args:
        n_topics: number of topics; None chooses it from the data: the best silhouette after a
            log penalty on the count (at least 8 topics when the corpus holds 240+ comments),
            so a few thousand comments get a readable 8-25 topics unless they hold many
            clearly separate subjects.
        min_topic_size: smallest topic kept on its own (smaller ones join their nearest
            topic); None = 0.2% of kept comments, at least 3.
        seed_topics: topics you expect ("shipping", "app crashes"): they start the clustering
            and name the topics they end up closest to.
        taxonomy: a fixed list of topic names; every comment goes to the most similar name
            (zero-shot, by embedding similarity) instead of discovering topics.
        taxonomy_threshold: with ``taxonomy``, the cosine below which a comment is a poor
            fit (it goes to the nearest name anyway unless ``strict_outliers``).
        strict_outliers: keep poorly fitting comments unassigned (-1) instead of giving
            them their nearest topic.
        merge_threshold: merge discovered topics whose centres have cosine >= this.
        lexical_weight: weight of word overlap (TF-IDF) against meaning (embeddings) when
            clustering; 0 = embeddings only.
        word_weight: weight of the comment's words as static word vectors ("bag" ~ "luggage":
            which kind of thing it names) against meaning when clustering; 0 = no word-vector
            part. The default was measured on airline tweets, SemEval restaurants and banking77
            (scripts/eval_topics.py): higher weights cost banking77's function-word intents.
        word_mixture: refine the k-means topics with EM on a mixture of meaning and content
            words (:class:`~insights.topics.mixture.WordMixture`), which also places comments
            after the fit; False = nearest k-means centre.
        n_themes: number of themes grouping the topics; None = 3 to 7 by topic count.
        n_examples: representative comments quoted per topic (3 to 5 is readable).
        max_fit: most comments the model is fitted on. With more kept comments, it is fitted
            on a seeded uniform sample of this many and every comment is then placed in the
            nearest topic in the same feature space (:meth:`TopicModel.assign`); sizes, shares,
            examples and labels count every comment. Fitting costs grow faster than the corpus
            (features, PCA, the choice of k, k-means), assigning only linearly. Below it,
            nothing changes: the model is fitted on every comment.
        random_state: seed for every random step (same input, same topics).
        embedder: the embedder for seed/taxonomy phrases; None rebuilds the one the embed
            stage recorded (``corpus.info["embedding_model_path"]`` / ``["embedding_model"]``).

    Example:
        >>> stage = TopicStage(n_topics=8)
        >>> corpus = stage.run(corpus)  # doctest: +SKIP
        >>> corpus.topics[["topic_id", "label", "size"]].head(3)  # doctest: +SKIP
    """

    name = "topics"
    maps_rows = False  # no work for the local engine's worker processes (see corpus.Stage)

    def __init__(
        self,
        n_topics: int | None = None,
        min_topic_size: int | None = None,
        seed_topics: list[str] | None = None,
        taxonomy: list[str] | None = None,
        taxonomy_threshold: float = 0.3,
        strict_outliers: bool = False,
        merge_threshold: float = 0.9,
        lexical_weight: float = 0.5,
        word_weight: float = WORD_WEIGHT,
        word_mixture: bool = True,
        n_themes: int | None = None,
        n_examples: int = 3,
        max_fit: int = 20000,
        random_state: int = 42,
        embedder: Embedder | None = None,
    ) -> None:
        self.n_topics = n_topics
        self.min_topic_size = min_topic_size
        self.seed_topics = seed_topics
        self.taxonomy = taxonomy
        self.taxonomy_threshold = taxonomy_threshold
        self.strict_outliers = strict_outliers
        self.merge_threshold = merge_threshold
        self.lexical_weight = lexical_weight
        self.word_weight = word_weight
        self.word_mixture = word_mixture
        self.n_themes = n_themes
        self.n_examples = n_examples
        self.max_fit = max_fit
        self.random_state = random_state
        self.embedder = embedder

    # ------------------------------------------------------------------ checks
    def _validate(self) -> None:
        owner = type(self).__name__
        if self.n_topics is not None and (not isinstance(self.n_topics, int) or self.n_topics < 1):
            raise invalid_parameter(owner, "n_topics", "an int >= 1 or None", self.n_topics)
        if self.min_topic_size is not None and (not isinstance(self.min_topic_size, int) or self.min_topic_size < 1):
            raise invalid_parameter(owner, "min_topic_size", "an int >= 1 or None", self.min_topic_size)
        if self.n_themes is not None and (not isinstance(self.n_themes, int) or self.n_themes < 1):
            raise invalid_parameter(owner, "n_themes", "an int >= 1 or None", self.n_themes)
        if not isinstance(self.n_examples, int) or self.n_examples < 1:
            raise invalid_parameter(owner, "n_examples", "an int >= 1", self.n_examples)
        if not isinstance(self.max_fit, int) or isinstance(self.max_fit, bool) or self.max_fit < MIN_FIT:
            raise invalid_parameter(owner, "max_fit", f"an int >= {MIN_FIT}", self.max_fit)
        if not 0 <= self.lexical_weight <= 5:
            raise invalid_parameter(owner, "lexical_weight", "a float in [0, 5]", self.lexical_weight)
        weight = self.word_weight
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 5:
            raise invalid_parameter(owner, "word_weight", f"a float in [0, 5] (default {WORD_WEIGHT}; 0 = no word vectors)", weight)
        if not isinstance(self.word_mixture, bool):
            raise invalid_parameter(owner, "word_mixture", "True or False", self.word_mixture)
        if not -1 <= self.merge_threshold <= 1:
            raise invalid_parameter(owner, "merge_threshold", "a float in [-1, 1]", self.merge_threshold)
        for name in ("seed_topics", "taxonomy"):
            value = getattr(self, name)
            if value is None:
                continue
            if not isinstance(value, (list, tuple)) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                raise invalid_parameter(owner, name, "a non-empty list of non-empty strings", value)
            if len({v.strip().lower() for v in value}) != len(value):
                raise invalid_parameter(owner, name, "a list without repeated names", value)

    # --------------------------------------------------------------------- run
    #: The last stage whose columns :meth:`prepare` reads: the pipeline may start it as soon as
    #: that stage is done, alongside the stages in between (see :mod:`insights.pipeline`).
    prepare_after = "embed"

    def run(self, corpus: Corpus, assign: AssignFn | None = None, prepared: "Described | None" = None) -> Corpus:
        """Fit topics on the kept comments (a seeded sample of ``max_fit`` of them when there
        are more), place every kept comment, then label, describe and group the topics.

        Args:
            corpus: the run so far (needs ``corpus.embeddings``).
            assign: how to place every comment when the model was fitted on a sample:
                ``assign(model, texts, embeddings) -> topic ids`` (e.g. ``model.assign``
                mapped over Dask partitions). None assigns here, block by block. Not used
                when every kept comment was in the fit (they keep the fit's own clustering).
            prepared: what :meth:`prepare` returned for this corpus earlier in the run; then
                only the columns and the topic table (which read sentiment and intents) are
                left to do. Pass ``assign`` or ``prepared``, not both: prepared topics were
                already placed.
        """
        self._validate()
        if assign is not None and prepared is not None:
            raise ValueError(
                "TopicStage.run got both 'assign' and 'prepared', but prepared topics are already placed: "
                "'assign' would be ignored. Pass assign= to place comments in this call, or prepared= "
                "with the result of stage.prepare(corpus), not both."
            )
        if prepared is None:
            prepared = self._prepare(corpus, assign)
        elif not np.array_equal(prepared.inputs.rows, np.flatnonzero(corpus.kept_mask)):
            raise ConfigError(
                "TopicStage.run got topics prepared for other kept comments than this corpus has.",
                hint="Pass the result of stage.prepare(corpus) for this same corpus, after the embed stage.",
            )
        return self._write(corpus, prepared)

    def prepare(self, corpus: Corpus) -> "Described":
        """Fit, place, label and group the topics: all the stage does except writing its columns
        and the topic table, which count sentiment and intents. Reads only what the clean and
        embed stages wrote, so it can run while the sentiment and intents stages do.

        Example:
            >>> stage = TopicStage()
            >>> prepared = stage.prepare(corpus)  # right after the embed stage  # doctest: +SKIP
            >>> corpus = stage.run(corpus, prepared=prepared)  # after intents  # doctest: +SKIP
        """
        self._validate()
        return self._prepare(corpus, None)

    def _prepare(self, corpus: Corpus, assign: AssignFn | None) -> "Described":
        inputs = _Inputs.of(corpus)
        model, sample, fit_labels = self._fit_inputs(corpus, inputs)
        if len(sample) == inputs.n:
            ids = fit_labels
        elif assign is not None:
            ids = np.asarray(assign(model, inputs.texts, corpus.embeddings[inputs.rows]), dtype=int)
        elif engine_of(corpus).distributed:
            # Placing comments is per row: partitions on the Dask workers, the model sent once.
            ids = engine_of(corpus).map(
                _assign_partition, inputs.texts, corpus.embeddings[inputs.rows], model=model
            )
        else:
            ids = assign_rows(model, inputs.texts, corpus.embeddings, inputs.rows)
        return self._describe(corpus, inputs, model, ids, sampled=len(sample) < inputs.n)

    def fit_corpus(self, corpus: Corpus) -> TopicModel:
        """The topic model of the kept comments (fitted on a seeded sample of ``max_fit`` of them
        when there are more): place comments with ``model.assign``, then call :meth:`finish`.

        Example:
            >>> stage = TopicStage(max_fit=20_000)
            >>> model = stage.fit_corpus(corpus)  # doctest: +SKIP
            >>> ids = model.assign(texts, embeddings)  # per row: split it over workers freely  # doctest: +SKIP
            >>> corpus = stage.finish(corpus, model, ids)  # doctest: +SKIP
        """
        self._validate()
        return self._fit_inputs(corpus, _Inputs.of(corpus))[0]

    def finish(self, corpus: Corpus, model: TopicModel, topic_ids: np.ndarray) -> Corpus:
        """Columns, labels, examples, table and themes from one topic id per kept comment
        (``model.assign`` output, in kept-row order); ids are renumbered by size (0 = largest)."""
        self._validate()
        inputs = _Inputs.of(corpus)
        ids = np.asarray(topic_ids, dtype=int)
        if len(ids) != inputs.n:
            raise ConfigError(
                f"finish got {len(ids)} topic ids but the corpus has {inputs.n} kept comments.",
                hint="Pass one id per kept comment, in order: model.assign(texts of kept rows, their embeddings).",
            )
        return self._write(corpus, self._describe(corpus, inputs, model, ids, sampled=model.n_fit < inputs.n))

    # --------------------------------------------------------------- fitting
    def _fit_inputs(self, corpus: Corpus, inputs: "_Inputs") -> tuple[TopicModel, np.ndarray, np.ndarray]:
        """(model, positions of the fitted kept comments, their topics from the fit itself)."""
        n = inputs.n
        if n and corpus.embeddings is None:
            raise ConfigError(
                "The topics stage needs comment embeddings but corpus.embeddings is None.",
                hint="Run the embed stage first (insights.embed_stage.EmbedStage).",
            )
        # Taxonomy and tiny inputs need no sample: each comment is compared with fixed names,
        # and a tiny corpus is below any max_fit.
        sample = fit_sample(n, self.max_fit, self.random_state) if not self.taxonomy else np.arange(0)
        texts = [inputs.texts[i] for i in sample]
        emb = np.zeros((0, 1)) if n == 0 else _unit(np.asarray(corpus.embeddings[inputs.rows[sample]], dtype=np.float64))
        details: dict[str, Any] = {"engine": "bertopic", "kept": n, "random_state": self.random_state}
        seed_vectors = None
        if self.seed_topics and n:
            seed_vectors = embed_phrases(self.seed_topics, self._embedder(corpus), corpus.embeddings.shape[1])

        if n == 0:
            model, labels = TopicModel(centers=np.zeros((0, 1))), np.zeros(0, dtype=int)
            details["method"] = "none (no kept comments)"
        elif self.taxonomy:
            names = [t.strip() for t in self.taxonomy]
            vectors = embed_phrases(names, self._embedder(corpus), corpus.embeddings.shape[1])
            model = TopicModel(
                centers=vectors, names=names, n_fit=n,
                min_similarity=self.taxonomy_threshold if self.strict_outliers else None,
            )
            labels = np.zeros(0, dtype=int)
            details["method"] = "taxonomy (zero-shot, embedding similarity)"
            details["taxonomy_threshold"] = self.taxonomy_threshold
        elif n < TINY:
            labels, keywords = self._tiny(texts, emb, inputs.banned)
            model = TopicModel(centers=centroids_of(emb, labels), keywords=keywords, n_fit=n)
            details["method"] = f"tiny input (< {TINY} comments): k-means on embeddings"
        else:
            model, labels = self._bertopic(texts, emb, inputs.banned, seed_vectors, details)
            details["method"] = "bertopic (hybrid embedding+tf-idf features, PCA, auto-k k-means" + (
                ", word-mixture EM)" if "word_mixture" in details else ")"
            )
        if n and len(sample) < n:
            details["fitted_on"] = f"a seeded uniform sample of {len(sample)} of {n} kept comments (max_fit); the rest assigned to the nearest topic"
            details["n_fit"] = int(len(sample))
        model.details = details
        if self.taxonomy and n:
            labels = assign_rows(model, inputs.texts, corpus.embeddings, inputs.rows)
            sample = np.arange(n)
        return model, sample, labels

    def _bertopic(self, texts, emb, banned, seed_vectors, details) -> tuple[TopicModel, np.ndarray]:
        n = len(texts)
        min_size = self.min_topic_size or default_min_topic_size(n)
        # Corrupted forms of frequent words ("flightr") are the word, for features and keywords alike.
        canon = canonical_words(texts)
        features = HybridFeatures(
            self.lexical_weight, extra_stop=banned, random_state=self.random_state, canon=canon,
            word_weight=float(self.word_weight),
        )
        H, words = features.fit_transform_with_words(texts, emb)
        reducer = PCAReducer(60, random_state=self.random_state)
        init = None
        if seed_vectors is not None:
            # Seeds start k-means where the seed phrases sit in the same reduced space.
            seed_H = features.transform(list(self.seed_topics), seed_vectors)
            init = PCAReducer(60, random_state=self.random_state).fit(H).transform(seed_H)
        clusterer = AutoKMeans(
            n_clusters=min(self.n_topics, n) if self.n_topics else None,
            min_cluster_size=min_size,
            merge_threshold=self.merge_threshold,
            init_centers=init,
            random_state=self.random_state,
            words=words if self.word_mixture else None,
        )
        bertopic = build_bertopic(reducer, clusterer, banned, n_docs=n, canon=canon)
        try:
            doc_topics, _ = bertopic.fit_transform(texts, embeddings=H)
            labels, keywords = topics_from_bertopic(bertopic, doc_topics)
        except ValueError as err:
            # BERTopic's c-TF-IDF counts words per topic and fails when no word is left: comments
            # of emoji only, or topics that share no word (its min_df counts topics). The
            # clustering is done by then: keep it, with keywords counted per comment instead.
            if "vocabulary" not in str(err) and "no terms remain" not in str(err):
                raise
            labels = _relabel_dense(clusterer.labels_)
            keywords = ctfidf_keywords(texts, labels, banned)
        details.update(
            k_chosen=int(clusterer.k_chosen_),
            silhouettes={int(k): round(v, 4) for k, v in clusterer.silhouettes_.items()},
            min_topic_size=min_size,
            lexical_weight=self.lexical_weight,
            word_weight=float(self.word_weight),
            reducer=f"PCA({reducer.pca_.n_components_})",
            merge_threshold=self.merge_threshold,
        )
        mixture = clusterer.mixture_
        if mixture is not None:
            # BERTopic renumbers topics by size; the mixture must score them by the ids it gave.
            ours_of = dict(zip(labels.tolist(), clusterer.labels_.tolist()))
            if sorted(ours_of) == sorted(ours_of.values()) == list(range(len(mixture.means_))):
                mixture.permute(np.array([ours_of[t] for t in range(len(ours_of))]))
                details["word_mixture"] = {"kappa": round(float(mixture.kappa_), 2), "em_iterations": int(mixture.n_iter_)}
            else:  # not one topic for one topic: place later comments by the nearest centre instead
                mixture = None
        features.compact()
        centers = centers_in(reducer.transform(H), labels, int(labels.max()) + 1)
        model = TopicModel(centers=centers, features=features, reducer=reducer, keywords=keywords, n_fit=n, mixture=mixture)
        return model, labels

    # -------------------------------------------------------------- describing
    def _describe(self, corpus: Corpus, inputs: "_Inputs", model: TopicModel, ids: np.ndarray, sampled: bool) -> "Described":
        """Topics of the kept comments from their ids: names, keywords, examples, themes."""
        df = corpus.comments
        rows, texts, quotes, banned, n = inputs.rows, inputs.texts, inputs.quotes, inputs.banned, inputs.n
        details = dict(model.details)

        # Ids by size over every kept comment (0 = largest); the model's keywords and names follow.
        labels = np.full(n, -1, dtype=int)
        placed = ids >= 0
        keywords: dict[int, list[str]] = {}
        names: dict[int, str] = {}
        if placed.any():
            labels[placed] = _relabel_dense(ids[placed])
            for old, new in dict(zip(ids[placed].tolist(), labels[placed].tolist())).items():
                keywords[new] = model.keywords.get(old, [])
                if model.names is not None:
                    names[new] = model.names[old]
        if self.taxonomy and n:
            # Keywords per name from the placed comments (a seeded sample of them at scale).
            kw_rows = np.flatnonzero(placed)
            kw_rows = kw_rows[fit_sample(len(kw_rows), self.max_fit, self.random_state)]
            keywords = ctfidf_keywords([texts[i] for i in kw_rows], labels[kw_rows], banned)

        if n and not self.taxonomy and self.strict_outliers:
            labels = self._strict(corpus.embeddings, rows, labels)

        k = int(labels.max()) + 1 if n and (labels >= 0).any() else 0
        members_of = _members(labels, k)
        dim = corpus.embeddings.shape[1] if corpus.embeddings is not None and n else 1
        centroids = np.zeros((k, dim))
        # Representatives and labels, one topic at a time (never all rows as float64 at once).
        examples: dict[int, list[int]] = {}
        label_texts: dict[int, list[str]] = {}
        for t in range(k):
            members = members_of[t]
            emb_t = _unit(np.asarray(corpus.embeddings[rows[members]], dtype=np.float64))
            centroids[t] = _unit(emb_t.mean(axis=0)[None, :])[0]
            # Enough comments to name a topic, but spaCy over ~1,000 texts in all at most.
            per_topic = max(10, min(LABEL_DOCS, LABEL_BUDGET // max(k, 1)))
            order = representative_indices(emb_t, centroids[t], [texts[i] for i in members], per_topic)
            label_texts[t] = [texts[members[i]] for i in order]
            ex = representative_indices(emb_t, centroids[t], quotes.take(members), self.n_examples)
            examples[t] = [int(members[i]) for i in ex]
        phrases: dict[int, list[set[str]]] = {}
        if self.taxonomy:
            topic_names = {t: names[t] for t in range(k)}
        else:
            topic_names = make_labels(label_texts, keywords, banned, phrases_out=phrases) if k else {}
            topic_names.update(_language_names(df, rows, labels, k))
            if self.seed_topics and k:
                seed_vectors = embed_phrases(self.seed_topics, self._embedder(corpus), dim)
                for t, s in seed_matches(centroids, seed_vectors, SEED_MATCH).items():
                    topic_names[t] = self.seed_topics[s].strip()[:1].upper() + self.seed_topics[s].strip()[1:]
                details["seed_matches"] = {
                    self.seed_topics[s]: t for t, s in seed_matches(centroids, seed_vectors, SEED_MATCH).items()
                }

        sizes = np.array([len(members_of[t]) for t in range(k)], dtype=int)
        theme_of, theme_names = group_topics(centroids, sizes, [topic_names[t] for t in range(k)], self.n_themes)
        if phrases and k:
            theme_names = _distinct(theme_labels(theme_of, phrases, [topic_names[t] for t in range(k)]))

        return Described(
            inputs, labels, k, members_of, topic_names, keywords, examples, theme_of, theme_names, details, sampled
        )

    def _write(self, corpus: Corpus, d: "Described") -> Corpus:
        """The stage's columns, ``corpus.topics`` and ``corpus.info["topics"]``."""
        df = corpus.comments
        rows, labels, k, n = d.inputs.rows, d.labels, d.k, d.inputs.n
        intent = df[S.INTENT].fillna("").astype(str).to_numpy(dtype=object)[rows] if S.INTENT in df else None
        # The intents are known by now (the topics may have been named alongside that stage): a
        # topic without a subject whose comments mostly complain says so.
        names = {
            t: by_intent(name, intent[d.members_of[t]].tolist()) if intent is not None else name
            for t, name in d.topic_names.items()
        }
        topic_col = np.full(len(df), S.UNASSIGNED_TOPIC, dtype=int)
        topic_col[rows] = labels
        label_col = np.array([""] * len(df), dtype=object)
        theme_col = np.array([""] * len(df), dtype=object)
        for t in range(k):
            hit = rows[d.members_of[t]]
            label_col[hit] = names[t]
            theme_col[hit] = d.theme_names[d.theme_of[t]]
        df[S.TOPIC_ID] = topic_col
        df[S.TOPIC_LABEL] = label_col.astype(str) if len(df) else pd.Series([], dtype=str)
        df[S.THEME] = theme_col.astype(str) if len(df) else pd.Series([], dtype=str)

        corpus.topics = self._table(
            df, rows, labels, k, names, d.keywords, d.examples, d.inputs.quotes, d.theme_of, d.theme_names, intent
        )
        details = dict(d.details)
        details.update(
            n_topics=k,
            unassigned=int((labels < 0).sum()) if n else 0,
            unassigned_share=round(float((labels < 0).mean()), 4) if n else 0.0,
            themes=d.theme_names,
            strict_outliers=self.strict_outliers,
        )
        if d.sampled:
            details["max_fit"] = self.max_fit
        corpus.info["topics"] = details
        return corpus

    # ------------------------------------------------------------- strategies
    def _embedder(self, corpus: Corpus) -> Embedder:
        return resolve_embedder(corpus.info, self.embedder)

    def _tiny(self, texts, emb, banned) -> tuple[np.ndarray, dict[int, list[str]]]:
        k = min(self.n_topics or 1, len(texts))
        if k <= 1:
            labels = np.zeros(len(texts), dtype=int)
        else:
            labels = _relabel_dense(KMeans(k, n_init=3, random_state=self.random_state).fit_predict(emb))
        return labels, ctfidf_keywords(texts, labels, banned)

    def _strict(self, embeddings: np.ndarray, rows: np.ndarray, labels: np.ndarray) -> np.ndarray:
        # One topic at a time: never every kept comment as float64 at once.
        out = labels.copy()
        k = int(labels.max()) + 1 if len(labels) and (labels >= 0).any() else 0
        for members in _members(labels, k):
            emb_t = _unit(np.asarray(embeddings[rows[members]], dtype=np.float64))
            centre = _unit(emb_t.mean(axis=0)[None, :])
            sims = np.einsum("ij,ij->i", emb_t, centre[np.zeros(len(members), dtype=int)])
            if len(members) < 5:
                continue
            cut = sims.mean() - OUTLIER_Z * sims.std()
            out[members[sims < cut]] = -1
        return out

    # ------------------------------------------------------------------ table
    def _table(self, df, rows, labels, k, names, keywords, examples, quotes, theme_of, theme_names, intent) -> pd.DataFrame:
        """``intent``: the primary intent of each of ``rows``, None without an intents stage."""
        n = len(rows)
        sentiment = df[S.SENTIMENT].to_numpy(dtype=float)[rows] if S.SENTIMENT in df else None
        records = []
        ids = list(range(k)) + ([-1] if n and (labels < 0).any() else [])
        for t in ids:
            m = labels == t
            size = int(m.sum())
            records.append(
                {
                    "topic_id": t,
                    "label": names[t] if t >= 0 else UNASSIGNED_LABEL,
                    "keywords": ";".join(keywords.get(t, [])[:10]) if t >= 0 else "",
                    "size": size,
                    "share": round(size / n, 4) if n else 0.0,
                    "sentiment": round(float(np.nanmean(sentiment[m])), 4) if sentiment is not None and size and not np.isnan(sentiment[m]).all() else float("nan"),
                    "request_share": round(float((intent[m] == S.REQUEST).mean()), 4) if intent is not None and size else float("nan"),
                    "complaint_share": round(float((intent[m] == S.COMPLAINT).mean()), 4) if intent is not None and size else float("nan"),
                    "examples": " | ".join(_one_line(quotes[i]) for i in examples.get(t, [])),
                    "theme": theme_names[theme_of[t]] if t >= 0 else "",
                }
            )
        table = pd.DataFrame.from_records(records, columns=list(TOPIC_COLUMNS))
        # Size order (ids already follow it); the unassigned row, if any, comes last.
        table["_last"] = table["topic_id"] < 0
        table = table.sort_values(["_last", "size", "topic_id"], ascending=[True, False, True], kind="stable")
        return table.drop(columns="_last").reset_index(drop=True)


@dataclass
class Described:
    """The topics of one corpus before they are written (:meth:`TopicStage.prepare`)."""

    inputs: "_Inputs"
    labels: np.ndarray  # topic per kept comment (-1: not placed)
    k: int
    members_of: list[np.ndarray]  # positions (in kept order) of each topic's comments
    topic_names: dict[int, str]
    keywords: dict[int, list[str]]
    examples: dict[int, list[int]]
    theme_of: Any
    theme_names: list[str]
    details: dict[str, Any]
    sampled: bool


@dataclass
class _Inputs:
    """What the stage reads from the corpus, kept rows only, in order."""

    rows: np.ndarray
    texts: list[str]
    quotes: "_Quotes"
    banned: frozenset[str]

    @property
    def n(self) -> int:
        return len(self.rows)

    @classmethod
    def of(cls, corpus: Corpus) -> "_Inputs":
        df = corpus.comments
        rows = np.flatnonzero(corpus.kept_mask)
        texts = corpus.analysis_text().to_numpy(dtype=object)[rows].tolist()
        quote_col = S.DISPLAY_TEXT if S.DISPLAY_TEXT in df else S.TEXT
        if S.TEXT in df:
            # Only texts with an "@" can name a handle: the rest are never copied out of the frame.
            raw = df[S.TEXT].fillna("").astype(str)
            banned = handle_words(raw[raw.str.contains("@", regex=False)].tolist())
        else:
            banned = frozenset()
        return cls(rows, texts, _Quotes(df[quote_col], rows), banned | handle_words(texts))


class _Quotes:
    """The quotable text of kept comments, read from the frame when asked for: the stage quotes
    a few comments per topic, and a list of every comment's text costs ~200 MB per million."""

    def __init__(self, column: pd.Series, positions: np.ndarray) -> None:
        self.column = column
        self.positions = positions

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, i: int) -> str:
        value = self.column.iloc[int(self.positions[i])]
        return "" if pd.isna(value) else str(value)

    def take(self, indices: np.ndarray) -> "_Quotes":
        """The quotes at these positions (in kept order), still read when asked for."""
        return _Quotes(self.column, self.positions[np.asarray(indices, dtype=int)])


def _members(labels: np.ndarray, k: int) -> list[np.ndarray]:
    """Positions of each topic 0..k-1, ascending: one sort instead of k scans of every row."""
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(k + 1))
    return [order[bounds[t] : bounds[t + 1]] for t in range(k)]


def _language_names(df: pd.DataFrame, rows: np.ndarray, labels: np.ndarray, k: int) -> dict[int, str]:
    """Topics held together by a language rather than a subject, named by that language."""
    if S.LANGUAGE not in df:
        return {}
    lang = df[S.LANGUAGE].fillna("").astype(str).to_numpy(dtype=object)[rows]
    out: dict[int, str] = {}
    for t in range(k):
        codes = lang[labels == t]
        foreign = [c for c in codes if c and c != "en"]
        if not len(codes) or len(foreign) <= FOREIGN_SHARE * len(codes):
            continue
        code, count = Counter(foreign).most_common(1)[0]
        one = count >= 0.8 * len(foreign) and code in LANGUAGE_NAMES
        out[t] = f"Comments in {LANGUAGE_NAMES[code]}" if one else "Comments in other languages"
    return out


def _distinct(names: list[str]) -> list[str]:
    seen: Counter = Counter()
    out = []
    for name in names:
        seen[name.lower()] += 1
        out.append(name if seen[name.lower()] == 1 else f"{name} ({seen[name.lower()]})")
    return out


def _one_line(text: str) -> str:
    return " ".join(str(text).replace("|", "/").split())


def ctfidf_keywords(texts: list[str], labels: np.ndarray, banned: frozenset[str], top: int = 10) -> dict[int, list[str]]:
    """Class-based TF-IDF keywords per topic without BERTopic (tiny inputs, taxonomy mode)."""
    ids = sorted(int(t) for t in set(labels.tolist()) if t >= 0)
    if not texts or not ids:
        return {}
    vectorizer = count_vectorizer(banned, n_docs=len(texts), canon=canonical_words(texts))
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # only stop words / emoji: no keywords to show
        return {t: [] for t in ids}
    vocab = vectorizer.get_feature_names_out()
    per_topic = np.vstack([np.asarray(counts[labels == t].sum(axis=0)).ravel() for t in ids]).astype(float)
    tf = per_topic / np.maximum(per_topic.sum(axis=1, keepdims=True), 1)
    idf = np.log(1 + per_topic.sum(axis=1).mean() / np.maximum(per_topic.sum(axis=0), 1))
    score = tf * idf
    out: dict[int, list[str]] = {}
    for row, t in enumerate(ids):
        order = np.lexsort((vocab, -score[row]))
        out[t] = [str(vocab[j]) for j in order[:top] if per_topic[row, j] > 0]
    return out


def _assign_partition(texts: list[str], embeddings: np.ndarray, model: TopicModel) -> np.ndarray:
    """Topic ids of one partition of kept comments (:meth:`TopicModel.assign`)."""
    return np.asarray(model.assign(texts, embeddings), dtype=int)
