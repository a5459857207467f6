"""Stage `intents`: requests, complaints, questions and praise per comment, grouped.

Files: ``rules.py`` (sentence splitting, zero-shot cues), ``examples.py`` (the
hand-written synthetic sentences the zero-shot head learns from), ``classify.py``
(heads and how signals combine), ``extract.py`` (``intent_text`` from spaCy's
parse), ``group.py`` (requests.csv / complaints.csv), ``train.py`` (a head for
your own labels), ``stage.py`` (:class:`IntentStage`).

Example:
    >>> from insights.intents import IntentStage, train
    >>> corpus = IntentStage().run(corpus)  # doctest: +SKIP
    >>> train("labels.csv", "text", "label", "models/intents")  # doctest: +SKIP
    >>> corpus = IntentStage(model="models/intents").run(corpus)  # doctest: +SKIP
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
