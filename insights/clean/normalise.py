"""Text normalisation for analysis: the original ``text`` is never changed.

:func:`normalise` turns one raw comment into the text later stages analyse:
mojibake fixed (ftfy), HTML entities and tags removed, URLs and @handles
removed (counted), #hashtags kept as words with CamelCase split, emoji turned
into plain words, letter and punctuation runs shortened, whitespace collapsed.
:func:`duplicate_key` gives the looser key used to find copies.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import emoji
import ftfy

# Zero-width characters and byte-order marks that exports leave behind.
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u2060\u00ad\ufffc]")
# Characters emoji are built from; text without any of them needs no emoji pass.
_EMOJI_HINT = re.compile("[\u00a9\u00ae\u203c-\u3299\ufe0f\U0001f000-\U0001faff]")
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,300}>|<!--.*?-->", re.DOTALL)
_BREAK_TAG = re.compile(r"<\s*(?:br|/p|p|/div|li)\b[^>]*>", re.IGNORECASE)
# Links: schemes, www., bare domains with a common TLD, and YouTube-style video paths.
# Bare domains need an unambiguous TLD; TLDs that are also words ("this.it", "me.to")
# count only when a path follows ("example.it/page").
_TLDS = (
    "com|net|org|info|biz|io|ly|gl|gg|tv|xyz|dev|site|online|store|shop|club|link|live|top|vip|"
    "fm|cc|ws|tk|ml|ga|cf|su|ru|uk|br|au|ca|nl|pl|ch|edu|gov"
)
_WORD_TLDS = "co|me|us|de|fr|es|it|in|be|to|is|am|at|no|so|my|la|id|im|se"
URL_PATTERN = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    rf"|(?<![@\w.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:{_TLDS})\b(?:/[^\s<>\"']*)?"
    rf"|(?<![@\w.-])[a-z][a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{_WORD_TLDS})/[^\s<>\"']*"
    r"|(?<![\w/])/?watch\?v=[\w-]+",
    re.IGNORECASE,
)
# Literal-first, so it is cheap: text without any of these holds no link.
_URL_HINT = re.compile(rf"https?:|www\.|watch\?v=|\.(?:{_TLDS}|{_WORD_TLDS})\b", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
_HASHTAG = re.compile(r"(?<![\w#])#([^\W\d_][\w]*)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_LETTER_RUN = re.compile(r"([^\W\d_])\1{2,}")
_PUNCT_RUN = re.compile(r"[!?]{2,}")
_DOTS = re.compile(r"\.{3,}|…+")
_OTHER_PUNCT_RUN = re.compile(r"([^\w\s!?.])\1{2,}")
_SPACE = re.compile(r"\s+")
_SKIN_TONE = re.compile(r"\s*(?:medium|light|dark|medium-light|medium-dark) skin tone")
_KEY_DROP = re.compile(r"[\W\d_]+")
_WORD_WITH_LETTER = re.compile(r"[^\W\d_]\S*")  # one hit per whitespace-separated word with a letter


@dataclass(frozen=True)
class Normalised:
    """One normalised comment.

    Attributes:
        text: the text for analysis (emoji as words).
        plain: the same text without emoji, for language detection and word counts.
        urls: how many links were removed.
        handles: how many @handles were removed.
        emoji: how many emoji the comment had.
    """

    text: str
    plain: str
    urls: int
    handles: int
    emoji: int


def has_link_hint(text: str) -> bool:
    """Cheap pre-check: False means the text certainly has no link."""
    return ("." in text or "/" in text) and _URL_HINT.search(text) is not None


def fix_encoding(text: str) -> str:
    """Undo mojibake and HTML escaping, drop invisible characters.

    Example:
        >>> fix_encoding("donâ€™t &amp; won&#39;t")
        "don't & won't"
    """
    if not text.isascii():
        # ftfy is the slow step; pure-ASCII text cannot hold mojibake or invisible characters.
        text = ftfy.fix_text(_INVISIBLE.sub("", text), unescape_html=False, normalization="NFC")
    if "&" in text:
        text = html.unescape(html.unescape(text))  # exports often escape twice: &amp;amp;
    return text


def strip_html(text: str) -> str:
    """Remove HTML tags, keeping line breaks as spaces."""
    if "<" not in text:
        return text
    return _TAG.sub(" ", _BREAK_TAG.sub(" ", text))


def split_hashtag(word: str) -> str:
    """``LostLuggage`` -> ``Lost Luggage``; ``fail`` stays ``fail``.

    Example:
        >>> split_hashtag("NeverFlyingAgain2015")
        'Never Flying Again 2015'
    """
    return _CAMEL.sub(" ", word.replace("_", " "))


def emoji_to_words(text: str) -> tuple[str, str, int]:
    """Replace each emoji by its name in plain words.

    Returns:
        (text with emoji names, text with emoji removed, emoji count).

    Example:
        >>> emoji_to_words("ok 👍🏽")
        ('ok  thumbs up ', 'ok  ', 1)
    """
    if _EMOJI_HINT.search(text) is None:
        return text, text, 0
    found = emoji.emoji_list(text)
    if not found:
        return text, text, 0
    named: list[str] = []
    plain: list[str] = []
    last = 0
    for item in found:
        named.append(text[last : item["match_start"]])
        plain.append(text[last : item["match_start"]])
        data = emoji.EMOJI_DATA.get(item["emoji"], {})
        words = data.get("en", "").strip(":").replace("_", " ")
        # Skin tones add nothing to what a comment means.
        words = _SKIN_TONE.sub("", words).strip()
        named.append(f" {words} ")
        plain.append(" ")
        last = item["match_end"]
    named.append(text[last:])
    plain.append(text[last:])
    return "".join(named), "".join(plain), len(found)


def emoji_names(text: str) -> str:
    """The emoji of a comment as plain words, e.g. for sentiment ("enraged face").

    Kept apart from ``clean_text``: emoji say how people feel, not what they talk
    about, and their names would pull topics and embeddings towards "face with
    tears of joy".

    Example:
        >>> emoji_names("late again 😡😡")
        'enraged face enraged face'
    """
    if _EMOJI_HINT.search(text) is None:
        return ""
    names = []
    for item in emoji.emoji_list(text):
        words = emoji.EMOJI_DATA.get(item["emoji"], {}).get("en", "").strip(":").replace("_", " ")
        names.append(_SKIN_TONE.sub("", words).strip())
    return " ".join(n for n in names if n)


def shorten_runs(text: str, letters: bool = True, others: bool = True) -> str:
    """``soooo!!!!`` -> ``soo!``; ``?!?!`` -> ``?!``; ``.....`` -> ``...``.

    ``letters`` / ``others`` False: the caller proved the text has no run of three equal
    letters / other punctuation marks (see :func:`normalise_many`).

    Example:
        >>> shorten_runs("soooo good!!!! really??? wait.....")
        'soo good! really? wait...'
    """
    if letters:
        text = _LETTER_RUN.sub(r"\1\1", text)
    if "!" in text or "?" in text:
        text = _PUNCT_RUN.sub(_punct, text)
    if "." in text or "…" in text:
        text = _DOTS.sub("...", text)
    return _OTHER_PUNCT_RUN.sub(r"\1", text) if others else text


def _punct(match: re.Match[str]) -> str:
    run = match.group(0)
    has_q, has_x = "?" in run, "!" in run
    return "?!" if has_q and has_x else ("?" if has_q else "!")


def normalise(text: str, fixed: bool = False) -> Normalised:
    """Normalise one comment for analysis.

    Args:
        text: the raw comment (already redacted if personal data must go).
        fixed: the text already went through :func:`fix_encoding` and :func:`strip_html`.

    Returns:
        A :class:`Normalised` with the clean text and counts of what was removed.

    Example:
        >>> n = normalise("@united my bag is lost!!!! 😡 #NeverAgain http://t.co/x")
        >>> n.text, n.urls, n.handles
        ('my bag is lost! enraged face Never Again', 1, 1)
    """
    if not fixed:
        text = strip_html(fix_encoding(text))
    return _normalise(text, True, True, True)


def normalise_many(texts: Sequence[str], fixed: bool = False) -> list[Normalised]:
    """:func:`normalise` of many comments: the same results, with cheap proofs of "nothing to do".

    One pass over the lowercased ASCII texts (:class:`insights.clean.literals.LiteralIndex`)
    finds which hold a link hint's literal, three equal letters or three equal other
    punctuation marks; the regexes that look for them run only there. (Removing links,
    handles and ``#`` never joins two letters or two marks, so a run in the result was
    already in the text; a non-ASCII text always gets every regex.)

    Example:
        >>> [n.text for n in normalise_many(["soooo good!!!", "see www.x.com now"])]
        ['soo good!', 'see now']
    """
    if not fixed:
        texts = [strip_html(fix_encoding(t)) for t in texts]
    else:
        texts = list(texts)
    index, link_group, letter_group, other_group = _run_index()
    present = index.contains([t.lower() for t in texts])
    out = []
    for t, link, letters, others in zip(
        texts, present[:, link_group].tolist(), present[:, letter_group].tolist(), present[:, other_group].tolist(),
    ):
        if t.isascii():
            out.append(_normalise(t, link, letters, others))
        else:
            out.append(_normalise(t, True, True, True))
    return out


_RUN_INDEX: list = []


def _run_index():
    if not _RUN_INDEX:
        from insights.clean.literals import LiteralIndex, literal_guards

        # Under IGNORECASE an ASCII text matches the hint exactly when its lowercase
        # matches the lowercase pattern, which needs one of these literals.
        link = literal_guards(_URL_HINT.pattern)[0]
        letters = tuple(c * 3 for c in "abcdefghijklmnopqrstuvwxyz")
        # ASCII marks _OTHER_PUNCT_RUN can repeat: not a word character, space, '!', '?' or '.'.
        marks = tuple(chr(b) * 3 for b in range(33, 127) if _OTHER_PUNCT_RUN.match(chr(b) * 3))
        _RUN_INDEX.append((LiteralIndex([link, letters, marks]), 0, 1, 2))
    return _RUN_INDEX[0]


def _normalise(text: str, link: bool, letters: bool, others: bool) -> Normalised:
    text, urls = URL_PATTERN.subn(" ", text) if link and has_link_hint(text) else (text, 0)
    handles = 0
    if "@" in text:
        text, handles = _HANDLE.subn(" ", text)
    if "#" in text:
        text = _HASHTAG.sub(lambda m: split_hashtag(m.group(1)), text)
    text = shorten_runs(text, letters, others)
    count = 0
    plain = None
    if not text.isascii():
        text, plain, count = emoji_to_words(unicodedata.normalize("NFC", text))
        plain = _SPACE.sub(" ", plain).strip()
    text = _SPACE.sub(" ", text).strip()
    return Normalised(text=text, plain=text if plain is None else plain, urls=urls, handles=handles, emoji=count)


def duplicate_key(text: str) -> str:
    """A loose key for copies: lowercase letters only, single spaces.

    Numbers, punctuation and emoji are dropped, so ``"First!!! 😀"`` and
    ``"first"`` share a key.

    Example:
        >>> duplicate_key("Check out my channel!!! 123 😀")
        'check out my channel'
    """
    return _KEY_DROP.sub(" ", text.casefold()).strip()


def word_count(text: str) -> int:
    """Words that contain a letter (numbers and emoji names are not counted by callers)."""
    return len(_WORD_WITH_LETTER.findall(text))
