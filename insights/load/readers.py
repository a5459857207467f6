"""Open an export (file, gzip, zip, standard input), find its encoding and format, read its records.

Everything here returns plain records: a :class:`pandas.DataFrame` with the
file's own column names, strings kept as written. Which column is the text is
decided later (:mod:`insights.load.columns`).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd

from insights.errors import InputError
from insights.load.platforms import flatten_json

FORMATS = ("csv", "tsv", "json", "jsonl", "xlsx", "parquet", "lines")
_EXTENSIONS = {
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "text",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".parquet": "parquet", ".pq": "parquet",
}
_FIX = "Export the comments as CSV, TSV, JSON, JSONL, Excel (.xlsx) or Parquet."
CHUNK_ROWS = 100_000
_SNIFF_CHARS = 64 * 1024
_DELIMITERS = (",", "\t", ";", "|")
# Characters a Western single-byte export typically holds; cp1252 reads them all.
_WESTERN = set("‘’“”–—…€•™°£©®«»¡¿§¶·×÷")


@dataclass
class Opened:
    """A source ready to read: how to open its bytes, and what it is called."""

    name: str  # shown to the user in messages
    inner: str  # the name whose extension tells the format (zip member, name without .gz)
    open: Callable[[], IO[bytes]]
    compression: str | None = None


@dataclass
class Records:
    """What a reader returns: the records and facts about how they were read."""

    frame: pd.DataFrame
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    platform: str | None = None
    roles: dict[str, str] = field(default_factory=dict)  # role -> column, when a platform says so
    warnings: list[str] = field(default_factory=list)
    sheet: str | None = None
    files: list[str] | None = None  # per row, the file it came from, when several were read


def open_path(path: Path, name: str | None = None) -> Opened:
    """Wrap one file, unwrapping gzip (zip archives and folders: :func:`open_sources`)."""
    name = name or str(path)
    if not path.exists():
        raise InputError(f"Input file '{name}' does not exist.", hint="Check the path and try again.")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic[:2] == b"\x1f\x8b":
        inner = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
        return Opened(name, inner, lambda: gzip.open(path, "rb"), "gzip")
    return Opened(name, path.name, lambda: path.open("rb"))


_DATA_SUFFIXES = set(_EXTENSIONS) - {".txt"}


def _is_data_file(name: str) -> bool:
    parts = [p.lower() for p in Path(name).suffixes]
    if parts and parts[-1] in (".gz", ".zip"):
        parts = parts[:-1]
    return bool(parts) and parts[-1] in _DATA_SUFFIXES and not Path(name).name.startswith(".")


def open_sources(path: Path, name: str | None = None) -> list[Opened]:
    """The exports behind a path: one file, the members of a zip archive, or the files of a folder.

    A folder is read file by file in name order (its export files only: CSV, TSV,
    JSON, JSONL, Excel, Parquet, possibly gzipped or zipped; not sub-folders).
    """
    name = name or str(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and _is_data_file(p.name))
        if not files:
            found = ", ".join(sorted(p.name for p in path.iterdir())[:10]) or "(nothing)"
            raise InputError(
                f"Folder '{name}' holds no comment exports. Files found: {found}.", hint=_FIX
            )
        return [opened for file in files for opened in open_sources(file, str(file))]
    if path.is_file() and path.suffix.lower() not in (".xlsx", ".xlsm"):
        with path.open("rb") as handle:
            if handle.read(4) == b"PK\x03\x04":
                return _open_zip_members(path, name)
    return [open_path(path, name)]


def _open_zip_members(path: Path, name: str) -> list[Opened]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                m.filename for m in archive.infolist()
                if not m.is_dir() and not m.filename.startswith("__MACOSX/")
                and not Path(m.filename).name.startswith(".")
            ]
    except zipfile.BadZipFile as err:
        raise InputError(f"Input file '{name}' is a damaged zip archive ({err}).", hint=_FIX) from err
    if "[Content_Types].xml" in members and any(m.startswith("xl/") for m in members):
        return [Opened(name, path.stem + ".xlsx", lambda: path.open("rb"))]  # an .xlsx without its name
    data = sorted(m for m in members if _is_data_file(m)) if len(members) > 1 else members
    if not data:
        raise InputError(
            f"Zip archive '{name}' holds no comment exports. Files found: {', '.join(members[:10]) or '(nothing)'}.",
            hint=_FIX,
        )
    return [_zip_member(path, name, member) for member in data]


def _zip_member(path: Path, name: str, member: str) -> Opened:
    def open_member() -> IO[bytes]:
        return zipfile.ZipFile(path).open(member)

    return Opened(f"{name}:{member}", member, open_member, "zip")


def detect_encoding(opened: Opened) -> tuple[str, list[str]]:
    """Find the text encoding of a source by reading all of its bytes once, in blocks.

    A byte-order mark decides at once (UTF-8, UTF-16, UTF-32). Otherwise the file
    is checked as UTF-8 end to end: valid UTF-8 is UTF-8; a UTF-8 file with a few
    damaged bytes stays UTF-8 (the bytes become U+FFFD, with a warning); a file
    with no valid multi-byte sequences is a single-byte code page, cp1252 for
    Western text or what charset-normalizer finds for other scripts.
    """
    with opened.open() as handle:
        head = handle.read(4096)
        for bom, enc in (
            (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
            (codecs.BOM_UTF8, "utf-8-sig"),
            (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
        ):
            if head.startswith(bom):
                return enc, []
        if len(head) >= 4:
            even, odd = head[0::2], head[1::2]
            if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
                return "utf-16-le", []
            if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
                return "utf-16-be", []
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        bad = multibyte = 0
        legacy_sample: list[bytes] = []
        block = head
        while block:
            if not block.isascii():
                text = decoder.decode(block)
                # Some exports hold real U+FFFD characters (bytes EF BF BD): not decoding errors.
                errors = text.count("\ufffd") - block.count(b"\xef\xbf\xbd")
                bad += errors
                multibyte += len(block) - len(text)
                if errors and sum(map(len, legacy_sample)) < 256 * 1024:
                    legacy_sample.extend(line for line in block.split(b"\n") if not line.isascii())
            block = handle.read(1 << 20)
    if bad == 0:
        return "utf-8", []
    if multibyte > 4 * bad:
        return "utf-8", [
            f"{bad} byte(s) in '{opened.name}' are not valid UTF-8; they were replaced by '\ufffd'."
        ]
    return _single_byte_encoding(b"\n".join(legacy_sample)), []


def _single_byte_encoding(sample: bytes) -> str:
    """cp1252 for Western text, else charset-normalizer's guess (cp1251 Cyrillic, cp1253 Greek...).

    In Western text the non-ASCII letters stand alone inside ASCII words ("café");
    in Cyrillic or Greek whole words are non-ASCII, so high bytes come in runs.
    charset-normalizer alone mistakes short French or German text for Baltic code pages.
    """
    high_at = [i for i, byte in enumerate(sample) if byte > 127]
    in_runs = sum(
        1 for i in high_at
        if (i > 0 and sample[i - 1] > 127) or (i + 1 < len(sample) and sample[i + 1] > 127)
    )
    text = sample.decode("cp1252", errors="replace")
    high = [c for c in text if ord(c) > 127]
    western = sum(
        1 for c in high
        if c in _WESTERN or (c.isalpha() and "LATIN" in unicodedata.name(c, ""))
    )
    if not high or (western >= 0.9 * len(high) and in_runs <= 0.7 * len(high_at)):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best is not None else "cp1252"


def text_stream(opened: Opened, encoding: str) -> io.TextIOWrapper:
    """The decoded text of a source; bad bytes become U+FFFD rather than an error."""
    # newline="" keeps "\r\n" and lone "\r" inside quoted CSV fields exactly as written.
    return io.TextIOWrapper(opened.open(), encoding=encoding, errors="replace", newline="")


def detect_format(opened: Opened, encoding: str | None) -> str:
    """The format from the file name, else from the first bytes."""
    suffix = Path(opened.inner).suffix.lower()
    if suffix in _EXTENSIONS and _EXTENSIONS[suffix] != "text":
        return _EXTENSIONS[suffix]
    if suffix == ".xls":
        raise InputError(
            f"Input file '{opened.name}' is an old Excel .xls workbook, which is not supported.",
            hint="Open it in Excel or LibreOffice and save it as .xlsx or CSV.",
        )
    with opened.open() as handle:
        head = handle.read(8192)
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"Input file '{opened.name}' is an old Office (.xls/.doc) file, which is not supported.",
            hint="Save it as .xlsx or CSV.",
        )
    text = head.decode(encoding or "utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\r\n") + text.count("\ufffd")
    if text and controls > 0.1 * len(text):
        raise InputError(
            f"Input file '{opened.name}' is not a text export (it looks binary) and its type "
            f"'{suffix or 'no extension'}' is not one of {', '.join(FORMATS)}.",
            hint=_FIX,
        )
    if suffix == ".txt":
        # A .txt export is a table when its first lines split evenly on a delimiter,
        # else plain text with one comment per line (and no header to skip).
        sample = text[:_SNIFF_CHARS]
        return "csv" if _delimited(sample) else "lines"
    if text.startswith("["):
        return "json"
    if text.startswith("{"):
        first = text.split("\n", 1)[0].strip()
        try:
            json.loads(first)
            return "jsonl"
        except json.JSONDecodeError:
            return "json"
    return "csv"


# --- CSV / TSV ---------------------------------------------------------------


def sniff_delimiter(sample: str, default: str = ",") -> str:
    """The delimiter that splits the header into most fields and the rows as the header.

    Example:
        >>> sniff_delimiter("id;text\\n1;hello, world\\n")
        ';'
    """
    if "\n" in sample:
        # csv.reader refuses a lone "\r" in an unquoted field; it is text here, not a line break.
        sample = re.sub(r"\r(?!\n)", " ", sample)
    lines = sample.splitlines(keepends=True)
    if len(sample) >= _SNIFF_CHARS and len(lines) > 1:
        lines = lines[:-1]  # the last line of a sample may be cut short
    best, best_score = default, (0.0, 1)
    for delim in _DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO("".join(lines)), delimiter=delim))
        except csv.Error:
            continue
        rows = [r for r in rows if r]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        body = rows[1:] or rows
        consistent = sum(len(r) == width for r in body) / len(body)
        score = (consistent, width)
        if score > best_score:
            best, best_score = delim, score
    return best


def _delimited(sample: str) -> bool:
    delim = sniff_delimiter(sample)
    try:
        rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delim) if r]
    except csv.Error:
        return False
    if len(sample) >= _SNIFF_CHARS:
        rows = rows[:-1]  # the sample may cut the last row short
    rows = rows[:50]
    return len(rows) > 1 and len(rows[0]) > 1 and all(len(r) == len(rows[0]) for r in rows)


def read_lines(opened: Opened, encoding: str) -> Records:
    """Plain text, one comment per line; blank lines are kept as empty comments (nothing is skipped)."""
    with text_stream(opened, encoding) as stream:
        lines = [line for line in _lines(stream)]
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise InputError(f"Input file '{opened.name}' is empty.", hint="Export the comments again.")
    texts = pd.Series(lines, dtype="string")
    return Records(pd.DataFrame({"text": texts.where(texts != "", pd.NA)}), "lines", encoding)


def read_csv(opened: Opened, encoding: str, fmt: str, delimiter: str | None) -> Records:
    """Read CSV/TSV in chunks, every column as text, so nothing is reinterpreted on the way in."""
    with text_stream(opened, encoding) as stream:
        sample = stream.read(_SNIFF_CHARS)
    if not sample.strip():
        raise InputError(f"Input file '{opened.name}' is empty.", hint="Export the comments again.")
    skip = 0
    excel_hint = re.match(r"\ufeff?sep=(.)\r?\n", sample)
    if excel_hint:  # Excel's "sep=;" first line names the delimiter and is not a record
        sep, skip = delimiter or excel_hint.group(1), 1
    else:
        sep = delimiter or sniff_delimiter(sample, "\t" if fmt == "tsv" else ",")
    # The header's line ending tells the file's: in a "\n" file a lone "\r" is part of a
    # comment (CSV writers leave it unquoted), so only "\n" may end a record there.
    header_end = re.search(r"\r\n|\n|\r", sample[excel_hint.end():] if excel_hint else sample)
    terminator = "\n" if header_end is not None and header_end.group() == "\n" else None
    chunks: list[pd.DataFrame] = []
    try:
        with text_stream(opened, encoding) as stream, warnings.catch_warnings():
            # pandas only warns when a row has more fields than the header, and drops them:
            # make that an error, since it usually means an unquoted delimiter inside a comment.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            # index_col=False: never turn the first column into an index when rows are wider.
            reader = pd.read_csv(
                stream, sep=sep, dtype=str, keep_default_na=False, na_values=[""],
                chunksize=CHUNK_ROWS, engine="c", skip_blank_lines=False, index_col=False,
                lineterminator=terminator, skiprows=skip,
            )
            for chunk in reader:
                chunks.append(chunk)
    except pd.errors.ParserWarning as err:
        line, width, found = _first_wide_line(opened, encoding, sep)
        where = f"line {line} has {found} fields" if line else "a row has more fields"
        raise InputError(
            f"Input file '{opened.name}' is not valid {'TSV' if sep == chr(9) else 'CSV'}: {where} "
            f"but the header has {width}.",
            hint="Quote fields that contain the delimiter, or pass delimiter=... .",
        ) from err
    except pd.errors.EmptyDataError as err:
        raise InputError(f"Input file '{opened.name}' is empty.", hint="Export the comments again.") from err
    except pd.errors.ParserError as err:
        raise InputError(
            f"Input file '{opened.name}' is not valid {'TSV' if sep == chr(9) else 'CSV'}: {str(err).strip()}.",
            hint="Quote fields that contain the delimiter or line breaks, or pass delimiter=... .",
        ) from err
    frame = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame()
    notes: list[str] = []
    frame = _drop_blank_lines(frame, notes, opened.name)
    return Records(frame, "tsv" if sep == "\t" else "csv", encoding, sep, warnings=notes)


def _first_wide_line(opened: Opened, encoding: str, sep: str) -> tuple[int, int, int]:
    """Where a row is wider than the header (only called to word an error)."""
    width = 0
    with text_stream(opened, encoding) as stream:
        reader = csv.reader(stream, delimiter=sep, strict=False)
        try:
            width = len(next(reader, []))
            for row in reader:
                if len(row) > width:
                    return reader.line_num, width, len(row)
        except csv.Error:
            pass
    return 0, width, width + 1


def _drop_blank_lines(frame: pd.DataFrame, warnings: list[str], name: str) -> pd.DataFrame:
    """Blank lines in a multi-column file are layout, not records; say how many were skipped.

    In a one-column file a blank line is an empty comment (that is how CSV writes
    one), so it stays a row there.
    """
    if frame.empty or frame.shape[1] < 2:
        return frame
    blank = frame.isna().all(axis=1).to_numpy()
    if blank.any():
        warnings.append(f"Skipped {int(blank.sum())} blank line(s) in '{name}'.")
        frame = frame[~blank].reset_index(drop=True)
    return frame


# --- JSON / JSONL -------------------------------------------------------------


def read_json(opened: Opened, encoding: str) -> Records:
    """Read a JSON document: an array of records, an object holding one, or a platform response."""
    with text_stream(opened, encoding) as stream:
        text = stream.read()
    if not text.strip():
        raise InputError(f"Input file '{opened.name}' is empty.", hint="Export the comments again.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data" and text.lstrip().startswith("{"):
            return read_jsonl(opened, encoding)  # one JSON object per line, named .json
        raise _json_error(opened.name, err, err.lineno) from err
    del text
    flat = flatten_json(data, opened.name)
    return Records(_records_frame(flat.records), "json", encoding, None, flat.platform, flat.roles, flat.warnings)


def read_jsonl(opened: Opened, encoding: str, batch: int = CHUNK_ROWS) -> Records:
    """Read JSON Lines in batches of records, so memory holds one batch of Python objects at a time."""
    frames: list[pd.DataFrame] = []
    pending: list[Any] = []
    platform: str | None = None
    roles: dict[str, str] = {}
    warnings: list[str] = []
    lines_seen = 0

    def flush() -> None:
        nonlocal platform, roles
        if not pending:
            return
        flat = flatten_json(pending, opened.name, lines=True)
        platform = platform or flat.platform
        roles = roles or flat.roles
        warnings.extend(w for w in flat.warnings if w not in warnings)
        frames.append(_records_frame(flat.records))
        pending.clear()

    with text_stream(opened, encoding) as stream:
        for lineno, line in enumerate(_lines(stream), start=1):
            lines_seen = lineno
            if not line.strip():
                continue
            try:
                pending.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise _json_error(opened.name, err, lineno, jsonl=True) from err
            if len(pending) >= batch:
                flush()
        flush()
    if not lines_seen or not frames:
        raise InputError(f"Input file '{opened.name}' is empty.", hint="Export the comments again.")
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return Records(frame, "jsonl", encoding, None, platform, roles, warnings)


def _lines(stream: io.TextIOBase) -> Iterator[str]:
    # The stream keeps "\r" (newline=""), so split lines here on "\n" only.
    for line in stream:
        yield line.rstrip("\r\n")


def _json_error(name: str, err: json.JSONDecodeError, lineno: int, jsonl: bool = False) -> InputError:
    kind = "JSON Lines" if jsonl else "JSON"
    where = f"line {lineno}, column {err.colno}" if jsonl else f"line {err.lineno}, column {err.colno}"
    return InputError(
        f"Input file '{name}' is not valid {kind} at {where}: {err.msg}.",
        hint="Fix that line (often a missing comma or quote) or export the file again.",
    )


def _exact_big_integers(frame: pd.DataFrame, records: list[dict[str, Any]]) -> pd.DataFrame:
    """Integer ids above 2**53 (tweet ids) lose digits when a missing value turns their column
    to float; such columns are rebuilt from the records as the exact Python integers."""
    for column in frame.columns:
        series = frame[column]
        if series.dtype == "float64" and series.isna().any() and series.abs().max() >= 2**53:
            frame[column] = pd.Series([_get_path(r, str(column)) for r in records], dtype=object)
    return frame


def _get_path(record: dict[str, Any], path: str) -> Any:
    value: Any = record
    for part in [path] if path in record else path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _records_frame(records: list[Any]) -> pd.DataFrame:
    if not records:
        return pd.DataFrame()
    if all(isinstance(r, dict) for r in records):
        if any(type(v) is dict for r in records for v in r.values()):
            frame = pd.json_normalize(records, sep=".")  # nested objects become "user.name" columns
        else:
            frame = pd.DataFrame.from_records(records)  # flat records: much faster than json_normalize
        return _exact_big_integers(frame, records)
    # A list of plain values (strings, numbers): each is one comment's text.
    return pd.DataFrame({"text": pd.Series(records, dtype=object)})


# --- Excel / Parquet ----------------------------------------------------------


def read_excel(opened: Opened, sheet: str | None) -> Records:
    """Read one sheet of an .xlsx workbook (the first unless ``sheet`` names another)."""
    warnings: list[str] = []
    try:
        with opened.open() as handle:
            book = pd.ExcelFile(io.BytesIO(handle.read()), engine="openpyxl")
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as err:
        raise InputError(f"Input file '{opened.name}' is not a readable .xlsx workbook ({err}).", hint=_FIX) from err
    names = [str(n) for n in book.sheet_names]
    if sheet is not None and sheet not in names:
        raise InputError(
            f"Sheet '{sheet}' not found in '{opened.name}'. Sheets found: {', '.join(names)}.",
            hint="Pass sheet_name=... with one of them.",
        )
    chosen = sheet or names[0]
    if len(names) > 1 and sheet is None:
        warnings.append(
            f"Workbook has {len(names)} sheets ({', '.join(names)}); read the first, '{chosen}'. "
            "Pass sheet_name=... for another."
        )
    frame = book.parse(chosen, dtype=object)
    frame = _drop_blank_lines(frame, warnings, opened.name)
    return Records(frame, "xlsx", None, None, warnings=warnings, sheet=chosen)


def read_parquet(opened: Opened) -> Records:
    """Read a Parquet file (columnar and compressed, so it is read whole)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        with opened.open() as handle:
            table = pq.read_table(handle)
    except (pa.ArrowInvalid, OSError) as err:
        raise InputError(f"Input file '{opened.name}' is not a readable Parquet file ({err}).", hint=_FIX) from err
    return Records(table.to_pandas(), "parquet")


