"""Compare groups and periods of analysed comments, and catch what is emerging.

"Try something, then something else, and see if they liked option 2 better":
:func:`compare` sets groups (a column such as ``variant``, ``post_id``, ``airline``)
or periods (day / week / month) side by side, with tests corrected for multiple
comparisons and bootstrap intervals, and writes plain verdicts.

Public API:

* :func:`compare` / :func:`compare_inputs` -> :class:`Comparison` (``.save(out_dir)``,
  ``.summary_lines()``)
* :func:`trends`: topic volume per period; :func:`emerging`: emerging / fading topics;
  :func:`pick_period`: a sensible period for a timeline
* :func:`substantive_share`: feedback vs reactions per post or group
* :func:`check_group_column`: fail fast on a ``--by`` column the input does not have,
  before the pipeline runs

Example:
    >>> import insights
    >>> from insights.compare import compare
    >>> result = insights.analyze("data/sample/comments.csv")  # doctest: +SKIP
    >>> cmp = compare(result, by="variant")  # doctest: +SKIP
    >>> cmp.save("out/")  # doctest: +SKIP
"""

from __future__ import annotations

from insights.compare.check import check_group_column
from insights.compare.comparison import Comparison, compare, compare_inputs
from insights.compare.engagement import substantive_share
from insights.compare.trends import emerging, period_labels, pick_period, trends

__all__ = [
    "Comparison",
    "check_group_column",
    "compare",
    "compare_inputs",
    "emerging",
    "period_labels",
    "pick_period",
    "substantive_share",
    "trends",
]
