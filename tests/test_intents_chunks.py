"""Per-row scoring in chunks (what a Dask engine maps over partitions) equals the whole run.

Hand-written comments: one- and multi-sentence, a support reply, a solved problem, empty
text, a dropped row, star ratings and a sentiment column with gaps; fixed keyword vectors.
"""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from insights import schema as S
from insights.intents import IntentStage
from insights.intents.group import cluster_phrases, group_table
from insights.intents.score import ROW_COLUMNS, Scorer, primary_intents, score_chunk
from tests.test_intents import KeywordEmbedder, make_corpus

TEXTS = [
    "Love it, but please add dark mode.",
    "The app crashes every time I open the camera. Please fix it!",
    "How do I export my notes?",
    "Great app, works perfectly!",
    "spam spam spam",
    "",
    "Sorry to hear that! DM us your order number and we'll look into it.",
    "The update fixed the sync for me. Thanks!",
    "Would love offline maps. Also a night theme. The map freezes sometimes.",
    "I downloaded it yesterday.",
    "Still waiting for my refund after three weeks",
    "Please add a black background option",
]
KEPT = [True, True, True, True, False, True, True, True, True, True, True, True]


def corpus_for(embedder):
    return make_corpus(
        TEXTS,
        kept=KEPT,
        embedder=embedder,
        rating=[5, 1, np.nan, 5, np.nan, np.nan, np.nan, 4, 3, np.nan, 1, 4],
        sentiment=[0.5, -0.6, 0.0, 0.9, np.nan, np.nan, 0.1, np.nan, 0.0, 0.0, -0.5, 0.2],
    )


def chunked(stage: IntentStage, corpus, n_chunks: int, scorer) -> pd.DataFrame:
    scorer = pickle.loads(pickle.dumps(scorer))  # as it travels to a worker
    inputs = stage.chunk_inputs(corpus)
    inputs.pop("rows")
    bounds = np.linspace(0, len(inputs["texts"]), n_chunks + 1).round().astype(int)
    parts = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        part = {k: (v[a:b] if v is not None else None) for k, v in inputs.items() if k != "texts"}
        parts.append(score_chunk(inputs["texts"][a:b], scorer=scorer, **part))
    return pd.concat(parts, ignore_index=True)


@pytest.mark.parametrize("with_embedder", [False, True])
@pytest.mark.parametrize("sentences", ["off", "run"])
def test_three_chunks_give_byte_identical_columns(with_embedder, sentences):
    embedder = KeywordEmbedder() if with_embedder else None
    stage = IntentStage(embedder=embedder, sentence_embeddings=sentences)
    corpus = corpus_for(embedder)
    inputs = stage.chunk_inputs(corpus)
    inputs.pop("rows")
    scorer = stage.prepare(corpus)
    whole = score_chunk(**inputs, scorer=scorer)
    parts = chunked(stage, corpus_for(embedder), 3, scorer)
    assert list(whole.columns) == list(ROW_COLUMNS)
    pd.testing.assert_frame_equal(whole, parts, check_exact=True)
    assert whole.to_csv().encode() == parts.to_csv().encode()


def test_finish_from_chunks_equals_run():
    embedder = KeywordEmbedder()
    stage = IntentStage(embedder=embedder)
    ran = stage.run(corpus_for(embedder))
    corpus = corpus_for(embedder)
    scorer = stage.prepare(corpus)
    rows = stage.chunk_inputs(corpus)["rows"]
    done = stage.finish(corpus, chunked(stage, corpus, 3, scorer), rows, scorer)
    pd.testing.assert_frame_equal(ran.comments, done.comments, check_exact=True)
    pd.testing.assert_frame_equal(ran.requests, done.requests)
    pd.testing.assert_frame_equal(ran.complaints, done.complaints)


