"""Offline language identification with py3langid, restricted to common languages.

Restricting the candidate set makes py3langid faster and stops rare languages
from winning on short, noisy comments. Texts too short to tell return ``""``
(unknown) rather than a guess.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from insights.clean.native import kernel, packed

# The languages most comment exports contain; anything else is reported as the
# closest of these or, when unsure, as unknown.
DEFAULT_LANGUAGES: tuple[str, ...] = (
    "en", "es", "pt", "fr", "de", "it", "nl", "sv", "da", "no", "pl", "cs", "ro", "hu", "tr",
    "ru", "uk", "el", "ar", "fa", "he", "hi", "bn", "ur", "id", "ms", "tl", "vi", "th",
    "zh", "ja", "ko",
)
# Scripts that are nearly always one language: no need to ask the model.
_SCRIPT_LANGUAGE = (
    (0x3040, 0x30FF, "ja"),  # hiragana, katakana
    (0xAC00, 0xD7AF, "ko"),  # hangul syllables
    (0x0E00, 0x0E7F, "th"),
    (0x0590, 0x05FF, "he"),
    (0x0370, 0x03FF, "el"),
)


# Function words that are English and not common words of other Latin-script
# languages: a comment made mostly of them needs no model (a fast path, ~10x faster).
_ENGLISH_FUNCTION_WORDS = frozenset(
    ["the", "and", "is", "was", "are", "were", "be", "been", "being", "to", "of", "you", "your", "yours", "this", "that", "these", "those", "it", "its", "for", "with", "not", "but", "have", "has", "had", "having", "my", "they", "them", "their", "what", "which", "who", "will", "would", "can", "could", "should", "just", "from", "about", "because", "when", "there", "here", "how", "why", "all", "our", "we", "he", "she", "his", "her", "him", "i'm", "i've", "don't", "can't", "won't", "isn't", "it's", "that's", "if", "or", "an", "at", "by"]
)


def _looks_english(words: list[str]) -> bool:
    hits = sum(map(_ENGLISH_FUNCTION_WORDS.__contains__, _TOKEN.findall(" ".join(words).lower())))
    return hits >= 3 and hits >= 0.3 * len(words)


_LETTER = re.compile(r"[^\W\d_]")
_TOKEN = re.compile(r"[a-z']+")
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


@lru_cache(maxsize=4)
def _identifier(languages: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


def detect_language(
    text: str,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
    min_letters: int = 12,
    min_words: int = 3,
    min_confidence: float = 0.5,
) -> str:
    """ISO 639-1 code of the text's language, or ``""`` when it is too short or unclear.

    Args:
        text: the text to identify (URLs, handles and emoji already removed).
        languages: candidate languages.
        min_letters: fewer letters than this -> unknown.
        min_words: fewer words than this -> unknown, unless the script decides it.
        min_confidence: below this normalised probability -> unknown.

    Example:
        >>> detect_language("my flight was delayed for three hours")
        'en'
        >>> detect_language("ok")
        ''
    """
    return detect_languages([text], languages, min_letters, min_words, min_confidence)[0]


def detect_languages(
    texts: Sequence[str],
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
    min_letters: int = 12,
    min_words: int = 3,
    min_confidence: float = 0.5,
) -> list[str]:
    """:func:`detect_language` of many texts: the same answers, the model asked once for all.

    py3langid walks each text's bytes through a DFA in a Python loop; here that walk runs
    compiled for all texts at once (numba) and py3langid's own scoring follows, so the
    languages and confidences are py3langid's. Without numba, py3langid is asked text by text.

    Example:
        >>> detect_languages(["my flight was delayed for three hours", "ok"])
        ['en', '']
    """
    out: list[str] = []
    ask: list[int] = []
    for text in texts:
        answer = _without_model(text, languages, min_letters, min_words)
        if answer is None:
            ask.append(len(out))
            answer = ""
        out.append(answer)
    if ask:
        # The first 300 characters decide as well as the whole text, at a bounded cost.
        guesses = _classify_many([texts[i][:300] for i in ask], tuple(languages))
        for i, (lang, confidence) in zip(ask, guesses):
            out[i] = lang if confidence >= min_confidence else ""
    return out


def _without_model(text: str, languages: tuple[str, ...], min_letters: int, min_words: int) -> str | None:
    """The answer when the text's length, script or English function words decide; else None."""
    if text.isascii():  # ASCII letters are exactly [A-Za-z]: count them in C
        letters = len(text.encode("ascii").translate(None, _NOT_ASCII_LETTER))
    else:
        letters = len(_LETTER.findall(text))
    if letters < min_letters // 3:
        return ""
    if not text.isascii():
        for ch in text:
            code = ord(ch)
            for low, high, lang in _SCRIPT_LANGUAGE:
                if low <= code <= high and lang in languages:
                    return lang
    words = text.split()
    if letters < min_letters or len(words) < min_words:
        return ""
    if "en" in languages and text.isascii() and _looks_english(words):
        return "en"
    return None


