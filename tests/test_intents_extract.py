"""`intent_text` extraction: hand-written sentences whose phrases were worked out by hand, and the
speed machinery (lemma cache, per-process memo) giving the same phrases as a plain spaCy
pass. Uses spaCy's small English model only."""

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
    """Phrases from a plain spaCy pass with its own lemmatizer: no cache or memo."""
    out = []
    for sentence, intent in zip(sentences, intents):
        if intent not in ("request", "complaint"):
            out.append("")
            continue
        doc = nlp(extract._prepare(sentence))
        phrase = request_phrase(doc) if intent == "request" else complaint_phrase(doc)
        out.append(phrase if intent != "request" or extract._names_something(phrase) else "")
    return out


def test_cached_lemmas_and_memo_give_the_plain_phrases(nlp):
    sentences = [s for s, _ in SENTENCES]
    intents = [i for _, i in SENTENCES]
    expected = _plain(nlp, sentences, intents)
    extract._MEMO.clear()
    assert intent_phrases(sentences, intents) == expected
    # Now every phrase comes from the memo.
    assert intent_phrases(sentences, intents) == expected


def test_memo_keeps_sentence_and_intent_apart():
    extract._MEMO.clear()
    both = intent_phrases(["the app is slow", "the app is slow"], ["complaint", "request"])
    assert both[0] == "app slow"
    assert intent_phrases(["the app is slow"], ["praise"]) == [""]


def test_a_pipeline_given_by_the_caller_is_not_memoised(nlp):
    extract._MEMO.clear()
    intent_phrases(["please add a dark mode!!"], ["request"], nlp=nlp)
    assert not extract._MEMO


# --- phrase quality: general constructions, phrases worked out by hand ------------------------
@pytest.mark.parametrize(
    "sentence, phrase",
    [
        ("please add a dark mode!!", "add dark mode"),
        ("dark mode would make this app perfect", "add dark mode"),  # causative: the subject
        ("adding my vote. dark mode", "add dark mode"),  # "my vote" names nothing
        ("Only thing missing is a dark mode", "add dark mode"),  # copula with a generic side
        ("3.1 and still no dark mode?", "add dark mode"),  # "no X"
        ("very good interface except for the lack of an undo feature.", "add undo feature"),
        ("it needs to be able to hold more pics in a slide show.", "hold more pics in slide show"),
        ("dark theme please", "add dark theme"),  # elliptical: a bare noun phrase
        ("make it make sense", ""),  # an idiom, nothing asked for
        ("Yes please!", ""),
        ("oh my god I need this.", ""),  # the thing is only pointed at
        ("we should get these for the office", ""),
        # a "get" of going somewhere keeps its verb; the time words are left out
        ("would love it if you could get my wife home sometime soon", "get wife home"),
        ("Why should I tell your crew how to do their job?", ""),  # a clause about something else
        ("is that happening this year?", ""),  # time words name nothing
        # "add X" only where X is a thing to add (each case below read "add ..." before)
        # a "get" of going somewhere keeps its verb
        ("can someone get me off this train please", "get off train"),
        ("I'd really like to get back to my hotel tonight", "get back to hotel"),
        ("we need to get out of this hotel asap", "get out of hotel"),
        # "love to <verb>" asks through its clause, and this one asks nothing
        ("I'd love to help but I'm busy", ""),
        ("I love how I can drag the widgets around", ""),  # what is liked, not wished
        # a person's own need is got, not added; the product's need is added
        ("I need a blanket for the night", "get blanket"),
        ("my son needs a wheelchair at the gate", "get wheelchair"),
        ("please get us the blankets we asked for", "get blankets"),
        # an idiom of "get" names no thing; a causative "have X do Y" asks for Y
        ("you really should get your act together", ""),
        ("can you have your mechanic finish the repair today", "finish repair"),
        ("it needs a sleep timer", "add sleep timer"),
        # "no X" beside an outright ask for help tells what went missing
        ("please help! no tickets, no reply from anyone", ""),
        # "how about X": X, without the "how about"
        ("how about a refund for the delay?", "add refund for delay"),
        # a request verb in an attempt or an occasion, or of saying, asks nothing
        ("every time I try to add a photo the app freezes", ""),
        ("love it but when i scroll or try to add a photo it freezes", ""),
        ("please try to add a sleep timer", "add sleep timer"),
        ("I should add that the staff were lovely", ""),
        # the thing behind a nominalised ask, or the subject of an intransitive "add"
        ("the addition of a sleep timer would make this app perfect", "add sleep timer"),
        ("photo filters should add in the next version", "add photo filters"),
        # leftover verbs, judged things and plain statements name no ask
        ("good but expecting more features", ""),
        ("the seats are terrible", ""),
        ("I no longer need a second account", ""),
        # a missing quality of the whole thing is improved, a missing feature added
        ("lack of responsiveness and features", "improve responsiveness"),
        ("the lack of an ability to sort notes", "add ability to sort notes"),
        # Issue-tracker and feedback-form wording: a kind label is not the thing asked for
        ("Feature request - offline mode", "add offline mode"),
        ("Suggestion: a dark mode for the editor", "add dark mode"),
    ],
)
def test_request_phrases(sentence, phrase):
    extract._MEMO.clear()
    assert intent_phrases([sentence], ["request"]) == [phrase]


