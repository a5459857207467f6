"""The pipeline: load -> clean -> embed -> sentiment -> intents -> topics -> lessons.

Each step is a stage object (see :class:`insights.corpus.Stage`) built from a
:class:`insights.config.Config`; any of them can be swapped by passing your own
object to :class:`Pipeline`. The pipeline times every stage, reports progress
to an optional callback, and returns an :class:`Analysis`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from insights import schema as S
from insights.analysis import Analysis
from insights.config import FAST, PIPELINE_ORDER, Config
from insights.corpus import Corpus, Stage

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
        try:
            engine.start()
            loader = self._stage("load")
            comments, load_info = self._timed("load", seconds, lambda: loader.load(source))
            corpus = Corpus(comments=comments, info={"load": load_info}, engine=engine)
            for name, stage in stages.items():
                corpus = self._timed(name, seconds, lambda s=stage, c=corpus: s.run(c), rows=len(corpus.comments))
                _check_contract(name, corpus, len(comments))
            corpus.info["engine"] = engine.describe()
        finally:
            engine.close()
        seconds["total"] = round(time.perf_counter() - started, 3)
        corpus.info["seconds"] = seconds
        corpus.info["config"] = self.config.to_dict()
        return Analysis(corpus, report_writer=self._stage("report"))


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
