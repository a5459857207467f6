"""Stage `topics`: what people talk about, as named topics grouped into themes.

Reads ``clean_text`` (or ``text``), ``kept``, ``corpus.embeddings`` and, when present,
``sentiment``, ``intent``, ``display_text``, ``language`` (a topic mostly in other
languages is named "Comments in other languages" / "Comments in Spanish"). Adds ``topic_id`` (0 = largest topic;
-1 for dropped rows and for kept comments that could not be placed), ``topic_label``
("" for -1) and ``theme``. Sets ``corpus.topics`` (one row per topic, see
:data:`TOPIC_COLUMNS`) and ``corpus.info["topics"]``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans

from insights import schema as S
from insights.corpus import Corpus
from insights.embed import Embedder
from insights.errors import ConfigError, invalid_parameter
from insights.topics.guided import assign_taxonomy, embed_phrases, resolve_embedder, seed_matches
from insights.topics.labels import make_labels, representative_indices, theme_labels
from insights.topics.model import (
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
from insights.topics.text import canonical_words, count_vectorizer, handle_words
from insights.topics.themes import group_topics

TOPIC_COLUMNS: tuple[str, ...] = (
    "topic_id", "label", "keywords", "size", "share", "sentiment",
    "request_share", "complaint_share", "examples", "theme",
)
# Below this many kept comments, clustering is meaningless: one topic (or n_topics by k-means).
TINY = 15
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
    """Find topics in kept comments with BERTopic (PCA + auto-k k-means), label and group them.

    Args:
        n_topics: number of topics; None chooses it from the data: the best silhouette after a
            log penalty on the count (at least 8 topics when the corpus holds 200+ comments),
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
        n_themes: number of themes grouping the topics; None = 3 to 7 by topic count.
        n_examples: representative comments quoted per topic (3 to 5 is readable).
        random_state: seed for every random step (same input, same topics).
        embedder: the embedder for seed/taxonomy phrases; None rebuilds the one the embed
            stage recorded (``corpus.info["embedding_model_path"]`` / ``["embedding_model"]``).

    Example:
        >>> stage = TopicStage(n_topics=8)
        >>> corpus = stage.run(corpus)  # doctest: +SKIP
        >>> corpus.topics[["topic_id", "label", "size"]].head(3)  # doctest: +SKIP
    """

    name = "topics"

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
        n_themes: int | None = None,
        n_examples: int = 3,
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
        self.n_themes = n_themes
        self.n_examples = n_examples
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
        if not 0 <= self.lexical_weight <= 5:
            raise invalid_parameter(owner, "lexical_weight", "a float in [0, 5]", self.lexical_weight)
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
    def run(self, corpus: Corpus) -> Corpus:
        self._validate()
        df = corpus.comments
        kept = corpus.kept_mask
        rows = np.flatnonzero(kept)
        texts = corpus.analysis_text().to_numpy(dtype=object)[rows].tolist()
        quote_col = S.DISPLAY_TEXT if S.DISPLAY_TEXT in df else S.TEXT
        quotes = df[quote_col].fillna("").astype(str).to_numpy(dtype=object)[rows].tolist()
        raw = df[S.TEXT].fillna("").astype(str).tolist() if S.TEXT in df else texts
        banned = handle_words(raw) | handle_words(texts)

        n = len(rows)
        if n and corpus.embeddings is None:
            raise ConfigError(
                "The topics stage needs comment embeddings but corpus.embeddings is None.",
                hint="Run the embed stage first (insights.embed_stage.EmbedStage).",
            )
        emb = np.zeros((0, 1)) if n == 0 else _unit(np.asarray(corpus.embeddings, dtype=np.float64)[rows])

        details: dict[str, Any] = {"engine": "bertopic", "kept": n, "random_state": self.random_state}
        seed_vectors = None
        if self.seed_topics and n:
            seed_vectors = embed_phrases(self.seed_topics, self._embedder(corpus), emb.shape[1])

        if n == 0:
            labels, keywords = np.zeros(0, dtype=int), {}
            details["method"] = "none (no kept comments)"
        elif self.taxonomy:
            labels, keywords, names = self._taxonomy(corpus, texts, emb, banned)
            details["method"] = "taxonomy (zero-shot, embedding similarity)"
            details["taxonomy_threshold"] = self.taxonomy_threshold
        elif n < TINY:
            labels, keywords = self._tiny(texts, emb, banned)
            details["method"] = f"tiny input (< {TINY} comments): k-means on embeddings"
        else:
            labels, keywords = self._bertopic(texts, emb, banned, seed_vectors, details)
            details["method"] = "bertopic (hybrid embedding+tf-idf features, PCA, auto-k k-means)"

        if n and not self.taxonomy and self.strict_outliers:
            labels = self._strict(emb, labels)

        k = int(labels.max()) + 1 if n and (labels >= 0).any() else 0
        placed = labels >= 0
        centroids = centroids_of(emb[placed], labels[placed]) if k else np.zeros((0, emb.shape[1]))

        # Representatives and labels.
        examples: dict[int, list[int]] = {}
        label_texts: dict[int, list[str]] = {}
        for t in range(k):
            members = np.flatnonzero(labels == t)
            # Enough comments to name a topic, but spaCy over ~1,000 texts in all at most.
            per_topic = max(10, min(LABEL_DOCS, LABEL_BUDGET // max(k, 1)))
            order = representative_indices(emb[members], centroids[t], [texts[i] for i in members], per_topic)
            label_texts[t] = [texts[members[i]] for i in order]
            ex = representative_indices(emb[members], centroids[t], [quotes[i] for i in members], self.n_examples)
            examples[t] = [int(members[i]) for i in ex]
        phrases: dict[int, list[set[str]]] = {}
        if self.taxonomy:
            topic_names = {t: names[t] for t in range(k)}
        else:
            topic_names = make_labels(label_texts, keywords, banned, phrases_out=phrases) if k else {}
            topic_names.update(_language_names(df, rows, labels, k))
            if seed_vectors is not None and k:
                for t, s in seed_matches(centroids, seed_vectors, SEED_MATCH).items():
                    topic_names[t] = self.seed_topics[s].strip()[:1].upper() + self.seed_topics[s].strip()[1:]
                details["seed_matches"] = {
                    self.seed_topics[s]: t for t, s in seed_matches(centroids, seed_vectors, SEED_MATCH).items()
                }

        sizes = np.bincount(labels[placed], minlength=k) if k else np.zeros(0, dtype=int)
        theme_of, theme_names = group_topics(centroids, sizes, [topic_names[t] for t in range(k)], self.n_themes)
        if phrases and k:
            theme_names = _distinct(theme_labels(theme_of, phrases, [topic_names[t] for t in range(k)]))

        # Columns.
        topic_col = np.full(len(df), S.UNASSIGNED_TOPIC, dtype=int)
        topic_col[rows] = labels
        label_col = np.array([""] * len(df), dtype=object)
        theme_col = np.array([""] * len(df), dtype=object)
        for t in range(k):
            hit = rows[labels == t]
            label_col[hit] = topic_names[t]
            theme_col[hit] = theme_names[theme_of[t]]
        df[S.TOPIC_ID] = topic_col
        df[S.TOPIC_LABEL] = label_col.astype(str) if len(df) else pd.Series([], dtype=str)
        df[S.THEME] = theme_col.astype(str) if len(df) else pd.Series([], dtype=str)

        corpus.topics = self._table(df, rows, labels, k, topic_names, keywords, examples, quotes, theme_of, theme_names)
        details.update(
            n_topics=k,
            unassigned=int((labels < 0).sum()) if n else 0,
            unassigned_share=round(float((labels < 0).mean()), 4) if n else 0.0,
            themes=theme_names,
            strict_outliers=self.strict_outliers,
        )
        corpus.info["topics"] = details
        return corpus

    # ------------------------------------------------------------- strategies
    def _embedder(self, corpus: Corpus) -> Embedder:
        return resolve_embedder(corpus.info, self.embedder)

    def _bertopic(self, texts, emb, banned, seed_vectors, details) -> tuple[np.ndarray, dict[int, list[str]]]:
        n = len(texts)
        min_size = self.min_topic_size or default_min_topic_size(n)
        # Corrupted forms of frequent words ("flightr") are the word, for features and keywords alike.
        canon = canonical_words(texts)
        features = HybridFeatures(self.lexical_weight, extra_stop=banned, random_state=self.random_state, canon=canon)
        H = features.fit_transform(texts, emb)
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
        )
        model = build_bertopic(reducer, clusterer, banned, n_docs=n, canon=canon)
        doc_topics, _ = model.fit_transform(texts, embeddings=H)
        labels, keywords = topics_from_bertopic(model, doc_topics)
        details.update(
            k_chosen=int(clusterer.k_chosen_),
            silhouettes={int(k): round(v, 4) for k, v in clusterer.silhouettes_.items()},
            min_topic_size=min_size,
            lexical_weight=self.lexical_weight,
            reducer=f"PCA({reducer.pca_.n_components_})",
            merge_threshold=self.merge_threshold,
        )
        return labels, keywords

    def _tiny(self, texts, emb, banned) -> tuple[np.ndarray, dict[int, list[str]]]:
        k = min(self.n_topics or 1, len(texts))
        if k <= 1:
            labels = np.zeros(len(texts), dtype=int)
        else:
            labels = _relabel_dense(KMeans(k, n_init=3, random_state=self.random_state).fit_predict(emb))
        return labels, ctfidf_keywords(texts, labels, banned)

    def _taxonomy(self, corpus, texts, emb, banned):
        names = [t.strip() for t in self.taxonomy]
        vectors = embed_phrases(names, self._embedder(corpus), emb.shape[1])
        idx, _ = assign_taxonomy(emb, vectors, self.taxonomy_threshold, self.strict_outliers)
        placed = idx >= 0
        labels = np.full(len(idx), -1, dtype=int)
        if placed.any():
            dense = _relabel_dense(idx[placed])
            labels[placed] = dense
            order = {int(d): names[int(i)] for d, i in zip(dense, idx[placed])}
        else:
            order = {}
        keywords = ctfidf_keywords([t for t, p in zip(texts, placed) if p], labels[placed], banned)
        return labels, keywords, order

    def _strict(self, emb: np.ndarray, labels: np.ndarray) -> np.ndarray:
        labels = labels.copy()
        centroids = centroids_of(emb, labels)
        sims = np.einsum("ij,ij->i", emb, centroids[labels])
        for t in range(len(centroids)):
            m = labels == t
            if m.sum() < 5:
                continue
            cut = sims[m].mean() - OUTLIER_Z * sims[m].std()
            labels[m & (sims < cut)] = -1
        return labels

    # ------------------------------------------------------------------ table
    def _table(self, df, rows, labels, k, names, keywords, examples, quotes, theme_of, theme_names) -> pd.DataFrame:
        n = len(rows)
        sentiment = df[S.SENTIMENT].to_numpy(dtype=float)[rows] if S.SENTIMENT in df else None
        intent = df[S.INTENT].fillna("").astype(str).to_numpy(dtype=object)[rows] if S.INTENT in df else None
        records = []
        ids = list(range(k)) + ([-1] if n and (labels < 0).any() else [])
        for t in ids:
            m = labels == t
            size = int(m.sum())
            records.append(
                {
                    "topic_id": t,
                    "label": names[t] if t >= 0 else "Other (unassigned)",
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
