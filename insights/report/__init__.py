"""The report: report.md and one self-contained, offline report.html (see :class:`ReportWriter`).

Modules: ``facts`` (every number, computed once), ``markdown`` and ``html`` (renderers),
``charts`` (inline SVG), ``llm`` (optional rephrasing of lesson titles), plus the
``style.css`` and ``table.js`` assets inlined into the HTML.
"""

from __future__ import annotations

from insights.report.writer import ReportWriter

__all__ = ["ReportWriter"]
