"""Stage `sentiment`: polarity per comment, and net sentiment per topic / group / period.

Example:
    >>> from insights.sentiment import SentimentStage, net_sentiment
    >>> net_sentiment(["positive", "negative", "negative"])["net"]
    -0.3333333333333333
"""

from insights.sentiment.base import SentimentBackend, SentimentScores
from insights.sentiment.lexicon import LexiconBackend, VaderBackend, lexicon_signals
from insights.sentiment.selftrain import SelfTrainingBackend, pseudo_labels
from insights.sentiment.stage import BACKENDS, SentimentStage, make_backend
from insights.sentiment.stats import net_sentiment, sentiment_by
from insights.sentiment.transformers_backend import TransformersBackend

__all__ = [
    "BACKENDS",
    "LexiconBackend",
    "SelfTrainingBackend",
    "SentimentBackend",
    "SentimentScores",
    "SentimentStage",
    "TransformersBackend",
    "VaderBackend",
    "lexicon_signals",
    "make_backend",
    "net_sentiment",
    "pseudo_labels",
    "sentiment_by",
]
