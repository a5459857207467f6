"""insights: turn exports of audience comments into lessons a team can act on.

Example:
    >>> import insights
    >>> result = insights.analyze("data/sample/comments.csv")  # doctest: +SKIP
    >>> result.lessons[0]["title"]  # doctest: +SKIP
    >>> result.save("out/")  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import metadata as _metadata

from insights.analysis import Analysis
from insights.config import Config
from insights.corpus import Corpus
from insights.errors import InsightsError
from insights.pipeline import Pipeline, analyze

try:
    __version__ = _metadata.version("insights")
except _metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["Analysis", "Config", "Corpus", "InsightsError", "Pipeline", "analyze", "__version__"]
