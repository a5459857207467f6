"""Stage `topics`: BERTopic-based topics with readable labels, guided topics and themes.

Public API:

* :class:`TopicStage` - the pipeline stage (``insights.topics:TopicStage`` in config).
* :class:`TopicModel` - a fitted model (``TopicStage.fit_corpus``) whose ``assign`` places any
  comment, row by row (picklable: map it over partitions, then ``TopicStage.finish``).
* :func:`assign_taxonomy`, :func:`group_topics`, :func:`make_labels` - the parts, usable alone.
"""

from insights.topics.fitted import TopicModel
from insights.topics.guided import assign_taxonomy
from insights.topics.labels import make_labels
from insights.topics.stage import TOPIC_COLUMNS, TopicStage
from insights.topics.themes import group_topics

__all__ = ["TOPIC_COLUMNS", "TopicModel", "TopicStage", "assign_taxonomy", "group_topics", "make_labels"]
