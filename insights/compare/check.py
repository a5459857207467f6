"""Fail fast: check that ``--by`` names a column before the whole pipeline runs.

``insights compare big.csv --by airlin`` used to analyse every comment (minutes on a
large export) and only then say the column did not exist. :func:`check_group_column`
reads the header and first rows through the loader's own column detection, so it
sees the names :func:`insights.compare.compare` will see (a column the loader renames,
such as one clashing with a schema name, is checked under its new name), and raises
an error listing the columns found, with the closest one suggested.
"""

from __future__ import annotations

import difflib
import re
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from insights import schema as S
from insights.errors import InputError

#: ``--by`` shorthands and the column each stands for (shared with :func:`insights.compare.compare`).
BY_ALIASES: dict[str, str] = {"post": S.POST_ID, "posts": S.POST_ID, "author": S.AUTHOR}
#: rows read from a CSV/TSV to detect columns (as many as the loader needs to tell text from ids)
SAMPLE_ROWS = 500


def resolve_column(columns: list[str], by: str, renamed: dict[str, str] | None = None) -> str | None:
    """The column ``by`` refers to: an exact name, a shorthand (``post``), the same name in
    another case (``Airline``), or a column of the input the loader moved to its schema name
    (``renamed``, from :func:`renamed_columns`: ``app`` -> ``post_id``); None when there is none.

    Example:
        >>> resolve_column(["text", "airline", "post_id"], "Airline"), resolve_column(["post_id"], "post")
        ('airline', 'post_id')
        >>> resolve_column(["text", "post_id"], "App", {"app": "post_id"})
        'post_id'
    """
    if by in columns:
        return by
    alias = BY_ALIASES.get(by.lower())
    if alias and alias in columns:
        return alias
    lowered = {str(c).lower(): str(c) for c in columns}
    if by.lower() in lowered:
        return lowered[by.lower()]
    moved = {str(k).lower(): v for k, v in (renamed or {}).items()}
    target = moved.get(by.lower())
    return target if target in columns else None


def renamed_columns(load_info: dict[str, Any] | None) -> dict[str, str]:
    """The input's columns the loader moved to a schema name: {name in the file: column now}
    (a reviews export's ``app`` became ``post_id``, its ``user`` ``author``), from the load
    stage's info (``analysis.info["load"]``).

    Example:
        >>> renamed_columns({"columns": {"text": "review", "post": "app"}})
        {'review': 'text', 'app': 'post_id'}
    """
    from insights.load.loader import ROLE_COLUMNS

    roles = (load_info or {}).get("columns") or {}
    return {str(name): ROLE_COLUMNS[role] for role, name in roles.items()
            if role in ROLE_COLUMNS and str(name) != ROLE_COLUMNS[role]}


def missing_column_error(by: str, columns: list[str], where: str) -> InputError:
    """The error for a ``--by`` column that is not there: what was found, and the closest name.

    Example:
        >>> str(missing_column_error("airlin", ["text", "airline"], "Tweets.csv"))
        "Column 'airlin' not found in Tweets.csv. Columns found: text, airline. Did you mean 'airline'? ..."
    """
    shown = [str(c) for c in columns]
    lowered = {c.lower(): c for c in shown}
    close = difflib.get_close_matches(by.lower(), list(lowered), n=1, cutoff=0.6)
    guess = f" Did you mean '{lowered[close[0]]}'?" if close else ""
    listed = ", ".join(shown) if len(shown) <= 40 else ", ".join(shown[:40]) + f", ... ({len(shown)} in all)"
    return InputError(
        f"Column '{by}' not found in {where}. Columns found: {listed}.{guess}",
        hint="Pass --by with one of them (e.g. variant, post, airline).",
    )


