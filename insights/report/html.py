"""The HTML report: one self-contained, offline, printable file.

Safety by construction:

* every piece of comment text goes through :func:`html.escape` (``esc`` below);
* the comment table's data sits in a ``<script type="application/json">`` block with
  ``<``, ``>``, ``&`` and line separators written as ``\\uXXXX`` escapes, so a comment
  containing ``</script>`` cannot close the block;
* a Content-Security-Policy meta tag allows no network load at all (``default-src 'none'``)
  and runs only the one inline script whose SHA-256 it names, so injected script never runs;
* charts are inline SVG drawn in Python; fonts are the reader's system fonts.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from importlib import resources
from typing import Any

from insights.report import charts
from insights.report.facts import (
    KIND_TITLES,
    RANKING_TEXT,
    ReportFacts,
    describe_sentiment,
    growth_note,
)


def esc(value: Any) -> str:
    """HTML-escape any value (quotes included, so it is safe in attributes too).

    Example:
        >>> esc("<img src=x onerror=alert(1)>")
        '&lt;img src=x onerror=alert(1)&gt;'
    """
    return escape("" if value is None else str(value), quote=True)


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    Example:
        >>> json_for_script({"t": "</script>"})
        '{"t": "\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def script_hash(script: str) -> str:
    """The CSP source for an inline script: ``'sha256-<base64 digest>'``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _asset(name: str) -> str:
    return resources.files("insights.report").joinpath(name).read_text(encoding="utf-8")


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _signed(x: float) -> str:
    return "0.00" if abs(x) < 0.005 else f"{x:+.2f}"


def _pct(x: float) -> str:
    if x == 0:
        return "0%"
    return f"{x:.1%}" if x < 0.1 else f"{x:.0%}"


def _sent_class(value: float) -> str:
    return "neg" if value <= -0.15 else "pos" if value >= 0.15 else ""


def _card(lesson: dict[str, Any]) -> str:
    kind = esc(lesson.get("kind", ""))
    meta = [f'<span class="pill">{lesson["count"]:,} comments · {_pct(lesson["share"])}</span>']
    if lesson.get("authors"):
        meta.append(f'<span class="pill">{lesson["authors"]:,} people</span>')
    if lesson.get("likes"):
        meta.append(f'<span class="pill">{lesson["likes"]:,} likes</span>')
    s = float(lesson.get("sentiment", 0.0))
    meta.append(f'<span class="pill {_sent_class(s)}">{esc(describe_sentiment(s))} ({s:+.2f})</span>')
    meta.append(f'<span title="reach {lesson.get("reach", 0)} × intensity {lesson.get("intensity", 0)} × change '
                f'{lesson.get("change", 0)}">score {lesson.get("score", 0):.1f}</span>')
    quotes = "".join(f"<blockquote>{esc(q)}</blockquote>" for q in lesson.get("quotes", []))
    ev = lesson.get("evidence", [])
    ids = ", ".join(esc(e) for e in ev[:200]) + (f" … and {len(ev) - 200:,} more in lessons.json" if len(ev) > 200 else "")
    topics = lesson.get("topic_ids") or []
    link = (f'<div class="meta"><a class="topiclink" href="#explorer" data-topic="{esc(topics[0])}">'
            "Read this topic's comments →</a></div>" if topics else "")
    source = f' · {esc(lesson["title_source"])} title' if lesson.get("title_source") == "llm" else ""
    return (
        f'<article class="card {kind}" id="lesson-{esc(lesson.get("rank", ""))}">'
        f'<h3><span class="badge {kind}">{kind}</span>{esc(lesson["title"])}</h3>'
        f'<div class="meta">{" ".join(meta)}</div>'
        f'<p>{esc(lesson.get("summary", ""))}</p>'
        f'<div class="action"><b>What to do:</b> {esc(lesson.get("action", ""))}</div>'
        f"{quotes}"
        f"<details><summary>Evidence: {len(ev):,} comment ids{source}</summary>"
        f'<div class="ids">{ids}</div></details>{link}'
        f"</article>"
    )


