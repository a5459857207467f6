"""Everything a report says, computed once from an Analysis, so Markdown and HTML agree.

Every number here is recomputed from the comment frame (the rows of ``comments.csv``)
or copied from ``lessons.json``; nothing is estimated. Optional columns that a run did
not produce (timestamps, authors, likes, posts, groups...) simply leave their section out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from insights import schema as S
from insights.lessons import readable_label, sentiment_words

# Columns that split comments into groups worth comparing, when the data has them.
GROUP_COLUMNS: tuple[tuple[str, str], ...] = (
    (S.POST_ID, "post"),
    (S.GROUP, "group"),
    ("variant", "variant"),
    ("platform", "platform"),
)

KIND_TITLES: dict[str, str] = {
    "request": "Requests",
    "complaint": "Complaints",
    "praise": "Praise",
    "question": "Questions",
    "trend": "Trends",
}

RANKING_TEXT = (
    "Each lesson is scored as reach × intensity × change. Reach counts the people behind it "
    "(unique authors when the data names them, otherwise comments) on a log scale, plus half "
    "the log of their likes, so one huge topic cannot hide every other lesson. Intensity is "
    "1 + how negative the comments are on average + half the share that sound urgent "
    "(exclamation marks, “still”, “again”, “unacceptable”...). Change rewards lessons whose "
    "share of comments grew in the latest third of the period (only when comments have "
    "timestamps). Praise is weighted 0.8, questions 0.9 and trends 0.7 because complaints "
    "and requests are what a team acts on first. A lesson that mostly repeats a better-ranked one "
    "(half its comments shared, or the same topic with the same kind) is left out; a trend "
    "is reported only for a topic that no other lesson covers."
)


@dataclass
class ReportFacts:
    """The content of one report, independent of its format."""

    title: str
    source: str
    counts: dict[str, Any]
    lessons: list[dict[str, Any]]
    topics: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    complaints: list[dict[str, Any]] = field(default_factory=list)
    timeline: dict[str, Any] | None = None
    groups: list[dict[str, Any]] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    duplicates: dict[str, Any] = field(default_factory=dict)
    comments: list[dict[str, Any]] = field(default_factory=list)
    comments_total: int = 0
    llm: dict[str, Any] | None = None
    unit: str = "commenters"
    notes: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    date_range: tuple[str, str] | None = None

    @property
    def empty(self) -> bool:
        return self.counts.get("kept", 0) == 0

    def lessons_of(self, kind: str) -> list[dict[str, Any]]:
        return [lesson for lesson in self.lessons if lesson.get("kind") == kind]


def _col(frame: pd.DataFrame, name: str, default: Any = "") -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series([default] * len(frame), index=frame.index, dtype=object)


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA else str(value)


def gather(analysis: Any, *, title: str | None = None, max_comments: int = 20000) -> ReportFacts:
    """Compute every section of the report from an :class:`insights.analysis.Analysis`."""
    frame = analysis.comments
    counts = analysis.counts()
    load_info = (analysis.info or {}).get("load", {}) or {}
    source = _text(load_info.get("source") or load_info.get("path") or "")
    kept = frame[S.KEPT].astype(bool).to_numpy() if S.KEPT in frame else np.ones(len(frame), dtype=bool)
    k = frame[kept]
    display = S.DISPLAY_TEXT if S.DISPLAY_TEXT in frame else S.TEXT
    lessons_info = (analysis.info or {}).get("lessons", {}) or {}
    facts = ReportFacts(
        title=title or "What your audience is telling you",
        source=source,
        counts=counts,
        lessons=list(analysis.lessons or []),
        llm=(analysis.info or {}).get("llm"),
        unit=lessons_info.get("unit", "commenters"),
    )
    facts.notes = [str(w) for w in (load_info.get("warnings") or [])]
    cols = load_info.get("columns") or {}
    facts.columns = {str(a): str(b) for a, b in cols.items() if b} if isinstance(cols, dict) else {}
    facts.topics = _topics(analysis, k)
    facts.requests = _groups_table(analysis.requests, k)
    facts.complaints = _groups_table(analysis.complaints, k)
    facts.timeline = _timeline(k)
    if facts.timeline:
        facts.date_range = (facts.timeline["start"], facts.timeline["end"])
    facts.groups = _group_sections(k, facts.topics)
    if S.LANGUAGE in frame:
        langs = frame[S.LANGUAGE].fillna("").astype(str).replace("", "unknown").value_counts()
        facts.languages = [(str(a), int(b)) for a, b in sorted(langs.items(), key=lambda x: (-x[1], x[0]))]
    facts.duplicates = _duplicates(frame, display)
    facts.comments, facts.comments_total = _comment_rows(k, display, facts.topics, max_comments)
    return facts


def _topics(analysis: Any, k: pd.DataFrame) -> list[dict[str, Any]]:
    if S.TOPIC_ID not in k or not len(k):
        return []
    table = analysis.topics
    labels: dict[int, str] = {}
    keywords: dict[int, str] = {}
    if len(table) and "topic_id" in table:
        for _, row in table.iterrows():
            tid = int(row["topic_id"])
            labels[tid] = readable_label(row.get("label"), row.get("keywords"))
            kw = row.get("keywords")
            keywords[tid] = ", ".join(map(str, kw)) if isinstance(kw, (list, tuple)) else _text(kw).replace(";", ", ")
    topic = pd.to_numeric(k[S.TOPIC_ID], errors="coerce").fillna(S.UNASSIGNED_TOPIC).astype(int)
    sentiment = pd.to_numeric(_col(k, S.SENTIMENT, 0.0), errors="coerce").fillna(0.0)
    intent = _col(k, S.INTENT).fillna("").astype(str)
    out = []
    n_kept = len(k)
    for tid, rows in topic.groupby(topic, sort=True).groups.items():
        tid = int(tid)
        size = len(rows)
        label = labels.get(tid) or (
            readable_label(k.loc[rows[0], S.TOPIC_LABEL]) if S.TOPIC_LABEL in k else f"topic {tid}"
        )
        if tid == S.UNASSIGNED_TOPIC:
            label = "not placed in a topic"
        intents = intent.loc[rows]
        out.append({
            "topic_id": tid,
            "label": label,
            "keywords": keywords.get(tid, ""),
            "size": int(size),
            "share": size / n_kept,
            "sentiment": float(sentiment.loc[rows].mean()),
            "complaint_share": float((intents == S.COMPLAINT).mean()),
            "request_share": float((intents == S.REQUEST).mean()),
            "question_share": float((intents == S.QUESTION).mean()),
            "praise_share": float((intents == S.PRAISE).mean()),
        })
    out.sort(key=lambda t: (t["topic_id"] == S.UNASSIGNED_TOPIC, -t["size"], t["topic_id"]))
    return out


def _groups_table(table: pd.DataFrame, k: pd.DataFrame) -> list[dict[str, Any]]:
    """Request/complaint groups with counts recomputed over kept comments."""
    if table is None or not len(table) or S.GROUP_COMMENT_IDS not in table:
        return []
    kept_ids = set(k[S.COMMENT_ID].astype(str)) if S.COMMENT_ID in k else set()
    out = []
    for _, row in table.iterrows():
        ids = [c.strip() for c in _text(row.get(S.GROUP_COMMENT_IDS)).split(";") if c.strip() in kept_ids]
        if not ids:
            continue
        out.append({
            "group_id": _text(row.get(S.GROUP_ID)),
            "phrase": _text(row.get(S.GROUP_PHRASE)),
            "count": len(ids),
            "authors": row.get(S.GROUP_AUTHORS),
            "sentiment": row.get(S.GROUP_SENTIMENT),
        })
    out.sort(key=lambda g: (-g["count"], g["phrase"]))
    return out


def _timeline(k: pd.DataFrame) -> dict[str, Any] | None:
    if S.TIMESTAMP not in k or not len(k):
        return None
    stamps = pd.to_datetime(k[S.TIMESTAMP], errors="coerce", utc=True)
    valid = stamps.notna()
    if valid.sum() < 2:
        return None
    stamps = stamps[valid]
    span = stamps.max() - stamps.min()
    if span < pd.Timedelta(days=3):
        freq, fmt, unit = "h", "%Y-%m-%d %H:00", "hour"
    elif span <= pd.Timedelta(days=120):
        freq, fmt, unit = "D", "%Y-%m-%d", "day"
    else:
        freq, fmt, unit = "W-MON", "%Y-%m-%d", "week"
    labels = _col(k, S.SENTIMENT_LABEL).fillna("").astype(str)[valid]
    bins = stamps.dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period(freq)
    periods = pd.period_range(bins.min(), bins.max(), freq=freq)
    table = pd.crosstab(bins, labels).reindex(periods, fill_value=0)
    rows = []
    for period, row in table.iterrows():
        rows.append({
            "period": period.start_time.strftime(fmt),
            "total": int(row.sum()),
            "negative": int(row.get("negative", 0)),
            "neutral": int(row.get("neutral", 0)),
            "positive": int(row.get("positive", 0)),
        })
    fmt_range = "%Y-%m-%d %H:%M" if unit == "hour" else "%Y-%m-%d"
    return {
        "unit": unit,
        "rows": rows,
        "start": stamps.min().strftime(fmt_range),
        "end": stamps.max().strftime(fmt_range),
        "with_time": int(valid.sum()),
        "has_sentiment": S.SENTIMENT_LABEL in k,
    }


def _group_sections(k: pd.DataFrame, topics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    labels = {t["topic_id"]: t["label"] for t in topics}
    sections = []
    for col, noun in GROUP_COLUMNS:
        if col not in k or not len(k):
            continue
        values = k[col].astype("string").fillna("").astype(str)
        if values.eq("").all() or values.nunique() < 2:
            continue
        sentiment = pd.to_numeric(_col(k, S.SENTIMENT, 0.0), errors="coerce").fillna(0.0)
        intent = _col(k, S.INTENT).fillna("").astype(str)
        topic = pd.to_numeric(_col(k, S.TOPIC_ID, -1), errors="coerce").fillna(-1).astype(int)
        rows = []
        for value, idx in values.groupby(values, sort=True).groups.items():
            if value == "":
                continue
            t = topic.loc[idx]
            placed = t[t != S.UNASSIGNED_TOPIC]
            top = int(placed.value_counts().sort_index().idxmax()) if len(placed) else None
            title = ""
            if col == S.POST_ID and "post_title" in k:
                first = k.loc[idx[0], "post_title"]
                title = "" if pd.isna(first) else str(first)
            rows.append({
                "value": str(value),
                "title": title,
                "count": len(idx),
                "sentiment": float(sentiment.loc[idx].mean()),
                "complaint_share": float((intent.loc[idx] == S.COMPLAINT).mean()),
                "request_share": float((intent.loc[idx] == S.REQUEST).mean()),
                "top_topic": labels.get(top, "") if top is not None else "",
            })
        rows.sort(key=lambda r: (-r["count"], r["value"]))
        sections.append({"column": col, "noun": noun, "values": int(values[values != ""].nunique()), "rows": rows[:15]})
    return sections


def _duplicates(frame: pd.DataFrame, display: str) -> dict[str, Any]:
    out: dict[str, Any] = {"dropped": 0, "top": []}
    if S.DROP_REASON in frame:
        out["dropped"] = int((frame[S.DROP_REASON].fillna("").astype(str) == S.DROP_DUPLICATE).sum())
    if S.DUPLICATE_COUNT in frame:
        copies = pd.to_numeric(frame[S.DUPLICATE_COUNT], errors="coerce").fillna(1).astype(int)
        top = copies[copies > 1].sort_values(ascending=False, kind="stable").head(3)
        for idx, n in top.items():
            out["top"].append({
                "copies": int(n),
                "comment_id": _text(frame.loc[idx, S.COMMENT_ID]) if S.COMMENT_ID in frame else str(idx),
                "text": _text(frame.loc[idx, display]),
            })
    return out


def _comment_rows(k: pd.DataFrame, display: str, topics: list[dict[str, Any]], limit: int) -> tuple[list[dict[str, Any]], int]:
    labels = {t["topic_id"]: t["label"] for t in topics}
    total = len(k)
    head = k.head(limit)
    ids = _col(head, S.COMMENT_ID).astype(str).tolist()
    texts = _col(head, display).map(_text).tolist()
    topic = pd.to_numeric(_col(head, S.TOPIC_ID, -1), errors="coerce").fillna(-1).astype(int).tolist()
    intent = _col(head, S.INTENT).fillna("").astype(str).tolist()
    sentiment = pd.to_numeric(_col(head, S.SENTIMENT, np.nan), errors="coerce").tolist()
    rows = []
    for i in range(len(head)):
        s = sentiment[i]
        rows.append({
            "id": ids[i],
            "text": texts[i],
            "topic": topic[i],
            "topic_label": labels.get(topic[i], ""),
            "intent": intent[i],
            "sentiment": None if s is None or np.isnan(s) else round(float(s), 2),
        })
    return rows, total


def describe_sentiment(value: float) -> str:
    """Plain words for a mean sentiment (re-exported for the renderers)."""
    return sentiment_words(value)


def growth_note(facts: ReportFacts) -> str:
    """One sentence on which lessons grew in the latest third of the period."""
    growing = [x for x in facts.lessons if x.get("kind") == "trend" or (x.get("growth") or 0) >= 0.5]
    if not growing:
        return "No lesson's share of comments grew by half or more in the latest third of the period."
    names = "; ".join(f"#{x.get('rank', '?')} {x['title']}" for x in growing[:3])
    return f"Growing in the latest third of the period: {names}."
