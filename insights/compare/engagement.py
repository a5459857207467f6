"""Substantive engagement: did a post make people talk, or only react?

A comment is *substantive* when it carries feedback a team can use: a request, a
complaint, a question, or *specific* praise (praise that names something: the
intents stage found a target, spaCy finds a noun that is not a generic word, or it
has at least ``min_praise_words`` words). Reactions ("nice", "wow 🔥", emoji only,
tagging a friend) are not.

The share is taken over every row of a group that a person wrote, *including*
comments the clean stage dropped as reactions (``emoji_only``, ``too_short``,
``empty``), which count as not substantive. Rows that say nothing about the
audience's reaction are left out of the base: spam, unreadable records, exact
duplicates (one voice counts once, on the kept original) and non-English comments
(which the pipeline did not analyse).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from insights import schema as S

#: drop reasons whose rows are left out of the substantive-share base.
EXCLUDED_REASONS: frozenset[str] = frozenset(
    {S.DROP_SPAM, S.DROP_UNREADABLE, S.DROP_DUPLICATE, S.DROP_NON_ENGLISH}
)
FEEDBACK_INTENTS: tuple[str, ...] = (S.REQUEST, S.COMPLAINT, S.QUESTION)

# Nouns that praise uses without naming anything ("love this post", "great job guys").
_GENERIC_NOUNS = frozenset(
    ["post", "video", "content", "job", "work", "thing", "things", "stuff", "lol", "lmao", "omg", "guys", "guy", "people", "one", "ones", "day", "way", "time", "love", "vibe", "vibes", "team", "brand", "account", "page", "pic", "picture", "photo", "everyone", "bro", "sis", "man", "girl", "queen", "king", "yall", "y'all", "congrats", "congratulations"]
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def intent_flags(comments: pd.DataFrame, intent: str) -> np.ndarray:
    """True where ``intent`` is the primary intent or one of ``INTENTS_ALL``.

    Example:
        >>> f = pd.DataFrame({"intent": ["praise", "other"], "intents": ["praise;request", ""]})
        >>> intent_flags(f, "request").tolist()
        [True, False]
    """
    flag = np.zeros(len(comments), dtype=bool)
    if S.INTENT in comments:
        flag |= (comments[S.INTENT].fillna("").astype(str) == intent).to_numpy(dtype=bool)
    if S.INTENTS_ALL in comments:
        parts = comments[S.INTENTS_ALL].fillna("").astype(str).str.split(";")
        flag |= parts.map(lambda xs: intent in [x.strip() for x in xs]).to_numpy(dtype=bool)
    return flag


def _has_specific_noun(texts: list[str]) -> np.ndarray:
    from insights.nlp import load_spacy

    nlp = load_spacy(disable=("ner", "parser", "lemmatizer"))
    out = np.zeros(len(texts), dtype=bool)
    for i, doc in enumerate(nlp.pipe(texts, batch_size=256)):
        out[i] = any(
            t.pos_ in ("NOUN", "PROPN") and t.is_alpha and t.lower_ not in _GENERIC_NOUNS for t in doc
        )
    return out


def specific_praise(
    comments: pd.DataFrame, praise: np.ndarray, min_praise_words: int = 6, use_spacy: bool = True
) -> np.ndarray:
    """Which praise comments name something (see the module docstring).

    Example:
        >>> f = pd.DataFrame({"clean_text": ["love it!!", "the warm light setting is perfect at night"]})
        >>> specific_praise(f, np.array([True, True]), use_spacy=False).tolist()
        [False, True]
    """
    out = np.zeros(len(comments), dtype=bool)
    idx = np.flatnonzero(praise)
    if len(idx) == 0:
        return out
    col = S.CLEAN_TEXT if S.CLEAN_TEXT in comments else S.TEXT
    texts = comments[col].fillna("").astype(str).iloc[idx].tolist() if col in comments else [""] * len(idx)
    words = np.array([len(_WORD.findall(t)) for t in texts])
    specific = words >= min_praise_words
    if S.INTENT_TEXT in comments:
        target = comments[S.INTENT_TEXT].fillna("").astype(str).iloc[idx].str.strip()
        specific |= (target != "").to_numpy(dtype=bool)
    if use_spacy:
        todo = np.flatnonzero(~specific)
        if len(todo):
            specific[todo] = _has_specific_noun([texts[i] for i in todo])
    out[idx] = specific
    return out


def substantive_flags(
    comments: pd.DataFrame, min_praise_words: int = 6, use_spacy: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Per row: ``(in_base, substantive)`` as boolean arrays aligned to ``comments``.

    ``in_base`` marks the rows the share is taken over; ``substantive`` is only ever
    True for kept rows inside the base.

    Example:
        >>> f = pd.DataFrame({
        ...     "kept": [True, True, False, False],
        ...     "drop_reason": ["", "", "emoji_only", "spam"],
        ...     "intent": ["question", "praise", "other", "other"],
        ...     "clean_text": ["does it ship to canada?", "nice", "", "buy followers"],
        ... })
        >>> base, sub = substantive_flags(f, use_spacy=False)
        >>> base.tolist(), sub.tolist()
        ([True, True, True, False], [True, False, False, False])
    """
    n = len(comments)
    kept = comments[S.KEPT].fillna(False).to_numpy(dtype=bool) if S.KEPT in comments else np.ones(n, bool)
    reason = (
        comments[S.DROP_REASON].fillna("").astype(str).to_numpy(dtype=object)
        if S.DROP_REASON in comments
        else np.full(n, "", dtype=object)
    )
    in_base = kept | ~np.isin(reason, list(EXCLUDED_REASONS))
    feedback = np.zeros(n, dtype=bool)
    for intent in FEEDBACK_INTENTS:
        feedback |= intent_flags(comments, intent)
    praise = intent_flags(comments, S.PRAISE) & kept & ~feedback
    substantive = kept & (feedback | specific_praise(comments, praise, min_praise_words, use_spacy))
    return in_base, substantive


def substantive_share(
    comments: pd.DataFrame,
    by: str | None = None,
    min_praise_words: int = 6,
    use_spacy: bool = True,
) -> pd.DataFrame:
    """Share of comments that carry feedback, overall or per value of column ``by``.

    Args:
        comments: the pipeline's comment frame (``Analysis.comments``).
        by: a column to split by (``post_id``, ``variant``...); None for one overall row.
        min_praise_words: praise with at least this many words counts as specific.
        use_spacy: also count praise naming a (non-generic) noun as specific.

    Returns:
        One row per group: ``group``, ``base`` (rows counted), ``substantive``,
        ``reactions`` (base minus substantive), ``substantive_share``.

    Example:
        >>> f = pd.DataFrame({"kept": [True, True], "drop_reason": ["", ""],
        ...                   "intent": ["request", "other"], "post_id": ["p1", "p2"]})
        >>> substantive_share(f, by="post_id", use_spacy=False)["substantive_share"].tolist()
        [1.0, 0.0]
    """
    in_base, sub = substantive_flags(comments, min_praise_words, use_spacy)
    keys = comments[by] if by else pd.Series(["all"] * len(comments), index=comments.index)
    frame = pd.DataFrame(
        {"group": keys.to_numpy(dtype=object), "base": in_base.astype(int), "substantive": (sub & in_base).astype(int)}
    )
    out = frame.groupby("group", sort=True, dropna=True)[["base", "substantive"]].sum().reset_index()
    out["reactions"] = out["base"] - out["substantive"]
    out["substantive_share"] = np.where(out["base"] > 0, out["substantive"] / out["base"].clip(lower=1), np.nan)
    return out
