"""The account that owns the posts: its replies are the brand talking, not the audience.

A brand answering under its own posts ("So sorry! DM us your order number") would
otherwise be counted, and quoted, as a complaint. When the export does not say
which account is the owner, :func:`detect_owner_authors` finds it from behaviour:
an account that only replies, and replies under most posts.
"""

from __future__ import annotations

import pandas as pd

from insights import schema as S

MIN_REPLIES = 10  # fewer replies than this: not enough evidence to call anyone the owner
MIN_REPLY_SHARE = 0.9  # share of the account's comments that are replies
MIN_POST_SHARE = 0.5  # share of posts (with at least MIN_POSTS posts) the account replied under
MIN_POSTS = 3


def detect_owner_authors(comments: pd.DataFrame) -> list[str]:
    """Authors that behave like the posts' owner: many replies, almost only replies, under most posts.

    Needs ``author``, ``parent_id`` and ``post_id``; returns [] when any is missing.

    Example:
        >>> rows = [("brand", "p%d" % (i % 4), "c0") for i in range(12)] + [("fan", "p0", None)]
        >>> frame = pd.DataFrame(rows, columns=["author", "post_id", "parent_id"])
        >>> detect_owner_authors(frame)
        ['brand']
    """
    if not {S.AUTHOR, S.PARENT_ID, S.POST_ID} <= set(comments.columns):
        return []
    authors = comments[S.AUTHOR].astype("string")
    posts = comments[S.POST_ID].astype("string")
    n_posts = posts.nunique(dropna=True)
    if n_posts < MIN_POSTS:
        return []
    is_reply = comments[S.PARENT_ID].astype("string").fillna("").str.len().gt(0)
    frame = pd.DataFrame({"author": authors, "post": posts, "reply": is_reply}).dropna(subset=["author"])
    stats = frame.groupby("author", sort=True).agg(
        comments=("reply", "size"), replies=("reply", "sum"),
        posts=("post", lambda s: s[frame.loc[s.index, "reply"]].nunique()),
    )
    owners = stats[
        (stats["replies"] >= MIN_REPLIES)
        & (stats["replies"] / stats["comments"] >= MIN_REPLY_SHARE)
        & (stats["posts"] / n_posts >= MIN_POST_SHARE)
    ]
    return [str(a) for a in owners.index]
