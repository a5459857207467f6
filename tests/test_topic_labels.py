"""Topic labels: corrupted words, generic nouns, problem phrases, plurals, distinct names.

Hand-written fixtures; the spaCy small model is the only model loaded (no MiniLM: the
vocabulary is passed in where a test needs one).
"""

from __future__ import annotations

from collections import Counter

import pytest

from insights.topics import labels as L

VOCAB = frozenset({"late", "flight", "save", "spot", "kind", "money", "on", "of", "pass", "passengers",
                   "customer", "service", "stuck", "memphis", "apple", "pay"})


def test_corrupted_forms_map_only_when_the_corpus_mangles_the_word():
    texts = ["late flight again"] * 30 + ["Late Flightr", "cancelled Flightled", "Flightled again", "Flighted"]
    assert L.canonical_words(texts, vocabulary=VOCAB) == {
        "flighted": "flight", "flightled": "flight", "flightr": "flight"}


@pytest.mark.parametrize("word", ["saver", "spotify", "kindle", "spotted"])
def test_a_derived_word_never_maps_to_its_prefix(word):
    # "saver" is save + er, "spotify" spot + ify, "kindle" kind + le: words of their own, even
    # next to a second unknown form of the same prefix.
    stem = {"saver": "save", "spotify": "spot", "kindle": "kind", "spotted": "spot"}[word]
    texts = [f"{stem} money"] * 30 + [f"my {word} app"] * 3 + [f"{stem}xq"]
    assert word not in L.canonical_words(texts, vocabulary=VOCAB)


def test_hashtags_compounds_and_typos_of_another_word_stay():
    texts = (["pass the money"] * 30 + ["passenegers waiting", "passengrs angry"]
             + ["customer service"] * 30 + ["customerservicefail", "customerservicewin"]
             + ["stuck again"] * 30 + ["stuckinmemphis", "stuckinmemphis"])
    assert L.canonical_words(texts, vocabulary=VOCAB) == {}


def test_a_single_odd_form_is_no_corruption():
    texts = ["spot on"] * 30 + ["spotify"]
    assert L.canonical_words(texts, vocabulary=VOCAB) == {}


def test_generic_nouns_are_no_label_and_no_modifier():
    labels = L.make_labels(
        {0: ["we waited an hour", "an hour delay again", "two hour delay", "hour delay at the gate"] * 3,
         1: ["the lamp is bright", "love the lamp", "lamp light is warm"] * 4},
        {0: ["hour", "delay"], 1: ["lamp"]}, frozenset())
    assert labels[0].lower().startswith("delay")
    assert "hour" not in labels[0].lower()


def test_participles_of_problem_verbs_make_problem_phrases():
    labels = L.make_labels(
        {0: ["my card was declined", "card declined again at the shop", "why was my card declined",
             "they declined my card", "card got declined twice"] * 2,
         1: ["how do I change my address", "update my address please", "new address"] * 3},
        {0: ["declined", "card"], 1: ["address"]}, frozenset())
    assert labels[0] == "Declined card"
    # A participle of a verb that names nothing wrong is no label: "requested refund" reads badly.
    phrases = L.candidate_phrases(["I requested a refund", "my refund was requested"], frozenset())
    assert all("requested" not in p for ps in phrases for p in ps)


def test_a_topic_most_of_whose_comments_report_a_problem_is_named_as_one():
    assert L._as_problem("Website", ["the website is down", "website keeps crashing", "website error again"]) \
        == "Website problems"
    assert L._as_problem("Website", ["love the website", "new website looks nice", "website is down"]) == "Website"
    assert L._as_problem("Lost bag", ["my bag is missing", "bag lost", "lost again"]) == "Lost bag"
    assert L._as_problem("Login crash", ["app crashes", "crash on login", "broken"]) == "Login crash"


def test_the_head_is_plural_when_people_write_it_so():
    assert L._plural("Login crash", Counter({("crash", "crashes"): 3, ("crash", "crash"): 2})) == "Login crashes"
    assert L._plural("Lost luggage", Counter({("luggage", "luggage"): 9})) == "Lost luggage"
    assert L._plural("Price", Counter({("price", "prices"): 1})) == "Price"  # too few uses to tell