def test_rows_in_a_chunk_do_not_depend_on_each_other():
    # The star scale (1-5 or 1-10) is read from the whole input before chunking, so a chunk
    # holding only 4-star rows scores them exactly as the whole run does.
    stage = IntentStage()
    corpus = corpus_for(None)
    inputs = stage.chunk_inputs(corpus)
    alone = score_chunk(
        inputs["texts"][-1:], sentiment=inputs["sentiment"][-1:], rating=inputs["rating"][-1:]
    )
    whole = score_chunk(inputs["texts"], sentiment=inputs["sentiment"], rating=inputs["rating"])
    pd.testing.assert_frame_equal(alone, whole.iloc[-1:].reset_index(drop=True))


def test_score_chunk_by_hand():
    out = score_chunk(
        [
            "Love it, but please add dark mode.",
            "Sorry to hear that! DM us and we'll look into it.",
            "",
            "The update fixed the crash for me.",
        ],
        scorer=Scorer(use_sentiment=False),
    )
    assert out[S.INTENT].tolist() == ["request", "other", "other", "other"]
    assert out[S.INTENTS_ALL].tolist()[0] == "request;praise"
    assert out[S.INTENT_TEXT].tolist()[0] == "add dark mode"
    assert out[S.INTENT_SCORE_OTHER].tolist()[2] == 1.0


def test_primary_intents_ties_and_clear_requests():
    # Unit 0 has a clear complaint cue, unit 1 a clear request cue.
    rules = np.array([[0, 1.0, 0, 0], [1.0, 0, 0, 0]])
    scores = np.array(
        [
            [0.6, 0.6, 0.0, 0.0],  # a tie, no clear request: complaint is more actionable
            [0.6, 0.0, 0.0, 0.9],  # praise scores higher, but the request is clearly phrased
            [0.6, 0.8, 0.0, 0.0],  # a clear complaint in an earlier sentence stays primary
            [0.6, 0.8, 0.0, 0.0],  # ...a complaint without its own cue yields to the request
            [0.0, 0.0, 0.0, 0.0],
        ]
    )
    carriers = np.array(
        [[0, 0, -1, -1], [1, -1, -1, 1], [1, 0, -1, -1], [1, 1, -1, -1], [-1, -1, -1, -1]]
    )
    intent, every = primary_intents(scores, rules, carriers, 0.5)
    assert intent.tolist() == ["complaint", "request", "complaint", "request", "other"]
    assert every.tolist() == [
        "request;complaint",
        "request;praise",
        "request;complaint",
        "request;complaint",
        "other",
    ]


def test_large_groups_are_clustered_in_rounds_deterministically():
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((5, 16))
    vectors = centres[np.arange(60) % 5] + 0.05 * rng.standard_normal((60, 16))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    exact = cluster_phrases(vectors, 0.8)
    sampled = cluster_phrases(vectors, 0.8, exact_limit=10)
    assert exact.tolist() == (np.arange(60) % 5).tolist()
    assert sampled.tolist() == exact.tolist()
    frame = pd.DataFrame({S.COMMENT_ID: [f"c{i}" for i in range(60)], S.TEXT: ["x"] * 60})
    table, ids = group_table(frame, [f"p{i % 5}" for i in range(60)], vectors, 0.8)
    assert table[S.GROUP_COUNT].tolist() == [12] * 5
    assert ids.tolist() == (np.arange(60) % 5).tolist()


def test_run_in_small_partitions_equals_one_partition():
    # run() sends the rows to the engine in text order and puts them back in row order.
    from insights.engine import Engine

    embedder = KeywordEmbedder()
    one = IntentStage(embedder=embedder).run(corpus_for(embedder))
    corpus = corpus_for(embedder)
    corpus.engine = Engine(partition_size=2)
    many = IntentStage(embedder=embedder).run(corpus)
    pd.testing.assert_frame_equal(one.comments, many.comments, check_exact=True)
    pd.testing.assert_frame_equal(one.requests, many.requests)
    pd.testing.assert_frame_equal(one.complaints, many.complaints)
