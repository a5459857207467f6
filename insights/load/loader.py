"""The `load` stage: any comment export in, one contract-shaped DataFrame out."""

from __future__ import annotations

import codecs
import re
import shutil
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from insights import schema as S
from insights.errors import InputError, invalid_parameter
from insights.load import readers
from insights.load.columns import ROLES, detect_roles
from insights.load.timestamps import parse_timestamps

# Role -> the schema column it fills.
ROLE_COLUMNS: dict[str, str] = {
    "text": S.TEXT, "id": S.COMMENT_ID, "timestamp": S.TIMESTAMP, "author": S.AUTHOR,
    "parent": S.PARENT_ID, "post": S.POST_ID, "likes": S.LIKES, "rating": S.RATING,
    "language": S.SOURCE_LANGUAGE, "group": S.GROUP,
}
_NOT_COLUMNS = set(S.DROP_REASONS) | set(S.INTENTS) | set(S.SENTIMENT_LABELS)
_NUMBER = r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*"
_REDDIT_FULLNAME = re.compile(r"^t[1-6]_")


def schema_columns() -> set[str]:
    """Every column name the pipeline may write (read from :mod:`insights.schema`, so it grows with it)."""
    names = {v for k, v in vars(S).items() if k.isupper() and isinstance(v, str)}
    return names - _NOT_COLUMNS


