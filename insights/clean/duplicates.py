"""Exact and near-duplicate detection that scales: key hashing plus MinHash LSH.

Two comments are copies when their :func:`~insights.clean.normalise.duplicate_key`
(lowercase letters only) is equal, or when the Jaccard similarity of their
character 5-gram sets reaches a threshold. Near-duplicates are found with
MinHash signatures split into bands (locality-sensitive hashing): a comment is
only compared with earlier originals that share a band, so the work grows with
the number of comments, not with its square.

Every copy points at the FIRST comment of its group in input order; copies are
never used as originals, so chains ("A~B, B~C, but A!~C") cannot form.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SHINGLE = 5
NUM_PERM = 30
BANDS = 10  # 10 bands x 3 rows: a pair at Jaccard 0.7 becomes a candidate 98.5% of the time, at 0.2 8%
ROWS = NUM_PERM // BANDS
MIN_NEAR_CHARS = 20  # shorter keys are matched exactly only: "great song" vs "great songs" are two voices
MAX_NEAR_CHARS = 500
MAX_CANDIDATES = 50  # bounded work per comment, even inside a flood
# Candidates whose signature estimate of Jaccard is below threshold - margin skip the exact
# check: with 30 permutations the estimate's standard error at J=0.7 is 0.08, so 0.25 is 3 SE.
ESTIMATE_MARGIN = 0.25
_PRIME = (1 << 31) - 1
_rng = np.random.default_rng(20240611)  # fixed: the same input always gives the same groups
# Multiply-shift hashing (odd a, wrap-around 64-bit arithmetic, keep the top 32 bits):
# a universal family that numpy computes far faster than a modulo.
_A = _rng.integers(1, 1 << 63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 1 << 63, size=NUM_PERM, dtype=np.uint64)
_SHIFT = np.uint64(32)


def shingle_sets(keys: Sequence[str], size: int = SHINGLE) -> list[np.ndarray]:
    """Sorted unique 31-bit hashes of each key's character n-grams (uint32 arrays).

    scikit-learn's hashing runs in C; keys are hashed in batches so the sparse
    matrix of a million comments is never held at once.
    """
    from sklearn.feature_extraction.text import HashingVectorizer

    vectorizer = HashingVectorizer(
        analyzer="char", ngram_range=(size, size), n_features=_PRIME, alternate_sign=False,
        norm=None, lowercase=False, dtype=np.float32,
    )
    out: list[np.ndarray] = []
    for start in range(0, len(keys), 20_000):
        matrix = vectorizer.transform(list(keys[start : start + 20_000])).tocsr()
        matrix.sort_indices()
        indices = matrix.indices.astype(np.uint32)
        out.extend(indices[matrix.indptr[i] : matrix.indptr[i + 1]] for i in range(matrix.shape[0]))
    return out


_EMPTY = np.zeros(0, dtype=np.uint32)


def _permute(hashes: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        values = np.multiply(hashes.astype(np.uint64)[:, None], _A)
        values += _B
        values >>= _SHIFT
    return values


def minhash_many(sets: list[np.ndarray]) -> np.ndarray:
    """MinHash signatures (len(sets), NUM_PERM) of many shingle-hash sets, vectorised."""
    out = np.full((len(sets), NUM_PERM), np.iinfo(np.uint32).max, dtype=np.uint32)
    start = 0
    while start < len(sets):
        stop = start
        total = 0
        while stop < len(sets) and total < 8_192:  # small chunks stay in the CPU cache
            total += len(sets[stop])
            stop += 1
        chunk = [s for s in sets[start:stop]]
        lengths = np.array([len(s) for s in chunk])
        nonempty = np.flatnonzero(lengths)
        if nonempty.size:
            flat = np.concatenate([chunk[i] for i in nonempty])
            values = _permute(flat)
            offsets = np.concatenate([[0], np.cumsum(lengths[nonempty])[:-1]])
            out[start + nonempty] = np.minimum.reduceat(values, offsets, axis=0)
        start = stop
    return out


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique hash arrays."""
    inter = np.intersect1d(a, b, assume_unique=True).size
    union = a.size + b.size - inter
    return inter / union if union else 1.0


def find_duplicates(
    keys: Sequence[str],
    threshold: float = 0.7,
    near: bool = True,
    min_near_chars: int = MIN_NEAR_CHARS,
) -> np.ndarray:
    """For each key, the index of the earlier original it copies, or -1.

    Args:
        keys: duplicate keys in input order ("" means "do not compare this row").
        threshold: Jaccard similarity of character 5-grams at or above which two
            keys are near-duplicates; 1.0 keeps exact matches only.
        near: look for near-duplicates at all (exact matches are always found).
        min_near_chars: keys shorter than this are matched exactly only.

    Example:
        >>> find_duplicates(["first", "great song", "first",
        ...     "check out my new channel for funny videos",
        ...     "check out my new channel for funny videos guys"]).tolist()
        [-1, -1, 0, -1, 3]
    """
    out = np.full(len(keys), -1, dtype=np.int64)
    use_near = near and threshold < 1.0
    # Signatures for every key long enough to be compared (exact repeats reuse the first's).
    distinct: dict[str, int] = {}
    for key in keys:
        if key and len(key) >= min_near_chars and key not in distinct:
            distinct[key] = len(distinct)
    # Copy-paste floods are short; the first MAX_NEAR_CHARS characters of a long text
    # are enough to tell a copy, and bound the cost of very long posts.
    sets = shingle_sets([k[:MAX_NEAR_CHARS] for k in distinct]) if use_near else []
    signatures = minhash_many(sets) if sets else np.zeros((0, NUM_PERM), dtype=np.uint32)

    first: dict[str, int] = {}
    buckets: dict[tuple[int, bytes], list[int]] = {}
    row_set: dict[int, np.ndarray] = {}
    row_key = np.zeros(len(keys), dtype=np.int64)  # row of an original -> its signature
    for i, key in enumerate(keys):
        if not key:
            continue
        original = first.get(key)
        if original is not None:
            out[i] = original
            continue
        first[key] = i
        if not use_near or len(key) < min_near_chars:
            continue
        j = distinct[key]
        hashes = sets[j]
        signature = signatures[j]
        bands = [(b, signature[b * ROWS : (b + 1) * ROWS].tobytes()) for b in range(BANDS)]
        seen: dict[int, None] = {}
        for band in bands:
            for candidate in buckets.get(band, ()):
                seen.setdefault(candidate)
                if len(seen) >= MAX_CANDIDATES:
                    break
            if len(seen) >= MAX_CANDIDATES:
                break
        match = -1
        if seen:
            cands = np.fromiter(seen, dtype=np.int64, count=len(seen))
            # The signatures estimate every candidate's Jaccard at once; only plausible ones
            # (estimate within ~3 standard errors of the threshold) get the exact check.
            estimate = (signatures[row_key[cands]] == signature).mean(axis=1)
            for candidate in np.sort(cands[estimate >= threshold - ESTIMATE_MARGIN]).tolist():
                if jaccard(hashes, row_set[candidate]) >= threshold:
                    match = candidate
                    break
        if match >= 0:
            out[i] = match
            first[key] = match  # later exact copies of this copy point at the original too
            sets[j] = _EMPTY  # a copy is never compared again: free its shingles
            continue
        row_set[i] = hashes
        row_key[i] = j
        for band in bands:
            buckets.setdefault(band, []).append(i)
    return out
