"""The clean stage's fast paths give exactly the answers of the plain ones they replace.

Literal pre-filters (insights/clean/literals.py), the batched spam rules, the compiled
shingle hashing / MinHash / LSH search and the batched language identification are
each compared with the slower reference they stand in for, on hand-written texts
chosen to hit their edge cases (overlapping literals, non-ASCII bytes, floods, ties).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insights.clean import duplicates as D
from insights.clean import literals as L
from insights.clean import spam as SP
from insights.clean.language import detect_language, detect_languages
from insights.clean.spam_examples import HAM_EXAMPLES, SPAM_EXAMPLES

TEXTS = [
    "Check out my channel!! bit.ly/x",
    "check   out my new video on youtube, sub 4 sub",
    "I'm a rapper, listen to my new song",
    "my flight was delayed and nobody helped",
    "Hey guys please subscribe to my channel",
    "SUBSCRIBE NOW FOR FREE GIFT CARDS!!!",
    "visit www.example.com/page?ref=abc for 50% off",
    "call me at +1 415 555 0100 or whatsapp +44 7700 900123",
    "site . com has it",
    "day 12 of asking @brand to follow me back",
    "follow me so I can DM you my order number",
    "naïve café über — çà et là, 日本語のテキスト 😀😀",
    "i help coaches get 10 clients a month, book a free call",
    "congratulations you have been selected as a winner, claim your prize",
    "",
    "a",
    "who's here in 2024? like if you are",
] + list(SPAM_EXAMPLES[:60]) + list(HAM_EXAMPLES[:60])


def test_required_literals_worked_examples() -> None:
    assert L.required_literals(r"\bclick (?:here|the link)\b") == ("click here", "click the link")
    # Optional parts are never required; the longest required run wins.
    assert L.required_literals(r"\bcheck(?:ing|ed)?\s*out\b") == ("check",)
    assert L.literal_guards(r"\bcheck\s+(?:my|our)\s+channel") == [("channel",), ("check",), ("my", "our")]
    # Nothing the pattern must consume, or case-insensitive: no guard.
    assert L.required_literals(r"\w+\s*") is None
    assert L.required_literals(re.compile("free", re.IGNORECASE)) is None
    # A string containing another string of the same set adds nothing.
    assert L.literal_guards(r"(?:sub|subscribe)\s+now") == [("sub",), ("now",)]


def test_guards_are_necessary_for_every_spam_branch() -> None:
    """A text that matches a branch always contains a literal of each of its guards."""
    lows = [t.lower() for t in TEXTS]
    for name, branches in SP._BRANCHES.items():
        for _, branch in branches:
            guards = L.literal_guards(branch)
            for low in lows:
                if branch.search(low):
                    assert all(any(w in low for w in g) for g in guards), (name, branch.pattern, low)


def test_literal_index_worked_example() -> None:
    index = L.LiteralIndex([("ab",), ("b", "zz"), ("q",), ("é",)])
    assert index.contains(["cab", "", "zzz", "café"]).tolist() == [
        [True, True, False, False], [False, False, False, False],
        [False, True, False, False], [False, False, False, True],
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcé日 ", max_size=12), max_size=8))
def test_literal_index_equals_in(texts: list[str]) -> None:
    groups = [("a",), ("ab", "ba"), ("aaa",), ("é", "日"), ("c a",), ("bcb", "cbc", "b c")]
    index = L.LiteralIndex(groups)
    expected = [[any(w in t for w in g) for g in groups] for t in texts]
    assert index.contains(texts).tolist() == (expected or index.contains(texts).tolist())


def test_spam_signals_many_equals_one_by_one() -> None:
    many = SP.spam_signals_many(TEXTS)
    assert [list(s.items()) for s in many] == [list(SP.spam_signals(t).items()) for t in TEXTS]


KEYS = [
    "check out my new channel for funny videos",
    "check out my new channel for funny videos guys",
    "héllo wörld ñandú 日本語のテキスト x",
    "abcd", "abcde", "", "a b c d e f",
    "ŝŝŝŝŝŝŝŝ", "\U0001f600" * 7,
]


def test_shingle_hashes_equal_scikit_learn() -> None:
    ours, reference = D.shingle_sets(KEYS), D.shingle_sets_sklearn(KEYS)
    assert all(np.array_equal(a, b) for a, b in zip(ours, reference, strict=True))


def test_sketch_equals_shingles_and_minhash() -> None:
    ptr, flat, signatures = D.sketch(KEYS)
    sets = D.shingle_sets_sklearn(KEYS)
    assert [flat[ptr[i] : ptr[i + 1]].tolist() for i in range(len(KEYS))] == [s.tolist() for s in sets]
    assert np.array_equal(signatures, D.minhash_many(sets))


def _flood_keys() -> list[str]:
    # Two families of look-alikes (more than MAX_CANDIDATES share buckets), near copies
    # of earlier texts, and unrelated texts: the bucket order and the cap both matter.
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
    keys = []
    for i in range(140):
        a, b, c = words[i % 10], words[(i // 10) % 10], words[(i * 7) % 10]
        keys.append(f"the same long opening sentence about {a} {b} and then {c} number {i % 13}")
        if i % 9 == 0:
            keys.append(f"a quite different comment on {b} {c} {a} with {i} things")
    return keys


def test_near_matches_compiled_equals_python() -> None:
    keys = _flood_keys()
    ptr, flat, signatures = D.sketch(keys)
    sets = [flat[ptr[i] : ptr[i + 1]] for i in range(len(keys))]
    for threshold in (0.5, 0.7, 0.9):
        compiled = D.near_matches(ptr, flat, signatures, threshold)
        assert compiled.tolist() == D.near_matches_python(sets, signatures, threshold).tolist()
    assert (D.near_matches(ptr, flat, signatures, 0.7) >= 0).any()


def test_find_duplicates_without_numba(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = _flood_keys() + ["first", "first", "great song"] + _flood_keys()[:5]
    compiled = D.find_duplicates(keys)
    monkeypatch.setattr(D, "kernel", lambda name: None)
    monkeypatch.setattr(L, "kernel", lambda name: None)
    assert D.find_duplicates(keys).tolist() == compiled.tolist()
    assert L.LiteralIndex([("first",), ("so",)]).contains(["first song", "x"]).tolist() == [[True, True], [False, False]]


def test_repeat_of_a_near_copy_points_at_the_original() -> None:
    keys = ["check out my new channel for funny videos", "check out my new channel for funny videos guys",
            "check out my new channel for funny videos guys"]
    assert D.find_duplicates(keys).tolist() == [-1, 0, 0]


LANG_TEXTS = [
    "my flight was delayed for three hours", "el vuelo se retrasó tres horas y nadie ayudó",
    "das ist gut so und wir kommen wieder", "ótimo aplicativo, recomendo a todos",
    "ok", "", "1234 5678 91011", "ÉCRIT EN MAJUSCULES ICI POUR VOIR", "これは日本語の文です",
    "это русский текст для проверки", "merci beaucoup pour votre aide rapide", "x y z w",
]


def test_detect_languages_equals_one_by_one_and_py3langid() -> None:
    from insights.clean.language import DEFAULT_LANGUAGES, _identifier

    assert detect_languages(LANG_TEXTS) == [detect_language(t) for t in LANG_TEXTS]
    identifier = _identifier(DEFAULT_LANGUAGES)
    # Texts the model decides: the compiled walk gives py3langid's own answer and confidence.
    asked = [t for t in LANG_TEXTS if len(t.split()) >= 3 and not t.isascii()]
    from insights.clean.language import _classify_many

    assert _classify_many(asked, DEFAULT_LANGUAGES) == [identifier.classify(t) for t in asked]


def test_normalise_many_equals_one_by_one() -> None:
    from insights.clean.normalise import normalise, normalise_many

    texts = TEXTS + [
        "AAAaa ***x -- ~~~ @@@ ##ab #aa a#aaa", "WWW.EXAMPLE.COM is down", "Sooo GOOOD!!!!", "--- [[[ ...",
        "a_b_c #a_aa_a #LostLuggage", "see http://t.co/x @united!!!", "ça vaaa très biennn 😀😀😀",
    ]
    assert normalise_many(texts) == [normalise(t) for t in texts]
