"""The word mixture that refines k-means topics: words decide where vectors cannot."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.sparse import csr_matrix
from sklearn.cluster import KMeans
from sklearn.metrics import homogeneity_score

from insights import schema as S
from insights.corpus import Corpus
from insights.topics import TopicStage
from insights.topics.mixture import WordMixture, vmf_kappa
from insights.topics.model import AutoKMeans


def overlapping(seed: int = 0):
    """Three subjects of 60 comments. Subjects 0 and 1 share one direction in vector space
    (their vectors alone cannot tell them apart); each subject has four words of its own,
    of which a comment uses two, plus one of two words every subject uses."""
    rng = np.random.RandomState(seed)
    truth = np.repeat([0, 1, 2], 60)
    direction = np.array([[1.0, 0, 0, 0], [1.0, 0, 0, 0], [0, 1.0, 0, 0]])
    Z = direction[truth] + 0.35 * rng.randn(len(truth), 4)
    Z /= np.linalg.norm(Z, axis=1, keepdims=True)
    words = np.zeros((len(truth), 14))
    for i, g in enumerate(truth):
        words[i, 4 * g + rng.choice(4, 2, replace=False)] = 1
        words[i, 12 + rng.randint(2)] = 1
    return Z, csr_matrix(words), truth


def test_words_sort_comments_that_vectors_cannot():
    Z, words, truth = overlapping()
    start = KMeans(3, n_init=3, random_state=0).fit_predict(Z)
    assert homogeneity_score(truth, start) < 0.8  # k-means alone mixes subjects 0 and 1
    mixture = WordMixture().fit(Z, words, start)
    assert homogeneity_score(truth, mixture.labels_) == pytest.approx(1.0)
    assert mixture.n_iter_ < mixture.max_iter  # it converged: no comment moved in the last step
    # Later comments are placed by the same rule, one row at a time.
    assert mixture.predict(Z, words).tolist() == mixture.labels_.tolist()
    assert [int(mixture.predict(Z[i : i + 1], words[i : i + 1])[0]) for i in (0, 70, 150)] == mixture.labels_[[0, 70, 150]].tolist()


def test_a_topic_that_em_shrinks_below_the_minimum_is_removed_with_its_parameters():
    Z, words, truth = overlapping()
    # A fourth starting topic of two comments of subject 2: EM pulls them back to subject 2.
    start = truth.copy()
    start[[150, 151]] = 3
    mixture = WordMixture(min_size=5).fit(Z, words, start)
    assert len(mixture.means_) == len(mixture.log_prior_) == mixture.log_words_.shape[0] == 3
    assert sorted(set(mixture.labels_.tolist())) == [0, 1, 2]
    assert mixture.predict(Z, words).tolist() == mixture.labels_.tolist()


def test_permute_renumbers_every_parameter():
    Z, words, truth = overlapping()
    mixture = WordMixture().fit(Z, words, truth)
    before = mixture.predict(Z, words)
    mixture.permute(np.array([2, 0, 1]))
    assert mixture.predict(Z, words).tolist() == [[1, 2, 0][t] for t in before]


def test_kappa_grows_as_vectors_gather():
    assert vmf_kappa(0.1, 60) < vmf_kappa(0.5, 60) < vmf_kappa(0.9, 60)
    Z, words, truth = overlapping()
    loose = WordMixture().fit(Z, words, truth).kappa_
    tight = WordMixture().fit(np.vstack([Z[:1]] * len(Z)) + 0.01 * Z, words, truth).kappa_
    assert tight > loose


def test_auto_kmeans_refines_with_words_and_keeps_its_ids_by_size():
    Z, words, truth = overlapping()
    plain = AutoKMeans(n_clusters=3, random_state=0).fit(Z)
    refined = AutoKMeans(n_clusters=3, random_state=0, words=words).fit(Z)
    assert plain.mixture_ is None and refined.mixture_ is not None
    assert homogeneity_score(truth, refined.labels_) > homogeneity_score(truth, plain.labels_)
    # The mixture scores topics by the ids labels_ gives them (0 = largest).
    assert refined.mixture_.predict(Z, words).tolist() == refined.labels_.tolist()


def _stage_corpus():
    Z, words, truth = overlapping()
    vocab = ["bag", "luggage", "suitcase", "carousel", "refund", "money", "charged", "credit",
             "seat", "legroom", "aisle", "window", "flight", "trip"]
    texts = [" ".join(vocab[j] for j in np.flatnonzero(row)) + " comment" for row in words.toarray()]
    frame = pd.DataFrame({S.COMMENT_ID: [str(i) for i in range(len(texts))], S.TEXT: texts,
                          S.CLEAN_TEXT: texts, S.KEPT: True})
    return Corpus(comments=frame, embeddings=Z.astype(np.float32), info={"embedding_model": "fake"}), truth


@pytest.mark.parametrize("mixture", [True, False])
def test_the_stage_option_turns_the_mixture_on_and_off(mixture):
    corpus, _ = _stage_corpus()
    stage = TopicStage(n_topics=3, word_mixture=mixture, word_weight=0)
    out = stage.run(corpus)
    ids = out.comments[S.TOPIC_ID].to_numpy()
    model = stage.fit_corpus(_stage_corpus()[0])
    assert (model.mixture is not None) is mixture
    assert ("word_mixture" in out.info["topics"]) is mixture
    # Fitted or assigned afterwards, a comment lands in the same topic.
    texts = corpus.comments[S.CLEAN_TEXT].tolist()
    assert model.assign(texts, corpus.embeddings).tolist() == ids.tolist()
