"""A per-process memo of values computed in batches (rule rows, VADER scores, phrases).

The intents stage runs partition after partition in the same process (a local worker, a Dask
worker, or this one); real exports repeat sentences across partitions, so each process keeps
what it computed, keyed by what the value depends on alone. A memo is bounded: when a batch
would take it past ``limit`` entries it starts over, so a long run's memory stays flat.

Example:
    >>> memo = BatchMemo()
    >>> memo.lookup(["a", "b", "a"], lambda keys: [k.upper() for k in keys], limit=10)
    ['A', 'B', 'A']
    >>> len(memo)
    2
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any


class BatchMemo:
    """Values by key, the missing ones computed together in one call."""

    def __init__(self) -> None:
        self._values: dict[Hashable, Any] = {}

    def lookup(
        self, keys: Sequence[Hashable], compute: Callable[[list], Sequence[Any]], limit: int
    ) -> list[Any]:
        """The value of every key (in order); ``compute(missing)`` gets the distinct unknown keys once."""
        distinct = list(dict.fromkeys(keys))
        found = {k: self._values[k] for k in distinct if k in self._values}
        missing = [k for k in distinct if k not in found]
        if missing:
            found.update(zip(missing, compute(missing)))
            if len(self._values) + len(missing) > limit:
                self._values.clear()
            self._values.update((k, found[k]) for k in missing)
        return [found[k] for k in keys]

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)
