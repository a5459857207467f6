"""Recognise platform API responses by their structure and flatten them into comment records.

Each ``_flatten_*`` function takes a parsed JSON value it recognised and returns
flat records (one dict per comment) plus the columns that play each role. The
shapes follow the platforms' documented responses:

- YouTube Data API ``commentThreads.list`` / ``comments.list`` (``items``, replies in ``replies.comments``);
- Reddit API listings (``kind: "Listing"``, ``t1`` comments with nested ``replies``; ``more`` stubs skipped);
- X/Twitter API v2 (``data`` + ``includes.users``; ``referenced_tweets`` ``replied_to`` is the parent);
- Facebook Graph API comments (``data`` with ``message``/``from``/``created_time``, ``paging``) and
  Instagram Graph API comments (``text``/``username``/``timestamp``, replies in ``replies.data``);
- App Store customer-review RSS JSON (``feed.entry``) and App Store Connect ``customerReviews``.

Anything else that is a list of objects (or an object holding one) is read as generic records.
Pushshift-style Reddit dumps and Google Play CSV exports are flat already; the column
detector recognises their names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from insights.errors import InputError

# Keys that usually hold the list of records inside a wrapper object, best first.
_LIST_KEYS = (
    "data", "items", "results", "records", "comments", "reviews", "messages", "entries", "entry", "rows",
    "children",
)


@dataclass
class Flat:
    records: list[Any]
    platform: str | None = None
    roles: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _dict(value: Any) -> dict[str, Any]:
    """``value`` if it is an object, else an empty one: API fields can be null or malformed."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _scalars(obj: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in skip and not isinstance(v, (dict, list))}


# --- YouTube -------------------------------------------------------------------


def _is_youtube(obj: Any) -> bool:
    if not isinstance(obj, dict):
        return False
    kind = str(obj.get("kind", ""))
    if kind.startswith("youtube#comment"):
        return True
    items = obj.get("items")
    return isinstance(items, list) and any(
        isinstance(i, dict) and str(i.get("kind", "")).startswith("youtube#comment") for i in items
    )


def _youtube_comment(comment: dict[str, Any], video_id: Any = None, parent: Any = None) -> dict[str, Any]:
    snippet = _dict(comment.get("snippet"))
    channel = snippet.get("authorChannelId")
    text = snippet.get("textOriginal")
    if text is None:
        text = snippet.get("textDisplay")
    return {
        "id": comment.get("id"),
        "text": text,
        "textDisplay": snippet.get("textDisplay"),
        "authorDisplayName": snippet.get("authorDisplayName"),
        "authorChannelId": channel.get("value") if isinstance(channel, dict) else channel,
        "likeCount": snippet.get("likeCount"),
        "publishedAt": snippet.get("publishedAt"),
        "updatedAt": snippet.get("updatedAt"),
        "parentId": snippet.get("parentId") or parent,
        "videoId": snippet.get("videoId") or video_id,
    }


def _flatten_youtube(obj: dict[str, Any]) -> Flat:
    items = obj["items"] if isinstance(obj.get("items"), list) else [obj]
    records: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        if item.get("kind") == "youtube#commentThread":
            snippet = _dict(item.get("snippet"))
            top = _dict(snippet.get("topLevelComment"))
            record = _youtube_comment(top, video_id=snippet.get("videoId"))
            record["totalReplyCount"] = snippet.get("totalReplyCount")
            records.append(record)
            for reply in _list(_dict(item.get("replies")).get("comments")):
                if isinstance(reply, dict):
                    records.append(_youtube_comment(reply, snippet.get("videoId"), parent=top.get("id")))
        else:  # comments.list returns youtube#comment items directly
            records.append(_youtube_comment(item))
    roles = {
        "text": "text", "id": "id", "author": "authorDisplayName", "timestamp": "publishedAt",
        "likes": "likeCount", "parent": "parentId", "post": "videoId",
    }
    return Flat(records, "youtube", roles)


# --- Reddit --------------------------------------------------------------------


def _is_reddit(obj: Any) -> bool:
    return isinstance(obj, dict) and obj.get("kind") == "Listing" and isinstance(obj.get("data"), dict)


def _flatten_reddit(listings: list[dict[str, Any]]) -> Flat:
    comments: list[dict[str, Any]] = []
    posts: list[dict[str, Any]] = []
    more = 0

    def walk(thing: Any) -> None:
        nonlocal more
        if not isinstance(thing, dict):
            return
        kind, data = thing.get("kind"), _dict(thing.get("data"))
        if kind == "Listing":
            for child in _list(data.get("children")):
                walk(child)
        elif kind == "t1":
            comments.append(_scalars(data, skip=("replies", "body_html")))
            walk(data.get("replies"))
        elif kind == "t3":
            posts.append(_scalars(data, skip=("selftext_html",)))
        elif kind == "more":
            count = data.get("count")
            more += count if isinstance(count, int) else len(_list(data.get("children")))

    for listing in listings:
        walk(listing)
    warnings: list[str] = []
    if comments:
        roles = {
            "text": "body", "id": "id", "author": "author", "timestamp": "created_utc",
            "likes": "score", "parent": "parent_id", "post": "link_id",
        }
        if posts:
            warnings.append(f"Skipped {len(posts)} Reddit post(s) (t3): the rows are the comments under them.")
        if more:
            warnings.append(
                f"The listing has 'more' stubs for {more} comment(s) not included in the file; "
                "fetch them with /api/morechildren to analyse them."
            )
        return Flat(comments, "reddit", roles, warnings)
    roles = {"text": "selftext", "id": "id", "author": "author", "timestamp": "created_utc", "likes": "score"}
    for post in posts:  # a listing of posts: a post's text is its title and body together
        post["text"] = "\n\n".join(p for p in (post.get("title"), post.get("selftext")) if p)
    roles["text"] = "text"
    return Flat(posts, "reddit", roles, warnings)


