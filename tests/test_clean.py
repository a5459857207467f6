"""Tests for the `clean` stage; every expected value is worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insights import schema as S
from insights.clean import (
    Cleaner,
    detect_language,
    duplicate_key,
    find_duplicates,
    normalise,
    redact_personal_data,
    spam_score,
)
from insights.clean.spam import embedding_logit
from insights.corpus import Corpus
from insights.errors import ConfigError


def run(texts: list[object], **options: object) -> pd.DataFrame:
    frame = pd.DataFrame({S.COMMENT_ID: [f"c{i}" for i in range(len(texts))], S.TEXT: texts})
    return Cleaner(**options).run(Corpus(comments=frame)).comments


# --- normalisation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("@united my bag is lost", "my bag is lost"),
        ("soooo good!!!!", "soo good!"),
        ("really???!!! ok.....", "really?! ok..."),
        ("love it #BestAppEver", "love it Best App Ever"),
        ("#fail again", "fail again"),
        ("see https://example.com/x?a=1 now", "see now"),
        ("go to www.example.org today", "go to today"),
        ("Fish &amp; chips &lt;3", "Fish & chips <3"),
        ("line<br/>break <b>bold</b>", "line break bold"),
        ("donâ€™t stop", "don't stop"),
        ("\ufeffhello   \n world ", "hello world"),
        ("I 😡 this", "I enraged face this"),
        ("thumbs 👍🏽", "thumbs thumbs up"),
        ("it costs 1000000 dollars", "it costs 1000000 dollars"),  # digit runs are not letters
    ],
)
def test_normalise_cases(raw: str, expected: str) -> None:
    assert normalise(raw).text == expected


def test_normalise_counts_links_and_handles() -> None:
    n = normalise("@a @b look http://x.io and bit.ly/abc 😀")
    assert (n.urls, n.handles, n.emoji) == (2, 2, 1)
    assert n.plain == "look and"


def test_email_is_not_a_handle_or_link_after_redaction() -> None:
    out = run(["write to ann.lee@example.com about the refund"])
    assert out[S.CLEAN_TEXT][0] == "write to [email] about the refund"


def test_duplicate_key_ignores_case_punctuation_numbers_emoji() -> None:
    assert duplicate_key("First!!! 😀") == "first"
    assert duplicate_key("App crashes, v2.1 ") == "app crashes v"


# --- personal data -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("mail me at ann@example.com", "mail me at [email]"),
        ("call +44 7911 123456 now", "call [phone] now"),
        ("call (415) 555-0100", "call [phone]"),
        ("ring 555-123-4567", "ring [phone]"),
        ("https://x.io/r?token=abc123&page=2", "https://x.io/r?token=[redacted]&page=2"),
        ("https://x.io/?api_key=K1&access_token=T2", "https://x.io/?api_key=[redacted]&access_token=[redacted]"),
        ("2,000,000,000 views in 2015", "2,000,000,000 views in 2015"),  # counts are not phones
        ("1.000.000 views", "1.000.000 views"),
        ("score 3-2 in 2014-2015", "score 3-2 in 2014-2015"),
    ],
)
def test_redact_personal_data(raw: str, expected: str) -> None:
    assert redact_personal_data(raw) == expected


def test_display_text_is_original_with_only_personal_data_redacted() -> None:
    out = run(["@united CALL me: 555-123-4567!!! soooo late http://t.co/x"])
    assert out[S.DISPLAY_TEXT][0] == "@united CALL me: [phone]!!! soooo late http://t.co/x"
    assert out[S.TEXT][0].endswith("http://t.co/x") and "555-123-4567" in out[S.TEXT][0]
    assert out[S.CLEAN_TEXT][0] == "CALL me: [phone]! soo late"


def test_keep_personal_data_option() -> None:
    out = run(["mail ann@example.com please about the delay"], keep_personal_data=True)
    assert "ann@example.com" in out[S.DISPLAY_TEXT][0]
    assert "ann@example.com" in out[S.CLEAN_TEXT][0]


# --- reasons -----------------------------------------------------------------------------


def test_drop_reasons_in_order() -> None:
    texts = [None, 42, "", "   !!! ", "😀😀", "great", "the app crashes on login", "\x00\x01\x02\x03"]
    out = run(texts)
    assert out[S.DROP_REASON].tolist() == [
        "unreadable", "unreadable", "empty", "empty", "emoji_only", "too_short", "", "unreadable",
    ]
    assert out[S.KEPT].tolist() == [False] * 6 + [True, False]
    assert out[S.CLEAN_TEXT][0] == "" and out[S.CLEAN_TEXT][4] == ""
    assert out[S.EMOJI][4] == "grinning face grinning face"  # emoji kept as meaning, apart from clean_text


def test_bare_link_drop_is_spam_not_empty() -> None:
    out = run(["http://promo-example.net/deal?ref=1234", "www.example.org", "bit.ly/xyz nice"])
    assert out[S.DROP_REASON].tolist() == ["spam", "spam", "spam"]
    assert out[S.URL_COUNT].tolist() == [1, 1, 1]
    assert run(["www.example.org"], drop_spam=False)[S.DROP_REASON].tolist() == ["empty"]


def test_min_words_option() -> None:
    assert run(["great"], min_words=1)[S.KEPT].tolist() == [True]
    assert run(["great app"], min_words=3)[S.DROP_REASON].tolist() == ["too_short"]


def test_info_counts() -> None:
    corpus = Corpus(comments=pd.DataFrame({S.COMMENT_ID: ["1", "2", "3", "4"],
                                           S.TEXT: ["the app is slow", "the app is slow!", "😀", None]}))
    info = Cleaner().run(corpus).info["clean"]
    assert info["rows"] == 4 and info["kept"] == 1
    assert info["dropped"]["duplicate"] == 1
    assert info["dropped"]["emoji_only"] == 1
    assert info["dropped"]["unreadable"] == 1
    assert info["duplicate_groups"] == 1


# --- duplicates --------------------------------------------------------------------------


def test_exact_duplicates_collapse_onto_first_with_counts() -> None:
    texts = ["first post here", "Nice song", "FIRST post here!!!", "first post here 😀", "nice song."]
    out = run(texts)
    assert out[S.DUPLICATE_OF].tolist() == ["", "", "c0", "c0", "c1"]
    assert out[S.DUPLICATE_COUNT].tolist() == [3, 2, 0, 0, 0]
    assert out[S.DROP_REASON].tolist() == ["", "", "duplicate", "duplicate", "duplicate"]


def test_near_duplicates_found_but_distinct_texts_kept() -> None:
    base = "the new update deleted all my saved playlists and offline songs"
    texts = [
        base,
        base + " again",  # copy with an extra word
        base.replace("deleted", "deletd"),  # copy with a typo
        "the new update made the app much faster and I love the offline songs",
    ]
    out = run(texts)
    assert out[S.DUPLICATE_OF].tolist() == ["", "c0", "c0", ""]
    assert out[S.DUPLICATE_COUNT].tolist() == [3, 0, 0, 1]


def test_near_duplicate_threshold_one_means_exact_only() -> None:
    base = "the new update deleted all my saved playlists and offline songs"
    out = run([base, base + " again"], near_duplicate_threshold=1.0)
    assert out[S.DUPLICATE_OF].tolist() == ["", ""]


def test_keep_duplicates_option_still_links_copies() -> None:
    out = run(["slow app", "slow app"], drop_duplicates=False)
    assert out[S.KEPT].tolist() == [True, True]
    assert out[S.DUPLICATE_OF].tolist() == ["", "c0"]


def test_find_duplicates_never_chains() -> None:
    # b is near a, c is near b but not near a: c must not point at b (a copy) or a.
    a = "abcdefghij klmnopqrst uvwxyz one two three"
    b = "abcdefghij klmnopqrst uvwxyz one two four five"
    keys = [a, b, "zzzz yyyy xxxx wwww vvvv uuuu tttt"]
    assert find_duplicates(keys, threshold=0.7).tolist()[2] == -1
    assert find_duplicates([b, b, ""], threshold=0.7).tolist() == [-1, 0, -1]


def test_spam_copies_are_spam_not_duplicates_of_ham() -> None:
    spam = "check out my channel for funny videos"
    out = run(["funny videos", spam, spam])
    assert out[S.DROP_REASON].tolist() == ["", "spam", "spam"]
    assert out[S.DUPLICATE_COUNT].tolist()[0] == 1
    assert out[S.DUPLICATE_OF].tolist() == ["", "", ""]


# --- spam --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Check out my channel, I post gaming videos every day!",
        "subscribe to me and I will subscribe back",
        "sub4sub anyone?",
        "Follow me on insta for more",
        "visit my shop www.cheapstuff-example.com",
        "Earn $500 a day working from home, message me on whatsapp +1 415 555 0100",
        "FREE gift cards!!! click here bit.ly/xyz",
        "like this comment so everyone can see it",
        "Invest in bitcoin now and double your money",
        "I'm a rapper from Ohio, give my new mixtape a listen",
        "http://promo-example.net/deal?ref=1234",
        "Please donate to my gofundme gofundme.com/help-me",
        "DM us to collaborate, link in bio",
        "Congratulations! You have won a free iPhone, claim now",
        "Stream my new single on Spotify",
        "Buy cheap viagra online at www.pills-example.com",
        "RT and follow to win a PS5!",
        "Hello dear, I am a soldier far from home, message me on whatsapp",
    ],
)
def test_generic_spam_scores_high(text: str) -> None:
    assert spam_score(text) >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "I love this song so much",
        "the app crashes every time I open my account",
        "@united my bag is lost and nobody answers",
        "please add dark mode",
        "Check it out, the food is great",
        "I paid money for this app and it doesn't work, I want my money back",
        "can you follow me so I can DM you my confirmation number?",
        "who is still watching this in 2024?",
        "my flight was delayed 3 hours http://t.co/abc",
        "I can't watch my videos after the update",
        "please add collaboration with other users",
        "the app won't let me send photos to friends",
        "how do I transfer money to my savings account?",
    ],
)
def test_ordinary_comments_score_low(text: str) -> None:
    assert spam_score(text) < 0.5


def test_spam_is_dropped_with_signals_and_threshold_option() -> None:
    text = "Check out my channel please"
    out = run([text, "the checkout page is slow"])
    assert out[S.DROP_REASON].tolist() == ["spam", ""]
    assert "promote_own" in out[S.SPAM_SIGNALS][0].split(";")
    assert out[S.SPAM_SIGNALS][1] == ""
    assert 0.0 <= out[S.SPAM_SCORE][1] < out[S.SPAM_SCORE][0] <= 1.0
    assert run([text], spam_threshold=1.0)[S.KEPT].tolist() == [True]
    kept = run([text], drop_spam=False)
    assert kept[S.KEPT].tolist() == [True] and kept[S.SPAM_SCORE][0] >= 0.5


def test_embedding_view_with_fixed_vectors() -> None:
    # 2-d toy space: spam prototypes point along x, on-topic prototypes along y.
    spam_p = np.array([[1.0, 0.0]], dtype=np.float32)
    ham_p = np.array([[0.0, 1.0]], dtype=np.float32)
    emb = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    logit = embedding_logit(["a", "b"], emb, prototype_embeddings=(spam_p, ham_p))
    assert logit[0] > 0 > logit[1]


class KeywordEmbedder:
    """A fake embedder: 2-d vectors, x for promotion words, y for everything else."""

    name = "test-keywords"

    def encode(self, texts: list[str]) -> np.ndarray:
        # Words only spam prototypes use: the ham examples also say "follow", "link", "like".
        promo = ("channel", "subscribe", "website", "free", "sub")
        rows = [[1.0, 0.2] if any(w in t.lower() for w in promo) else [0.1, 1.0] for t in texts]
        matrix = np.array(rows, dtype=np.float32)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_cleaner_embedding_model_with_fake_embedder(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("INSIGHTS_CACHE_DIR", str(tmp_path))
    # "my new tune is up" has no rule signal; only the embedding view can call it spam.
    texts = ["my new tune is up, subscribe", "the song is lovely", "my new tune is up"]
    rules = run(texts)
    both = run(texts, spam_model="embeddings", embedder=KeywordEmbedder())
    assert both[S.SPAM_SCORE][1] <= rules[S.SPAM_SCORE][1] + 1e-9  # on-topic: not raised
    assert both[S.SPAM_SCORE][0] > rules[S.SPAM_SCORE][0]  # promotional: pushed up
    assert both[S.DROP_REASON][1] == ""


# --- language ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("my flight was delayed for three hours and nobody told us", "en"),
        ("el vuelo llegó tarde y perdieron mi maleta", "es"),
        ("le service client ne répond jamais à mes messages", "fr"),
        ("die App stürzt ständig ab, bitte beheben", "de"),
        ("ok", ""),
        ("lol", ""),
        ("これはすごい", "ja"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_drop_non_english_option() -> None:
    texts = ["the app crashes on login every time", "el vuelo llegó tarde y perdieron mi maleta"]
    assert run(texts)[S.KEPT].tolist() == [True, True]
    out = run(texts, drop_non_english=True)
    assert out[S.DROP_REASON].tolist() == ["", "non_english"]
    assert out[S.LANGUAGE].tolist() == ["en", "es"]


# --- options and edge sizes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "fragment"),
    [
        ("spam_threshold", 1.5, "'spam_threshold' parameter of Cleaner must be a float in [0, 1]"),
        ("near_duplicate_threshold", 0.0, "'near_duplicate_threshold' parameter of Cleaner"),
        ("min_words", -1, "'min_words' parameter of Cleaner must be an int >= 0"),
        ("spam_model", "bert", "'spam_model' parameter of Cleaner must be one of 'rules', 'embeddings'"),
        ("languages", ["en", "xx"], "'languages' parameter of Cleaner"),
    ],
)
def test_invalid_options_raise_actionable_errors(option: str, value: object, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        run(["some text here"], **{option: value})


@pytest.mark.parametrize("n", [0, 1, 3, 10])
def test_handles_small_corpora(n: int) -> None:
    topics = ["login", "search", "payments", "camera", "battery", "fonts", "sync", "maps", "alarms", "themes"]
    texts = [f"the {topic} screen needs work" for topic in topics[:n]]
    out = run(texts)
    assert len(out) == n
    assert out[S.KEPT].sum() == n


def test_no_text_column_marks_rows_unreadable() -> None:
    corpus = Corpus(comments=pd.DataFrame({S.COMMENT_ID: ["a", "b"]}))
    out = Cleaner().run(corpus).comments
    assert out[S.DROP_REASON].tolist() == ["unreadable", "unreadable"]


def test_deterministic() -> None:
    texts = ["same words here again", "same words here again!", "check out my channel", "🙂", None]
    a, b = run(texts), run(texts)
    pd.testing.assert_frame_equal(a, b)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=80), st.none(), st.integers()), max_size=8))
def test_property_any_input_never_crashes(values: list[object]) -> None:
    out = run(values)
    assert len(out) == len(values)
    assert all(isinstance(t, str) for t in out[S.CLEAN_TEXT])
    kept = out[S.KEPT].to_numpy(dtype=bool)
    assert all(r == "" for r in out[S.DROP_REASON][kept])
    assert all(r in S.DROP_REASONS for r in out[S.DROP_REASON][~kept])
    assert ((out[S.SPAM_SCORE] >= 0) & (out[S.SPAM_SCORE] <= 1)).all()


@pytest.mark.slow
def test_embeddings_spam_model_with_minilm() -> None:
    out = run(["I love this song", "check out my channel and subscribe"], spam_model="embeddings")
    assert out[S.DROP_REASON].tolist() == ["", "spam"]


# --- the posts' owner ------------------------------------------------------------------


def test_brand_replies_are_marked_owner_not_analysed() -> None:
    from insights.clean import Cleaner
    from insights.corpus import Corpus

    rows = [{"comment_id": f"q{i}", "text": f"the lamp flickers on post {i}", "author": f"fan{i}",
             "post_id": f"p{i % 4}", "parent_id": None} for i in range(12)]
    rows += [{"comment_id": f"r{i}", "text": f"So sorry about that, please DM us your order number {i}",
              "author": "brand", "post_id": f"p{i % 4}", "parent_id": f"q{i}"} for i in range(12)]
    frame = pd.DataFrame(rows)
    corpus = Cleaner().run(Corpus(frame))
    out = corpus.comments
    assert (out.loc[out["author"] == "brand", S.DROP_REASON] == S.DROP_OWNER).all()
    assert corpus.info["clean"]["owner_authors"] == ["brand"]
    kept_all = Cleaner(owner_authors=[]).run(Corpus(frame)).comments
    assert (kept_all.loc[kept_all["author"] == "brand", S.DROP_REASON] != S.DROP_OWNER).all()
