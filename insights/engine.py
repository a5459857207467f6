"""Where the per-comment work runs: in this process, in worker processes on this machine, or on a Dask cluster.

Stages split their work in two: a *fit* on the whole corpus or a sample of it
(duplicate search, the sentiment head, the topic model, request grouping), which
runs here, and a *per-comment* step (normalising, spam rules, language, embedding,
lexicon sentiment, intent scoring, topic assignment), a pure function of each row.
The per-comment steps go through :meth:`Engine.map`, which cuts the rows into
partitions and runs the function on each: on this machine (``engine="local"``, the
default: in this process for small inputs, in one worker process per core from
:data:`PARALLEL_MIN_ROWS` rows on) or in parallel on Dask workers (``engine="dask"``:
a local cluster with one worker per core, or the scheduler at ``scheduler=ADDRESS``).
A per-comment step never depends on which other rows share its partition, so every
engine and worker count gives the same result.

Example:
    >>> from insights.engine import Engine
    >>> Engine(partition_size=2).map(lambda xs: [x * 2 for x in xs], [1, 2, 3])
    [2, 4, 6]
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from insights.errors import ConfigError, invalid_parameter

#: Rows from which ``engine="local"`` with ``workers=None`` runs the per-comment work in one
#: process per core. Below it, starting the workers (a fresh interpreter each, ~1 s, plus
#: loading spaCy once per worker) costs about what the second core saves.
PARALLEL_MIN_ROWS = 20_000


def cores() -> int:
    """The cores this process may run on (the affinity mask in a container, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Engine:
    """Run per-comment functions over partitions of the rows.

    Args:
        engine: "local" runs partitions on this machine: in this process, or in
            ``workers`` worker processes; "dask" runs them in parallel on Dask workers
            (``pip install "insights[dask]"``).
        scheduler: with ``engine="dask"``, the address of a running scheduler
            (``tcp://10.0.0.5:8786``); None starts a local cluster on this machine.
        workers: worker processes. For "local": None for one per core from
            :data:`PARALLEL_MIN_ROWS` rows on (this process below), 1 for this process
            only, N for N processes at any size. For "dask" without a scheduler: the
            local cluster's workers, None for one per core.
        partition_size: at most this many rows per partition. Smaller partitions
            spread better over many workers; larger ones waste less on scheduling.

    The stages' results do not depend on ``engine`` or ``partition_size``: only the
    time a run takes and where it runs.
    """

    name = "engine"

    def __init__(
        self,
        engine: Literal["local", "dask"] = "local",
        scheduler: str | None = None,
        workers: int | None = None,
        partition_size: int = 20_000,
    ) -> None:
        self.engine = engine
        self.scheduler = scheduler
        self.workers = workers
        self.partition_size = partition_size
        # False: end the local worker processes when the next map is done (no later work needs
        # them; the pipeline sets it before its last stage that maps). They are started again
        # if another map comes.
        self.keep_workers = True

    def _validate(self) -> None:
        if self.engine not in ("local", "dask"):
            raise invalid_parameter("Engine", "engine", "one of 'local', 'dask'", self.engine)
        if isinstance(self.partition_size, bool) or not isinstance(self.partition_size, int) or self.partition_size < 1:
            raise invalid_parameter("Engine", "partition_size", "an int >= 1", self.partition_size)
        if self.workers is not None and (isinstance(self.workers, bool) or not isinstance(self.workers, int) or self.workers < 1):
            raise invalid_parameter("Engine", "workers", "an int >= 1 or None", self.workers)
        if self.scheduler is not None and self.engine != "dask":
            raise ConfigError(
                f"scheduler={self.scheduler!r} was given but engine is {self.engine!r}.",
                hint="Add engine='dask' (CLI: --engine dask) to use --scheduler.",
            )

    def start(self) -> None:
        """Check the options and, for Dask, connect now: a wrong address fails before any work."""
        self._validate()
        if self.distributed:
            self._client()

    @property
    def distributed(self) -> bool:
        return self.engine == "dask"

    def offloads(self, rows: int) -> bool:
        """Does the per-comment work over ``rows`` rows run in local worker processes, leaving
        this process mostly waiting (free to prepare a later stage meanwhile)? Dask runs are
        left out: a second thread mapping on the same client is not worth its risks."""
        return not self.distributed and self._local_workers(rows) > 1

    def describe(self) -> dict[str, Any]:
        """What run.json records about where the run ran."""
        out: dict[str, Any] = {"engine": self.engine, "partition_size": self.partition_size}
        if self.engine == "local" and getattr(self, "_pool_workers_", 1) > 1:
            out["workers"] = self._pool_workers_
        client = getattr(self, "_client_", None)
        if self.engine == "dask":
            out["scheduler"] = self.scheduler or "local cluster"
            if client is not None:
                out["workers"] = len(client.scheduler_info().get("workers", {}))
        return out

    # ------------------------------------------------------------------ map
    def map(self, fn: Callable[..., Any], *columns: Sequence[Any] | np.ndarray, **shared: Any) -> Any:
        """``fn(*partition_columns, **shared)`` on every partition, results joined in row order.

        Args:
            fn: a top-level (picklable) function of aligned row sequences returning a
                list, an array, a DataFrame, or a tuple of those, one entry per row.
            *columns: aligned sequences (lists, arrays, Series) with one item per row;
                None for an optional input, passed to every partition as None.
            **shared: objects every call needs (a fitted model, options); sent to each
                Dask worker once, and with every partition to local worker processes.

        Returns:
            The partitions' results concatenated the way their type concatenates.
        """
        self._validate()
        if not columns:
            raise ValueError("Engine.map needs at least one column of rows.")
        columns = tuple(c.tolist() if isinstance(c, pd.Series) else c for c in columns)
        given = [c for c in columns if c is not None]
        if not given:
            raise ValueError("Engine.map needs at least one column of rows that is not None.")
        n = len(given[0])
        if any(len(c) != n for c in given):
            raise ValueError("Engine.map: the columns must be aligned (the same length).")
        workers = self._local_workers(n)
        size = self.partition_size
        if workers > 1 and n > workers:
            # Equal partitions, a multiple of the workers, so no core waits for the last one.
            count = math.ceil(max(math.ceil(n / size), workers) / workers) * workers
            bounds = [(n * i // count, n * (i + 1) // count) for i in range(count)]
        else:
            bounds = [(s, min(s + size, n)) for s in range(0, n, size)] or [(0, 0)]
        # A None column (an optional input the caller does not have) reaches every partition as None.
        parts = [tuple(None if c is None else c[s:e] for c in columns) for s, e in bounds]
        if self.distributed:
            results = self._dask_map(fn, parts, shared)
        elif workers > 1:
            results = self._process_map(fn, parts, shared, workers)
        else:
            results = [fn(*(_gathered(c) for c in p), **shared) for p in parts]
        return _concat(results)

    def _process_map(self, fn: Callable[..., Any], parts: list[tuple], shared: dict[str, Any], workers: int) -> list[Any]:
        # One pool per engine, kept while later stages map (keep_workers): they reuse the workers and
        # what they loaded (spaCy, the compiled rules); close() ends it.
        # The worker count is the same for every map of a run (``workers`` or the cores).
        if getattr(self, "_pool_", None) is None:
            self._pool_, self._pool_workers_ = _new_pool(workers), workers
        futures = [self._pool_.submit(fn, *p, **shared) for p in parts]
        results = [f.result() for f in futures]
        if not self.keep_workers:
            # What the workers loaded and memoised (spaCy, rule and phrase memos: ~1 GB each at
            # a million comments) is freed before this process works on the results.
            self._end_pool()
        return results

    def _end_pool(self) -> None:
        pool = getattr(self, "_pool_", None)
        if pool is not None:
            pool.shutdown(wait=True)
            self._pool_ = None

    def _local_workers(self, rows: int) -> int:
        """Processes a local map of ``rows`` rows runs in (1: this process)."""
        if self.distributed:
            return 1
        if self.workers is not None:
            return self.workers
        return cores() if rows >= PARALLEL_MIN_ROWS else 1

    def _dask_map(self, fn: Callable[..., Any], parts: list[tuple], shared: dict[str, Any]) -> list[Any]:
        client = self._client()
        # Big shared objects (a fitted model) travel to each worker once, not with every task.
        scattered = {k: client.scatter(v, broadcast=True) if _is_big(v) else v for k, v in shared.items()}
        futures = [client.submit(fn, *p, **scattered, pure=False) for p in parts]
        return client.gather(futures)

    def _client(self) -> Any:
        client = getattr(self, "_client_", None)
        if client is not None:
            return client
        try:
            from distributed import Client, LocalCluster
        except ImportError as err:
            raise ConfigError(
                "engine='dask' needs Dask's distributed scheduler, which is not installed.",
                hint='pip install "insights[dask]"  (or: pip install "dask[distributed]")',
            ) from err
        if self.scheduler:
            try:
                client = Client(self.scheduler, timeout="20s")
            except OSError as err:
                raise ConfigError(
                    f"Could not reach the Dask scheduler at {self.scheduler!r}: {err}.",
                    hint="Check the address (tcp://HOST:8786) and that `dask scheduler` runs there.",
                ) from err
        else:
            workers = self.workers or os.cpu_count() or 1
            # One thread per worker process: spaCy, torch and the regex rules hold the GIL.
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=40,
            )
            client = Client(cluster)
            self._cluster_ = cluster
        self._client_ = client
        return client

    def close(self) -> None:
        """End the worker processes and a local cluster this engine started (a remote one is left running)."""
        self._end_pool()
        client = getattr(self, "_client_", None)
        if client is not None:
            client.close()
            self._client_ = None
        cluster = getattr(self, "_cluster_", None)
        if cluster is not None:
            cluster.close()
            self._cluster_ = None

    def __getstate__(self) -> dict[str, Any]:  # an engine travels without its client
        return {k: v for k, v in self.__dict__.items() if k not in ("_client_", "_cluster_", "_pool_")}


# Thread pools of the numeric libraries, capped in each worker so N workers do not each start
# one thread per core (the same variables joblib caps for its own workers).
_THREAD_VARS = (
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS", "NUMBA_NUM_THREADS", "NUMEXPR_NUM_THREADS",
)


def _new_pool(workers: int) -> Any:
    # loky (shipped inside joblib, which scikit-learn already needs): fresh interpreters rather
    # than forks of this one (torch's and OpenMP's threads do not survive a fork). The engine
    # owns this executor, not loky's process-wide reusable one, which joblib.Parallel (used by
    # scikit-learn and hdbscan inside the same run) expects to be its own kind of executor.
    from joblib.externals.loky import ProcessPoolExecutor

    threads = str(max(1, cores() // workers))
    env = {var: os.environ.get(var, threads) for var in _THREAD_VARS}
    return ProcessPoolExecutor(max_workers=workers, timeout=300, initializer=_keep_worker, env=env)


def _keep_worker() -> None:
    """Runs first in every worker: never restart a worker for the memory it has grown.

    With psutil installed, loky replaces a worker whose memory grew by 300 MB since its
    first task, taking it for a leak. The stages' workers grow on purpose (spaCy's vocabulary,
    per-process memos of sentences already scored, both bounded), and a replacement loads
    spaCy again and starts with empty memos: at 100,000 comments two restarts cost ~12 CPU s
    of the intents stage's ~40.
    """
    from joblib.externals.loky import process_executor

    process_executor._MAX_MEMORY_LEAK_SIZE = 2**62


class Rows:
    """Rows ``index`` of ``array`` as a column for :meth:`Engine.map`, gathered one partition at a
    time (when it is sent to a worker, or just before it runs here) instead of all at once:
    ``Rows(embeddings, order)`` in place of ``embeddings[order]`` spares a copy of the matrix
    (1 GB per million comments of 256-d vectors).

    Example:
        >>> import numpy as np
        >>> Engine().map(lambda xs: xs * 10, Rows(np.arange(5), np.array([4, 0, 2])))
        array([40,  0, 20])
    """

    def __init__(self, array: np.ndarray, index: np.ndarray) -> None:
        self.array = array
        self.index = np.asarray(index)

    def __len__(self) -> int:
        return len(self.index)

    def __getitem__(self, part: slice) -> "Rows":
        return Rows(self.array, self.index[part])

    def __reduce__(self) -> tuple:
        # Pickled (for a worker process or a Dask worker): only this partition's rows travel.
        return (np.asarray, (self.array[self.index],))


def _gathered(column: Any) -> Any:
    return column.array[column.index] if isinstance(column, Rows) else column


def _is_big(value: Any) -> bool:
    return not isinstance(value, (str, int, float, bool, type(None), tuple))


def _concat(results: list[Any]) -> Any:
    first = results[0]
    if isinstance(first, tuple):
        return tuple(_concat([r[i] for r in results]) for i in range(len(first)))
    if isinstance(first, np.ndarray):
        return np.concatenate(results) if len(results) > 1 else first
    if isinstance(first, pd.DataFrame):
        return pd.concat(results, ignore_index=True) if len(results) > 1 else first.reset_index(drop=True)
    if isinstance(first, list):
        return [x for r in results for x in r]
    raise TypeError(f"Engine.map: cannot join partition results of type {type(first).__name__}.")


LOCAL = Engine()


def engine_of(corpus: Any) -> Engine:
    """The run's engine (set by the pipeline), or the in-process one."""
    return getattr(corpus, "engine", None) or LOCAL
