"""The words that set one group's complaints apart: a second lens beside topic lift.

Topics can split one subject across several small topics ("App", "Website"), and a
small group's share of each is then too thin to stand out. Words do not depend on
how the topics fell: this module compares how often each word (or two-word phrase)
is used in one group's complaints against the other groups' complaints, with the
weighted log-odds ratio and an informative Dirichlet prior of Monroe, Colaresi &
Quinn (2008, "Fightin' Words"). The prior (the pooled counts, scaled by
``prior_scale``) shrinks rare words towards "no difference", so a word used twice
does not top the list the way raw ratios would; the z-score is the log-odds
difference over its standard error, turned into a two-sided p-value and corrected
with Benjamini-Hochberg over every group x word.

The text read is the cleaned comment (@handles removed). With ``use_spacy`` (the
default) only its content words are counted, as lemmas: nouns, verbs and adjectives
("site", "hold", "cancel"), which say what went wrong; names of places, brands and
people (proper nouns: "JFK", "JetBlue") say where or who and are left out, and so
are words of the group's own name ("united" for United): people name whom they
complain to. Tagging costs about 3 ms per comment; ``use_spacy=False`` counts every
non-stop word instead.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy import stats as _sp

from insights import schema as S
from insights.compare import stats as st

TERM_COLUMNS = ["group", "term", "count", "base", "share", "overall_share", "lift", "z", "p_value", "p_raw", "scope"]
_TOKEN = r"(?u)\b[^\W\d_][^\W\d_']+\b"
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ"})


def distinctive_terms(
    comments: pd.DataFrame,
    keys: np.ndarray,
    groups: list[str],
    within: np.ndarray | None = None,
    scope: str = "complaints",
    min_count: int = 3,
    prior_scale: float = 0.1,
    max_terms: int = 20,
    use_spacy: bool = True,
) -> pd.DataFrame:
    """The ``compare_terms.csv`` table: per group, the words its comments in ``within`` use more.

    Args:
        comments: the comment frame (``kept``, ``clean_text`` or ``text``).
        keys: group of every row (None outside every group).
        groups: groups in report order.
        within: boolean row mask of the comments compared (e.g. complaints); None for all kept.
        scope: the name written in the ``scope`` column.
        min_count: a word must be used in this many of the group's comments.
        prior_scale: strength of the prior, as a multiple of the pooled counts.
        max_terms: rows kept per group (over-represented words, strongest first).
        use_spacy: count content-word lemmas only (see the module docstring).

    Returns:
        One row per group x word with ``count`` (the group's comments using it), ``base``
        (the group's comments with text), ``share``, ``overall_share``, ``lift``, ``z``,
        BH-corrected ``p_value`` and ``p_raw``; only words with ``z > 0``.

    Example:
        >>> f = pd.DataFrame({"kept": [True] * 8, "group": list("AAAABBBB"),
        ...                   "clean_text": ["site down", "site broken", "site error", "late",
        ...                                  "late", "late again", "bag lost", "late"]})
        >>> t = distinctive_terms(f, f["group"].to_numpy(dtype=object), ["A", "B"], min_count=2,
        ...                       use_spacy=False)
        >>> t.loc[t["group"] == "A", "term"].tolist()
        ['site']
    """
    from sklearn.feature_extraction.text import CountVectorizer

    n = len(comments)
    kept = comments[S.KEPT].fillna(False).to_numpy(dtype=bool) if S.KEPT in comments else np.ones(n, bool)
    if within is not None:
        kept = kept & within
    col = next((c for c in (S.CLEAN_TEXT, S.TEXT) if c in comments), None)
    if col is None or len(groups) < 2:
        return pd.DataFrame(columns=TERM_COLUMNS)
    texts = comments[col].fillna("").astype(str).str.replace(r"@\w+", " ", regex=True)
    member = kept & pd.notna(keys) & np.isin(keys.astype(object), np.array(groups, dtype=object))
    member &= (texts.str.strip() != "").to_numpy(dtype=bool)
    rows = np.flatnonzero(member)
    if len(rows) < 2:
        return pd.DataFrame(columns=TERM_COLUMNS)
    docs = texts.iloc[rows].tolist()
    docs = content_words(docs) if use_spacy else [d.lower() for d in docs]
    vec = CountVectorizer(stop_words="english", ngram_range=(1, 2), min_df=min(min_count, len(rows)),
                          binary=True, token_pattern=_TOKEN, lowercase=False)
    try:
        counts = vec.fit_transform(docs).tocsc()
    except ValueError:  # no word survives (all stop words, or too few comments)
        return pd.DataFrame(columns=TERM_COLUMNS)
    words = np.array(vec.get_feature_names_out(), dtype=object)
    row_keys = keys[rows]
    pooled = np.asarray(counts.sum(axis=0)).ravel().astype(float)
    prior = prior_scale * pooled
    prior_total = prior.sum()
    total_docs = len(rows)
    out = []
    for group in groups:
        mine = row_keys == group
        base = int(mine.sum())
        if base == 0 or base == total_docs:
            continue
        y_i = np.asarray(counts[mine].sum(axis=0)).ravel().astype(float)
        y_j = pooled - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = (np.log((y_i + prior) / (n_i + prior_total - y_i - prior))
                     - np.log((y_j + prior) / (n_j + prior_total - y_j - prior)))
            z = delta / np.sqrt(1 / (y_i + prior) + 1 / (y_j + prior))
        own = [w for w in re.findall(r"[^\W\d_]+", str(group).lower()) if len(w) >= 3]
        # Every word the group uses often enough is a test (either direction), so the BH
        # correction counts them all; only over-represented ones are kept afterwards.
        for j in np.flatnonzero(y_i >= min_count):
            if any(w.startswith(o) or o.startswith(w) for w in str(words[j]).split() for o in own):
                continue  # "united", "unite" for United
            share = y_i[j] / base
            overall = pooled[j] / total_docs
            out.append({"group": group, "term": str(words[j]), "count": int(y_i[j]), "base": base,
                        "share": share, "overall_share": overall, "lift": share / overall, "z": float(z[j]),
                        "p_raw": float(2 * _sp.norm.sf(abs(z[j]))), "scope": scope})
    if not out:
        return pd.DataFrame(columns=TERM_COLUMNS)
    table = pd.DataFrame(out)
    table["p_value"] = st.benjamini_hochberg(table["p_raw"].to_numpy(dtype=float))
    table = table[table["z"] > 0]
    order = {g: i for i, g in enumerate(groups)}
    table = table.assign(_order=table["group"].map(order))
    table = table.sort_values(["_order", "z", "term"], ascending=[True, False, True], kind="stable")
    table = table.groupby("group", sort=False).head(max_terms)
    return table[TERM_COLUMNS].reset_index(drop=True)


def content_words(texts: list[str]) -> list[str]:
    """Each text as its lower-case content-word lemmas (nouns, verbs, adjectives; no names).

    Example:
        >>> content_words(["JetBlue lost my bags at JFK again"])  # doctest: +SKIP
        ['lose bag']
    """
    from insights.nlp import load_spacy

    nlp = load_spacy(disable=("ner", "parser"))
    return [
        " ".join(t.lemma_.lower() for t in doc
                 if t.pos_ in CONTENT_POS and t.is_alpha and not t.is_stop and len(t.text) > 2)
        for doc in nlp.pipe(texts, batch_size=256)
    ]
