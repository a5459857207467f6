"""`compare()`: groups or periods side by side, with tests; `Comparison` holds and writes it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from insights import schema as S
from insights.compare import groups as G
from insights.compare import verdicts as V
from insights.compare.check import BY_ALIASES, missing_column_error, renamed_columns, resolve_column
from insights.compare.complaint_topics import fit_complaint_topics, stage_like, user_named_topics
from insights.compare.engagement import intent_flags
from insights.compare.specifics import cell_specifics, group_phrases
from insights.compare.terms import distinctive_terms
from insights.compare.topics import (
    SCOPE_ALL,
    SCOPE_COMPLAINTS,
    topic_ids,
    topic_labels,
    topic_table,
)
from insights.compare.trends import emerging, period_labels, trends
from insights.errors import invalid_parameter
from insights.topics.labels import text_forms, uses

MISSING_LABEL = "(none)"


class Comparison:
    """The result of :func:`compare`: tables, verdicts, and ``save()``.

    Attributes:
        groups: ``compare_groups.csv``: one row per group with shares, sentiment,
            Holm-corrected ``*_p`` (group vs the rest), bootstrap ``*_low``/``*_high``.
        topics: ``compare_topics.csv``: group x topic count, share, lift, BH-corrected p.
        pairs: every pair of groups on every measure (Holm-corrected).
        omnibus: one test per measure across all groups (Holm over measures).
        trends / emerging: topic volume per period and flagged topics (None without a period).
        terms: ``compare_terms.csv``: per group, the words its complaints use more than the
            other groups' (see :mod:`insights.compare.terms`); None when not computed.
        complaint_topics: ``compare_complaint_topics.csv``: the topics fitted on the kept
            complaints alone, whose ids the ``complaints`` scope of ``topics`` uses; None when
            that scope counts the run's topics (see :mod:`insights.compare.complaint_topics`).
        complaint_topic_ids: each compared comment's topic among those (-1 for the comments
            that are not kept complaints), in the order of the compared comments; or None.
        specifics: (scope, group, topic_id) -> [(phrase, count)]: the complaint groups most of
            an over-represented complaint cell's comments fall in (:mod:`insights.compare.specifics`);
            also the ``top_complaints`` column of ``topics``.
        verdicts: the findings a test backs, strongest first.
        info: what was compared (by, period, rows, groups, methods).
    """

    def __init__(
        self,
        groups: pd.DataFrame,
        topics: pd.DataFrame,
        pairs: pd.DataFrame,
        omnibus: pd.DataFrame,
        verdicts: list[V.Verdict],
        info: dict[str, Any],
        trends: pd.DataFrame | None = None,
        emerging: pd.DataFrame | None = None,
        quotes: dict[tuple[str, int], str] | None = None,
        terms: pd.DataFrame | None = None,
        complaint_topics: pd.DataFrame | None = None,
        complaint_topic_ids: np.ndarray | None = None,
        specifics: dict[tuple[str, str, int], list[tuple[str, int]]] | None = None,
    ) -> None:
        self.groups = groups
        self.topics = topics
        self.pairs = pairs
        self.omnibus = omnibus
        self.verdicts = verdicts
        self.info = info
        self.trends = trends
        self.emerging = emerging
        self.quotes = quotes or {}
        self.terms = terms
        self.complaint_topics = complaint_topics
        self.complaint_topic_ids = complaint_topic_ids
        self.specifics = specifics or {}

    def summary_lines(self, limit: int = 8) -> list[str]:
        """The top verdicts as short lines for a terminal (an honest line when there are none).

        Example:
            >>> cmp.summary_lines()  # doctest: +SKIP
            ['Compared 3 variants (189 comments).', 'Variant B drew 2.4x more questions than ...']
        """
        info = self.info
        lines = [f"Compared {info['n_groups']} {info['plural']} ({info['comments']} comments)."]
        lines += self.top_verdicts(limit)
        if self.emerging is not None:
            lines += V.emerging_lines(self.emerging, info["period"])[:3]
        return lines

    def top_verdicts(self, limit: int = 8) -> list[str]:
        """The strongest verdicts: measures first, then topics taking turns across groups;
        the honest "no difference" sentence when none survives."""
        measure = [v.text for v in self.verdicts if v.kind == "measure"]
        topic = _round_robin([v for v in self.verdicts if v.kind == "topic"])
        found = measure[: max(limit - min(len(topic), limit // 2), 0)] + topic
        return found[:limit] if found else [V.nothing_line(self.groups, self.info["min_group_size"])]

    def to_markdown(self) -> str:
        """``compare.md`` as a string."""
        from insights.compare.write import render_markdown

        return render_markdown(self)

    def to_html(self) -> str:
        """``compare.html`` as a string: one self-contained, offline, printable file."""
        from insights.compare.write import render_html

        return render_html(self)

    def save(self, out_dir: str | Path) -> dict[str, Path]:
        """Write compare_groups.csv, compare_topics.csv, compare_pairs.csv, compare_terms.csv,
        compare.md, compare.html (and compare_trends.csv / compare_emerging.csv with a period,
        compare_complaint_topics.csv when the complaints scope has its own topics).

        Files are staged in a temporary folder and moved into place together.

        Example:
            >>> compare(result, by="variant").save("out/")  # doctest: +SKIP
            {'compare_groups.csv': PosixPath('out/compare_groups.csv'), ...}
        """
        from insights.analysis import neutralise_formulas
        from insights.outputs import write_atomically

        tables = {
            "compare_groups.csv": self.groups,
            "compare_topics.csv": self.topics,
            "compare_pairs.csv": self.pairs,
        }
        if self.trends is not None:
            tables["compare_trends.csv"] = self.trends
        if self.emerging is not None:
            tables["compare_emerging.csv"] = self.emerging
        if self.terms is not None:
            tables["compare_terms.csv"] = self.terms
        if self.complaint_topics is not None:
            tables["compare_complaint_topics.csv"] = self.complaint_topics

        def write(staging: Path) -> dict[str, Path]:
            written = {}
            for name, table in tables.items():
                written[name] = staging / name
                neutralise_formulas(table).to_csv(written[name], index=False, lineterminator="\n")
            for name, text in (("compare.md", self.to_markdown()), ("compare.html", self.to_html())):
                written[name] = staging / name
                written[name].write_text(text, encoding="utf-8")
            return written

        return write_atomically(out_dir, write)


def _round_robin(verdicts: list[V.Verdict]) -> list[str]:
    """Topic verdicts taking turns across groups, so a terminal summary covers every group."""
    by_group: dict[str, list[str]] = {}
    for v in verdicts:
        by_group.setdefault(v.group, []).append(v.text)
    out: list[str] = []
    while any(by_group.values()):
        for texts in by_group.values():
            if texts:
                out.append(texts.pop(0))
    return out


@dataclass
class _Source:
    """What compare reads from its input: an Analysis gives all of it, a bare DataFrame only
    ``comments``."""

    comments: pd.DataFrame
    topics: pd.DataFrame | None = None
    complaints: pd.DataFrame | None = None  # complaints.csv: grouped complaint phrases
    embeddings: np.ndarray | None = None  # one row per comment
    info: dict[str, Any] | None = None  # the run's info (load's detected columns, topics' options)


def _source_of(source: Any) -> _Source:
    if isinstance(source, pd.DataFrame):
        return _Source(source)
    if hasattr(source, "comments") and isinstance(source.comments, pd.DataFrame):
        def frame(name: str) -> pd.DataFrame | None:
            value = getattr(source, name, None)
            return value if isinstance(value, pd.DataFrame) and len(value) else None

        info = getattr(source, "info", None)
        return _Source(source.comments, frame("topics"), frame("complaints"),
                       getattr(getattr(source, "corpus", None), "embeddings", None),
                       info if isinstance(info, dict) else None)
    raise invalid_parameter("compare", "analysis_or_comments", "an Analysis or a DataFrame of comments",
                            type(source).__name__)


def _resolve_column(comments: pd.DataFrame, by: str, run_info: dict[str, Any] | None = None) -> str:
    found = resolve_column([str(c) for c in comments.columns], by, renamed_columns((run_info or {}).get("load")))
    if found is None:
        raise missing_column_error(by, [str(c) for c in comments.columns], "the comments")
    return found


def _group_keys(comments: pd.DataFrame, column: str, missing: str) -> np.ndarray:
    values = comments[column].astype(object)
    present = [v for v in values.tolist() if isinstance(v, float) and not math.isnan(v)]
    # An integer column with gaps reads as floats (1.0, 2.0): show 1, 2. A real float column
    # (app version 3.0, 3.1) keeps its decimals.
    whole = bool(present) and all(v.is_integer() for v in present)

    def key(v: Any) -> str:
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            return ""
        if whole and isinstance(v, float):
            return str(int(v))
        return str(v).strip()

    text = values.map(key)
    keys = text.to_numpy(dtype=object, copy=True)
    empty = keys == ""
    keys[empty] = MISSING_LABEL if missing == "group" else None
    return keys


def _plural(noun: str) -> str:
    return noun if noun.endswith("s") else noun + "s"


_QUOTE_WORD = re.compile(r"[^\W\d_]+")


def _topic_words(topics: pd.DataFrame | None, labels: dict[int, str]) -> dict[int, set[str]]:
    """The words that say what each topic is about: its keywords and its label's words."""
    out: dict[int, set[str]] = {t: set(_QUOTE_WORD.findall(str(label).lower())) for t, label in labels.items()}
    if topics is not None and len(topics) and S.TOPIC_ID in topics and "keywords" in topics:
        for tid, kws in zip(topics[S.TOPIC_ID].tolist(), topics["keywords"].tolist()):
            if pd.notna(tid) and isinstance(kws, str):
                out.setdefault(int(tid), set()).update(_QUOTE_WORD.findall(kws.lower()))
    generic = {"problems", "problem", "other", "chatter", "and", "or"}
    return {t: w - generic for t, w in out.items()}


