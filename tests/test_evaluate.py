"""Scores worked out by hand on tiny hand-made analyses."""

import pandas as pd
import pytest

from insights import schema as S
from insights.analysis import Analysis
from insights.corpus import Corpus
from insights.errors import ConfigError
from insights.evaluate import parse_map, score


def _analysis(**cols):
    n = len(next(iter(cols.values())))
    frame = pd.DataFrame({S.COMMENT_ID: [str(i) for i in range(n)], S.TEXT: ["t"] * n, **cols})
    return Analysis(Corpus(comments=frame))


def test_intent_counts_secondary_intents():
    a = _analysis(
        **{
            S.INTENT: ["request", "praise", "complaint", "other"],
            S.INTENTS_ALL: ["request", "praise;request", "complaint", "other"],
            S.KEPT: [True] * 4,
        }
    )
    gold = pd.Series(["FEATURE", "FEATURE", "BUG", "OTHER"])
    result = score(a, gold, "intent", {"FEATURE": "request", "BUG": "complaint"})
    # request: gold rows 0,1; predicted (primary or secondary) rows 0,1 -> P = R = F1 = 1
    assert result["per_class"]["request"]["f1"] == 1.0
    assert result["per_class"]["complaint"]["f1"] == 1.0
    assert result["accuracy"] == 0.75  # primary labels: request, praise (gold: request), complaint, other


def test_unmapped_labels_count_as_other():
    a = _analysis(**{S.INTENT: ["request", "request"], S.INTENTS_ALL: ["request", "request"], S.KEPT: [True, True]})
    result = score(a, pd.Series(["FEATURE", "USABILITY"]), "intent", {"FEATURE": "request"})
    assert result["per_class"]["request"]["precision"] == 0.5
    assert result["per_class"]["request"]["recall"] == 1.0


def test_spam_is_drop_reason_spam():
    a = _analysis(**{S.DROP_REASON: ["spam", "", "spam", "duplicate"], S.KEPT: [False, True, False, False]})
    result = score(a, pd.Series([1, 0, 0, 1]), "spam")
    m = result["per_class"]["spam"]
    assert (m["precision"], m["recall"]) == (0.5, 0.5)


def test_topics_nmi_and_unassigned():
    a = _analysis(**{S.TOPIC_ID: [0, 0, 1, 1, -1], S.KEPT: [True] * 5})
    result = score(a, pd.Series(["a", "a", "b", "b", "b"]), "topics")
    assert result["unassigned_share"] == 0.2
    assert result["topics"] == 2
    assert 0 < result["nmi"] <= 1


def test_bootstrap_is_seeded():
    a = _analysis(**{S.SENTIMENT_LABEL: ["negative", "positive", "neutral", "negative"] * 5, S.KEPT: [True] * 20})
    gold = pd.Series(["negative", "positive", "negative", "neutral"] * 5)
    assert score(a, gold, "sentiment") == score(a, gold, "sentiment")


def test_map_parsing_and_errors():
    assert parse_map("A=request, B = complaint") == {"A": "request", "B": "complaint"}
    with pytest.raises(ConfigError, match="is not LABEL=class"):
        parse_map("FEATURE")
    with pytest.raises(ConfigError, match="Valid tasks"):
        score(_analysis(**{S.KEPT: [True]}), pd.Series(["x"]), "emotion")


def test_copies_are_scored_with_their_original():
    a = _analysis(
        **{
            S.INTENT: ["complaint", "other"],
            S.INTENTS_ALL: ["complaint", "other"],
            S.SENTIMENT_LABEL: ["negative", ""],
            S.KEPT: [True, False],
            S.DROP_REASON: ["", "duplicate"],
            S.DUPLICATE_OF: ["", "0"],
        }
    )
    result = score(a, pd.Series(["BUG", "BUG"]), "intent", {"BUG": "complaint"})
    assert result["per_class"]["complaint"]["recall"] == 1.0
    assert score(a, pd.Series(["negative", "negative"]), "sentiment")["accuracy"] == 1.0