def test_repeated_labels_take_the_next_phrase_not_a_parenthesis():
    texts = {
        0: ["my new card", "new card please", "when does the new card come", "order a new card"] * 3,
        1: ["new card delivery is slow", "card delivery tracking", "new card delivery date",
            "track card delivery"] * 3,
    }
    labels = L.make_labels(texts, {0: ["new card"], 1: ["delivery", "new card"]}, frozenset())
    assert labels[0] != labels[1]
    assert "(" not in labels[1]


@pytest.mark.parametrize("n", [0, 1, 3])
def test_tiny_topics_still_get_a_label(n):
    texts = {0: ["lost bag again", "my bag was lost", "bag lost"][:n]} if n else {}
    labels = L.make_labels(texts, {0: ["bag"]}, frozenset())
    assert (labels == {}) if n == 0 else labels[0]


def test_labels_are_deterministic():
    texts = {0: ["flight delayed 3 hours", "delayed flight again", "my flight was delayed"] * 4,
             1: ["they lost my bag", "lost bag at the airport", "bag still missing"] * 4}
    kw = {0: ["delayed", "flight"], 1: ["bag", "lost"]}
    assert L.make_labels(texts, kw, frozenset()) == L.make_labels(texts, kw, frozenset())


def test_two_leading_keywords_raised_separately_name_the_topic_together():
    texts = {0: ["the website is down again", "website will not load", "no reply to my email",
                 "sent an email twice", "your website is broken", "email never answered"] * 2,
             1: ["lovely crew on board", "the crew was great", "thanks to the crew"] * 4}
    labels = L.make_labels(texts, {0: ["email", "website", "site"], 1: ["crew"]}, frozenset())
    assert labels[0].lower().startswith(("email and website", "website and email"))


def test_a_keyword_pair_lengthens_a_label_only_as_people_write_it():
    assert L.written_pairs(["my phone number", "phone number?", "cash at the atm"] * 2,
                           ["phone number", "cash atm"]) == frozenset({"phone number"})
    scored = [("atm", 1.0), ("cash", 0.5), ("pound", 0.3)]
    assert L._best_phrase(scored, ["cash atm", "atm"], written=frozenset()) == "atm"
    assert L._best_phrase(scored, ["cash atm", "atm"], written=frozenset({"cash atm"})) == "cash atm"


def test_an_activity_leading_the_keywords_names_the_topic():
    texts = {0: ["I can't book a flight online", "trying to rebook my trip", "cannot book on the app",
                 "booking keeps failing", "help me rebook please"] * 3,
             1: ["lovely crew on board", "the crew was great", "thanks to the crew"] * 5}
    labels = L.make_labels(texts, {0: ["booking", "book", "online"], 1: ["crew"]}, frozenset())
    assert labels[0].lower().startswith("booking")


def test_or_joins_two_states_of_one_thing_only():
    assert L.compose("lost bag", "delayed bag") == "lost or delayed bag"
    assert L.compose("stolen phone", "lost phone") == "stolen or lost phone"
    # "card" is no state of a payment: "Pending or card payment" does not read.
    assert L.compose("pending payment", "card payment") == "pending payment"


def test_a_second_subject_must_lead_the_topics_keywords_and_not_respell_the_first():
    # "response" is as common as "email" among the central comments, but far down the topic's
    # keywords (counted over all of its comments); "website" leads them.
    docs = [{"email"}] * 4 + [{"response"}] * 4 + [{"website"}] * 2 + [set()] * 2
    scored = [("email", 1.0), ("response", 0.95), ("website", 0.5)]
    kw = ["email", "website", "address", "link", "form", "site", "response"]
    assert L.pick_label(scored, kw, docs) == "Email and website"
    docs = [{"crypto"}] * 3 + [{"cryptocurrency"}] * 3 + [set()] * 2
    assert L.pick_label([("crypto", 1.0), ("cryptocurrency", 1.0)], ["crypto", "cryptocurrency"], docs) == "Crypto"


def test_a_repeated_label_says_what_people_do_with_the_thing():
    from collections import Counter

    assert L._activity("card", ["delivered", "card"], [{"delivering"}] * 4, Counter({"delivery": 3})) \
        == "card delivery"
    # No noun made of the verb in the corpus: the gerund people use.
    assert L._activity("transaction", ["cancel", "transaction"], [{"cancelling"}] * 2 + [set()],
                       Counter()) == "cancelling transaction"
    # A keyword few comments use as a verb says nothing about what they do.
    assert L._activity("card", ["twice"], [set()] * 4, Counter()) is None


