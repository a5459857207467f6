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

import re
from collections.abc import Sequence

import numpy as np

from insights.clean.native import kernel, utf8_with_char_offsets

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

    The hashes are scikit-learn's ``HashingVectorizer(analyzer="char")`` ones
    (MurmurHash3 of each n-gram's UTF-8 bytes, ``abs(h) % (2**31 - 1)``), computed for
    all n-grams of a batch of keys at once with numpy instead of one Python string per
    n-gram; :func:`shingle_sets_sklearn` is the reference they are tested against.

    Example:
        >>> [len(s) for s in shingle_sets(["abcdef", "abc", "aaaaaaa"])]
        [2, 0, 1]
    """
    out: list[np.ndarray] = []
    for start in range(0, len(keys), 20_000):
        out.extend(_shingle_batch([_WHITE_SPACES.sub(" ", k) for k in keys[start : start + 20_000]], size))
    return out


def shingle_sets_sklearn(keys: Sequence[str], size: int = SHINGLE) -> list[np.ndarray]:
    """:func:`shingle_sets` through scikit-learn's hashing: the reference, several times slower."""
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


_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's char analyzer collapses these first


def _shingle_batch(keys: list[str], size: int) -> list[np.ndarray]:
    if not keys:
        return []
    # The joined keys in UTF-8, with each character's byte offset.
    data, byte_at = utf8_with_char_offsets("".join(keys))
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    counts = np.maximum(lengths - size + 1, 0)
    key_start = np.zeros(len(keys), dtype=np.int64)
    np.cumsum(lengths[:-1], out=key_start[1:])
    # Start character of every n-gram, key by key.
    owner = np.repeat(np.arange(len(keys)), counts)
    first = np.zeros(len(keys), dtype=np.int64)
    np.cumsum(counts[:-1], out=first[1:])
    starts = key_start[owner] + (np.arange(owner.size) - first[owner])
    lo, hi = byte_at[starts], byte_at[starts + size]
    hashes = _murmur3_spans(data, lo, hi - lo)
    index = np.where(hashes == -(1 << 31), (_PRIME - (_PRIME - 1)) % _PRIME, np.abs(hashes.astype(np.int64)) % _PRIME)
    # Sorted unique per key: sort (key, hash) pairs once.
    combined = np.sort((owner.astype(np.uint64) << np.uint64(32)) | index.astype(np.uint64))
    if combined.size:
        combined = combined[np.concatenate(([True], combined[1:] != combined[:-1]))]
    values = (combined & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    bounds = np.searchsorted(combined >> np.uint64(32), np.arange(len(keys) + 1, dtype=np.uint64))
    return [values[bounds[i] : bounds[i + 1]] for i in range(len(keys))]


def _murmur3_spans(data: np.ndarray, offsets: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """MurmurHash3 (x86, 32-bit, seed 0) of many byte spans, as signed int32."""
    out = np.zeros(offsets.size, dtype=np.int32)
    c1, c2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)
    padded = np.concatenate([data, np.zeros(4, dtype=np.uint8)]).astype(np.uint32)
    with np.errstate(over="ignore"):
        for length in sorted(set(lengths.tolist())):
            rows = np.flatnonzero(lengths == length)
            base = offsets[rows]
            h = np.zeros(rows.size, dtype=np.uint32)
            blocks, tail = divmod(length, 4)
            for b in range(blocks):
                p = base + 4 * b
                k = padded[p] | (padded[p + 1] << 8) | (padded[p + 2] << 16) | (padded[p + 3] << 24)
                k = k * c1
                k = (k << np.uint32(15)) | (k >> np.uint32(17))
                k = k * c2
                h ^= k
                h = (h << np.uint32(13)) | (h >> np.uint32(19))
                h = h * np.uint32(5) + np.uint32(0xE6546B64)
            if tail:
                p = base + 4 * blocks
                k = np.zeros(rows.size, dtype=np.uint32)
                for t in range(tail - 1, -1, -1):
                    k = (k << np.uint32(8)) | padded[p + t]
                k = k * c1
                k = (k << np.uint32(15)) | (k >> np.uint32(17))
                k = k * c2
                h ^= k
            h ^= np.uint32(length)
            h ^= h >> np.uint32(16)
            h = h * np.uint32(0x85EBCA6B)
            h ^= h >> np.uint32(13)
            h = h * np.uint32(0xC2B2AE35)
            h ^= h >> np.uint32(16)
            out[rows] = h.view(np.int32)
    return out


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


def sketch(keys: Sequence[str], size: int = SHINGLE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shingle sets and MinHash signatures of many keys at once.

    Returns:
        ``(ptr, flat, signatures)``: key i's sorted unique n-gram hashes are
        ``flat[ptr[i]:ptr[i + 1]]`` (the values of :func:`shingle_sets`), and its
        signature is ``signatures[i]`` (the values of :func:`minhash_many`).
        Compiled with numba when it is installed; the numpy functions otherwise.
    """
    compiled = kernel("sketch_batch")
    if compiled is None:
        sets = shingle_sets(keys, size)
        ptr = np.zeros(len(sets) + 1, dtype=np.int64)
        np.cumsum([len(x) for x in sets], out=ptr[1:])
        flat = np.concatenate(sets) if len(sets) else np.zeros(0, dtype=np.uint32)
        return ptr, flat.astype(np.uint32), minhash_many(sets)
    ptrs, flats, sigs = [np.zeros(1, dtype=np.int64)], [], []
    for start in range(0, len(keys), 20_000):
        batch = [_WHITE_SPACES.sub(" ", k) for k in keys[start : start + 20_000]]
        data, byte_at = utf8_with_char_offsets("".join(batch))
        lengths = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
        ptr, flat, signature = compiled(data, byte_at, lengths, size, _A, _B)
        ptrs.append(ptr[1:] + ptrs[-1][-1])
        flats.append(flat)
        sigs.append(signature)
    flat = np.concatenate(flats) if flats else np.zeros(0, dtype=np.uint32)
    signatures = np.concatenate(sigs) if sigs else np.zeros((0, NUM_PERM), dtype=np.uint32)
    return np.concatenate(ptrs), flat, signatures


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
    # Exact copies: a dictionary of keys. Rows to compare further: the first occurrence
    # of every key long enough (exact repeats follow whatever their first occurrence is).
    first: dict[str, int] = {}
    repeats: list[int] = []
    repeat_of: list[int] = []
    long_rows: list[int] = []
    for i, key in enumerate(keys):
        if not key:
            continue
        original = first.setdefault(key, i)
        if original != i:
            repeats.append(i)
            repeat_of.append(original)
        elif use_near and len(key) >= min_near_chars:
            long_rows.append(i)
    if long_rows:
        # Copy-paste floods are short; the first MAX_NEAR_CHARS characters of a long text
        # are enough to tell a copy, and bound the cost of very long posts.
        ptr, flat, signatures = sketch([keys[i][:MAX_NEAR_CHARS] for i in long_rows])
        matches = near_matches(ptr, flat, signatures, float(threshold))
        rows = np.asarray(long_rows, dtype=np.int64)
        copies = np.flatnonzero(matches >= 0)
        out[rows[copies]] = rows[matches[copies]]
    if repeats:
        # A repeat of a near-copy points at that copy's original, like the copy itself.
        base = np.asarray(repeat_of, dtype=np.int64)
        out[np.asarray(repeats, dtype=np.int64)] = np.where(out[base] >= 0, out[base], base)
    return out


def near_matches(ptr: np.ndarray, flat: np.ndarray, signatures: np.ndarray, threshold: float) -> np.ndarray:
    """For each distinct key (in input order), the earlier original it nearly copies, or -1.

    Keys are given by their shingle sets (``flat[ptr[i]:ptr[i + 1]]``, see :func:`sketch`)
    and MinHash signatures. MinHash LSH: a key is compared only with earlier originals
    sharing one of its :data:`BANDS` bands, at most :data:`MAX_CANDIDATES` of them
    (bucket order), which bounds the work per key even inside a flood or a corpus of
    look-alike texts. Of those, the ones whose signature estimate is within
    :data:`ESTIMATE_MARGIN` of the threshold get an exact Jaccard check, lowest index
    first; the first at or above ``threshold`` is the match. A copy is never an original.
    Runs compiled with numba (as BERTopic installs it); :func:`near_matches_python` is
    the same rule in Python.
    """
    compiled = kernel("near_search")
    if compiled is None or len(signatures) == 0:
        sets = [flat[ptr[i] : ptr[i + 1]] for i in range(len(signatures))]
        return near_matches_python(sets, signatures, threshold)
    return compiled(
        np.ascontiguousarray(signatures), band_groups(signatures), ptr, flat,
        float(threshold), float(threshold - ESTIMATE_MARGIN), MAX_CANDIDATES,
    )


def band_groups(signatures: np.ndarray) -> np.ndarray:
    """(BANDS, n) ids: two keys share a bucket of band b when their ids in row b are equal."""
    n = len(signatures)
    out = np.zeros((BANDS, n), dtype=np.int32)
    for b in range(BANDS):
        block = signatures[:, b * ROWS : (b + 1) * ROWS]
        order = np.lexsort(block.T[::-1])
        ordered = block[order]
        new = np.ones(n, dtype=bool)
        new[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
        out[b, order] = np.cumsum(new) - 1
    return out


def near_matches_python(sets: list[np.ndarray], signatures: np.ndarray, threshold: float) -> np.ndarray:
    """:func:`near_matches` without numba: the reference the compiled search is tested against."""
    matches = np.full(len(sets), -1, dtype=np.int64)
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for j in range(len(sets)):
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
        if seen:
            cands = np.fromiter(seen, dtype=np.int64, count=len(seen))
            # The signatures estimate every candidate's Jaccard at once; only plausible ones
            # (estimate within ~3 standard errors of the threshold) get the exact check.
            estimate = (signatures[cands] == signature).mean(axis=1)
            for candidate in np.sort(cands[estimate >= threshold - ESTIMATE_MARGIN]).tolist():
                if jaccard(sets[j], sets[candidate]) >= threshold:
                    matches[j] = candidate
                    break
        if matches[j] < 0:
            for band in bands:
                buckets.setdefault(band, []).append(j)
    return matches

