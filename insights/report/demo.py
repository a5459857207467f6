"""A small, hand-made Analysis for trying the report without running the models.

Comments about a fictional recipe app, as if every stage had run: topics, intents,
sentiment, grouped requests and complaints, timestamps, authors, likes and two posts.
Used by the report tests and by ``scripts/screenshot_report.py``.

Example:
    >>> from insights.report.demo import demo_analysis
    >>> demo_analysis().counts()["rows_read"]  # doctest: +SKIP
    33
"""

from __future__ import annotations

import pandas as pd

from insights import schema as S
from insights.analysis import Analysis
from insights.corpus import Corpus

# (text, topic, intent, sentiment, intent_text, author, likes, day, post)
ROWS: list[tuple[str, int, str, float, str, str, int, int, str]] = [
    ("The app crashes every time I open a recipe. Please fix this!", 0, "complaint", -0.7, "app crashes when opening a recipe", "ana", 12, 1, "v1"),
    ("Crashes on launch since the last update, unusable.", 0, "complaint", -0.8, "app crashes on launch", "ben", 8, 2, "v1"),
    ("It keeps crashing when I save a recipe, so frustrating", 0, "complaint", -0.6, "app crashes when saving", "cleo", 5, 5, "v2"),
    ("Crash again after the update. Unacceptable.", 0, "complaint", -0.9, "app crashes after update", "dev", 3, 6, "v2"),
    ("App crashed twice while cooking dinner, lost my timer", 0, "complaint", -0.6, "app crashes while cooking", "eli", 2, 6, "v2"),
    ("Still crashing on my Pixel. Help!", 0, "complaint", -0.5, "app crashes on pixel", "fay", 1, 6, "v2"),
    ("Please add a dark mode, the white screen is blinding at night", 1, "request", 0.1, "add a dark mode", "gus", 20, 1, "v1"),
    ("Dark mode please!!", 1, "request", 0.2, "add dark mode", "hal", 15, 2, "v1"),
    ("Would love a dark theme for late-night baking", 1, "request", 0.5, "add a dark theme", "ivy", 9, 3, "v1"),
    ("Can you add dark mode? My eyes hurt.", 1, "request", -0.2, "add dark mode", "jon", 4, 4, "v2"),
    ("Add dark mode and I'll give five stars", 1, "request", 0.3, "add dark mode", "kim", 2, 5, "v2"),
    ("Love the step-by-step videos, so easy to follow", 2, "praise", 0.9, "", "lea", 30, 1, "v1"),
    ("The cooking videos are fantastic, my kids love them", 2, "praise", 0.9, "", "max", 11, 2, "v1"),
    ("Great videos, clear and short. Thank you!", 2, "praise", 0.8, "", "ned", 6, 3, "v1"),
    ("Best recipe videos I have found anywhere", 2, "praise", 0.8, "", "ola", 4, 4, "v2"),
    ("How do I export my shopping list?", 3, "question", 0.0, "", "pam", 3, 2, "v1"),
    ("Is there a way to share the shopping list with my partner?", 3, "question", 0.1, "", "quinn", 2, 3, "v1"),
    ("Can the shopping list sort items by aisle?", 3, "question", 0.0, "", "rae", 1, 5, "v2"),
    ("Where did the shopping list go after the update?", 3, "question", -0.3, "", "sam", 1, 6, "v2"),
    ("The subscription is too expensive for what it offers", 4, "complaint", -0.6, "subscription is too expensive", "tia", 7, 4, "v2"),
    ("Charged twice for premium this month, no reply from support", 4, "complaint", -0.8, "charged twice for premium", "uma", 5, 5, "v2"),
    ("$9.99 a month is a lot for recipes", 4, "complaint", -0.4, "subscription is too expensive", "vic", 3, 6, "v2"),
    ("Please bring back the old timer screen", 0, "request", -0.1, "bring back the old timer", "wes", 2, 6, "v2"),
    ("<script>alert(1)</script> nice app", 2, "praise", 0.6, "", "xss", 0, 3, "v1"),
    ("<img src=x onerror=alert(2)> the videos are great </script>", 2, "praise", 0.7, "", "xss2", 0, 4, "v1"),
    ("Made the lasagna tonight, turned out great", -1, "other", 0.6, "", "yan", 1, 3, "v1"),
    ("ok", -1, "other", 0.0, "", "zed", 0, 2, "v1"),
]
DROPPED: list[tuple[str, str]] = [
    ("Check out my channel for FREE recipes www.example.com", S.DROP_SPAM),
    ("Check out my channel for FREE recipes www.example.com", S.DROP_DUPLICATE),
    ("Check out my channel for FREE recipes www.example.com", S.DROP_DUPLICATE),
    ("😍😍😍", S.DROP_EMOJI_ONLY),
    ("", S.DROP_EMPTY),
    ("Receta muy buena, gracias", S.DROP_NON_ENGLISH),
]
LABELS = {0: "app crashes", 1: "dark mode", 2: "cooking videos", 3: "shopping list", 4: "subscription price"}


