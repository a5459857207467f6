"""Literal pre-filters for regexes: which strings every match must contain, found in one pass.

Python's regex engine is slow to *reject* a text when a pattern starts with ``\\b`` or
a group: it tries every alternative at every position. Most comments match none of the
spam rules, so most of that work is rejection. Two tools make rejection cheap without
changing any result:

* :func:`required_literals` reads a pattern's syntax tree and returns strings one of
  which every match contains (``\\bsign\\s*up (?:now|here)\\b`` -> ``("sign",)``), or
  None when it cannot tell. A text containing none of them cannot match.
* :class:`LiteralIndex` finds, for many texts at once, which of many literals each
  contains: an Aho-Corasick automaton walked over the UTF-8 bytes of all texts (compiled
  with numba when it is installed, as it is with BERTopic; plain ``in`` tests otherwise).

Example:
    >>> required_literals(r"\\bclick (?:here|the link)\\b")
    ('click here', 'click the link')
    >>> index = LiteralIndex([("click",), ("free", "gift")])
    >>> index.contains(["Click me", "click for free"]).tolist()
    [[False, False], [True, True]]
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence

import numpy as np

from insights.clean.native import kernel, packed

try:  # Python 3.11+ names; the syntax tree format is the same since 3.7
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

_MAX_SET = 64  # larger cross products of alternatives are not worth spelling out
_ZERO_WIDTH = {_C.AT, _C.ASSERT, _C.ASSERT_NOT}


def required_literals(pattern: str | re.Pattern[str], min_length: int = 2) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains, or None if unknown.

    Sound by construction: only literal characters the pattern must consume are used,
    zero-width parts (``\\b``, ``^``, look-arounds) are skipped, optional parts are never
    required. Case-insensitive patterns return None (the literals would be case-folded).

    Example:
        >>> required_literals(r"\\bsign\\s*up (?:now|here)\\b")
        ('up here', 'up now')
    """
    guards = literal_guards(pattern, min_length)
    return guards[0] if guards else None


def literal_guards(pattern: str | re.Pattern[str], min_length: int = 2, limit: int = 3) -> list[tuple[str, ...]]:
    """Up to ``limit`` sets of strings, each of which every match must meet (one string of it).

    A text that lacks every string of any one set cannot match. Most selective first.

    Example:
        >>> literal_guards(r"\\bcheck\\s+(?:my|our)\\s+channel")
        [('channel',), ('check',), ('my', 'our')]
    """
    if isinstance(pattern, re.Pattern):
        flags, text = pattern.flags, pattern.pattern
    else:
        flags, text = 0, pattern
    if flags & re.IGNORECASE:
        return []
    tree = _P.parse(text, flags)
    if tree.state.flags & re.IGNORECASE:
        return []
    options = [_minimal(o) for o in _options(list(tree)) if min(map(len, o)) >= min_length]
    options.sort(key=_selectivity)
    out: list[tuple[str, ...]] = []
    for option in options:
        if option not in out:
            out.append(option)
    return out[:limit]


def _minimal(strings: set[str]) -> tuple[str, ...]:
    """Drop strings that contain another string of the set: containing it says the same."""
    ordered = sorted(strings, key=lambda s: (len(s), s))
    kept: list[str] = []
    for s in ordered:
        if not any(k in s for k in kept):
            kept.append(s)
    return tuple(sorted(kept))


def _selectivity(strings: tuple[str, ...]) -> tuple[int, int]:
    return (-min(map(len, strings)), len(strings))


def _union(alternatives, walk) -> set[str] | None:
    """The strings ``walk`` finds in each alternative of a branch, together; None if one has none."""
    out: set[str] = set()
    for alternative in alternatives:
        one = walk(list(alternative))
        if one is None:
            return None
        out |= one
    return out


def _exact(item: tuple) -> set[str] | None:
    """All strings the item matches, when they are few and spelled out; else None."""
    op, av = item
    if op is _C.LITERAL:
        return {chr(av)}
    if op in _ZERO_WIDTH:
        return {""}
    if op is _C.IN:
        if all(o is _C.LITERAL for o, _ in av) and len(av) <= 4:
            return {chr(v) for _, v in av}
        return None
    if op is _C.SUBPATTERN:
        add_flags, del_flags = av[1], av[2]
        if add_flags & re.IGNORECASE or del_flags:
            return None
        return _exact_seq(list(av[3]))
    if op is _C.BRANCH:
        out = _union(av[1], _exact_seq)
        return out if out is not None and len(out) <= _MAX_SET else None
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[1] == 1:
        inner = _exact_seq(list(av[2]))
        if inner is None or av[0] > 1:
            return None
        return inner | {""} if av[0] == 0 else inner
    return None


