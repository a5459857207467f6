"""Memory-bounded paths of the intents stage give the numbers of the plain ones."""

import numpy as np
import pytest

from insights.intents import group
from insights.intents.group import combine_phrase_and_comment, phrase_vectors


class HashEmbedder:
    """Deterministic 8-d vectors from the characters of a phrase."""

    name = "hash"

    def encode(self, texts, **_):
        out = np.zeros((len(texts), 8), dtype=np.float32)
        for i, t in enumerate(texts):
            for j, ch in enumerate(t):
                out[i, (ord(ch) + j) % 8] += 1.0
        return out


def _plain(phrases, context, weight):
    from insights.embed import embed_texts

    vectors = embed_texts([group.without_numbers(p) for p in phrases], HashEmbedder()).astype(np.float32)
    combined = combine_phrase_and_comment(vectors, context.astype(np.float32), weight)
    return combined / np.linalg.norm(combined, axis=1, keepdims=True)


@pytest.mark.parametrize("alike", [False, True])
def test_phrase_vectors_in_blocks_equal_the_whole_matrix(monkeypatch, alike):
    rng = np.random.default_rng(0)
    phrases = [f"add {w} mode" for w in ("dark", "night", "light", "focus", "kid", "car", "dark", "x")] * 5
    whole = rng.normal(size=(100, 8)).astype(np.float32)
    if alike:  # comments far more alike than their phrases: the phrase counts fully
        whole = np.ones((100, 8), dtype=np.float32) + 0.01 * whole
    whole /= np.linalg.norm(whole, axis=1, keepdims=True)
    rows = np.sort(rng.choice(100, len(phrases), replace=False))
    expected = _plain(phrases, whole[rows], 0.5)
    # One block: the plain function's numbers exactly; several blocks, read from the whole matrix.
    np.testing.assert_array_equal(phrase_vectors(phrases, HashEmbedder(), whole[rows], 0.5), expected)
    monkeypatch.setattr(group, "_BLOCK", 7)
    blocked = phrase_vectors(phrases, HashEmbedder(), whole, 0.5, context_rows=rows)
    np.testing.assert_allclose(blocked, expected, rtol=1e-6, atol=1e-6)
    assert blocked.dtype == np.float32