class Loader:
    """Read a comment export into the per-comment frame every later stage works on.

    Reads CSV/TSV (delimiter sniffed, quoted line breaks kept), JSON (an array, an
    object holding one, or a platform API response), JSON Lines, Excel (.xlsx) and
    Parquet, plain or gzip/zip-compressed, from a path, ``"-"`` (standard input) or a
    DataFrame. A folder, or a zip of several exports, is read file by file in name
    order, with a ``source_file`` column saying where each row came from. The encoding (UTF-8 with or without BOM, UTF-16, UTF-32, cp1252 and
    other code pages) is detected; a bad byte becomes U+FFFD, never a crash.
    Platform shapes (YouTube, Reddit listings and dumps, X/Twitter v2, Facebook and
    Instagram Graph, Google Play and App Store exports) are recognised without flags.

    Adds: ``comment_id`` (string, unique: duplicates get ``-2``, ``-3``...; the row
    number when there is no id), ``text`` (exactly as decoded: a missing value is
    ``<NA>``, a non-string JSON value such as a number or object stays as it was,
    so the clean stage marks both ``unreadable``; only rich text stored as a list
    of pieces, as Telegram exports it, is joined into its plain text), ``row``
    (0-based), and each metadata column found: ``author``, ``timestamp`` (UTC),
    ``parent_id``, ``post_id``, ``likes``, ``rating`` (numbers), ``source_language``,
    ``group``. Reddit fullnames are unwrapped: a ``t1_abc`` parent is comment
    ``abc``; a ``t3_`` parent means a top-level comment (no parent_id) on that post.

    The input's other columns follow; one whose name is taken by the schema is
    renamed ``input_<name>``. CSV cells are read as text, so ids and codes keep
    their leading zeros; a CSV column holding only plain numbers becomes numeric.
    A detected column is renamed to its schema name, except the timestamp and
    group columns, which are also kept as written.

    Every record is one row, in input order. A header-only file (or an empty JSON
    array) gives a valid frame with 0 rows. Blank lines in a multi-column CSV are
    layout and are skipped with a warning; in a one-column file a blank line is an
    empty comment. CSV is read in chunks and JSON Lines in batches, so memory holds
    the result plus one chunk; a JSON document is parsed whole.

    Args:
        text_column: column holding the comment text (detected when None).
        id_column: column holding a comment id.
        time_column: column holding when the comment was written.
        author_column: column holding who wrote it.
        group_column: a column to compare by (variant, campaign, airline...); copied to ``group``.
        parent_column: column holding the id of the comment replied to.
        post_column: column holding the post / video / product commented on.
        likes_column: column holding likes / votes.
        rating_column: column holding a star rating.
        language_column: column holding a language the export declares.
        file_format: force one of csv, tsv, json, jsonl, xlsx, parquet, or "lines" (one
            comment per line, no header; what a .txt file without delimiters is read as).
        encoding: force a text encoding (e.g. "cp1252").
        delimiter: force the CSV delimiter.
        sheet_name: the Excel sheet to read (the first when None).
        dayfirst: read "01-02-2015" as 1 February (True) or January 2 (False); None decides from the data.

    Example:
        >>> import pandas as pd
        >>> frame, info = Loader().load(pd.DataFrame({"body": ["Add dark mode", "Love it"]}))
        >>> frame[["comment_id", "text", "row"]].values.tolist()
        [['0', 'Add dark mode', 0], ['1', 'Love it', 1]]
        >>> info["columns"]
        {'text': 'body'}
    """

    name = "load"

    def __init__(
        self,
        text_column: str | None = None,
        id_column: str | None = None,
        time_column: str | None = None,
        author_column: str | None = None,
        group_column: str | None = None,
        parent_column: str | None = None,
        post_column: str | None = None,
        likes_column: str | None = None,
        rating_column: str | None = None,
        language_column: str | None = None,
        file_format: Literal["csv", "tsv", "json", "jsonl", "xlsx", "parquet", "lines"] | None = None,
        encoding: str | None = None,
        delimiter: str | None = None,
        sheet_name: str | None = None,
        dayfirst: bool | None = None,
    ) -> None:
        self.text_column = text_column
        self.id_column = id_column
        self.time_column = time_column
        self.author_column = author_column
        self.group_column = group_column
        self.parent_column = parent_column
        self.post_column = post_column
        self.likes_column = likes_column
        self.rating_column = rating_column
        self.language_column = language_column
        self.file_format = file_format
        self.encoding = encoding
        self.delimiter = delimiter
        self.sheet_name = sheet_name
        self.dayfirst = dayfirst

    # --- reading -------------------------------------------------------------

    def load(self, source: str | Path | pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
        """Read ``source`` and return ``(comments, info)``.

        ``info`` holds ``source``, ``format``, ``encoding``, ``delimiter``, ``platform``,
        ``columns`` ({role: original column}), ``rows_read`` and ``warnings``;
        :func:`describe_columns` turns it into one line for a person.

        Raises:
            InputError: the file is missing, empty, malformed, of an unsupported
                format, or has no column that can hold text. The message names the file.
        """
        if self.file_format is not None and self.file_format not in readers.FORMATS:
            raise InputError(
                f"Unsupported file_format '{self.file_format}'. Valid formats: {', '.join(readers.FORMATS)}."
            )
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise invalid_parameter(
                    "Loader", "encoding", "a text encoding Python knows, such as 'utf-8' or 'cp1252'", self.encoding
                ) from None
        if self.delimiter is not None and len(self.delimiter) != 1:
            raise invalid_parameter("Loader", "delimiter", "one character, such as ',' or ';'", self.delimiter)
        if isinstance(source, pd.DataFrame):
            records = readers.Records(source.copy(), "dataframe")
            name = "the DataFrame"
        elif str(source) == "-":
            return self._load_stdin()
        else:
            name = str(source)
            sources = readers.open_sources(Path(source).expanduser(), name)
            records = readers.merge([(opened, self._read(opened)) for opened in sources])
        return self._finish(records, name)

    def _load_stdin(self) -> tuple[pd.DataFrame, dict[str, Any]]:
        # Standard input can be read once only; spool it to disk so sniffing can look twice.
        with tempfile.TemporaryDirectory(prefix="insights-stdin-") as tmp:
            path = Path(tmp) / "stdin"
            with path.open("wb") as out:
                shutil.copyfileobj(sys.stdin.buffer, out, length=1 << 20)
            if path.stat().st_size == 0:
                raise InputError("Standard input ('-') is empty.", hint="Pipe an export into the command.")
            sources = readers.open_sources(path, name="<stdin>")
            records = readers.merge([(opened, self._read(opened)) for opened in sources])
            return self._finish(records, "<stdin>")

    def _read(self, opened: readers.Opened) -> readers.Records:
        try:
            return self._read_checked(opened)
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as err:
            # A damaged archive surfaces as one of these wherever its bytes are first read.
            what = f"damaged {opened.compression} data" if opened.compression else "unreadable bytes"
            raise InputError(
                f"Input file '{opened.name}' could not be read: {what} ({err}).",
                hint="Download or export the file again.",
            ) from err

    def _read_checked(self, opened: readers.Opened) -> readers.Records:
        with opened.open() as handle:
            if not handle.read(1):
                raise InputError(f"Input file '{opened.name}' is empty.", hint="Export the comments again.")
        fmt = self.file_format
        binary = fmt in ("xlsx", "parquet") or (
            fmt is None and Path(opened.inner).suffix.lower() in (".xlsx", ".xlsm", ".parquet", ".pq")
        )
        encoding, warnings = (None, []) if binary else (
            (self.encoding, []) if self.encoding else readers.detect_encoding(opened)
        )
        fmt = fmt or readers.detect_format(opened, encoding)
        if fmt in ("csv", "tsv"):
            records = readers.read_csv(opened, encoding or "utf-8", fmt, self.delimiter)
        elif fmt == "lines":
            records = readers.read_lines(opened, encoding or "utf-8")
        elif fmt == "json":
            records = readers.read_json(opened, encoding or "utf-8")
        elif fmt == "jsonl":
            records = readers.read_jsonl(opened, encoding or "utf-8")
        elif fmt == "xlsx":
            records = readers.read_excel(opened, self.sheet_name)
        else:
            records = readers.read_parquet(opened)
        records.warnings[:0] = warnings
        return records

    # --- shaping ---------------------------------------------------------------

    def _overrides(self) -> dict[str, str | None]:
        return {
            "text": self.text_column, "id": self.id_column, "timestamp": self.time_column,
            "author": self.author_column, "group": self.group_column, "parent": self.parent_column,
            "post": self.post_column, "likes": self.likes_column, "rating": self.rating_column,
            "language": self.language_column,
        }

    def _finish(self, records: readers.Records, name: str) -> tuple[pd.DataFrame, dict[str, Any]]:
        # Rows are matched by position from here on, whatever index a DataFrame came with.
        raw = records.frame.reset_index(drop=True)
        raw.columns = _unique_names([str(c) for c in raw.columns])
        warnings = list(records.warnings)
        if records.platform is None and records.format != "dataframe" and {"body", "parent_id", "link_id"} <= set(raw.columns):
            records.platform = "reddit"
        roles, role_warnings = detect_roles(raw, self._overrides(), records.roles, f"'{name}'")
        warnings.extend(role_warnings)
        frame = self._build(
            raw, roles, warnings, keep_numbers=records.format in ("csv", "tsv"), files=records.files
        )
        info: dict[str, Any] = {
            "source": name,
            "format": records.format,
            "encoding": records.encoding,
            "delimiter": records.delimiter,
            "platform": records.platform,
            "columns": dict(roles),
            "rows_read": len(frame),
            "warnings": warnings,
        }
        if records.sheet is not None:
            info["sheet"] = records.sheet
        return frame, info

    def _build(
        self,
        raw: pd.DataFrame,
        roles: dict[str, str],
        warnings: list[str],
        keep_numbers: bool,
        files: list[str] | None = None,
    ) -> pd.DataFrame:
        n = len(raw)
        out: dict[str, Any] = {}
        out[S.COMMENT_ID] = _comment_ids(raw[roles["id"]] if "id" in roles else None, n, warnings, roles.get("id"))
        text = raw[roles["text"]] if roles.get("text") in raw.columns else pd.Series([pd.NA] * n, dtype=object)
        out[S.TEXT] = _text(text)
        out[S.ROW] = np.arange(n, dtype="int64")
        reddit = _is_reddit_ids(raw, roles)
        for role in ROLES:
            if role in ("text", "id") or role not in roles:
                continue
            column, values = ROLE_COLUMNS[role], raw[roles[role]]
            if role == "timestamp":
                parsed, notes = parse_timestamps(values, dayfirst=self.dayfirst, name=roles[role])
                warnings.extend(notes)
                out[column] = parsed
            elif role in ("likes", "rating"):
                out[column] = _numbers(values, roles[role], warnings)
            elif role in ("parent", "post", "author") :
                out[column] = _ids_as_text(values)
            else:
                out[column] = values
        if reddit:
            out[S.PARENT_ID], out[S.POST_ID] = _reddit_links(out.get(S.PARENT_ID), out.get(S.POST_ID), n)
        if files is not None:
            out[S.SOURCE_FILE] = pd.Series(files, dtype="string")
        # The timestamp column is also kept as written (parsing changes its form), and the
        # group column too, since people compare by its own name ("airline").
        moved = {c for r, c in roles.items() if r not in ("timestamp", "group")}
        reserved = schema_columns() | set(out)
        for column in raw.columns:
            if column in moved:
                continue
            values = raw[column]
            if keep_numbers:
                values = _maybe_numeric(values)
            target = f"input_{column}" if column in reserved else column
            while target in out:
                target = f"input_{target}"
            out[target] = values
        frame = pd.DataFrame(out)
        frame.index = pd.RangeIndex(n)
        return frame


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for name in names:
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        seen.setdefault(name, 0)
        result.append(name)
    return result


def _text(values: pd.Series) -> pd.Series:
    """The text exactly as read: strings stay strings, missing is <NA>, other values stay as they were."""
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        return values.astype("string")  # already text (CSV, Parquet): no Python objects needed
    items = [_rich_text(v) for v in values.tolist()]
    missing = np.fromiter((_is_missing(v) for v in items), dtype=bool, count=len(items))
    is_str = np.fromiter((isinstance(v, str) for v in items), dtype=bool, count=len(items))
    if bool((is_str | missing).all()):
        return pd.Series([pd.NA if m else v for v, m in zip(items, missing)], dtype="string")
    return pd.Series([pd.NA if m else v for v, m in zip(items, missing)], dtype=object)


def _rich_text(value: Any) -> Any:
    """Rich text stored as a list of pieces (Telegram exports: ``["Hi ", {"type": "bold", "text": "all"}]``)
    is joined into its plain text; any other value is returned as it is."""
    if isinstance(value, list) and value and all(
        isinstance(p, str) or (isinstance(p, dict) and isinstance(p.get("text"), str)) for p in value
    ):
        return "".join(p if isinstance(p, str) else p["text"] for p in value)
    return value


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value))


