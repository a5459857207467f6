"""Text helpers for topic keywords and labels: what counts as a word worth showing.

Handles (``@united``), URLs, hashtag signs, redaction placeholders and stop words
never reach a keyword or a label. Words that appear as an ``@handle`` anywhere in
the corpus are treated as handles too, so "united" from "@united" does not become
a topic just because every tweet is addressed to the same account.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@(\w{1,30})")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
# Redaction placeholders a cleaning step may leave: <USER>, [EMAIL], {PHONE}...
_PLACEHOLDER = re.compile(r"[<\[{][A-Z_]{2,20}[>\]}]")
_SPACES = re.compile(r"\s+")

# Words that carry feeling or filler, not subject matter: kept out of labels so a topic
# is named for what people talk about ("Lost luggage"), not how they feel ("Worst airline").
FILLER_WORDS = frozenset(
    """
    amp rt via pls plz thanks thank thx ty lol omg wtf yes yeah ok okay hi hello hey guys
    just really like dont don didn doesn isn wasn won cant can couldn wouldn shouldn im ive
    ill youre theyre thats whats hes shes lets let u ur get got getting gets going go gonna
    wanna know need needs want wants make makes made say said tell told way thing things
    today tomorrow yesterday time times day days now still ever even also much many lot lots
    good great bad worst best better awesome terrible horrible amazing love hate nice
    """.split()
)

STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | FILLER_WORDS

TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_']+\b"


def handle_words(texts: Iterable[str]) -> frozenset[str]:
    """Lower-cased names used as ``@handles`` anywhere in ``texts``.

    Example:
        >>> sorted(handle_words(["@united my bag", "thanks @JetBlue"]))
        ['jetblue', 'united']
    """
    found: set[str] = set()
    for text in texts:
        if "@" in text:
            found.update(m.lower() for m in _HANDLE.findall(text))
    return frozenset(found)


def strip_noise(text: str) -> str:
    """Lower-case text without URLs, e-mails, handles, placeholders or ``#`` signs.

    Example:
        >>> strip_noise("@united my bag is LOST http://t.co/x #fail")
        'my bag is lost fail'
    """
    text = html.unescape(str(text))
    text = _URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _PLACEHOLDER.sub(" ", text)
    text = text.replace("#", " ").replace("’", "'")
    return _SPACES.sub(" ", text).strip().lower()


def stop_words(extra: Iterable[str] = ()) -> list[str]:
    """The stop list for keywords: English stop words, filler, plus ``extra`` (e.g. handles)."""
    return sorted(STOP_WORDS | {w.lower() for w in extra})


def count_vectorizer(extra_stop: Iterable[str] = (), n_docs: int = 0) -> CountVectorizer:
    """The vectorizer BERTopic uses for c-TF-IDF keywords (uni- and bi-grams, no noise)."""
    return CountVectorizer(
        preprocessor=strip_noise,
        token_pattern=TOKEN_PATTERN,
        stop_words=stop_words(extra_stop),
        ngram_range=(1, 2),
        # Bigrams seen once are noise on big corpora; tiny corpora need every word.
        min_df=2 if n_docs >= 200 else 1,
    )


def tfidf_vectorizer(extra_stop: Iterable[str] = (), n_docs: int = 0) -> TfidfVectorizer:
    """The vectorizer behind the lexical half of the clustering features."""
    return TfidfVectorizer(
        preprocessor=strip_noise,
        token_pattern=TOKEN_PATTERN,
        stop_words=sorted(ENGLISH_STOP_WORDS | {w.lower() for w in extra_stop}),
        min_df=3 if n_docs >= 300 else 1,
        sublinear_tf=True,
    )