# --- X / Twitter API v2 ----------------------------------------------------------------


def _is_twitter(obj: Any) -> bool:
    if not isinstance(obj, dict) or not isinstance(obj.get("data"), list):
        return False
    tweets = [t for t in obj["data"] if isinstance(t, dict)]
    has_tweets = bool(tweets) and all("text" in t and "id" in t for t in tweets)
    v2_fields = {"author_id", "public_metrics", "edit_history_tweet_ids", "conversation_id", "referenced_tweets"}
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    return has_tweets and (
        "includes" in obj or "newest_id" in meta or any(v2_fields & t.keys() for t in tweets)
    )


def _flatten_twitter(obj: dict[str, Any]) -> Flat:
    users = {
        str(u.get("id")): u for u in _list(_dict(obj.get("includes")).get("users")) if isinstance(u, dict)
    }
    records = []
    for tweet in obj["data"]:
        if not isinstance(tweet, dict):
            continue
        user = users.get(str(tweet.get("author_id")), {})
        metrics = _dict(tweet.get("public_metrics"))
        refs = [_dict(r) for r in _list(tweet.get("referenced_tweets"))]
        replied = [r.get("id") for r in refs if r.get("type") == "replied_to"]
        quoted = [r.get("id") for r in refs if r.get("type") == "quoted"]
        record = _scalars(tweet)
        record.update({
            "username": user.get("username"),
            "author_name": user.get("name"),
            "replied_to": replied[0] if replied else None,
            "quoted": quoted[0] if quoted else None,
            **{k: v for k, v in metrics.items() if not isinstance(v, (dict, list))},
        })
        records.append(record)
    roles = {
        "text": "text", "id": "id", "author": "username" if users else "author_id",
        "timestamp": "created_at", "likes": "like_count", "parent": "replied_to",
        "post": "conversation_id", "language": "lang",
    }
    roles = {k: v for k, v in roles.items() if any(v in r for r in records)}
    return Flat(records, "twitter", roles)


# --- Facebook / Instagram Graph API ----------------------------------------------------


def _is_graph(obj: Any) -> bool:
    if not isinstance(obj, dict) or not isinstance(obj.get("data"), list):
        return False
    items = [c for c in obj["data"] if isinstance(c, dict)]
    return bool(items) and all(
        ("message" in c or "text" in c) and ("created_time" in c or "timestamp" in c) for c in items
    )


def _flatten_graph(obj: dict[str, Any]) -> Flat:
    """Facebook comments (message, from, created_time) or Instagram ones (text, username, timestamp).

    Replies nested under ``comments.data`` (Facebook) or ``replies.data`` (Instagram)
    become rows right after their parent.
    """
    records: list[dict[str, Any]] = []

    def add(comment: dict[str, Any], parent: Any = None) -> None:
        record = _scalars(comment)
        sender = comment.get("from")
        if isinstance(sender, dict):
            record["from_name"] = sender.get("name") or sender.get("username")
            record["from_id"] = sender.get("id")
        record["parent_id"] = _dict(comment.get("parent")).get("id") or parent
        records.append(record)
        for key in ("comments", "replies"):
            for reply in _list(_dict(comment.get(key)).get("data")):
                if isinstance(reply, dict):
                    add(reply, parent=comment.get("id"))

    for comment in obj["data"]:
        if isinstance(comment, dict):
            add(comment)
    instagram = any("text" in r and "message" not in r for r in records)
    roles = {
        "text": "text" if instagram else "message", "id": "id",
        "author": "username" if instagram else "from_name",
        "timestamp": "timestamp" if instagram else "created_time",
        "likes": "like_count", "parent": "parent_id",
    }
    roles = {k: v for k, v in roles.items() if any(v in r for r in records)}
    return Flat(records, "instagram" if instagram else "facebook", roles)


# --- App Store ---------------------------------------------------------------------


def _label(value: Any) -> Any:
    """The RSS JSON wraps every value as {"label": value}."""
    return value.get("label") if isinstance(value, dict) else value


def _is_appstore_rss(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("feed"), dict) and "entry" in obj["feed"]


