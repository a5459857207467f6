"""Tests for the sentiment stage: hand-written texts, fixed small vectors, hand-worked answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from insights import schema as S
from insights.config import Config
from insights.corpus import Corpus
from insights.errors import ConfigError, ModelNotFoundError
from insights.sentiment import (
    LexiconBackend,
    SelfTrainingBackend,
    SentimentScores,
    SentimentStage,
    TransformersBackend,
    VaderBackend,
    lexicon_signals,
    make_backend,
    net_sentiment,
    pseudo_labels,
    sentiment_by,
)
from insights.sentiment.anchors import ANCHORS
from insights.sentiment.transformers_backend import label_polarity

# Three directions in a 3-d space: negative, neutral, positive comments.
NEG_V, NEU_V, POS_V = np.eye(3, dtype=np.float32)

NEGATIVE = [f"still waiting for my refund, order {i} never came" for i in range(12)]
POSITIVE = [f"thank you so much, the new version {i} is great!" for i in range(12)]
NEUTRAL = [f"what time does store {i} open on sunday?" for i in range(12)]
# No lexicon word at all, so no seed: only the embedding says which class they are near.
HIDDEN_NEGATIVE = "the plane sat at the gate all evening"
HIDDEN_POSITIVE = "the staff upgraded our seats at the gate"


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _corpus(texts: list[str], vectors: np.ndarray | None, kept: list[bool] | None = None) -> Corpus:
    frame = pd.DataFrame({S.TEXT: texts, S.CLEAN_TEXT: texts, S.KEPT: kept or [True] * len(texts)})
    return Corpus(frame, embeddings=vectors)


def _seeded_corpus() -> Corpus:
    texts = NEGATIVE + POSITIVE + NEUTRAL + [HIDDEN_NEGATIVE, HIDDEN_POSITIVE]
    vectors = np.vstack(
        [np.tile(NEG_V, (12, 1)), np.tile(POS_V, (12, 1)), np.tile(NEU_V, (12, 1)),
         _unit(0.9 * NEG_V + 0.1 * NEU_V), _unit(0.9 * POS_V + 0.1 * NEU_V)]
    )
    return _corpus(texts, vectors)


# --- lexicon ----------------------------------------------------------------------------


def test_lexicon_cues_catch_a_complaint_without_sentiment_words():
    signals = lexicon_signals(["3 hours on the tarmac and still no update", "Where is gate 4"])
    # "3 hours" and "still no" are two complaint cues; VADER only sees "no".
    assert signals.negative_cues.tolist() == [2, 0]
    assert signals.score[0] == pytest.approx(-0.296 - 2 * 0.35)
    assert signals.score[1] == 0.0 and signals.neutral_share[1] == 1.0


def test_pseudo_labels_by_hand():
    texts = ["still waiting", "I love it!!", "ok", "Where is gate 4", "thanks, can you help?"]
    # "ok" is mildly positive in VADER (not a confident seed); the polite question is no
    # positive seed because it is a question.
    assert pseudo_labels(lexicon_signals(texts)).tolist() == ["negative", "positive", "", "neutral", ""]


def test_vader_and_lexicon_backends():
    texts = ["I love it", "3 hours on the tarmac and still waiting", "The gate is B4"]
    assert VaderBackend().score(texts).label.tolist()[0] == "positive"
    result = LexiconBackend().score(texts)
    assert result.label.tolist() == ["positive", "negative", "neutral"]
    assert np.all((result.score >= -1) & (result.score <= 1))
    assert np.all((result.confidence >= 0) & (result.confidence <= 1))


def test_scores_from_proba():
    s = SentimentScores.from_proba(np.array([[0.7, 0.2, 0.1], [0.2, 0.5, 0.3]]))
    assert s.score.tolist() == pytest.approx([-0.6, 0.1])
    assert s.label.tolist() == ["negative", "neutral"]
    assert s.confidence.tolist() == pytest.approx([0.7, 0.5])


# --- self-training ----------------------------------------------------------------------


def test_selftraining_labels_comments_the_lexicon_cannot():
    corpus = SentimentStage(anchors=False).run(_seeded_corpus())
    labels = corpus.comments[S.SENTIMENT_LABEL].tolist()
    assert labels[:12] == ["negative"] * 12
    assert labels[12:24] == ["positive"] * 12
    assert labels[24:36] == ["neutral"] * 12
    # The two texts without any lexicon word follow their neighbours in embedding space.
    assert labels[36:] == ["negative", "positive"]
    # Both hidden texts have no sentiment word, so the lexicon seeds them as neutral: the
    # head overrules those two noisy seeds because their neighbours disagree.
    assert corpus.info["sentiment"]["seeds"] == {"negative": 12, "neutral": 14, "positive": 12}
    assert "fallback" not in corpus.info["sentiment"]


def test_lexicon_alone_misses_the_hidden_comments():
    # The same two texts the self-trained head gets right are neutral to the lexicon.
    assert LexiconBackend().score([HIDDEN_NEGATIVE, HIDDEN_POSITIVE]).label.tolist() == ["neutral", "neutral"]


def test_selftraining_is_deterministic_and_in_range():
    a = SentimentStage(anchors=False).run(_seeded_corpus()).comments
    b = SentimentStage(anchors=False).run(_seeded_corpus()).comments
    pd.testing.assert_frame_equal(a, b)
    assert a[S.SENTIMENT].between(-1, 1).all()
    assert a[S.SENTIMENT_CONFIDENCE].between(0, 1).all()
    # The sign of the score agrees with the label for polar labels.
    assert (a.loc[a[S.SENTIMENT_LABEL] == "negative", S.SENTIMENT] < 0).all()
    assert (a.loc[a[S.SENTIMENT_LABEL] == "positive", S.SENTIMENT] > 0).all()


def test_selftraining_backend_directly():
    corpus = _seeded_corpus()
    texts, vectors = corpus.comments[S.TEXT].tolist(), corpus.embeddings
    backend = SelfTrainingBackend(min_seeds=100)
    labels = backend.score(texts, vectors).label.tolist()
    # 38 seeds < 100: the lexicon decides, so the hidden texts stay neutral.
    assert backend.info_["fallback"] == "lexicon: 38 confident comments < min_seeds=100"
    assert labels[36:] == ["neutral", "neutral"]
    # A seeded sample of 30 seeds still separates the three directions.
    sampled = SelfTrainingBackend(max_seeds=30)
    assert sampled.score(texts, vectors).label.tolist()[:36] == ["negative"] * 12 + ["positive"] * 12 + ["neutral"] * 12
    assert sampled.info_["seeds_used"] == 30
    with pytest.raises(ConfigError, match="Anchor embeddings have 2 dimensions but the comments' have 3"):
        SelfTrainingBackend(anchor_embeddings=np.ones((3, 2)), anchor_labels=["negative"] * 3).score(texts, vectors)


class AnchorEmbedder:
    """Puts each anchor sentence on its class direction; anything else on the neutral one."""

    name = "fake-anchor-embedder"

    def encode(self, texts):
        lookup = {t: v for label, v in (("negative", NEG_V), ("neutral", NEU_V), ("positive", POS_V)) for t in ANCHORS[label]}
        return np.vstack([lookup.get(t, NEU_V) for t in texts]).astype(np.float32)


def test_anchors_give_every_class_examples(tmp_path, monkeypatch):
    monkeypatch.setenv("INSIGHTS_CACHE_DIR", str(tmp_path))
    # Only negative seeds in the comments: without anchors, nothing to contrast them with.
    texts = NEGATIVE * 3 + ["nice"]  # "nice" is mildly positive to VADER: no seed
    vectors = np.vstack([np.tile(NEG_V, (36, 1)), POS_V[None, :]])
    without = SentimentStage(anchors=False).run(_corpus(texts, vectors))
    assert without.info["sentiment"]["fallback"].startswith("lexicon: every confident comment is negative")
    with_anchors = SentimentStage(embedder=AnchorEmbedder()).run(_corpus(texts, vectors))
    assert with_anchors.info["sentiment"]["anchors"] == sum(len(v) for v in ANCHORS.values())
    assert with_anchors.comments[S.SENTIMENT_LABEL].tolist()[-1] == "positive"


def test_anchors_skipped_when_the_embedding_model_is_unknown():
    corpus = _seeded_corpus()
    corpus.info["embedding_model"] = "st:someone-elses-model"
    out = SentimentStage().run(corpus)
    assert out.info["sentiment"]["anchors"].startswith("skipped")
    assert out.comments[S.SENTIMENT_LABEL].tolist()[36:] == ["negative", "positive"]


# --- tiny inputs, dropped rows, missing embeddings ---------------------------------------


@pytest.mark.parametrize("n", [0, 1, 3, 10])
def test_tiny_inputs_fall_back_to_the_lexicon(n):
    texts = (["I love this!", "still waiting for 2 hours", "where is the menu?"] * 4)[:n]
    vectors = np.tile(NEU_V, (n, 1)) if n else np.zeros((0, 3), dtype=np.float32)
    out = SentimentStage().run(_corpus(texts, vectors))
    frame = out.comments
    assert len(frame) == n
    assert list(frame.columns[-3:]) == [S.SENTIMENT, S.SENTIMENT_LABEL, S.SENTIMENT_CONFIDENCE]
    assert frame[S.SENTIMENT].between(-1, 1).all()
    expected = (["positive", "negative", "neutral"] * 4)[:n]
    assert frame[S.SENTIMENT_LABEL].tolist() == expected
    if n:
        assert "min_seeds=30" in out.info["sentiment"]["fallback"]


def test_dropped_rows_get_zero_and_empty_label():
    texts = ["I love this!", "", "still waiting for 2 hours"]
    vectors = np.vstack([NEU_V, np.zeros(3, dtype=np.float32), NEU_V])
    frame = SentimentStage().run(_corpus(texts, vectors, kept=[True, False, True])).comments
    assert frame[S.SENTIMENT_LABEL].tolist() == ["positive", "", "negative"]
    assert frame.loc[1, S.SENTIMENT] == 0.0 and frame.loc[1, S.SENTIMENT_CONFIDENCE] == 0.0


def test_no_embeddings_falls_back_to_the_lexicon():
    corpus = _seeded_corpus()
    corpus.embeddings = None
    out = SentimentStage().run(corpus)
    assert out.info["sentiment"]["fallback"].startswith("lexicon: no embeddings")
    assert out.comments[S.SENTIMENT_LABEL].tolist()[:1] == ["negative"]


def test_all_dropped():
    frame = SentimentStage().run(_corpus(["a", "b"], np.zeros((2, 3), np.float32), kept=[False, False])).comments
    assert frame[S.SENTIMENT].tolist() == [0.0, 0.0]
    assert frame[S.SENTIMENT_LABEL].tolist() == ["", ""]


# --- backends by name, config, errors ------------------------------------------------------


def test_make_backend_names_and_errors(tmp_path):
    assert make_backend("auto").name == "selftrain"
    assert make_backend("lexicon").name == "lexicon"
    with pytest.raises(ConfigError, match="Unknown sentiment model 'bert'. Valid names: auto, selftrain, lexicon, vader."):
        make_backend("bert")
    missing = tmp_path / "no-such-model"
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        SentimentStage(model=str(missing)).run(_corpus(["hello there"], np.ones((1, 3), np.float32)))


def test_config_accepts_stage_options():
    config = Config().set("sentiment", model="vader", min_seeds=50, anchors=False)
    stage = config.build("sentiment")
    assert (stage.model, stage.min_seeds, stage.anchors) == ("vader", 50, False)
    with pytest.raises(ConfigError, match="min_seeds"):
        SentimentStage(min_seeds=1).run(_corpus(["x"], None))


def test_custom_backend_object():
    class Always:
        name = "always-positive"

        def score(self, texts, embeddings=None):
            return SentimentScores.from_proba(np.tile([0.0, 0.2, 0.8], (len(texts), 1)))

    out = SentimentStage(backend=Always()).run(_corpus(["a", "b"], None))
    assert out.comments[S.SENTIMENT].tolist() == pytest.approx([0.8, 0.8])
    assert out.info["sentiment"]["model"] == "always-positive"


# --- transformers backend ------------------------------------------------------------------


@pytest.mark.parametrize(
    "label, n, polarity",
    [("NEGATIVE", 2, -1.0), ("Neutral", 3, 0.0), ("positive", 3, 1.0), ("1 star", 5, -1.0),
     ("4 stars", 5, 0.5), ("LABEL_0", 2, -1.0), ("LABEL_1", 2, 1.0), ("LABEL_2", 3, 1.0)],
)
def test_label_polarity(label, n, polarity):
    assert label_polarity(label, n) == polarity


def test_label_polarity_unknown():
    with pytest.raises(ConfigError, match="Cannot tell whether"):
        label_polarity("joy", 6)


def test_transformers_backend_with_a_fake_pipeline(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    calls = []

    def factory(path, device, batch_size):
        calls.append(path)

        def pipe(texts, top_k=None, truncation=True):
            # Negative 0.8 / positive 0.2 for the first text, a 5-star model for the second.
            return [
                [{"label": "NEGATIVE", "score": 0.8}, {"label": "POSITIVE", "score": 0.2}],
                [{"label": "5 stars", "score": 0.6}, {"label": "3 stars", "score": 0.4}],
            ][: len(texts)]

        return pipe

    result = TransformersBackend(str(tmp_path), pipeline_factory=factory).score(["bad", "good"])
    assert calls == [str(tmp_path)]
    # 1st: P = (0.8, 0, 0.2) -> score -0.6. 2nd: P = (0, 0.4, 0.6) -> score 0.6.
    assert result.score.tolist() == pytest.approx([-0.6, 0.6])
    assert result.label.tolist() == ["negative", "positive"]


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory):
    transformers = pytest.importorskip("transformers")
    torch = pytest.importorskip("torch")
    path = tmp_path_factory.mktemp("tiny-sentiment")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "good", "bad", "the", "food", "is"]
    (path / "vocab.txt").write_text("\n".join(vocab) + "\n")
    tokenizer = transformers.BertTokenizer(str(path / "vocab.txt"))
    torch.manual_seed(0)
    config = transformers.BertConfig(
        vocab_size=len(vocab), hidden_size=8, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=16, max_position_embeddings=32, num_labels=3,
        id2label={0: "negative", 1: "neutral", 2: "positive"},
        label2id={"negative": 0, "neutral": 1, "positive": 2},
    )
    transformers.BertForSequenceClassification(config).save_pretrained(str(path))
    tokenizer.save_pretrained(str(path))
    return path


def test_transformers_backend_with_a_tiny_local_model(tiny_model_dir):
    frame = SentimentStage(model=str(tiny_model_dir)).run(
        _corpus(["the food is good", "the food is bad", "good"], None)
    ).comments
    assert frame[S.SENTIMENT].between(-1, 1).all()
    assert set(frame[S.SENTIMENT_LABEL]) <= set(S.SENTIMENT_LABELS)
    again = SentimentStage(model=str(tiny_model_dir)).run(
        _corpus(["the food is good", "the food is bad", "good"], None)
    ).comments
    assert frame[S.SENTIMENT].tolist() == pytest.approx(again[S.SENTIMENT].tolist())


# --- net sentiment --------------------------------------------------------------------------


def test_net_sentiment_known_counts():
    result = net_sentiment(["positive"] * 6 + ["negative"] * 2 + ["neutral"] * 2)
    assert (result["n"], result["positive"], result["negative"], result["neutral"]) == (10, 6, 2, 2)
    assert result["net"] == pytest.approx(0.4)
    # By hand: one pseudo-comment each side -> p+ = 7/12, p- = 3/12, centre = 1/3,
    # var = (10/12 - 1/9) / 12 = 0.0601852, se = 0.245327, z = 1.959964.
    assert result["low"] == pytest.approx(1 / 3 - 1.959964 * 0.245327, abs=1e-5)
    assert result["high"] == pytest.approx(1 / 3 + 1.959964 * 0.245327, abs=1e-5)


def test_net_sentiment_edges():
    empty = net_sentiment([])
    assert empty["n"] == 0 and math.isnan(empty["net"]) and math.isnan(empty["low"])
    one = net_sentiment(["positive"])
    assert one["net"] == 1.0 and one["high"] == 1.0 and -1.0 <= one["low"] < 1.0
    all_neg = net_sentiment(["negative"] * 200)
    assert all_neg["net"] == -1.0 and all_neg["low"] == -1.0 and all_neg["high"] < -0.95
    # Scores: >= 0.05 positive, <= -0.05 negative; NaN and "" are skipped.
    scores = net_sentiment([0.5, -0.5, 0.0, 0.04, float("nan")])
    assert (scores["n"], scores["net"]) == (4, 0.0)
    assert net_sentiment(["positive", "", None, "Negative"])["n"] == 2
    with pytest.raises(ConfigError, match="Unknown sentiment label 'happy'"):
        net_sentiment(["happy"])
    narrow, wide = net_sentiment(["positive"] * 5 + ["negative"] * 5, 0.5), net_sentiment(["positive"] * 5 + ["negative"] * 5, 0.99)
    assert wide["low"] < narrow["low"] < 0 < narrow["high"] < wide["high"]


def test_sentiment_by_topic_group_and_week():
    frame = pd.DataFrame(
        {
            S.TOPIC_ID: [0, 0, 0, 1, 1, 1],
            S.GROUP: ["a", "b", "a", "b", "b", "a"],
            S.KEPT: [True, True, True, True, True, False],
            S.SENTIMENT_LABEL: ["positive", "positive", "negative", "negative", "neutral", ""],
            S.SENTIMENT: [0.9, 0.8, -0.7, -0.6, 0.0, 0.0],
            S.TIMESTAMP: pd.to_datetime(
                ["2024-01-01", "2024-01-02", "2024-01-09", "2024-01-09", "2024-01-10", "2024-01-10"], utc=True
            ),
        }
    )
    by_topic = sentiment_by(frame, S.TOPIC_ID)
    assert by_topic[S.TOPIC_ID].tolist() == [0, 1]
    assert by_topic["net"].tolist() == pytest.approx([1 / 3, -0.5])
    assert by_topic["n"].tolist() == [3, 2]  # the dropped row is not counted
    by_group = sentiment_by(frame, S.GROUP, column=S.SENTIMENT)
    assert by_group[S.GROUP].tolist() == ["a", "b"] and by_group["n"].tolist() == [2, 3]
    weekly = sentiment_by(frame, pd.Grouper(key=S.TIMESTAMP, freq="W-SUN"))
    assert weekly["n"].tolist() == [2, 3]
    assert weekly["net"].tolist() == pytest.approx([1.0, -2 / 3])  # week 2: two negative, one neutral
    both = sentiment_by(frame, [S.TOPIC_ID, S.GROUP])
    assert list(both.columns[:2]) == [S.TOPIC_ID, S.GROUP] and len(both) == 3
    with pytest.raises(ConfigError, match="Cannot group sentiment by 'nope'"):
        sentiment_by(frame, "nope")


def test_net_sentiment_interval_always_holds_the_net():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500))
    def check(pos, neg, neu):
        r = net_sentiment(["positive"] * pos + ["negative"] * neg + ["neutral"] * neu)
        if pos + neg + neu == 0:
            assert math.isnan(r["net"])
            return
        assert -1.0 <= r["low"] <= r["net"] <= r["high"] <= 1.0
        assert r["net"] == pytest.approx((pos - neg) / (pos + neg + neu))

    check()


@pytest.mark.slow
def test_real_minilm_self_training_on_hand_written_comments(tmp_path, monkeypatch):
    """The issue's example, scored with real MiniLM embeddings and the real anchors."""
    from insights.embed import SentenceTransformerEmbedder, embed_texts

    complaints = [f"my order {i} is late and nobody answers my emails, this is unacceptable" for i in range(10)]
    praise = [f"thank you so much, the update {i} is fantastic!" for i in range(10)]
    questions = [f"what time does the store on street {i} open?" for i in range(10)]
    probe = ["3 hours on the tarmac and the crew says nothing", "our seats were upgraded for free, lovely crew"]
    texts = complaints + praise + questions + probe
    embedder = SentenceTransformerEmbedder()
    corpus = _corpus(texts, embed_texts(texts, embedder))
    corpus.info["embedding_model"] = embedder.name
    out = SentimentStage().run(corpus)
    assert out.info["sentiment"]["anchors"] == sum(len(v) for v in ANCHORS.values())
    labels = out.comments[S.SENTIMENT_LABEL].tolist()
    assert labels[:10] == ["negative"] * 10 and labels[10:20] == ["positive"] * 10
    assert labels[-2:] == ["negative", "positive"]