def demo_corpus() -> Corpus:
    """The demo run before the lessons stage (see module docstring)."""
    records = []
    for i, (text, topic, intent, sent, itext, author, likes, day, post) in enumerate(ROWS):
        records.append({
            S.COMMENT_ID: f"c{i + 1}", S.TEXT: text, S.DISPLAY_TEXT: text, S.CLEAN_TEXT: text.lower(),
            S.KEPT: True, S.DROP_REASON: "", S.LANGUAGE: "en", S.DUPLICATE_OF: "", S.DUPLICATE_COUNT: 1,
            S.SPAM_SCORE: 0.05, S.TOPIC_ID: topic, S.TOPIC_LABEL: LABELS.get(topic, ""), S.INTENT: intent,
            S.INTENT_TEXT: itext, S.SENTIMENT: sent,
            S.SENTIMENT_LABEL: "negative" if sent <= -0.05 else "positive" if sent >= 0.05 else "neutral",
            S.AUTHOR: author, S.LIKES: likes, S.POST_ID: post,
            S.TIMESTAMP: pd.Timestamp("2025-03-01", tz="UTC") + pd.Timedelta(days=day, hours=i % 7),
        })
    for j, (text, reason) in enumerate(DROPPED):
        records.append({
            S.COMMENT_ID: f"d{j + 1}", S.TEXT: text, S.DISPLAY_TEXT: text, S.CLEAN_TEXT: text.lower(),
            S.KEPT: False, S.DROP_REASON: reason, S.LANGUAGE: "es" if reason == S.DROP_NON_ENGLISH else "en",
            S.DUPLICATE_OF: "d1" if reason == S.DROP_DUPLICATE else "", S.DUPLICATE_COUNT: 3 if j == 0 else 1,
            S.SPAM_SCORE: 0.9 if j < 3 else 0.1, S.TOPIC_ID: -1, S.TOPIC_LABEL: "", S.INTENT: "", S.INTENT_TEXT: "",
            S.SENTIMENT: 0.0, S.SENTIMENT_LABEL: "neutral", S.AUTHOR: "spammer" if j < 3 else f"u{j}", S.LIKES: 0,
            S.POST_ID: "v1", S.TIMESTAMP: pd.Timestamp("2025-03-02", tz="UTC"),
        })
    comments = pd.DataFrame.from_records(records)
    kept = comments[S.KEPT].to_numpy(dtype=bool)
    topics = []
    for tid, label in LABELS.items():
        rows = comments[kept & (comments[S.TOPIC_ID] == tid)]
        topics.append({
            "topic_id": tid, "label": label, "keywords": label.replace(" ", "; "), "size": len(rows),
            "share": len(rows) / kept.sum(), "sentiment": rows[S.SENTIMENT].mean(),
        })

    def groups(intent: str) -> pd.DataFrame:
        rows = comments[kept & (comments[S.INTENT] == intent)]
        out = []
        for gid, (phrase, sub) in enumerate(rows.groupby(rows[S.INTENT_TEXT].str.replace(" a ", " "), sort=True)):
            out.append({
                S.GROUP_ID: gid, S.GROUP_PHRASE: phrase, S.GROUP_COUNT: len(sub), S.GROUP_AUTHORS: sub[S.AUTHOR].nunique(),
                S.GROUP_COMMENT_IDS: ";".join(sub[S.COMMENT_ID]), S.GROUP_SENTIMENT: sub[S.SENTIMENT].mean(),
            })
        return pd.DataFrame(out)

    info = {"load": {"source": "recipes_app_comments.csv", "text_column": "text"}}
    return Corpus(comments=comments, embeddings=None, topics=pd.DataFrame(topics), requests=groups("request"),
                  complaints=groups("complaint"), info=info)


def demo_analysis(**lesson_options: object) -> Analysis:
    """The demo run after the lessons stage, ready for ``ReportWriter().write``."""
    from insights.lessons import LessonStage
    from insights.report.writer import ReportWriter

    corpus = LessonStage(**lesson_options).run(demo_corpus())  # type: ignore[arg-type]
    return Analysis(corpus, report_writer=ReportWriter(title="What people say about the recipe app"))

