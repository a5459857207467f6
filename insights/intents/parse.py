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

import functools
from itertools import product
from typing import Any

_SIMPLE_KEYS = {"TAG", "LOWER"}


def _choices(value: Any) -> list[str] | None:
    """The exact strings a token-pattern value accepts, or None when it is not that simple."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return [str(v) for v in value["IN"]]
    return None


def fast_attribute_ruler(nlp: Any) -> Any:
    """Make ``nlp``'s attribute ruler look its one-token patterns up in a dict (same result).

    Returns ``nlp`` (changed in place); a pipeline without an attribute ruler is left as is.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    from spacy.matcher import Matcher

    ruler = nlp.get_pipe("attribute_ruler")
    if getattr(ruler, "_insights_fast", False):
        return nlp
    simple: dict[tuple[str | None, str | None], list[int]] = {}
    rest = Matcher(nlp.vocab, validate=False)
    for attr_id, entry in enumerate(ruler.patterns):
        complex_alternatives = []
        for pattern in entry["patterns"]:
            token = pattern[0] if len(pattern) == 1 else None
            ok = token is not None and set(token) <= _SIMPLE_KEYS and entry["index"] in (0, -1)
            tags = _choices(token["TAG"]) if ok and "TAG" in token else [None]
            lowers = _choices(token["LOWER"]) if ok and "LOWER" in token else [None]
            if not ok or tags is None or lowers is None:
                complex_alternatives.append(pattern)
                continue
            for key in product(tags, lowers):
                simple.setdefault(key, []).append(attr_id)
        if complex_alternatives:
            rest.add(str(attr_id), complex_alternatives)
    strings = nlp.vocab.strings

    def match(doc):
        found = set()
        for i, token in enumerate(doc):
            tag, lower = token.tag_, token.lower_
            for key in ((tag, lower), (tag, None), (None, lower)):
                for attr_id in simple.get(key, ()):
                    found.add((attr_id, i, i + 1))
        for match_id, start, end in rest(doc, allow_missing=True):
            found.add((int(strings[match_id]), start, end))
        # The ruler's own order: by attribute id, so that later rules take precedence.
        return [(a, strings[str(a)], s, e) for a, s, e in sorted(found)]

    ruler.match = match
    ruler._insights_fast = True
    return nlp


@functools.lru_cache(maxsize=1)
def intent_nlp() -> Any:
    """The English pipeline (no NER) with :func:`fast_attribute_ruler`: a copy of its own, so
    other stages keep spaCy's pipeline untouched."""
    import spacy

    from insights.nlp import MAX_PARSE_CHARS, _Truncating, spacy_package

    nlp = spacy.load(spacy_package(), disable=["ner"])
    nlp.tokenizer = _Truncating(nlp.tokenizer, MAX_PARSE_CHARS)
    nlp.max_length = 10**9
    return fast_attribute_ruler(nlp)
