import numpy as np
import pytest

from insights.embed import EmbeddingCache, StaticEmbedder, embed_texts, make_embedder
from insights.errors import ConfigError


class CountingEmbedder:
    name = "test:counting"

    def __init__(self):
        self.calls = []

    def encode(self, texts):
        self.calls.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_duplicates_are_embedded_once_and_cached(tmp_path):
    emb = CountingEmbedder()
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    out = embed_texts(["a", "bb", "a"], emb, cache=cache)
    assert out.shape == (3, 2)
    assert emb.calls == [["a", "bb"]]
    np.testing.assert_array_equal(out[0], out[2])
    again = embed_texts(["bb", "a"], emb, cache=cache)
    assert emb.calls == [["a", "bb"]]  # second run: nothing recomputed
    np.testing.assert_array_equal(again[0], out[1])


def test_unknown_backend_lists_names():
    with pytest.raises(ConfigError, match="Valid names: minilm, static"):
        make_embedder("word2vec")


def test_static_embedder_is_named_for_its_cache():
    assert StaticEmbedder().name == "static:minilm-distilled-256"


@pytest.mark.slow
def test_minilm_embeds_offline():
    vec = make_embedder("minilm").encode(["my bag was lost", "luggage missing", "great crew"])
    assert vec.shape == (3, 384)
    assert vec[0] @ vec[1] > vec[0] @ vec[2]
