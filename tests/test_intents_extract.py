"""`intent_text` extraction: hand-written sentences whose phrases were worked out by hand, and the
speed machinery (lemma cache, per-process memo, forked parsing) giving the same phrases as a
plain spaCy pass. Uses spaCy's small English model only."""

from __future__ import annotations

import pytest

from insights.intents import extract
from insights.intents.extract import complaint_phrase, intent_phrases, request_phrase

SENTENCES = [
    ("please add a dark mode!!", "request"),
    ("app crashes every time I open the camera", "complaint"),
    ("I wish it had offline maps", "request"),
    ("It keeps crashing when I upload photos", "complaint"),
    ("I can't log in since the update", "complaint"),
    ("the app is so slow", "complaint"),
    ("Needs an undo button", "request"),
    ("my flight was delayed again", "complaint"),
    ("It would be nice if you could add a sleep timer", "request"),
    ("Great app, love it", "praise"),
]


@pytest.fixture(scope="module")
def nlp():
    from insights.intents.parse import intent_nlp

    return intent_nlp()


def _plain(nlp, sentences, intents):
    """Phrases from a plain spaCy pass with its own lemmatizer: no cache, memo or processes."""
    out = []
    for sentence, intent in zip(sentences, intents):
        if intent not in ("request", "complaint"):
            out.append("")
            continue
        doc = nlp(extract._prepare(sentence))
        phrase = request_phrase(doc) if intent == "request" else complaint_phrase(doc)
        out.append(phrase if intent != "request" or extract._names_something(phrase) else "")
    return out


def test_cached_lemmas_memo_and_processes_give_the_plain_phrases(nlp):
    sentences = [s for s, _ in SENTENCES]
    intents = [i for _, i in SENTENCES]
    expected = _plain(nlp, sentences, intents)
    extract._MEMO.clear()
    assert intent_phrases(sentences, intents) == expected
    # Now every phrase comes from the memo; then two forked processes parse halves afresh.
    assert intent_phrases(sentences, intents) == expected
    extract._MEMO.clear()
    assert intent_phrases(sentences, intents, processes=2) == expected


def test_memo_keeps_sentence_and_intent_apart():
    extract._MEMO.clear()
    both = intent_phrases(["the app is slow", "the app is slow"], ["complaint", "request"])
    assert both[0] == "app slow"
    assert intent_phrases(["the app is slow"], ["praise"]) == [""]


def test_a_pipeline_given_by_the_caller_is_not_memoised(nlp):
    extract._MEMO.clear()
    intent_phrases(["please add a dark mode!!"], ["request"], nlp=nlp)
    assert not extract._MEMO


def test_processes_auto_stays_single_below_the_threshold_and_in_daemons(monkeypatch):
    assert extract._processes(10, None) == 1
    assert extract._processes(10, 3) == 3
    import multiprocessing

    monkeypatch.setattr(multiprocessing.current_process(), "daemon", True, raising=False)
    assert extract._processes(10 * extract.PARALLEL_MIN, None) == 1
