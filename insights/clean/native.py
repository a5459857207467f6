"""What the clean stage's compiled loops share: finding a kernel, and packing texts for one.

The kernels live in :mod:`insights.clean._kernels` (numba); without numba :func:`kernel`
returns None and callers use their plain numpy/Python versions, which give the same results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def kernel(name: str) -> Callable | None:
    """A compiled function from :mod:`insights.clean._kernels`, or None without numba."""
    try:
        from insights.clean import _kernels
    except ImportError:  # pragma: no cover - numba comes with BERTopic (umap-learn)
        return None
    return getattr(_kernels, name)


def packed(chunks: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Byte strings as one uint8 buffer and the offsets where each starts (and the last ends).

    Example:
        >>> data, offsets = packed([b"ab", b"", b"c"])
        >>> data.tolist(), offsets.tolist()
        ([97, 98, 99], [0, 2, 2, 3])
    """
    offsets = np.zeros(len(chunks) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in chunks], out=offsets[1:])
    return np.frombuffer(b"".join(chunks), dtype=np.uint8), offsets


def utf8_with_char_offsets(text: str) -> tuple[np.ndarray, np.ndarray]:
    """``text`` in UTF-8, and the byte offset of each character (plus the end).

    Example:
        >>> data, byte_at = utf8_with_char_offsets("aé")
        >>> len(data), byte_at.tolist()
        (3, [0, 1, 3])
    """
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    widths = 1 + (points >= 0x80).astype(np.int64) + (points >= 0x800) + (points >= 0x10000)
    byte_at = np.zeros(points.size + 1, dtype=np.int64)
    np.cumsum(widths, out=byte_at[1:])
    return np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8), byte_at
