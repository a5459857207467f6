"""Writing output files all-or-nothing: an interrupted run leaves the previous outputs intact."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from insights.errors import OutputError


def check_writable(out_dir: str | Path) -> None:
    """Fail before a long run, not after it, when ``out_dir`` cannot be created or written."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = Path(tempfile.mkdtemp(prefix=".insights-probe-", dir=out))
        probe.rmdir()
    except OSError as err:
        raise OutputError(
            f"Cannot write to output directory '{out}': {err.strerror or err}.",
            hint="Pass --out with a directory you can write to.",
        ) from err


def write_atomically(out_dir: str | Path, write: Callable[[Path], dict[str, Path]]) -> dict[str, Path]:
    """Call ``write(staging)`` to write every file into a temporary folder inside
    ``out_dir``, then move them all into ``out_dir``; returns {name: final path}.

    Nothing in ``out_dir`` changes until every file is complete, and the temporary
    folder is removed whatever happens.

    Example:
        >>> import tempfile
        >>> out = Path(tempfile.mkdtemp())
        >>> def write(folder):
        ...     (folder / "a.txt").write_text("hi")
        ...     return {"a.txt": folder / "a.txt"}
        >>> write_atomically(out, write)["a.txt"].read_text()
        'hi'
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".insights-", dir=out))
    except OSError as err:
        raise OutputError(
            f"Cannot write to output directory '{out}': {err.strerror or err}.",
            hint="Pass --out with a directory you can write to.",
        ) from err
    try:
        written = write(staging)
        final: dict[str, Path] = {}
        for name, path in written.items():
            target = out / Path(path).name
            os.replace(path, target)
            final[name] = target
        return final
    finally:
        shutil.rmtree(staging, ignore_errors=True)