def check_group_column(
    source: str | Path | pd.DataFrame,
    by: str | None,
    *,
    period: str | None = None,
    config: Any = None,
    sample_rows: int = SAMPLE_ROWS,
    **options: Any,
) -> str | None:
    """Check, before any analysis, that ``source`` has the column ``by`` (and a timestamp for ``period``).

    Reads only the first ``sample_rows`` records of a CSV/TSV (other formats through the
    load stage alone, still without cleaning, embedding or models) with the same load
    options the pipeline will use, so detected and renamed columns match what
    :func:`insights.compare.compare` sees after the run. Columns the pipeline itself adds
    (``language``, ``topic_label``, ``intent``...) are accepted too. Standard input
    (``"-"``) cannot be read twice and is not checked.

    Args:
        source: the comment export (path or DataFrame) about to be analysed.
        by: the ``--by`` value; None checks nothing about groups.
        period: "day" / "week" / "month" when comparing periods: a timestamp column is then required.
        config: a :class:`insights.config.Config` or config file path, as given to ``analyze``.
        sample_rows: records of a CSV/TSV read to detect columns.
        **options: the options given to ``analyze`` (``text_column=...``, ``group_column=...``).

    Returns:
        The column name ``compare`` will use for ``by`` (``post`` -> ``post_id``), or None.

    Raises:
        InputError: the column is not there; the message lists the columns found and the
            closest match. Also whatever the loader raises for an unreadable file.

    Example:
        >>> frame = pd.DataFrame({"text": ["late again", "great crew"], "airline": ["Delta", "United"]})
        >>> check_group_column(frame, "Airline")
        'airline'
        >>> check_group_column(frame, "airlines")
        Traceback (most recent call last):
        ...
        insights.errors.InputError: Column 'airlines' not found in the DataFrame. Columns found: ...
    """
    if by is None and period is None:
        return None
    if isinstance(source, (str, Path)) and str(source) == "-":
        return by
    loader = _loader(config, options)
    frame, where, load_info = _sample(source, loader, sample_rows)
    columns = [str(c) for c in frame.columns]
    from insights.load.loader import schema_columns

    # What the stages after `load` add; load's own columns (group, post_id...) exist now or never.
    added = sorted(schema_columns() - set(columns) - set(S.METADATA) - {S.SOURCE_FILE})
    found = None
    if by is not None:
        found = resolve_column(columns + added, by, renamed_columns(load_info))
        if found is None:
            raise missing_column_error(by, columns, where)
    if period is not None and S.TIMESTAMP not in columns:
        raise InputError(
            f"No timestamp column found in {where}, so comments cannot be compared by {period}. "
            f"Columns found: {', '.join(columns)}.",
            hint="Pass --time-column with the column saying when each comment was written, or use --by.",
        )
    return found


def _loader(config: Any, options: dict[str, Any]) -> Any:
    """The load stage exactly as ``analyze`` would build it from ``config`` and ``options``."""
    from insights.config import Config

    return Config.resolve(config).update(**{k: v for k, v in options.items() if v is not None}).build("load")


def _sample(source: str | Path | pd.DataFrame, loader: Any, rows: int) -> tuple[pd.DataFrame, str, dict[str, Any]]:
    if isinstance(source, pd.DataFrame):
        frame, info = loader.load(source.head(rows))
        return frame, "the DataFrame", info
    name = str(source)
    head = _csv_head(Path(source).expanduser(), loader, rows)
    # A CSV's first rows through the loader's column detection; any other format (or a CSV
    # the quick read cannot parse) through the load stage alone, which words its own errors.
    frame, info = loader.load(head if head is not None else source)
    return frame, f"'{name}'", info


def _csv_head(path: Path, loader: Any, rows: int) -> pd.DataFrame | None:
    """The first ``rows`` records of a single CSV/TSV file as text, or None for anything else."""
    from insights.load import readers

    if not path.is_file() or loader.file_format not in (None, "csv", "tsv"):
        return None
    try:
        sources = readers.open_sources(path, str(path))
        if len(sources) != 1 or Path(sources[0].inner).suffix.lower() in (".xlsx", ".xlsm", ".parquet", ".pq"):
            return None  # a zip of several exports, or a binary format: the load stage reads those
        opened = sources[0]
        encoding = loader.encoding or readers.detect_encoding(opened)[0]
        fmt = loader.file_format or readers.detect_format(opened, encoding)
        if fmt not in ("csv", "tsv"):
            return None
        with readers.text_stream(opened, encoding) as stream:
            sample = stream.read(64 * 1024)
        hint = re.match(r"\ufeff?sep=(.)\r?\n", sample)
        sep = loader.delimiter or (hint.group(1) if hint else readers.sniff_delimiter(
            sample, "\t" if fmt == "tsv" else ","))
        with readers.text_stream(opened, encoding) as stream, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pd.read_csv(stream, sep=sep, dtype=str, keep_default_na=False, na_values=[""], nrows=rows,
                               index_col=False, skiprows=1 if hint else 0)
    except (InputError, OSError, UnicodeError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        # The full load stage reads it (or says exactly what is wrong with it).
        return None
