"""What stages pass to each other: the comment frame plus the tables built from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np
import pandas as pd

from insights import schema as S


@dataclass
class Corpus:
    """The state of one run as it moves through the stages.

    Attributes:
        comments: one row per input record, input order (see :mod:`insights.schema`).
        embeddings: (len(comments), d) float32, L2-normalised, zeros for rows not kept;
            None until the `embed` stage runs.
        topics: one row per topic (`topics.csv`), set by the `topics` stage.
        requests: grouped requests (`requests.csv`), set by the `intents` stage.
        complaints: grouped complaints (`complaints.csv`), set by the `intents` stage.
        lessons: ranked lessons (`lessons.json`), set by the `lessons` stage.
        info: facts about the run that stages record (detected columns, model names...).
        engine: where per-comment work runs (:class:`insights.engine.Engine`); None for
            this process.
    """

    comments: pd.DataFrame
    embeddings: np.ndarray | None = None
    topics: pd.DataFrame | None = None
    requests: pd.DataFrame | None = None
    complaints: pd.DataFrame | None = None
    lessons: list[dict[str, Any]] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)
    engine: Any = None

    @property
    def kept_mask(self) -> np.ndarray:
        """Boolean numpy mask of kept rows (all True before cleaning)."""
        if S.KEPT not in self.comments:
            return np.ones(len(self.comments), dtype=bool)
        return self.comments[S.KEPT].to_numpy(dtype=bool)

    def analysis_text(self) -> pd.Series:
        """The text stages analyse: ``clean_text`` when cleaning ran, else ``text``."""
        col = S.CLEAN_TEXT if S.CLEAN_TEXT in self.comments else S.TEXT
        return self.comments[col].fillna("").astype(str)


@runtime_checkable
class Stage(Protocol):
    """One step of the pipeline. ``run`` reads columns of ``corpus.comments`` and adds its own.

    A stage never removes or reorders rows. Its class docstring lists the columns
    it reads and adds. ``__init__`` only stores its arguments.

    Optionally, a stage whose heavy part reads only the output of an earlier stage offers
    ``prepare(corpus)`` and names that stage in ``prepare_after``: the pipeline may then call
    ``prepare`` on a snapshot as soon as that stage is done, alongside the stages in between,
    and later ``run(corpus, prepared=...)`` (the topics stage does, after ``embed``).

    A stage that never sends work to the local engine's worker processes (:meth:`Engine.map
    <insights.engine.Engine.map>` on ``engine="local"``) says so with ``maps_rows = False``:
    once no later stage maps, the pipeline ends the workers at the end of the last map, before
    that stage works on the results (at a million comments the two workers hold ~2 GB). A
    stage without the attribute is taken to map.
    """

    name: str

    def run(self, corpus: Corpus) -> Corpus: ...
