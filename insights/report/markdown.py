"""The Markdown report: the same sections as the HTML report, readable as plain text.

Comment text is escaped for Markdown viewers that render HTML (``<``, ``>``, ``&``), so a
comment such as ``<script>`` shows as text and never runs.
"""

from __future__ import annotations

import re
from typing import Any

from insights.report.facts import (
    KIND_TITLES,
    RANKING_TEXT,
    ReportFacts,
    describe_sentiment,
    growth_note,
)


def md_escape(text: Any) -> str:
    """Escape comment text for Markdown: HTML-special characters and table pipes.

    Example:
        >>> md_escape("<script>alert(1)</script> | x")
        '&lt;script&gt;alert(1)&lt;/script&gt; \\\\| x'
    """
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


def _quote(text: str) -> str:
    body = md_escape(text).strip()
    return "> " + re.sub(r"\s*\n\s*", "\n> ", body)


def _pct(x: float) -> str:
    if x == 0:
        return "0%"
    return f"{x:.1%}" if x < 0.1 else f"{x:.0%}"


def _lesson_block(lesson: dict[str, Any], facts: ReportFacts) -> list[str]:
    lines = [f"### {lesson.get('rank', '')}. {md_escape(lesson['title'])}", ""]
    meta = [f"**{lesson['kind']}**", f"{lesson['count']:,} comments ({_pct(lesson['share'])} of kept)"]
    if lesson.get("authors"):
        meta.append(f"{lesson['authors']:,} people")
    if lesson.get("likes"):
        meta.append(f"{lesson['likes']:,} likes")
    meta.append(f"sentiment {lesson['sentiment']:+.2f} ({describe_sentiment(lesson['sentiment'])})")
    meta.append(f"score {lesson.get('score', 0):.1f}")
    lines += [" · ".join(meta), ""]
    if lesson.get("summary"):
        lines += [md_escape(lesson["summary"]), ""]
    lines += [f"**What to do:** {md_escape(lesson.get('action', ''))}", ""]
    for q in lesson.get("quotes", []):
        lines += [_quote(q), ""]
    ev = lesson.get("evidence", [])
    shown = ", ".join(md_escape(e) for e in ev[:12])
    more = f" and {len(ev) - 12:,} more" if len(ev) > 12 else ""
    lines += [f"<sub>Evidence: comment ids {shown}{more} (all in lessons.json).</sub>", ""]
    return lines


