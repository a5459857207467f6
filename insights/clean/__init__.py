"""Stage `clean`: normalisation, personal-data redaction, language, spam and duplicates.

The stage class is :class:`Cleaner` (``[clean]`` in a config file); the parts
are plain functions a user can call, test or replace on their own:

* :func:`normalise` / :func:`duplicate_key` (``normalise.py``): text for analysis.
* :func:`redact_personal_data` (``pii.py``): emails, phones, URL secrets.
* :func:`detect_language` (``language.py``): offline py3langid, restricted set.
* :func:`spam_score` / :func:`spam_scores` / :func:`spam_signals` (``spam.py``):
  zero-shot, hand-weighted rules, optionally plus MiniLM prototype similarity.
* :func:`find_duplicates` (``duplicates.py``): exact keys plus MinHash LSH.

Speed at scale (issue 10): the per-partition work is batched, and every shortcut gives
the plain function's exact answer (``tests/test_clean_speed.py`` compares them):
:func:`~insights.clean.spam.spam_signals_many`, :func:`~insights.clean.normalise.normalise_many`
and :func:`~insights.clean.language.detect_languages` skip regexes that a literal
pre-filter (``literals.py``: literals a regex requires, found by Aho-Corasick) proves
cannot match; shingling, MinHash, the LSH search and py3langid's DFA walk run compiled
(``_kernels.py``, numba, installed with BERTopic; plain numpy/Python without it).

Example:
    >>> import pandas as pd
    >>> from insights.corpus import Corpus
    >>> frame = pd.DataFrame({"comment_id": [1, 2], "text": ["sub 4 sub!!", "the app is slow"]})
    >>> Cleaner().run(Corpus(frame)).comments["drop_reason"].tolist()
    ['spam', '']
"""

from insights.clean.duplicates import find_duplicates
from insights.clean.language import detect_language
from insights.clean.normalise import duplicate_key, normalise
from insights.clean.pii import redact_personal_data
from insights.clean.spam import spam_score, spam_scores, spam_signals
from insights.clean.stage import Cleaner

__all__ = [
    "Cleaner",
    "detect_language",
    "duplicate_key",
    "find_duplicates",
    "normalise",
    "redact_personal_data",
    "spam_score",
    "spam_scores",
    "spam_signals",
]