def _ids_as_text(values: pd.Series) -> pd.Series:
    """Ids as strings: 42.0 read from Excel or JSON is the id "42"."""
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        return values.reset_index(drop=True).astype("string")
    def one(v: Any) -> Any:
        if _is_missing(v):
            return pd.NA
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    return values.reset_index(drop=True).map(one).astype("string")


def _comment_ids(values: pd.Series | None, n: int, warnings: list[str], column: str | None) -> pd.Series:
    rows = pd.Series(np.arange(n).astype(str), dtype="string")
    if values is None:
        return rows
    ids = _ids_as_text(values)
    missing = ids.isna() | (ids.str.strip() == "")
    if missing.any():
        warnings.append(f"{int(missing.sum())} record(s) have no '{column}'; their comment_id is the row number.")
        ids = ids.where(~missing, rows)
    duplicated = ids.duplicated(keep="first")
    if duplicated.any():
        scientific = ids.str.fullmatch(r"\d\.\d+E\+\d+", case=False).mean() > 0.5
        note = " (they look rounded by a spreadsheet, e.g. '5.70306E+17')" if scientific else ""
        warnings.append(
            f"{int(duplicated.sum())} record(s) repeat an earlier '{column}'{note}; "
            "suffixed -2, -3... to keep comment_id unique."
        )
        counts = (ids.groupby(ids, sort=False).cumcount() + 1).to_numpy()
        taken = set(ids.tolist())
        new = ids.tolist()
        for i in np.flatnonzero(duplicated.to_numpy()):
            k = int(counts[i])
            candidate = f"{new[i]}-{k}"
            while candidate in taken:
                k += 1
                candidate = f"{new[i]}-{k}"
            taken.add(candidate)
            new[i] = candidate
        ids = pd.Series(new, dtype="string")
    return ids


