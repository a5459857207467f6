"""Comments are written by strangers: nothing lost, nothing executed, the same result twice."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import insights
from insights import schema as S
from insights.analysis import FORMULA_PREFIXES

PAYLOADS = [
    "<script>alert(1)</script> the app crashes on login",
    '<img src=x onerror="alert(2)"> please add dark mode',
    "=HYPERLINK(\"http://evil.example\",\"click\") great lamp",
    "+SUM(A1:A9) shipping was slow",
    "-2+3 the battery drains fast",
    "@everyone the app crashes on login",
    "</script><script>alert(3)</script> love the colours",
    "مرحبا، التطبيق رائع",  # right-to-left
    "the\u200b app\u200d crashes\ufeff on login",  # zero-width characters
    "nul\x00byte comment about shipping",
    "🔥🔥🔥",
    "12345",
    "A" * 20000 + " please add an export button",
]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    from conftest import HashingEmbedder

    from insights.embed_stage import EmbedStage

    frame = pd.DataFrame({"id": [f"h{i}" for i in range(len(PAYLOADS))], "text": PAYLOADS})
    path = tmp_path_factory.mktemp("in") / "hostile.csv"
    frame.to_csv(path, index=False)
    stages = {"embed": EmbedStage(embedder=HashingEmbedder(), cache=False)}
    out = tmp_path_factory.mktemp("out")
    analysis = insights.analyze(path, stages=stages)
    analysis.save(out)
    return analysis, out


def test_every_row_accounted_for(hostile_run):
    analysis, out = hostile_run
    comments = pd.read_csv(out / "comments.csv", dtype=str, keep_default_na=False)
    assert len(comments) == len(PAYLOADS)
    counts = analysis.counts()
    assert counts["rows_read"] == counts["kept"] + sum(counts["dropped_by_reason"].values())


def test_payloads_are_text_in_the_html(hostile_run):
    _, out = hostile_run
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "Content-Security-Policy" in html
    # nothing is loaded from the network
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)


def test_no_csv_cell_starts_with_a_formula_character(hostile_run):
    _, out = hostile_run
    for name in ("comments.csv", "topics.csv", "requests.csv", "complaints.csv"):
        path = out / name
        if path.stat().st_size == 0:
            continue
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        for col in table.columns:
            # Plain numbers (-1, -0.42) are values, not formulas; every other cell must be guarded.
            cells = table[col][pd.to_numeric(table[col], errors="coerce").isna()]
            assert not cells.str.startswith(FORMULA_PREFIXES).any(), (name, col, cells[cells.str.startswith(FORMULA_PREFIXES)].tolist())


def test_lessons_quote_only_real_comments(hostile_run):
    analysis, out = hostile_run
    lessons = json.loads((out / "lessons.json").read_text())["lessons"]
    display = set(analysis.comments.get(S.DISPLAY_TEXT, analysis.comments[S.TEXT]).astype(str))
    for lesson in lessons:
        for quote in lesson["quotes"]:
            assert quote in display


def test_identical_rows_collapse_to_one_voice(fast_stages):
    frame = pd.DataFrame({"text": ["the app crashes on login every time"] * 2000 + ["please add dark mode"]})
    analysis = insights.analyze(frame, stages=fast_stages)
    comments = analysis.comments
    assert int(comments[S.KEPT].sum()) == 2
    assert (comments.loc[1:1999, S.DROP_REASON] == S.DROP_DUPLICATE).all()
    assert int(comments.loc[0, S.DUPLICATE_COUNT]) == 2000


def test_header_only_file_gives_an_empty_valid_result(tmp_path, fast_stages):
    path = tmp_path / "header.csv"
    path.write_text("id,text\n")
    analysis = insights.analyze(path, stages=fast_stages)
    assert len(analysis.comments) == 0
    analysis.save(tmp_path / "out")
    assert pd.read_csv(tmp_path / "out" / "comments.csv").empty
    assert "Nothing to report" in (tmp_path / "out" / "report.md").read_text()


def test_deeply_nested_json_and_mixed_junk_rows(tmp_path, fast_stages):
    nested: dict = {"text": "the app crashes on login"}
    for _ in range(200):
        nested = {"wrapper": nested}
    rows = [
        {"id": "a", "text": "please add a dark mode"},
        {"id": "b", "text": 12345},
        {"id": "c", "text": None},
        {"id": "d", "text": nested},
        {"id": "e", "text": "\u202eright-to-left override and zero\u200bwidth text about shipping"},
    ]
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(rows))
    analysis = insights.analyze(path, stages=fast_stages)
    comments = analysis.comments
    assert comments[S.COMMENT_ID].tolist() == ["a", "b", "c", "d", "e"]
    assert comments.loc[comments[S.COMMENT_ID] == "c", S.DROP_REASON].item() == S.DROP_UNREADABLE
    analysis.save(tmp_path / "out")


def test_a_one_megabyte_comment_is_analysed(fast_stages):
    huge = "the lamp flickers " * 60_000 + "please add a dark mode"  # ~1 MB, far past spaCy's limit
    frame = pd.DataFrame({"text": [huge, "the app crashes on login", "love the new colours"]})
    analysis = insights.analyze(frame, stages=fast_stages)
    assert analysis.comments[S.TEXT][0] == huge  # the original stays untouched
    assert bool(analysis.comments[S.KEPT][0])
