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
from rich.markup import escape

from insights.errors import InsightsError
from insights.outputs import check_writable

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


# Where the per-comment work runs: the same three options on every command that analyses.
ENGINE_OPTION = typer.Option(None, "--engine", help="'local' (default: this machine, one process per core from 20,000 comments) or 'dask' (per-comment work on a Dask cluster).")
SCHEDULER_OPTION = typer.Option(None, "--scheduler", help="With --engine dask: a scheduler address (tcp://HOST:8786); omitted starts a local cluster.")
WORKERS_OPTION = typer.Option(None, "--workers", help="Worker processes for the per-comment work on this machine (default: one per core; 1 = a single process), or of the local Dask cluster.")


def _quiet_libraries() -> None:
    """Keep third-party chatter (model load reports, tokenizer warnings) out of the user's terminal."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TQDM_DISABLE", "1")
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
    err_console.print(f"[red]Error:[/red] {escape(str(err))}", highlight=False, soft_wrap=True)
    raise typer.Exit(err.exit_code)


def _print_summary(analysis: Any, outputs: dict[str, Path], seconds: float) -> None:
    counts = analysis.counts()
    load = analysis.info.get("load", {})
    out_console.print()
    if load.get("columns"):
        from insights.load import describe_columns

        out_console.print(f"Detected columns: {escape(describe_columns(load))}", highlight=False)
    for warning in load.get("warnings", []):
        out_console.print(f"[yellow]Note:[/yellow] {escape(str(warning))}", highlight=False)
    reasons = ", ".join(f"{reason} {n}" for reason, n in counts["dropped_by_reason"].items()) or "none"
    out_console.print(
        f"Rows read: {counts['rows_read']:,}  kept: {counts['kept']:,}  dropped: {counts['dropped']:,} ({reasons})",
        highlight=False,
    )
    out_console.print(f"Topics: {counts['topics']}  Lessons: {counts['lessons']}", highlight=False)
    for i, lesson in enumerate(analysis.lessons[:5], 1):
        out_console.print(f"  {i}. {escape(str(lesson.get('title', '')))} [dim]({lesson.get('count', 0)} comments)[/dim]", highlight=False)
    out_console.print()
    for name, path in outputs.items():
        out_console.print(f"  {name:<18} {escape(str(path))}", highlight=False)
    out_console.print(f"Done in {seconds:.1f} s.", highlight=False)


@app.command()
def analyze(
    input: str = typer.Argument(..., help="Comment export: CSV/TSV, JSON, JSONL, Excel, Parquet (gz/zip ok), or - for stdin."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for comments.csv, topics.csv, lessons.json, report.html ..."),
    text_column: Optional[str] = typer.Option(None, help="Column holding the comment text (detected when omitted)."),
    id_column: Optional[str] = typer.Option(None, help="Column holding comment ids (detected when omitted)."),
    time_column: Optional[str] = typer.Option(None, help="Column holding timestamps (detected when omitted)."),
    author_column: Optional[str] = typer.Option(None, help="Column holding authors (detected when omitted)."),
    group_column: Optional[str] = typer.Option(None, help="Column naming a variant / campaign / segment to report by."),
    encoding: Optional[str] = typer.Option(None, help="Text encoding of the file (detected when omitted)."),
    delimiter: Optional[str] = typer.Option(None, help="CSV delimiter (sniffed when omitted)."),
    sheet_name: Optional[str] = typer.Option(None, help="Excel sheet to read (the first one when omitted)."),
    config: Optional[Path] = typer.Option(None, "--config", help="TOML or JSON file with options per stage."),
    fast: bool = typer.Option(False, "--fast", help="The cheapest sound choice of every stage (static embeddings...): for very large inputs."),
    embedding_model: Optional[str] = typer.Option(None, help="'minilm' (default), 'static', or a local model directory."),
    n_topics: Optional[int] = typer.Option(None, help="Number of topics (chosen for the data when omitted)."),
    seed_topics: Optional[str] = typer.Option(None, help='Topics you expect, comma-separated: "shipping, pricing, app crashes".'),
    taxonomy: Optional[str] = typer.Option(None, help='Assign comments to these categories instead of discovering topics: "shipping, price, app".'),
    strict_outliers: bool = typer.Option(False, help="Leave comments that fit no topic unassigned (-1) instead of placing them."),
    intent_model: Optional[Path] = typer.Option(None, help="A model folder written by `insights train`."),
    sentiment_model: Optional[str] = typer.Option(None, help="A local transformers sentiment model path."),
    spam_threshold: Optional[float] = typer.Option(None, help="Spam score above which a comment is dropped (0-1)."),
    spam_model: Optional[str] = typer.Option(None, help="'rules' (default, fast) or 'embeddings' (adds MiniLM similarity)."),
    min_words: Optional[int] = typer.Option(None, help="Comments with fewer words are kept out of the analysis as too_short."),
    drop_non_english: bool = typer.Option(False, help="Drop comments not in English (kept and marked by default)."),
    keep_personal_data: bool = typer.Option(False, help="Do not redact emails, phone numbers and URL tokens."),
    raw_csv: bool = typer.Option(False, help="Write CSV cells raw (by default cells starting with = + - @ are prefixed with ')."),
    title: Optional[str] = typer.Option(None, help="Title of the report."),
    llm_url: Optional[str] = typer.Option(None, help="OpenAI-compatible endpoint that may rephrase lesson titles from the evidence."),
    llm_model: Optional[str] = typer.Option(None, help="Local transformers text-generation model that may rephrase lesson titles."),
    engine: Optional[str] = ENGINE_OPTION,
    scheduler: Optional[str] = SCHEDULER_OPTION,
    workers: Optional[int] = WORKERS_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Run the whole pipeline on INPUT and write every output to --out."""
    _quiet_libraries()
    from insights.pipeline import analyze as run_analysis

    options: dict[str, Any] = {
        "text_column": text_column,
        "id_column": id_column,
        "time_column": time_column,
        "author_column": author_column,
        "group_column": group_column,
        "encoding": encoding,
        "delimiter": delimiter,
        "sheet_name": sheet_name,
        "embed__model": embedding_model,
        "n_topics": n_topics,
        "seed_topics": [s.strip() for s in seed_topics.split(",") if s.strip()] if seed_topics else None,
        "taxonomy": [s.strip() for s in taxonomy.split(",") if s.strip()] if taxonomy else None,
        "strict_outliers": strict_outliers or None,
        "intents__model": str(intent_model) if intent_model else None,
        "sentiment__model": sentiment_model,
        "spam_threshold": spam_threshold,
        "spam_model": spam_model,
        "min_words": min_words,
        "drop_non_english": drop_non_english or None,
        "keep_personal_data": keep_personal_data or None,
        "title": title,
        "llm_url": llm_url,
        "llm_model": llm_model,
        "engine": engine,
        "scheduler": scheduler,
        "workers": workers,
    }
    started = time.perf_counter()
    try:
        check_writable(out)
        analysis = run_analysis(
            input,
            config=config,
            progress=_StageProgress(err_console, enabled=not quiet),
            fast=fast,
            **options,
        )
        outputs = analysis.save(out, safe_csv=not raw_csv)
    except InsightsError as err:
        _fail(err)
    _print_summary(analysis, outputs, time.perf_counter() - started)