def _quote_pick(rows: list[int], texts: list[str], words: set[str], forms: dict[int, set[str]],
                tone: list[str] | None = None) -> int:
    """The row to quote for one group x topic cell, the comment most typical of it: long enough to
    say something (5+ words); in the cell's usual tone (a praise topic is not quoted with its one
    complaint); using the topic word most of the cell's comments use (Virgin America's "Email and
    website problems" complaints are mostly about the site: the quote is about the site), then
    the most such words, each weighted by how many of the cell's comments use it; first in input
    order on a tie."""
    for i in rows:
        if i not in forms:
            forms[i] = text_forms(texts[i])
    weight = {w: sum(uses(w, forms[i]) for i in rows) for w in sorted(words)}
    usual = max(sorted({tone[i] for i in rows}), key=lambda t: sum(tone[i] == t for i in rows)) if tone else None

    def score(i: int) -> tuple:
        hits = [n for w, n in weight.items() if n and uses(w, forms[i])]
        return len(texts[i].split()) >= 5, tone is None or tone[i] == usual, max(hits, default=0), sum(hits), -i

    return max(rows, key=score)


def _quotes(comments: pd.DataFrame, keys: np.ndarray, topics: pd.DataFrame,
            words: dict[int, set[str]] | None = None,
            scoped: dict[str, tuple[np.ndarray, dict[int, set[str]]]] | None = None) -> dict:
    """One representative quote for each group's over-represented topics: among the cell's kept
    comments of at least five words, the one using most of the topic's words (keywords and
    label) that the cell's comments use, weighted by how many do (see ``_quote_pick``): what
    people actually wrote, about the topic and about what this group says of it (the first
    comment of a cell is often about something else). ``scoped`` gives a scope its own topic ids
    and words (the complaints scope's topics fitted on the complaints alone)."""
    if topics.empty:
        return {}
    col = S.DISPLAY_TEXT if S.DISPLAY_TEXT in comments else S.TEXT
    if col not in comments:
        return {}
    words = words or {}
    texts = comments[col].fillna("").astype(str).tolist()
    kept = comments[S.KEPT].fillna(False).to_numpy(dtype=bool) if S.KEPT in comments else np.ones(len(texts), bool)
    tids = topic_ids(comments)
    complaint = intent_flags(comments, S.COMPLAINT)
    forms: dict[int, set[str]] = {}
    tone = comments[S.SENTIMENT_LABEL].fillna("").astype(str).tolist() if S.SENTIMENT_LABEL in comments else None
    out = {}
    for (scope, group), part in topics.groupby(["scope", "group"], sort=False):
        base = kept & (keys == group) & (complaint if scope == SCOPE_COMPLAINTS else True)
        scope_tids, scope_words = (scoped or {}).get(str(scope), (tids, words))
        for tid in part.loc[part["lift"] > 1, "topic_id"].tolist():
            rows = np.flatnonzero(base & (scope_tids == tid))
            if len(rows) == 0:
                continue
            text = texts[_quote_pick(rows.tolist(), texts, scope_words.get(int(tid), set()), forms, tone)]
            out[(str(scope), str(group), int(tid))] = text if len(text) <= 240 else text[:239] + "\u2026"
    return out


