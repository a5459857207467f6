"""What a group's complaints in an over-represented topic say most, in the complaints' own words.

A topic label names a subject ("Site"); a product manager then asks what exactly about it.
The intents stage already grouped every complaint's phrase by meaning (``complaint_group``,
``complaints.csv``). For each group x topic cell of the complaints scope that a group raises
more often, the complaint groups most of the cell's comments fall in are listed with their
counts: Virgin America's "Site" complaints are "website down" 9, "cannot check in" 5...
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from insights import schema as S
from insights.topics.labels import text_forms, uses

#: complaint groups listed per cell; the fewest comments, and the smallest share of the cell's
#: grouped complaints, one must hold (a phrase 5 of 227 complaints use says little about them)
TOP = 3
MIN_COUNT = 2
MIN_SHARE = 0.1
_WORD = re.compile(r"[^\W\d_]+")


def group_phrases(complaints: pd.DataFrame | None) -> dict[int, str]:
    """group_id -> canonical phrase, from a ``complaints.csv`` table (empty when absent).

    Example:
        >>> group_phrases(pd.DataFrame({"group_id": [0, 1], "phrase": ["app crashes", "late order"]}))
        {0: 'app crashes', 1: 'late order'}
    """
    if complaints is None or not len(complaints) or "group_id" not in complaints or "phrase" not in complaints:
        return {}
    return {int(g): str(p) for g, p in zip(complaints["group_id"], complaints["phrase"]) if pd.notna(g) and pd.notna(p)}


def cell_specifics(
    comments: pd.DataFrame,
    keys: np.ndarray,
    topics: pd.DataFrame,
    ids: np.ndarray,
    within: np.ndarray,
    phrases: dict[int, str] | None = None,
    scope: str = "complaints",
    top: int = TOP,
    min_count: int = MIN_COUNT,
    min_share: float = MIN_SHARE,
) -> dict[tuple[str, str, int], list[tuple[str, int]]]:
    """For each over-represented cell of ``scope`` in ``topics``: up to ``top`` (phrase, count)
    of the complaint groups its comments fall in, largest first, each of ``min_count``+ comments
    and ``min_share`` of the cell's grouped complaints. Groups with the same phrase count as one;
    a phrase that only repeats the topic's label ("seats" in "Seats", "cancelled" in "Cancelled
    flights") or is the group's own name ("united" at United) adds nothing and is left out.

    Args:
        comments: the compared comments (``complaint_group``, ``intent_text``, ``kept``).
        keys: each row's group.
        topics: the compare topics table (``group``, ``topic_id``, ``lift``, ``scope``).
        ids: each row's topic id in that scope.
        within: the rows of the scope (complaints).
        phrases: group_id -> phrase (``complaints.csv``); missing ones are made from the
            cell's own intent texts.

    Example:
        >>> c = pd.DataFrame({"complaint_group": [0, 0, 1, 0], "intent_text": ["site down"] * 2 + ["x", "site down"],
        ...                   "kept": True})
        >>> t = pd.DataFrame({"group": ["A"], "topic_id": [5], "lift": [2.0], "scope": ["complaints"]})
        >>> cell_specifics(c, np.array(["A"] * 4), t, np.array([5] * 4), np.ones(4, bool))
        {('complaints', 'A', 5): [('site down', 3)]}
    """
    if S.COMPLAINT_GROUP not in comments or topics is None or topics.empty:
        return {}
    from insights.intents.group import canonical_phrase

    phrases = phrases or {}
    gid = pd.to_numeric(comments[S.COMPLAINT_GROUP], errors="coerce").fillna(-1).to_numpy(dtype=int)
    texts = comments[S.INTENT_TEXT].fillna("").astype(str).to_numpy(dtype=object) if S.INTENT_TEXT in comments else None
    kept = comments[S.KEPT].fillna(False).to_numpy(dtype=bool) if S.KEPT in comments else np.ones(len(comments), bool)
    base = kept & np.asarray(within, dtype=bool) & (gid >= 0)
    out: dict[tuple[str, str, int], list[tuple[str, int]]] = {}
    part = topics[(topics["scope"] == scope) & (topics["lift"] > 1)]
    labels = part["topic_label"].astype(str).tolist() if "topic_label" in part else [""] * len(part)
    for group, tid, label in zip(part["group"].tolist(), part["topic_id"].tolist(), labels):
        said = text_forms(f"{label} {group}")
        rows = np.flatnonzero(base & (keys == group) & (ids == int(tid)))
        if len(rows) == 0:
            continue
        found, counts = np.unique(gid[rows], return_counts=True)
        by_phrase: dict[str, int] = {}
        for g, n in zip(found.tolist(), counts.tolist()):
            phrase = phrases.get(int(g))
            if not phrase and texts is not None:
                phrase = canonical_phrase([t for t in texts[rows[gid[rows] == g]] if t])
            if phrase and not all(uses(w, said) for w in _WORD.findall(phrase.lower())):
                by_phrase[phrase] = by_phrase.get(phrase, 0) + int(n)
        need = max(min_count, min_share * len(rows))
        listed = sorted(((p, n) for p, n in by_phrase.items() if n >= need), key=lambda x: (-x[1], x[0]))[:top]
        if listed:
            out[(scope, str(group), int(tid))] = listed
    return out


def describe(listed: list[tuple[str, int]]) -> str:
    """``“website down” 9, “cannot check in” 5``.

    Example:
        >>> describe([("website down", 9), ("cannot check in", 5)])
        '“website down” 9, “cannot check in” 5'
    """
    return ", ".join(f"\u201c{p}\u201d {n}" for p, n in listed)
