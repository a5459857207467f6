"""Readable topic labels from key phrases, and representative comments.

A label is the noun phrase that best sets a topic apart: spaCy noun chunks from
the comments nearest the topic's centre, scored like class-based TF-IDF (common
in this topic, rare in the others), lightly boosted when its words are among the
topic's c-TF-IDF keywords. Phrases are cleaned of determiners, pronouns, handles
and stop words, so a label reads like "Lost luggage", never "my bag" or "@united".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from insights.topics.text import STOP_WORDS, strip_noise

_DROP_POS = {"DET", "PRON", "PUNCT", "NUM", "SYM", "SPACE", "X", "CCONJ", "ADP", "PART", "INTJ", "AUX"}
_WORD = re.compile(r"^[^\W\d_][^\W\d_'-]*$")


def phrase_of(chunk, banned: frozenset[str]) -> str | None:
    """A clean phrase from a spaCy span: nouns lemmatised, modifiers kept, noise dropped."""
    words: list[str] = []
    has_noun = False
    for tok in chunk:
        if tok.pos_ in _DROP_POS or tok.like_url or tok.like_email or tok.text.startswith("@"):
            continue
        text = tok.text.lower()
        lemma = tok.lemma_.lower() if tok.pos_ in ("NOUN", "PROPN") else text
        if not _WORD.match(lemma) or len(lemma) < 2 or lemma in banned or text in banned:
            continue
        if lemma in STOP_WORDS or text in STOP_WORDS:
            continue
        if tok.pos_ in ("NOUN", "PROPN"):
            has_noun = True
        words.append(lemma)
    if not has_noun or not words or len(words) > 4 or len(set(words)) < len(words):
        return None
    return " ".join(words)


def candidate_phrases(texts: Sequence[str], banned: frozenset[str], nlp=None) -> list[set[str]]:
    """The set of candidate phrases in each text (noun chunks, or nouns without a parser)."""
    from insights.nlp import load_spacy

    nlp = nlp or load_spacy(("ner",))
    out: list[set[str]] = []
    for doc in nlp.pipe([_for_parser(t) for t in texts], batch_size=128):
        phrases: set[str] = set()
        spans = list(doc.noun_chunks) if doc.has_annotation("DEP") else []
        for span in spans:
            p = phrase_of(span, banned)
            if p:
                phrases.add(p)
        for tok in doc:  # single nouns too: "refund" inside "get a refund for it"
            if tok.pos_ == "NOUN":
                p = phrase_of([tok], banned)
                if p:
                    phrases.add(p)
        out.append(phrases)
    return out


def _for_parser(text: str) -> str:
    # Keep the case (it helps the tagger) but drop what strip_noise drops.
    cleaned = strip_noise(text)
    return cleaned[:1].upper() + cleaned[1:] if cleaned else cleaned


def score_phrases(
    phrases_by_topic: dict[int, list[set[str]]],
    keywords: dict[int, list[str]],
) -> dict[int, list[tuple[str, float]]]:
    """Class-based TF-IDF over phrases: share of the topic's comments using a phrase,
    times how specific the phrase is to that topic."""
    doc_freq: dict[int, Counter] = {}
    for t, docs in phrases_by_topic.items():
        c: Counter = Counter()
        for d in docs:
            c.update(d)
        doc_freq[t] = c
    total: Counter = Counter()
    for c in doc_freq.values():
        total.update(c)
    avg_docs = np.mean([max(len(d), 1) for d in phrases_by_topic.values()]) if phrases_by_topic else 1.0
    scored: dict[int, list[tuple[str, float]]] = {}
    for t, c in doc_freq.items():
        n_t = max(len(phrases_by_topic[t]), 1)
        kw = set(" ".join(keywords.get(t, [])[:10]).split())
        rows = []
        for p, f in c.items():
            if f < 2 and n_t >= 5:
                continue
            tf = f / n_t
            idf = math.log(1 + avg_docs / total[p])
            words = p.split()
            boost = 1 + 0.5 * sum(w in kw for w in words) / len(words)
            # Two-word phrases read better than one word and are rarer by nature: a small nudge.
            length = 1.0 if len(words) == 1 else 1.15
            rows.append((p, tf * idf * boost * length))
        rows.sort(key=lambda r: (-r[1], r[0]))
        scored[t] = rows
    return scored


def pick_label(scored: list[tuple[str, float]], keywords: list[str]) -> str:
    """The best phrase, preferring a longer phrase that contains the best word when close."""
    if not scored:
        words = [w for w in keywords if " " not in w][:2] or keywords[:1]
        return " / ".join(words).capitalize() if words else "Miscellaneous"
    best, best_score = scored[0]
    if len(best.split()) == 1:
        # One word says little ("Bag"); a phrase around it says what about it ("Lost bag").
        longer = [p for p, sc in scored[1:30] if sc >= 0.25 * best_score and best in p.split() and len(p.split()) > 1]
        bigrams = [k for k in keywords[:10] if len(set(k.split())) == 2 and best in k.split()]
        if longer:
            best = longer[0]
        elif bigrams:
            best = bigrams[0]
    return best[:1].upper() + best[1:]


def make_labels(
    texts_by_topic: dict[int, list[str]],
    keywords: dict[int, list[str]],
    banned: frozenset[str],
    nlp=None,
) -> dict[int, str]:
    """One readable, distinct label per topic.

    Example:
        >>> make_labels({0: ["My bag was lost", "Lost bag again"]}, {0: ["bag"]}, frozenset())  # doctest: +SKIP
        {0: 'Lost bag'}
    """
    flat = [t for texts in texts_by_topic.values() for t in texts]
    phrase_sets = candidate_phrases(flat, banned, nlp=nlp) if flat else []
    by_topic: dict[int, list[set[str]]] = {}
    i = 0
    for t, texts in texts_by_topic.items():
        by_topic[t] = phrase_sets[i : i + len(texts)]
        i += len(texts)
    scored = score_phrases(by_topic, keywords)
    labels: dict[int, str] = {}
    used: set[str] = set()
    for t in sorted(texts_by_topic):
        label = pick_label(scored.get(t, []), keywords.get(t, []))
        if label.lower() in used:
            # Same phrase as a bigger topic: name the difference with the next distinct phrase.
            alt = next((p for p, _ in scored.get(t, [])[1:] if p not in label.lower()), None)
            alt = alt or next((w for w in keywords.get(t, []) if w not in label.lower()), None)
            label = f"{label} ({alt})" if alt else f"{label} ({t})"
        used.add(label.lower())
        labels[t] = label
    return labels


def representative_indices(
    embeddings: np.ndarray, centroid: np.ndarray, texts: Sequence[str], n: int
) -> list[int]:
    """Up to ``n`` members closest to the centroid whose texts differ (after normalising)."""
    order = np.argsort(-(embeddings @ centroid), kind="stable")
    chosen: list[int] = []
    seen: set[str] = set()
    for i in order:
        key = strip_noise(texts[i])
        if not key or key in seen:
            continue
        seen.add(key)
        chosen.append(int(i))
        if len(chosen) == n:
            break
    return chosen
