"""End to end: every stage real, except a model-free embedder (see conftest)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import REPO

import insights
from insights import schema as S
from insights.corpus import Corpus

SAMPLE = REPO / "data" / "sample" / "comments.csv"
OUTPUTS = ("comments.csv", "comments.parquet", "topics.csv", "lessons.json", "report.md", "report.html", "run.json")


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    from conftest import HashingEmbedder

    from insights.embed_stage import EmbedStage

    stages = {"embed": EmbedStage(embedder=HashingEmbedder(), cache=False)}
    analysis = insights.analyze(SAMPLE, stages=stages)
    out = tmp_path_factory.mktemp("sample")
    analysis.save(out)
    return analysis, out


def test_sample_writes_every_output_with_the_contract(sample_run):
    analysis, out = sample_run
    for name in OUTPUTS:
        assert (out / name).exists(), name
    comments = pd.read_csv(out / "comments.csv", keep_default_na=False, dtype=str)
    raw = pd.read_csv(SAMPLE, keep_default_na=False, dtype=str)
    assert list(comments.columns[: len(S.CONTRACT)]) == list(S.CONTRACT)
    assert len(comments) == len(raw)
    assert comments[S.COMMENT_ID].tolist() == raw["comment_id"].tolist()  # input order, ids from the input
    assert set(comments[S.INTENT]) <= set(S.INTENTS)
    sentiment = comments[S.SENTIMENT].astype(float)
    assert sentiment.between(-1, 1).all()
    dropped = comments[comments[S.KEPT] == "False"]
    assert (dropped[S.DROP_REASON] != "").all()
    assert (dropped[S.TOPIC_ID].astype(int) == -1).all()
    kept = comments[comments[S.KEPT] == "True"]
    assert (kept[S.DROP_REASON] == "").all()


def test_sample_lessons_have_evidence_that_exists(sample_run):
    analysis, out = sample_run
    lessons = json.loads((out / "lessons.json").read_text())["lessons"]
    assert lessons, "the sample has requests and complaints: lessons expected"
    ids = set(pd.read_csv(out / "comments.csv", dtype=str, keep_default_na=False)[S.COMMENT_ID])
    for lesson in lessons:
        assert {"title", "kind", "count", "evidence", "quotes"} <= set(lesson)
        assert lesson["evidence"] and set(map(str, lesson["evidence"])) <= ids


def test_run_json_accounts_for_every_row(sample_run):
    analysis, out = sample_run
    run = json.loads((out / "run.json").read_text())
    counts = run["counts"]
    assert counts["rows_read"] == counts["kept"] + sum(counts["dropped_by_reason"].values())
    assert set(run["seconds"]) >= {"load", "clean", "embed", "sentiment", "intents", "topics", "lessons", "total"}
    assert "pandas" in run["packages"]


def test_second_run_is_byte_identical(sample_run, tmp_path, fast_stages):
    _, first = sample_run
    insights.analyze(SAMPLE, stages=fast_stages).save(tmp_path)
    for name in ("comments.csv", "topics.csv", "lessons.json"):
        assert (tmp_path / name).read_bytes() == (first / name).read_bytes(), name


@pytest.mark.parametrize("n", [1, 3, 10])
def test_tiny_inputs_degrade_gracefully(n, fast_stages, tmp_path):
    texts = [
        "Please add a dark mode to the app",
        "The app crashes every time I open the camera",
        "Love the new colours, great job",
        "Does it ship to Canada?",
        "Battery drains way too fast since the update",
        "Would be great to export my data to CSV",
        "Customer support never answered my email",
        "Best lamp I have ever owned",
        "When will the blue one be back in stock?",
        "Pairing over bluetooth fails every single time",
    ][:n]
    frame = pd.DataFrame({"id": [f"c{i}" for i in range(n)], "body": texts})
    analysis = insights.analyze(frame, stages=fast_stages)
    assert len(analysis.comments) == n
    assert analysis.comments[S.COMMENT_ID].tolist() == frame["id"].tolist()
    analysis.save(tmp_path)
    assert (tmp_path / "report.html").exists()


def test_dataframe_source_and_text_column_override(fast_stages):
    frame = pd.DataFrame({"note": ["x1", "x2"], "words": ["the app keeps crashing on login", "please add dark mode"]})
    analysis = insights.analyze(frame, text_column="words", stages=fast_stages)
    assert analysis.comments[S.TEXT].tolist() == frame["words"].tolist()


def test_a_stage_can_be_swapped(fast_stages):
    class Grumpy:
        name = "sentiment"

        def run(self, corpus: Corpus) -> Corpus:
            corpus.comments[S.SENTIMENT] = -1.0
            corpus.comments[S.SENTIMENT_LABEL] = "negative"
            return corpus

    frame = pd.DataFrame({"text": ["what a lovely day", "fine"]})
    analysis = insights.analyze(frame, stages={**fast_stages, "sentiment": Grumpy()})
    assert (analysis.comments[S.SENTIMENT] == -1.0).all()


def test_a_stage_that_drops_rows_fails_loudly(fast_stages):
    class Lossy:
        name = "sentiment"

        def run(self, corpus: Corpus) -> Corpus:
            corpus.comments = corpus.comments.iloc[:1]
            return corpus

    frame = pd.DataFrame({"text": ["one comment here", "another comment here"]})
    with pytest.raises(RuntimeError, match="must never drop rows"):
        insights.analyze(frame, stages={**fast_stages, "sentiment": Lossy()})


def test_fast_preset_sets_static_embeddings_unless_told_otherwise(fast_stages):
    import pandas as pd

    frame = pd.DataFrame({"text": ["the app crashes on login", "please add dark mode", "love the new lamp"]})
    fast = insights.analyze(frame, stages=fast_stages, fast=True)
    assert fast.corpus.info["config"]["embed"]["model"] == "static"
    chosen = insights.analyze(frame, stages=fast_stages, fast=True, embed__model="minilm")
    assert chosen.corpus.info["config"]["embed"]["model"] == "minilm"
    assert "embed" not in insights.analyze(frame, stages=fast_stages).corpus.info["config"]


def test_stage_options_are_checked_before_the_input_is_read(tmp_path):
    import insights
    from insights.errors import ConfigError

    # The input does not exist either: the model directory is what is reported, so the check
    # ran before loading (not after cleaning the whole input).
    with pytest.raises(ConfigError, match="not a model directory"):
        insights.analyze(tmp_path / "missing.csv", embed__model=str(tmp_path / "no-such-model" / "x"))
    with pytest.raises(ConfigError, match="max_lessons"):
        insights.analyze(tmp_path / "missing.csv", max_lessons=0)


class _Offloading:
    """An engine that runs everything here but says its per-comment work goes to workers,
    so the pipeline prepares stages alongside the others."""

    name = "engine"

    def __init__(self) -> None:
        from insights.engine import Engine

        self.inner = Engine(workers=1)

    def offloads(self, rows: int) -> bool:
        return True

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_a_stage_is_prepared_alongside_when_the_work_is_offloaded(fast_stages):
    from insights.topics.stage import TopicStage

    seen = {}

    class Watched(TopicStage):
        def prepare(self, corpus):
            seen["columns"] = set(corpus.comments.columns)
            return super().prepare(corpus)

        def run(self, corpus, assign=None, prepared=None):
            seen["prepared"] = prepared is not None
            return super().run(corpus, assign=assign, prepared=prepared)

    frame = pd.read_csv(SAMPLE).head(120)
    plain = insights.analyze(frame, stages={**fast_stages, "topics": TopicStage(n_topics=4)})
    early = insights.analyze(frame, stages={**fast_stages, "topics": Watched(n_topics=4), "engine": _Offloading()})
    # Prepared from what clean and embed wrote, before sentiment and intents ran...
    assert S.CLEAN_TEXT in seen["columns"] and S.INTENT not in seen["columns"] and S.SENTIMENT not in seen["columns"]
    assert seen["prepared"] and "topics (prepared alongside)" in early.corpus.info["seconds"]
    # ...and the same result as the stage run in its turn (its table counts intents and sentiment).
    pd.testing.assert_frame_equal(plain.comments, early.comments)
    pd.testing.assert_frame_equal(plain.topics, early.topics)
    assert plain.lessons == early.lessons


def test_a_failing_prepare_fails_the_run_with_its_own_error(fast_stages):
    from insights.topics.stage import TopicStage

    class Broken(TopicStage):
        def prepare(self, corpus):
            raise ValueError("no topics today")

    frame = pd.DataFrame({"text": ["one comment here", "another comment here"] * 5})
    with pytest.raises(ValueError, match="no topics today"):
        insights.analyze(frame, stages={**fast_stages, "topics": Broken(), "engine": _Offloading()})
