"""The pipeline: load -> clean -> embed -> sentiment -> intents -> topics -> lessons.

Each step is a stage object (see :class:`insights.corpus.Stage`) built from a
:class:`insights.config.Config`; any of them can be swapped by passing your own
object to :class:`Pipeline`. The pipeline times every stage, reports progress
to an optional callback, and returns an :class:`Analysis`.

A stage may split off the part of its work that reads only earlier stages' output:
a ``prepare(corpus)`` method and a ``prepare_after`` attribute naming the last stage
it reads. When the run's per-comment work goes to worker processes (so this process
mostly waits), the pipeline starts ``prepare`` in a thread as soon as that stage is
done, on a snapshot of the corpus, and later calls ``run(corpus, prepared=...)``.
The topics stage does this: its model is fitted and labelled while the sentiment and
intents stages run on the workers. The result is the same either way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

from insights import schema as S
from insights.analysis import Analysis
from insights.config import FAST, PIPELINE_ORDER, Config
from insights.corpus import Corpus, Stage

# Up to this many rows a stage may prepare alongside others. Beyond, memory binds before time
# does: at 1,000,000 comments (--fast, 2 workers) the topics stage prepared alongside intents
# raised the peak from 7.9 to 8.3-8.6 GiB and saved 8 of 402 s; at 100,000 it saves 8 of 64 s.
# Since the workers end with intents: 1M --fast peaks at 6,149 MiB in turn and 6,729 MiB
# alongside, which saved ~20 of ~350 s (embedding excluded): memory kept over 5% of time.
ALONGSIDE_MAX_ROWS = 500_000

# progress(stage_name, event, detail): event is "start" or "end"; detail carries counts.
ProgressCallback = Callable[[str, str, dict[str, Any]], None]


class Pipeline:
    """Run every stage in order over one input.

    Args:
        config: options for every stage; ``Config()`` for the defaults.
        stages: replace stages by name, e.g. ``{"sentiment": MySentiment()}``.
        progress: called as ``progress(stage, "start"|"end", detail)``.

    Example:
        >>> Pipeline().run("data/sample/comments.csv").comments.shape  # doctest: +SKIP
    """

    def __init__(
        self,
        config: Config | None = None,
        stages: dict[str, Any] | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.config = config or Config()
        self.stages = stages or {}
        self.progress = progress

    def _stage(self, name: str) -> Any:
        return self.stages.get(name) or self.config.build(name)

    def _timed(self, name: str, seconds: dict[str, float], fn: Callable[[], Any], **detail: Any) -> Any:
        if self.progress:
            self.progress(name, "start", detail)
        started = time.perf_counter()
        result = fn()
        seconds[name] = round(time.perf_counter() - started, 3)
        if self.progress:
            self.progress(name, "end", {"seconds": seconds[name]})
        return result

    def _prepare(self, name: str, stage: Any, snapshot: Corpus, seconds: dict[str, float]) -> Any:
        from threadpoolctl import threadpool_limits

        started = time.perf_counter()
        # One OpenMP thread (k-means): both cores are busy with the workers already, and
        # OpenMP threads waiting on busy cores spin, slowing the workers down.
        with threadpool_limits(1, user_api="openmp"):
            result = stage.prepare(snapshot)
        # Not a stage time (it overlapped others): what the stage's own time would have included.
        seconds[f"{name} (prepared alongside)"] = round(time.perf_counter() - started, 3)
        return result

    def run(self, source: str | Path | pd.DataFrame) -> Analysis:
        """Analyse a file path (or ``-`` for standard input) or a DataFrame of comments."""
        seconds: dict[str, float] = {}
        started = time.perf_counter()
        engine = self._stage("engine")
        stages: dict[str, Stage] = {name: self._stage(name) for name in PIPELINE_ORDER}
        # Options that cannot work (a missing model directory, a bad value) fail now, before
        # the input is read, not after minutes of the stages before them.
        for stage in stages.values():
            check = getattr(stage, "check", None)
            if callable(check):
                check()
        side = ThreadPoolExecutor(1, thread_name_prefix="insights-prepare")
        blas = None
        try:
            engine.start()
            loader = self._stage("load")
            comments, load_info = self._timed("load", seconds, lambda: loader.load(source))
            corpus = Corpus(comments=comments, info={"load": load_info}, engine=engine)
            early = {name: s for name, s in stages.items() if _prepares_after(s) in stages}
            alongside = engine.offloads(len(comments)) and bool(early) and len(comments) <= ALONGSIDE_MAX_ROWS
            if alongside:
                # Two threads of this process now call BLAS at the same time. A multi-threaded BLAS
                # then splits (and so rounds) a product by what the other thread is doing: the
                # last bits of the sentiment scores changed from run to run. One BLAS thread for
                # the run keeps every result the same on every run (and spares the busy cores).
                from threadpoolctl import threadpool_limits

                blas = threadpool_limits(1, user_api="blas")
            prepared: dict[str, Future] = {}
            # Per stage, whether a later one maps rows: the local workers end with the last map.
            maps = [getattr(s, "maps_rows", True) for s in stages.values()]
            for i, (name, stage) in enumerate(stages.items()):
                future = prepared.pop(name, None)
                engine.keep_workers = any(maps[i + 1 :])
                corpus = self._timed(
                    name, seconds,
                    lambda s=stage, c=corpus, f=future: s.run(c) if f is None else s.run(c, prepared=f.result()),
                    rows=len(corpus.comments),
                )
                _check_contract(name, corpus, len(comments))
                for later, other in early.items():
                    if alongside and _prepares_after(other) == name:
                        prepared[later] = side.submit(self._prepare, later, other, _snapshot(corpus), seconds)
            corpus.info["engine"] = engine.describe()
        finally:
            side.shutdown(wait=True, cancel_futures=True)
            if blas is not None:
                blas.restore_original_limits()
            engine.close()
        seconds["total"] = round(time.perf_counter() - started, 3)
        corpus.info["seconds"] = seconds
        corpus.info["config"] = self.config.to_dict()
        return Analysis(corpus, report_writer=self._stage("report"))


def _prepares_after(stage: Any) -> str | None:
    after = getattr(stage, "prepare_after", None)
    return after if isinstance(after, str) and callable(getattr(stage, "prepare", None)) else None


def _snapshot(corpus: Corpus) -> Corpus:
    """The corpus as it is now, for a stage's ``prepare`` in another thread: the stages that run
    meanwhile add columns to their own frame, never to this one (pandas copies on write)."""
    return Corpus(
        comments=corpus.comments.copy(deep=False),
        embeddings=corpus.embeddings,
        info=dict(corpus.info),
        engine=corpus.engine,
    )


def _check_contract(stage: str, corpus: Corpus, n_rows: int) -> None:
    """Stages must keep every row, in order: a broken stage fails loudly, here."""
    if len(corpus.comments) != n_rows:
        raise RuntimeError(
            f"Stage '{stage}' returned {len(corpus.comments)} rows for {n_rows} input rows; "
            "stages must never drop rows (mark them kept=False with a drop_reason instead)."
        )
    if corpus.embeddings is not None and len(corpus.embeddings) != n_rows:
        raise RuntimeError(f"Stage '{stage}' left an embedding matrix misaligned with the comments.")


def analyze(
    source: str | Path | pd.DataFrame,
    *,
    config: Config | str | Path | None = None,
    stages: dict[str, Any] | None = None,
    progress: ProgressCallback | None = None,
    fast: bool = False,
    **options: Any,
) -> Analysis:
    """Analyse comments end to end and return an :class:`Analysis`.

    Args:
        source: a path to a comment export (CSV, JSON, JSONL, Excel, Parquet, ...),
            ``"-"`` for standard input, or a DataFrame with a text column.
        config: a :class:`Config` or the path of a TOML/JSON config file.
        stages: stage objects replacing the configured ones, by name.
        progress: a callback ``progress(stage, event, detail)``.
        fast: the cheapest sound choice of every stage (:data:`insights.config.FAST`:
            static embeddings...), for very large inputs; options given here still win.
        **options: any stage option by name, e.g. ``text_column="body"``,
            ``spam_threshold=0.6``, ``n_topics=12`` (see :func:`insights.config.all_options`).

    Example:
        >>> import insights
        >>> result = insights.analyze("data/sample/comments.csv")  # doctest: +SKIP
        >>> result.topics[["topic_id", "label", "size"]].head()  # doctest: +SKIP
        >>> result.save("out/")  # doctest: +SKIP
    """
    cfg = Config.resolve(config)
    if fast:
        cfg = cfg.update(**{k: v for k, v in FAST.items() if options.get(k) is None})
    cfg = cfg.update(**options)
    return Pipeline(cfg, stages=stages, progress=progress).run(source)


__all__ = ["Pipeline", "analyze", "ProgressCallback", "S"]