_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9}


def _numbers(values: pd.Series, column: str, warnings: list[str]) -> pd.Series:
    """Counts and ratings as numbers; "1.2K" / "3M" (as scraped from web pages) are read too."""
    values = values.reset_index(drop=True)
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.isna().any() and not pd.api.types.is_numeric_dtype(values):
        short = values.astype("string").str.strip().str.extract(r"^([\d.]+)\s*([KkMmBb])$")
        scaled = pd.to_numeric(short[0], errors="coerce") * short[1].str.lower().map(_SCALE).astype("float64")
        if scaled.notna().any():
            numbers = numbers.fillna(scaled.round())
    bad = int((numbers.isna() & values.reset_index(drop=True).notna()).sum())
    if bad:
        warnings.append(f"{bad} value(s) of '{column}' are not numbers; left empty.")
    return numbers


def _maybe_numeric(values: pd.Series) -> pd.Series:
    """A CSV column of plain numbers becomes numeric; codes with leading zeros stay text."""
    present = values.dropna()
    if len(present) == 0 or not pd.api.types.is_string_dtype(values):
        return values
    # A look at the first values settles most columns without scanning all of them.
    if not present.head(1000).str.fullmatch(_NUMBER).all():
        return values
    numbers = pd.to_numeric(values, errors="coerce")
    if int(numbers.notna().sum()) != len(present) or present.str.match(r"\s*[+-]?0\d").any():
        return values
    return numbers


