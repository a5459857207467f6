"""Offline language identification with py3langid, restricted to common languages.

Restricting the candidate set makes py3langid faster and stops rare languages
from winning on short, noisy comments. Texts too short to tell return ``""``
(unknown) rather than a guess.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
    # The first 300 characters decide as well as the whole text, at a bounded cost.
    lang, confidence = _identifier(tuple(languages)).classify(text[:300])
    return lang if confidence >= min_confidence else ""