def test_words_used_meets_inflections_not_longer_words():
    assert L.words_used({"delay", "flight"}, "Flights delayed again") == 2
    assert L.words_used({"crashes"}, "it crashed twice") == 1
    assert L.words_used({"mode", "car"}, "modern cards") == 0


def test_a_topic_of_thanks_is_named_so_not_other_chatter():
    thanks = ["thank you!", "thanks so much", "much appreciated", "thx a lot", "thank you for the help",
              "thanks!!", "appreciate it", "you rock, thanks"] * 3
    texts = {0: ["my bag was lost", "lost bag again", "bag lost at the airport", "they lost my bag"] * 6,
             1: ["the flight was delayed", "delayed flight again", "flight delayed two hours"] * 8,
             2: ["the seat was broken", "broken seat in row 5", "seat broken again"] * 8,
             3: ["the crew was lovely", "lovely crew", "crew was great"] * 8,
             4: thanks}
    labels = L.make_labels(texts, {0: ["bag"], 1: ["delayed"], 2: ["seat"], 3: ["crew"], 4: ["thanks"]}, frozenset())
    assert labels[4] == "Thanks"
    assert L.thanks_share(["Thank you so much!", "appreciate the quick reply", "where is my bag"]) == pytest.approx(2 / 3)


def test_a_single_word_label_lengthens_around_another_form_of_it():
    # "delay" leads, but people write "delayed flight": the phrase says what was delayed.
    scored = [("delay", 1.0), ("delayed flight", 0.6), ("gate", 0.5)]
    assert L._best_phrase(scored, ["delayed", "delay"]) == "delayed flight"
    assert L._best_phrase([("delay", 1.0), ("gate agent", 0.6)], ["delay"]) == "delay"


def test_a_topic_repeating_one_line_is_named_by_it():
    texts = {0: ["my bag was lost", "lost bag again", "bag lost at the airport", "they lost my bag"] * 3,
             1: ["RT Our fleet's on fleek", "lol our fleet's on fleek", "Our fleet's on fleek. no way",
                 "STOP: our fleet's on fleek"] * 3}
    labels = L.make_labels(texts, {0: ["bag"], 1: ["fleet", "fleek"]}, frozenset())
    assert labels[1] == "Our fleet's on fleek"
    # A phrase many comments share is no copied line: three words, or one comment in two.
    assert L.copied_line(["on hold for an hour", "on hold for ages", "still on hold"]) is None


def test_a_topic_whose_best_phrase_is_rare_is_named_by_a_phrase_most_of_it_uses():
    # Phone-call complaints: "high volume" sets the topic apart best but 2 of 20 comments say it;
    # 12 of 20 say "phone" (WIDE_SHARE: 20%). The topic is "Phone", not "Other chatter".
    # "hold" scores better than "phone" but 3 of 20 say it: the best phrase enough comments use.
    docs = [{"phone"}] * 10 + [{"phone", "volume"}] * 2 + [{"hold"}] * 3 + [set()] * 5
    texts = ["on the phone again"] * 10 + ["phone volume high"] * 2 + ["on hold"] * 3 + ["ugh"] * 5
    scored = [("volume", 0.31), ("hold", 0.2), ("phone", 0.18)]
    assert L._widely_used(scored, docs, texts, set()) == "Phone"
    # Not a phrase another topic's label took, nor a generic noun, nor one a few comments use.
    assert L._widely_used(scored, docs, texts, {"phone"}) is None
    assert L._widely_used([("volume", 0.3), ("people", 0.2)], [{"people"}] * 20, ["people"] * 20, set()) is None
    assert L._widely_used([("volume", 0.3)], docs, texts, set()) is None


def test_two_spellings_of_one_thing_are_not_joined_into_a_label():
    # "site" and "website" lead a topic's keywords and each is used alone: one subject, not two.
    docs = [{"website"}] * 10 + [{"site"}] * 10 + [{"email"}] * 2
    scored = [("site", 1.0), ("website", 0.9), ("email", 0.2)]
    assert L.pick_label(scored, ["site", "website", "email"], docs).lower() in {"site", "website"}


