"""Identifiers (order and ticket numbers, codes, flight numbers, addresses, handles, clock times)
stay out of ``intent_text`` and group phrases; numbers that say what is broken stay in. The
phrase tests use spaCy's small English model only; the right answers were worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from insights import schema as S
from insights.intents.group import canonical_phrase, group_table, without_numbers
from insights.intents.identifiers import is_identifier, strip_identifiers


@pytest.mark.parametrize(
    "word",
    [
        "LM-20417",  # order number: letters and a long digit run
        "lm20417",
        "UA1116",  # flight number: 2+ letters then 3+ digits
        "ua276",
        "8Q6MFD",  # booking code: letters and digits alternating
        "k5zyt9",
        "16866853",  # case number: 5+ digits
        "555-123-4567",  # phone number
        "#611",
        "@united",
        "ann@example.com",
        "https://x.io/a",
        "www.example.com",
        "example.com",
        "7:55",
        "9:35pm",
        "445pm",
    ],
)
def test_identifier_shapes(word):
    assert is_identifier(word)


@pytest.mark.parametrize(
    "word",
    [
        "s21",  # a phone model: letters then at most 2 digits
        "iOS17",
        "a320",  # an aircraft type: one letter then 3 digits
        "mp3",
        "l8r",  # short alternations are words, not codes
        "3.1",  # a version
        "v2.3.1",
        "2024",  # a year
        "$129",
        "776.20",
        "2hrs",  # quantities with a unit
        "1080p",
        "5ghz",
        "3rd",
        "#1",  # a rank: "the #1 pizza place"
        "#1.",
        "seti@home",  # a name with "@" in it
        "z1.freezes",  # words run together at a full stop
        "crash",
    ],
)
def test_meaningful_numbers_are_not_identifiers(word):
    assert not is_identifier(word)


def test_strip_identifiers_on_bare_phrases():
    assert strip_identifiers("order lm-20417 not arriving") == "order not arriving"
    assert strip_identifiers("delay on flight 1032 from denver") == "delay on flight from denver"
    assert strip_identifiers("refund case # 4453 ignored") == "refund case ignored"
    assert strip_identifiers("call [phone]") == "call"
    # a number after a numbering noun that counts the next (plural) word stays
    assert strip_identifiers("flight 2 hours late") == "flight 2 hours late"
    assert strip_identifiers("booking 3 seats fails") == "booking 3 seats fails"
    assert strip_identifiers("crashes on galaxy s21 since version 3.1") == (
        "crashes on galaxy s21 since version 3.1"
    )
    assert strip_identifiers("lm-20417") == ""


@pytest.fixture(scope="module")
def nlp():
    from insights.intents.parse import intent_nlp

    return intent_nlp()


@pytest.mark.parametrize(
    "sentence, intent, phrase",
    [
        # the demo's complaint: the order number goes, the order stays
        ("3rd time asking, order LM-20417 never arrived.", "complaint", "order not arriving"),
        ("my friend lost luggage on flight 1547. What to do?", "complaint", "friend lost luggage on flight"),
        ("Flight UA1665 got delayed 2 hours", "complaint", "flight delayed"),
        ("what is the delay on flight UA 1032 from Denver?", "complaint", "delay on flight"),
        # a bare number standing for a numbered thing: the subject of "delayed"
        ("4603 has been delayed by 7 hours.", "complaint", "delayed"),
        # ... but an error's code, a duration and a phone line's name stay
        ("I keep getting 1883 error when syncing", "complaint", "keeps getting 1883 error when syncing"),
        ("averaging 200 minute wait times tonight", "complaint", "200 minute wait"),
        # a clock time is when, not what; its preposition goes with it
        ("now it's delayed until 3:55.", "complaint", "delayed"),
        ("my 12 pm flight delayed again", "complaint", "flight delayed"),
        # redacted personal data leaves no placeholder word behind
        ("can someone please call me [phone]", "request", ""),
        # meaningful numbers stay
        ("I keep getting error 923 when updating", "complaint", "keeps getting error 923 when updating"),
        ("the app crashes on my Galaxy S4", "complaint", "app crashes on galaxy s4"),
        ("please let me book 3 seats at once", "request", "let book 3 seats at once"),
        ("version 3.1 crashes on login", "complaint", "3.1 crashes on login"),
        ("please add support for ios 17", "request", "add support for ios 17"),
    ],
)
def test_phrases_leave_identifiers_out(nlp, sentence, intent, phrase):
    from insights.intents.extract import intent_phrases

    assert intent_phrases([sentence], [intent], nlp=nlp) == [phrase]


def test_group_phrase_carries_no_identifier():
    # Phrases from elsewhere (an older run, a caller's own) still give a clean group phrase.
    frame = pd.DataFrame({S.COMMENT_ID: ["a", "b"], S.TEXT: ["x", "y"]})
    table, ids = group_table(frame, ["order lm-20417 not arriving", "order lm-20417 not arriving"], None)
    assert ids.tolist() == [0, 0]
    assert table[S.GROUP_PHRASE].tolist() == ["order not arriving"]
    assert canonical_phrase(["order lm-20417 not arriving"]) == "order lm-20417 not arriving"
    # and the grouping vectors are built without it
    assert without_numbers("order lm-20417 not arriving") == "order not arriving"


def test_group_phrase_prefers_a_member_that_names_something():
    frame = pd.DataFrame({S.COMMENT_ID: ["a", "b", "c"], S.TEXT: ["x", "y", "z"]})
    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0]], dtype=np.float32)
    table, _ = group_table(frame, ["us4623", "us4623", "flight delayed"], vectors, threshold=0.5)
    assert table[S.GROUP_PHRASE].tolist() == ["flight delayed"]
    assert table[S.GROUP_VARIANTS].tolist() == [""]