def _table(headers: list[tuple[str, bool]], rows: list[list[str]]) -> str:
    head = "".join(f'<th{" class=num" if num else ""}>{esc(h)}</th>' for h, num in headers)
    body = "".join(
        "<tr>" + "".join(f'<td{" class=num" if headers[i][1] else ""}>{cell}</td>' for i, cell in enumerate(r)) + "</tr>"
        for r in rows
    )
    return f'<div class="tablebox"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def render_html(facts: ReportFacts) -> str:
    """The whole report as one HTML document (a string)."""
    script = _asset("table.js")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src {script_hash(script)}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    c = facts.counts
    sections: list[tuple[str, str, str]] = []  # (id, heading, html)
    sections.append(("summary", "Executive summary", _summary(facts)))
    for kind in ("complaint", "request", "question", "praise", "trend"):
        lessons = facts.lessons_of(kind)
        if not lessons:
            continue
        inner = '<div class="cards">' + "".join(_card(lesson) for lesson in lessons) + "</div>"
        table = facts.complaints if kind == "complaint" else facts.requests if kind == "request" else []
        if table:
            rows = [[esc(g["phrase"]), f'{g["count"]:,}'] for g in table[:30]]
            inner += (f"<details><summary>All {len(table):,} grouped {kind}s from {kind}s.csv</summary>"
                      + _table([(kind, False), ("comments", True)], rows) + "</details>")
        sections.append((kind, KIND_TITLES[kind], inner))
    if facts.topics:
        sections.append(("topics", "Topics", _topics(facts)))
    if facts.comments:
        sections.append(("explorer-section", "Read the comments", _explorer(facts)))
    if facts.timeline:
        sections.append(("time", "Over time", _timeline(facts)))
    for g in facts.groups:
        sections.append((f"by-{g['column']}", f"By {g['noun']}", _group(g)))
    sections.append(("data", "Data", _data(facts)))
    sections.append(("ranking", "How lessons are ranked", f"<p>{esc(RANKING_TEXT)}</p><p>Every quote is a comment "
                     "exactly as written (personal data redacted); every count can be recomputed from "
                     "comments.csv, and every lesson lists the ids of its comments in lessons.json.</p>"))
    toc = "".join(f'<a href="#{sid}">{esc(h)}</a>' for sid, h, _ in sections)
    body = "".join(f'<section id="{sid}"><h2>{esc(h)}</h2>{inner}</section>' for sid, h, inner in sections)
    sub = [f"{c.get('rows_read', 0):,} comments read"]
    if facts.source:
        sub.insert(0, esc(facts.source))
    if facts.date_range:
        sub.append(f"{esc(facts.date_range[0])} to {esc(facts.date_range[1])}")
    kpis = [
        (f"{c.get('kept', 0):,}", "comments analysed"),
        (f"{c.get('dropped', 0):,}", "set aside (spam, duplicates, empty...)"),
        (f"{len([t for t in facts.topics if t['topic_id'] >= 0]):,}", "topics"),
        (f"{len(facts.lessons):,}", "lessons"),
    ]
    kpi_html = "".join(f'<div class="kpi"><b>{v}</b><span>{esc(label)}</span></div>' for v, label in kpis)
    data_block = ""
    if facts.comments:
        data_block = (f'<script type="application/json" id="comments-data">{json_for_script(_table_data(facts))}</script>'
                      f"<script>{script}</script>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp, quote=False)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{esc(facts.title)}</title><style>{_asset('style.css')}</style></head><body>"
        f'<header class="top"><div class="wrap"><h1>{esc(facts.title)}</h1><p>{" · ".join(sub)}</p>'
        f'<div class="kpis">{kpi_html}</div></div></header>'
        f'<main class="wrap"><nav class="toc">{toc}</nav>{body}'
        "<footer>Made with insights. This file works offline: it loads nothing from the network.</footer>"
        f"</main>{data_block}</body></html>\n"
    )