def _exact_seq(items: list[tuple]) -> set[str] | None:
    out = {""}
    for item in items:
        one = _exact(item)
        if one is None:
            return None
        out = {a + b for a in out for b in one}
        if len(out) > _MAX_SET:
            return None
    return out


def _options(items: list[tuple]) -> list[set[str]]:
    """Sets of strings of which every match of the sequence contains one (each on its own)."""
    options: list[set[str]] = []
    run: set[str] = {""}
    for item in items:
        exact = _exact(item)
        if exact is not None:
            merged = {a + b for a in run for b in exact}
            if len(merged) <= _MAX_SET:
                run = merged
                continue
        if "" not in run:
            options.append(run)
        run = {""} if exact is None else exact
        if exact is None:
            inner = _necessary_item(item)
            if inner is not None:
                options.append(inner)
    if "" not in run:
        options.append(run)
    return options


def _necessary(items: list[tuple]) -> set[str] | None:
    """The most selective of :func:`_options` (longest shortest string, then fewest), or None."""
    options = _options(items)
    if not options:
        return None
    return max(options, key=lambda s: (min(map(len, s)), -len(s)))


def _necessary_item(item: tuple) -> set[str] | None:
    op, av = item
    if op is _C.SUBPATTERN:
        if av[1] & re.IGNORECASE or av[2]:
            return None
        return _necessary(list(av[3]))
    if op is _C.BRANCH:
        return _union(av[1], _necessary)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
        return _necessary(list(av[2]))
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _necessary(list(av))
    return None


class LiteralIndex:
    """Which groups of literals each text meets (contains any literal of), for many texts at once.

    Args:
        groups: sets of strings (exact, case-sensitive substrings); a text meets a group
            when it contains at least one of its strings.

    Example:
        >>> LiteralIndex([("ab",), ("b", "zz"), ("q",)]).contains(["cab", "", "zzz"]).tolist()
        [[True, True, False], [False, False, False], [False, True, False]]
    """

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        self.groups = [tuple(g) for g in groups]

    def _build(self) -> None:
        """The automaton: a dense byte transition table and the groups each state completes."""
        goto: list[dict[int, int]] = [{}]
        ends: list[set[int]] = [set()]
        for gid, group in enumerate(self.groups):
            for literal in group:
                state = 0
                for byte in literal.encode("utf-8"):
                    nxt = goto[state].get(byte)
                    if nxt is None:
                        nxt = len(goto)
                        goto[state][byte] = nxt
                        goto.append({})
                        ends.append(set())
                    state = nxt
                ends[state].add(gid)
        n_states = len(goto)
        table = np.zeros((n_states, 256), dtype=np.int32)
        fail = [0] * n_states
        queue: deque[int] = deque()
        for byte, nxt in goto[0].items():
            table[0, byte] = nxt
            queue.append(nxt)
        while queue:  # breadth first: a state's fail state is complete before its children
            state = queue.popleft()
            ends[state] |= ends[fail[state]]
            for byte, nxt in goto[state].items():
                fail[nxt] = int(table[fail[state], byte]) if state else 0
                queue.append(nxt)
            table[state] = table[fail[state]] if state else table[state]
            for byte, nxt in goto[state].items():
                table[state, byte] = nxt
        ptr = np.zeros(n_states + 1, dtype=np.int64)
        ptr[1:] = np.cumsum([len(e) for e in ends])
        ids = np.array([i for e in ends for i in sorted(e)], dtype=np.int64)
        self.table_, self.ptr_, self.ids_ = table, ptr, ids

    def contains(self, texts: Sequence[str]) -> np.ndarray:
        """A (len(texts), len(groups)) bool matrix: text i contains a literal of group j."""
        out = np.zeros((len(texts), len(self.groups)), dtype=bool)
        if not len(texts) or not self.groups:
            return out
        compiled = kernel("literal_walk")
        if compiled is None:  # no numba: the same answer, one `in` test at a time
            for i, text in enumerate(texts):
                out[i] = [any(literal in text for literal in group) for group in self.groups]
            return out
        if not hasattr(self, "table_"):
            self._build()
        data, offsets = packed([t.encode("utf-8", "surrogatepass") for t in texts])
        compiled(data, offsets, self.table_, self.ptr_, self.ids_, out)
        return out

