"""Stage `clean`: normalise text, redact personal data, mark what not to analyse.

Reads ``text`` (and ``post_id`` when present, for the embedding spam view).
Adds ``clean_text``, ``display_text``, ``kept``, ``drop_reason``, ``language``,
``duplicate_of``, ``duplicate_count``, ``spam_score``, ``spam_signals``,
``url_count``. Records counts in ``corpus.info["clean"]``.

Checks run in the order of :data:`insights.schema.DROP_REASONS`; the first that
applies is the row's ``drop_reason``: unreadable, empty, emoji_only, too_short,
spam, duplicate, non_english. Spam is checked before duplicates, so a spam flood
is spam (never "duplicate") and a spam copy never counts as a copy of a real
comment. One exception to the order: a comment that is (almost) nothing but
links is judged on its spam score before "empty"/"too_short", so a bare link
drop is counted as spam.

Columns, row by row:

* ``clean_text``: what later stages analyse (see :func:`insights.clean.normalise`),
  filled for every readable row, kept or not, so a dropped row can be inspected.
* ``display_text``: the original text with only personal data redacted: reports quote it.
* ``duplicate_of``: on a copy, the ``comment_id`` of the first occurrence; else "".
* ``duplicate_count``: on a first occurrence, 1 + its copies ("one voice x50");
  0 on a copy; 1 on rows never compared (dropped before the duplicate check).
* ``spam_score`` in [0, 1] for every readable row; ``spam_signals`` names the rules
  that fired on rows at or above the threshold ("" otherwise).
* ``language``: ISO 639-1 code, "" when too short or unclear to tell.
* ``url_count``: links removed from ``clean_text``.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Literal

import numpy as np
import pandas as pd

from insights import schema as S
from insights.clean.duplicates import find_duplicates
from insights.clean.language import DEFAULT_LANGUAGES, _identifier, detect_languages
from insights.clean.normalise import (
    duplicate_key,
    emoji_names,
    fix_encoding,
    normalise_many,
    strip_html,
    word_count,
)
from insights.clean.owner import detect_owner_authors
from insights.clean.pii import redact_personal_data
from insights.clean.spam import BIAS, WEIGHTS, embedding_logit, spam_signals_many
from insights.corpus import Corpus
from insights.embed import Embedder
from insights.engine import engine_of
from insights.errors import invalid_parameter

_ALNUM = re.compile(r"[^\W_]")
_BY_WEIGHT = {k: -w for k, w in WEIGHTS.items()}.__getitem__  # strongest signal first
_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


def clean_rows(
    values: list[Any], keep_personal_data: bool = False, min_words: int = 2,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
) -> pd.DataFrame:
    """The per-comment part of cleaning, for a partition of raw ``text`` values.

    Returns one row per value: ``drop_reason`` so far (unreadable, empty, emoji_only,
    too_short or ""), ``clean_text``, ``display_text``, ``emoji``, ``url_count``,
    ``language`` and private columns the stage reads (``_key`` for duplicates,
    ``_spam_logit`` and ``_spam_fired`` from the spam rules, ``_fixed`` text,
    ``_has_plain``, ``_link_only``). A pure function of each value.
    """
    n = len(values)
    reasons = [""] * n
    clean = [""] * n
    display = [""] * n
    language = [""] * n
    url_count = np.zeros(n, dtype=np.int64)
    keys = [""] * n
    fixed_texts = [""] * n
    has_plain = np.zeros(n, dtype=bool)
    emoji_words = [""] * n
    link_only = np.zeros(n, dtype=bool)
    logits = np.zeros(n, dtype=np.float64)
    fired = [""] * n
    seen: dict[str, int] = {}  # a copy within the partition reuses its first's work (floods)
    copy_of: list[tuple[int, int]] = []
    firsts: list[int] = []
    for i, value in enumerate(values):
        if _unreadable(value):  # missing (None, NaN, NA), not a string, or binary junk
            reasons[i] = S.DROP_UNREADABLE
            continue
        j = seen.setdefault(value, i)
        if j != i:
            copy_of.append((i, j))
            continue
        firsts.append(i)
        display[i] = value if keep_personal_data else redact_personal_data(value)
        # Encoding and markup fixed once: spam signals read this, normalisation starts here.
        fixed_texts[i] = strip_html(fix_encoding(value))
    # The spam rules run on all of the partition's texts at once (same values as one by one).
    for i, signals in zip(firsts, spam_signals_many([fixed_texts[i] for i in firsts], fixed=True)):
        active = [k for k, v in signals.items() if v > 0]
        # rule_logit without its zero terms: the same additions in the same order.
        logits[i] = BIAS + sum([WEIGHTS[k] * signals[k] for k in active])
        fired[i] = ";".join(sorted(active, key=_BY_WEIGHT)) if active else ""
    if keep_personal_data:
        to_normalise = [fixed_texts[i] for i in firsts]
    else:  # most texts need no fixing: their redaction is the display text's
        to_normalise = [
            display[i] if fixed_texts[i] == values[i] else redact_personal_data(fixed_texts[i]) for i in firsts
        ]
    for i, norm in zip(firsts, normalise_many(to_normalise, fixed=True)):
        fixed = fixed_texts[i]
        # Emoji go to their own column (see emoji_names): clean_text is what topics embed.
        clean[i] = norm.plain
        if norm.emoji:
            emoji_words[i] = emoji_names(fixed)
        url_count[i] = norm.urls
        # A bare link drop is emptied by link removal; it is judged as spam first.
        words = word_count(norm.plain)
        link_only[i] = norm.urls > 0 and words < min_words
        if _ALNUM.search(norm.plain) is None:
            reasons[i] = S.DROP_EMOJI_ONLY if norm.emoji else S.DROP_EMPTY
            continue
        has_plain[i] = True
        if words < min_words:
            reasons[i] = S.DROP_TOO_SHORT
            continue
        keys[i] = duplicate_key(norm.plain)
    # Languages of the partition's texts at once (same answers as one by one).
    asked = np.flatnonzero(has_plain).tolist()
    for i, lang in zip(asked, detect_languages([clean[i] for i in asked], languages)):
        language[i] = lang
    for i, j in copy_of:
        for column in (reasons, clean, display, language, keys, fixed_texts, emoji_words, fired):
            column[i] = column[j]
        for array in (url_count, has_plain, link_only, logits):
            array[i] = array[j]
    return pd.DataFrame({
        S.DROP_REASON: reasons, S.CLEAN_TEXT: clean, S.DISPLAY_TEXT: display, S.EMOJI: emoji_words,
        S.URL_COUNT: url_count, S.LANGUAGE: language, "_key": keys, "_spam_logit": logits,
        "_spam_fired": fired, "_fixed": fixed_texts, "_has_plain": has_plain, "_link_only": link_only,
    }, dtype=object).astype({S.URL_COUNT: np.int64, "_spam_logit": np.float64, "_has_plain": bool, "_link_only": bool})


def _unreadable(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if not value:
        return False  # an empty string is readable: it is "empty"
    # Binary junk decoded as text: mostly control or replacement characters.
    if _JUNK.search(value) is None:
        return False
    return len(_JUNK.findall(value)) / len(value) > 0.3


class Cleaner:
    """Normalise comments and mark the ones later stages should skip.

    Args:
        spam_threshold: a comment whose spam score is at or above this is spam.
        spam_model: ``"rules"`` (fast, offline, default) or ``"embeddings"`` (rules plus
            MiniLM similarity to hand-written spam prototypes; slower).
        drop_spam: mark spam ``kept=False`` (its score is recorded either way).
        drop_duplicates: mark copies ``kept=False``; the first occurrence stays and
            carries ``duplicate_count``.
        near_duplicate_threshold: Jaccard similarity of character 5-grams at or above
            which two comments count as copies; 1.0 for exact copies only.
        drop_non_english: mark comments detected as another language ``kept=False``.
        keep_personal_data: keep emails, phone numbers and URL secrets as written.
        min_words: comments with fewer words (after removing links, handles and
            emoji) are ``too_short``.
        languages: ISO 639-1 codes language detection chooses from; None for a
            default set of 32 common languages.
        owner_authors: accounts that own the posts (a brand answering under its own
            posts); their comments are ``owner`` and left out of the analysis. None
            detects them (an account with 10+ comments, 90%+ of them replies, under
            half or more of the posts); [] keeps every author.
        embeddings: precomputed L2-normalised embeddings of the raw ``text`` column,
            one row per comment, for ``spam_model="embeddings"`` (tests, reuse).
        embedder: an object with ``encode(texts) -> ndarray`` used by the embedding
            spam view instead of the bundled MiniLM (for texts and prototypes alike).

    Example:
        >>> import pandas as pd
        >>> from insights.corpus import Corpus
        >>> df = pd.DataFrame({"comment_id": ["1", "2", "3"],
        ...                    "text": ["@united my bag is lost!!!", "my bag is lost", "😀"]})
        >>> out = Cleaner().run(Corpus(df)).comments
        >>> out[["clean_text", "kept", "drop_reason", "duplicate_of"]].values.tolist()
        [['my bag is lost!', True, '', ''], ['my bag is lost', False, 'duplicate', '1'], ['', False, 'emoji_only', '']]
    """

    name = "clean"

    def __init__(
        self,
        spam_threshold: float = 0.5,
        spam_model: Literal["rules", "embeddings"] = "rules",
        drop_spam: bool = True,
        drop_duplicates: bool = True,
        near_duplicate_threshold: float = 0.7,
        drop_non_english: bool = False,
        keep_personal_data: bool = False,
        min_words: int = 2,
        languages: list[str] | None = None,
        owner_authors: list[str] | None = None,
        embeddings: np.ndarray | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.spam_threshold = spam_threshold
        self.spam_model = spam_model
        self.drop_spam = drop_spam
        self.drop_duplicates = drop_duplicates
        self.near_duplicate_threshold = near_duplicate_threshold
        self.drop_non_english = drop_non_english
        self.keep_personal_data = keep_personal_data
        self.min_words = min_words
        self.languages = languages
        self.owner_authors = owner_authors
        self.embeddings = embeddings
        self.embedder = embedder

    def _validate(self, n_rows: int) -> tuple[str, ...]:
        owner = type(self).__name__
        if not isinstance(self.spam_threshold, (int, float)) or not 0 <= self.spam_threshold <= 1:
            raise invalid_parameter(owner, "spam_threshold", "a float in [0, 1]", self.spam_threshold)
        if not isinstance(self.near_duplicate_threshold, (int, float)) or not 0 < self.near_duplicate_threshold <= 1:
            raise invalid_parameter(
                owner, "near_duplicate_threshold", "a float in (0, 1] (1.0 = exact copies only)",
                self.near_duplicate_threshold,
            )
        if not isinstance(self.min_words, int) or isinstance(self.min_words, bool) or self.min_words < 0:
            raise invalid_parameter(owner, "min_words", "an int >= 0", self.min_words)
        if self.spam_model not in ("rules", "embeddings"):
            raise invalid_parameter(owner, "spam_model", "one of 'rules', 'embeddings'", self.spam_model)
        if self.embeddings is not None and len(self.embeddings) != n_rows:
            raise invalid_parameter(
                owner, "embeddings", f"a matrix with one row per comment ({n_rows} rows)",
                f"<{len(self.embeddings)} rows>",
            )
        langs = tuple(self.languages) if self.languages else DEFAULT_LANGUAGES
        try:
            _identifier(langs)
        except ValueError as err:  # py3langid names the unknown codes
            raise invalid_parameter(
                owner, "languages", f"a list of ISO 639-1 codes py3langid knows ({err})", self.languages
            ) from err
        return langs

    def run(self, corpus: Corpus) -> Corpus:
        """Add the cleaning columns to ``corpus.comments`` and counts to ``corpus.info``."""
        df = corpus.comments
        n = len(df)
        langs = self._validate(n)
        raw_values = df[S.TEXT].tolist() if S.TEXT in df else [None] * n

        # Per comment (on the run's engine: this process or Dask workers): normalising,
        # personal data, spam rules, language. Nothing here depends on other rows.
        rows = engine_of(corpus).map(
            clean_rows, raw_values, keep_personal_data=self.keep_personal_data,
            min_words=self.min_words, languages=langs,
        )
        reasons = rows[S.DROP_REASON].tolist()
        clean = rows[S.CLEAN_TEXT].tolist()
        display = rows[S.DISPLAY_TEXT].tolist()
        emoji_words = rows[S.EMOJI].tolist()
        url_count = rows[S.URL_COUNT].to_numpy(dtype=np.int64, copy=True)
        keys = rows["_key"].tolist()
        language = rows[S.LANGUAGE].tolist()
        has_plain = rows["_has_plain"].to_numpy(dtype=bool)
        link_only = rows["_link_only"].to_numpy(dtype=bool)
        logits = rows["_spam_logit"].to_numpy(dtype=np.float64, copy=True)
        fired_by_row = rows["_spam_fired"].tolist()

        # Spam: scored on the raw text (links, phone numbers and capitals are signals).
        readable = np.array([r != S.DROP_UNREADABLE for r in reasons], dtype=bool)
        signals = [""] * n
        idx = np.flatnonzero(readable)
        if idx.size and self.spam_model == "embeddings":
            from insights.embed import embed_texts

            groups = df[S.POST_ID].tolist() if S.POST_ID in df else None
            emb = self.embeddings[idx] if self.embeddings is not None else None
            if emb is None:
                # The raw texts: what a precomputed cache most likely holds.
                emb = embed_texts([raw_values[i] for i in idx], self.embedder)
            logits[idx] += embedding_logit(
                [rows["_fixed"].iat[i] for i in idx], emb,
                [groups[i] for i in idx] if groups is not None else None, embedder=self.embedder,
            )
        scores = np.where(readable, 1.0 / (1.0 + np.exp(-logits)), 0.0)
        is_spam = scores >= self.spam_threshold
        for i in np.flatnonzero(is_spam):
            signals[i] = fired_by_row[int(i)]
            if self.drop_spam and (not reasons[i] or (link_only[i] and reasons[i] != S.DROP_UNREADABLE)):
                reasons[i] = S.DROP_SPAM

        # The posts' owner (a brand replying under its own posts) is not the audience.
        owners = detect_owner_authors(df) if self.owner_authors is None else list(self.owner_authors)
        if owners and S.AUTHOR in df:
            by_owner = df[S.AUTHOR].astype("string").isin(owners).fillna(False).to_numpy(dtype=bool)
            for i in np.flatnonzero(by_owner):
                if not reasons[i]:
                    reasons[i] = S.DROP_OWNER

        # Duplicates among rows still in play: spam (when dropped) never joins a group.
        dup_keys = [k if not reasons[i] else "" for i, k in enumerate(keys)]
        dup_of = find_duplicates(dup_keys, threshold=float(self.near_duplicate_threshold))
        counts = np.ones(n, dtype=np.int64)
        copies = np.flatnonzero(dup_of >= 0)
        np.add.at(counts, dup_of[copies], 1)
        counts[copies] = 0
        ids = df[S.COMMENT_ID].astype(str).tolist() if S.COMMENT_ID in df else [str(i) for i in range(n)]
        duplicate_of = [""] * n
        for i in copies:
            duplicate_of[i] = ids[dup_of[i]]
            if self.drop_duplicates and not reasons[i]:
                reasons[i] = S.DROP_DUPLICATE

        # A (near-)copy has its original's language.
        for i in copies:
            if has_plain[i]:
                language[i] = language[dup_of[i]]

        if self.drop_non_english:
            for i in range(n):
                if not reasons[i] and language[i] not in ("", "en"):
                    reasons[i] = S.DROP_NON_ENGLISH

        # Copy-on-write: the new columns go to this frame only, without a deep copy of every column.
        out = df.copy(deep=False)
        out[S.CLEAN_TEXT] = clean
        out[S.DISPLAY_TEXT] = display
        out[S.EMOJI] = emoji_words
        out[S.KEPT] = np.array([not r for r in reasons], dtype=bool)
        out[S.DROP_REASON] = reasons
        out[S.LANGUAGE] = language
        out[S.DUPLICATE_OF] = duplicate_of
        out[S.DUPLICATE_COUNT] = counts
        out[S.SPAM_SCORE] = np.round(scores, 4)
        out[S.SPAM_SIGNALS] = signals
        out[S.URL_COUNT] = url_count
        corpus.comments = out
        corpus.info["clean"] = self._summary(out, is_spam, copies.size)
        corpus.info["clean"]["owner_authors"] = owners
        return corpus

    def _summary(self, out: pd.DataFrame, is_spam: np.ndarray, n_copies: int) -> dict[str, Any]:
        reasons = Counter(out[S.DROP_REASON].tolist())
        langs = Counter(out[S.LANGUAGE].tolist())
        return {
            "rows": len(out),
            "kept": int(out[S.KEPT].sum()),
            "dropped": {r: int(reasons.get(r, 0)) for r in S.DROP_REASONS},
            "spam_detected": int(is_spam.sum()),
            "duplicates_found": int(n_copies),
            "duplicate_groups": int((out[S.DUPLICATE_COUNT] > 1).sum()),
            "urls_removed": int(out[S.URL_COUNT].sum()),
            "languages": {k or "unknown": int(v) for k, v in sorted(langs.items(), key=lambda kv: (-kv[1], kv[0]))},
            "spam_model": self.spam_model,
            "spam_threshold": float(self.spam_threshold),
            "near_duplicate_threshold": float(self.near_duplicate_threshold),
            "personal_data_redacted": not self.keep_personal_data,
        }

