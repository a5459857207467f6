"""compare.md and compare.html: the verdicts first, then the tables behind them.

compare.html is one self-contained file: inline CSS, no script, no external load
(a Content-Security-Policy meta tag forbids any), every value HTML-escaped, and
printable (bars are plain inline boxes that survive printing).
"""

from __future__ import annotations

import math
import re
from html import escape
from typing import TYPE_CHECKING, Any

import pandas as pd

from insights.compare import verdicts as V
from insights.compare.groups import SHARES
from insights.compare.specifics import describe
from insights.compare.stats import format_p
from insights.topics.labels import is_catch_all

if TYPE_CHECKING:
    from insights.compare.comparison import Comparison

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
SHORT = {"negative": "negative", "complaint": "complaints", "request": "requests", "question": "questions",
         "praise": "praise", "substantive": "substantive"}
TOPICS_PER_GROUP = 5


def _isnan(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _pct(x: Any) -> str:
    # "0.2%", not "0%", for a small but present share.
    return "n/a" if _isnan(x) else (f"{x:.1%}" if 0 < x < 0.01 else f"{x:.0%}")


def _interval(row: Any, key: str, signed: bool = False) -> str:
    low, high = getattr(row, f"{key}_low"), getattr(row, f"{key}_high")
    if _isnan(low):
        return ""
    if signed:
        return f"{low:+.2f} to {high:+.2f}"
    return f"{low:.0%}\u2013{high:.0%}"


def _cell(row: Any, key: str, alpha: float, signed: bool = False) -> tuple[str, str, bool]:
    value = getattr(row, key)
    main = "n/a" if _isnan(value) else (f"{value:+.2f}" if signed else _pct(value))
    p = getattr(row, f"{key}_p")
    return main, _interval(row, key, signed), (not _isnan(p) and p < alpha)


def _measure_keys() -> list[tuple[str, str]]:
    return [("sentiment", "sentiment")] + [(f"{m}_share", SHORT[m]) for m, _ in SHARES]


def _methods(cmp: Comparison) -> list[str]:
    info = cmp.info
    lines = [
        (f"Only kept comments count (spam, duplicates and unreadable rows are left out); {info['comments']} "
        f"comments in {info['n_groups']} {info['plural']}."),
        ("A comment counts as a complaint (request, question, praise) when that is its main intent or one of "
        "its intents. Substantive share: comments carrying feedback (requests, complaints, questions, praise "
        "that names something) over every comment a person wrote, reactions dropped as emoji-only or "
        "too short included."),
        ("Each group is tested against the other groups pooled: chi-square on the 2x2 table (Fisher's exact "
        "test when a cell expects fewer than 5), Mann-Whitney U for mean sentiment; the p-values of the "
        "whole group table are corrected with Holm's method. Topic lift p-values are corrected with "
        "Benjamini-Hochberg. Pairwise verdicts (up to four groups) are Holm-corrected over every pair and "
        "measure, and only reported when the test across all groups (chi-square on the groups x 2 table, "
        "its p from 20,000 simulated tables when a cell expects fewer than 5; Kruskal-Wallis for "
        "sentiment) agrees. A pairwise gap carries Newcombe's 95% interval; a ratio (\"2.1x\") is only "
        "given when the smaller group has at least 5 such comments."),
        (f"Intervals are 95% percentile bootstrap intervals ({info['n_boot']} resamples, seed {info['seed']}); "
        "for a share with fewer than 5 comments on one side, where resampling cannot show the spread "
        "(0 of 60 resamples to 0 every time), the Wilson score interval. "
        f"Groups under {info['min_group_size']} comments get no verdict. Significance level {info['alpha']}."),
    ]
    if info["by"] not in (None, "input") and info["missing"] == "drop":
        lines.append(f"Rows with no {info['noun']} are left out ({info['rows'] - info['rows_in_groups']} rows).")
    if not info["has_topics"]:
        lines.append("The comments have no topics, so no topic lift was computed.")
    else:
        lines.append("Topics are also compared among complaints only: what people complain about more in one "
                     "group than in the others. Topics are ranked by the extra comments the difference "
                     "accounts for at the low end of its 95% interval, not by lift alone (a small "
                     "topic's lift is mostly noise).")
    if info["period"]:
        lines.append(f"Emerging / fading: a topic's share in the latest {info['period']} against all earlier "
                     f"ones (chi-square or Fisher, Benjamini-Hochberg); shares, not counts, so a partial "
                     f"last {info['period']} is still comparable.")
    return lines


def _title(cmp: Comparison) -> str:
    info = cmp.info
    if info["by"] is None:
        return f"Comparison by {info['period']}"
    if info["by"] == "input":
        return "Comparison: before vs after"
    return f"Comparison by {info['noun']}"


TOP_VERDICTS = 8


def _verdict_texts(cmp: Comparison) -> list[str]:
    return cmp.top_verdicts(TOP_VERDICTS)


def _findings_by_group(cmp: Comparison) -> list[tuple[str, list[str]]]:
    """Every verdict, grouped under its group, when there are more than the top list shows."""
    if len(cmp.verdicts) <= TOP_VERDICTS:
        return []
    names = cmp.info["names"]
    out = []
    for group in cmp.groups["group"].tolist():
        mine = [v for v in cmp.verdicts if v.group == str(group)]
        texts = [v.text for v in mine if v.kind == "measure"] + [v.text for v in mine if v.kind == "topic"]
        if texts:
            out.append((names.get(group, str(group)), texts))
    return out


# Complaints first: what people complain about more in a group is what a team can act on; then
# everything the group talks about more (campaigns, praise, memes).
SCOPES = (("complaints", "Among complaints (what people complain about more here)"), ("all", "In all comments"))


def _unit(scope: str) -> str:
    return "complaints" if scope == "complaints" else "comments"


def _topic_rows(cmp: Comparison, group: str, scope: str = "all") -> pd.DataFrame:
    """The group's over-represented topics worth listing: significant ones first, then by
    ``excess_low`` (extra comments at the low end of the interval); topics under ``min_topic_count`` comments and scopes whose base is
    under ``min_group_size`` are left out (a 1-comment topic always has a large lift), and so are
    catch-all topics ("Other chatter"), which name nothing to act on."""
    t = cmp.topics
    info = cmp.info
    part = t[(t["group"] == group) & (t["scope"] == scope) & (t["lift"] > 1)
             & (t["count"] >= info["min_topic_count"]) & (t["base"] >= info["min_group_size"])
             & ~t["topic_label"].astype(str).map(is_catch_all).astype(bool)]
    part = part.assign(_sig=~(part["p_value"] < info["alpha"]))
    part = part.sort_values(["_sig", "excess_low", "topic_id"], ascending=[True, False, True], kind="stable")
    return part.drop(columns="_sig").head(TOPICS_PER_GROUP)


_TOPICS_NOTE = ("How many times as often {a} {noun}'s comments are about a topic as all comments are "
                "(1.0x = as often); significant ones first, each with a comment of that {noun} that uses the "
                "topic's words.")
_REFIT_NOTE = (" Among complaints, the topics are found among the {rows:,} complaints alone ({topics} topics, "
               "compare_complaint_topics.csv), so a complaint subject is told apart from what else people say.")


def _topics_note(cmp: Comparison) -> str:
    refit = cmp.info.get("complaint_topics")
    noun = str(cmp.info["noun"])
    note = _TOPICS_NOTE.format(noun=noun, a="an" if noun[:1].lower() in "aeiou" else "a")
    return note + (_REFIT_NOTE.format(**refit) if refit else "")


TERMS_PER_GROUP = 6
_TERMS_NOTE = ("Words (and two-word phrases) a group uses more than the others, whatever topic they fell in: "
               "content words as dictionary forms (\"cancel\" for cancelled; names of places and brands left "
               "out), used by N of the group's comments; lift over all groups; weighted log-odds with an "
               "informative prior, Benjamini-Hochberg corrected.")


def _term_lines(cmp: Comparison) -> list[tuple[str, str]]:
    """(group name, "site (6 of 150, 23.3x, p < 0.01); ...") for groups with significant words."""
    t = cmp.terms
    if t is None or t.empty:
        return []
    info = cmp.info
    out = []
    for group in cmp.groups["group"].tolist():
        part = t[(t["group"] == group) & (t["p_value"] < info["alpha"])].head(TERMS_PER_GROUP)
        if part.empty:
            continue
        words = [f"“{r.term}” ({r.count} of {r.base}, {r.lift:.1f}x, {format_p(r.p_value)})"
                 for r in part.itertuples(index=False)]
        out.append((info["names"].get(group, str(group)), "; ".join(words)))
    return out


def _terms_heading(cmp: Comparison) -> str:
    scope = cmp.terms["scope"].iloc[0] if cmp.terms is not None and len(cmp.terms) else "complaints"
    return f"Words that set each {cmp.info['noun']}'s {_unit(str(scope))} apart"


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def _md_cell(text: str) -> str:
    # Markdown viewers render raw HTML, so a quoted comment must not open a live tag;
    # "p < 0.01" stays readable because only a "<" that could start a tag is escaped.
    text = _TAG_START.sub("&lt;", str(text))
    return text.replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def render_markdown(cmp: Comparison) -> str:
    """compare.md for a :class:`Comparison`."""
    info, alpha = cmp.info, cmp.info["alpha"]
    names = info["names"]
    out = [f"# {_title(cmp)}", "", "## Verdicts", ""]
    out += [f"- {_md_cell(t)}" for t in _verdict_texts(cmp)]
    findings = _findings_by_group(cmp)
    if findings:
        out += ["", f"## All findings per {info['noun']}"]
        for name, texts in findings:
            out += ["", f"### {_md_cell(name)}", ""] + [f"- {_md_cell(t)}" for t in texts]
    if cmp.emerging is not None:
        lines = V.emerging_lines(cmp.emerging, info["period"])
        out += ["", "## Emerging and fading topics", ""]
        out += [f"- {_md_cell(t)}" for t in lines] or ["- No topic grew or shrank more than chance explains."]
    keys = _measure_keys()
    out += ["", f"## {info['plural'].capitalize()}", "",
            ("Each cell: value (95% interval); **bold** = differs from the other groups (corrected "
            f"p < {alpha})."), ""]
    out.append("| " + " | ".join([info["noun"], "comments", "authors", *[k for _, k in keys]]) + " |")
    out.append("|" + "---|" * (3 + len(keys)))
    for row in cmp.groups.itertuples(index=False):
        cells = [_md_cell(str(row.group)), str(row.comments), "" if _isnan(row.authors) else str(int(row.authors))]
        for key, _ in keys:
            main, ci, sig = _cell(row, key, alpha, signed=key == "sentiment")
            text = f"**{main}**" if sig else main
            cells.append(f"{text} ({ci})" if ci else text)
        out.append("| " + " | ".join(cells) + " |")
    if info["n_groups"] > 2:
        out += ["", f"## Across all {info['plural']}", "", "| measure | test | statistic | df | p (Holm) |",
                "|---|---|---|---|---|"]
        for row in cmp.omnibus.itertuples(index=False):
            stat = "" if _isnan(row.statistic) else f"{row.statistic:.2f}"
            out.append(f"| {row.measure} | {row.test} | {stat} | {row.df} | {format_p(row.p_value)} |")
    if info["has_topics"] and info["n_groups"] > 1:
        out += ["", f"## Topics each {info['noun']} raises more often", "", _topics_note(cmp), ""]
        for group in cmp.groups["group"].tolist():
            out += [f"### {_md_cell(names.get(group, group))}", ""]
            for scope, heading in SCOPES:
                rows = _topic_rows(cmp, group, scope)
                if scope != "all" and rows.empty:
                    continue
                out.append(f"{heading}:")
                out.append("")
                if rows.empty:
                    out += ["- No topic comes up more often here than overall.", ""]
                    continue
                for r in rows.itertuples(index=False):
                    mark = "" if r.p_value < alpha else " (not significant)"
                    out.append(f"- **{_md_cell(r.topic_label)}**: {r.lift:.1f}x as often, {r.count} {_unit(scope)} "
                               f"({_pct(r.share)} vs {_pct(r.overall_share)} overall), {format_p(r.p_value)}{mark}")
                    said = cmp.specifics.get((scope, str(group), int(r.topic_id)))
                    if said:
                        out.append(f"  Said most: {_md_cell(describe(said))}")
                    quote = cmp.quotes.get((scope, str(group), int(r.topic_id)))
                    if quote:
                        out.append(f"  > {_md_cell(quote)}")
                out.append("")
    terms = _term_lines(cmp)
    if terms:
        out += ["", f"## {_terms_heading(cmp)}", "",
                _TERMS_NOTE, ""]
        out += [f"- **{_md_cell(name)}**: {_md_cell(line)}" for name, line in terms]
    if cmp.trends is not None and not cmp.trends.empty:
        out += ["", f"## Topics per {info['period']}", "", "| period | top topics |", "|---|---|"]
        for period, part in cmp.trends.groupby("period", sort=True):
            top = ", ".join(f"{_md_cell(r.topic_label)} {r.count} ({_pct(r.share)})"
                            for r in part.head(3).itertuples(index=False))
            out.append(f"| {period} | {top} |")
    out += ["", "## How to read this", ""] + [f"- {line}" for line in _methods(cmp)]
    return "\n".join(out).rstrip() + "\n"


CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;max-width:1100px;
margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
h3{font-size:1rem;margin:1.2rem 0 .3rem}
ul.verdicts li{margin:.3rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{padding:.35rem .5rem;
border-bottom:1px solid #e6e6e6;text-align:left;vertical-align:top}th{background:#f6f7f9}
td.num{text-align:right;white-space:nowrap}.ci{color:#6b7280;font-size:.8rem;display:block}
.sig{font-weight:700}.bar{display:inline-block;height:.55rem;background:#4f7cac;border-radius:2px;
vertical-align:middle;margin-right:.3rem}.sig .bar{background:#c2410c}
blockquote{margin:.2rem 0 .6rem 1rem;padding-left:.6rem;border-left:3px solid #ddd;color:#374151}
.muted{color:#6b7280}.note{font-size:.85rem;color:#4b5563}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}
"""


def _h(x: Any) -> str:
    return escape(str(x), quote=True)


def render_html(cmp: Comparison) -> str:
    """compare.html for a :class:`Comparison` (self-contained, escaped, no script)."""
    info, alpha = cmp.info, cmp.info["alpha"]
    names = info["names"]
    parts = [f"<h1>{_h(_title(cmp))}</h1>",
             (f"<p class=\"muted\">{_h(info['comments'])} comments in {_h(info['n_groups'])} "
             f"{_h(info['plural'])}</p>"), "<h2>Verdicts</h2>", '<ul class="verdicts">']
    parts += [f"<li>{_h(t)}</li>" for t in _verdict_texts(cmp)]
    parts.append("</ul>")
    findings = _findings_by_group(cmp)
    if findings:
        parts.append(f"<h2>All findings per {_h(info['noun'])}</h2>")
        for name, texts in findings:
            parts.append(f"<h3>{_h(name)}</h3><ul>" + "".join(f"<li>{_h(t)}</li>" for t in texts) + "</ul>")
    if cmp.emerging is not None:
        lines = V.emerging_lines(cmp.emerging, info["period"])
        parts.append("<h2>Emerging and fading topics</h2><ul>")
        parts += [f"<li>{_h(t)}</li>" for t in lines] or ["<li>No topic grew or shrank more than chance explains.</li>"]
        parts.append("</ul>")
    keys = _measure_keys()
    parts.append(f"<h2>{_h(info['plural'].capitalize())}</h2>")
    parts.append(f'<p class="note">Value with its 95% interval; <b>bold orange</b> = differs from the other '
                 f"groups (corrected p &lt; {_h(alpha)}).</p>")
    head = "".join(f"<th>{_h(k)}</th>" for k in [info["noun"], "comments", "authors", *[k for _, k in keys]])
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
    for row in cmp.groups.itertuples(index=False):
        cells = [f"<td>{_h(row.group)}</td>", f'<td class="num">{_h(row.comments)}</td>',
                 f'<td class="num">{"" if _isnan(row.authors) else _h(int(row.authors))}</td>']
        for key, _ in keys:
            main, ci, sig = _cell(row, key, alpha, signed=key == "sentiment")
            value = getattr(row, key)
            bar = ("" if key == "sentiment" or _isnan(value)
                   else f'<span class="bar" style="width:{max(1, round(value * 60))}px"></span>')
            cls = "num sig" if sig else "num"
            ci_html = f'<span class="ci">{_h(ci)}</span>' if ci else ""
            cells.append(f'<td class="{cls}">{bar}{_h(main)}{ci_html}</td>')
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    if info["n_groups"] > 2:
        parts.append(f"<h2>Across all {_h(info['plural'])}</h2><table><thead><tr><th>measure</th><th>test</th>"
                     "<th>statistic</th><th>df</th><th>p (Holm)</th></tr></thead><tbody>")
        for row in cmp.omnibus.itertuples(index=False):
            stat = "" if _isnan(row.statistic) else f"{row.statistic:.2f}"
            parts.append(f"<tr><td>{_h(row.measure)}</td><td>{_h(row.test)}</td><td class=\"num\">{stat}</td>"
                         f"<td class=\"num\">{_h(row.df)}</td><td>{_h(format_p(row.p_value))}</td></tr>")
        parts.append("</tbody></table>")
    if info["has_topics"] and info["n_groups"] > 1:
        parts.append(f"<h2>Topics each {_h(info['noun'])} raises more often</h2>")
        parts.append(f'<p class="note">{_h(_topics_note(cmp))}</p>')
        for group in cmp.groups["group"].tolist():
            parts.append(f"<h3>{_h(names.get(group, group))}</h3>")
            for scope, heading in SCOPES:
                rows = _topic_rows(cmp, group, scope)
                if scope != "all" and rows.empty:
                    continue
                parts.append(f'<p class="muted">{_h(heading)}</p>')
                if rows.empty:
                    parts.append('<p class="muted">No topic comes up more often here than overall.</p>')
                    continue
                parts.append("<ul>")
                for r in rows.itertuples(index=False):
                    mark = "" if r.p_value < alpha else ' <span class="muted">(not significant)</span>'
                    quote = cmp.quotes.get((scope, str(group), int(r.topic_id)))
                    q = f"<blockquote>{_h(quote)}</blockquote>" if quote else ""
                    said = cmp.specifics.get((scope, str(group), int(r.topic_id)))
                    q = (f'<div class="muted">Said most: {_h(describe(said))}</div>' if said else "") + q
                    parts.append(f"<li><b>{_h(r.topic_label)}</b>: {r.lift:.1f}x as often, {_h(r.count)} {_unit(scope)} "
                                 f"({_pct(r.share)} vs {_pct(r.overall_share)} overall), "
                                 f"{_h(format_p(r.p_value))}{mark}{q}</li>")
                parts.append("</ul>")
    terms = _term_lines(cmp)
    if terms:
        parts.append(f"<h2>{_h(_terms_heading(cmp))}</h2>")
        parts.append(f'<p class="note">{_h(_TERMS_NOTE)}</p><ul>')
        parts += [f"<li><b>{_h(name)}</b>: {_h(line)}</li>" for name, line in terms]
        parts.append("</ul>")
    if cmp.trends is not None and not cmp.trends.empty:
        parts.append(f"<h2>Topics per {_h(info['period'])}</h2><table><thead><tr><th>period</th>"
                     "<th>top topics</th></tr></thead><tbody>")
        for period, part in cmp.trends.groupby("period", sort=True):
            top = ", ".join(f"{_h(r.topic_label)} {r.count} ({_pct(r.share)})"
                            for r in part.head(3).itertuples(index=False))
            parts.append(f"<tr><td>{_h(period)}</td><td>{top}</td></tr>")
        parts.append("</tbody></table>")
    parts.append("<h2>How to read this</h2><ul class=\"note\">")
    parts += [f"<li>{_h(line)}</li>" for line in _methods(cmp)]
    parts.append("</ul>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP, quote=False)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_h(_title(cmp))}</title><style>{CSS}</style></head><body>\n"
        + "\n".join(parts)
        + "\n</body></html>\n"
    )
