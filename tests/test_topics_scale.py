"""Topics at scale: fit on a seeded sample (max_fit), place every comment with TopicModel.assign.

Three subjects (luggage, delays, refunds) of 160, 130 and 110 comments get embeddings near
three orthogonal directions and words of their own, so any sound clustering keeps them
apart: every topic must hold comments of one subject only, whether it was fitted on all
400 comments or on a sample of 200 and the rest assigned.
"""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import homogeneity_score

from insights import schema as S
from insights.corpus import Corpus
from insights.errors import ConfigError
from insights.topics import TopicStage
from insights.topics.fitted import TopicModel, fit_sample

WORDS = {
    0: ["bag", "luggage", "suitcase", "lost", "baggage", "claim", "carousel"],
    1: ["delayed", "delay", "late", "gate", "hours", "waiting", "departure"],
    2: ["refund", "money", "ticket", "charged", "paid", "credit", "back"],
}
SIZES = {0: 160, 1: 130, 2: 110}
DIM = 8


def big_corpus(seed: int = 0) -> tuple[Corpus, list[int]]:
    rng = np.random.RandomState(seed)
    truth = [g for g, size in SIZES.items() for _ in range(size)]
    rng.shuffle(truth)
    shared = ["flight", "airline", "service", "trip", "airport"]
    texts = [f"my {' '.join(rng.choice(WORDS[g], 4, replace=False))} {rng.choice(shared)} {i}"
             for i, g in enumerate(truth)]
    emb = np.eye(DIM)[truth] + 0.1 * rng.randn(len(truth), DIM)
    emb = (emb / np.linalg.norm(emb, axis=1, keepdims=True)).astype(np.float32)
    frame = pd.DataFrame({S.COMMENT_ID: [str(i) for i in range(len(texts))], S.TEXT: texts,
                          S.CLEAN_TEXT: texts, S.KEPT: True})
    return Corpus(comments=frame, embeddings=emb, info={"embedding_model": "fake"}), truth


@pytest.fixture(scope="module")
def sampled():
    corpus, truth = big_corpus()
    stage = TopicStage(max_fit=200)
    return stage, stage.run(corpus), truth


def test_sampled_fit_places_every_comment_by_subject(sampled):
    _, out, truth = sampled
    ids = out.comments[S.TOPIC_ID].to_numpy()
    assert (ids >= 0).all()
    assert homogeneity_score(truth, ids) == pytest.approx(1.0)
    info = out.info["topics"]
    assert info["n_fit"] == 200 and info["max_fit"] == 200 and "sample" in info["fitted_on"]
    # Sizes and shares count every comment, not only the fitted sample.
    assert out.topics["size"].sum() == 400
    assert out.topics["size"].tolist() == sorted(out.topics["size"].tolist(), reverse=True)
    assert out.topics["topic_id"].tolist() == list(range(len(out.topics)))
    assert all(label for label in out.topics["label"])


@pytest.fixture(scope="module")
def model(sampled):
    stage, _, _ = sampled
    return stage.fit_corpus(big_corpus()[0])


def test_below_max_fit_the_model_sees_every_comment():
    corpus, truth = big_corpus()
    out = TopicStage().run(corpus)
    assert "n_fit" not in out.info["topics"] and "max_fit" not in out.info["topics"]
    assert homogeneity_score(truth, out.comments[S.TOPIC_ID]) == pytest.approx(1.0)


def test_assign_is_per_row_and_the_model_pickles(model):
    corpus, _ = big_corpus()
    texts = corpus.comments[S.CLEAN_TEXT].tolist()
    whole = model.assign(texts, corpus.embeddings)
    again = pickle.loads(pickle.dumps(model))
    assert isinstance(again, TopicModel)
    assert again.assign(texts, corpus.embeddings).tolist() == whole.tolist()
    # Alone, in odd-sized blocks, or in reverse order: the same row gets the same topic.
    assert model.assign(texts, corpus.embeddings, batch_size=1).tolist() == whole.tolist()
    assert model.assign(texts, corpus.embeddings, batch_size=37).tolist() == whole.tolist()
    assert model.assign(texts[::-1], corpus.embeddings[::-1]).tolist() == whole[::-1].tolist()


def test_run_with_an_outside_assign_equals_the_local_run(sampled):
    stage, local, _ = sampled
    corpus, _ = big_corpus()
    calls = []

    def in_partitions(model, texts, embeddings):
        # What a Dask engine does: assign partitions on their own, concatenate in order.
        calls.append(len(texts))
        parts = [model.assign(texts[i : i + 64], embeddings[i : i + 64]) for i in range(0, len(texts), 64)]
        return np.concatenate(parts)

    out = stage.run(corpus, assign=in_partitions)
    assert calls == [400]
    assert out.comments.to_csv() == local.comments.to_csv()
    assert out.topics.to_csv() == local.topics.to_csv()


def test_fit_then_finish_equals_run_byte_for_byte(sampled, model):
    # A second, separate fit: also the determinism check of the sampled path.
    stage, local, _ = sampled
    corpus, _ = big_corpus()
    ids = model.assign(corpus.comments[S.CLEAN_TEXT].tolist(), corpus.embeddings)
    out = stage.finish(corpus, model, ids)
    assert out.comments.to_csv() == local.comments.to_csv()
    assert out.topics.to_csv() == local.topics.to_csv()
    with pytest.raises(ConfigError, match="400 kept comments"):
        stage.finish(big_corpus()[0], model, ids[:10])


def test_the_sample_is_seeded_and_sorted():
    a, b = fit_sample(1000, 100, 42), fit_sample(1000, 100, 42)
    assert a.tolist() == b.tolist() and a.tolist() == sorted(set(a.tolist())) and len(a) == 100
    assert fit_sample(1000, 100, 7).tolist() != a.tolist()
    assert fit_sample(50, 100, 42).tolist() == list(range(50))


def test_taxonomy_at_scale_still_places_everyone():
    corpus, truth = big_corpus()

    class Names:
        name = "fake-scale-test"

        def encode(self, texts):
            axes = {"luggage": 0, "delays": 1, "refunds": 2}
            return np.eye(DIM, dtype=np.float32)[[axes[t.lower()] for t in texts]]

    out = TopicStage(taxonomy=["Luggage", "Delays", "Refunds"], max_fit=200, embedder=Names()).run(corpus)
    names = {0: "Luggage", 1: "Delays", 2: "Refunds"}
    assert out.comments[S.TOPIC_LABEL].tolist() == [names[g] for g in truth]


@pytest.mark.parametrize("value", [0, 199, 2.5, True, None])
def test_max_fit_must_be_a_real_sample_size(value):
    with pytest.raises(ConfigError, match="max_fit"):
        TopicStage(max_fit=value).run(big_corpus()[0])


def test_empty_model_assigns_nothing():
    model = TopicModel(centers=np.zeros((0, 2)))
    assert model.assign(["a"], np.ones((1, 2))).tolist() == [-1]
    assert model.assign([], np.zeros((0, 2))).tolist() == []
