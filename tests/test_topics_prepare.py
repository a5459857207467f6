"""The topics stage in two steps: prepared early (alongside other stages), written in its turn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from insights import schema as S


def test_prepared_topics_write_what_run_writes_and_refuse_another_corpus():
    from insights.corpus import Corpus
    from insights.errors import ConfigError
    from insights.topics.stage import TopicStage

    rng = np.random.RandomState(0)
    centres = np.eye(8)[:3]
    emb = np.vstack([centres[i % 3] + 0.05 * rng.randn(8) for i in range(30)]).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    words = ["late flight delay", "lost bag luggage", "refund money back"]
    texts = [f"{words[i % 3]} {i}" for i in range(30)]

    def corpus():
        frame = pd.DataFrame({S.TEXT: texts, S.CLEAN_TEXT: texts, S.KEPT: True})
        return Corpus(comments=frame, embeddings=emb.copy())

    stage = TopicStage(n_topics=3)
    whole = stage.run(corpus())
    c = corpus()
    split = stage.run(c, prepared=stage.prepare(c))
    pd.testing.assert_frame_equal(whole.comments, split.comments)
    pd.testing.assert_frame_equal(whole.topics, split.topics)
    assert whole.comments[S.TOPIC_ID].nunique() == 3

    other = corpus()
    other.comments.loc[0, S.KEPT] = False
    with pytest.raises(ConfigError, match="prepared for other kept comments"):
        stage.run(other, prepared=stage.prepare(corpus()))


def test_run_refuses_assign_and_prepared_together():
    from insights.corpus import Corpus
    from insights.topics.stage import TopicStage

    texts = [f"comment {i}" for i in range(20)]
    frame = pd.DataFrame({S.TEXT: texts, S.CLEAN_TEXT: texts, S.KEPT: True})
    c = Corpus(comments=frame, embeddings=np.eye(4, dtype=np.float32)[[i % 4 for i in range(20)]])
    stage = TopicStage(n_topics=2)
    prepared = stage.prepare(c)
    with pytest.raises(ValueError, match="got both 'assign' and 'prepared'.*not both"):
        stage.run(c, assign=lambda model, texts, embeddings: np.zeros(len(texts), dtype=int), prepared=prepared)
