"""Stage `clean`: normalisation, personal-data redaction, language, spam and duplicates.

The stage class is :class:`Cleaner`; the parts are plain functions a user can
call (or replace) on their own.
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