def _summary(facts: ReportFacts) -> str:
    c = facts.counts
    if facts.empty:
        return (f'<div class="empty"><b>Nothing to report.</b> No comment was left to analyse after cleaning '
                f"({c.get('rows_read', 0):,} rows read, {c.get('dropped', 0):,} set aside; see "
                '<a href="#data">Data</a> for why).</div>')
    out = ""
    if not facts.lessons:
        out = (f'<div class="empty">No lesson reached the evidence bar: no request, complaint, question or '
               f"praise was shared by enough of the {c.get('kept', 0):,} analysed comments. The sections below "
               "still describe what was said.</div>")
    else:
        items = "".join(
            f'<li><span class="badge {esc(x["kind"])}">{esc(x["kind"])}</span><b><a href="#lesson-{x["rank"]}" '
            f'style="color:inherit;text-decoration:none">{esc(x["title"])}</a></b>'
            f'<span class="sub">{esc(x.get("summary", ""))}</span></li>'
            for x in facts.lessons[:5]
        )
        out = f'<div class="summary"><ol>{items}</ol></div>'
    if facts.llm:
        out += f'<p class="note">{_llm_note(facts.llm)}</p>'
    return out


def _llm_note(llm: dict[str, Any]) -> str:
    if llm.get("error") or llm.get("errors"):
        why = llm.get("error") or f"{llm['errors']} answer(s) were refused"
        return (f"An LLM was asked to rephrase the titles; {int(llm.get('rephrased', 0))} were rephrased. "
                f"{esc(why)}. Other titles are the template titles.")
    return (f"The titles of the top {int(llm.get('rephrased', 0))} lessons were rephrased by an LLM from their "
            "evidence; numbers and quotes are unchanged. Prompts and answers are in run.json.")


def _topics(facts: ReportFacts) -> str:
    placed = [t for t in facts.topics if t["topic_id"] >= 0][:15]
    sizes = charts.bar_chart([(t["label"], t["size"], f'{t["size"]:,} · {_pct(t["share"])}') for t in placed],
                             title="Comments per topic")
    moods = charts.diverging_chart([(t["label"], t["sentiment"]) for t in placed], title="Mean sentiment per topic")
    out = ""
    if placed:
        out += (f'<div class="charts"><div class="panel"><h4>Comments per topic</h4>{sizes}</div>'
                f'<div class="panel"><h4>Mean sentiment per topic (−1 to +1)</h4>{moods}</div></div><p></p>')
    rows = [
        [f'<a class="topiclink" href="#explorer" data-topic="{t["topic_id"]}">{esc(t["label"])}</a>'
         + (f'<br><small style="color:#6b7785">{esc(t["keywords"])}</small>' if t["keywords"] else ""),
         f'{t["size"]:,}', _pct(t["share"]), f'{t["sentiment"]:+.2f}', _pct(t["complaint_share"]),
         _pct(t["request_share"]), _pct(t["question_share"]), _pct(t["praise_share"])]
        for t in facts.topics
    ]
    headers = [("topic", False), ("comments", True), ("share", True), ("sentiment", True), ("complaints", True),
               ("requests", True), ("questions", True), ("praise", True)]
    return out + _table(headers, rows)


def _explorer(facts: ReportFacts) -> str:
    note = ""
    if facts.comments_total > len(facts.comments):
        note = (f" The table holds the first {len(facts.comments):,} of {facts.comments_total:,} analysed comments; "
                "comments.csv has them all.")
    return (
        f'<p class="lead">Search and filter the analysed comments by topic and intent.{esc(note)}</p>'
        '<noscript><p class="note">The comment table needs JavaScript; comments.csv has every comment.</p></noscript>'
        '<div id="explorer" hidden><div class="controls">'
        '<input id="q" type="search" placeholder="Search comments…" aria-label="Search comments">'
        '<select id="topic" aria-label="Topic"><option value="">All topics</option></select>'
        '<select id="intent" aria-label="Intent"><option value="">All intents</option></select></div>'
        '<div id="comment-status"></div><div class="tablebox"><table><thead><tr><th>id</th><th>comment</th>'
        '<th>topic</th><th>intent</th><th class="num">sentiment</th></tr></thead><tbody id="comment-rows"></tbody>'
        '</table></div><button id="more" type="button" hidden>Show more</button></div>'
    )