def test_a_topic_whose_phrase_a_bigger_topic_took_says_what_people_do_with_it():
    # Both topics are about cancelled flights; the second one's people want to rebook. It is
    # "Rebooking cancelled flight(s)", not named after a side word its comments also use ("hold").
    texts = {0: ["my flight was cancelled", "cancelled flight again", "another cancelled flight today",
                 "the flight got cancelled"] * 8,
             1: ["cancelled flight, need to rebook, on hold", "please rebook my cancelled flight",
                 "trying to rebook the cancelled flight", "cancelled flight and I cannot rebook, hold forever"] * 5,
             2: ["the seat was broken", "broken seat in row 5", "seat broken again"] * 8}
    keywords = {0: ["cancelled flight", "cancelled"], 1: ["cancelled flight", "rebook", "hold"], 2: ["seat"]}
    labels = L.make_labels(texts, keywords, frozenset())
    assert labels[0].lower().startswith("cancelled flight")
    assert "rebook" in labels[1].lower() and "cancel" in labels[1].lower(), labels


def test_two_labels_of_one_word_in_two_forms_are_told_apart():
    # Both topics are about delays; one about delayed flights, the other about waiting. "Delay"
    # beside "Delayed flights" tells a reader nothing: the second says what sets it apart.
    texts = {0: ["my flight was delayed", "delayed flight again", "another delayed flight tonight",
                 "the delayed flight made me miss my connection"] * 6,
             1: ["another delay, still waiting", "delay after delay, the wait is endless", "the delay is long",
                 "two hour delay and a long wait at the gate", "delay again"] * 5,
             2: ["the seat was broken", "broken seat in row 5", "seat broken again"] * 8}
    keywords = {0: ["delayed flight", "delayed"], 1: ["delay", "delays", "wait"], 2: ["seat"]}
    labels = L.make_labels(texts, keywords, frozenset())
    assert labels[0].lower().startswith("delayed flight")
    assert "wait" in labels[1].lower(), labels
    assert not L._vaguer(labels[1], labels[0], True)
    # The word that tells them apart is one the other topic does not use as much.
    by_topic = {0: [{"delayed flight", "delay"}] * 6, 1: [{"delay", "wait"}, {"delay"}] * 3}
    assert L._apart("delay", [("delay", 1.0), ("wait", 0.5)], by_topic, 1, [0]) == "delay and wait"
    assert L._apart("delay", [("delay", 1.0), ("wait", 0.5)], {0: [{"wait"}] * 6, 1: by_topic[1]}, 1, [0]) is None
    # A joined second word is one of the topic's leading keywords, as a second subject is.
    assert L._apart("delay", [("delay", 1.0), ("wait", 0.5)], by_topic, 1, [0],
                    keywords=["delay", "gate", "late", "hour", "night", "wait"]) is None


def test_a_label_another_topic_has_in_another_form_says_what_people_do_with_the_thing():
    # "ATM" and "ATMs": the second topic's people ask which ATMs accept their card. Its verb is
    # its 6th keyword, beyond the 5 read for a second subject.
    texts = {0: ["the ATM kept my card", "ATM ate my card", "my card is in the ATM", "the ATM has my card"] * 4,
             1: ["which ATMs accept my card", "what ATMs will accept this card", "do all ATMs accept it",
                 "ATMs that accept the card"] * 4,
             2: ["the seat was broken", "broken seat in row 5", "seat broken again"] * 6}
    keywords = {0: ["atm", "card"], 1: ["atms", "card atms", "atms use", "use card", "card tried", "accept"],
                2: ["seat"]}
    labels = L.make_labels(texts, keywords, frozenset())
    assert "accept" in labels[1].lower(), labels
    # The noun the activity makes comes first when the comments write it so: "withdrawal fee".
    assert L._activity("fee", ["withdraw"], [{"withdrawing"}] * 3, Counter({"withdrawal": 3}),
                       texts=["a withdrawal fee", "why a fee"]) == "withdrawal fee"
    assert L._activity("card", ["deliver"], [{"delivering"}] * 3, Counter({"delivery": 3}),
                       texts=["card delivery", "my card"]) == "card delivery"