def compare(
    analysis_or_comments: Any,
    by: str | None = None,
    period: Literal["day", "week", "month"] | None = None,
    topics: pd.DataFrame | None = None,
    *,
    alpha: float = 0.05,
    missing: Literal["drop", "group"] = "drop",
    n_boot: int = 1000,
    seed: int = 0,
    min_group_size: int = 10,
    min_topic_count: int = 3,
    recent: int = 1,
    min_praise_words: int = 6,
    use_spacy: bool = True,
    order: list[str] | None = None,
    noun: str | None = None,
    names: dict[str, str] | None = None,
    min_ratio: float = 1.2,
    min_sentiment_gap: float = 0.1,
    complaint_topics: bool = True,
    embeddings: np.ndarray | None = None,
    embed: bool = True,
    topic_stage: Any = None,
) -> Comparison:
    """Compare groups (a column) or periods of the analysed comments.

    Args:
        analysis_or_comments: an :class:`insights.Analysis` or its ``comments`` frame.
        by: the column to split by (``variant``, ``post_id`` or ``post``, ``airline``...).
        period: "day", "week" or "month" on ``timestamp``. Alone, the groups are the
            periods; with ``by``, it adds topic trends and emerging / fading topics.
        topics: the topics table for labels (taken from the Analysis when omitted).
        alpha: significance level applied to corrected p-values.
        missing: rows with an empty ``by`` value are left out ("drop", the default: in
            an A/B test the other posts are not a control group) or form the group
            "(none)" ("group").
        n_boot: bootstrap resamples for the 95% intervals; ``seed`` fixes them.
        min_group_size: groups with fewer kept comments get no verdict.
        min_topic_count: a topic needs this many comments in a group for a verdict.
        recent: periods counted as "recent" when flagging emerging topics.
        min_praise_words / use_spacy: what makes praise specific (substantive); ``use_spacy``
            also keeps the words lens to content words (see :mod:`insights.compare.terms`).
        min_ratio / min_sentiment_gap: the smallest share ratio / mean sentiment gap a
            verdict reports; a significant but smaller difference stays in the tables
            (with thousands of comments, 1.05x is "significant" and not news).
        order: the group order to report (default: sorted; chronological for periods).
        noun: what one group is called in sentences ("variant"; default: the column name).
        names: display names for groups in sentences (default: "Variant B" for short
            values, the value itself otherwise).
        complaint_topics: count "what each group complains about more" on topics fitted
            on the kept complaints alone (:mod:`insights.compare.complaint_topics`; their
            table is ``Comparison.complaint_topics``); False counts the run's topics.
        embeddings: the comments' embeddings for that fit (one row per comment or per kept
            complaint); taken from an Analysis when omitted.
        embed: with neither, embed the complaints' texts (default embedder, cached on disk);
            False counts the run's topics instead.
        topic_stage: the topics stage fitted on the complaints (default: the pipeline's
            ``TopicStage`` with the options the run recorded).

    Returns:
        A :class:`Comparison`.

    Example:
        >>> import insights
        >>> from insights.compare import compare
        >>> result = insights.analyze("data/sample/comments.csv")  # doctest: +SKIP
        >>> cmp = compare(result, by="variant")  # doctest: +SKIP
        >>> print("\\n".join(cmp.summary_lines()))  # doctest: +SKIP
    """
    source = _source_of(analysis_or_comments)
    comments, run_info = source.comments, source.info
    topics = topics if topics is not None else source.topics
    embeddings = embeddings if embeddings is not None else source.embeddings
    if by is None and period is None:
        if S.GROUP in comments.columns:
            by = S.GROUP
        else:
            raise invalid_parameter("compare", "by", "a column name (or pass period='week')", None)
    if missing not in ("drop", "group"):
        raise invalid_parameter("compare", "missing", "'drop' or 'group'", missing)
    if not 0 < alpha < 1:
        raise invalid_parameter("compare", "alpha", "a float between 0 and 1", alpha)
    comments = comments.reset_index(drop=True)
    if by is not None:
        column = _resolve_column(comments, by, run_info)
        keys = _group_keys(comments, column, missing)
        # A column the loader renamed is named as the user wrote it ("app", not "post").
        named = by if column.lower() != by.lower() and by.lower() not in BY_ALIASES else column
        noun = noun or ("post" if named == S.POST_ID else named.replace("_", " ").strip())
    else:
        column = S.TIMESTAMP
        keys = period_labels(comments, period).to_numpy(dtype=object)
        noun = noun or str(period)
    present = sorted({k for k in keys.tolist() if k is not None})
    groups = [g for g in order if g in present] if order else present
    values = G.per_comment_values(comments, min_praise_words=min_praise_words, use_spacy=use_spacy)
    table = G.group_table(values, keys, groups, n_boot=n_boot, seed=seed, correction="holm")
    pairs = G.pairwise_table(values, keys, groups, correction="holm")
    omnibus = G.omnibus_table(values, keys, groups, correction="holm", seed=seed)
    labels = topic_labels(comments, topics)
    topic_tab = topic_table(comments, keys, groups, labels, correction="bh", scope=SCOPE_ALL, alpha=alpha)
    complaints = intent_flags(comments, S.COMPLAINT)
    refit = None
    if complaints.any() and complaint_topics and not user_named_topics(run_info) and (embeddings is not None or embed):
        stage = topic_stage if topic_stage is not None else stage_like(run_info)
        refit = fit_complaint_topics(comments, complaints, embeddings, stage)
    if complaints.any():
        # What each group complains about more: the question annotated complaint reasons answer.
        among = topic_table(comments, keys, groups, refit.labels if refit else labels, correction="bh",
                            within=complaints, scope=SCOPE_COMPLAINTS, alpha=alpha,
                            tids=refit.ids if refit else None)
        topic_tab = pd.concat([topic_tab, among], ignore_index=True) if len(among) else topic_tab
    # Words as a second lens: they do not depend on how the topics split a subject.
    terms = distinctive_terms(comments, keys, groups, within=complaints if complaints.any() else None,
                              scope=SCOPE_COMPLAINTS if complaints.any() else SCOPE_ALL, min_count=min_topic_count,
                              use_spacy=use_spacy)
    prefixed = by is None or all(len(g) <= 3 for g in groups)
    names = {g: (names or {}).get(g) or V.display_group(g, noun, prefixed) for g in groups}
    verdicts = V.measure_verdicts(table, pairs, omnibus, names, _plural(noun), alpha, min_group_size,
                                  min_ratio=min_ratio, min_sentiment_gap=min_sentiment_gap)
    verdicts += V.topic_verdicts(topic_tab, table, names, alpha, min_group_size, min_topic_count)
    trend_tab = emerging_tab = None
    if period is not None:
        trend_tab = trends(comments, period, topics)
        emerging_tab = emerging(comments, period, recent=recent, alpha=alpha, min_count=min_topic_count,
                                topics=topics)
    info = {
        "by": by, "column": column, "period": period, "noun": noun, "plural": _plural(noun),
        "names": names, "rows": len(comments), "rows_in_groups": int(pd.notna(keys).sum()),
        "comments": int(table["comments"].sum()) if len(table) else 0, "n_groups": len(groups),
        "missing": missing, "alpha": alpha, "n_boot": n_boot, "seed": seed,
        "min_group_size": min_group_size, "min_topic_count": min_topic_count, "min_ratio": min_ratio,
        "has_topics": S.TOPIC_ID in comments.columns,
        "has_sentiment": S.SENTIMENT in comments.columns or S.SENTIMENT_LABEL in comments.columns,
        "has_intents": S.INTENT in comments.columns or S.INTENTS_ALL in comments.columns,
        "complaint_topics": refit.info if refit else None,
    }
    scoped = {SCOPE_COMPLAINTS: (refit.ids, _topic_words(refit.table, refit.labels))} if refit else None
    # What each over-represented complaint cell says most, in the grouped complaints' phrases.
    specifics = cell_specifics(comments, keys, topic_tab, refit.ids if refit else topic_ids(comments), complaints,
                               group_phrases(source.complaints))
    if len(topic_tab):
        topic_tab["top_complaints"] = [
            "; ".join(f"{p} ({n})" for p, n in specifics.get((str(sc), str(g), int(t)), []))
            for sc, g, t in zip(topic_tab["scope"], topic_tab["group"], topic_tab["topic_id"])
        ]
    return Comparison(table, topic_tab, pairs, omnibus, verdicts, info, trend_tab, emerging_tab,
                      _quotes(comments, keys, topic_tab, _topic_words(topics, labels), scoped), terms,
                      complaint_topics=refit.table if refit else None,
                      complaint_topic_ids=refit.ids if refit else None, specifics=specifics)