def _is_reddit_ids(raw: pd.DataFrame, roles: dict[str, str]) -> bool:
    if "parent" not in roles:
        return False
    parents = raw[roles["parent"]].dropna().astype(str).head(1000)
    return len(parents) > 0 and bool(parents.str.match(_REDDIT_FULLNAME).all())


def _reddit_links(parent: pd.Series | None, post: pd.Series | None, n: int) -> tuple[pd.Series, pd.Series]:
    """Reddit "t1_abc" parents are comment abc; "t3_xyz" parents mean a top-level comment on post xyz."""
    parent = parent if parent is not None else pd.Series([pd.NA] * n, dtype="string")
    on_post = parent.str.startswith("t3_").fillna(False)
    post_from_parent = parent.where(on_post).str.slice(3)
    if post is None:
        post = post_from_parent
    else:
        post = post.str.replace(r"^t3_", "", regex=True).fillna(post_from_parent)
    parent = parent.where(~on_post, pd.NA).str.replace(r"^t1_", "", regex=True)
    return parent.astype("string"), post.astype("string")


def describe_columns(info: dict[str, Any]) -> str:
    """One line for a person: ``text=CONTENT, id=COMMENT_ID, timestamp=DATE``.

    Example:
        >>> describe_columns({"columns": {"text": "CONTENT", "id": "COMMENT_ID"}})
        'text=CONTENT, id=COMMENT_ID'
    """
    return ", ".join(f"{role}={column}" for role, column in info.get("columns", {}).items())


def load_comments(source: str | Path | pd.DataFrame, **options: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Shorthand for ``Loader(**options).load(source)``.

    Example:
        >>> frame, info = load_comments(pd.DataFrame({"text": ["hi"]}))
        >>> len(frame), info["rows_read"]
        (1, 1)
    """
    return Loader(**options).load(source)


__all__ = ["Loader", "describe_columns", "load_comments"]
