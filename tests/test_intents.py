"""Tests for the `intents` stage: hand-written comments whose answers were worked out by hand.

Most tests run the stage on rules and sentiment alone (no embedder) or with a tiny
fake embedder of fixed vectors; only the tests marked slow load MiniLM.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from insights import schema as S
from insights.config import Config
from insights.corpus import Corpus
from insights.errors import ConfigError, InputError
from insights.intents import (
    IntentStage,
    cluster_phrases,
    group_table,
    rule_scores,
    split_sentences,
    train,
)
from insights.intents.extract import intent_phrases


class KeywordEmbedder:
    """Fixed vectors by keyword: a stand-in for MiniLM that tests can reason about."""

    name = "keyword-test"
    AXES = (
        ("dark", "night", "black"),  # a dark theme
        ("offline", "map"),  # offline maps
        ("add", "wish", "please", "would"),  # asking for something
        ("crash", "freez", "broken"),  # something broken
    )

    def encode(self, texts):
        out = np.zeros((len(texts), len(self.AXES) + 1), dtype=np.float32)
        for i, text in enumerate(texts):
            low = text.lower()
            for j, words in enumerate(self.AXES):
                out[i, j] = sum(low.count(w) for w in words)
            out[i, -1] = 0.1  # never a zero vector
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def make_corpus(texts, kept=None, embedder=None, **columns) -> Corpus:
    frame = pd.DataFrame({S.COMMENT_ID: [f"c{i}" for i in range(len(texts))], S.TEXT: texts})
    frame[S.CLEAN_TEXT] = frame[S.TEXT]
    frame[S.KEPT] = kept if kept is not None else [True] * len(texts)
    frame[S.DROP_REASON] = ["" if k else "spam" for k in frame[S.KEPT]]
    for name, values in columns.items():
        frame[name] = values
    corpus = Corpus(comments=frame)
    if embedder is not None:
        vectors = embedder.encode(frame[S.CLEAN_TEXT].tolist())
        vectors[~frame[S.KEPT].to_numpy(dtype=bool)] = 0
        corpus.embeddings = vectors
        corpus.info["embedding_model"] = embedder.name
    return corpus


# --- intent per comment: 20 hand-written comments (primary, every intent that applies) ----------
CASES = [
    ("Love it, but please add dark mode.", "request", {"praise", "request"}),
    ("The app crashes every time I open the camera.", "complaint", {"complaint"}),
    ("How do I export my notes?", "question", {"question"}),
    ("Great app, works perfectly!", "praise", {"praise"}),
    ("I downloaded it yesterday.", "other", {"other"}),
    ("Please fix the login bug.", "complaint", {"complaint"}),
    ("It would be great if you could add a sleep timer.", "request", {"request"}),
    ("Still waiting for my refund after three weeks.", "complaint", {"complaint"}),
    ("My flight was delayed 5 hours and nobody told us why.", "complaint", {"complaint"}),
    ("Is there a way to change the font size?", "question", {"question"}),
    ("Doesn't work on my tablet anymore.", "complaint", {"complaint"}),
    ("Thank you for the quick help!", "praise", {"praise"}),
    ("No bugs, no ads, just a great game.", "praise", {"praise"}),
    ("I wish there was an offline mode.", "request", {"request"}),
    ("The food was cold and the waiter was rude.", "complaint", {"complaint"}),
    ("Why does it keep logging me out?", "complaint", {"complaint", "question"}),
    ("Lack of a search function.", "request", {"request"}),
    ("Watching this from Brazil.", "other", {"other"}),
    (
        "Can you add a widget? The app itself is awesome.",
        "request",
        {"request", "question", "praise"},
    ),
    (
        "It takes forever to load and drains my battery. I love the design though.",
        "complaint",
        {"complaint", "praise"},
    ),
]


@pytest.fixture(scope="module")
def rules_result():
    corpus = make_corpus([text for text, _, _ in CASES])
    return IntentStage().run(corpus).comments


@pytest.mark.parametrize("index", range(len(CASES)))
def test_intent_of_hand_written_comments(rules_result, index):
    text, primary, every = CASES[index]
    row = rules_result.iloc[index]
    assert row[S.INTENT] == primary, text
    assert set(row[S.INTENTS_ALL].split(";")) == every, text


def test_long_comments_are_judged_sentence_by_sentence():
    assert split_sentences("Love it!! But please add dark mode.") == [
        "Love it!!",
        "But please add dark mode.",
    ]
    first, second = (rule_scores(s) for s in split_sentences("Love it!! But please add dark mode."))
    assert first["praise"] == 1.0 and first["request"] == 0.0
    assert second["request"] == 1.0 and second["praise"] == 0.0


def test_repair_requests_are_complaints_not_requests():
    scores = rule_scores("please fix the sync")
    assert scores["complaint"] == 1.0
    assert scores["request"] < 1.0


@pytest.mark.parametrize(
    "sentence",
    [
        "please make it take up less space",
        "make the game smoother pls",
        "plz update the app as soon as possible",
        "i'd like this to be looked into",
        "i would like it more if it would open when i tap it",
        "make it stop draining my battery",
    ],
)
def test_a_call_to_repair_is_a_complaint_not_a_request(sentence):
    # Asking the product to do what it already should is the complaint's call to action.
    scores = rule_scores(sentence)
    assert (scores["request"], scores["complaint"]) == (0.0, 1.0)


@pytest.mark.parametrize(
    "sentence",
    [
        "ok can you please put more missions and pls fix the bugs",  # a new ask beside the repair
        "my only problem is it crashes, please add dark mode",
        "can you guys make it work with smart tvs",  # a new integration, not a repair
        "please update with more levels",
    ],
)
def test_a_new_ask_beside_a_repair_is_still_a_request(sentence):
    assert rule_scores(sentence)["request"] == 1.0


@pytest.mark.parametrize(
    "sentence",
    [
        "could use more spells though",
        "one feature that i really miss is the subtitles",
        "make sure that in the next version we can move it to the sd card",
        "feature requests: buses moving on the map",
        "it should also add a way to pin notes",
    ],
)
def test_idioms_of_wanting_are_requests(sentence):
    assert rule_scores(sentence)["request"] == 1.0


@pytest.mark.parametrize(
    "sentence, req",
    [("please let me know when it ships", 0.0), ("i could use this app every day", 0.0)],
)
def test_phrases_that_look_like_asks_but_are_not(sentence, req):
    assert rule_scores(sentence)["request"] == req


@pytest.mark.parametrize(
    "sentence",
    [
        "the only problem i have is that i would like to save files to the sd card",
        "one minor issue i have is the lack of a back button",
    ],
)
def test_problem_words_that_frame_an_ask_do_not_make_a_complaint(sentence):
    scores = rule_scores(sentence)
    assert scores["request"] == 1.0 and scores["complaint"] < 1.0


def test_evaluative_words_beside_an_ask_are_weak_complaint_evidence():
    assert rule_scores("the lack of a save feature is frustrating")["complaint"] == 0.25
    assert rule_scores("the menus are confusing")["complaint"] == 0.5


def test_a_cue_the_head_all_but_rules_out_does_not_decide_alone():
    from insights.intents.classify import combine

    rules = np.array([[1.0, 0, 0, 0]] * 2)
    head = np.array([[0.05, 0.5, 0.0, 0.0, 0.45], [0.2, 0.3, 0.0, 0.0, 0.5]])
    scores = combine(rules, head, None)
    assert scores[0, 0] < 0.5 <= scores[1, 0]


def test_negated_problems_are_not_complaints():
    assert rule_scores("It never crashes and has no ads")["complaint"] < 1.0
    assert rule_scores("It crashes")["complaint"] == 1.0


# --- phrasings of social media and forums (rules alone, answers worked out by hand) ---------
SOCIAL_CASES = [
    # Elliptical requests: a thing plus "please", "+1", "when?", "can we get", "would love".
    ("offline maps please!", "request", {"request"}),
    ("subtitles pls", "request", {"request"}),
    ("+1 for a family plan", "request", {"request"}),
    ("Tablet version when?", "request", {"request", "question"}),
    ("can we get a pause button?", "request", {"request", "question"}),
    ("would love a way to share lists", "request", {"request"}),
    ("bring back the old menu", "request", {"request"}),
    # A request that also praises or explains its pain is a request first.
    ("the new colours are great, now give us a matching case", "request", {"request", "praise"}),
    # Complaints without a classic problem word: effort, waiting, price, excess.
    ("setup was a nightmare, took me an hour", "complaint", {"complaint"}),
    ("it's been 3 weeks and still no package", "complaint", {"complaint"}),
    ("$60 a month? no thanks", "complaint", {"complaint", "question"}),
    ("the strap is way too short", "complaint", {"complaint"}),
    ("first and last time I fly with them", "complaint", {"complaint"}),
    # Not complaints: a solved problem, a support team's reply, a bare "yes please".
    ("the new version fixed the crash for me", "other", {"other"}),
    ("Sorry to hear that! Please DM us your order number.", "other", {"other"}),
    ("yes please", "other", {"other"}),
    ("hope I win", "other", {"other"}),
]


@pytest.mark.parametrize("index", range(len(SOCIAL_CASES)))
def test_social_media_phrasings(index):
    text, primary, every = SOCIAL_CASES[index]
    row = IntentStage(use_sentiment=False).run(make_corpus([text])).comments.iloc[0]
    assert row[S.INTENT] == primary, text
    assert set(row[S.INTENTS_ALL].split(";")) == every, text


def test_a_complaint_that_comes_first_stays_primary_over_a_later_request():
    out = (
        IntentStage(use_sentiment=False)
        .run(make_corpus(["It crashes on start. Also, a dark theme please."]))
        .comments.iloc[0]
    )
    assert out[S.INTENT] == "complaint"
    assert set(out[S.INTENTS_ALL].split(";")) == {"complaint", "request"}


def test_capability_cues_need_a_capability():
    assert rule_scores("lacks basic features")["request"] == 1.0
    assert rule_scores("the lack of wins is boring")["request"] < 1.0
    assert rule_scores("there is no option to export")["request"] == 1.0
    assert rule_scores("there is no other app like this")["request"] < 1.0


def test_embedder_is_rebuilt_from_a_model_directory(tmp_path):
    from insights.embed import run_embedder

    assert run_embedder({"embedding_model_path": None}) is None
    assert run_embedder({"embedding_model_path": str(tmp_path / "missing")}) is None


# --- intent_text ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, intent, phrase",
    [
        ("please add a dark mode!!", "request", "add dark mode"),
        (
            "app crashes every time I open the camera",
            "complaint",
            "app crashes when opening camera",
        ),
        ("I wish it had offline maps", "request", "add offline maps"),
        ("Needs an undo button", "request", "add undo button"),
        ("It would be nice if you could add a sleep timer", "request", "add sleep timer"),
        (
            "It keeps crashing when I upload photos",
            "complaint",
            "keeps crashing when uploading photos",
        ),
        ("I can't log in since the update", "complaint", "cannot log in since update"),
        ("Great app, love it", "praise", ""),
    ],
)
def test_intent_text(sentence, intent, phrase):
    assert intent_phrases([sentence], [intent]) == [phrase]


def test_stage_fills_intent_text_only_for_requests_and_complaints(rules_result):
    by_text = dict(zip(rules_result[S.TEXT], rules_result[S.INTENT_TEXT]))
    assert by_text["Love it, but please add dark mode."] == "add dark mode"
    assert (
        by_text["The app crashes every time I open the camera."]
        == "app crashes when opening camera"
    )
    assert by_text["How do I export my notes?"] == ""
    assert by_text["Great app, works perfectly!"] == ""


# --- grouping ------------------------------------------------------------------------------
def test_cluster_phrases_with_fixed_vectors():
    vectors = np.array([[1, 0], [0.9, 0.436], [0.95, 0.312], [0, 1], [1, 0]], dtype=np.float32)
    # cos(0, 1) = 0.9, cos(0, 2) = 0.95, cos(1, 2) = 0.99; offline maps (3) is orthogonal to all.
    assert cluster_phrases(vectors, threshold=0.7).tolist() == [0, 0, 0, 1, 0]
    assert cluster_phrases(vectors[:0]).tolist() == []
    assert cluster_phrases(vectors[:1]).tolist() == [0]


def test_group_table_counts_authors_mentions_and_examples():
    frame = pd.DataFrame(
        {
            S.COMMENT_ID: ["c1", "c2", "c3", "c4", "c5"],
            S.TEXT: [
                "pls dark mode",
                "a night theme would be nice",
                "black background option please",
                "offline maps!",
                "Please add a dark mode",
            ],
            S.AUTHOR: ["ann", "bob", "ann", "cy", "dee"],
            S.DUPLICATE_COUNT: [2, 1, 1, 1, 3],
            S.SENTIMENT: [0.2, 0.4, 0.0, -0.5, 0.2],
        }
    )
    phrases = [
        "add dark mode",
        "add night theme",
        "add black background option",
        "add offline maps",
        "add dark mode",
    ]
    vectors = np.array([[1, 0], [0.9, 0.436], [0.95, 0.312], [0, 1], [1, 0]], dtype=np.float32)
    table, ids = group_table(frame, phrases, vectors, threshold=0.7, n_examples=2)
    assert ids.tolist() == [0, 0, 0, 1, 0]
    first = table.iloc[0]
    assert first[S.GROUP_PHRASE] == "add dark mode"  # the most frequent phrasing
    assert first[S.GROUP_COUNT] == 4
    assert first[S.GROUP_AUTHORS] == 3  # ann twice
    assert first[S.GROUP_MENTIONS] == 7  # 2 + 1 + 1 + 3 collapsed copies
    assert first[S.GROUP_VARIANTS] == "add night theme;add black background option"
    assert first[S.GROUP_COMMENT_IDS] == "c1;c2;c3;c5"
    assert first[S.GROUP_EXAMPLES] == ["pls dark mode", "Please add a dark mode"]
    assert first[S.GROUP_SENTIMENT] == pytest.approx(0.2)
    assert table[S.GROUP_COUNT].tolist() == [4, 1]  # sorted by count


def test_stage_groups_synonymous_requests():
    embedder = KeywordEmbedder()
    texts = [
        "Please add a dark mode",
        "I wish it had a night theme",
        "Please add offline maps",
        "Would love a black background option",
        "The app crashes when I open it",
    ]
    # Grouping on the phrase: the keyword vectors of whole comments are dominated by "please".
    corpus = IntentStage(embedder=embedder, group_on="phrase+comment").run(
        make_corpus(texts, embedder=embedder, author=["a", "b", "c", "a", "d"])
    )
    comments = corpus.comments
    assert comments[S.INTENT].tolist() == ["request", "request", "request", "request", "complaint"]
    assert comments[S.REQUEST_GROUP].tolist() == [0, 0, 1, 0, -1]
    assert comments[S.COMPLAINT_GROUP].tolist() == [-1, -1, -1, -1, 0]
    requests = corpus.requests
    assert requests[S.GROUP_COUNT].tolist() == [3, 1]
    assert requests[S.GROUP_AUTHORS].tolist() == [2, 1]
    assert requests[S.GROUP_COMMENT_IDS].tolist() == ["c0;c1;c3", "c2"]
    assert requests.iloc[1][S.GROUP_PHRASE] == "add offline maps"
    assert corpus.complaints[S.GROUP_COUNT].tolist() == [1]


# --- contract: tiny inputs, dropped rows, scores ---------------------------------------------
@pytest.mark.parametrize("n", [0, 1, 3, 10])
def test_tiny_inputs(n):
    texts = ["please add dark mode", "it crashes", "how do I log in?", "love it", "ok"] * 2
    corpus = IntentStage().run(make_corpus(texts[:n]))
    comments = corpus.comments
    assert len(comments) == n
    for column in (
        S.INTENT,
        S.INTENTS_ALL,
        S.INTENT_TEXT,
        S.REQUEST_GROUP,
        S.COMPLAINT_GROUP,
        S.INTENT_SCORE_REQUEST,
        S.INTENT_SCORE_COMPLAINT,
        S.INTENT_SCORE_QUESTION,
        S.INTENT_SCORE_PRAISE,
        S.INTENT_SCORE_OTHER,
    ):
        assert column in comments
    assert set(comments[S.INTENT]) <= set(S.INTENTS)
    assert list(corpus.requests.columns) == list(corpus.complaints.columns)
    assert S.GROUP_PHRASE in corpus.requests.columns
    assert len(corpus.requests) == (1 if n >= 1 else 0)


def test_tiny_inputs_with_embedder():
    embedder = KeywordEmbedder()
    for n in (0, 1, 3):
        texts = ["please add dark mode", "it crashes", "love it"][:n]
        corpus = IntentStage(embedder=embedder).run(make_corpus(texts, embedder=embedder))
        assert len(corpus.comments) == n


def test_dropped_rows_are_other_and_ungrouped():
    corpus = IntentStage().run(
        make_corpus(["please add dark mode", "please add dark mode"], kept=[True, False])
    )
    dropped = corpus.comments.iloc[1]
    assert dropped[S.INTENT] == "other" and dropped[S.INTENTS_ALL] == "other"
    assert dropped[S.INTENT_TEXT] == "" and dropped[S.REQUEST_GROUP] == -1
    assert dropped[S.INTENT_SCORE_OTHER] == 1.0
    assert corpus.requests[S.GROUP_COUNT].tolist() == [1]


def test_all_rows_dropped():
    corpus = IntentStage().run(make_corpus(["spam spam", "more spam"], kept=[False, False]))
    assert corpus.comments[S.INTENT].tolist() == ["other", "other"]
    assert corpus.requests.empty and corpus.complaints.empty


def test_scores_are_in_range_and_deterministic():
    texts = [text for text, _, _ in CASES]
    embedder = KeywordEmbedder()
    first = IntentStage(embedder=embedder).run(make_corpus(texts, embedder=embedder)).comments
    second = IntentStage(embedder=embedder).run(make_corpus(texts, embedder=embedder)).comments
    pd.testing.assert_frame_equal(first, second)
    for column in (S.INTENT_SCORE_REQUEST, S.INTENT_SCORE_COMPLAINT, S.INTENT_SCORE_PRAISE):
        assert first[column].between(0, 1).all()


def test_star_rating_counts_as_sentiment():
    # A problem word with a 5-star verdict and kind words is not a complaint; with 1 star it is.
    texts = [
        "Fun game, a tiny glitch sometimes but I love it",
        "Fun game, a tiny glitch sometimes but I love it",
    ]
    comments = IntentStage().run(make_corpus(texts, rating=[5, 1])).comments
    assert comments[S.INTENT_SCORE_COMPLAINT].iloc[0] < comments[S.INTENT_SCORE_COMPLAINT].iloc[1]


# --- options and errors ------------------------------------------------------------------------
def test_config_options_are_validated():
    assert Config().set("intents", group_threshold=0.6).options("intents") == {
        "group_threshold": 0.6
    }
    with pytest.raises(ConfigError, match="group_threshold"):
        Config().set("intents", group_threshold="high")
    with pytest.raises(
        ConfigError, match="The 'threshold' parameter of IntentStage must be a float in"
    ):
        IntentStage(threshold=2.0).run(make_corpus(["hi"]))


def test_unknown_model_directory_is_explained(tmp_path):
    with pytest.raises(Exception, match="model.json"):
        IntentStage(model=str(tmp_path)).run(
            make_corpus(["please add dark mode"], embedder=KeywordEmbedder())
        )


# --- train() -------------------------------------------------------------------------------
def _labels_csv(tmp_path):
    rows = []
    for thing in (
        "dark mode",
        "offline maps",
        "a night theme",
        "black background",
        "map export",
        "dark icons",
    ):
        rows.append({"body": f"please add {thing}", "tag": "request"})
        rows.append({"body": f"{thing} crashes and is broken", "tag": "complaint"})
    path = tmp_path / "labels.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_train_writes_a_model_the_stage_uses(tmp_path):
    out = tmp_path / "model"
    result = train(
        _labels_csv(tmp_path),
        "body",
        "tag",
        out,
        embedder=KeywordEmbedder(),
        folds=3,
        verbose=False,
    )
    assert result["labels"] == ["complaint", "request"]
    assert result["n"] == 12 and result["folds"] == 3
    assert result["macro_f1"] == 1.0  # "add" and "crash" fall on different axes: separable
    assert set(result["per_class"]["request"]) == {"precision", "recall", "f1", "support"}
    meta = json.loads((out / "model.json").read_text())
    assert meta["embedder"] == "keyword-test"
    assert (out / "head.joblib").exists()

    embedder = KeywordEmbedder()
    corpus = make_corpus(["Please add a dark theme", "The map crashes, broken"], embedder=embedder)
    comments = IntentStage(model=str(out), embedder=embedder).run(corpus).comments
    assert comments[S.INTENT].tolist() == ["request", "complaint"]
    assert corpus.info["intents"]["method"].startswith("trained:")


def test_train_errors_name_the_fix(tmp_path):
    path = _labels_csv(tmp_path)
    with pytest.raises(
        InputError, match="Column 'text' not found in labels.csv. Columns found: body, tag"
    ):
        train(path, "text", "tag", tmp_path / "m", embedder=KeywordEmbedder(), verbose=False)
    with pytest.raises(InputError, match="at least two labels"):
        one_label = pd.DataFrame({"t": ["a", "b"], "l": ["x", "x"]})
        train(one_label, "t", "l", tmp_path / "m", embedder=KeywordEmbedder(), verbose=False)


def test_trained_model_on_other_embeddings_is_refused(tmp_path):
    out = tmp_path / "model"
    train(
        _labels_csv(tmp_path),
        "body",
        "tag",
        out,
        embedder=KeywordEmbedder(),
        folds=2,
        verbose=False,
    )
    corpus = make_corpus(["please add dark mode"], embedder=KeywordEmbedder())
    corpus.info["embedding_model"] = "st:all-MiniLM-L6-v2"
    with pytest.raises(ConfigError, match="was trained on 'keyword-test' embeddings"):
        IntentStage(model=str(out)).run(corpus)


# --- real models -----------------------------------------------------------------------------
@pytest.mark.slow
def test_minilm_groups_dark_mode_synonyms():
    from insights.embed import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    texts = [
        "Love it, but please add dark mode!",
        "I wish it had a night theme",
        "Would love a black background option",
        "please add offline maps",
    ]
    corpus = make_corpus(texts, embedder=embedder)
    # On the phrase: whole one-line comments ("Love it, but ...") are each grouped alone at 0.45.
    corpus = IntentStage(embedder=embedder, group_on="phrase+comment").run(corpus)
    assert corpus.comments[S.INTENT].tolist() == ["request"] * 4
    assert corpus.comments[S.REQUEST_GROUP].tolist() == [0, 0, 0, 1]
    assert corpus.requests[S.GROUP_COUNT].tolist() == [3, 1]


@pytest.mark.parametrize(
    "sentence, req, cmp",
    [
        ("i am not able to login with my account", 0.0, 1.0),  # a failure, not a missing feature
        ("it does not have a dark mode", 1.0, 0.25),  # a missing feature, barely a complaint
        ("i do not have the game on my tablet", 0.0, 0.5),  # the author's lack, not the app's
        ("don't miss the bonus feature", 0.0, 0.5),  # a recommendation
        ("light on memory and without lack of features", 0.0, 0.0),
    ],
)
def test_missing_capability_needs_the_product_to_lack_it(sentence, req, cmp):
    scores = rule_scores(sentence)
    assert (scores["request"], scores["complaint"]) == (req, cmp)


def test_negative_tone_counts_more_toward_complaint_than_positive_against_it():
    from insights.intents.classify import combine

    rules = np.zeros((2, 4))  # no problem word: "sat on the phone for an hour and got nowhere"
    head = np.array([[0.1, 0.3, 0.1, 0.1, 0.4]] * 2)
    scores = combine(rules, head, np.array([-0.8, 0.8]))
    # The head alone gives 0.3 * 0.55 / 0.9 = 0.18; tone adds 0.5 * 0.8: a complaint.
    assert scores[0, 1] == pytest.approx(0.3 * 0.55 / 0.9 + 0.4)
    assert scores[1, 1] == 0.0


@pytest.mark.parametrize(
    "sentence, cmp",
    [
        ("works great and doesn't kill my battery!", 0.5),  # praise by negation
        ("fast downloads, doesn't slow my phone down", 0.5),
        ("it drains my battery", 1.0),
    ],
)
def test_negated_resource_problems_are_not_complaints(sentence, cmp):
    assert rule_scores(sentence)["complaint"] == cmp


@pytest.mark.parametrize(
    "sentence, cmp",
    [
        ("cute but eats up alot of battery", 1.0),
        ("shame it burns through the battery", 1.0),
        ("great and pretty but heavy on battery", 1.0),
        ("battery goes very quickly", 1.0),
        ("takes up soo much memory", 1.0),
        ("it uses less battery than other apps", 0.0),  # praise
        ("i love how it uses less memory than other launchers", 0.0),
    ],
)
def test_resource_use_is_a_complaint(sentence, cmp):
    assert rule_scores(sentence)["complaint"] == cmp


def test_me_too_replies_take_their_parents_phrase():
    import pandas as pd

    from insights.intents.stage import inherit_from_parent

    frame = pd.DataFrame(
        {
            "comment_id": ["a", "b", "c", "d", "e"],
            "parent_id": ["", "a", "a", "a", "zz"],
            "intent": ["complaint", "complaint", "request", "complaint", "complaint"],
            "intent_text": [
                "light dies after 2 hours",
                "same issue",
                "",
                "app crashes on login",
                "",
            ],
        }
    )
    assert inherit_from_parent(frame) == 1
    # b says "same issue" under a's complaint; c is a request (another intent); d names its
    # own problem; e's parent is not in the export.
    assert frame["intent_text"].tolist() == [
        "light dies after 2 hours",
        "light dies after 2 hours",
        "",
        "app crashes on login",
        "",
    ]


@pytest.mark.parametrize(
    "sentence, cmp, praise",
    [
        ("updated to 3.1, no more crashes so far", 0.0, 1.0),  # the problem is gone
        ("no flicker at all, even on camera", 0.0, 1.0),
        ("the battery fix seems to work", 0.0, 0.0),  # a remedy that works
        ("the fix does not work", 1.0, 0.0),
        ("the update works but now it lags", 1.0, 0.0),
    ],
)
def test_a_problem_gone_is_no_complaint(sentence, cmp, praise):
    scores = rule_scores(sentence)
    assert (scores["complaint"], scores["praise"]) == (cmp, praise)


@pytest.mark.parametrize(
    "sentence, req",
    [
        # Longing for what the product had or others have is an ask.
        ("i really miss the old playlist view", 1.0),
        ("we still miss being able to sort by date", 1.0),
        # ... but failing to catch something is not.
        ("if i miss a call the widget shows it", 0.0),
        # Waiting for something to be built.
        ("once offline maps are implemented this is perfect", 1.0),
        ("sync is yet to be added", 1.0),
        ("where is the spanish language?", 1.0),
        ("the only drawback is the lack of tags", 1.0),
        ("lack of support for bookmarks", 1.0),
        # What other products lack, or this one may lack, is no ask.
        ("other editors lack this feature", 0.0),
        ("it may lack some features but it is free", 0.0),
        # A second verb after a modal describes; a recommendation is no suggestion.
        ("you can draw and make comics with it", 0.0),
        ("i suggest using this app for school", 0.0),
        ("i suggest adding a timer", 1.0),
        # Issue-tracker phrasing: a capability asked for in the passive; the polite ask.
        ("the page margins should be configurable", 1.0),
        ("i would ask for a way to pin tabs", 1.0),
        ("the margins are configurable in settings", 0.0),  # a fact
        ("how could it be possible??", 0.0),
        ("i miss this song so much", 0.0),  # nostalgia, not a capability
        ("i still miss my offline playlists feature", 1.0),
        ("will there be a fee when money is added to my account?", 0.0),
        ("where is the button to top up?", 0.5),  # how to find it: only the weak noun cue
    ],
)
def test_general_request_forms(sentence, req):
    assert rule_scores(sentence)["request"] == req


@pytest.mark.parametrize(
    "sentence, cmp",
    [
        ("never had it crash once", 0.0),  # no "but": praise by negation
        ("not a battery drain like the others", 0.5),  # only the weak "not" left
        ("doesn't address the crash at all", 1.0),  # a verb that deals with it: still a complaint
        ("lack of support for bookmarks", 0.0),  # a missing capability, not missing help
        ("lack of support from the staff", 1.0),
    ],
)
def test_problem_words_under_negation_and_missing_support(sentence, cmp):
    assert rule_scores(sentence)["complaint"] == cmp


class _FixedHead:
    """A head that reads every comment the same way (order: request, complaint, question,
    praise, other)."""

    def __init__(self, proba):
        self.proba = np.asarray(proba, dtype=float)

    def predict_proba(self, vectors):
        return np.tile(self.proba, (len(vectors), 1))


@pytest.mark.parametrize(
    "head, complaint",
    [
        # Rules: request 1.0 ("please add"), complaint 0.25 ("frustrating" beside the ask).
        # The head reads an ask: complaint = 0.6 * 0.25 + 0.4 * 0.2 = 0.23, tone adds nothing.
        ([0.5, 0.2, 0.05, 0.05, 0.2], False),
        # The head reads a complaint: 0.6 * 0.25 + 0.4 * 0.5 + 0.5 * 0.8 = 0.75.
        ([0.2, 0.5, 0.05, 0.05, 0.2], True),
    ],
)
def test_unhappy_tone_of_a_capability_ask_is_no_complaint(head, complaint):
    from insights.intents.score import Scorer, score_chunk

    out = score_chunk(
        ["frustrating lack of features, please add tags"],
        embeddings=np.zeros((1, 4)),
        sentiment=np.array([-0.8]),
        scorer=Scorer(head=_FixedHead(head)),
    )
    assert ("complaint" in out["intents"][0].split(";")) == complaint
    assert "request" in out["intents"][0].split(";")


@pytest.mark.parametrize(
    "sentence",
    [
        "i shouldn't have to call three times to get a refund",
        "it should not take a week to answer an email",
        "still can't get the printer to connect",
        "thanks for losing my order",
        "thanks for the canned reply",
        "thanks for making me wait two hours",
        "it's been a week and i still didn't get my card",
        "we are yet to hear back from anyone",
    ],
)
def test_entitlement_sarcasm_and_failed_effort_are_complaints(sentence):
    assert rule_scores(sentence)["complaint"] == 1.0


def test_plain_thanks_is_no_complaint():
    assert rule_scores("thanks for the quick reply")["complaint"] == 0.0


@pytest.mark.parametrize(
    "sentence, cmp",
    [
        ("having issues logging in since monday", 1.0),  # someone has the problem
        ("same problem here", 1.0),
        ("there is a problem with the sync", 1.0),
        ("i just have a small problem with the lights", 1.0),
        ("the tickets were issued today", 0.0),  # the verb "issue"
        ("one issue and one feature request", 0.25),  # a frame beside an ask: weak evidence
    ],
)
def test_problem_and_issue_name_a_failure_only_when_someone_has_one(sentence, cmp):
    assert rule_scores(sentence)["complaint"] == cmp


@pytest.mark.parametrize(
    "sentence", ["thank you devs for fixing the sync", "thanks so much for resolving this"]
)
def test_gratitude_for_a_repair_is_a_solved_problem(sentence):
    from insights.intents.rules import is_resolved

    assert is_resolved(sentence) and rule_scores(sentence)["complaint"] == 0.0


def test_yet_to_see_a_better_one_is_no_complaint():
    assert rule_scores("i have yet to see a better app")["complaint"] == 0.0


@pytest.mark.parametrize(
    "sentence, cmp",
    [
        # Words that merely end in "nt" negate nothing.
        ("since the recent update the map crashes", 1.0),
        ("the current build freezes on the login page", 1.0),
        ("excellent keyboard but it lags when typing fast", 1.0),
        ("the payment screen hangs forever", 1.0),
        # Negated auxiliaries, with and without the apostrophe, still negate.
        ("it doesn't crash at all", 0.5),
        ("dont have any bugs so far", 0.5),
        ("i cannot see any lag", 0.5),
    ],
)
def test_only_real_negations_cancel_a_problem_word(sentence, cmp):
    assert rule_scores(sentence)["complaint"] == cmp


@pytest.mark.parametrize(
    "sentence, solved",
    [
        ("the new patch finally works", True),
        ("the patch doesn't work", False),  # a remedy that fails: still a problem
        ("the firmware update hasn't helped", False),
        ("it isn't fixed for me", False),
        ("cleared the cache and that worked", True),  # a remedy that worked
        ("that did the trick, thanks", True),
        # A past state the problem ended is a regression report, not a solved problem.
        ("it worked well at first, now it freezes on the map", False),
        ("it worked fine until the last update", False),
        ("it worked before but it won't sync anymore", False),
    ],
)
def test_only_a_remedy_that_worked_is_a_solved_problem(sentence, solved):
    from insights.intents.rules import is_resolved

    assert is_resolved(sentence) == solved


def test_a_problem_after_it_worked_is_a_complaint():
    assert rule_scores("it worked well at first, now it freezes on the map")["complaint"] == 1.0


@pytest.mark.parametrize(
    "sentence, praise",
    [
        ("this isn't good", 0.0),
        ("the new menu wasn't helpful", 0.0),
        ("i don't recommend the paid tier", 0.0),
        ("i can't recommend this shop enough", 1.0),  # a praise idiom
    ],
)
def test_negated_praise_with_contractions(sentence, praise):
    assert rule_scores(sentence)["praise"] == praise


@pytest.mark.parametrize(
    "sentence, cmp",
    [
        ("thank you so much for the quick help", 0.0),  # gratitude, not "so much for X"
        ("so much for free shipping", 1.0),  # the sarcastic idiom
        ("the new version is better designed than the website", 0.0),
        ("the sofa looks much smaller than the photos", 1.0),
        ("i flew out of laguardia on monday", 0.0),  # "lag" inside a name
        ("scrolling lags and the menus are laggy", 1.0),
        ("nobody does it better than them", 0.0),
        ("nobody answers the chat", 1.0),
    ],
)
def test_problem_cues_need_their_own_sense(sentence, cmp):
    assert rule_scores(sentence)["complaint"] == cmp


@pytest.mark.parametrize(
    "sentence, cmp",
    [
        ("bug-free and lag-proof so far", 0.0),  # compounds that say the problem is absent
        ("the lag free mode still lags", 1.0),
        ("it doesn't take up a lot of storage", 0.5),  # negated resource use: only the weak "doesn't"
        ("it takes up a lot of storage", 1.0),
        ("the route optimization is superb", 0.0),  # optimisation as a feature
        ("the game is poorly optimized", 1.0),
        ("needs more optimization on older phones", 1.0),
    ],
)
def test_absent_problems_and_optimisation_as_a_feature(sentence, cmp):
    assert rule_scores(sentence)["complaint"] == cmp


@pytest.mark.parametrize(
    "sentence, cmp",
    [
        ("having some trouble signing in today", 1.0),  # "trouble" as "issues"
        ("the totals on the invoice are incorrect", 1.0),
        ("the step counter is wildly inaccurate", 1.0),
        ("you really let me down this time", 1.0),
        ("this bakery never lets me down", 0.0),
        ("after this i will never order from them again", 1.0),
        ("i will never use another planner", 0.0),  # loyalty, not churn
        ("the clerk was unhelpful", 0.5),  # a judgement: weak evidence
        ("had trouble with the subtitles but thanks to the update i can finally read them", 0.0),
    ],
)
def test_trouble_inaccuracy_let_down_and_churn(sentence, cmp):
    assert rule_scores(sentence)["complaint"] == cmp


@pytest.mark.parametrize(
    "sentence, cmp",
    [
        ("checkout takes way too much time to finish", 1.0),
        ("the sync takes more time for big folders", 1.0),
        ("it takes a lot of time to master", 0.0),  # effort of learning, no fault
        ("the update takes a lot storage", 1.0),  # "a lot" without "of"
    ],
)
def test_time_and_space_it_costs(sentence, cmp):
    assert rule_scores(sentence)["complaint"] == cmp


@pytest.mark.parametrize(
    "sentence, cmp",
    [
        ("they could have at least told us the show was moved", 1.0),
        ("we should have been offered a replacement", 1.0),
        ("i should have been a chef", 0.0),  # a wish about oneself, no one failed
    ],
)
def test_what_someone_failed_to_do_is_a_complaint(sentence, cmp):
    assert rule_scores(sentence)["complaint"] == cmp


@pytest.mark.parametrize(
    "sentence, req, cmp",
    [
        ("you could have warned us about the fee", 0.0, 1.0),  # counterfactual past: no ask
        ("the refund should have arrived already", 0.0, 1.0),
        ("you should have an export button", 1.0, 0.0),  # modal + have + noun still asks
        ("it should have a night mode", 1.0, 0.0),
    ],
)
def test_counterfactual_past_is_no_request(sentence, req, cmp):
    scores = rule_scores(sentence)
    assert (scores["request"], scores["complaint"]) == (req, cmp)


@pytest.mark.parametrize(
    "sentence, reply",
    [
        ("we're so sorry about the wait, please DM us", True),
        ("sorry to hear that!", True),
        ("i feel sorry for the staff who have to deal with this", False),  # pity, not an apology
        ("honestly i feel so sorry for the drivers", False),
    ],
)
def test_pity_is_no_support_reply(sentence, reply):
    from insights.intents.rules import is_support_reply

    assert is_support_reply(sentence) == reply


@pytest.mark.parametrize(
    "text",
    [
        '"We apologize for your frustrations. Have you been rebooked?" My bag is lost, 10 hours later.',
        '"We are so sorry for the trouble." That was a week ago. My bag is still lost.',
        # The end of the quotation and the complaint in one sentence: its own words are scored.
        '"So sorry to hear that. Please DM us." My bag is lost and nobody answers the phone.',
    ],
)
def test_a_quoted_support_reply_does_not_make_the_comment_a_reply(text):
    # The customer quotes the team's reply, then says what is wrong: their complaint counts in
    # full, as it does without the quotation.
    from insights.intents.score import Scorer, score_chunk

    own = text.rsplit('"', 1)[-1]
    quoted, alone = score_chunk([text, own.strip()], scorer=Scorer(use_sentiment=False))["intent_score_complaint"]
    assert alone > 0 and quoted == alone


def test_an_unquoted_support_reply_still_is_one():
    from insights.intents.score import Scorer, score_chunk

    out = score_chunk(
        ["So sorry about the delay, the app crashes on login for some users. DM us and we'll look into it."],
        scorer=Scorer(use_sentiment=False),
    )
    assert out["intent"][0] != "complaint"


@pytest.mark.parametrize(
    "sentence, reply",
    [
        # The author's own apology, or someone else's reported: no support team speaks.
        ("Sorry for my bad English, the app crashes on start.", False),
        ("Sorry about my rant, but the sync keeps failing.", False),
        ("They are just sorry for my inconvenience.", False),
        ("He was the only agent to apologize for the mess.", False),
        ("You apologise for his frustration but not for your service?", False),
        # A team's own apology, and other reply cues beside a reported one, still are replies.
        ("We're sorry for the delay, we'll look into it.", True),
        ("Thank you so much and sorry for the wait.", True),
        ("They said sorry, so please DM us your order number.", True),
    ],
)
def test_an_apology_that_is_not_the_teams_is_no_support_reply(sentence, reply):
    from insights.intents.rules import is_support_reply

    assert is_support_reply(sentence) == reply


@pytest.mark.parametrize(
    "sentence, cmp, req",
    [
        # "miss the features" (plural) is longing for a capability like "miss the feature".
        ("not worth it, i miss the features of the iphone app", 0.25, 1.0),
        # "needs work" only asks to improve: beside a missing capability it asks for that one.
        ("still needs work, i miss the push feature", 0.25, 1.0),
        ("needs work, it crashes a lot", 1.0, 0.0),
        ("needs some work", 1.0, 0.0),
    ],
)
def test_a_missing_capability_beside_unspecific_displeasure_is_an_ask(sentence, cmp, req):
    scores = rule_scores(sentence)
    assert (scores["complaint"], scores["request"]) == (cmp, req)


@pytest.mark.parametrize(
    "sentiment, rating, complaint",
    [
        # Rules: complaint 0.5 (the weak "not"); head 0.3: 0.6 * 0.5 + 0.4 * 0.3 = 0.42.
        (0.0, -1.0, False),  # one star on a neutral sentence: dislike, no problem named
        (0.0, 0.0, False),
        # With a rating, unhappy tone restates the verdict: no complaint without a named problem.
        (-0.8, -1.0, False),
        (-0.8, 0.0, False),
        # Without one, the tone is the only verdict and tips complaint: 0.42 + 0.5 * 0.8 = 0.82.
        (-0.8, float("nan"), True),
        (0.0, 1.0, False),  # a high rating still counts against: 0.42 - 0.25 * 0.5
    ],
)
def test_a_low_star_rating_alone_does_not_make_a_complaint(sentiment, rating, complaint):
    from insights.intents.score import Scorer, score_chunk

    out = score_chunk(
        ["not for my old phone"],
        embeddings=np.zeros((1, 4)),
        sentiment=np.array([sentiment]),
        rating=np.array([rating]),
        scorer=Scorer(head=_FixedHead([0.1, 0.3, 0.05, 0.05, 0.5])),
    )
    assert ("complaint" in out["intents"][0].split(";")) == complaint


def test_a_rated_review_still_complains_of_a_named_problem():
    from insights.intents.score import Scorer, score_chunk

    out = score_chunk(
        ["the app crashes every time I open the camera", "worst game ever"],
        embeddings=np.zeros((2, 4)),
        sentiment=np.array([-0.8, -0.8]),
        rating=np.array([-1.0, -1.0]),
        scorer=Scorer(head=_FixedHead([0.1, 0.3, 0.05, 0.05, 0.5])),
    )
    assert "complaint" in out["intents"][0].split(";")
    assert "complaint" not in out["intents"][1].split(";")  # a verdict, already in the stars


@pytest.mark.parametrize(
    "sentence, cmp",
    [
        # A negated problem in a counterfactual says the problem is there.
        ("I'd give it five stars if it didn't crash so often", 1.0),
        ("would be perfect if only it wouldn't freeze on the map", 1.0),
        ("it never crashes", 0.0),  # plain negation still praises
        ("it doesn't crash at all", 0.5),
        # Software functions that fail, in issue-tracker wording.
        ("the examples in the docs don't compile", 1.0),
        ("the sidebar no longer renders on firefox", 1.0),
        ("my headphones won't pair with the laptop", 1.0),
        ("after upgrading to 2.3 the export is gone", 1.0),
        # A failing function asked about: the subject sits between the negation and the verb.
        ("why won't it load?", 1.0),
        ("why isn't my card working?", 1.0),
        ("why can't i log in", 1.0),
        ("why doesn't the app sync", 1.0),
        # Not knowing how asks how; names no fault.
        ("i do not understand how to play it", 0.0),  # asks how; names no fault
        ("I don't know how to activate my card", 0.0),
        ("i don't understand why it was removed", 0.5),  # why: an objection, still weak evidence
        ("i can't figure out how to log in, it crashes", 1.0),  # a failure beside it still counts
        # Problem words in idioms that name no fault.
        ("the only thing that bugs me is the font", 0.0),  # annoys me: no software bug
        ("it lags behind other apps", 0.0),  # falls behind
        ("it lags", 1.0),
        ("so many bugs", 1.0),
    ],
)
def test_complaint_cue_of_each_rule_fix(sentence, cmp):
    assert rule_scores(sentence)["complaint"] == cmp
