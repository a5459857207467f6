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
from functools import lru_cache
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from insights.errors import ConfigError

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
    tbh imo imho btw idk ngl smh lmao lmfao fyi irl rn af
    """.split()
)

STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | FILLER_WORDS

TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_']+\b"
_TOKEN = re.compile(r"[^\W\d_][^\W\d_']*")
_WORD_RUN = re.compile(r"\w+")


# Regular English endings: a known word plus one of these is an inflection, not a typo.
RARE_FORM = 0.05


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Whole English words of the bundled MiniLM's WordPiece vocabulary (30k, lower case).

    Empty when the model package is missing: then no word is taken for a corruption.
    """
    try:
        from insights.embed import minilm_path

        path = Path(minilm_path()) / "vocab.txt"
        words = path.read_text(encoding="utf-8").split()
    except (ImportError, OSError, ConfigError):
        return frozenset()
    return frozenset(w for w in words if w.isalpha() and not w.startswith("##"))


class Normaliser:
    """The vectorizers' preprocessor: :func:`strip_noise`, then corrupted forms -> their word."""

    def __init__(self, canon: dict[str, str] | None = None) -> None:
        self.canon = canon or {}
        self._pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(self.canon))) + r")\b") if self.canon else None
        # A whole-word match of a form starts with the form's first run of word characters, which
        # is then a whole run of the text too: texts without any such run skip the slow regex
        # (an alternation of thousands of forms tried at every position).
        self._heads = frozenset(_WORD_RUN.match(form).group(0) for form in self.canon if _WORD_RUN.match(form))

    def __call__(self, text: str) -> str:
        text = strip_noise(text)
        if self._pattern is None or self._heads.isdisjoint(_WORD_RUN.findall(text)):
            return text
        return self._pattern.sub(lambda m: self.canon[m.group(1)], text)


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
    # Each pattern only where the characters it needs are (most comments have none of them).
    if "://" in text or "www." in text.lower():
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub(" ", _EMAIL.sub(" ", text))
    if "<" in text or "[" in text or "{" in text:
        text = _PLACEHOLDER.sub(" ", text)
    text = text.replace("#", " ").replace("’", "'")
    return _SPACES.sub(" ", text).strip().lower()


def stop_words(extra: Iterable[str] = ()) -> list[str]:
    """The stop list for keywords: English stop words, filler, plus ``extra`` (e.g. handles)."""
    return sorted(STOP_WORDS | {w.lower() for w in extra})


def count_vectorizer(
    extra_stop: Iterable[str] = (), n_docs: int = 0, canon: dict[str, str] | None = None
) -> CountVectorizer:
    """The vectorizer BERTopic uses for c-TF-IDF keywords (uni- and bi-grams, no noise)."""
    return CountVectorizer(
        preprocessor=Normaliser(canon),
        token_pattern=TOKEN_PATTERN,
        stop_words=stop_words(extra_stop),
        ngram_range=(1, 2),
        # Bigrams seen once are noise on big corpora; tiny corpora need every word.
        min_df=2 if n_docs >= 200 else 1,
    )


# Stop words of the TF-IDF/LSA features: plain English ones only. Filler such as "need" or
# "still" is kept there, unlike in labels: banking questions differ by exactly such words.
LEXICAL_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS)


def word_vectorizer(
    extra_stop: Iterable[str] = (), n_docs: int = 0, canon: dict[str, str] | None = None
) -> CountVectorizer:
    """Word counts behind the clustering features: every word but ``extra_stop`` (handles).

    The TF-IDF/LSA part keeps the columns that are not :data:`LEXICAL_STOP_WORDS`; the
    word-vector part uses them all, weighted down by frequency ("how long" still counts).

    Example:
        >>> v = word_vectorizer({"united"})
        >>> v.fit(["@united how long is the wait", "united lost my bag"]).get_feature_names_out().tolist()
        ['bag', 'how', 'is', 'long', 'lost', 'my', 'the', 'wait']
    """
    return CountVectorizer(
        preprocessor=Normaliser(canon),
        token_pattern=TOKEN_PATTERN,
        stop_words=sorted({w.lower() for w in extra_stop}) or None,
        min_df=3 if n_docs >= 300 else 1,
    )
