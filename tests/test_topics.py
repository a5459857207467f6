"""Tests for the topics stage, on hand-written comments with small fixed vectors.

Three subjects (lost luggage, delays, refunds) get embeddings near three orthogonal
directions, so the right topics are known by construction: 7 luggage comments
(topic 0, the largest), 6 delay comments (topic 1), 5 refund comments (topic 2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from insights import schema as S
from insights.corpus import Corpus
from insights.errors import ConfigError
from insights.topics import TOPIC_COLUMNS, TopicStage, assign_taxonomy, group_topics

LUGGAGE = [
    "@united my bag was lost on the flight to Denver",
    "@united lost luggage again, nobody knows where my bag is",
    "@united still no sign of my lost bag after two days",
    "@united my luggage never arrived, the bag is lost",
    "@united the airline lost my bag and the luggage desk is closed",
    "@united where is my lost luggage? the bag had my medicine",
    "@united lost bag claim filed, still waiting for my luggage",
]
DELAYS = [
    "@jetblue flight delayed three hours with no explanation",
    "@jetblue another delayed flight, we sat at the gate for hours",
    "@jetblue my flight is delayed again and I will miss my connection",
    "@jetblue the delay keeps growing, flight delayed twice now",
    "@jetblue delayed flight, delayed crew, delayed everything",
    "@jetblue why is every evening flight delayed",
]
REFUNDS = [
    "@delta I want a refund for my cancelled ticket",
    "@delta still waiting on the refund for my ticket",
    "@delta how do I get a refund, the ticket was never used",
    "@delta refund please, I paid for a ticket twice",
    "@delta the refund for my ticket is three weeks late",
]
TEXTS = LUGGAGE + DELAYS + REFUNDS
TRUTH = [0] * len(LUGGAGE) + [1] * len(DELAYS) + [2] * len(REFUNDS)
DIM = 8


def vectors(groups: list[int], noise: float = 0.08, seed: int = 0) -> np.ndarray:
    rng = np.random.RandomState(seed)
    base = np.eye(DIM)[groups] + noise * rng.randn(len(groups), DIM)
    return (base / np.linalg.norm(base, axis=1, keepdims=True)).astype(np.float32)


def make_corpus(texts=TEXTS, groups=TRUTH, kept=None, **extra) -> Corpus:
    n = len(texts)
    frame = pd.DataFrame(
        {
            S.COMMENT_ID: [str(i) for i in range(n)],
            S.TEXT: texts,
            S.CLEAN_TEXT: [t.split(" ", 1)[1] if t.startswith("@") else t for t in texts],
            S.KEPT: [True] * n if kept is None else kept,
            **extra,
        }
    )
    emb = vectors(list(groups)) if n else np.zeros((0, DIM), dtype=np.float32)
    emb[~frame[S.KEPT].to_numpy(dtype=bool)] = 0
    return Corpus(comments=frame, embeddings=emb, info={"embedding_model": "fake"})


class FakeEmbedder:
    """Maps known phrases to the subject directions; anything else to the last axis."""

    name = "fake-topics-test"
    axes = {"lost luggage": 0, "baggage": 0, "flight delays": 1, "delays": 1, "refunds": 2, "money back": 2,
            "pets": DIM - 1}

    def encode(self, texts):
        return np.eye(DIM, dtype=np.float32)[[self.axes.get(t.lower(), DIM - 1) for t in texts]]


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    # Phrase embeddings are cached on disk by embedder name: keep the fake ones out of the user's cache.
    monkeypatch.setenv("INSIGHTS_CACHE_DIR", str(tmp_path))


@pytest.fixture(scope="module")
def fitted() -> Corpus:
    return TopicStage().run(make_corpus())


def test_finds_the_three_subjects_ordered_by_size(fitted):
    ids = fitted.comments[S.TOPIC_ID].tolist()
    assert ids == TRUTH
    assert fitted.topics["topic_id"].tolist() == [0, 1, 2]
    assert fitted.topics["size"].tolist() == [7, 6, 5]
    assert fitted.topics["share"].round(3).tolist() == [round(7 / 18, 3), round(6 / 18, 3), round(5 / 18, 3)]


def test_labels_come_from_the_right_words(fitted):
    labels = fitted.topics.set_index("topic_id")["label"].str.lower()
    assert "bag" in labels[0] or "luggage" in labels[0]
    assert "delay" in labels[1] or "flight" in labels[1]
    assert "refund" in labels[2] or "ticket" in labels[2]
    assert fitted.comments[S.TOPIC_LABEL].tolist()[0] == fitted.topics.label[0]


def test_no_handles_or_stop_words_in_labels_or_keywords(fitted):
    handles = {"united", "jetblue", "delta"}
    stop = {"the", "my", "is", "and", "a", "for", "i", "to"}
    for text in list(fitted.topics["label"]) + list(fitted.topics["keywords"]):
        words = set(text.lower().replace(";", " ").split())
        assert not words & handles, text
        assert "@" not in text
    for label in fitted.topics["label"]:
        first, last = label.lower().split()[0], label.lower().split()[-1]
        assert first not in stop and last not in stop, label


def test_table_shape_examples_and_themes(fitted):
    table = fitted.topics
    assert tuple(table.columns) == TOPIC_COLUMNS
    for _, row in table.iterrows():
        quotes = row.examples.split(" | ")
        assert len(quotes) == 3 and len(set(quotes)) == 3
        assert all(q in TEXTS for q in quotes)  # verbatim, from the text column
    assert table["theme"].str.len().min() > 0
    assert set(fitted.comments[S.THEME]) == set(table["theme"])
    # No sentiment / intent columns in this corpus: reported as missing, not as zero.
    assert table["sentiment"].isna().all() and table["request_share"].isna().all()
    assert fitted.info["topics"]["unassigned_share"] == 0.0


def test_same_input_same_output_byte_for_byte():
    a, b = TopicStage().run(make_corpus()), TopicStage().run(make_corpus())
    assert a.comments.to_csv() == b.comments.to_csv()
    assert a.topics.to_csv() == b.topics.to_csv()


def test_sentiment_and_intent_shares_per_topic():
    intents = [S.COMPLAINT] * 7 + [S.COMPLAINT, S.COMPLAINT, S.COMPLAINT, S.QUESTION, S.OTHER, S.OTHER] + [S.REQUEST] * 4 + [S.QUESTION]
    sentiment = [-0.5] * 7 + [-1.0] * 6 + [0.0, 0.5, 0.5, 0.0, 0.0]
    corpus = TopicStage().run(make_corpus(**{S.INTENT: intents, S.SENTIMENT: sentiment}))
    t = corpus.topics.set_index("topic_id")
    assert t.loc[0, "complaint_share"] == 1.0 and t.loc[0, "sentiment"] == -0.5
    assert t.loc[1, "complaint_share"] == 0.5 and t.loc[1, "sentiment"] == -1.0
    assert t.loc[2, "request_share"] == 0.8 and t.loc[2, "sentiment"] == 0.2


def test_dropped_rows_get_minus_one_and_empty_label():
    kept = [True] * len(TEXTS)
    kept[3] = kept[10] = False
    corpus = TopicStage().run(make_corpus(kept=kept))
    assert corpus.comments.loc[[3, 10], S.TOPIC_ID].tolist() == [-1, -1]
    assert corpus.comments.loc[[3, 10], S.TOPIC_LABEL].tolist() == ["", ""]
    assert int(corpus.topics["size"].sum()) == len(TEXTS) - 2
    assert (corpus.comments.loc[corpus.comments[S.KEPT], S.TOPIC_ID] >= 0).all()


@pytest.mark.parametrize("n", [0, 1, 3, 10])
def test_tiny_inputs_do_not_crash(n):
    texts, groups = TEXTS[:n], TRUTH[:n]
    corpus = TopicStage().run(make_corpus(texts, groups))
    assert len(corpus.comments) == n
    assert list(corpus.topics.columns) == list(TOPIC_COLUMNS)
    if n:
        assert (corpus.comments[S.TOPIC_ID] == 0).all()
        assert corpus.topics["size"].tolist() == [n]
        assert corpus.topics.label[0] != ""
    else:
        assert corpus.topics.empty


def test_tiny_input_with_everything_dropped():
    corpus = TopicStage().run(make_corpus(TEXTS[:3], TRUTH[:3], kept=[False, False, False]))
    assert corpus.comments[S.TOPIC_ID].tolist() == [-1, -1, -1]
    assert corpus.topics.empty


def test_n_topics_sets_the_count():
    corpus = TopicStage(n_topics=2).run(make_corpus())
    assert corpus.topics["topic_id"].tolist() == [0, 1]
    tiny = TopicStage(n_topics=2).run(make_corpus(TEXTS[5:9], TRUTH[5:9]))
    assert sorted(set(tiny.comments[S.TOPIC_ID])) == [0, 1]


def test_strict_outliers_keeps_a_stray_comment_unassigned():
    texts = TEXTS + ["@united my cat enjoyed the window seat"] * 0 + ["@united the cat enjoyed the window seat"]
    corpus = make_corpus(texts, TRUTH + [0])
    stray = np.full(DIM, 0.0, dtype=np.float32)
    stray[0], stray[5] = 0.5, 0.866  # loosely luggage, mostly elsewhere
    corpus.embeddings[-1] = stray
    loose = TopicStage().run(make_corpus(texts, TRUTH + [0]))
    assert (loose.comments[S.TOPIC_ID] >= 0).all()
    strict = TopicStage(strict_outliers=True).run(corpus)
    assert strict.comments[S.TOPIC_ID].iloc[-1] == -1
    assert strict.comments[S.TOPIC_LABEL].iloc[-1] == ""
    assert strict.topics["topic_id"].iloc[-1] == -1  # the unassigned row comes last
    assert (strict.comments[S.TOPIC_ID] == -1).mean() <= 0.06


def test_seed_topics_name_the_topics_they_match():
    corpus = TopicStage(seed_topics=["refunds", "lost luggage"], embedder=FakeEmbedder()).run(make_corpus())
    labels = corpus.topics.set_index("topic_id")["label"]
    assert labels[0] == "Lost luggage" and labels[2] == "Refunds"
    assert corpus.info["topics"]["seed_matches"] == {"lost luggage": 0, "refunds": 2}
    assert corpus.comments[S.TOPIC_ID].tolist() == TRUTH


def test_taxonomy_assigns_every_comment_to_the_nearest_name():
    stage = TopicStage(taxonomy=["Flight delays", "Lost luggage", "Refunds", "Pets"], embedder=FakeEmbedder())
    corpus = stage.run(make_corpus())
    assert corpus.comments[S.TOPIC_LABEL].tolist() == ["Lost luggage"] * 7 + ["Flight delays"] * 6 + ["Refunds"] * 5
    assert corpus.topics["label"].tolist() == ["Lost luggage", "Flight delays", "Refunds"]  # "Pets": no comment
    assert corpus.topics.keywords[0].split(";")[0] in {"bag", "lost", "luggage", "lost bag", "lost luggage"}


def test_taxonomy_threshold_with_strict_outliers():
    corpus = make_corpus()
    corpus.embeddings[0] = np.full(DIM, DIM**-0.5)  # equally far from every name: cosine 0.35
    stage = TopicStage(taxonomy=["Lost luggage", "Flight delays", "Refunds"], taxonomy_threshold=0.5,
                       strict_outliers=True, embedder=FakeEmbedder())
    out = stage.run(corpus)
    assert out.comments[S.TOPIC_ID].iloc[0] == -1 and out.comments[S.TOPIC_LABEL].iloc[0] == ""
    assert (out.comments[S.TOPIC_ID].iloc[1:] >= 0).all()


def test_assign_taxonomy_and_group_topics_alone():
    idx, _ = assign_taxonomy(np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]]), np.eye(2), 0.9, strict=True)
    assert idx.tolist() == [0, 1, -1]
    theme, names = group_topics(np.array([[1.0, 0.0], [0.99, 0.14], [0.0, 1.0]]), np.array([5, 3, 2]), ["A", "B", "C"], 2)
    assert theme.tolist() == [0, 0, 1] and names == ["A & B", "C"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_topics": 0}, "The 'n_topics' parameter of TopicStage must be an int >= 1 or None. Got 0 instead."),
        ({"taxonomy": []}, "The 'taxonomy' parameter of TopicStage must be a non-empty list"),
        ({"seed_topics": ["a", "A"]}, "The 'seed_topics' parameter of TopicStage must be a list without repeated names"),
        ({"word_weight": -0.5}, "The 'word_weight' parameter of TopicStage must be a float in [0, 5] (default 0.6; 0 = no word vectors). Got -0.5 instead."),
        ({"word_weight": "high"}, "The 'word_weight' parameter of TopicStage must be a float in [0, 5]"),
        ({"word_mixture": "yes"}, "The 'word_mixture' parameter of TopicStage must be True or False. Got 'yes' instead."),
    ],
)
def test_bad_options_say_what_to_fix(kwargs, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        TopicStage(**kwargs).run(make_corpus())


def test_missing_embeddings_is_an_actionable_error():
    corpus = make_corpus()
    corpus.embeddings = None
    with pytest.raises(ConfigError, match="Run the embed stage first"):
        TopicStage().run(corpus)


@pytest.mark.slow
def test_taxonomy_with_the_real_embedder():
    from insights.embed import embed_texts, make_embedder

    texts = [
        "my suitcase never arrived at the carousel",
        "they lost my luggage on the way to Boston",
        "the plane left four hours late",
        "our flight was delayed again this morning",
        "I was charged twice and want my money back",
        "still waiting for the refund of my cancelled ticket",
    ]
    embedder = make_embedder("minilm")
    frame = pd.DataFrame({S.COMMENT_ID: [str(i) for i in range(6)], S.TEXT: texts, S.CLEAN_TEXT: texts, S.KEPT: True})
    corpus = Corpus(comments=frame, embeddings=embed_texts(texts, embedder), info={"embedding_model": embedder.name})
    out = TopicStage(taxonomy=["Lost luggage", "Flight delays", "Refunds"]).run(corpus)
    assert out.comments[S.TOPIC_LABEL].tolist() == ["Lost luggage"] * 2 + ["Flight delays"] * 2 + ["Refunds"] * 2


# --- labels: phrases, casing, corrupted words, two-phrase labels, language topics ----------

def test_corrupted_forms_of_a_frequent_word_map_to_it():
    from insights.topics.labels import canonical_words

    texts = ["late flight again"] * 20 + ["Late Flightr again", "cancelled flightled flight"]
    canon = canonical_words(texts)
    assert canon == {"flightr": "flight", "flightled": "flight"}
    # Real suffixes of a word people use are words, not corruptions.
    assert canonical_words(["the flight", "two flights", "flights"] * 5) == {}


def test_corpus_casing_keeps_acronyms_and_brand_spellings():
    from insights.topics.labels import corpus_casing

    casing = corpus_casing(["works with HomeKit now", "no HomeKit yet", "in NYC again", "NYC pizza",
                            "Ship to Canada", "ship to canada please", "My bag"])
    assert casing["homekit"] == "HomeKit" and casing["nyc"] == "NYC"
    assert "ship" not in casing and "bag" not in casing  # sentence-initial capitals do not count


def test_two_phrase_labels_and_mmr():
    from insights.topics.labels import compose, mmr

    assert compose("lost bag", "delayed bag") == "lost or delayed bag"
    assert compose("seat", "legroom") == "seat and legroom"
    assert compose("lost bag", "refund") == "lost bag"  # would read as a list, not a subject
    assert [p for p, _ in mmr([("lost bag", 1.0), ("bag", 0.9), ("delay", 0.8)], 2)] == ["lost bag", "delay"]


def test_labels_use_the_shared_phrase_and_no_verbs():
    from insights.topics.labels import make_labels

    texts = {
        0: ["my bag was lost", "lost bag again", "they lost my bag", "the lost bag is still missing",
            "another lost bag", "bag lost twice", "a lost bag claim"] * 3,
        1: ["does the bundle ship to canada", "does it come in white", "doesnt work", "does the app crash"] * 5,
    }
    labels = make_labels(texts, {0: ["bag", "lost"], 1: []}, frozenset())
    assert labels[0] == "Lost bag"
    assert not labels[1].lower().startswith(("does", "doesnt"))


def test_a_topic_few_of_whose_comments_name_its_noun_is_other_chatter():
    from insights.topics.labels import MISC_LABEL, make_labels

    bags = ["my bag was lost", "lost bag again", "they lost my bag", "another lost bag"] * 6
    # Replies with no subject; two of 24 mention the lamp's arm (8%): "Arm" would name two comments.
    replies = ["same!", "me too lol", "so true", "haha yes", "agreed, 100%", "wow"] * 4
    replies[:2] = ["love how the arm moves", "the arm is so smooth"]
    labels = make_labels({0: bags, 1: replies}, {0: ["bag", "lost"], 1: ["arm", "wow"]}, frozenset())
    assert labels[0] == "Lost bag" and labels[1] == MISC_LABEL


def test_a_modifier_the_corpus_writes_as_a_noun_is_a_candidate():
    from insights.topics.labels import candidate_phrases

    # The tagger reads "giveaway" before a noun as an adjective; the corpus uses it as a noun too.
    texts = ["when does the giveaway end?", "my 4th giveaway entry today", "is the giveaway open to all?",
             "the giveaway winner?", "loved the giveaway"]
    phrases = candidate_phrases(texts, frozenset())
    assert sum("giveaway" in p for p in phrases) >= 4


def test_subjectless_topics_are_told_apart_by_distinct_keywords():
    from insights.topics.labels import _distinct_words

    assert _distinct_words(["canceled", "cancelled", "month", "reverted"], 2) == ["canceled", "reverted"]


def test_a_topic_of_other_languages_is_named_by_language():
    texts = TEXTS + ["die Lampe ist super", "la lampe est belle", "me encanta la lampara"] * 2
    groups = TRUTH + [3] * 6
    lang = ["en"] * len(TEXTS) + ["de", "fr", "es"] * 2
    corpus = make_corpus(texts, groups, **{S.LANGUAGE: lang})
    out = TopicStage(n_topics=4).run(corpus)
    labels = out.comments[S.TOPIC_LABEL].tolist()
    assert labels[-6:] == ["Comments in other languages"] * 6
    spanish = make_corpus(texts, groups, **{S.LANGUAGE: ["en"] * len(TEXTS) + ["es"] * 6})
    assert TopicStage(n_topics=4).run(spanish).comments[S.TOPIC_LABEL].tolist()[-1] == "Comments in Spanish"


def test_choose_k_finds_three_blobs_and_does_not_chase_tiny_clusters():
    from insights.topics.model import choose_k

    rng = np.random.RandomState(0)
    centres = np.eye(8)[:3] * 5
    X = np.vstack([c + rng.randn(50, 8) * 0.3 for c in centres])
    k, scores = choose_k(X, min_k=2)
    assert k == 3, scores


def _inertia(X, labels):
    return sum(float(((X[labels == c] - X[labels == c].mean(axis=0)) ** 2).sum()) for c in np.unique(labels))


def test_final_k_means_beats_its_best_restart_by_voting():
    # 30 overlapping blobs: single k-means runs each misplace a few centroids, in different
    # places; starting from where the runs agree ends lower than the best of them.
    from sklearn.cluster import KMeans

    from insights.topics.model import KMEANS_RESTARTS, AutoKMeans

    rng = np.random.RandomState(0)
    X = np.vstack([c + rng.randn(10, 5) for c in rng.randn(30, 5) * 3])
    best_restart = KMeans(30, n_init=KMEANS_RESTARTS, random_state=0).fit(X).inertia_
    labels = AutoKMeans(n_clusters=30, random_state=0).fit(X).labels_
    assert _inertia(X, labels) < 0.98 * best_restart


def test_voting_keeps_the_best_restart_when_runs_split_two_equal_ways():
    # Six tight blobs on a ring, k=3: each run pairs neighbours one of two equally good ways;
    # their vote alone can put three blobs in one topic. The answer is three pairs of blobs.
    from insights.topics.model import consensus_kmeans

    rng = np.random.RandomState(0)
    angles = np.arange(6) * np.pi / 3
    X = np.vstack([5 * np.array([np.cos(a), np.sin(a)]) + rng.randn(20, 2) * 0.05 for a in angles])
    blobs = np.repeat(np.arange(6), 20)
    for seed in range(6):
        labels = consensus_kmeans(X, 3, restarts=10, random_state=seed)
        assert all(len(set(labels[blobs == b])) == 1 for b in range(6))
        assert sorted(np.bincount(labels).tolist()) == [40, 40, 40], seed


def test_themes_are_named_by_the_phrase_their_topics_share():
    from insights.topics.labels import theme_labels

    phrases = {
        0: [{"battery life", "charge"}, {"battery life"}, {"battery life", "cable"}],
        1: [{"battery life", "drain"}, {"battery life"}, {"drain"}],
        2: [{"dark mode"}, {"dark mode"}, {"theme"}],
    }
    names = theme_labels(np.array([0, 0, 1]), phrases, ["Charge", "Drain", "Dark mode"])
    assert names == ["Battery life", "Dark mode"]


@pytest.mark.parametrize("kind", ["emoji only", "no word shared by two topics"])
def test_corpora_without_shared_words_still_get_topics(kind):
    # BERTopic's c-TF-IDF fails on these (no word left); the clustering must survive it.
    rng = np.random.RandomState(0)
    groups = [i % 3 for i in range(300)]
    if kind == "emoji only":
        texts = [["😀😀", "👍 👍", "🔥🔥🔥"][g] + f" {i}" for i, g in enumerate(groups)]
    else:
        words = [["bag", "luggage", "suitcase", "lost"], ["delayed", "late", "gate", "hours"],
                 ["refund", "money", "ticket", "paid"]]
        texts = [" ".join(rng.choice(words[g], 3, replace=False)) for g in groups]
    out = TopicStage().run(make_corpus(texts=texts, groups=groups))
    ids = out.comments[S.TOPIC_ID].to_numpy()
    assert (ids >= 0).all() and out.topics["size"].sum() == 300
    # Each topic holds one subject only.
    assert all(len({g for g, t in zip(groups, ids) if t == topic}) == 1 for topic in set(ids.tolist()))
    assert out.topics["label"].str.len().min() > 0


def test_a_keyword_bigram_names_a_topic_only_when_it_is_a_noun_phrase():
    from insights.topics.labels import _best_phrase

    scored = [("bundle", 1.0), ("canada", 0.5), ("shipping", 0.4), ("bundle price", 0.1)]
    # "does bundle" is a c-TF-IDF bigram, not a phrase anyone wrote: the label stays on the noun.
    assert _best_phrase(scored, ["canada", "does bundle", "bundle"]) == "bundle"
    # A bigram made of the topic's phrase words, ending on a head noun, still lengthens it.
    assert _best_phrase(scored, ["canada bundle", "bundle"]) == "canada bundle"


# Word vectors for the feature tests: three luggage words share one direction, refund words another.
WORD_TABLE = {"bag": [1.0, 0.0, 0.0], "luggage": [0.9, 0.1, 0.0], "suitcase": [0.95, 0.0, 0.05],
              "refund": [0.0, 1.0, 0.0], "money": [0.1, 0.9, 0.0]}


def fake_word_vectors(words):
    return np.array([WORD_TABLE.get(w, [0.0, 0.0, 1.0]) for w in words], dtype=np.float32)


def synonym_texts() -> list[str]:
    # Luggage comments never share their subject word with each other's; refund ones do.
    return [f"my {w} went missing" for w in ("bag", "luggage", "suitcase")] * 4 + ["my refund never came"] * 12


def test_word_vectors_join_synonyms_that_tf_idf_keeps_apart():
    from insights.topics.model import HybridFeatures

    texts = synonym_texts()
    same = np.ones((len(texts), 4))  # embeddings say nothing: only the word parts can
    lsa = HybridFeatures(lexical_weight=0.5, word_weight=0).fit_transform(texts, same)
    words = HybridFeatures(lexical_weight=0.5, word_weight=1.0, word_vectors=fake_word_vectors).fit_transform(texts, same)
    bag, luggage, refund = 0, 1, 12
    assert lsa[bag] @ lsa[luggage] < 0.9
    assert words[bag] @ words[luggage] > lsa[bag] @ lsa[luggage]
    assert words[bag] @ words[luggage] > words[bag] @ words[refund] + 0.3


def test_word_part_weighs_frequent_words_down_and_places_new_comments_alike():
    from insights.topics.model import HybridFeatures

    texts = synonym_texts()
    features = HybridFeatures(word_weight=1.0, word_vectors=fake_word_vectors)
    fitted = features.fit_transform(texts, np.ones((len(texts), 4)))
    vocab = features.vectorizer_.get_feature_names_out().tolist()
    norms = np.linalg.norm(features.word_table_, axis=1)
    # "my" is in every comment, "suitcase" in 4 of 24: SIF weighs the rare subject word up.
    assert norms[vocab.index("suitcase")] > 5 * norms[vocab.index("my")]
    # Transforming again (as TopicModel.assign does at scale) gives the fitted rows.
    np.testing.assert_allclose(features.transform(texts, np.ones((len(texts), 4))), fitted, atol=1e-6)


def test_word_weight_zero_adds_no_word_part():
    from insights.topics.model import HybridFeatures

    texts = synonym_texts()
    features = HybridFeatures(word_weight=0, word_vectors=fake_word_vectors)
    features.fit_transform(texts, np.eye(4)[[i % 4 for i in range(len(texts))]])
    assert features.word_table_ is None and features.svd_ is not None


def test_word_weight_option_reaches_the_features(monkeypatch):
    from insights.topics import model
    from insights.topics.model import WORD_WEIGHT

    monkeypatch.setattr(model, "static_word_vectors", fake_word_vectors)
    texts = synonym_texts()
    emb = np.eye(4)[[i % 4 for i in range(len(texts))]].astype(np.float32)

    def fit(**options):
        frame = pd.DataFrame({S.TEXT: texts, S.CLEAN_TEXT: texts, S.KEPT: True})
        return TopicStage(n_topics=2, **options).fit_corpus(Corpus(comments=frame, embeddings=emb))

    default, heavier, none = fit(), fit(word_weight=2.0), fit(word_weight=0)
    assert default.features.word_weight_ == WORD_WEIGHT == TopicStage().word_weight
    assert heavier.features.word_weight_ == 2.0 and none.features.word_table_ is None
    unit = emb / np.linalg.norm(emb, axis=1, keepdims=True)
    by_default, by_heavier = default.features.transform(texts, unit), heavier.features.transform(texts, unit)
    assert by_default.shape == by_heavier.shape and not np.allclose(by_default, by_heavier)
    assert none.features.transform(texts, unit).shape[1] < by_default.shape[1]


def test_a_catch_all_topic_of_complaints_is_named_after_them(monkeypatch):
    # A topic without a subject whose comments mostly complain reads "Other complaints (...)";
    # one whose comments do many things stays "Other chatter"; a named topic keeps its name.
    import insights.topics.stage as stage_mod
    from insights.topics.labels import MISC_LABEL, is_catch_all

    def labels(texts, keywords, banned, phrases_out=None):
        return {0: "Lost bags", 1: f"{MISC_LABEL} (gate, hours)", 2: MISC_LABEL}

    monkeypatch.setattr(stage_mod, "make_labels", labels)
    intent = ["complaint"] * 7 + ["complaint"] * 4 + ["other", "praise"] + ["question", "other", "praise", "request", "other"]
    out = TopicStage().run(make_corpus(**{S.INTENT: intent}))
    names = out.topics.set_index("topic_id")["label"]
    assert names[0] == "Lost bags"
    assert names[1] == "Other complaints (gate, hours)"  # 4 of 6
    assert names[2] == MISC_LABEL  # no intent holds half
    assert all(is_catch_all(n) for n in names[1:])
    assert out.comments[S.TOPIC_LABEL].tolist()[7] == "Other complaints (gate, hours)"
