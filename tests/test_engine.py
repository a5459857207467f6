"""The engine: per-comment work in partitions, here or on Dask, with the same result."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import insights
from insights.engine import Engine
from insights.errors import ConfigError

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "comments.csv"


def _double(xs):
    return [x * 2 for x in xs]


def _pair(a, b):
    return np.asarray(a) + np.asarray(b), pd.DataFrame({"a": a})


def test_map_joins_partitions_in_row_order():
    assert Engine(partition_size=2).map(_double, [1, 2, 3, 4, 5]) == [2, 4, 6, 8, 10]
    total, frame = Engine(partition_size=2).map(_pair, [1, 2, 3], np.array([10, 20, 30]))
    assert total.tolist() == [11, 22, 33]
    assert frame["a"].tolist() == [1, 2, 3] and frame.index.tolist() == [0, 1, 2]


def test_map_of_no_rows_calls_once_with_empty_columns():
    assert Engine().map(_double, []) == []


def test_map_passes_shared_objects():
    def scale(xs, factor):
        return [x * factor for x in xs]

    assert Engine(partition_size=1).map(scale, [1, 2], factor=3) == [3, 6]


def test_a_none_column_reaches_every_partition_as_none():
    def fill(xs, maybe):
        return [x if maybe is None else maybe[i] for i, x in enumerate(xs)]

    assert Engine(partition_size=2).map(fill, [1, 2, 3], None) == [1, 2, 3]
    assert Engine(partition_size=2).map(fill, [1, 2, 3], [7, 8, 9]) == [7, 8, 9]


def test_misaligned_columns_are_refused():
    with pytest.raises(ValueError, match="aligned"):
        Engine().map(_pair, [1, 2], [1])


def test_bad_options_say_what_to_do():
    with pytest.raises(ConfigError, match="engine"):
        Engine(engine="spark").map(_double, [1])
    with pytest.raises(ConfigError, match="--engine dask"):
        Engine(scheduler="tcp://127.0.0.1:8786").map(_double, [1])
    with pytest.raises(ConfigError, match="partition_size"):
        Engine(partition_size=0).map(_double, [1])


def test_engine_options_are_checked_before_the_input_is_read(tmp_path):
    with pytest.raises(ConfigError, match="--engine dask"):
        insights.analyze(tmp_path / "missing.csv", scheduler="tcp://127.0.0.1:8786")


def test_engine_options_route_from_flat_options():
    config = insights.Config().update(engine="dask", workers=2, partition_size=100)
    assert config.sections["engine"] == {"engine": "dask", "workers": 2, "partition_size": 100}


def test_partition_size_does_not_change_the_result(fast_stages):
    frame = pd.read_csv(SAMPLE).head(150)
    whole = insights.analyze(frame, stages=fast_stages)
    parts = insights.analyze(frame, stages=fast_stages, partition_size=7)
    pd.testing.assert_frame_equal(whole.comments, parts.comments)
    assert np.array_equal(whole.corpus.embeddings, parts.corpus.embeddings)
    assert parts.corpus.info["engine"] == {"engine": "local", "partition_size": 7}


@pytest.mark.slow
def test_dask_local_cluster_gives_the_single_process_result(fast_stages):
    pytest.importorskip("distributed")
    frame = pd.read_csv(SAMPLE)
    # max_fit below the kept count: the topic model is fitted on a sample and the comments are
    # placed in topics on the workers too.
    local = insights.analyze(frame, stages=fast_stages, max_fit=200)
    dask = insights.analyze(frame, stages=fast_stages, max_fit=200, engine="dask", workers=2, partition_size=150)
    assert dask.corpus.info["topics"]["n_fit"] == 200
    info = dask.corpus.info["engine"]
    assert info["engine"] == "dask" and info["scheduler"] == "local cluster" and info["workers"] == 2
    pd.testing.assert_frame_equal(local.comments, dask.comments)
    assert np.array_equal(local.corpus.embeddings, dask.corpus.embeddings)
    pd.testing.assert_frame_equal(local.topics, dask.topics)
    pd.testing.assert_frame_equal(local.requests, dask.requests)
    assert local.lessons == dask.lessons


def test_local_worker_processes_give_the_single_process_result():
    one = Engine(partition_size=3).map(_pair, list(range(10)), np.arange(10))
    engine = Engine(workers=2, partition_size=3)
    two = engine.map(_pair, list(range(10)), np.arange(10))
    assert two[0].tolist() == one[0].tolist()
    pd.testing.assert_frame_equal(two[1], one[1])
    assert engine.describe() == {"engine": "local", "partition_size": 3, "workers": 2}


def test_workers_end_after_a_map_when_not_kept():
    engine = Engine(workers=2, partition_size=3)
    try:
        engine.keep_workers = False
        assert engine.map(_double, list(range(10))) == [2 * x for x in range(10)]
        assert engine._pool_ is None  # ended with the map
        # A later map starts them again, with the same result.
        assert engine.map(_double, list(range(7))) == [2 * x for x in range(7)]
        engine.keep_workers = True
        engine.map(_double, list(range(4)))
        assert engine._pool_ is not None
    finally:
        engine.close()
    assert engine._pool_ is None


def test_the_pipeline_keeps_workers_only_while_a_later_stage_maps(fast_stages):
    from insights.intents.stage import IntentStage
    from insights.sentiment.stage import SentimentStage
    from insights.topics.stage import TopicStage

    seen = {}

    def watched(base, **kwargs):
        class Watched(base):
            def run(self, corpus, **kw):
                seen[self.name] = corpus.engine.keep_workers
                return super().run(corpus, **kw)

        return Watched(**kwargs)

    frame = pd.DataFrame({"text": [f"please add dark mode {i}" for i in range(30)]})
    stages = {
        **fast_stages,
        "sentiment": watched(SentimentStage, model="lexicon"),
        "intents": watched(IntentStage),
        "topics": watched(TopicStage, n_topics=2),
    }
    insights.analyze(frame, stages=stages)
    # Sentiment: intents maps after it. Intents: topics and lessons never map (maps_rows = False).
    assert seen == {"sentiment": True, "intents": False, "topics": False}

    class Mapping:  # a stage that does not say whether it maps is taken to map
        name = "lessons"

        def run(self, corpus):
            seen["custom"] = corpus.engine.keep_workers
            return corpus

    insights.analyze(frame, stages={**stages, "lessons": Mapping()})
    assert seen["intents"] is True and seen["custom"] is False


def test_local_partitions_are_balanced_over_the_workers(monkeypatch):
    seen = []

    def record(self, fn, parts, shared, workers):
        seen.extend(len(p[0]) for p in parts)
        return [fn(*p, **shared) for p in parts]

    monkeypatch.setattr("insights.engine.Engine._process_map", record)
    assert Engine(workers=2, partition_size=4).map(_double, list(range(10))) == [2 * x for x in range(10)]
    # ceil(10 / 4) = 3 partitions, rounded up to a multiple of 2 workers: 4 of 2 or 3 rows
    assert seen == [2, 3, 2, 3]


def test_small_inputs_stay_in_this_process(monkeypatch):
    def refuse(*args):
        raise AssertionError("no worker processes for a small input")

    monkeypatch.setattr("insights.engine.Engine._process_map", refuse)
    assert Engine().map(_double, [1, 2]) == [2, 4]
    assert Engine(workers=1).map(_double, list(range(30_000)))[-1] == 59_998


def test_local_worker_processes_give_the_single_process_analysis(fast_stages):
    frame = pd.read_csv(SAMPLE).head(150)
    one = insights.analyze(frame, stages=fast_stages, workers=1)
    two = insights.analyze(frame, stages=fast_stages, workers=2, partition_size=40)
    assert two.corpus.info["engine"]["workers"] == 2
    pd.testing.assert_frame_equal(one.comments, two.comments)
    pd.testing.assert_frame_equal(one.requests, two.requests)
    assert one.lessons == two.lessons


def _leak_limit(xs):
    from joblib.externals.loky import process_executor

    return [process_executor._MAX_MEMORY_LEAK_SIZE for _ in xs]


def test_workers_are_not_restarted_for_the_memory_they_keep():
    # loky (with psutil) replaces a worker grown by 300 MB; a stage's worker keeps spaCy and
    # memos on purpose, and a replacement would load them again.
    assert min(Engine(workers=2, partition_size=2).map(_leak_limit, [1, 2, 3, 4])) >= 2**62


def _with_joblib(xs):
    return xs


def test_joblib_parallel_still_works_after_the_workers():
    # scikit-learn and hdbscan run joblib.Parallel in the same process; the engine's workers
    # must not take the executor joblib reuses (AttributeError: _temp_folder_manager).
    from joblib import Parallel, delayed

    engine = Engine(workers=2, partition_size=2)
    assert engine.map(_with_joblib, [1, 2, 3, 4]) == [1, 2, 3, 4]
    assert Parallel(n_jobs=2)(delayed(abs)(x) for x in (-1, -2)) == [1, 2]
    engine.close()


def _sum_rows(xs):
    return np.asarray(xs).sum(axis=1)


def test_rows_are_gathered_per_partition_with_the_same_result_everywhere():
    from insights.engine import Rows

    matrix = np.arange(30, dtype=float).reshape(10, 3)
    order = np.array([9, 0, 5, 1, 8, 2, 7, 3, 6, 4])
    expected = matrix[order].sum(axis=1)
    here = Engine(workers=1, partition_size=3).map(_sum_rows, Rows(matrix, order))
    engine = Engine(workers=2, partition_size=3)
    try:
        there = engine.map(_sum_rows, Rows(matrix, order))
    finally:
        engine.close()
    np.testing.assert_array_equal(here, expected)
    np.testing.assert_array_equal(there, expected)
