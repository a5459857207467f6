"""`ReportWriter`: write report.md and report.html for an Analysis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from insights.errors import OutputError, invalid_parameter
from insights.report.facts import gather
from insights.report.html import render_html
from insights.report.markdown import render_markdown


class ReportWriter:
    """Write the human-readable report: ``report.md`` and a self-contained ``report.html``.

    Reads every table of the Analysis (comments, topics, requests, complaints, lessons,
    counts, info). The HTML file loads nothing from the network, escapes every comment,
    and carries a Content-Security-Policy that runs only its own table script.

    LLM rephrasing is an option of the ``lessons`` stage (``llm_url`` / ``llm_model``), so
    ``lessons.json`` and the report always carry the same titles; the report shows whether
    an LLM was used and whether it failed.

    Args:
        title: the report's heading; default "What your audience is telling you".
        max_comments: the most comments embedded in the HTML comment table (the table
            says when it holds fewer than all analysed comments; comments.csv has all).
        formats: which files to write, among "md" and "html".

    Example:
        >>> from pathlib import Path
        >>> ReportWriter(title="Launch feedback").write(analysis, Path("out"))  # doctest: +SKIP
        [PosixPath('out/report.md'), PosixPath('out/report.html')]
    """

    name = "report"

    def __init__(self, title: str | None = None, max_comments: int = 20000, formats: list[str] | None = None) -> None:
        self.title = title
        self.max_comments = max_comments
        self.formats = formats

    def write(self, analysis: Any, folder: Path) -> list[Path]:
        """Write the report files into ``folder``; return their paths."""
        if not isinstance(self.max_comments, int) or self.max_comments < 0:
            raise invalid_parameter("ReportWriter", "max_comments", "an int >= 0", self.max_comments)
        formats = list(self.formats) if self.formats is not None else ["md", "html"]
        unknown = [f for f in formats if f not in ("md", "html")]
        if unknown:
            raise invalid_parameter("ReportWriter", "formats", 'a list of "md" and "html"', self.formats)
        facts = gather(analysis, title=self.title, max_comments=self.max_comments)
        folder = Path(folder)
        written: list[Path] = []
        try:
            if "md" in formats:
                path = folder / "report.md"
                path.write_text(render_markdown(facts), encoding="utf-8")
                written.append(path)
            if "html" in formats:
                path = folder / "report.html"
                path.write_text(render_html(facts), encoding="utf-8")
                written.append(path)
        except OSError as err:
            raise OutputError(
                f"Cannot write the report into '{folder}': {err.strerror or err}.",
                hint="Pass --out with a directory you can write to.",
            ) from err
        return written
