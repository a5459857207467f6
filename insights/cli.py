"""The `insights` command: parse options, show progress, call the library, say where outputs went.

The library does the work (:func:`insights.analyze`); this module only turns
flags into options, shows a progress line per stage, prints a summary and turns
:class:`insights.errors.InsightsError` into ``Error: ...`` with its exit code.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console

from insights.errors import InsightsError

app = typer.Typer(
    name="insights",
    help="Turn exports of audience comments into lessons a team can act on.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out_console = Console()
err_console = Console(stderr=True)

STAGE_TITLES = {
    "load": "Loading comments",
    "clean": "Cleaning (duplicates, spam, language, personal data)",
    "embed": "Embedding",
    "sentiment": "Scoring sentiment",
    "intents": "Finding requests, complaints, questions, praise",
    "topics": "Finding topics",
    "lessons": "Writing lessons",
}


def _quiet_libraries() -> None:
    """Keep third-party chatter (model load reports, tokenizer warnings) out of the user's terminal."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    for name in ("transformers", "sentence_transformers", "bertopic", "BERTopic", "numba", "huggingface_hub"):
        logging.getLogger(name).setLevel(logging.ERROR)


class _StageProgress:
    """Prints one line per stage: a spinner while it runs, then its time."""

    def __init__(self, console: Console, enabled: bool) -> None:
        self.console = console
        self.enabled = enabled
        self._status: Any = None

    def __call__(self, stage: str, event: str, detail: dict[str, Any]) -> None:
        if not self.enabled:
            return
        title = STAGE_TITLES.get(stage, stage)
        if event == "start":
            self._status = self.console.status(f"{title}...")
            self._status.start()
        else:
            if self._status is not None:
                self._status.stop()
            self.console.print(f"[green]✓[/green] {title} [dim]({detail.get('seconds', 0):.1f} s)[/dim]")


def _fail(err: InsightsError) -> None:
    err_console.print(f"[red]Error:[/red] {err}", highlight=False, soft_wrap=True)
    raise typer.Exit(err.exit_code)


def _print_summary(analysis: Any, outputs: dict[str, Path], seconds: float) -> None:
    counts = analysis.counts()
    load = analysis.info.get("load", {})
    out_console.print()
    detected = load.get("columns") or load.get("detected") or {}
    if detected:
        pairs = ", ".join(f"{role}={col}" for role, col in detected.items())
        out_console.print(f"Detected columns: {pairs}", highlight=False)
    reasons = ", ".join(f"{reason} {n}" for reason, n in counts["dropped_by_reason"].items()) or "none"
    out_console.print(
        f"Rows read: {counts['rows_read']:,}  kept: {counts['kept']:,}  dropped: {counts['dropped']:,} ({reasons})",
        highlight=False,
    )
    out_console.print(f"Topics: {counts['topics']}  Lessons: {counts['lessons']}", highlight=False)
    for i, lesson in enumerate(analysis.lessons[:5], 1):
        out_console.print(f"  {i}. {lesson.get('title', '')} [dim]({lesson.get('count', 0)} comments)[/dim]", highlight=False)
    out_console.print()
    for name, path in outputs.items():
        out_console.print(f"  {name:<18} {path}", highlight=False)
    out_console.print(f"Done in {seconds:.1f} s.", highlight=False)


@app.command()
def analyze(
    input: str = typer.Argument(..., help="Comment export: CSV/TSV, JSON, JSONL, Excel, Parquet (gz/zip ok), or - for stdin."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for comments.csv, topics.csv, lessons.json, report.html ..."),
    text_column: Optional[str] = typer.Option(None, help="Column holding the comment text (detected when omitted)."),
    id_column: Optional[str] = typer.Option(None, help="Column holding comment ids (detected when omitted)."),
    time_column: Optional[str] = typer.Option(None, help="Column holding timestamps (detected when omitted)."),
    config: Optional[Path] = typer.Option(None, "--config", help="TOML or JSON file with options per stage."),
    fast: bool = typer.Option(False, "--fast", help="Static embeddings and the cheapest sound choices: >= 20x faster."),
    embedding_model: Optional[str] = typer.Option(None, help="'minilm' (default), 'static', or a local model directory."),
    n_topics: Optional[int] = typer.Option(None, help="Number of topics (chosen for the data when omitted)."),
    seed_topics: Optional[str] = typer.Option(None, help='Topics you expect, comma-separated: "shipping, pricing, app crashes".'),
    intent_model: Optional[Path] = typer.Option(None, help="A model folder written by `insights train`."),
    sentiment_model: Optional[str] = typer.Option(None, help="A local transformers sentiment model path."),
    spam_threshold: Optional[float] = typer.Option(None, help="Spam score above which a comment is dropped (0-1)."),
    drop_non_english: bool = typer.Option(False, help="Drop comments not in English (kept and marked by default)."),
    keep_personal_data: bool = typer.Option(False, help="Do not redact emails, phone numbers and URL tokens."),
    raw_csv: bool = typer.Option(False, help="Write CSV cells raw (by default cells starting with = + - @ are prefixed with ')."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Run the whole pipeline on INPUT and write every output to --out."""
    _quiet_libraries()
    from insights.pipeline import analyze as run_analysis

    options: dict[str, Any] = {
        "text_column": text_column,
        "id_column": id_column,
        "time_column": time_column,
        "embed__model": "static" if fast and not embedding_model else embedding_model,
        "n_topics": n_topics,
        "seed_topics": [s.strip() for s in seed_topics.split(",") if s.strip()] if seed_topics else None,
        "intents__model": str(intent_model) if intent_model else None,
        "sentiment__model": sentiment_model,
        "spam_threshold": spam_threshold,
        "drop_non_english": drop_non_english or None,
        "keep_personal_data": keep_personal_data or None,
    }
    started = time.perf_counter()
    try:
        analysis = run_analysis(
            input,
            config=config,
            progress=_StageProgress(err_console, enabled=not quiet),
            **options,
        )
        outputs = analysis.save(out, safe_csv=not raw_csv)
    except InsightsError as err:
        _fail(err)
    _print_summary(analysis, outputs, time.perf_counter() - started)


@app.command()
def version() -> None:
    """Print the version of insights and of the models' packages."""
    from insights.analysis import package_versions

    for name, ver in package_versions().items():
        out_console.print(f"{name} {ver}", highlight=False)


def main() -> None:
    """Entry point of the `insights` console script."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        err_console.print("Interrupted; previous outputs were left as they were.")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