def merge(parts: list[tuple[Opened, Records]]) -> Records:
    """Several exports read one by one (a folder, a zip) as one set of records, in file order.

    Files unlike most of the others (another format, or sharing under half of
    their columns) are left out with a warning: a folder often holds a README,
    a label list or a licence next to the exports.
    """
    if len(parts) == 1:
        return parts[0][1]
    formats = [r.format for _, r in parts]
    main_format = max(formats, key=formats.count)  # max keeps the first among equals
    same = [(o, r) for o, r in parts if r.format == main_format]
    columns = [set(map(str, r.frame.columns)) for _, r in same]
    main_columns = max(columns, key=lambda c: sum(c == other for other in columns))
    warnings: list[str] = []
    kept: list[tuple[Opened, Records]] = []
    for opened, records in parts:
        cols = set(map(str, records.frame.columns))
        overlap = len(cols & main_columns) / max(len(cols | main_columns), 1)
        if records.format != main_format or overlap < 0.5:
            warnings.append(
                f"Skipped '{opened.name}': its {records.format} columns ({', '.join(sorted(cols)) or 'none'}) "
                f"do not match the other files' ({', '.join(sorted(main_columns))}). Load it on its own."
            )
            continue
        kept.append((opened, records))
        warnings.extend(f"{opened.name}: {w}" for w in records.warnings)
    frame = pd.concat([r.frame for _, r in kept], ignore_index=True)
    files = [opened.name for opened, r in kept for _ in range(len(r.frame))]

    def one(values: list[str | None]) -> str | None:
        distinct = list(dict.fromkeys(v for v in values if v is not None))
        return ", ".join(distinct) if distinct else None

    first = kept[0][1]
    return Records(
        frame, main_format, one([r.encoding for _, r in kept]), one([r.delimiter for _, r in kept]),
        first.platform, first.roles, warnings, first.sheet, files,
    )
