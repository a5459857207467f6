import pandas as pd
import pytest

from insights import schema as S
from insights.analysis import Analysis, neutralise_formulas
from insights.corpus import Corpus
from insights.errors import OutputError


def _analysis(texts):
    frame = pd.DataFrame({S.COMMENT_ID: [str(i) for i in range(len(texts))], S.TEXT: texts})
    return Analysis(Corpus(comments=frame))


def test_formula_cells_are_neutralised():
    frame = pd.DataFrame({"a": ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "fine", None], "n": [1, 2, 3, 4, 5, 6, 7]})
    out = neutralise_formulas(frame)
    assert out["a"].tolist()[:6] == ["'=1+1", "'+SUM(A1)", "'-2", "'@cmd", "'\tx", "fine"]
    assert out["n"].tolist() == frame["n"].tolist()


def test_save_guards_csv_but_parquet_keeps_raw(tmp_path):
    _analysis(["=HYPERLINK(\"x\")", "ok"]).save(tmp_path)
    csv = pd.read_csv(tmp_path / "comments.csv", dtype=str)
    assert csv[S.TEXT][0].startswith("'=")
    assert pd.read_parquet(tmp_path / "comments.parquet")[S.TEXT][0].startswith("=")


def test_raw_csv_option(tmp_path):
    _analysis(["=1+1"]).save(tmp_path, safe_csv=False)
    assert pd.read_csv(tmp_path / "comments.csv", dtype=str)[S.TEXT][0] == "=1+1"


def test_interrupted_save_leaves_previous_outputs(tmp_path, monkeypatch):
    _analysis(["first run"]).save(tmp_path)
    before = (tmp_path / "comments.csv").read_bytes()

    class Boom:
        def write(self, analysis, folder):
            raise KeyboardInterrupt

    broken = _analysis(["second run"])
    broken.report_writer = Boom()
    with pytest.raises(KeyboardInterrupt):
        broken.save(tmp_path)
    assert (tmp_path / "comments.csv").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".insights-")]


def test_unwritable_output_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="Cannot write to output directory"):
        _analysis(["x"]).save(blocker / "out")


def test_counts_add_up():
    frame = pd.DataFrame(
        {S.COMMENT_ID: ["1", "2", "3"], S.TEXT: ["a", "b", "c"], S.KEPT: [True, False, False],
         S.DROP_REASON: ["", "spam", "duplicate"]}
    )
    counts = Analysis(Corpus(comments=frame)).counts()
    assert counts["rows_read"] == 3 and counts["kept"] == 1
    assert counts["dropped_by_reason"] == {"duplicate": 1, "spam": 1}
