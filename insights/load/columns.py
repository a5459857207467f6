"""Which column holds the text, the id, the time...: matched by name across platforms' exports.

Names are compared after lower-casing and removing everything but letters and
digits, so ``Review Text``, ``review_text`` and ``reviewText`` are one name.
Each role lists its names best first; nested JSON columns (``snippet.textOriginal``)
also match on their last part.
"""

from __future__ import annotations

import re

import pandas as pd

from insights.errors import InputError

ROLES: tuple[str, ...] = (
    "text", "id", "timestamp", "author", "parent", "post", "likes", "rating", "language", "group",
)

ALIASES: dict[str, tuple[str, ...]] = {
    "text": (
        "fulltext", "text", "textoriginal", "body", "content", "comment", "commenttext", "commentbody",
        "message", "review", "reviewtext", "reviewbody", "reviewcontent", "textdisplay", "tweet",
        "tweettext", "post", "posttext", "feedback", "feedbacktext", "response", "answer", "verbatim",
        "caption", "selftext", "description", "utterance", "sentence", "query", "question", "note",
        "notes", "remarks", "opinion", "reply", "replytext",
    ),
    "id": (
        "commentid", "id", "reviewid", "tweetid", "messageid", "responseid", "feedbackid", "replyid",
        "idstr", "cid", "uuid", "guid", "key", "recordid", "rowid",
    ),
    "timestamp": (
        "timestamp", "createdat", "createdutc", "createdtime", "created", "createddate", "date",
        "datetime", "time", "publishedat", "published", "postedat", "posted", "tweetcreated",
        "reviewsubmitdateandtime", "reviewsubmitmillissinceepoch", "reviewdate", "commentdate",
        "unixreviewtime", "reviewtime", "createtime", "createtimeiso", "timeparsed", "datepublished",
        "sentat", "sent", "messagedate",
        "submittedat", "submissiondate", "updated", "updatedat", "at", "ts", "datetimeutc",
    ),
    "author": (
        "author", "authorname", "authordisplayname", "username", "user", "screenname", "userscreenname",
        "reviewer", "reviewername", "reviewernickname", "nickname", "fromname", "handle", "name",
        "displayname", "uniqueid", "ownerusername", "commenter", "by", "from", "sender", "userid",
        "authorid", "reviewerid",
    ),
    "parent": (
        "parentid", "parent", "parentcommentid", "inreplyto", "inreplytoid", "inreplytostatusid",
        "replyto", "repliedto", "replytoid", "replytomessageid", "inreplytocommentid",
    ),
    "post": (
        "postid", "videoid", "linkid", "submissionid", "threadid", "conversationid", "articleid",
        "productid", "appid", "appname", "packagename", "asin", "parentasin", "businessid", "itemid",
        "app", "product",
    ),
    "likes": (
        "likes", "likecount", "likescount", "favoritecount", "favouritecount", "thumbsupcount",
        "thumbsup", "upvotes", "ups", "reactions", "reactioncount", "helpful", "helpfulcount",
        "votes", "points", "helpfulvote", "helpfulvotes", "useful", "diggcount",
    ),
    "rating": (
        "rating", "starrating", "stars", "star", "reviewrating", "reviewstars", "ratingvalue", "imrating",
        "overall",
        "grade",
    ),
    "language": (
        "language", "lang", "sourcelanguage", "reviewerlanguage", "languagecode", "locale",
    ),
    "group": (),
}

# "score" is a Reddit/HN vote count, but a 1-5 star rating in Google Play scraper exports.
_AMBIGUOUS_SCORE = "score"


def normalise(name: object) -> str:
    """``'Review Text'`` -> ``'reviewtext'``."""
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


def _by_name(frame: pd.DataFrame, aliases: tuple[str, ...], taken: set[str]) -> str | None:
    return next(iter(_all_by_name(frame, aliases, taken)), None)


def _all_by_name(frame: pd.DataFrame, aliases: tuple[str, ...], taken: set[str]) -> list[str]:
    """Columns whose name is one of ``aliases``, best first: whole names, then last dotted parts."""
    full = {normalise(c): c for c in reversed(list(frame.columns)) if c not in taken}
    last = {normalise(str(c).rsplit(".", 1)[-1]): c for c in reversed(list(frame.columns)) if c not in taken}
    found: list[str] = []
    for table in (full, last):
        for alias in aliases:
            if alias in table and table[alias] not in found:
                found.append(table[alias])
    return found


def _flag(option: str) -> str:
    """How to set an option, from the command line and from Python."""
    return f"--{option.replace('_', '-')} (or {option}=... in Python)"


def find_column(frame: pd.DataFrame, wanted: str, option: str, source: str) -> str:
    """The column a user named, exactly or ignoring case and punctuation."""
    if wanted in frame.columns:
        return wanted
    loose = [c for c in frame.columns if normalise(c) == normalise(wanted)]
    if len(loose) == 1:
        return loose[0]
    raise InputError(
        f"Column '{wanted}' not found in {source}. Columns found: {', '.join(map(str, frame.columns))}.",
        hint=f"Pass {_flag(option)} with one of them.",
    )


