"""Stage `intents`: requests, complaints, questions and praise per comment, grouped.

Public API: :class:`IntentStage` (the pipeline stage), :func:`train` (fit an
intent head on your own labels), and the plain functions behind them.
"""

from insights.intents.classify import CLASSES, TrainedHead, ZeroShotHead, combine, rule_matrix
from insights.intents.extract import complaint_phrase, intent_phrases, request_phrase
from insights.intents.group import cluster_phrases, group_table
from insights.intents.rules import rule_scores, split_sentences
from insights.intents.stage import IntentStage
from insights.intents.train import train

__all__ = [
    "CLASSES",
    "IntentStage",
    "TrainedHead",
    "ZeroShotHead",
    "cluster_phrases",
    "combine",
    "complaint_phrase",
    "group_table",
    "intent_phrases",
    "request_phrase",
    "rule_matrix",
    "rule_scores",
    "split_sentences",
    "train",
]