def render_markdown(facts: ReportFacts) -> str:
    """The whole report as Markdown.

    Example:
        >>> from insights.report.facts import ReportFacts
        >>> render_markdown(ReportFacts("T", "", {"rows_read": 0, "kept": 0}, [])).startswith("# T")
        True
    """
    c = facts.counts
    out = [f"# {md_escape(facts.title)}", ""]
    sub = [f"{c.get('rows_read', 0):,} comments read, {c.get('kept', 0):,} analysed"]
    if facts.source:
        sub.insert(0, f"Source: `{facts.source}`")
    if facts.date_range:
        sub.append(f"from {facts.date_range[0]} to {facts.date_range[1]}")
    out += [" · ".join(sub), ""]

    out += ["## Executive summary", ""]
    if facts.empty:
        out += [
            "**Nothing to report.** No comment was left to analyse after cleaning "
            f"({c.get('rows_read', 0):,} rows read, {c.get('dropped', 0):,} dropped; see *Data* below).",
            "",
        ]
    elif not facts.lessons:
        out += [
            f"No lesson reached the evidence bar: no request, complaint, question or praise was shared "
            f"by enough of the {c.get('kept', 0):,} analysed comments. The topics and data sections below "
            "still describe what was said.",
            "",
        ]
    else:
        for lesson in facts.lessons[:5]:
            out.append(f"{lesson['rank']}. **{md_escape(lesson['title'])}.** {md_escape(lesson.get('summary', ''))}")
        out.append("")
    if facts.llm:
        out += [_llm_note(facts.llm), ""]

    for kind in ("complaint", "request", "question", "praise", "trend"):
        lessons = facts.lessons_of(kind)
        if not lessons:
            continue
        out += [f"## {KIND_TITLES[kind]}", ""]
        for lesson in lessons:
            out += _lesson_block(lesson, facts)
        table = facts.complaints if kind == "complaint" else facts.requests if kind == "request" else []
        if table:
            out += _group_table(kind, table)

    if facts.topics:
        out += ["## Topics", "", "| topic | comments | share | sentiment | complaints | requests | questions | praise |",
                "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for t in facts.topics:
            out.append(
                f"| {md_escape(t['label'])} | {t['size']:,} | {_pct(t['share'])} | {t['sentiment']:+.2f} | "
                f"{_pct(t['complaint_share'])} | {_pct(t['request_share'])} | {_pct(t['question_share'])} | {_pct(t['praise_share'])} |"
            )
        out.append("")

    if facts.timeline:
        tl = facts.timeline
        peak = max(tl["rows"], key=lambda r: r["total"])
        out += ["## Over time", "",
                f"{tl['with_time']:,} analysed comments have a time, from {tl['start']} to {tl['end']}. "
                f"The busiest {tl['unit']} was {peak['period']} with {peak['total']:,} comments. "
                f"{md_escape(growth_note(facts))}", ""]
        out += [f"| {tl['unit']} | comments | negative | neutral | positive |", "|---|---:|---:|---:|---:|"]
        for r in tl["rows"][-30:]:
            out.append(f"| {r['period']} | {r['total']:,} | {r['negative']:,} | {r['neutral']:,} | {r['positive']:,} |")
        out.append("")

    for g in facts.groups:
        out += [f"## By {g['noun']} (`{g['column']}`)", "",
                f"{g['values']:,} different values; the largest {len(g['rows'])} are shown.", "",
                f"| {g['noun']} | comments | sentiment | complaints | requests | main topic |",
                "|---|---:|---:|---:|---:|---|"]
        for r in g["rows"]:
            out.append(
                f"| {md_escape(r['value'])} | {r['count']:,} | {r['sentiment']:+.2f} | {_pct(r['complaint_share'])} | "
                f"{_pct(r['request_share'])} | {md_escape(r['top_topic'])} |"
            )
        out.append("")

    out += _data_section(facts)
    out += ["## How lessons are ranked", "", RANKING_TEXT, "",
            "Every quote is a comment exactly as written (personal data redacted); every count can be "
            "recomputed from comments.csv, and every lesson lists the ids of its comments in lessons.json.", ""]
    return "\n".join(out).rstrip() + "\n"


def _group_table(kind: str, table: list[dict[str, Any]]) -> list[str]:
    lines = [f"All grouped {kind}s (from {kind}s.csv), largest first:", "", f"| {kind} | comments |", "|---|---:|"]
    for g in table[:15]:
        lines.append(f"| {md_escape(g['phrase'])} | {g['count']:,} |")
    if len(table) > 15:
        lines.append(f"| … {len(table) - 15:,} more groups | |")
    return lines + [""]


def _data_section(facts: ReportFacts) -> list[str]:
    c = facts.counts
    out = ["## Data", "", f"- Rows read: {c.get('rows_read', 0):,}", f"- Analysed (kept): {c.get('kept', 0):,}",
           f"- Dropped: {c.get('dropped', 0):,}"]
    for reason, n in sorted((c.get("dropped_by_reason") or {}).items(), key=lambda x: (-x[1], x[0])):
        out.append(f"  - {reason.replace('_', ' ')}: {n:,}")
    if facts.languages:
        out.append("- Languages: " + ", ".join(f"{lang} {n:,}" for lang, n in facts.languages[:8]))
    dup = facts.duplicates
    if dup.get("top"):
        top = dup["top"][0]
        out.append(
            f"- Duplicates: {dup.get('dropped', 0):,} copies were set aside. The most repeated comment was "
            f"pasted {top['copies']:,} times (comment {md_escape(top['comment_id'])}): “{md_escape(top['text'] if len(top['text']) <= 160 else top['text'][:159] + '…')}”"
        )
    elif dup.get("dropped"):
        out.append(f"- Duplicates: {dup['dropped']:,} copies were set aside.")
    if facts.source:
        out.append(f"- Source: `{facts.source}`")
    if facts.columns:
        out.append("- Columns used: " + ", ".join(f"{md_escape(k)} ← `{v}`" for k, v in facts.columns.items()))
    for note in facts.notes:
        out.append(f"- Note from loading: {md_escape(note)}")
    if c.get("topics") is not None:
        out.append(f"- Topics found: {c.get('topics', 0):,}; lessons: {c.get('lessons', 0):,}")
    return out + [""]


def _llm_note(llm: dict[str, Any]) -> str:
    if llm.get("error") or llm.get("errors"):
        why = llm.get("error") or f"{llm['errors']} answer(s) were refused"
        return (f"*Titles: an LLM was asked to rephrase them, {llm.get('rephrased', 0)} were rephrased; "
                f"{md_escape(why)}. The other titles are the template titles.*")
    return f"*Titles of the top lessons were rephrased by an LLM ({llm.get('rephrased', 0)}); prompts and answers are in run.json.*"
