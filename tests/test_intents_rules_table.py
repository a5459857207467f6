"""`rule_table` (many sentences at once, behind a literal pre-filter) gives exactly what the
per-sentence rule functions give, including where the pre-filter must not be trusted: case
folding outside ASCII, and text changed by blanking words."""

from __future__ import annotations

import numpy as np
import pytest

from insights.intents import rules
from insights.intents.rules import is_resolved, is_support_reply, rule_scores, rule_table

SENTENCES = [
    "please add a dark mode!!",
    "app crashes every time I open the camera",
    "How do I export my notes?",
    "Love it, best app ever",
    "not good, but the sync works",
    "it would be great if you could add a sleep timer",
    "make it stop draining my battery",
    "add more levels and fix the bugs",
    "my only problem is that I'd like to save to the sd card",
    "No bugs, no crashes, love it",
    "So sorry about this, please DM us your app version.",
    "3.2 fixed the sync for me",
    "still not fixed",
    "PLEASE ADD DARK MODE",
    "Is there a way to change the font?",
    "",
    "ok",
    # Case-insensitive patterns meet letters whose lower case is not ASCII's: the pre-filter
    # must not decide for these ("ſ" folds to "s", "K" (Kelvin) to "k", "İ" to "i").
    "the update ſolved it",
    "thanKs for the app",
    "İt is frustrating",
    "So ſorry about that, DM us",
    # Blanking negated or hypothetical praise joins what was around it.
    "thank not good you",
    "it'd be great!thanks",
    "the lack of a save feature is frustrating",
    "can't edit posts, no option to do it",
    # A lack that is another product's; longing; a coordinated second verb.
    "other apps lack a save feature",
    "the lack of a save feature",
    "i really miss the old sorting",
    "you can sing and make music",
    # Blanking the author's lack of know-how, or an unspecific call to improve.
    "i do not understand how to play it",
    "i can't figure out how to log in, it crashes",
    "still needs work, i miss the push feature",
]


def _expected(sentences):
    scores = np.array(
        [[rule_scores(s)[k] for k in ("request", "complaint", "question", "praise")] for s in sentences]
    )
    return scores, np.array([is_support_reply(s) for s in sentences]), np.array([is_resolved(s) for s in sentences])


@pytest.fixture(autouse=True)
def _fresh_memo():
    rules._TABLE_MEMO.clear()
    yield
    rules._TABLE_MEMO.clear()


def test_rule_table_equals_the_sentence_functions():
    got = rule_table(SENTENCES)
    want = _expected(SENTENCES)
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
    assert got[0][0].tolist() == [1.0, 0.0, 0.0, 0.0]  # "please add a dark mode!!"
    assert got[1].tolist()[10] and got[2].tolist()[11]  # a support reply; a solved problem


def test_rule_table_without_the_prefilter_gives_the_same(monkeypatch):
    monkeypatch.setattr(rules, "_prefilter", lambda: None)
    for g, w in zip(rule_table(SENTENCES), _expected(SENTENCES)):
        np.testing.assert_array_equal(g, w)


def test_rule_table_memo_and_its_limit_give_the_same(monkeypatch):
    want = _expected(SENTENCES)
    rule_table(SENTENCES[:5])
    for g, w in zip(rule_table(SENTENCES), want):  # five from the memo, the rest scored
        np.testing.assert_array_equal(g, w)
    monkeypatch.setattr(rules, "_TABLE_MEMO_LIMIT", 3)  # cleared mid-run: everything rescored
    for g, w in zip(rule_table(SENTENCES + SENTENCES[:2]), _expected(SENTENCES + SENTENCES[:2])):
        np.testing.assert_array_equal(g, w)


@pytest.mark.parametrize("sentences", [[], ["one"]])
def test_rule_table_small_inputs(sentences):
    scores, reply, solved = rule_table(sentences)
    assert scores.shape == (len(sentences), 4) and len(reply) == len(solved) == len(sentences)


def test_every_pattern_the_rules_search_has_a_slot():
    # A pattern searched with a `may` row but missing from _PATTERNS would raise KeyError.
    slots = set(rules._SLOT)
    for name in ("_REQUEST_STRONG_RE", "_REQUEST_WEAK_RE", "_COMPLAINT_STRONG_RE", "_COMPLAINT_WEAK_RE"):
        assert {id(p) for p in getattr(rules, name)} <= slots
