"""The report: escaped comments, CSP, no network loads, honest output for tiny inputs."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insights import schema as S
from insights.analysis import Analysis
from insights.corpus import Corpus
from insights.lessons import LessonStage
from insights.report import ReportWriter
from insights.report.demo import demo_analysis
from insights.report.html import json_for_script


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    analysis = demo_analysis()
    paths = analysis.save(out)
    return analysis, paths["report.html"].read_text(encoding="utf-8"), paths["report.md"].read_text(encoding="utf-8"), out


def test_payloads_are_escaped(demo):
    _, html, md, _ = demo
    for text in (html, md):
        assert "<script>alert(1)" not in text
        assert "<img src=x" not in text
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
    # the JSON block cannot be closed by a comment containing </script>
    block = re.search(r'<script type="application/json" id="comments-data">(.*?)</script>', html, re.DOTALL).group(1)
    assert "<" not in block and "alert(2)" in block
    rows = json.loads(block)["rows"]
    assert any(r["text"] == "<img src=x onerror=alert(2)> the videos are great </script>" for r in rows)


def test_csp_allows_only_our_script(demo):
    _, html, _, _ = demo
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "unsafe-inline" not in script_src
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert script_src.strip() == f"'sha256-{digest}'"


def test_no_network_loads(demo):
    _, html, _, _ = demo
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert "@import" not in html and "url(" not in html


def test_report_sections_and_faithful_quotes(demo):
    analysis, html, md, out = demo
    for heading in ("Executive summary", "Complaints", "Requests", "Praise", "Questions", "Topics",
                    "Over time", "By post", "Data", "How lessons are ranked"):
        assert f"## {heading}" in md and f">{heading}</h2>" in html
    comments = pd.read_csv(out / "comments.csv", dtype=str, keep_default_na=False)
    ids = set(comments[S.COMMENT_ID])
    lessons = json.loads((out / "lessons.json").read_text())["lessons"]
    assert lessons
    for lesson in lessons:
        assert set(lesson["evidence"]) <= ids
        for quote in lesson["quotes"]:
            assert quote in set(comments[S.DISPLAY_TEXT])
            assert json.dumps(quote)  # quotes appear escaped in the HTML
        assert lesson["title"] in md.replace("&amp;", "&")
    assert "pasted 3 times" in html
    assert "<svg" in html and "@media print" in html


def _tiny(n_kept: int) -> Analysis:
    frame = pd.DataFrame({
        S.COMMENT_ID: ["1", "2", "3"],
        S.TEXT: ["<script>alert(1)</script>", "", "hi"],
        S.KEPT: [i < n_kept for i in range(3)],
        S.DROP_REASON: ["" if i < n_kept else S.DROP_EMPTY for i in range(3)],
    })
    corpus = LessonStage().run(Corpus(comments=frame))
    return Analysis(corpus, report_writer=ReportWriter())


def test_nothing_to_report(tmp_path):
    paths = _tiny(0).save(tmp_path)
    html = paths["report.html"].read_text()
    md = paths["report.md"].read_text()
    assert "Nothing to report" in html and "Nothing to report" in md
    assert "empty 3" in html  # the data section says why


@pytest.mark.parametrize("n_kept", [1, 3])
def test_tiny_inputs_without_optional_columns(tmp_path, n_kept):
    paths = _tiny(n_kept).save(tmp_path)
    html = paths["report.html"].read_text()
    assert "No lesson reached the evidence bar" in html
    assert "<script>alert(1)" not in html


def test_llm_failure_is_reported(tmp_path):
    analysis = demo_analysis(llm_url="http://127.0.0.1:9/v1/chat/completions", llm_timeout=2.0)
    paths = analysis.save(tmp_path)
    assert "template titles" in paths["report.html"].read_text()
    run = json.loads(paths["run.json"].read_text())
    assert run["llm"]["error"]


def test_markdown_escapes_html():
    from insights.report.markdown import md_escape

    assert md_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_json_for_script_escapes_breakouts():
    text = json_for_script({"a": "</script><!--", "b": "\u2028"})
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!--", "b": "\u2028"}


def test_formats_option(tmp_path):
    written = ReportWriter(formats=["md"]).write(demo_analysis(), tmp_path)
    assert [p.name for p in written] == ["report.md"]


_PAYLOAD = st.text(alphabet=st.sampled_from(list("<>&\"'/=! scriptimgonerror()\u2028")), min_size=1, max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=_PAYLOAD)
def test_any_comment_text_stays_text(tmp_path, payload):
    texts = [f"{payload} the wifi keeps dropping", f"wifi keeps dropping {payload}", "wifi drops again"]
    frame = pd.DataFrame({
        S.COMMENT_ID: ["1", "2", "3"], S.TEXT: texts, S.DISPLAY_TEXT: texts, S.KEPT: True, S.DROP_REASON: "",
        S.TOPIC_ID: 0, S.INTENT: "complaint", S.SENTIMENT: -0.5,
    })
    corpus = LessonStage().run(Corpus(comments=frame, topics=pd.DataFrame({"topic_id": [0], "label": [payload]})))
    html = ReportWriter().write(Analysis(corpus), tmp_path)[1].read_text()
    body = html.split("<body>", 1)[1]
    if "<" in payload:
        for text in texts[:2]:
            assert text not in body  # never raw: escaped in markup, \u003c in the JSON block
    assert body.count("<script") == 2  # our JSON block and our script, nothing injected