@pytest.mark.parametrize(
    "sentence, phrase",
    [
        ("app crashes every time I open the camera", "app crashes when opening camera"),
        ("cable is way too short, had to buy an extension", "cable too short"),  # an excess
        ("too expensive for what it is tbh", "too expensive"),  # stops at the wh-clause
        ("Not impressed.", "not impressed"),
        ("i'm not able to log in", "cannot log in"),
        ("mine was stuck for a week", "stuck"),  # the duration is when, not what
        ("it's been 12 days", ""),  # only a duration
        ("same issue here.", ""),  # only generic words: a "me too" reply takes its parent's
        ("paired in like 30 seconds, don't know why people are struggling", ""),
        ("now just don't let it happen again", ""),  # a negated imperative
        ("just ordered the bundle can't wait", ""),
        ("unable to locate baggage, this is frustrating.", "cannot locate baggage"),
        ("3 weeks and no shipping update.", "no shipping update"),  # something missing
        ("no thanks", ""),
        # a price is the complaint when nothing else is wrong
        ("$129 for a desk lamp is wild", "desk lamp too expensive"),
        ("40 bucks for a cable? seriously", "cable too expensive"),
        ("\u20ac89 for shipping is a joke", "shipping too expensive"),
        ("I paid 200 dollars for this lamp and it flickers", "flickers"),
        ("the pricing is insane, $199?", "too expensive"),  # the price is not the thing
        ("pricing in canada is brutal, it's like $185 CAD with shipping", "too expensive"),
        ("sage edition at $199 is insane", "sage edition too expensive"),
        ("I want my $200 back", ""),  # an amount in a sentence about something else
        # a negated verb of nothing in particular gives way to the problem verb
        ("shame I can't see any of them because the app crashes", "app crashes"),
        ("I can't log in, the app crashes", "cannot log in"),
        # a place or a code alone names no problem
        ("another evening at Gatwick", ""),
        ("sitting in Denver for three hours", ""),
        # a relative pronoun is not the subject that is delayed
        ("I got moved to the 9pm flight which is now delayed", "delayed"),
        # a thing written in capitals is still a thing
        ("the ATM ate my card", "atm ate card"),
        ("still stuck at LAX", "stuck at lax"),
        # the state a problem noun is in ("on hold"), not the bare noun; not "info on X"
        ("been on hold for two hours", "on hold"),
        ("40 minutes on hold and counting", "on hold"),
        # "keep" is a problem only as a repeated failure; an interjection names nothing
        ("thanks for keeping us informed during the storm", ""),
        ("my card keeps getting declined", "card keeps declined"),
        ("WTF.", ""),
        # a letter ("w/") or a bare imperative without an object names no problem
        ("dealing w/ them again", ""),
        ("STOP", ""),
        ("please delete my account", "delete account"),
        # Issue-tracker and feedback-form wording: a kind label says what kind of comment it is,
        # not what is broken or asked for.
        ("Bug: crash when opening settings on Android 14.", "crash when opening settings on android 14"),
        ("[Bug] app crashes on startup", "app crashes on startup"),
        # "no longer" negates the verb it modifies
        ("the app no longer opens", "app not opening"),
        ("since the update I can no longer play", "cannot play"),
        # an activity as the subject: what fails is the activity
        ("Login with Google fails with error 500", "login with google fails with error"),
        ("topping up my card is not working", "topping up card not working"),
    ],
)
def test_complaint_phrases(sentence, phrase):
    extract._MEMO.clear()
    assert intent_phrases([sentence], ["complaint"]) == [phrase]