def _flatten_appstore_rss(obj: dict[str, Any]) -> Flat:
    entries = obj["feed"]["entry"]
    entries = entries if isinstance(entries, list) else [entries]
    records, skipped = [], 0
    for entry in entries:
        if not isinstance(entry, dict) or "content" not in entry:
            skipped += 1  # older feeds open with an entry describing the app itself
            continue
        author = _dict(entry.get("author"))
        records.append({
            "id": _label(entry.get("id")),
            "title": _label(entry.get("title")),
            "content": _label(entry.get("content")),
            "rating": _label(entry.get("im:rating")),
            "version": _label(entry.get("im:version")),
            "author": _label(author.get("name")),
            "author_uri": _label(author.get("uri")),
            "updated": _label(entry.get("updated")),
            "vote_sum": _label(entry.get("im:voteSum")),
            "vote_count": _label(entry.get("im:voteCount")),
        })
    warnings = [f"Skipped {skipped} feed entr(ies) without review content (the app's own entry)."] if skipped else []
    roles = {"text": "content", "id": "id", "author": "author", "timestamp": "updated", "rating": "rating"}
    return Flat(records, "appstore", roles, warnings)


def _is_appstore_connect(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("data"), list) and any(
        isinstance(d, dict) and d.get("type") == "customerReviews" for d in obj["data"]
    )


def _flatten_appstore_connect(obj: dict[str, Any]) -> Flat:
    records = []
    for item in obj["data"]:
        if isinstance(item, dict):
            records.append({"id": item.get("id"), **_scalars(_dict(item.get("attributes")))})
    roles = {
        "text": "body", "id": "id", "author": "reviewerNickname", "timestamp": "createdDate", "rating": "rating",
    }
    return Flat(records, "appstore", roles)


# --- dispatch --------------------------------------------------------------------------

_SHAPES = (
    (_is_youtube, _flatten_youtube),
    (_is_twitter, _flatten_twitter),
    (_is_appstore_connect, _flatten_appstore_connect),
    (_is_graph, _flatten_graph),
    (_is_appstore_rss, _flatten_appstore_rss),
)


def _platform_page(obj: Any) -> Flat | None:
    for test, flatten in _SHAPES:
        if test(obj):
            try:
                return flatten(obj)
            except (AttributeError, TypeError, ValueError, KeyError):
                return None  # shaped like a platform response but malformed: read as plain records
    return None


def flatten_json(data: Any, name: str, lines: bool = False) -> Flat:
    """Records from a parsed JSON document (or, with ``lines=True``, from a batch of JSONL lines).

    Platform responses are recognised by structure; a list of several pages of the
    same platform (or JSONL with one response per line) is flattened page by page.

    Example:
        >>> flatten_json([{"body": "hi"}], "x.json").records
        [{'body': 'hi'}]
    """
    pages = data if isinstance(data, list) else [data]
    if pages and all(_is_reddit(p) for p in pages):
        try:
            return _flatten_reddit(pages)
        except (AttributeError, TypeError, ValueError, KeyError):
            pass  # shaped like a Reddit listing but malformed: read as plain records
    # A platform response announces itself in its first page; plain records skip the checks.
    first = _platform_page(pages[0]) if pages else None
    flats = [first] + [_platform_page(p) for p in pages[1:]] if first is not None else []
    if flats and all(f is not None for f in flats):
        merged = Flat([], flats[0].platform, flats[0].roles)
        for flat in flats:
            merged.records.extend(flat.records)
            merged.warnings.extend(w for w in flat.warnings if w not in merged.warnings)
        return merged
    if lines or isinstance(data, list):
        return Flat(list(data) if isinstance(data, list) else [data])
    return Flat(_records_in_object(data, name))


def _lists_of_objects(obj: dict[str, Any], depth: int) -> list[list[Any]]:
    """Lists of objects anywhere in the first ``depth`` levels: {"response": {"items": [...]}}."""
    found = [v for v in obj.values() if isinstance(v, list) and any(isinstance(i, dict) for i in v)]
    if depth > 1:
        for value in obj.values():
            if isinstance(value, dict):
                found.extend(_lists_of_objects(value, depth - 1))
    return found


def _records_in_object(obj: Any, name: str) -> list[Any]:
    """The list of records an object holds: under a usual key, else its longest list of objects."""
    if not isinstance(obj, dict):
        raise InputError(
            f"Input file '{name}' holds a single {type(obj).__name__}, not a list of comments.",
            hint="Export the comments as a JSON array of objects, or as JSON Lines.",
        )
    for key in _LIST_KEYS:
        value = obj.get(key)
        if isinstance(value, list):
            return value
        if isinstance(value, dict):  # {"data": {"comments": [...]}}
            inner = [v for v in value.values() if isinstance(v, list)]
            if inner:
                return max(inner, key=len)
    lists = _lists_of_objects(obj, depth=3)
    if lists:
        return max(lists, key=len)  # the first of the longest, in document order
    if any(isinstance(v, str) for v in obj.values()):
        return [obj]  # one record on its own
    raise InputError(
        f"Input file '{name}' holds no list of comments. Keys found: {', '.join(map(str, obj)) or '(none)'}.",
        hint="Export the comments as a JSON array of objects, or as JSON Lines.",
    )