def _print_class_scores(scores: dict[str, Any]) -> None:
    from rich.table import Table

    if scores["task"] == "topics":
        out_console.print(
            f"NMI {scores['nmi']:.3f} [{scores['nmi_ci95'][0]:.3f}, {scores['nmi_ci95'][1]:.3f}]  "
            f"ARI {scores['ari']:.3f} [{scores['ari_ci95'][0]:.3f}, {scores['ari_ci95'][1]:.3f}]  "
            f"topics {scores['topics']}  unassigned {scores['unassigned_share']:.1%}  "
            f"({scores['rows_scored']:,} kept rows scored)",
            highlight=False,
        )
        return
    table = Table(title=f"{scores['task']}: {scores['rows']:,} rows")
    for col in ("class", "precision", "recall", "F1", "F1 95% CI", "support"):
        table.add_column(col, justify="left" if col == "class" else "right")
    for cls, m in scores["per_class"].items():
        ci = m["f1_ci95"]
        table.add_row(cls, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", f"{ci[0]:.3f}-{ci[1]:.3f}", str(m["support"]))
    macro = scores["macro"]
    table.add_row("macro", f"{macro['precision']:.3f}", f"{macro['recall']:.3f}", f"{macro['f1']:.3f}", "", "")
    out_console.print(table)
    labels, matrix = scores["confusion"]["labels"], scores["confusion"]["matrix"]
    confusion = Table(title="confusion (rows: gold, columns: predicted primary)")
    confusion.add_column("")
    for label in labels:
        confusion.add_column(label, justify="right")
    for label, row in zip(labels, matrix):
        confusion.add_row(label, *map(str, row))
    out_console.print(confusion)
    out_console.print(f"accuracy {scores['accuracy']:.3f}", highlight=False)


@app.command()
def evaluate(
    input: str = typer.Argument(..., help="A labeled comment file."),
    task: str = typer.Option(..., "--task", help="spam, intent, topics or sentiment."),
    label_column: str = typer.Option(..., "--label-column", help="The column holding the gold labels."),
    map: Optional[str] = typer.Option(None, "--map", help="LABEL=class,... e.g. FEATURE=request,BUG=complaint. Unnamed labels count as 'other'."),
    json_path: Optional[Path] = typer.Option(None, "--json", help="Also write the scores as JSON here."),
    text_column: Optional[str] = typer.Option(None, help="Column holding the comment text (detected when omitted)."),
    fast: bool = typer.Option(False, "--fast", help="Static embeddings (faster, lower quality)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Run the pipeline on a labeled file and print precision, recall and F1 (or NMI/ARI for topics)."""
    _quiet_libraries()
    import json as _json

    from insights.evaluate import evaluate as run_evaluate
    from insights.evaluate import parse_map

    try:
        scores, _ = run_evaluate(
            input, task, label_column, parse_map(map) or None,
            text_column=text_column, embed__model="static" if fast else None,
            progress=_StageProgress(err_console, enabled=not quiet),
        )
    except InsightsError as err:
        _fail(err)
    _print_class_scores(scores)
    if json_path:
        json_path.write_text(_json.dumps(scores, indent=2) + "\n", encoding="utf-8")
        out_console.print(f"Scores written to {escape(str(json_path))}", highlight=False)


@app.command()
def train(
    labels: Path = typer.Argument(..., help="CSV with one labeled comment per row."),
    text_column: str = typer.Option(..., "--text-column", help="Column holding the comment text."),
    label_column: str = typer.Option(..., "--label-column", help="Column holding the intent label."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the model to (use it with --intent-model)."),
    map: Optional[str] = typer.Option(None, "--map", help="Rename labels to intents: FEATURE=request,BUG=complaint."),
    embedding_model: str = typer.Option("minilm", help="Embedder the model is trained on; runs must use the same."),
    folds: int = typer.Option(5, help="Cross-validation folds."),
) -> None:
    """Fit an intent classifier for your own domain and print cross-validated scores."""
    _quiet_libraries()
    from insights.evaluate import parse_map
    from insights.intents.train import train as run_train

    try:
        result = run_train(labels, text_column, label_column, out, embedding_model=embedding_model,
                           label_map=parse_map(map) or None, folds=folds)
    except InsightsError as err:
        _fail(err)
    out_console.print(
        f"Macro F1 {result['macro_f1']:.3f} over {result['folds']} folds, {result['n']:,} examples. "
        f"Model written to {escape(str(out))}. Use it with: insights analyze FILE --out DIR --intent-model {escape(str(out))}",
        highlight=False,
    )


@app.command()
def compare(
    input: Optional[str] = typer.Argument(None, help="Comment export to analyse and compare (omit with --before/--after)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for compare_groups.csv, compare_topics.csv, compare.md, compare.html."),
    by: Optional[str] = typer.Option(None, "--by", help="Column to compare by: post, variant, platform, airline, app version..."),
    period: Optional[str] = typer.Option(None, "--period", help="day, week or month: compare periods and flag emerging topics."),
    before: Optional[str] = typer.Option(None, "--before", help="A 'before' export, compared with --after."),
    after: Optional[str] = typer.Option(None, "--after", help="An 'after' export, compared with --before."),
    text_column: Optional[str] = typer.Option(None, help="Column holding the comment text (detected when omitted)."),
    config: Optional[Path] = typer.Option(None, "--config", help="TOML or JSON file with options per stage."),
    fast: bool = typer.Option(False, "--fast", help="The cheapest sound choice of every stage (static embeddings...): for very large inputs."),
    engine: Optional[str] = ENGINE_OPTION,
    scheduler: Optional[str] = SCHEDULER_OPTION,
    workers: Optional[int] = WORKERS_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Compare groups (variants, posts, segments), periods, or a before and an after export."""
    _quiet_libraries()
    from insights.compare import check_group_column, compare_inputs
    from insights.compare import compare as run_compare
    from insights.errors import ConfigError
    from insights.pipeline import analyze as run_analysis

    options: dict[str, Any] = {
        "text_column": text_column, "fast": fast,
        "engine": engine, "scheduler": scheduler, "workers": workers,
    }
    progress = _StageProgress(err_console, enabled=not quiet)
    try:
        check_writable(out)
        if before or after:
            if not (before and after) or input:
                raise ConfigError("Pass both --before FILE and --after FILE (and no INPUT), or INPUT with --by/--period.")
            comparison = compare_inputs(
                run_analysis(before, config=config, progress=progress, **options),
                run_analysis(after, config=config, progress=progress, **options),
            )
        else:
            if not input:
                raise ConfigError("Pass INPUT with --by COLUMN or --period day|week|month, or --before and --after.")
            if not by and not period:
                raise ConfigError("Nothing to compare by. Pass --by COLUMN (e.g. --by variant) or --period week.")
            # A missing --by column fails now, from the header, not after the whole pipeline.
            check_group_column(input, by, period=period, config=config, text_column=text_column)
            analysis = run_analysis(input, config=config, progress=progress, **options)
            comparison = run_compare(analysis, by=by, period=period)
        outputs = comparison.save(out)
    except InsightsError as err:
        _fail(err)
    out_console.print()
    for line in comparison.summary_lines():
        out_console.print(f"  {escape(line)}", highlight=False)
    out_console.print()
    width = max((len(name) for name in outputs), default=0)
    for name, path in outputs.items():
        out_console.print(f"  {name:<{width}} {escape(str(path))}", highlight=False)


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
