"""Topics found among the complaints alone, for "what does each group complain about more?".

The run's topics are fitted on every comment: thanks, contests, chatter and complaints share
one budget of topics, and one complaint subject often ends up split over two or three of
them, or folded into a broad one. Asked what a group complains about more, a reader wants
the complaint subjects told apart as finely as the complaints allow. So :func:`compare`
fits the topics stage again, on the kept complaints only (same stage, same options, same
seed, the comments' own embeddings), and counts the complaints scope on those topics.

On the airline tweets (``scripts/eval_compare.py``), the run's topics put Virgin America's
booking complaints in three topics, none of them significantly over-represented; fitted on
the complaints, "Flight Booking problems" is among its over-represented complaint topics,
next to the website.

It is skipped, and the run's own topics counted, when:

* there are fewer than :data:`MIN_COMPLAINTS` kept complaints (too few to fit topics on);
* the run's topics are a user's taxonomy or seed topics (the user named the topics: the
  comparison speaks in those names);
* no embeddings are at hand: a DataFrame without ``embeddings=`` and ``embed=False``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from insights import schema as S

# Fewer kept complaints than this: the run's own topics are counted (the topics stage would
# fit a handful of topics of a few dozen complaints each, no finer than the run's).
MIN_COMPLAINTS = 200


@dataclass
class ComplaintTopics:
    """Topics fitted on the kept complaints.

    Attributes:
        ids: topic id of every row of the compared comments (-1 for rows that are not kept
            complaints).
        labels: topic_id -> label.
        table: the topics table of the fit (``compare_complaint_topics.csv``).
        info: how they were fitted (rows, method, k), for ``Comparison.info``.
    """

    ids: np.ndarray
    labels: dict[int, str]
    table: pd.DataFrame
    info: dict[str, Any] = field(default_factory=dict)


def user_named_topics(info: dict[str, Any] | None) -> bool:
    """True when the run's topics come from a user's taxonomy or seed topics."""
    details = (info or {}).get("topics") or {}
    method = str(details.get("method", ""))
    return "taxonomy" in method or "seed_matches" in details or bool(details.get("seed_topics"))


# The run's topics options that carry over to the fit on complaints (as recorded in
# ``info["topics"]``); the rest (topic count, topic size) follow the complaints' own size.
CARRIED_OPTIONS = ("lexical_weight", "word_weight", "merge_threshold", "random_state")


def stage_like(info: dict[str, Any] | None) -> Any:
    """A topics stage with the run's recorded options (:data:`CARRIED_OPTIONS`), else the defaults.

    Example:
        >>> stage_like({"topics": {"word_weight": 0.3, "random_state": 7}}).word_weight
        0.3
    """
    from insights.topics import TopicStage

    details = (info or {}).get("topics") or {}
    return TopicStage(**{k: details[k] for k in CARRIED_OPTIONS if details.get(k) is not None})


def fit_complaint_topics(
    comments: pd.DataFrame,
    complaints: np.ndarray,
    embeddings: np.ndarray | None,
    stage: Any = None,
    min_complaints: int = MIN_COMPLAINTS,
) -> ComplaintTopics | None:
    """Fit the topics stage on the kept complaints; None when there are too few of them.

    Args:
        comments: the analysed comments (``clean_text`` or ``text``, ``kept``).
        complaints: a boolean mask of the complaints among them.
        embeddings: one row per comment (as ``corpus.embeddings``), or one row per kept
            complaint (in row order); None embeds the complaints' texts with the default
            embedder (cached on disk, so a second comparison of the same data is quick).
        stage: the topics stage to fit (default: ``TopicStage()``, the pipeline's default;
            :func:`stage_like` gives one with a run's options).
        min_complaints: fewer kept complaints than this give None.

    Example:
        >>> fit_complaint_topics(pd.DataFrame({"text": ["late"]}), np.array([True]), None) is None
        True
    """
    from insights.corpus import Corpus

    kept = comments[S.KEPT].fillna(False).to_numpy(dtype=bool) if S.KEPT in comments else np.ones(len(comments), bool)
    rows = np.flatnonzero(kept & np.asarray(complaints, dtype=bool))
    if len(rows) < min_complaints:
        return None
    part = comments.iloc[rows].reset_index(drop=True).copy()
    part[S.KEPT] = True
    text_col = S.CLEAN_TEXT if S.CLEAN_TEXT in part else S.TEXT
    if embeddings is None:
        from insights.embed import embed_texts

        vectors = embed_texts(part[text_col].fillna("").astype(str).tolist())
    else:
        matrix = np.asarray(embeddings)
        vectors = matrix[rows] if len(matrix) == len(comments) else matrix
        if len(vectors) != len(rows):
            raise ValueError(
                f"embeddings has {len(matrix)} rows; expected one per comment ({len(comments)}) "
                f"or one per kept complaint ({len(rows)})."
            )
    stage = stage if stage is not None else stage_like(None)
    fitted = stage.run(Corpus(comments=part, embeddings=vectors))
    local = pd.to_numeric(fitted.comments[S.TOPIC_ID], errors="coerce").fillna(S.UNASSIGNED_TOPIC).to_numpy(dtype=int)
    ids = np.full(len(comments), S.UNASSIGNED_TOPIC, dtype=int)
    ids[rows] = local
    table = fitted.topics if fitted.topics is not None else pd.DataFrame()
    labels = {int(t): str(label) for t, label in zip(table.get(S.TOPIC_ID, []), table.get("label", []))}
    details = fitted.info.get("topics") or {}
    info = {"rows": int(len(rows)), "topics": len(labels), "method": details.get("method", ""),
            "k_chosen": details.get("k_chosen")}
    return ComplaintTopics(ids, labels, table, info)
