"""Stage `lessons`: turn grouped requests, complaints and topics into ranked lessons.

Reads ``kept``, ``intent``, ``topic_id``, ``topic_label``, ``sentiment``,
``display_text`` (else ``text``), ``comment_id`` and, when present, ``author``,
``likes``, ``timestamp``; plus ``corpus.topics``, ``corpus.requests`` and
``corpus.complaints``. Adds no column: it sets ``corpus.lessons`` (written to
``lessons.json``) and ``corpus.info["lessons"]`` (how they were ranked).

Where lessons come from:

* every request group and complaint group (``requests.csv`` / ``complaints.csv``);
* every topic, once per intent that is common in it (complaints about a topic,
  requests about it, questions about it, praise of it);
* trends: topics whose share of comments grew over time, when timestamps exist.

Each lesson is ranked by ``score = reach x intensity x change`` (see
:func:`score_lesson`), near-duplicates are removed (a lesson whose evidence
mostly repeats a better-ranked one, or the same topic with the same kind twice),
and the best ``max_lessons`` are kept. Titles come from fixed templates, so the
same input always gives the same words; an optional LLM (``llm_url`` /
``llm_model``) may rephrase titles and summaries from the evidence, and any
failure falls back to the template titles (logged in ``corpus.info["llm"]``).

Faithful by construction: every quote is a verbatim ``display_text``, every
``evidence`` id is a ``comment_id`` of a kept row, every count is the number of
evidence ids, and a candidate without evidence never becomes a lesson.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from typing import Any

import numpy as np
import pandas as pd

from insights import schema as S
from insights.corpus import Corpus
from insights.errors import invalid_parameter
from insights.nlp import load_parser
from insights.topics.labels import is_catch_all, stem, text_forms, word_forms

KINDS: tuple[str, ...] = ("complaint", "request", "question", "praise", "trend")

# Why these weights: complaints and requests are what a team acts on first; praise
# tells it what not to break, so it ranks a little lower at the same reach. A trend
# counts every comment of its topic (not only one intent), so it is weighted down.
KIND_WEIGHT: dict[str, float] = {"complaint": 1.0, "request": 1.0, "question": 0.9, "praise": 0.8, "trend": 0.7}

# Words that signal urgency in any domain (time pressure, repetition, escalation).
URGENT = re.compile(
    r"\b(urgent(ly)?|asap|immediately|right now|still|again|every time|days|weeks|never|"
    r"worst|unacceptable|ridiculous|terrible|awful|horrible|help|please fix|refund)\b|!",
    re.IGNORECASE,
)

_PEOPLE = "commenters"

# The share of a topic lesson's comments a grouped phrase must name to become its title.
_NAMING_COVERAGE = 0.3
# A grouped phrase this big against a topic lesson it sits in (its comments) is that lesson's
# subject, and may name it; a smaller one is a narrower problem inside it, a lesson of its own.
_PART_OF_TOPIC = 0.15
# ... if at least this many comments say it: fewer stay among the topic lesson's problems.
_NARROW_MIN = 10


# --- small text helpers -----------------------------------------------------------------


def readable_label(label: Any, keywords: Any = None) -> str:
    """A topic label as plain words: ``"3_bag_lost_luggage"`` -> ``"bag, lost, luggage"``.

    Example:
        >>> readable_label("2_late_flight_delay")
        'late, flight, delay'
        >>> readable_label("", "wifi; seats")
        'wifi, seats'
    """
    text = "" if label is None or (isinstance(label, float) and math.isnan(label)) else str(label)
    text = re.sub(r"^-?\d+[_:\s-]+", "", text.strip())
    if "_" in text and " " not in text:
        text = ", ".join(w for w in text.split("_") if w)
    if not text and keywords is not None and not (isinstance(keywords, float) and math.isnan(keywords)):
        words = keywords if isinstance(keywords, (list, tuple)) else re.split(r"[;,|]\s*", str(keywords))
        text = ", ".join(str(w).strip() for w in list(words)[:3] if str(w).strip())
    for sep in ("/", ",", ";", "|"):  # drop empty keywords: " / edition" -> "edition"
        if sep in text:
            text = f"{sep} ".join(p.strip() for p in text.split(sep) if p.strip()).replace("/ ", " / ")
    return text.strip(" /,;|-_") or "other things"


def clean_phrase(phrase: Any) -> str:
    """A grouped request/complaint phrase ready for a template (no 'please', no end punctuation).

    Example:
        >>> clean_phrase("Please add dark mode!")
        'add dark mode'
    """
    text = re.sub(r"\s+", " ", str(phrase or "")).strip()
    text = re.sub(r"^(please|pls|plz|kindly)\s+", "", text, flags=re.IGNORECASE)
    text = text.strip(" .!?;:,\"'")
    if text[:1].isupper() and not text[:2].isupper():
        text = text[0].lower() + text[1:]
    return text


_BASE_VERB_TAGS = {"VB"}
_FINITE_TAGS = {"VBZ", "VBD", "VBP", "MD"}


def _tags(phrase: str) -> list[str]:
    """Penn tags of a short phrase with spaCy; [] when no English pipeline is installed."""
    return list(_tags_of(phrase))


@functools.lru_cache(maxsize=8192)
def _tags_of(phrase: str) -> tuple[str, ...]:
    # Titles, objects and completions ask for the same phrases again and again.
    try:
        # The pipeline the topic labels and complete_phrase already loaded (tags come before the
        # parser, so they are the same): a second, tagger-only copy cost a load of its own.
        nlp = load_parser()
    except Exception:  # noqa: BLE001 - the templates below work without tags, only less fluently
        return ()
    return tuple(t.tag_ for t in nlp(phrase))


def complete_phrase(phrase: str, texts: Sequence[str]) -> str:
    """Give a bare adjective or participle its noun, from the comments it was found in.

    Grouping often reduces a complaint to one word ("cancelled", "late", "rude"); the noun
    commenters put next to it most ("flight", "agent") makes the title name its subject:
    "cancelled flights". Without a clear noun the phrase is returned unchanged.

    Example:
        >>> complete_phrase("cancelled", ["my flight was cancelled", "cancelled flight again"])  # doctest: +SKIP
        'cancelled flights'
    """
    words = phrase.split()
    if len(words) != 1 or not texts:
        return phrase
    tags = _tags(phrase)
    if tags and tags[0] not in {"VBN", "VBD", "JJ"}:
        return phrase
    try:
        nlp = load_parser()
    except Exception:  # noqa: BLE001 - without spaCy the bare phrase still reads
        return phrase
    word = words[0].lower()
    base = nlp(word)[0].lemma_  # "delayed" -> "delay": "delays" and "delay" count too
    nouns: dict[str, int] = {}
    for doc in nlp.pipe([t.lower() for t in texts], batch_size=64):
        seen: set[str] = set()
        for tok in doc:
            if tok.text != word and tok.lemma_ not in (word, base):
                continue
            # The noun the word describes: "delayed flight" (amod) or "flight was delayed" (subject).
            related = [tok.head] if tok.dep_ in ("amod", "acl") else []
            related += [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            related += [doc[j] for j in (tok.i - 1, tok.i + 1) if 0 <= j < len(doc)]  # "flight delayed"
            for other in related:
                if (other.pos_ == "NOUN" and other.is_alpha and len(other.text) > 2
                        and other.lemma_ not in (word, base)):
                    seen.add(other.lemma_)
        for lemma in seen:
            nouns[lemma] = nouns.get(lemma, 0) + 1
    if not nouns:
        return phrase
    noun, hits = sorted(nouns.items(), key=lambda x: (-x[1], x[0]))[0]
    if hits < max(2, 0.15 * len(texts)):
        return phrase
    plural = noun if noun.endswith("s") else noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"
    return f"{phrase} {plural}"


_GENERIC = {
    "issue", "issues", "problem", "problems", "same", "thing", "things", "stuff", "it", "this", "that",
    "not", "no", "bad", "worse", "worst", "one", "anything", "something", "everything", "lot",
    "add", "make", "get", "need", "want", "please", "sorry", "thanks", "thank", "help",
    "post", "video", "comment", "comments", "people", "you", "we", "they", "i",
}


def is_specific(phrase: str) -> bool:
    """Whether a grouped phrase names a subject a team can act on ("same issue" does not).

    Example:
        >>> is_specific("same issue"), is_specific("login crash")
        (False, True)
    """
    words = re.findall(r"[a-z']+", phrase.lower())
    content = [w for w in words if w not in _GENERIC and len(w) > 1]
    if not content:
        return False
    if words and words[0] in ("not", "cannot", "can't", "never") and len(words) < 3:
        return False  # "not email": a short negation is usually a clipped clause
    return True


# The subject of praise that names none ("love it!"), in the catch-all topics.
GENERAL_PRAISE = "it in general"


# Nouns that are themselves the problem: "login crash" says what is wrong, "desk lamp" does not.
_PROBLEM_NOUNS = frozenset(
    "crash bug error glitch lag delay outage failure freeze leak drain flicker noise damage loss "
    "cancellation disconnect timeout overcharge scam spam ad ads fee fees price".split()
)
_NEUTRAL_MODIFIERS = frozenset(
    "new many more most other few several same first last next own much some all any also "
    "just only here there".split()
)
_NEGATIONS = frozenset("not no never cannot can't cant won't wont don't doesn't didn't isn't without".split())


def _stems(phrase: str) -> frozenset[str]:
    """Content words of a phrase, crudely stemmed ("crashes", "crashing" -> "crash")."""
    return frozenset(
        stem(word)
        for word in re.findall(r"[a-z0-9']+", phrase.lower())
        if word not in _STOP and word not in _NEGATIONS and word not in _GENERIC and len(word) >= 3
    )


def says_what_is_wrong(phrase: str) -> bool:
    """Whether a complaint phrase says what is wrong, not only what it is about.

    A verb, an adjective or a negation does ("app crashes", "too expensive", "no reply"), and
    so does a noun that is a problem in itself ("login crash"); a bare subject does not
    ("desk lamp", "customer service"). Without an English spaCy pipeline every phrase passes.

    Example:
        >>> says_what_is_wrong("login crash"), says_what_is_wrong("no reply")
        (True, True)
        >>> says_what_is_wrong("desk lamp")  # doctest: +SKIP
        False
    """
    words = re.findall(r"[a-z0-9']+", phrase.lower())
    if not words:
        return False
    if any(w in _NEGATIONS for w in words):
        return True
    stems = {w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in words}
    if stems & _PROBLEM_NOUNS or set(words) & _PROBLEM_NOUNS:
        return True
    tags = _tags(phrase)
    if not tags:
        return True
    if len(words) == 1:  # a bare word is tagged more reliably in a frame: "rude" -> JJ
        tags = _tags(f"a very {phrase} thing")[2:3] or tags
    # "new scenes", "many comments": adjectives that count or order things say nothing is wrong.
    return any(
        t.startswith(("VB", "JJ", "RB")) and w not in _NEUTRAL_MODIFIERS
        for t, w in zip(tags, words if len(words) == len(tags) else [""] * len(tags))
    )


def request_title(n: int, unit: str, phrase: str) -> str:
    """``"12 commenters ask to add dark mode"`` / ``"... ask for dark mode"``.

    Example:
        >>> request_title(12, "commenters", "add dark mode")
        '12 commenters ask to add dark mode'
    """
    tags = _tags(phrase)
    starts_with_verb = bool(tags) and tags[0] in _BASE_VERB_TAGS
    if not tags:  # fall back on a short list of verbs requests start with
        starts_with_verb = phrase.split(" ", 1)[0].lower() in {
            "add", "make", "bring", "fix", "let", "allow", "give", "show", "support", "enable",
            "remove", "change", "improve", "update", "stop", "have", "include", "offer", "put",
        }
    verb = "ask" if n != 1 else "asks"
    return f"{_count(n)} {_unit(n, unit)} {verb} {'to' if starts_with_verb else 'for'} {phrase}"


def complaint_title(n: int, unit: str, phrase: str) -> str:
    """``"40 commenters complain that the app crashes"`` / ``"... complain about lost bags"``.

    Example:
        >>> complaint_title(40, "commenters", "lost luggage")
        '40 commenters complain about lost luggage'
    """
    verb = "complain" if n != 1 else "complains"
    return f"{_count(n)} {_unit(n, unit)} {verb} {complaint_object(phrase)}"


def complaint_object(phrase: str) -> str:
    """What follows "complain": "that the app crashes", "about lost bags", "about being hung up on".

    Example:
        >>> complaint_object("cannot check in")
        'that they cannot check in'
        >>> complaint_object("pairing fails"), complaint_object("seat broken")
        ('that pairing fails', 'that seat is broken')
        >>> complaint_object("too expensive")
        'that it is too expensive'
    """
    words = phrase.split()
    first = words[0].lower() if words else ""
    if first in ("cannot", "can't", "cant", "couldn't", "won't", "never"):
        return f"that they {phrase}"
    if first == "not" and len(words) > 1:
        return f"that they do {phrase}"
    tags = _tags(phrase)
    if not tags:
        return f"about {phrase}"
    if len(words) == 1:
        # A bare word is tagged more reliably in a frame: "it is rude" -> JJ.
        framed = _tags(f"a very {phrase} thing")[2:3]
        if framed == ["JJ"] and tags[0] not in ("VB", "VBP", "VBZ", "VBG"):
            return f"that it is {phrase}"  # "expensive" -> "that it is expensive"
        if framed in (["VBN"], ["VBD"]):
            return f"that it was {phrase}"
    if len(tags) == len(words) and tags[-1] == "JJ" and all(t in ("RB", "RBR", "RBS") for t in tags[:-1]):
        return f"that it is {phrase}"  # "too expensive" -> "that it is too expensive"
    if tags[0] in ("VBN", "VBD") and len(tags) > 1 and tags[1] in ("RP", "IN", "RB", "TO"):
        return f"about being {phrase}"  # "hung up on" -> "about being hung up on"
    # A gerund or a version number can be the subject too: "pairing fails", "3.0 keeps crashing".
    has_subject = tags[0] in ("NN", "NNS", "NNP", "NNPS", "PRP", "DT", "PRP$", "VBG", "CD")
    if has_subject and len(tags) > 1 and tags[1] in _FINITE_TAGS | {"VBZ"}:
        return f"that {phrase}"  # "pairing fails" -> "that pairing fails"
    if has_subject and tags[0] not in ("VBG", "CD") and any(t in _FINITE_TAGS for t in tags[1:]):
        return f"that {phrase}"  # "app crashes on login" -> "that app crashes on login"
    nouns = ("NN", "NNS", "NNP", "NNPS")
    if len(tags) >= 2 and tags[-1] == "VBN" and all(t in nouns for t in tags[:-1]) and len(tags) == len(words):
        # A headline without its verb: "flight delayed" -> "that the flight is delayed".
        be = "are" if tags[-2] in ("NNS", "NNPS") else "is"
        return f"that {' '.join(words[:-1])} {be} {words[-1]}"
    return f"about {phrase}"


def _count(n: int) -> str:
    return f"{n:,}"


def _unit(n: int, unit: str) -> str:
    if n != 1:
        return unit
    return "person" if unit == "people" else unit.removesuffix("s")


def sentiment_words(value: float) -> str:
    """Plain words for a mean sentiment in [-1, 1].

    Example:
        >>> sentiment_words(-0.6)
        'very negative'
    """
    if value <= -0.5:
        return "very negative"
    if value <= -0.15:
        return "negative"
    if value < 0.15:
        return "mixed or neutral"
    if value < 0.5:
        return "positive"
    return "very positive"


# --- scoring ----------------------------------------------------------------------------


def score_lesson(people: int, likes: float, sentiment: float, urgency: float, growth: float, kind: str) -> dict[str, float]:
    """The ranking of a lesson: ``reach x intensity x change x kind weight``.

    * reach = log2(1 + people) + 0.5 * log2(1 + likes): people are unique authors when the
      data names them (one person posting ten times counts once), else comments. The log
      keeps one huge topic from hiding every other lesson.
    * intensity = 1 + negativity + 0.5 * urgency: negativity is ``max(0, -mean sentiment)``,
      urgency the share of comments with an exclamation mark or an urgent word.
    * change = 1 + 0.25 * min(growth, 2): growth is how much the lesson's share of comments
      rose from the earlier two thirds of the time span to the last third, as far as its counts
      support it (:func:`growth_estimate`; 0 without timestamps).

    Example:
        >>> round(score_lesson(15, 0, -0.5, 0.2, 0.0, "complaint")["score"], 2)
        6.4
    """
    reach = math.log2(1 + max(people, 0)) + 0.5 * math.log2(1 + max(likes, 0.0))
    intensity = 1.0 + max(0.0, -sentiment) + 0.5 * urgency
    change = 1.0 + 0.25 * min(max(growth, 0.0), 2.0)
    score = reach * intensity * change * KIND_WEIGHT.get(kind, 1.0)
    return {"reach": round(reach, 4), "intensity": round(intensity, 4), "change": round(change, 4), "score": round(score, 4)}


# A prior of no change worth this many comments, and the one-sided 90% normal quantile.
_GROWTH_PRIOR = 10.0
_GROWTH_Z = 1.2816


def growth_estimate(late: int, early: int, late_total: int, early_total: int) -> float:
    """How much a lesson's share of comments grew, at the low end of what its counts support.

    The rate ratio (share among the latest third's comments over share among the earlier ones)
    after adding ``_GROWTH_PRIOR`` comments spread over both periods in proportion to their size
    (a prior of no change), taken at its lower 90% confidence bound (normal on the log ratio),
    minus one; never below 0. Six comments that all came late are weak evidence (a new version
    number, a reply thread): they must not outrank a steady problem of thirty on "growth".

    Example:
        >>> round(growth_estimate(6, 0, 200, 400), 2), round(growth_estimate(40, 0, 200, 400), 2)
        (0.46, 6.63)
        >>> growth_estimate(10, 20, 200, 400)
        0.0
    """
    total = late_total + early_total
    if late_total <= 0 or early_total <= 0:
        return 0.0
    a = late + _GROWTH_PRIOR * late_total / total
    b = early + _GROWTH_PRIOR * early_total / total
    log_ratio = math.log((a / late_total) / (b / early_total))
    low = log_ratio - _GROWTH_Z * math.sqrt(1.0 / a + 1.0 / b)
    return max(0.0, math.exp(low) - 1.0)


# --- the stage --------------------------------------------------------------------------


class LessonStage:
    """Build ranked, evidence-backed lessons from the outputs of the earlier stages.

    Args:
        max_lessons: how many lessons to keep, best first.
        min_count: the fewest comments a lesson needs (evidence) to be reported.
        min_topic_share: a topic yields a lesson of a kind (complaints about it, requests about
            it...) when that intent covers at least this share of the topic's comments, or is
            the topic's most common intent.
        quotes: how many verbatim quotes each lesson carries (2 or 3 when evidence allows).
        trends: look for topics growing over time when timestamps exist.
        llm_url: an OpenAI-compatible chat-completions endpoint (e.g.
            ``http://127.0.0.1:8080/v1/chat/completions``) that rephrases titles and summaries
            from the evidence. Off by default; failures keep the template titles.
        llm_model: with ``llm_url`` the model name sent to the endpoint; alone, the path of a
            local transformers text-generation model.
        llm_timeout: seconds to wait for one LLM answer.
        llm_max_lessons: rephrase only the best this-many lessons.

    Example:
        >>> from insights.corpus import Corpus
        >>> stage = LessonStage(max_lessons=10)
        >>> stage.run(corpus).lessons[0]["title"]  # doctest: +SKIP
        '412 commenters complain about customer service'
    """

    name = "lessons"
    maps_rows = False  # no work for the local engine's worker processes (see corpus.Stage)

    def __init__(
        self,
        max_lessons: int = 20,
        min_count: int = 2,
        min_topic_share: float = 0.25,
        quotes: int = 3,
        trends: bool = True,
        llm_url: str | None = None,
        llm_model: str | None = None,
        llm_timeout: float = 30.0,
        llm_max_lessons: int = 10,
    ) -> None:
        self.max_lessons = max_lessons
        self.min_count = min_count
        self.min_topic_share = min_topic_share
        self.quotes = quotes
        self.trends = trends
        self.llm_url = llm_url
        self.llm_model = llm_model
        self.llm_timeout = llm_timeout
        self.llm_max_lessons = llm_max_lessons

    def check(self) -> None:
        if not isinstance(self.max_lessons, int) or self.max_lessons < 1:
            raise invalid_parameter("LessonStage", "max_lessons", "an int >= 1", self.max_lessons)
        if not isinstance(self.min_count, int) or self.min_count < 1:
            raise invalid_parameter("LessonStage", "min_count", "an int >= 1", self.min_count)
        if not 0.0 <= float(self.min_topic_share) <= 1.0:
            raise invalid_parameter("LessonStage", "min_topic_share", "a float in [0, 1]", self.min_topic_share)
        if not isinstance(self.quotes, int) or not 1 <= self.quotes <= 10:
            raise invalid_parameter("LessonStage", "quotes", "an int in [1, 10]", self.quotes)
        if float(self.llm_timeout) <= 0:
            raise invalid_parameter("LessonStage", "llm_timeout", "a float > 0", self.llm_timeout)

    def run(self, corpus: Corpus) -> Corpus:
        self.check()
        builder = _Builder(corpus, self)
        lessons = builder.build()
        info: dict[str, Any] = {
            "candidates": builder.n_candidates,
            "duplicates_removed": builder.n_duplicates,
            "lessons": len(lessons),
            "ranking": "score = reach x intensity x change x kind weight",
            "kind_weights": dict(KIND_WEIGHT),
            "unit": builder.unit,
        }
        if builder.periods:
            info["periods"] = builder.periods
        corpus.info["lessons"] = info
        if lessons and (self.llm_url or self.llm_model):
            from insights.report.llm import rephrase_lessons

            corpus.info["llm"] = rephrase_lessons(
                lessons[: self.llm_max_lessons],
                url=self.llm_url,
                model=self.llm_model,
                timeout=float(self.llm_timeout),
            )
        corpus.lessons = lessons
        return corpus


class _Builder:
    """The work of one `LessonStage.run`, kept apart so `LessonStage.__init__` only stores."""

    def __init__(self, corpus: Corpus, opts: LessonStage) -> None:
        self.corpus = corpus
        self.opts = opts
        self.n_candidates = 0
        self.n_duplicates = 0
        self.periods: dict[str, str] = {}
        frame = corpus.comments
        n = len(frame)
        self.frame = frame
        self.kept = corpus.kept_mask if n else np.zeros(0, dtype=bool)
        self.n_kept = int(self.kept.sum())
        self.ids = frame[S.COMMENT_ID].astype(str).tolist() if S.COMMENT_ID in frame else [str(i) for i in range(n)]
        self.row_of = {cid: i for i, cid in enumerate(self.ids)}
        quote_col = S.DISPLAY_TEXT if S.DISPLAY_TEXT in frame else S.TEXT
        self.quote_text = _strings(frame, quote_col, n)
        self.analysis = corpus.analysis_text().tolist() if n else []
        self.intent = _strings(frame, S.INTENT, n)
        self.intent_text = _strings(frame, S.INTENT_TEXT, n)
        # The grouped phrase of each row's request / complaint group ("" outside one).
        self.group_phrase: dict[str, np.ndarray] = {}
        for kind, table in (("complaint", corpus.complaints), ("request", corpus.requests)):
            phrases = np.full(n, "", dtype=object)
            if table is not None and len(table) and S.GROUP_COMMENT_IDS in table and S.GROUP_PHRASE in table:
                for ids, phrase in zip(table[S.GROUP_COMMENT_IDS].tolist(), table[S.GROUP_PHRASE].tolist()):
                    for cid in str(ids or "").split(";"):
                        if cid.strip() in self.row_of:
                            phrases[self.row_of[cid.strip()]] = clean_phrase(phrase)
            self.group_phrase[kind] = phrases
        self.group_sizes = {
            kind: Counter(p for p, k in zip(phrases, self.kept) if p and k) for kind, phrases in self.group_phrase.items()
        }
        self.topic = (
            pd.to_numeric(frame[S.TOPIC_ID], errors="coerce").fillna(S.UNASSIGNED_TOPIC).astype(int).to_numpy()
            if S.TOPIC_ID in frame
            else np.full(n, S.UNASSIGNED_TOPIC)
        )
        self.sentiment = (
            pd.to_numeric(frame[S.SENTIMENT], errors="coerce").fillna(0.0).to_numpy(dtype=float)
            if S.SENTIMENT in frame
            else np.zeros(n)
        )
        self.likes = (
            pd.to_numeric(frame[S.LIKES], errors="coerce").fillna(0.0).clip(lower=0).to_numpy(dtype=float)
            if S.LIKES in frame
            else None
        )
        self.authors = _strings(frame, S.AUTHOR, n) if S.AUTHOR in frame and frame[S.AUTHOR].notna().any() else None
        self.unit = "people" if self.authors is not None else _PEOPLE
        self.urgent = np.array([bool(URGENT.search(t)) for t in self.analysis], dtype=bool) if n else np.zeros(0, bool)
        self.late = self._late_period()
        emb = corpus.embeddings
        self.embeddings = emb if emb is not None and len(emb) == n else None
        self._centres: dict[tuple[str, str], tuple[np.ndarray, float]] = {}
        self.labels = self._topic_labels()

    # -- inputs --------------------------------------------------------------------------

    def _topic_labels(self) -> dict[int, str]:
        labels: dict[int, str] = {}
        topics = self.corpus.topics
        if topics is not None and len(topics) and "topic_id" in topics:
            for _, row in topics.iterrows():
                tid = int(row["topic_id"])
                labels[tid] = readable_label(row.get("label"), row.get("keywords"))
        if S.TOPIC_LABEL in self.frame:
            label_col = self.frame[S.TOPIC_LABEL]
            for tid in sorted(set(self.topic[self.kept].tolist())):
                if tid not in labels and tid != S.UNASSIGNED_TOPIC:
                    first = label_col[(self.topic == tid) & self.kept].iloc[0]
                    labels[tid] = readable_label(first)
        return {tid: self._sentence_case(tid, label) for tid, label in labels.items()}

    def _sentence_case(self, tid: int, label: str) -> str:
        """"Login crash" -> "login crash" inside a sentence, but "Canada" stays "Canada".

        A label is lowercased when its comments write its first word in lower case at least
        as often as capitalised in mid-sentence: the commenters' own usage decides.
        """
        word = label.split(" ", 1)[0]
        if not (len(word) > 1 and word[0].isupper() and word[1:].islower()):
            return label
        texts = [self.quote_text[i] for i in np.flatnonzero(self.kept & (self.topic == tid))[:500]]
        lower = sum(len(re.findall(rf"\b{re.escape(word.lower())}\b", t)) for t in texts)
        upper = sum(len(re.findall(rf"(?<![.!?]\s)(?<!^)\b{re.escape(word)}\b", t)) for t in texts)
        return label[0].lower() + label[1:] if lower >= upper else label

    def _late_period(self) -> np.ndarray | None:
        """Mask of kept rows in the last third of the time span (None without timestamps)."""
        if not self.opts.trends or S.TIMESTAMP not in self.frame or self.n_kept == 0:
            return None
        stamps = pd.to_datetime(self.frame[S.TIMESTAMP], errors="coerce", utc=True)
        valid = stamps.notna().to_numpy(dtype=bool) & self.kept
        if valid.sum() < 20:
            return None
        values = stamps[valid]
        start, end = values.min(), values.max()
        if end <= start:
            return None
        cutoff = start + (end - start) * (2 / 3)
        late = valid & (stamps >= cutoff).fillna(False).to_numpy(dtype=bool)
        early = valid & ~late
        if late.sum() < 10 or early.sum() < 10:
            return None
        self.early = early
        fmt = "%Y-%m-%d %H:%M" if (end - start) < pd.Timedelta(days=3) else "%Y-%m-%d"
        self.periods = {
            "start": start.strftime(fmt),
            "cutoff": cutoff.strftime(fmt),
            "end": end.strftime(fmt),
        }
        return late

    # -- measuring one set of rows -------------------------------------------------------

    def _growth(self, rows: np.ndarray) -> float:
        if self.late is None:
            return 0.0
        mask = np.zeros(len(self.frame), dtype=bool)
        mask[rows] = True
        late = int((mask & self.late).sum())
        if late < 3:
            return 0.0
        return growth_estimate(late, int((mask & self.early).sum()), int(self.late.sum()), int(self.early.sum()))

    def _measure(self, rows: np.ndarray, kind: str) -> dict[str, Any]:
        count = len(rows)
        authors = len({self.authors[i] for i in rows if self.authors[i]}) if self.authors is not None else None
        likes = float(self.likes[rows].sum()) if self.likes is not None else 0.0
        sentiment = float(self.sentiment[rows].mean()) if count else 0.0
        urgency = float(self.urgent[rows].mean()) if count else 0.0
        growth = self._growth(rows)
        people = authors if authors else count
        ranking = score_lesson(people, likes, sentiment, urgency, growth, kind)
        return {
            "count": count,
            "share": round(count / self.n_kept, 4) if self.n_kept else 0.0,
            "authors": authors,
            "likes": int(likes) if self.likes is not None else None,
            "sentiment": round(sentiment, 3),
            "urgency": round(urgency, 3),
            "growth": round(growth, 3) if self.late is not None else None,
            **ranking,
        }

    def _quotes(self, rows: np.ndarray, subject: str, kind: str = "") -> list[str]:
        """The most representative verbatim comments: nearest the evidence centroid."""
        rows = np.asarray(rows, dtype=int)
        if len(rows) == 0:
            return []
        sim = np.zeros(len(rows))
        if self.embeddings is not None:
            vecs = np.asarray(self.embeddings[rows], dtype=np.float32)
            centroid = vecs.mean(axis=0)
            if np.linalg.norm(centroid) > 0:
                sim = vecs @ (centroid / np.linalg.norm(centroid))
        else:  # no embeddings: how many of the subject's words a comment uses
            words = set(re.findall(r"[a-z]{3,}", subject.lower()))
            if words:
                sim = np.array(
                    [len(words & set(re.findall(r"[a-z]{3,}", self.analysis[i].lower()))) / len(words) for i in rows]
                )
        # A complaint is best shown by a comment that sounds like one, praise by a happy one.
        tone = {"complaint": -1.0, "praise": 1.0}.get(kind, 0.0)
        sim = sim + 0.25 * tone * self.sentiment[rows]
        # A reader checks a claim against its quotes: prefer comments that name the subject
        # ("add sunrise mode" shown by a comment that says "sunrise"), and ones that stand
        # on their own over replies that lean on the comment above ("@ana same here").
        if self.embeddings is not None:
            sim = sim + 0.3 * np.array([_names_subject(subject, self.analysis[i]) for i in rows])
        sim = sim - 0.15 * np.array([_leans_on_parent(self.quote_text[i]) for i in rows])
        lengths = np.array([len(self.quote_text[i].strip()) for i in rows])
        readable = ((lengths >= 25) & (lengths <= 280)).astype(int)
        # Sort by readable length first, then closeness; ties keep input order (stable).
        order = np.lexsort((np.arange(len(rows)), -np.round(sim, 6), -readable))
        quotes: list[str] = []
        seen: set[str] = set()
        for j in order:
            text = self.quote_text[rows[j]]
            key = re.sub(r"\W+", " ", text.lower()).strip()
            if not text.strip() or key in seen:
                continue
            seen.add(key)
            quotes.append(text)
            if len(quotes) == self.opts.quotes:
                break
        return quotes

    def _lesson(self, kind: str, title: str, subject: str, rows: np.ndarray, source: str, **extra: Any) -> dict[str, Any]:
        rows = np.asarray(sorted(set(int(r) for r in rows)), dtype=int)
        measures = self._measure(rows, kind)
        topic_ids = _main_topics(self.topic[rows])
        return {
            "title": title,
            "kind": kind,
            "subject": subject,
            "action": action_for(kind, subject, measures["count"]),
            "summary": "",
            **measures,
            "topic_ids": topic_ids,
            "evidence": [self.ids[i] for i in rows],
            "quotes": self._quotes(rows, subject, kind),
            "source": source,
            **extra,
        }

    def _apart(self, group: set[str], topic: set[str], lesson: dict[str, Any]) -> bool:
        """Whether a group's comments sit farther from the centre of a topic lesson's comments than
        those comments do on average (cosine of embeddings): a side issue, not the topic's core."""
        if self.embeddings is None:
            return False

        def unit(ids: set[str]) -> np.ndarray:
            rows = sorted(self.row_of[e] for e in ids if e in self.row_of)
            vecs = np.asarray(self.embeddings[rows], dtype=np.float64)
            return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)

        # A topic lesson is weighed against many groups: its centre once (100,000 comments: 11 s -> 5 s).
        key = (str(lesson["source"]), str(lesson["kind"]))  # one topic lesson per source and kind
        if key not in self._centres:
            members = unit(topic)
            centre = members.mean(axis=0)
            centre /= max(float(np.linalg.norm(centre)), 1e-12)
            self._centres[key] = (centre, float((members @ centre).mean()))
        centre, spread = self._centres[key]
        return float((unit(group) @ centre).mean()) < spread

    def _coverage(self, phrase: str, evidence: Sequence[str]) -> float:
        """Share of these comments that use at least half of the phrase's content words."""
        rows = [self.row_of[e] for e in evidence if e in self.row_of]
        if not rows:
            return 0.0
        return sum(_names_subject(phrase, self.analysis[i]) >= 0.5 for i in rows) / len(rows)

    def _problems(
        self,
        evidence: Sequence[str],
        subject: str,
        limit: int = 3,
        kind: str = "complaint",
        exclude: Collection[str] = (),
    ) -> list[str]:
        """What the comments say is wrong (or, for ``kind="request"``, what they ask for), in
        their own phrases.

        First the groups (complaints.csv / requests.csv) the evidence falls in with at least two
        of its comments, ranked by count x the share of the group inside the evidence; then the
        comments' own phrases (``intent_text``), ranked by how many of the evidence's phrases
        share their most common content word (beyond the subject's words), how often they were
        said, and length (said twice or more when the evidence has 100 comments or more). Only
        phrases of at most five words that say what is wrong (:func:`says_what_is_wrong`; for a
        request, that name something: :func:`is_specific`) qualify, and each must bring a
        content word beyond the subject's and share none with an earlier pick or with
        ``exclude`` (other lessons' subjects: it would repeat them).

        Example:
            >>> builder._problems(ids, "desk lamp")  # doctest: +SKIP
            ['flickering lamp', 'stops working when offline']
        """
        rows = [self.row_of[e] for e in evidence if e in self.row_of]
        own = _stems(subject)
        chosen: list[str] = []
        # Other lessons' words count as said: "app crashing for everyone" under "lamp app problems"
        # would repeat the lesson "crashes on login".
        covered: set[str] = set().union(*(_stems(p) for p in exclude)) - own

        def take(phrase: str) -> bool:
            words = _stems(phrase) - own  # "email not answering" adds to "email and support"
            if not words or words & covered or len(phrase.split()) > 5:
                return False
            if not (says_what_is_wrong(phrase) if kind == "complaint" else is_specific(phrase)):
                return False
            chosen.append(phrase)
            covered.update(words)
            return len(chosen) == limit

        grouped = self.group_phrase[kind]
        groups = Counter(grouped[i] for i in rows if grouped[i])
        sizes = self.group_sizes[kind]
        # count x the share of the group inside: a group mostly about this lesson ("rude", 30 of
        # its 83 in "customer service") before a big one that is everywhere ("delayed", 30 of 1,100).
        for phrase, n in sorted(groups.items(), key=lambda x: (-round(x[1] ** 2 / sizes[x[0]], 6), -x[1], x[0])):
            if n >= 2 and take(phrase):
                return chosen
        said = [clean_phrase(self.intent_text[i]) for i in rows if self.intent[i] == kind]
        said = [p for p in said if p and p.lower() != subject.lower()]
        words = {p: _stems(p) - own for p in set(said)}
        counts = Counter(said)
        # How many phrases share the phrase's most common word (linear, unlike pairwise overlap).
        frequency = Counter(w for p in said for w in words[p])
        support = {p: max((frequency[w] for w in words[p]), default=0) for p in words}
        # In a big lesson a phrase said once is as likely an extraction slip as a problem.
        least = 2 if len(rows) >= 100 else 1
        for phrase in sorted(words, key=lambda p: (-support[p], -counts[p], len(p), p)):
            if counts[phrase] >= least and take(phrase):
                break
        return chosen

    # -- candidates ----------------------------------------------------------------------

    def _group_candidates(self, table: pd.DataFrame | None, kind: str) -> list[dict[str, Any]]:
        if table is None or not len(table) or S.GROUP_COMMENT_IDS not in table:
            return []
        out = []
        for _, row in table.iterrows():
            ids = [c.strip() for c in str(row.get(S.GROUP_COMMENT_IDS) or "").split(";") if c.strip()]
            rows = np.array(
                sorted({self.row_of[c] for c in ids if c in self.row_of and self.kept[self.row_of[c]]}), dtype=int
            )
            phrase = clean_phrase(row.get(S.GROUP_PHRASE))
            if len(rows) < self.opts.min_count or not phrase or not is_specific(phrase):
                continue
            if kind == "complaint":
                phrase = complete_phrase(phrase, [self.analysis[i] for i in rows[:40]])
            n = self._people(rows)
            title = request_title(n, self.unit, phrase) if kind == "request" else complaint_title(n, self.unit, phrase)
            gid = row.get(S.GROUP_ID, "")
            out.append(self._lesson(kind, title, phrase, rows, f"{kind}s.csv group {gid}"))
        return out

    def _subjects(self) -> list[tuple[list[int], str]]:
        """Topics grouped by subject: "delay" and "hour delay" are one subject, not two lessons.

        Two topics share a subject when the content words of one label are all in the other's
        ("customer service" in "poor customer service"). The group takes the label of its
        biggest topic.
        """
        kept_topic = self.kept & (self.topic != S.UNASSIGNED_TOPIC)
        # A catch-all topic ("Other chatter (arm, bed)") has no subject: no lesson is about it, and
        # the words "other chatter" must not join such topics into one "subject".
        tids = sorted(t for t in set(self.topic[kept_topic].tolist()) if not is_catch_all(self.labels.get(t, "")))
        sizes = {t: int((kept_topic & (self.topic == t)).sum()) for t in tids}
        words = {t: _content_words(self.labels.get(t, "")) for t in tids}
        parent = {t: t for t in tids}

        def root(t: int) -> int:
            while parent[t] != t:
                t = parent[t]
            return t

        for i, a in enumerate(tids):
            for b in tids[i + 1 :]:
                if words[a] and words[b] and (words[a] <= words[b] or words[b] <= words[a]):
                    parent[root(b)] = root(a)
        groups: dict[int, list[int]] = {}
        for t in tids:
            groups.setdefault(root(t), []).append(t)
        out = []
        for members in groups.values():
            biggest = sorted(members, key=lambda t: (-sizes[t], t))[0]
            out.append((sorted(members), self.labels.get(biggest, f"topic {biggest}")))
        return sorted(out, key=lambda g: g[0][0])

    def _topic_candidates(self) -> list[dict[str, Any]]:
        out = []
        kept_topic = self.kept & (self.topic != S.UNASSIGNED_TOPIC)
        for members, label in self._subjects():
            if not is_specific(label):
                continue  # "issue", "post": the topic table shows it, a lesson would say nothing
            in_topic = kept_topic & np.isin(self.topic, members)
            size = int(in_topic.sum())
            tid = "+".join(map(str, members))
            counts = {k: int((in_topic & (self.intent == k)).sum()) for k in ("complaint", "request", "question", "praise")}
            dominant = max(counts, key=lambda k: (counts[k], -list(counts).index(k)))
            for kind, n_kind in counts.items():
                if n_kind < self.opts.min_count:
                    continue
                if kind != dominant and n_kind / size < self.opts.min_topic_share:
                    continue
                rows = np.flatnonzero(in_topic & (self.intent == kind))
                out.append(self._lesson(kind, topic_title(kind, self._people(rows), self.unit, label), label, rows, f"topic {tid}"))
            if sum(counts.values()) == 0 and size >= self.opts.min_count:
                # No intent labels at all (intents stage absent): fall back on sentiment.
                mean = float(self.sentiment[in_topic].mean())
                kind = "complaint" if mean <= -0.15 else "praise" if mean >= 0.3 else ""
                if kind:
                    rows = np.flatnonzero(in_topic)
                    out.append(self._lesson(kind, topic_title(kind, self._people(rows), self.unit, label), label, rows, f"topic {tid}"))
        # Praise in the catch-all topics ("love it!", "so good") names no one subject, but it is
        # what people love: one lesson for all of it rather than none (or one per catch-all topic).
        catch = sorted(t for t, label in self.labels.items() if is_catch_all(label))
        rows = np.flatnonzero(kept_topic & np.isin(self.topic, catch) & (self.intent == "praise"))
        if catch and len(rows) >= self.opts.min_count:
            title = topic_title("praise", self._people(rows), self.unit, GENERAL_PRAISE)
            out.append(self._lesson("praise", title, GENERAL_PRAISE, rows, "topic " + "+".join(map(str, catch))))
        return out

    def _trend_candidates(self) -> list[dict[str, Any]]:
        if self.late is None:
            return []
        out = []
        kept_topic = self.kept & (self.topic != S.UNASSIGNED_TOPIC)
        for members, label in self._subjects():
            rows = np.flatnonzero(kept_topic & np.isin(self.topic, members))
            tid = "+".join(map(str, members))
            if len(rows) < max(self.opts.min_count, 5):
                continue
            mask = np.zeros(len(self.frame), dtype=bool)
            mask[rows] = True
            late_share = (mask & self.late).sum() / self.late.sum()
            early_share = (mask & self.early).sum() / self.early.sum()
            if (mask & self.late).sum() < 5 or late_share < 1.5 * early_share:
                continue
            title = f"More and more comments are about {label}: {late_share:.0%} of recent comments, up from {early_share:.0%}"
            lesson = self._lesson(
                "trend", title, label, rows, f"topic {tid}",
                early_share=round(float(early_share), 4), late_share=round(float(late_share), 4),
                periods=dict(self.periods),
            )
            out.append(lesson)
        return out

    def _people(self, rows: np.ndarray) -> int:
        if self.authors is None:
            return len(rows)
        return len({self.authors[i] for i in rows if self.authors[i]}) or len(rows)

    # -- assembling ----------------------------------------------------------------------

    def build(self) -> list[dict[str, Any]]:
        if self.n_kept == 0:
            return []
        candidates = (
            self._group_candidates(self.corpus.complaints, "complaint")
            + self._group_candidates(self.corpus.requests, "request")
            + self._topic_candidates()
        )
        trends = self._trend_candidates()
        candidates = [c for c in candidates if c["evidence"] and c["count"] >= self.opts.min_count]
        self.n_candidates = len(candidates) + len(trends)
        # What people say comes first; a trend is added only for a topic no lesson covers yet,
        # because a lesson about a growing topic already carries its growth in `change`.
        chosen, dropped = self._select(candidates, [])
        chosen, _ = self._select(trends, chosen)
        _name_top_phrases(chosen, dropped, self._coverage)
        # A detail that is another lesson's own subject would repeat that lesson, not add to it.
        named = {c["subject"].lower() for c in chosen if not _from_topic(c)}
        for lesson in chosen:
            if lesson["kind"] == "complaint" and not says_what_is_wrong(lesson["subject"]):
                problems = self._problems(lesson["evidence"], lesson["subject"], exclude=named)
                if problems:
                    # "17 people complain about desk lamp" names a thing, not what is wrong with it.
                    lesson["problems"] = problems
                    lesson["title"] = f"{lesson['title']}: {', '.join(problems)}"
                    lesson["action"] = action_for("complaint", lesson["subject"], lesson["count"], problems)
            elif lesson["kind"] == "request" and _from_topic(lesson) and "top_phrase" not in lesson:
                # "13 people ask for changes to focus sessions" says where, not what.
                asks = self._problems(lesson["evidence"], lesson["subject"], kind="request", exclude=named)
                if asks:
                    lesson["asks"] = asks
                    lesson["title"] = f"{lesson['title']}: {', '.join(asks)}"
        chosen.sort(key=lambda c: (-c["score"], -c["count"], c["title"]))
        chosen = _keep_every_kind(chosen, self.opts.max_lessons)
        self._fresh_quotes(chosen)
        for rank, lesson in enumerate(chosen, start=1):
            lesson["rank"] = rank
            lesson["summary"] = summary_for(lesson, self.n_kept, self.unit)
            lesson["title_source"] = "template"
        return [_ordered(lesson) for lesson in chosen]

    def _fresh_quotes(self, ranked: list[dict[str, Any]]) -> None:
        """Quote each lesson from comments no higher-ranked lesson holds, when enough remain.

        Lessons may share some comments (less than half: more is a duplicate). Quoting the
        shared ones makes two lessons read as one: demo "lamp app problems" was quoted with
        three comments of "app crashes on login", ranked above it.
        """
        seen: set[str] = set()
        for lesson in ranked:
            quotes = lesson.get("quotes") or []
            fresh = [self.row_of[e] for e in lesson["evidence"] if e not in seen and e in self.row_of]
            if quotes and len(fresh) < len(lesson["evidence"]) and len(fresh) >= len(quotes):
                lesson["quotes"] = self._quotes(np.asarray(fresh), lesson["subject"], lesson["kind"]) or quotes
            seen.update(lesson["evidence"])

    def _select(self, candidates: list[dict[str, Any]], chosen: list[dict[str, Any]]) -> tuple[list, list]:
        """Greedy, best first: keep a candidate unless it repeats one already kept."""
        # Ties broken by count, then title, so the order never depends on dict order.
        candidates = sorted(candidates, key=lambda c: (-c["score"], -c["count"], c["title"]))
        chosen = list(chosen)
        sets = [set(c["evidence"]) for c in chosen]
        dropped = []
        for cand in candidates:
            evidence = set(cand["evidence"])
            if any(_is_duplicate(cand, evidence, other, other_set, self._apart) for other, other_set in zip(chosen, sets)):
                self.n_duplicates += 1
                dropped.append(cand)
                continue
            chosen.append(cand)
            sets.append(evidence)
        return chosen, dropped


def _keep_every_kind(ranked: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The best ``limit`` lessons, but with the best lesson of every kind found.

    Praise and questions rarely outrank complaints, yet a team needs to hear them too: the
    best one of each kind takes the place of the lowest-ranked lesson of the most common kind.
    """
    top = ranked[:limit]
    for kind in KINDS:
        if any(c["kind"] == kind for c in top):
            continue
        best = next((c for c in ranked[limit:] if c["kind"] == kind), None)
        if best is None or len(top) < 2:
            continue
        counts = {k: sum(c["kind"] == k for c in top) for k in KINDS}
        common = max(counts, key=lambda k: counts[k])
        if counts[common] < 2:
            continue
        victim = max(i for i, c in enumerate(top) if c["kind"] == common)
        top = top[:victim] + top[victim + 1 :] + [best]
    return sorted(top, key=lambda c: (-c["score"], -c["count"], c["title"]))


def _name_top_phrases(
    chosen: list[dict[str, Any]],
    dropped: list[dict[str, Any]],
    coverage: Callable[[str, Sequence[str]], float] | None = None,
) -> None:
    """Give a topic lesson the words of the grouped phrase it absorbed that best names it.

    Topic labels are often keywords ("crashes / login / fix"); the grouped request or
    complaint phrase inside that topic ("login crash") says the same thing in the
    commenters' own words, so the title names both. A phrase names a topic lesson only when
    its comments are mostly inside it and ``coverage(phrase, evidence)`` (the share of the
    lesson's comments that use the phrase's words) reaches ``_NAMING_COVERAGE``: four comments
    "waiting for a sale" must not name eighteen about shipping updates and unanswered e-mails.
    Among the phrases that qualify, the biggest group wins.
    """
    used = {c["subject"].lower() for c in chosen if not _from_topic(c)}
    for lesson in sorted(chosen, key=lambda c: (-c["score"], c["title"])):
        if not _from_topic(lesson) or lesson["kind"] not in ("complaint", "request"):
            continue
        evidence = set(lesson["evidence"])
        best, best_key = None, None
        for other in dropped:
            if other["kind"] != lesson["kind"] or _from_topic(other):
                continue
            if other["subject"].lower() in used and other["subject"].lower() not in lesson["title"].lower():
                continue  # one phrase names one lesson, never two
            inside = len(evidence & set(other["evidence"])) / max(1, other["count"])
            if inside < 0.5:
                continue
            named = coverage(other["subject"], lesson["evidence"]) if coverage is not None else 1.0
            if named < _NAMING_COVERAGE:
                continue
            key = (other["count"], round(named, 6))
            if best_key is None or key > best_key:
                best, best_key = other, key
        if best is None or best["subject"].lower() in lesson["title"].lower():
            continue
        used.add(best["subject"].lower())
        lesson["top_phrase"] = best["subject"]
        # A bare word ("late") says less than a specific topic label ("late flight").
        bare = len(best["subject"].split()) < 2 and is_specific(lesson["subject"])
        if best["count"] >= _PART_OF_TOPIC * lesson["count"] and not bare:
            lesson["topic_label"] = lesson["subject"]
            # The commenters' own words name the subject better than topic keywords do.
            n = int(lesson["title"].split(" ", 1)[0].replace(",", ""))
            unit = lesson["title"].split(" ", 2)[1]
            unit = "people" if unit == "person" else unit
            if lesson["kind"] == "complaint":
                lesson["title"] = complaint_title(n, unit, best["subject"])
            else:
                lesson["title"] = request_title(n, unit, best["subject"])
            lesson["subject"] = best["subject"]
            lesson["action"] = action_for(lesson["kind"], best["subject"], lesson["count"])



# --- templates --------------------------------------------------------------------------


def topic_title(kind: str, n: int, unit: str, label: str) -> str:
    """The title of a lesson drawn from one topic.

    Example:
        >>> topic_title("complaint", 412, "commenters", "customer service")
        '412 commenters complain about customer service'
    """
    u = _unit(n, unit)
    one = n == 1
    if kind == "complaint":
        return f"{_count(n)} {u} {'complains' if one else 'complain'} about {label}"
    if kind == "request":
        return f"{_count(n)} {u} {'asks' if one else 'ask'} for changes to {label}"
    if kind == "question":
        return f"{_count(n)} {u} {'asks' if one else 'ask'} questions about {label}"
    if kind == "praise":
        return f"{_count(n)} {u} {'praises' if one else 'praise'} {label}"
    return f"{_count(n)} {u} talk about {label}"


# A complaint that names something malfunctioning: a team can reproduce it and fix the cause.
_MALFUNCTION = re.compile(
    r"\b(?:crash\w*|bugs?|buggy|errors?|glitch\w*|freez\w*|froze\w*|lag\w*|broke|broken|fail\w*"
    r"|flicker\w*|drain\w*|disconnect\w*|dead|dies|died|timeouts?|times? out|stuck|logs? (?:me )?out|logged out"
    r"|(?:not|won'?t|doesn'?t|don'?t|can'?t|cannot|isn'?t) (?:\w+ )?(?:work|load|open|sync|connect|pair|turn|log|sign"
    r"|start|play|charg|updat|sav|show|respond)\w*)\b",
    re.IGNORECASE,
)


def action_for(kind: str, subject: str, count: int, problems: Sequence[str] = ()) -> str:
    """What a team could do about a lesson, in one sentence.

    A complaint that names a malfunction ("app crashes on login", "pairing fails") is to be
    reproduced and fixed; any other ("delayed flights", "too expensive", "the ending") is to be
    read for what lets people down, and answered.

    Example:
        >>> action_for("request", "add dark mode", 12)
        'Weigh "add dark mode" for the roadmap, and tell the 12 commenters who asked when it ships.'
        >>> action_for("complaint", "delayed flights", 40)
        'Read the complaints about delayed flights for what lets people down, change what you can, and reply publicly with what changed or why it stays.'
    """
    if kind == "request":
        return f'Weigh "{subject}" for the roadmap, and tell the {count:,} commenters who asked when it ships.'
    if kind == "complaint":
        if any(_MALFUNCTION.search(p) for p in (subject, *problems)):
            return (f"Look into the complaints {complaint_object(subject)}: reproduce the problem from the quoted "
                    "comments, fix the cause, and reply publicly once it is fixed.")
        return (f"Read the complaints {complaint_object(subject)} for what lets people down, change what you can, "
                "and reply publicly with what changed or why it stays.")
    if kind == "question":
        return f"Answer the common questions about {subject} in an FAQ, a pinned reply or a help article."
    if kind == "praise":
        return f"Protect what people like about {subject}, share it with the team, and reuse it in messaging."
    return f"Find out what changed around {subject} recently and who it affects, before it grows further."


def summary_for(lesson: dict[str, Any], n_kept: int, unit: str) -> str:
    """One plain sentence with the numbers behind a lesson (all recomputable from comments.csv)."""
    count = lesson["count"]
    share = f"{count:,} of {n_kept:,} kept comments ({lesson['share']:.1%})"
    who = f" from {lesson['authors']:,} people" if lesson.get("authors") else ""
    mood = sentiment_words(lesson["sentiment"])
    text = f"{share}{who}; their tone is {mood} (mean sentiment {lesson['sentiment']:+.2f})."
    if lesson.get("topic_label"):
        text += f" They come from the topic “{lesson['topic_label']}”."
    if lesson["kind"] == "trend":
        text += f" Share of comments: {lesson['early_share']:.0%} before {lesson['periods']['cutoff']}, {lesson['late_share']:.0%} after."
    elif lesson.get("growth") is not None and lesson["growth"] >= 0.5:
        text += f" Growing: at least {lesson['growth'] + 1:.1f}x its earlier share in the latest third of the period."
    return text


_ORDER = (
    "rank", "title", "kind", "subject", "summary", "action", "count", "share", "authors", "likes",
    "sentiment", "urgency", "growth", "reach", "intensity", "change", "score", "topic_ids",
    "source", "quotes", "evidence",
)


def _ordered(lesson: dict[str, Any]) -> dict[str, Any]:
    out = {k: lesson[k] for k in _ORDER if k in lesson}
    out.update({k: v for k, v in lesson.items() if k not in out})
    return out


# Whether a group's comments sit away from a topic lesson's core: (group ids, topic ids, topic lesson).
_Apart = Callable[[set[str], set[str], dict[str, Any]], bool]


def _from_topic(lesson: dict[str, Any]) -> bool:
    """A lesson made from a topic (its source is "topic 3" or "topic 0+4"), not from a grouped phrase."""
    return str(lesson["source"]).startswith("topic")


def _share_a_word(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(_stems(a["subject"]) & _stems(b["subject"]))


def _is_duplicate(
    cand: dict[str, Any], evidence: set[str], other: dict[str, Any], other_set: set[str], apart: _Apart | None = None
) -> bool:
    """Same topic with the same kind, or evidence that mostly repeats a better lesson.

    Two grouped phrases of one topic (each of _NARROW_MIN comments or more) are one lesson only
    when they share a word. A grouped phrase far smaller than a topic lesson it sits in, and away
    from its core, is a narrower problem, not a repeat (:func:`_narrower_part`): "refund" (98
    complaints) inside the airline topic "hold" (1,617) says what the topic lesson cannot,
    however few topics the data were split into.
    """
    if cand["kind"] == other["kind"] != "trend" and _from_topic(cand) != _from_topic(other):
        pairs = [(cand, evidence), (other, other_set)]
        group, topic = pairs if _from_topic(other) else pairs[::-1]
        if _narrower_part(*group, *topic, apart):
            return False
    overlap = len(evidence & other_set) / max(1, min(len(evidence), len(other_set)))
    if overlap >= 0.5:
        return True
    if "trend" in (cand["kind"], other["kind"]):
        # A trend repeats any lesson that already speaks about one of its topics.
        trend, lesson = (cand, other) if cand["kind"] == "trend" else (other, cand)
        topics = {int(t) for t in str(trend["source"]).removeprefix("topic ").split("+") if t.lstrip("-").isdigit()}
        return bool(topics & set(lesson["topic_ids"]))
    same_kind = cand["kind"] == other["kind"]
    same_topic = bool(same_kind and cand["topic_ids"][:1] and cand["topic_ids"][:1] == other["topic_ids"][:1])
    groups = not (_from_topic(cand) or _from_topic(other))
    if same_topic and groups and min(len(evidence), len(other_set)) >= _NARROW_MIN:
        # Two grouped phrases in one topic repeat each other only if they name the same thing
        # ("app crashing", "app crashes on login"); "refund" and "rude" in one broad airline topic
        # do not. Smaller groups stay one lesson per topic: two comments are no lesson of their own.
        return _share_a_word(cand, other)
    return same_topic


def _narrower_part(
    group: dict[str, Any], group_set: set[str], topic: dict[str, Any], topic_set: set[str], apart: _Apart | None
) -> bool:
    """A grouped phrase of at least _NARROW_MIN comments inside a topic lesson of the same kind at
    least 1 / _PART_OF_TOPIC times its size: a problem of its own when it is not the topic
    lesson's subject and its comments sit ``apart`` from the topic lesson's core."""
    if len(group_set) >= _PART_OF_TOPIC * len(topic_set) or len(group_set) < _NARROW_MIN:
        return False
    if _share_a_word(group, topic):
        return False
    # "hung up" and "no answer" are what a hold-time topic is about, "refund" is not: only a group
    # away from the topic's core is a problem of its own (without embeddings: none is).
    return apart is not None and apart(group_set, topic_set, topic)


_STOP = {"the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "with", "my", "your", "app"}


def _content_words(label: str) -> frozenset[str]:
    """The words of a topic label that carry its meaning: "Bag (luggage)" -> {"bag", "luggage"}."""
    words = re.findall(r"[a-z0-9]+", label.lower())
    return frozenset(w for w in words if w not in _STOP and len(w) > 1)


_SUBJECT_VERBS = {"add", "make", "bring", "give", "let", "allow", "fix", "support", "enable", "have", "get"}
_LEANS = re.compile(r"^\s*(?:@\S+[\s,:]*)*(?:same|me too|this|\+1|agreed?|yes|yep|ditto|exactly|seconded)\b", re.I)


def _names_subject(subject: str, text: str) -> float:
    """Share of the subject's content words a comment uses (a word matches its inflections:
    "fade" ~ "fades", "crash" ~ "crashing").

    Example:
        >>> _names_subject("add sunrise mode", "a sunrise alarm mode please")
        1.0
        >>> _names_subject("app crashes on login", "it crashed twice"), _names_subject("add dark mode", "it froze")
        (0.5, 0.0)
    """
    words = _subject_forms(subject)
    if not words:
        return 0.0
    # The same word matching as compare's quotes (labels.words_used), with each text's and
    # each subject's forms computed once: a big run asks this of the same comments for many
    # lessons (770,000 times for 100,000 comments).
    forms = _text_forms(text)
    return sum(not w.isdisjoint(forms) for w in words) / len(words)


@functools.lru_cache(maxsize=4096)
def _subject_forms(subject: str) -> tuple[frozenset[str], ...]:
    words = sorted(w for w in _content_words(subject) if w not in _SUBJECT_VERBS and len(w) > 2)
    return tuple(word_forms(w) for w in words)


@functools.lru_cache(maxsize=200_000)
def _text_forms(text: str) -> frozenset[str]:
    return frozenset(text_forms(text))


def _leans_on_parent(text: str) -> float:
    """1.0 for a reply that needs the comment above to make sense ("@ana same issue here").

    Example:
        >>> _leans_on_parent("@fiona.makes same issue here"), _leans_on_parent("the light dies after 2 hours")
        (1.0, 0.0)
    """
    return 1.0 if _LEANS.match(text) else 0.0


def _main_topics(topics: np.ndarray) -> list[int]:
    """Topics holding at least a fifth of the evidence, biggest first (the first is the main one)."""
    valid = topics[topics != S.UNASSIGNED_TOPIC]
    if len(valid) == 0:
        return []
    values, counts = np.unique(valid, return_counts=True)
    order = np.lexsort((values, -counts))
    return [int(values[i]) for i in order if counts[i] / len(topics) >= 0.2]


def _strings(frame: pd.DataFrame, col: str, n: int) -> np.ndarray:
    if col not in frame:
        return np.array([""] * n, dtype=object)
    return np.array(["" if pd.isna(v) else str(v) for v in frame[col].tolist()], dtype=object)


__all__: Sequence[str] = [
    "KINDS",
    "LessonStage",
    "action_for",
    "clean_phrase",
    "complaint_title",
    "readable_label",
    "request_title",
    "says_what_is_wrong",
    "score_lesson",
    "growth_estimate",
    "sentiment_words",
    "summary_for",
    "topic_title",
]
