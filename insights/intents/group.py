"""Grouping: requests (or complaints) that mean the same thing become one row with a canonical phrase.

Phrases are embedded (by the caller, with the run's embedder) and merged by
agglomerative clustering with average linkage under a cosine-similarity
threshold: deterministic, no number of groups to guess.

Example:
    >>> vecs = np.array([[1, 0], [0.99, 0.14], [0, 1]], dtype=np.float32)
    >>> cluster_phrases(vecs, threshold=0.8).tolist()
    [0, 0, 1]
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from insights import schema as S
from insights.intents.identifiers import strip_identifiers
from insights.topics.labels import stem

GROUP_COLUMNS: tuple[str, ...] = (
    S.GROUP_ID,
    S.GROUP_PHRASE,
    S.GROUP_COUNT,
    S.GROUP_AUTHORS,
    S.GROUP_MENTIONS,
    S.GROUP_VARIANTS,
    S.GROUP_COMMENT_IDS,
    S.GROUP_EXAMPLES,
    S.GROUP_SENTIMENT,
)


# The phrase's share beside its comment's embedding, for comments that say more than their
# phrase. Long reviews group better on the whole comment (CLAP rq3 size-weighted ARI 0.394 at
# 1.0, 0.491 at 0.5, 0.563 at 0.25), short one-liners on the phrase: "I wish it had a night
# theme" and "Love it, but please add dark mode!" only meet through "night theme" / "dark mode".
# So a phrase that says most of what its comment says (cosine >= FULL_PHRASE_SIMILARITY) keeps
# full weight and PHRASE_WEIGHT applies to the others: CLAP rq3 0.501, the demo's request
# groups ARI 0.721 -> 0.798 (dark mode 29 of 29 in one group, with "night theme"), its
# complaint groups 0.310 -> 0.438, airline complaints 0.142 -> 0.148 (scripts/eval_lessons.py
# --groups, against the labelled themes / complaint reasons).
#
# Some embedders give comments that are all alike: the static model's airline complaints have a
# mean pairwise cosine of 0.51 against their phrases' 0.16 (MiniLM: 0.25 and 0.21). Such
# comment vectors cannot tell groups apart, and at weight 0.5 they merged cancellations, delays
# and hold times into one group of 2,943 (airline --fast: ARI 0.120 -> 0.040). When comments
# are more alike than phrases by more than ALIKE_MARGIN, every phrase keeps full weight (0.121).
PHRASE_WEIGHT = 0.5
FULL_PHRASE_SIMILARITY = 0.7
ALIKE_MARGIN = 0.1

# Numbers in a phrase ("3.1 crashes on login", "$129 lamp", "waited 3 hours") name a version,
# a price or an amount, rarely the problem itself, yet they dominate a small model's vector of
# a short phrase: "3.0 crashed" and "3.1 battery fix" were nearer each other than "3.0 crashed"
# and "crashes on login". Phrases are embedded without them (the comment keeps its numbers).
_NUMBER = re.compile(
    r"(?<![\w.])[$€£#]?\d[\d.,:/%]*(?:(?:st|nd|rd|th|x)(?!\w))?", re.IGNORECASE
)


def without_numbers(phrase: str) -> str:
    """The phrase with its identifiers and numbers (versions, prices, counts) removed; unchanged
    if nothing is left. Identifiers go first, whole: "lm-20417" would leave "lm-" behind.

    Example:
        >>> without_numbers("3.1 crashes on login on s21"), without_numbers("$129")
        ('crashes on login on s21', '$129')
        >>> without_numbers("order lm-20417 not arriving")
        'order not arriving'
    """
    text = re.sub(r"\s+", " ", _NUMBER.sub(" ", strip_identifiers(phrase))).strip()
    return text or phrase


def phrase_vectors(
    phrases: Sequence[str],
    embedder,
    context: np.ndarray | None = None,
    phrase_weight: float = PHRASE_WEIGHT,
    context_rows: np.ndarray | None = None,
) -> np.ndarray:
    """L2-normalised vectors for grouping: the phrase's embedding, plus its comment's when given.

    Adding the comment's own embedding (``context``, rows aligned to ``phrases``) keeps a
    poorly extracted phrase near what its comment is about. The phrase's (unit) vector counts
    fully when it is close to its comment's (cosine >= ``FULL_PHRASE_SIMILARITY``: the
    comment says little else), ``phrase_weight`` times otherwise. Numbers are left out of
    the phrase before embedding (see :func:`without_numbers`).

    ``context_rows``: the rows of ``context`` (e.g. the run's whole embedding matrix) that are
    the phrases' comments, read a block at a time instead of copied (a million comments'
    complaints: a 256-d copy of a few hundred MB, and as much again per temporary).

    Example:
        >>> phrase_vectors(["add dark mode"], embedder, comment_vectors)  # doctest: +SKIP
    """
    from insights.embed import embed_texts

    vectors = np.asarray(
        embed_texts([without_numbers(p) for p in phrases], embedder), dtype=np.float32
    )
    if context is not None:
        rows = np.arange(len(context)) if context_rows is None else np.asarray(context_rows)
        if len(rows) == len(vectors) and context.shape[1:] == vectors.shape[1:]:
            _combine_in_blocks(vectors, context, rows, phrase_weight)
    for start in range(0, len(vectors), _BLOCK):
        block = vectors[start : start + _BLOCK]
        norms = np.linalg.norm(block, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        block /= norms
    return vectors


_BLOCK = 65_536  # rows per block of the in-place vector arithmetic


def _combine_in_blocks(
    vectors: np.ndarray, context: np.ndarray, rows: np.ndarray, phrase_weight: float
) -> None:
    """:func:`combine_phrase_and_comment` of ``vectors`` and ``context[rows]``, into ``vectors``,
    one block of rows at a time (the same numbers; one block for up to ``_BLOCK`` rows)."""
    blocks = [slice(start, start + _BLOCK) for start in range(0, len(rows), _BLOCK)]
    alike = None  # one block: combine_phrase_and_comment measures it on the block itself
    if len(blocks) > 1:
        total = np.zeros(vectors.shape[1], dtype=np.float64)
        for block in blocks:
            total += np.asarray(context[rows[block]], dtype=np.float32).sum(axis=0)
        alike = _alike(total / len(rows), vectors.mean(axis=0))
    for block in blocks:
        comment = np.asarray(context[rows[block]], dtype=np.float32)
        vectors[block] = combine_phrase_and_comment(vectors[block], comment, phrase_weight, alike)


def _alike(comment_mean: np.ndarray, phrase_mean: np.ndarray) -> float:
    # ||mean of unit vectors||^2 is their mean pairwise cosine (self-pairs included).
    return float(np.square(comment_mean).sum() - np.square(phrase_mean).sum())


def combine_phrase_and_comment(
    phrase: np.ndarray,
    comment: np.ndarray,
    phrase_weight: float = PHRASE_WEIGHT,
    alike: float | None = None,
) -> np.ndarray:
    """Per row ``w * phrase + comment`` (not normalised), ``w`` = 1 where the two unit vectors
    have cosine >= ``FULL_PHRASE_SIMILARITY``, else ``phrase_weight``; ``w`` = 1 everywhere
    when the comments are more alike than the phrases by more than ``ALIKE_MARGIN`` (mean
    pairwise cosine), as a comment vector that resembles every other one tells no group apart.
    ``alike``: that difference when measured over more rows than these (a block of them).

    Example:
        >>> p = np.array([[1.0, 0.0], [1.0, 0.0]], dtype=np.float32)
        >>> c = np.array([[0.8, 0.6], [0.0, 1.0]], dtype=np.float32)
        >>> combine_phrase_and_comment(p, c, 0.5).tolist()
        [[1.7999999523162842, 0.6000000238418579], [0.5, 1.0]]
    """
    if alike is None:
        alike = _alike(comment.mean(axis=0), phrase.mean(axis=0))
    if len(phrase) and alike > ALIKE_MARGIN:
        return phrase + comment
    cosine = np.sum(phrase * comment, axis=1)
    weight = np.where(cosine >= FULL_PHRASE_SIMILARITY, 1.0, phrase_weight).astype(np.float32)
    return weight[:, None] * phrase + comment


# Exact average linkage needs every pairwise similarity: fine up to a few thousand phrases,
# quadratic in time and memory beyond (30,000 complaints would need 7 GB). Larger sets are
# clustered in rounds: exact linkage on an evenly spaced sample, then every other phrase joins
# the sample cluster it is on average most similar to (the same average similarity linkage
# uses), if that reaches the threshold; the rest go to the next round.
EXACT_LIMIT = 3000


def _exact_clusters(vectors: np.ndarray, threshold: float) -> np.ndarray:
    if len(vectors) < 2:
        return np.zeros(len(vectors), dtype=np.int64)
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1.0 - threshold
    )
    return model.fit_predict(np.asarray(vectors, dtype=np.float64)).astype(np.int64)


def _sampled_clusters(vectors: np.ndarray, threshold: float, limit: int) -> np.ndarray:
    labels = np.full(len(vectors), -1, dtype=np.int64)
    todo = np.arange(len(vectors))
    next_label = 0
    while len(todo):
        if len(todo) <= limit:
            labels[todo] = _exact_clusters(vectors[todo], threshold) + next_label
            break
        sample = todo[np.linspace(0, len(todo) - 1, limit).round().astype(np.int64)]
        raw = _exact_clusters(vectors[sample], threshold)
        labels[sample] = raw + next_label
        k = int(raw.max()) + 1
        # Mean vector per cluster: x . mean is x's average cosine to the cluster's members.
        means = np.zeros((k, vectors.shape[1]), dtype=np.float32)
        np.add.at(means, raw, vectors[sample])
        means /= np.bincount(raw, minlength=k)[:, None]
        rest = np.setdiff1d(todo, sample, assume_unique=True)
        joined = np.zeros(len(rest), dtype=bool)
        for start in range(0, len(rest), 4096):  # bounded memory: 4096 x k similarities
            block = rest[start : start + 4096]
            sims = vectors[block] @ means.T
            best = np.argmax(sims, axis=1)
            ok = sims[np.arange(len(block)), best] >= threshold
            labels[block[ok]] = best[ok] + next_label
            joined[start : start + 4096] = ok
        next_label += k
        todo = rest[~joined]
    return labels


def cluster_phrases(
    vectors: np.ndarray, threshold: float = 0.45, exact_limit: int = EXACT_LIMIT
) -> np.ndarray:
    """Cluster labels (0..k-1, numbered by first appearance) for L2-normalised phrase vectors.

    Two phrases end up together when the average cosine similarity between their
    clusters is at least ``threshold``. Up to ``exact_limit`` phrases this is exact average
    linkage; beyond, rounds of exact linkage on an evenly spaced sample with the other phrases
    assigned to the sample cluster of highest average similarity (near-linear; deterministic).
    """
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=int)
    if n == 1:
        return np.zeros(1, dtype=int)
    vectors = np.asarray(vectors, dtype=np.float32)
    if n <= exact_limit:
        raw = _exact_clusters(vectors, threshold)
    else:
        raw = _sampled_clusters(vectors, threshold, exact_limit)
    # Renumber by first appearance so labels do not depend on scikit-learn's internal order.
    _, first = np.unique(raw, return_index=True)
    rank = np.empty(len(first), dtype=int)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    _, inverse = np.unique(raw, return_inverse=True)
    return rank[inverse]


# Words that start most requests or fill complaints without naming anything: a canonical
# phrase is chosen by the words it shares with its group, and these are shared by all.
_FILLER = frozenset(
    "a an the of to for in on at with and or my me i it its this that is are was be been so very "
    "just too also please pls add make get have let give bring want need would could can".split()
)


def phrase_words(phrase: str) -> frozenset[str]:
    """The content words of a phrase, crudely stemmed ("crashes", "crashing" -> "crash").

    Example:
        >>> sorted(phrase_words("app crashes on login"))
        ['app', 'crash', 'login']
    """
    return frozenset(
        stem(word)
        for word in re.findall(r"[a-z0-9']+", phrase.lower())
        if word not in _FILLER and len(word) >= 2
    )


# Candidates scored against every distinct phrase of a group; a cap keeps a group of thousands
# of distinct phrases (airline "cancelled": 800) linear in its size.
_CANONICAL_CANDIDATES = 200


def canonical_phrase(phrases: Sequence[str], vectors: np.ndarray | None = None) -> str:
    """The phrase that best represents its group: the one sharing the most words with the others.

    Each distinct phrase scores the sum, over every member, of the Dice overlap between their
    content words (:func:`phrase_words`): a medoid in word space. A phrase repeated by many
    members wins; among phrases said once, the one built from the group's common words
    ("waiting" in a group of "waiting for my order" / "waiting on mine" / "waiting for a sale")
    beats one carrying an outlier's words. Ties go to the phrase said most often, then the one
    whose vector is nearest the group's centroid, then the shortest.

    Example:
        >>> canonical_phrase(["waiting for order", "waiting on mine", "waiting", "waiting for sale"])
        'waiting'
        >>> canonical_phrase(["add dark mode", "add night theme", "add dark mode"])
        'add dark mode'
    """
    counts = Counter(phrases)
    distinct = sorted(counts)
    if len(distinct) == 1:
        return distinct[0]
    words = [phrase_words(p) for p in distinct]
    weight = np.array([counts[p] for p in distinct], dtype=float)
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, ws in enumerate(words):
        for w in ws:
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
    from scipy.sparse import csr_matrix

    matrix = csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(distinct), max(len(vocab), 1))
    )
    sizes = np.array([len(ws) for ws in words], dtype=float)
    # Candidates: the phrases whose words are most common in the group (cheap upper bound).
    frequency = np.asarray(matrix.T @ weight).ravel()
    support = np.asarray(matrix @ frequency).ravel() / np.maximum(sizes, 1.0)
    candidates = np.lexsort((np.arange(len(distinct)), -weight, -support))[:_CANONICAL_CANDIDATES]
    overlap = (matrix[candidates] @ matrix.T).toarray()
    dice = 2 * overlap / np.maximum(sizes[candidates][:, None] + sizes[None, :], 1.0)
    score = np.round(dice @ weight, 6)
    closeness = np.zeros(len(candidates))
    if vectors is not None and len(vectors) == len(phrases):
        centroid = np.asarray(vectors, dtype=np.float32).mean(axis=0)
        first = {p: i for i, p in reversed(list(enumerate(phrases)))}
        closeness = np.array(
            [round(float(vectors[first[distinct[c]]] @ centroid), 6) for c in candidates]
        )
    best = min(
        range(len(candidates)),
        key=lambda k: (
            -score[k],
            -weight[candidates[k]],  # "delayed" said 173 times over "8 delayed" said once
            -closeness[k],
            len(distinct[candidates[k]]),
            distinct[candidates[k]],
        ),
    )
    return distinct[candidates[best]]


# The columns of the grouped comments that group_table reads (the caller may pass only these).
GROUP_READS: tuple[str, ...] = (
    S.INTENT_TEXT, S.DISPLAY_TEXT, S.TEXT, S.AUTHOR, S.DUPLICATE_COUNT, S.SENTIMENT, S.COMMENT_ID,
)


def group_table(
    frame: pd.DataFrame,
    phrases: Sequence[str],
    vectors: np.ndarray | None,
    threshold: float = 0.45,
    n_examples: int = 3,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Group comments by phrase meaning; returns (one row per group, group id per comment).

    Args:
        frame: the comments carrying this intent (their rows of ``corpus.comments``; the
            :data:`GROUP_READS` columns are enough).
        phrases: their ``intent_text``, aligned to ``frame``.
        vectors: L2-normalised phrase embeddings aligned to ``frame``; None groups
            identical phrases only.
        threshold: cosine similarity at which two phrases are merged.
        n_examples: verbatim quotes kept per group.

    Group ids run 0..k-1 by count (desc), then first appearance.
    """
    n = len(frame)
    if n == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in GROUP_COLUMNS}), np.zeros(
            0, dtype=int
        )
    phrases = [p or "" for p in phrases]
    if vectors is None:
        index = {p: i for i, p in reversed(list(enumerate(dict.fromkeys(phrases))))}
        raw = np.array([index[p] for p in phrases], dtype=int)
    else:
        raw = cluster_phrases(vectors, threshold)
    # Group ids by size (desc), then first appearance; one pass, no per-group scans of all rows.
    _, first, inverse, sizes = np.unique(
        raw, return_index=True, return_inverse=True, return_counts=True
    )
    ranked = np.lexsort((first, -sizes))
    new_id = np.empty(len(ranked), dtype=int)
    new_id[ranked] = np.arange(len(ranked))
    ids = new_id[inverse.reshape(-1)]
    order = np.argsort(ids, kind="stable")  # members of each group, in input order
    bounds = np.flatnonzero(np.diff(ids[order])) + 1
    members_of = np.split(order, bounds)

    quote_col = S.DISPLAY_TEXT if S.DISPLAY_TEXT in frame else S.TEXT
    quotes = frame[quote_col].fillna("").astype(str).tolist() if quote_col in frame else [""] * n
    key = pd.Series(ids, index=frame.index)
    counts = np.bincount(ids)
    if S.AUTHOR in frame:
        author = frame[S.AUTHOR].astype("string").fillna("").replace("", pd.NA)
        authors = author.groupby(key).nunique().reindex(range(len(ranked)), fill_value=0)
        authors = authors.to_numpy(dtype=int)
    else:
        authors = counts
    if S.DUPLICATE_COUNT in frame:
        dup = pd.to_numeric(frame[S.DUPLICATE_COUNT], errors="coerce").fillna(1)
        mentions = dup.groupby(key).sum().reindex(range(len(ranked))).to_numpy()
    else:
        mentions = counts
    sentiments = np.full(len(ranked), np.nan)
    if S.SENTIMENT in frame:
        sent = pd.to_numeric(frame[S.SENTIMENT], errors="coerce")
        sentiments = sent.groupby(key).mean().reindex(range(len(ranked))).to_numpy(dtype=float)
    comment_ids = frame[S.COMMENT_ID].astype(str).tolist() if S.COMMENT_ID in frame else None

    rows = []
    for gid, members in enumerate(members_of):
        # intent_text carries no identifiers; phrases from elsewhere (an older run, a caller's
        # own) lose theirs here, so no order number or address heads a group ("us4623" alone
        # gives way to a member phrase that names something, if any does).
        member_phrases = [strip_identifiers(phrases[i]) for i in members]
        named = [j for j, p in enumerate(member_phrases) if p]
        if named:
            member_phrases = [member_phrases[j] for j in named]
            member_vectors = vectors[members[named]] if vectors is not None else None
        else:
            member_phrases = [phrases[i] for i in members]
            member_vectors = vectors[members] if vectors is not None else None
        canonical = canonical_phrase(member_phrases, member_vectors)
        variants = [p for p in dict.fromkeys(member_phrases) if p and p != canonical]
        # Shorter quotes read better in a report; ties keep input order (stable sort).
        member_quotes = (quotes[i] for i in members)
        examples = sorted(dict.fromkeys(q for q in member_quotes if q.strip()), key=len)[
            :n_examples
        ]
        sentiment = float(sentiments[gid])
        rows.append(
            {
                S.GROUP_ID: gid,
                S.GROUP_PHRASE: canonical,
                S.GROUP_COUNT: int(counts[gid]),
                S.GROUP_AUTHORS: int(authors[gid]),
                S.GROUP_MENTIONS: int(mentions[gid]),
                S.GROUP_VARIANTS: ";".join(variants),
                S.GROUP_COMMENT_IDS: ";".join(comment_ids[i] for i in members)
                if comment_ids is not None
                else "",
                S.GROUP_EXAMPLES: examples,
                S.GROUP_SENTIMENT: sentiment if math.isnan(sentiment) else round(sentiment, 4),
            }
        )
    return pd.DataFrame(rows, columns=list(GROUP_COLUMNS)), ids