def _classify_many(texts: list[str], languages: tuple[str, ...]) -> list[tuple[str, float]]:
    identifier = _identifier(languages)
    fast = _fast_walk(identifier)
    if fast is None:
        return [identifier.classify(t) for t in texts]
    encoded = [identifier._encode(t) for t in texts]
    ptr, features, counts = fast(*packed(encoded))
    return [
        _decide(identifier, len(raw), features[ptr[i] : ptr[i + 1]], counts[ptr[i] : ptr[i + 1]])
        for i, raw in enumerate(encoded)
    ]


def _decide(identifier, n_bytes: int, features: np.ndarray, counts: np.ndarray) -> tuple[str, float]:
    """py3langid's ``classify`` after its DFA walk (``_decide`` with norm_probs, no aliases)."""
    if features.size:
        scores = np.log1p(counts.astype(np.float32)) @ identifier.nb_ptc[features.astype(np.intp)] + identifier.nb_pc
    else:
        scores = np.full(len(identifier.nb_classes), 0.0, dtype=np.float32)
    scores *= 1.0 / math.sqrt(n_bytes or 1)
    np.exp(scores - scores.max(), out=scores)
    scores /= scores.sum()
    i = int(scores.argmax())
    return identifier.nb_classes[i], float(scores[i])


_WALKS: dict[int, object] = {}
_CHECK = (
    "my flight was delayed for three hours", "el vuelo se retrasó tres horas", "das ist gut so und",
    "ótimo aplicativo, recomendo", "x", "", "1234 5678", "ÉCRIT EN MAJUSCULES ICI", "naïve café über",
)


def _fast_walk(identifier):
    """The compiled DFA walk bound to this identifier's model, or None to use py3langid as is.

    Used only when py3langid looks as this code expects and gives the same answers on a
    few texts (a guard against a py3langid release that scores differently).
    """
    key = id(identifier)
    if key in _WALKS:
        return _WALKS[key]
    walk = None
    langid_visits = kernel("langid_visits")
    usable = (
        langid_visits is not None and identifier._norm_probs and not identifier._alias_pairs
        and identifier.min_confidence is None and hasattr(identifier, "_encode")
    )
    if usable:
        nextmove = np.asarray(identifier.tk_nextmove, dtype=np.int64)
        rowbase = np.asarray(identifier._rowbase, dtype=np.int64)
        output = np.asarray(identifier.tk_output, dtype=np.int64)
        slot = np.full(int(output.max()) + 1, -1, dtype=np.int64)

        def walk(data: np.ndarray, offsets: np.ndarray):
            return langid_visits(data, offsets, nextmove, rowbase, output, slot)

        _WALKS[key] = walk
        # py3langid itself on a few texts: any difference and it is asked as is.
        encoded = [identifier._encode(t) for t in _CHECK]
        ptr, features, counts = walk(*packed(encoded))
        same = all(
            _decide(identifier, len(raw), features[ptr[i] : ptr[i + 1]], counts[ptr[i] : ptr[i + 1]])
            == identifier.classify(text)
            for i, (raw, text) in enumerate(zip(encoded, _CHECK))
        )
        if not same:
            walk = None
    _WALKS[key] = walk
    return walk
