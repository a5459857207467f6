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
import re
from typing import Any

_TOKEN_KEYS = {"TAG", "LOWER", "DEP", "IS_SPACE"}


def _test(value: Any) -> Any:
    """A predicate for one token-pattern value, or None when it is not a plain comparison."""
    if isinstance(value, (str, bool)):
        return lambda x: x == value
    if isinstance(value, dict) and len(value) == 1:
        op, arg = next(iter(value.items()))
        if op == "IN":
            allowed = frozenset(arg)
            return lambda x: x in allowed
        if op == "NOT_IN":
            banned = frozenset(arg)
            return lambda x: x not in banned
        if op == "REGEX":
            regex = re.compile(arg)
            return lambda x: isinstance(x, str) and regex.search(x) is not None
    return None


def _exact(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return [str(v) for v in value["IN"]]
    return None


def fast_attribute_ruler(nlp: Any) -> Any:
    """Make ``nlp``'s attribute ruler check its one-token patterns per token in Python, indexed
    by tag and lower-case form (same result as its Matcher).

    Returns ``nlp`` (changed in place); a pipeline without an attribute ruler is left as is.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    from spacy.matcher import Matcher

    ruler = nlp.get_pipe("attribute_ruler")
    if getattr(ruler, "_insights_fast", False):
        return nlp
    by_key: dict[tuple[str, str], list[tuple[int, dict]]] = {}
    anywhere: list[tuple[int, dict]] = []
    rest = Matcher(nlp.vocab, validate=False)
    triggers: set[str] = set()
    for attr_id, entry in enumerate(ruler.patterns):
        complex_alternatives = []
        for pattern in entry["patterns"]:
            token = pattern[0] if len(pattern) == 1 else None
            tests = (
                {k: _test(v) for k, v in token.items()}
                if token is not None and set(token) <= _TOKEN_KEYS and entry["index"] in (0, -1)
                else None
            )
            if tests is None or any(t is None for t in tests.values()):
                complex_alternatives.append(pattern)
                continue
            index = next((k for k in ("LOWER", "TAG") if k in token and _exact(token[k])), None)
            if index is None:
                anywhere.append((attr_id, tests))
            else:
                for value in _exact(token[index]):
                    by_key.setdefault((index, value), []).append((attr_id, tests))
        if complex_alternatives:
            rest.add(str(attr_id), complex_alternatives)
            # A match needs every token of the pattern: one exact word or dependency of it is
            # enough to skip the Matcher on documents without it.
            for pattern in complex_alternatives:
                exact = next(
                    (
                        _exact(value)
                        for token in pattern
                        for key, value in token.items()
                        if key in ("LOWER", "DEP") and _exact(value)
                    ),
                    None,
                )
                triggers.update(exact or ["*"])
    strings = nlp.vocab.strings
    always = "*" in triggers
    from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

    columns = [TAG, LOWER, DEP, IS_SPACE]
    # What one token contributes depends on these four attributes only: each distinct
    # combination is tested once per process (the vocabulary is small; tokens are many).
    seen: dict[tuple[int, ...], tuple[tuple[int, ...], bool]] = {}

    def token_matches(key: tuple[int, ...]) -> tuple[tuple[int, ...], bool]:
        values = {
            "TAG": strings[key[0]],
            "LOWER": strings[key[1]],
            "DEP": strings[key[2]],
            "IS_SPACE": bool(key[3]),
        }
        candidates = (
            by_key.get(("LOWER", values["LOWER"]), [])
            + by_key.get(("TAG", values["TAG"]), [])
            + anywhere
        )
        hits = tuple(
            attr_id
            for attr_id, tests in candidates
            if all(test(values[k]) for k, test in tests.items())
        )
        if len(seen) > 500_000:
            seen.clear()
        seen[key] = found = (hits, values["LOWER"] in triggers or values["DEP"] in triggers)
        return found

    def match(doc):
        found = []
        trigger = always
        for i, key in enumerate(map(tuple, doc.to_array(columns).tolist())):
            hits, triggered = seen.get(key) or token_matches(key)
            trigger = trigger or triggered
            for attr_id in hits:
                found.append((attr_id, i, i + 1))
        if trigger:
            for match_id, start, end in rest(doc, allow_missing=True):
                found.append((int(strings[match_id]), start, end))
        # The ruler's own order: by attribute id, so that later rules take precedence.
        return [(a, strings[str(a)], s, e) for a, s, e in sorted(set(found))]

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
