"""Grouping requests and complaints (insights/intents/group.py) on hand-made phrases and vectors."""

from __future__ import annotations

import numpy as np
import pytest

from insights.intents.group import (
    ALIKE_MARGIN,
    FULL_PHRASE_SIMILARITY,
    canonical_phrase,
    cluster_phrases,
    combine_phrase_and_comment,
    phrase_vectors,
    phrase_words,
    without_numbers,
)


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("3.1 crashes on login on s21", "crashes on login on s21"),  # a version; "s21" is a name
        ("3.0 crashed", "crashed"),
        ("$129 for a desk lamp", "for a desk lamp"),
        ("waited 3 hours", "waited hours"),
        ("2nd flight cancelled", "flight cancelled"),
        ("mp3 export", "mp3 export"),
        ("42", "42"),  # nothing left: the phrase stays
    ],
)
def test_numbers_are_left_out_of_the_phrase(phrase, expected):
    assert without_numbers(phrase) == expected


class RecordingEmbedder:
    """One-hot vectors by first word; remembers what it was asked to embed."""

    name = "recording"

    def __init__(self):
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen.extend(texts)
        vocab = ["crashed", "crashes", "battery", "dark"]
        out = np.zeros((len(texts), 4), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, vocab.index(t.split()[0])] = 1.0
        return out


def test_phrase_vectors_embed_phrases_without_their_numbers(monkeypatch, tmp_path):
    monkeypatch.setenv("INSIGHTS_CACHE_DIR", str(tmp_path))  # keep fake vectors out of the real cache
    embedder = RecordingEmbedder()
    vectors = phrase_vectors(["3.0 crashed", "crashes on 3.1"], embedder)
    assert embedder.seen == ["crashed", "crashes on"]
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_phrase_counts_fully_only_when_it_says_what_its_comment_says():
    phrase = np.array([[1.0, 0.0], [1.0, 0.0]], dtype=np.float32)
    # Row 0: the comment is nearly its phrase (a one-liner); row 1: a long review about more.
    near = np.array([FULL_PHRASE_SIMILARITY + 0.05, 0.0])
    near[1] = np.sqrt(1 - near[0] ** 2)
    comment = np.array([near, [0.0, 1.0]], dtype=np.float32)
    combined = combine_phrase_and_comment(phrase, comment, phrase_weight=0.5)
    assert combined[0] == pytest.approx(phrase[0] + comment[0])  # weight 1
    assert combined[1] == pytest.approx(0.5 * phrase[1] + comment[1])  # weight 0.5


def test_comments_all_alike_leave_the_phrase_full_weight():
    # Four phrases on two axes; their comments all point nearly the same way (a static model's
    # "@airline my flight ..." tweets): the comment part would merge everything.
    phrase = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0]], dtype=np.float32)
    comment = np.tile(np.array([[0.2, 0.2, 0.96]], dtype=np.float32), (4, 1))
    alike = np.square(comment.mean(axis=0)).sum() - np.square(phrase.mean(axis=0)).sum()
    assert alike > ALIKE_MARGIN  # 1.0 vs 0.5 mean pairwise cosine
    combined = combine_phrase_and_comment(phrase, comment, phrase_weight=0.5)
    assert combined == pytest.approx(phrase + comment)


def test_canonical_phrase_is_the_one_sharing_most_words_with_the_group():
    # Said once each: "waiting for sale" carries an outlier's word; "waiting" is what all share.
    group = ["waiting for order", "waiting on mine", "waiting for sale", "waiting"]
    assert canonical_phrase(group) == "waiting"
    # Repetition counts: the phrase most members used wins over a shorter near-synonym.
    assert canonical_phrase(["login crash", "app crashes on login", "app crashes on login", "crash"]) == (
        "app crashes on login"
    )
    # Inflections are one word: "crashes" / "crashing" / "crash".
    assert phrase_words("app crashing on login") == phrase_words("app crashes on login")


def test_canonical_phrase_ties_go_to_the_centroid_then_the_shortest():
    vectors = np.array([[1, 0], [0.8, 0.6], [0.6, 0.8]], dtype=np.float32)
    # No shared words: every phrase scores 1; "dark theme" is nearest the centroid.
    assert canonical_phrase(["night mode", "dark theme", "black ui"], vectors) == "dark theme"
    assert canonical_phrase(["night mode", "dark theme", "black"]) == "black"
    assert canonical_phrase(["only"]) == "only"
    # Same words once numbers are set aside: the phrase said more often wins before the centroid.
    assert canonical_phrase(["8 delayed", "delayed", "delayed"], vectors) == "delayed"


def test_cluster_phrases_small_inputs_and_order():
    assert cluster_phrases(np.zeros((0, 2), dtype=np.float32)).tolist() == []
    assert cluster_phrases(np.array([[1, 0]], dtype=np.float32)).tolist() == [0]
    vecs = np.array([[0, 1], [1, 0], [0.99, 0.14]], dtype=np.float32)
    assert cluster_phrases(vecs, threshold=0.8).tolist() == [0, 1, 1]  # numbered by first appearance


@pytest.mark.slow
def test_minilm_groups_version_complaints_with_their_problem_not_their_version():
    from insights.embed import SentenceTransformerEmbedder, embed_texts

    embedder = SentenceTransformerEmbedder()
    comments = [
        "app crashes on login since the update",
        "3.0 crashed 4 times in 10 minutes. roll it back please",
        "3.1 still crashes on login on my s21. not fixed",
        "3.1 didn't fix the battery drain for me",
        "the app drains my battery overnight",
    ]
    phrases = ["app crashes on login", "3.0 crashed", "3.1 crashes on login on s21", "3.1 not fixing battery drain", "app drains battery"]
    vectors = phrase_vectors(phrases, embedder, embed_texts(comments, embedder))
    labels = cluster_phrases(vectors, 0.45).tolist()
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4] != labels[0]
