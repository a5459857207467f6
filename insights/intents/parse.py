"""The spaCy pipeline ``intent_text`` is extracted with: the English model, with a faster
attribute ruler.

spaCy's attribute ruler (tag -> part of speech, morphology, lemma exceptions) runs a token
Matcher over 179 patterns per document; on short comments it cost more than the parser
(40% of parsing time at 100k comments). Almost all of its patterns are one token with an
exact tag and/or lower-case form: :func:`fast_attribute_ruler` looks those up in a dict and
leaves only the few others (multi-token, dependency, regex) to a Matcher, then applies the
matches in the ruler's own order, so every token gets the same attributes as before.

Example:
    >>> nlp = intent_nlp()  # doctest: +SKIP
    >>> [t.pos_ for t in nlp("please add dark mode")]  # doctest: +SKIP
    ['INTJ', 'VERB', 'ADJ', 'NOUN']
"""

from __future__ import annotations

from typing import Any

from insights.nlp import fast_attribute_ruler, load_parser

__all__ = ["fast_attribute_ruler", "intent_nlp"]


def intent_nlp() -> Any:
    """The pipeline ``intent_text`` is parsed with: :func:`insights.nlp.load_parser`, the one
    the topic labels and the lessons use too (loaded once per process)."""
    return load_parser()
