"""The per-comment data contract: every column name lives here, once.

Stages pass one :class:`pandas.DataFrame` with one row per input record, in
input order. Rows are never removed: a filtered comment stays, with
``kept=False`` and a ``drop_reason``. Columns listed in :data:`CONTRACT` are
always present in ``comments.csv`` and are never renamed.
"""

from __future__ import annotations

# --- identity and the original record (added by `load`) ---------------------
COMMENT_ID = "comment_id"  # from the input's id column, else the row number
TEXT = "text"  # the original text, untouched
AUTHOR = "author"
TIMESTAMP = "timestamp"  # timezone-aware UTC
PARENT_ID = "parent_id"  # the comment this one replies to
POST_ID = "post_id"  # the post / video / product the comment belongs to
LIKES = "likes"
RATING = "rating"
SOURCE_LANGUAGE = "source_language"  # a language the export itself declared
GROUP = "group"  # a variant / campaign / segment column, when asked for
ROW = "row"  # 0-based position in the input

# --- cleaning ---------------------------------------------------------------
CLEAN_TEXT = "clean_text"  # normalised text for analysis, personal data redacted
DISPLAY_TEXT = "display_text"  # the original text with personal data redacted: what reports quote
KEPT = "kept"
DROP_REASON = "drop_reason"  # "" when kept
LANGUAGE = "language"  # ISO 639-1 code, "" when unknown
DUPLICATE_OF = "duplicate_of"  # comment_id of the kept original, "" otherwise
DUPLICATE_COUNT = "duplicate_count"  # copies of this text collapsed onto this row (1 = unique)
SPAM_SCORE = "spam_score"  # in [0, 1]

# --- topics -----------------------------------------------------------------
TOPIC_ID = "topic_id"  # -1 for dropped rows and unplaceable kept rows
TOPIC_LABEL = "topic_label"

# --- intents ----------------------------------------------------------------
INTENT = "intent"  # primary intent, one of INTENTS
INTENTS_ALL = "intents"  # every intent that applies, ";"-joined
INTENT_TEXT = "intent_text"  # "add dark mode", "app crashes on login"; "" otherwise

# --- sentiment --------------------------------------------------------------
SENTIMENT = "sentiment"  # float in [-1, 1]
SENTIMENT_LABEL = "sentiment_label"  # negative / neutral / positive

REQUEST, COMPLAINT, QUESTION, PRAISE, OTHER = "request", "complaint", "question", "praise", "other"
INTENTS: tuple[str, ...] = (REQUEST, COMPLAINT, QUESTION, PRAISE, OTHER)
SENTIMENT_LABELS: tuple[str, ...] = ("negative", "neutral", "positive")

# Drop reasons, in the order the cleaning stage checks them.
DROP_UNREADABLE = "unreadable"  # the record had no usable text (missing, not a string, binary)
DROP_EMPTY = "empty"  # nothing left after normalisation
DROP_EMOJI_ONLY = "emoji_only"
DROP_TOO_SHORT = "too_short"
DROP_SPAM = "spam"
DROP_OWNER = "owner"  # written by the account that owns the posts (brand replies)
DROP_DUPLICATE = "duplicate"
DROP_NON_ENGLISH = "non_english"
DROP_REASONS: tuple[str, ...] = (
    DROP_UNREADABLE,
    DROP_EMPTY,
    DROP_EMOJI_ONLY,
    DROP_TOO_SHORT,
    DROP_SPAM,
    DROP_OWNER,
    DROP_DUPLICATE,
    DROP_NON_ENGLISH,
)

UNASSIGNED_TOPIC = -1

# The columns every `comments.csv` has, in this order; stages may add more after them.
CONTRACT: tuple[str, ...] = (
    COMMENT_ID,
    TEXT,
    CLEAN_TEXT,
    KEPT,
    DROP_REASON,
    TOPIC_ID,
    TOPIC_LABEL,
    INTENT,
    INTENT_TEXT,
    SENTIMENT,
)

# Optional metadata columns `load` fills when the input has them.
METADATA: tuple[str, ...] = (AUTHOR, TIMESTAMP, PARENT_ID, POST_ID, LIKES, RATING, SOURCE_LANGUAGE, GROUP)

# --- columns added by later stages (append below; keep one constant per column) ---

# intents: one score per class in [0, 1], and the request / complaint group a comment belongs to
INTENT_SCORE_REQUEST = "intent_score_request"
INTENT_SCORE_COMPLAINT = "intent_score_complaint"
INTENT_SCORE_QUESTION = "intent_score_question"
INTENT_SCORE_PRAISE = "intent_score_praise"
INTENT_SCORE_OTHER = "intent_score_other"
REQUEST_GROUP = "request_group"  # group_id in requests.csv, -1 when not a grouped request
COMPLAINT_GROUP = "complaint_group"  # group_id in complaints.csv, -1 when not a grouped complaint
# columns of requests.csv / complaints.csv (one row per group)
GROUP_ID = "group_id"
GROUP_PHRASE = "phrase"
GROUP_COUNT = "count"
GROUP_AUTHORS = "authors"
GROUP_MENTIONS = "mentions"
GROUP_VARIANTS = "variants"
GROUP_COMMENT_IDS = "comment_ids"
GROUP_EXAMPLES = "examples"
GROUP_SENTIMENT = "sentiment"

# clean: why a comment scored as spam, and how many links its text had
SPAM_SIGNALS = "spam_signals"  # ";"-joined spam signals that fired, strongest first; "" below the threshold
URL_COUNT = "url_count"  # links removed from clean_text
EMOJI = "emoji"  # the comment's emoji as words ("enraged face"); kept out of clean_text, read by sentiment

# sentiment: how sure the sentiment backend is of sentiment_label
SENTIMENT_CONFIDENCE = "sentiment_confidence"  # in [0, 1]; 0.0 for dropped rows

# load: the file a row came from, when a folder or a zip of several exports is loaded
SOURCE_FILE = "source_file"

# topics: the theme (group of related topics) a comment's topic belongs to, "" for -1
THEME = "theme"