def test_a_one_word_label_few_comments_use_gives_way_to_one_many_use():
    # "food" sets the topic apart best, but 3 of 20 comments say it; 8 say "trip" (WIDE_SHARE).
    texts = {0: ["no food on board", "the food was cold", "food ran out"] + ["my trip is ruined", "trip over before it began",
                 "our trip home", "the trip was a mess"] * 2 + ["stranded at the airport", "stranded overnight",
                                                                 "stranded again"] * 3,
             1: ["my bag was lost on the trip", "lost bag on my trip", "trip and a lost bag", "they lost my bag"] * 5,
             2: ["the seat was broken", "broken seat in row 5", "seat broken again", "seat was broken"] * 5,
             3: ["the crew was lovely", "lovely crew", "crew was great", "great crew"] * 5,
             4: ["the wifi is down", "no wifi again", "wifi broken", "wifi please"] * 5}
    keywords = {0: ["food", "stranded"], 1: ["bag"], 2: ["seat"], 3: ["crew"], 4: ["wifi"]}
    assert L.make_labels(texts, keywords, frozenset())[0] == "Trip"


def test_a_one_word_label_few_comments_use_says_what_they_do_with_the_thing_most_name():
    # 2 of 20 questions on adding money mention a friend; all say "money", which another topic's
    # label has: the topic is named by what its people do with it.
    adds = ["how do I add money", "add money by bank transfer", "can I add money from abroad", "add money automatically",
            "add money with another card", "add money each week", "how to add money", "add money to it"]
    texts = {0: ["where is my money", "the money is gone", "money money money", "no money left"] * 5,
             1: ["money for the seat", "the seat was broken, money back", "broken seat in row 5", "seat broken again"] * 5,
             2: ["refund my money", "a refund of the money", "refund please", "the refund is late"] * 5,
             3: ["money lost on the fee", "the fee took money", "a fee again", "why this fee"] * 5,
             4: ["can my friend pay me", "my friend wants to pay"] + adds * 2 + ["add money twice", "add money now"]}
    keywords = {0: ["money"], 1: ["seat"], 2: ["refund"], 3: ["fee"], 4: ["add money", "add", "friend"]}
    assert L.make_labels(texts, keywords, frozenset())[4] == "Adding money"


def test_a_word_most_topics_use_takes_the_word_its_comments_write_beside_it():
    # Every topic says "airline"; this one is about the airline itself, and the other word its
    # comments use ("experience") is written beside it once: "Airline experience", not "Airline".
    texts = {0: ["worst airline ever", "this airline is the worst", "what an airline", "never this airline again",
                 "airline of nightmares", "my experience with this airline"] * 3 + ["the airline experience"],
             1: ["my bag was lost by the airline", "lost bag again", "the airline lost my bag", "they lost my bag"] * 5,
             2: ["the seat was broken", "broken seat in row 5, airline", "seat broken again", "seat was broken"] * 5,
             3: ["the crew was lovely", "lovely crew on the airline", "crew was great", "great crew"] * 5}
    keywords = {0: ["airline", "worst"], 1: ["bag"], 2: ["seat"], 3: ["crew"]}
    assert L.make_labels(texts, keywords, frozenset())[0] == "Airline experience"
    # Never written side by side: no compound, and no "X and Y" unless another label is told apart.
    docs = {0: [{"airline", "experience"}, {"airline"}] * 3}
    assert L._apart("airline", [("airline", 1.0), ("experience", 0.5)], docs, 0, [], ["bad experience"], False) is None


def test_a_label_another_topic_has_says_what_all_its_people_do_though_no_keyword_says_it():
    # Every comment of the last topic asks how to link a new card; "link" is none of its keywords
    # (c-TF-IDF over all of its comments may miss it). It is "Linking new card", not a parenthesis.
    texts = {0: ["I need a new card", "when does my new card come", "order a new card", "new card please"] * 5,
             1: ["my card", "is this card ok", "what card is it", "card card"] * 5,
             2: ["the seat was broken", "broken seat in row 5", "seat broken again", "seat was broken"] * 5,
             3: ["how do I link my new card", "link the new card", "can I link a new card",
                 "where do I link my new card"] * 4}
    keywords = {0: ["new card", "order"], 1: ["card"], 2: ["seat"], 3: ["new card", "card account"]}
    assert L.make_labels(texts, keywords, frozenset())[3] == "Linking new card"
    # A verb that says how a thing is or that someone wants it is no activity ("working card").
    assert L._own_verbs([{"working"}, {"working"}], Counter({"working": 2}), 40) == []