def compare_inputs(before: Any, after: Any, **options: Any) -> Comparison:
    """Compare two analysed inputs, labelled "before" and "after".

    Topic ids of two separate runs do not mean the same thing, so topics are matched
    by label; a topic only one run found still shows up, with all its comments on one
    side. For topics fitted once on both inputs, analyse the two files together with a
    group column and call :func:`compare` ``by`` it instead.

    Example:
        >>> cmp = compare_inputs(insights.analyze("may.csv"), insights.analyze("june.csv"))  # doctest: +SKIP
    """
    frames, matrices = [], []
    for label, given in (("before", before), ("after", after)):
        source = _source_of(given)
        comments, topics = source.comments, source.topics
        matrices.append(source.embeddings)
        frame = comments.copy()
        names = topic_labels(frame, topics)
        if S.TOPIC_ID in frame:
            ids = topic_ids(frame)
            frame[S.TOPIC_LABEL] = [names.get(int(t), "") if t != S.UNASSIGNED_TOPIC else "" for t in ids]
        frame["_input"] = label
        frames.append(frame)
    both = pd.concat(frames, ignore_index=True)
    if S.TOPIC_LABEL in both:
        label_list = sorted({x for x in both[S.TOPIC_LABEL].fillna("").astype(str) if x})
        index = {label: i for i, label in enumerate(label_list)}
        both[S.TOPIC_ID] = [index.get(x, S.UNASSIGNED_TOPIC) for x in both[S.TOPIC_LABEL].fillna("").astype(str)]
    options.setdefault("order", ["before", "after"])
    options.setdefault("noun", "input")
    options.setdefault("names", {"before": "Before", "after": "After"})
    # The runs' own embeddings for the complaint topics, when both kept theirs in one space
    # (else compare embeds the complaints itself).
    if (options.get("embeddings") is None and all(m is not None for m in matrices)
            and len({np.shape(m)[1] for m in matrices}) == 1):
        options["embeddings"] = np.vstack([np.asarray(m) for m in matrices])
    cmp = compare(both, by="_input", topics=None, **options)
    cmp.info["by"] = "input"
    return cmp
