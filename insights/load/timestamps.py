"""Turn a column of dates (ISO 8601, epoch numbers, day- or month-first text) into UTC datetimes.

Plain functions, no state: :func:`parse_timestamps` is what the loader calls.
"""

from __future__ import annotations

import re
import warnings as warnings_module

import numpy as np
import pandas as pd

# Epoch values are told apart by magnitude: 1e11 seconds is the year 5138 while
# 1e11 milliseconds is 1973, so each unit owns a range of plausible modern dates.
_EPOCH_UNITS: tuple[tuple[float, str], ...] = ((1e11, "s"), (1e14, "ms"), (1e17, "us"), (1e20, "ns"))
# Below this many seconds (1973-03-03) a number is more likely a count or a year than a date.
_MIN_EPOCH_SECONDS = 1e8

_NUMBER = re.compile(r"^\s*[+-]?\d+(\.\d+)?([eE][+-]?\d+)?\s*$")
# The leading "a/b/yyyy" or "a-b-yy" of a date, whichever separator.
_DMY = re.compile(r"^\s*(\d{1,2})([./-])(\d{1,2})\2(\d{2,4})\b")
# A UTC offset or zone after a clock time ("10:00Z", "10:00:00+02:00", "11:35:52 +0000", "UTC").
_OFFSET = r"\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})\b|\s[+-]\d{4}\b|\b(?:UTC|GMT)\b"
# How many values to look at when deciding the format: enough to meet a day > 12.
_SAMPLE = 20_000


def _epoch_unit(values: pd.Series) -> str | None:
    magnitude = float(np.nanmedian(np.abs(values.to_numpy(dtype="float64"))))
    if magnitude < _MIN_EPOCH_SECONDS:
        return None
    for limit, unit in _EPOCH_UNITS:
        if magnitude < limit:
            return unit
    return None


_TIMES = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", "T%H:%M:%S", " %H:%M:%S.%f")


def _explicit_format(values: pd.Series, dayfirst: bool) -> str | None:
    """The one ``strptime`` format that reads the first values of a day/month/year column, if any."""
    head = values.head(500)
    parts = head.str.extract(_DMY)
    if parts[0].isna().mean() > 0.01:
        return None
    sep = str(parts[1].dropna().iloc[0])
    year = "%Y" if len(str(parts[3].dropna().iloc[0])) == 4 else "%y"
    date = f"%d{sep}%m{sep}{year}" if dayfirst else f"%m{sep}%d{sep}{year}"
    for time in _TIMES:
        fmt = date + time
        if pd.to_datetime(head, format=fmt, errors="coerce").notna().mean() >= 0.99:
            return fmt
    return None


def detect_dayfirst(values: pd.Series) -> bool | None:
    """Whether dates written as ``a-b-yyyy`` put the day first, judged from the data.

    A first field above 12 can only be a day, a second field above 12 only a day
    too. ``None`` when no value is in that shape or every value is ambiguous.

    Example:
        >>> detect_dayfirst(pd.Series(["01-02-2015 10:00", "16-02-2015 23:36"]))
        True
    """
    sample = values.dropna().astype(str).head(_SAMPLE)
    parts = sample.str.extract(_DMY)
    if parts[0].isna().all():
        return None
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[2], errors="coerce")
    if (first > 12).any():
        return True
    if (second > 12).any():
        return False
    return None


def parse_timestamps(
    values: pd.Series, *, dayfirst: bool | None = None, name: str = "timestamp"
) -> tuple[pd.Series, list[str]]:
    """Parse a column into timezone-aware UTC datetimes, with warnings a person can read.

    Accepts ISO 8601 (with or without offset), epoch seconds / milliseconds /
    microseconds (told apart by magnitude), and day-first or month-first dates
    (``dayfirst=None`` decides from the data). Values without a timezone are read
    as UTC. Values that cannot be parsed become ``NaT`` and are counted in a warning.

    Args:
        values: the raw column (strings, numbers or datetimes).
        dayfirst: force day-first (True) or month-first (False); None to detect.
        name: the column name, used in warnings.

    Returns:
        ``(datetime64[UTC] series, warnings)``.

    Example:
        >>> ts, _ = parse_timestamps(pd.Series(["16-02-2015 23:36"]))
        >>> str(ts.iloc[0])
        '2015-02-16 23:36:00+00:00'
    """
    warnings: list[str] = []
    present = values.notna() & (values.astype("string").str.strip() != "").fillna(False)
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC"), warnings
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return values.dt.tz_localize("UTC"), [f"Column '{name}' has no timezone; read as UTC."]
    nonblank = values[present]
    result: pd.Series
    if len(nonblank) == 0:
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[us, UTC]"), warnings
    as_text = nonblank.astype(str)
    if as_text.head(1000).str.match(_NUMBER).all() and as_text.str.match(_NUMBER).all():
        numbers = pd.to_numeric(as_text, errors="coerce")
        unit = _epoch_unit(numbers)
        if unit is None:
            warnings.append(
                f"Column '{name}' holds small numbers, not dates; timestamps left empty. "
                "Pass time_column=... to pick another column."
            )
            return pd.Series(pd.NaT, index=values.index, dtype="datetime64[us, UTC]"), warnings
        parsed = pd.to_datetime(numbers, unit=unit, utc=True, errors="coerce")
    else:
        parsed = pd.to_datetime(as_text, format="ISO8601", utc=True, errors="coerce")
        if parsed.isna().mean() > 0.05:
            first = dayfirst if dayfirst is not None else detect_dayfirst(as_text)
            if first is None and as_text.str.match(_DMY).any():
                # Every value fits both readings; "/" is the US habit, "." and "-" the European one.
                sep = as_text.str.extract(_DMY)[1].dropna()
                first = not (len(sep) and sep.iloc[0] == "/")
                warnings.append(
                    f"Dates in '{name}' fit both day-first and month-first; read as "
                    f"{'day' if first else 'month'}-first. Pass dayfirst={not first} if that is wrong."
                )
            with warnings_module.catch_warnings():
                # pandas warns when it falls back to parsing value by value: expected here.
                warnings_module.simplefilter("ignore", UserWarning)
                fmt = _explicit_format(as_text, bool(first))
                try:
                    if fmt is not None:  # one format for all values: vectorised, fast on millions
                        guessed = pd.to_datetime(as_text, format=fmt, utc=True, errors="coerce")
                    else:
                        guessed = pd.to_datetime(as_text, dayfirst=bool(first), utc=True, errors="coerce")
                except (ValueError, TypeError):
                    guessed = parsed
                if guessed.notna().sum() < len(as_text):
                    mixed = pd.to_datetime(
                        as_text, format="mixed", dayfirst=bool(first), utc=True, errors="coerce"
                    )
                    guessed = guessed.fillna(mixed) if guessed.notna().any() else mixed
            if guessed.notna().sum() > parsed.notna().sum():
                parsed = guessed
        naive = ~as_text.head(_SAMPLE).str.contains(_OFFSET, regex=True)
        if parsed.notna().any() and naive.any():
            warnings.append(f"Column '{name}' has no timezone; read as UTC.")
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us, UTC]")
    result[present] = parsed.astype("datetime64[us, UTC]")
    failed = int(parsed.isna().sum())
    if failed:
        examples = ", ".join(repr(v) for v in as_text[parsed.isna()].head(3))
        warnings.append(
            f"{failed} value(s) of '{name}' are not dates (e.g. {examples}); their timestamp is empty."
        )
    return result, warnings