def _table_data(facts: ReportFacts) -> dict[str, Any]:
    topics = [{"id": t["topic_id"], "label": t["label"], "size": t["size"]} for t in facts.topics]
    intents = sorted({r["intent"] for r in facts.comments if r["intent"]})
    return {"rows": facts.comments, "topics": topics, "intents": intents}


def _timeline(facts: ReportFacts) -> str:
    tl = facts.timeline or {}
    peak = max(tl["rows"], key=lambda r: r["total"])
    chart = charts.volume_chart(tl["rows"], title=f"Comments per {tl['unit']}", stacked=tl.get("has_sentiment", False))
    note = esc(growth_note(facts))
    return (
        f'<p class="lead">{tl["with_time"]:,} analysed comments have a time, from {esc(tl["start"])} to '
        f'{esc(tl["end"])}. The busiest {tl["unit"]} was {esc(peak["period"])} with {peak["total"]:,} comments. {note}</p>'
        f'<div class="panel"><h4>Comments per {esc(tl["unit"])}</h4>{chart}</div>'
    )


def _group(g: dict[str, Any]) -> str:
    rows = [
        [esc(r["value"]) + (f'<br><small style="color:#6b7785">{esc(_short(r["title"], 90))}</small>' if r.get("title") else ""),
         f'{r["count"]:,}', f'{_signed(r["sentiment"])}', _pct(r["complaint_share"]),
         _pct(r["request_share"]), esc(r["top_topic"])]
        for r in g["rows"]
    ]
    headers = [(g["noun"], False), ("comments", True), ("sentiment", True), ("complaints", True),
               ("requests", True), ("main topic", False)]
    chart = charts.diverging_chart([(r["value"], r["sentiment"]) for r in g["rows"]],
                                   title=f"Mean sentiment per {g['noun']}")
    shown = (f'all {g["values"]:,} are shown' if len(g["rows"]) == g["values"]
             else f'the largest {len(g["rows"])} are shown')
    return (f'<p class="lead">From the <code>{esc(g["column"])}</code> column: {g["values"]:,} different values; '
            f'{shown}.</p><div class="panel"><h4>Mean sentiment per {esc(g["noun"])}</h4>'
            f"{chart}</div><p></p>" + _table(headers, rows))


def _data(facts: ReportFacts) -> str:
    c = facts.counts
    items = [f"<li>Rows read: <b>{c.get('rows_read', 0):,}</b></li>",
             f"<li>Analysed (kept): <b>{c.get('kept', 0):,}</b></li>",
             f"<li>Set aside: <b>{c.get('dropped', 0):,}</b>"]
    reasons = sorted((c.get("dropped_by_reason") or {}).items(), key=lambda x: (-x[1], x[0]))
    if reasons:
        items[-1] += " (" + ", ".join(f"{esc(r.replace('_', ' '))} {n:,}" for r, n in reasons) + ")"
    items[-1] += "</li>"
    if facts.languages:
        items.append("<li>Languages: " + ", ".join(f"{esc(lang)} {n:,}" for lang, n in facts.languages[:8]) + "</li>")
    dup = facts.duplicates
    if dup.get("top"):
        top = dup["top"][0]
        times = "twice" if top["copies"] == 2 else f"{top['copies']:,} times"
        items.append(f"<li>Duplicates: {dup.get('dropped', 0):,} copies set aside. One comment was pasted {times} "
                     f"(comment {esc(top['comment_id'])}): <q>{esc(_short(top['text'], 200))}</q></li>")
    elif dup.get("dropped"):
        items.append(f"<li>Duplicates: {dup['dropped']:,} copies set aside.</li>")
    if facts.source:
        items.append(f"<li>Source: <code>{esc(facts.source)}</code></li>")
    if facts.columns:
        items.append("<li>Columns used: " + ", ".join(f"{esc(k)} ← <code>{esc(v)}</code>" for k, v in facts.columns.items()) + "</li>")
    for note in facts.notes:
        items.append(f"<li>Note from loading: {esc(note)}</li>")
    return f'<ul class="facts">{"".join(items)}</ul>'