def _text_like(series: pd.Series, sample: int = 5000) -> bool:
    values = series.dropna().head(sample)
    if len(values) == 0:
        return True
    return values.map(lambda v: isinstance(v, str)).mean() >= 0.5 and not values.astype(str).str.fullmatch(
        r"\s*[+-]?\d+(\.\d+)?\s*"
    ).all()


def free_text_score(series: pd.Series, sample: int = 5000) -> float:
    """How much a column looks like free text: mean length of its strings, if they vary and have spaces."""
    values = series.dropna().head(sample)
    values = values[values.map(lambda v: isinstance(v, str))]
    if len(values) == 0:
        return 0.0
    distinct = values.nunique() / len(values)
    spaced = values.str.contains(r"\s\S", regex=True).mean()
    if distinct < 0.3 or spaced < 0.2:
        return 0.0
    return float(values.str.len().mean() * spaced)


def detect_roles(
    frame: pd.DataFrame,
    overrides: dict[str, str | None],
    hints: dict[str, str],
    source: str,
) -> tuple[dict[str, str], list[str]]:
    """Map each role to a column: user overrides first, then platform hints, then names, then content.

    Returns ``({role: column}, warnings)``; raises :class:`InputError` when no column
    can hold the text.
    """
    options = {"text": "text_column", "id": "id_column", "timestamp": "time_column", "author": "author_column",
               "parent": "parent_column", "post": "post_column", "likes": "likes_column",
               "rating": "rating_column", "language": "language_column", "group": "group_column"}
    roles: dict[str, str] = {}
    warnings: list[str] = []
    if frame.shape == (0, 0):
        return roles, [f"{source} holds no records."]
    for role, wanted in overrides.items():
        if wanted:
            roles[role] = find_column(frame, wanted, options[role], source)
    for role, column in hints.items():
        if role not in roles and column in frame.columns and column not in roles.values():
            roles[role] = column
    named_text: str | None = None  # a column named like text but holding numbers only
    for role in ROLES:
        if role in roles or not ALIASES[role]:
            continue
        taken = set(roles.values())
        if role == "timestamp":
            # "time" may hold "2 years ago" while "time_parsed" holds the date: take the first that parses.
            candidates = _all_by_name(frame, ALIASES[role], taken)
            column = next((c for c in candidates if _parses_as_dates(frame[c])), None)
        else:
            column = _by_name(frame, ALIASES[role], taken)
        if column is not None and role == "text" and not _text_like(frame[column]):
            named_text, column = column, None
        if column is not None:
            roles[role] = column
    _place_score(frame, roles)
    if "text" not in roles and named_text is not None:
        taken = set(roles.values())
        scores = {c: free_text_score(frame[c]) for c in frame.columns if c not in taken}
        if not scores or max(scores.values()) == 0:
            roles["text"] = named_text  # its name says text and nothing else looks like text
    if "text" not in roles:
        roles["text"] = _fallback_text(frame, set(roles.values()), source)
        warnings.append(
            f"No column is named like comment text; using '{roles['text']}', the column with the "
            f"longest free text. Pass {_flag('text_column')} if that is wrong."
        )
    ordered = {role: roles[role] for role in ROLES if role in roles}
    return ordered, warnings


def _parses_as_dates(series: pd.Series) -> bool:
    """Whether most of the first values of a column read as dates (or it is still empty)."""
    from insights.load.timestamps import parse_timestamps

    values = series.dropna().head(200)
    if len(values) == 0 or pd.api.types.is_datetime64_any_dtype(series):
        return True
    parsed, _ = parse_timestamps(values.reset_index(drop=True))
    return bool(parsed.notna().mean() >= 0.5)


def _place_score(frame: pd.DataFrame, roles: dict[str, str]) -> None:
    column = next((c for c in frame.columns if normalise(c) == _AMBIGUOUS_SCORE), None)
    if column is None or column in roles.values():
        return
    numbers = pd.to_numeric(frame[column].head(5000), errors="coerce").dropna()
    stars = len(numbers) > 0 and numbers.between(1, 5).all() and (numbers % 1 == 0).all()
    if "likes" in roles and stars and "rating" not in roles:
        roles["rating"] = column
    elif "likes" not in roles:
        roles["likes"] = column


def _fallback_text(frame: pd.DataFrame, taken: set[str], source: str) -> str:
    scores = {c: free_text_score(frame[c]) for c in frame.columns if c not in taken}
    if scores and max(scores.values()) > 0:
        return max(scores, key=lambda c: scores[c])  # max keeps the first column among equals
    strings = [c for c in frame.columns if c not in taken and _text_like(frame[c]) and len(frame)]
    if strings:
        return max(strings, key=lambda c: frame[c].dropna().astype(str).str.len().mean())
    if len(frame) == 0 and len(frame.columns):
        return str(frame.columns[0])
    raise InputError(
        f"No text-like column in {source}. Columns found: {', '.join(map(str, frame.columns)) or '(none)'}.",
        hint=f"Pass {_flag('text_column')} to name the column holding the comments.",
    )
