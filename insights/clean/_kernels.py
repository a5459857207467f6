"""Compiled inner loops of the clean stage (numba, which BERTopic's umap-learn installs).

Importing this module fails with ImportError when numba is missing; callers then use
their plain numpy/Python versions, which give the same results (tests compare them).
Module-level functions so numba's on-disk cache (``cache=True``) finds them again.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def murmur3(data, lo, hi):  # pragma: no cover - compiled
    mask = np.uint64(0xFFFFFFFF)
    c1, c2 = np.uint64(0xCC9E2D51), np.uint64(0x1B873593)
    h = np.uint64(0)
    length = hi - lo
    blocks = length // 4
    for b in range(blocks):
        p = lo + 4 * b
        k = (np.uint64(data[p]) | (np.uint64(data[p + 1]) << np.uint64(8))
             | (np.uint64(data[p + 2]) << np.uint64(16)) | (np.uint64(data[p + 3]) << np.uint64(24)))
        k = (k * c1) & mask
        k = ((k << np.uint64(15)) | (k >> np.uint64(17))) & mask
        k = (k * c2) & mask
        h ^= k
        h = ((h << np.uint64(13)) | (h >> np.uint64(19))) & mask
        h = (h * np.uint64(5) + np.uint64(0xE6546B64)) & mask
    tail = length - 4 * blocks
    if tail:
        k = np.uint64(0)
        for t in range(tail - 1, -1, -1):
            k = (k << np.uint64(8)) | np.uint64(data[lo + 4 * blocks + t])
        k = (k * c1) & mask
        k = ((k << np.uint64(15)) | (k >> np.uint64(17))) & mask
        k = (k * c2) & mask
        h ^= k
    h ^= np.uint64(length)
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & mask
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & mask
    h ^= h >> np.uint64(16)
    return h


@numba.njit(cache=True, nogil=True)
def sketch_batch(data, byte_at, lengths, size, a, b):  # pragma: no cover - compiled
    n = lengths.size
    prime = np.uint64(2147483647)
    counts = np.maximum(lengths - size + 1, 0)
    total = counts.sum()
    flat = np.empty(total, dtype=np.uint32)
    ptr = np.zeros(n + 1, dtype=np.int64)
    sigs = np.full((n, a.size), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    char = 0
    w = 0
    for i in range(n):
        start = w
        for g in range(counts[i]):
            h = murmur3(data, byte_at[char + g], byte_at[char + g + size])
            # scikit-learn's index: abs of the signed 32-bit hash, modulo 2**31 - 1
            if h < np.uint64(2147483648):
                v = h % prime
            elif h == np.uint64(2147483648):
                v = np.uint64(1)
            else:
                v = (np.uint64(4294967296) - h) % prime
            flat[w] = np.uint32(v)
            w += 1
        char += lengths[i]
        if w > start:
            flat[start:w] = np.sort(flat[start:w])
            u = start + 1
            for r in range(start + 1, w):
                if flat[r] != flat[u - 1]:
                    flat[u] = flat[r]
                    u += 1
            w = u
            for p in range(a.size):
                low = np.uint64(0xFFFFFFFFFFFFFFFF)
                for r in range(start, w):
                    value = (np.uint64(flat[r]) * a[p] + b[p]) >> np.uint64(32)
                    if value < low:
                        low = value
                sigs[i, p] = np.uint32(low)
        ptr[i + 1] = w
    return ptr, flat[:w].copy(), sigs


@numba.njit(cache=True, nogil=True)
def near_search(sigs, groups, ptr, flat, threshold, est_min, max_cand):  # pragma: no cover - compiled
    n, n_perm = sigs.shape
    n_bands = groups.shape[0]
    matches = np.full(n, -1, dtype=np.int64)
    # Buckets as linked lists of originals, in the order they became originals.
    head = np.full((n_bands, n), -1, dtype=np.int32)
    tail = np.full((n_bands, n), -1, dtype=np.int32)
    nxt = np.full((n_bands, n), -1, dtype=np.int32)
    mark = np.full(n, -1, dtype=np.int64)
    cands = np.empty(max_cand, dtype=np.int64)
    for d in range(n):
        count = 0
        for b in range(n_bands):
            j = head[b, groups[b, d]]
            while j != -1:
                if mark[j] != d:
                    mark[j] = d
                    cands[count] = j
                    count += 1
                    if count >= max_cand:
                        break
                j = nxt[b, j]
            if count >= max_cand:
                break
        if count:
            plausible = np.empty(count, dtype=np.int64)
            m = 0
            for t in range(count):
                c = cands[t]
                same = 0
                for p in range(n_perm):
                    if sigs[c, p] == sigs[d, p]:
                        same += 1
                if same / n_perm >= est_min:
                    plausible[m] = c
                    m += 1
            plausible = np.sort(plausible[:m])
            for t in range(m):
                c = plausible[t]
                a, a_end, x, x_end = ptr[d], ptr[d + 1], ptr[c], ptr[c + 1]
                inter = 0
                while a < a_end and x < x_end:
                    if flat[a] == flat[x]:
                        inter += 1
                        a += 1
                        x += 1
                    elif flat[a] < flat[x]:
                        a += 1
                    else:
                        x += 1
                union = (ptr[d + 1] - ptr[d]) + (ptr[c + 1] - ptr[c]) - inter
                similarity = inter / union if union else 1.0
                if similarity >= threshold:
                    matches[d] = c
                    break
        if matches[d] < 0:
            for b in range(n_bands):
                g = groups[b, d]
                if head[b, g] == -1:
                    head[b, g] = d
                else:
                    nxt[b, tail[b, g]] = d
                tail[b, g] = d
    return matches


@numba.njit(cache=True, nogil=True)
def literal_walk(data, offsets, table, ptr, ids, out):  # pragma: no cover - compiled
    for t in range(offsets.size - 1):
        state = 0
        for k in range(offsets[t], offsets[t + 1]):
            state = table[state, data[k]]
            for j in range(ptr[state], ptr[state + 1]):
                out[t, ids[j]] = True


@numba.njit(cache=True, nogil=True)
def langid_visits(data, offsets, nextmove, rowbase, output, slot):  # pragma: no cover - compiled
    """py3langid's byte-DFA walk for many texts: features in first-visit order, with counts."""
    features = np.empty(data.size, dtype=np.int64)
    counts = np.empty(data.size, dtype=np.int64)
    ptr = np.zeros(offsets.size, dtype=np.int64)
    m = 0
    for t in range(offsets.size - 1):
        start = m
        state = 0
        for k in range(offsets[t], offsets[t + 1]):
            state = nextmove[rowbase[state] + data[k]]
            f = output[state]
            if f >= 0:
                p = slot[f]
                if p < 0:
                    slot[f] = m
                    features[m] = f
                    counts[m] = 1
                    m += 1
                else:
                    counts[p] += 1
        for r in range(start, m):
            slot[features[r]] = -1
        ptr[t + 1] = m
    return ptr, features[:m], counts[:m]
