"""Readable topic labels from key phrases, and representative comments.

A label is the noun phrase that best sets a topic apart: spaCy noun chunks from
the comments nearest the topic's centre, scored like class-based TF-IDF (common
in this topic, rare in the others), lightly boosted when its words are among the
topic's c-TF-IDF keywords. Phrases are cleaned of determiners, pronouns, handles
and stop words, so a label reads like "Lost luggage", never "my bag" or "@united".

Then: phrases end on a noun (no "Does bundle"); corrupted forms of a frequent word
map to it ("Late flightr" -> "Late flight"); words keep the corpus's spelling
("NYC", "HomeKit"); MMR picks a second phrase that says something new, joined when
the two complete each other ("Lost or delayed bag", "Seat and legroom"); a topic whose
best phrase few of its comments use is called "Other chatter", not after one noun; a label
that is another topic's in another form ("ATM" / "ATMs", "Delay" / "Delayed flights") says what
sets its topic apart ("Accepting ATMs", "Delay and wait").
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from insights.topics.text import RARE_FORM, STOP_WORDS, known_words, strip_noise

# A label is a noun phrase: modifiers (adjectives, participles such as "lost", "delayed"),
# then nouns, ending on a noun. Anything else (auxiliaries, verbs, adverbs) reads as a
# fragment of a sentence ("Does bundle", "White doesnt").
_MODIFIER_POS = {"ADJ", "NOUN", "PROPN"}
_PARTICIPLE_TAGS = {"VBN", "VBG"}
_WORD = re.compile(r"^[^\W\d_][^\W\d_'-]*$")
_TOKEN = re.compile(r"[^\W\d_][^\W\d_']*")
# A topic whose label words are used by fewer of its comments than this (in any inflection:
# "Pairing problems" counts "won't pair") has no subject of its own: it is named honestly rather
# than after two or three comments' noun ("Arm" for replies saying "same!", "Bot" for "so pretty").
MIN_COVERAGE = 0.1
# A topic whose phrase a bigger topic took is named by its next phrase this share of it uses.
ALT_SHARE = 0.05
# A topic whose best-scoring phrase few of its comments use is still named by one of its next
# WIDE_CANDIDATES phrases that this share of the comments it is labelled from use: phone-call
# complaints were "Other chatter" after "high (call) volume", a phrase 8% of those use, while
# 22% of them (41% of all its comments) say "phone". 0.3 and 0.2 give the same labels on the
# 155 saved topics of scripts/eval_topic_labels.py; 0.3 missed the phone topic of compare's
# complaint topics.
WIDE_SHARE = 0.2
WIDE_CANDIDATES = 8
# A one-word label fewer than WIDE_SHARE of its comments use ("Friend" for questions on adding
# money, 2 of 12) gives way to that phrase too, else to what its comments do with the thing at
# least this share of them name ("Adding money"). A phrase most topics use is no subject of its own.
MOST_SHARE = 0.5
MISC_LABEL = "Other chatter"
# The label of the comments no topic took (outliers kept as such).
UNASSIGNED_LABEL = "Other (unassigned)"


# A topic without a subject whose comments mostly do one thing says so: "Other complaints (try,
# happening)" is mixed problems a team should read, "Other chatter" is not (see by_intent).
CATCH_ALL_BY_INTENT: dict[str, str] = {
    "complaint": "Other complaints",
    "request": "Other requests",
    "question": "Other questions",
    "praise": "Other praise",
}
# ... when at least this share of its comments carry that intent as their primary one.
CATCH_ALL_INTENT_SHARE = 0.5


def is_catch_all(label: str) -> bool:
    """Whether a topic label names no subject ("Other chatter", "Other chatter (update)",
    "Other complaints (try)").

    Example:
        >>> is_catch_all("Other chatter (update)"), is_catch_all("Other praise"), is_catch_all("Lost bags")
        (True, True, False)
    """
    prefixes = (MISC_LABEL, UNASSIGNED_LABEL, *CATCH_ALL_BY_INTENT.values())
    return str(label).lower().startswith(tuple(p.lower() for p in prefixes))


def by_intent(label: str, intents: Sequence[str]) -> str:
    """A catch-all label named after what most of its comments do, when most do one thing.

    ``intents`` are the primary intents of the topic's comments. Labels that name a subject,
    and catch-alls whose comments do many things, are returned as they are.

    Example:
        >>> by_intent("Other chatter (try, happening)", ["complaint"] * 6 + ["other"] * 4)
        'Other complaints (try, happening)'
        >>> by_intent("Other chatter", ["praise", "other", "question"])
        'Other chatter'
        >>> by_intent("Lost bags", ["complaint"] * 3)
        'Lost bags'
    """
    if not str(label).startswith(MISC_LABEL) or not len(intents):
        return label
    kind, n = Counter(intents).most_common(1)[0]
    if kind not in CATCH_ALL_BY_INTENT or n / len(intents) < CATCH_ALL_INTENT_SHARE:
        return label
    return CATCH_ALL_BY_INTENT[kind] + str(label)[len(MISC_LABEL):]


# ... or when its best phrase scores below this fraction of the median topic's best phrase.
WEAK_TOPIC = 0.4
# A theme is named by a phrase its topics share only when this share of its comments use it.
THEME_COVERAGE = 0.15
# A label joins two subjects ("Seat and legroom") only when each is used by this share of
# the topic's comments (half of it for "lost or delayed bag", which names one subject).
PAIR_SHARE = 0.15
# ... and the second is among the topic's first this many c-TF-IDF keywords.
PAIR_KEYWORDS = 5
# A phrase whose words are among the topic's c-TF-IDF keywords (counted over all of its
# comments, not only those read for the label) scores up to (1 + this) times more.
KEYWORD_BOOST = 1.0
# MMR: weight of relevance (c-TF-IDF) against novelty (word overlap with phrases chosen).
MMR_LAMBDA = 0.7


# Endings that make a word of their own from a shorter one (derivations): "saver" (save),
# "spotify" (spot), "kindle" (kind) are words, never a corrupted "save", "spot", "kind".
_DERIVATIONS = frozenset(
    "er ers or ors ify ize ise le les y ie ies ish ist ists ism ment ments ness ous ive able ible ic ical ian "
    "ery ary ory ship hood less ful ward wards en ent ents ant ants ance ence ette let lets ling ton ville ity "
    "al ation ations ee ees ess o ly est".split()
)
# Inflections: a known word plus one of these is the same word ("flighted" beside "flight").
_INFLECTIONS = frozenset("s es d ed ing".split())
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _is_derived(stem: str, tail: str) -> bool:
    """Whether ``stem + tail`` reads as a regular English derivation of ``stem``.

    Covers a dropped final e ("save" + "r" = saver) and a doubled consonant ("spot" + "ter").
    """
    if tail in _DERIVATIONS:
        return True
    if stem.endswith("e") and ("e" + tail) in _DERIVATIONS:
        return True
    return len(tail) >= 2 and tail[0] == stem[-1] and tail[1:] in (_DERIVATIONS | _INFLECTIONS)


def _misspells_another_word(word: str, stem: str, vocab: frozenset[str]) -> bool:
    """One edit away from a known word longer than ``stem`` plus an inflection
    ("passenegers" -> "passengers"): a typo of that word, not a form of ``stem``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits |= {a + c + b for a, b in splits for c in _LETTERS}
    own = {stem} | {stem + t for t in _INFLECTIONS}
    return any(e in vocab and e not in own and len(e) > len(stem) + 1 for e in edits)


def _compound(word: str, counts: Counter, vocab: frozenset[str]) -> bool:
    """Two words written as one ("customerservice", "applepay"): each part a known word, the
    second long or used on its own at least as often as the compound."""
    c = counts[word]
    # A hashtag of several words ("stuckinmemphis", "customerservicefail"): a known word of
    # four letters or more inside what follows the first word (a plural like "ions" is an ending).
    for i in range(3, len(word) - 3):
        if word[:i] in vocab and any(word[j:k] in vocab and not (k - j == 4 and word[k - 1] == "s")
                                     for j in range(i, len(word) - 3) for k in range(j + 4, len(word) + 1)):
            return True
    for i in range(3, len(word) - 2):
        left, right = word[:i], word[i:]
        if left in vocab and right in vocab and (len(right) >= 4 or counts.get(right, 0) >= c):
            return True
    return False


def canonical_words(texts: Sequence[str], min_count: int = 5, vocabulary: frozenset[str] | None = None) -> dict[str, str]:
    """Corrupted forms of a frequent word, mapped to it ("flightr", "flightled" -> "flight").

    Only a word that is no known English word (``vocabulary``: by default the MiniLM
    vocabulary) maps to a shorter one, its stem: a frequent content word (in 1% of the texts,
    no stop word), and only when the corpus mangles that stem systematically: two or more
    unknown forms of it that are the stem plus letters that are no English ending ("flightr",
    "flightled", "flightlations"). Then its regular inflections ("flighted") map too, as do
    inflections very rare beside their stem.

    Never by bare prefix: a derivation is a word of its own ("saver", "spotify", "kindle"
    stay), and so are compounds ("applepay", "customerservice") and typos of another
    word ("passenegers" is not "pass").

    Example:
        >>> canonical_words(["late flight"] * 20 + ["late flightr", "flightled"], vocabulary=frozenset({"late", "flight"}))
        {'flightled': 'flight', 'flightr': 'flight'}
        >>> canonical_words(["save money"] * 20 + ["a saver", "spot on"] * 9 + ["spotify"], vocabulary=frozenset({"save", "spot"}))
        {}
    """
    vocab = known_words() if vocabulary is None else vocabulary
    if not vocab:
        return {}
    counts: Counter = Counter()
    for text in texts:
        counts.update(set(_TOKEN.findall(strip_noise(text))))
    frequent = max(min_count, 0.01 * len(texts))
    mangled: dict[str, list[str]] = {}
    inflected: dict[str, list[str]] = {}
    for word, c in sorted(counts.items()):
        if word in vocab or len(word) < 5:
            continue
        # The longest known stem the word starts with.
        stem = next((word[:-cut] for cut in range(1, len(word) - 3) if word[:-cut] in vocab), None)
        if stem is None or stem in STOP_WORDS or counts[stem] < frequent or c > counts[stem]:
            continue
        tail = word[len(stem):]
        if tail in _INFLECTIONS:
            # "planing" is plane + ing, not plan + ing.
            if (stem + "e") not in vocab:
                inflected.setdefault(stem, []).append(word)
            continue
        if _is_derived(stem, tail) or _compound(word, counts, vocab) or _misspells_another_word(word, stem, vocab):
            continue
        mangled.setdefault(stem, []).append(word)
    out: dict[str, str] = {}
    for stem, forms in mangled.items():
        if len(forms) >= 2:
            out.update({form: stem for form in forms + inflected.get(stem, [])})
    for stem, forms in inflected.items():
        out.update({form: stem for form in forms if counts[form] <= RARE_FORM * counts[stem]})
    return dict(sorted(out.items()))


def corpus_casing(texts: Sequence[str]) -> dict[str, str]:
    """How the corpus writes words that are not plain lower case: "nyc" -> "NYC", "homekit" -> "HomeKit".

    Only forms used for most mid-sentence occurrences count, so a word capitalised because it
    starts a sentence stays lower case.
    """
    forms: dict[str, Counter] = {}
    for text in texts:
        for sentence in re.split(r"[.!?]\s+", str(text)):
            for i, tok in enumerate(_TOKEN.findall(sentence)):
                # A sentence's first word is capitalised for its position, not its spelling.
                if i == 0 and not (tok.isupper() or any(ch.isupper() for ch in tok[1:])):
                    continue
                forms.setdefault(tok.lower(), Counter())[tok] += 1
    out: dict[str, str] = {}
    for low, c in forms.items():
        form, n = min(c.items(), key=lambda kv: (-kv[1], kv[0]))
        total = sum(c.values())
        if form == low or total < 2:
            continue
        acronym = form.isupper() and 2 <= len(form) <= 5
        inner = any(ch.isupper() for ch in form[1:]) and not form.isupper()
        title = form[:1].isupper() and form[1:].islower()
        if (acronym and n >= 0.5 * total) or (inner and n >= 0.5 * total) or (title and n >= 0.8 * total):
            out[low] = form
    return out


def phrase_of(chunk, banned: frozenset[str], canon: dict[str, str] | None = None) -> str | None:
    """A clean phrase from a spaCy span: nouns lemmatised, modifiers kept, noise dropped."""
    words: list[str] = []
    pos: list[str] = []
    canon = canon or {}
    for tok in chunk:
        if tok.like_url or tok.like_email or tok.text.startswith("@"):
            continue
        participle = tok.pos_ == "VERB" and tok.tag_ in _PARTICIPLE_TAGS
        if tok.pos_ not in _MODIFIER_POS and not participle:
            continue
        text = tok.text.lower()
        lemma = _label_word(text, tok.lemma_.lower() if tok.pos_ in ("NOUN", "PROPN") else text, banned, canon)
        if lemma is None:
            continue
        if words and (words[-1] == lemma or (len(lemma) >= 4 and words[-1].startswith(lemma))):
            # "flightled flight" -> "flight flight" -> "flight"; "flighted flight" -> "flight"
            words[-1], pos[-1] = lemma, tok.pos_
            continue
        words.append(lemma)
        pos.append(tok.pos_)
    # The head comes last: "lost bag", not "bag lost"; a participle alone is no subject.
    while pos and pos[-1] not in ("NOUN", "PROPN"):
        words.pop()
        pos.pop()
    # "hour delay" -> "delay": a unit or a word for "thing" says nothing as a modifier.
    keep = [i for i, w in enumerate(words) if i == len(words) - 1 or w not in GENERIC_NOUNS]
    words, pos = [words[i] for i in keep], [pos[i] for i in keep]
    if not words or len(words) > 4 or len(set(words)) < len(words):
        return None
    return " ".join(words)


# Nouns that name no subject on their own: units of time, places and amounts in general,
# and words for "a thing" or "a state of affairs" ("Week", "Place", "Help", "Situation" say
# nothing about a topic). They may end a longer phrase ("pizza place") but are never a label
# alone, nor a modifier ("hour delay" -> "delay").
GENERIC_NOUNS = frozenset(
    """
    second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks month
    months year years night morning evening afternoon weekend moment while
    place thing stuff way part lot bit kind type sort number amount one ones piece side end
    help question reason mistake fact idea problem issue people person guy guys someone everyone
    anyone something anything everything nothing situation matter
    """.split()
)
TIME_UNITS = frozenset("second seconds sec secs minute minutes min mins hour hours hr hrs".split())
# Generic nouns too vague to head even a longer phrase ("dinner type").
_VAGUE = frozenset("thing stuff way kind type sort one ones bit lot piece".split())
# Activities that last (a "hold hours" topic is about "hold time"; a "plane hours" topic is not).
_DURATIONS = frozenset("hold wait queue line response delivery shipping transfer processing travel".split())
# Verbs whose participle names what went wrong with a thing when it comes before the noun
# ("lost bag", "declined payment", "cancelled flight"): from a passive ("my card was declined"),
# a short report ("flight delayed 3 hours") or an object ("they lost my bag"). Only verbs of
# things going wrong, in any domain: "requested refund" or "arrived card" read badly.
PROBLEM_VERBS = frozenset(
    """
    lose delay cancel decline reject refuse deny block lock freeze steal break damage crack
    scratch leak fail crash miss strand overbook bump divert overcharge misplace hack
    compromise suspend disconnect drop expire bounce revert reverse swallow stick ignore forget
    misspell mislabel mishandle postpone close disable corrupt
    """.split()
)


def _participle(tok) -> str | None:
    """The past participle a verb token can lend a noun ("declined"), or None."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in PROBLEM_VERBS:
        return None
    text = tok.text.lower()
    if tok.tag_ == "VBN" or (tok.tag_ == "VBD" and (text.endswith("ed") or text == "lost")):
        return text if _WORD.match(text) and text not in STOP_WORDS else None
    return None


def _event_phrases(doc, banned: frozenset[str], canon: dict[str, str]) -> set[str]:
    """Participle + noun phrases from verbs: "my card was declined" -> "declined card"."""
    out: set[str] = set()
    for tok in doc:
        part = _participle(tok)
        if part is None or part in banned or canon.get(part, part) in banned:
            continue
        for child in tok.children:
            # "card arrived" has no passive reading; "flight delayed" (VBN) and objects do.
            subject_ok = child.dep_ == "nsubjpass" or (child.dep_ == "nsubj" and tok.tag_ == "VBN")
            if not (subject_ok or child.dep_ == "dobj") or child.pos_ != "NOUN":
                continue
            # The noun with its compound modifiers: "card payment", not "payment".
            span = [t for t in child.children if t.dep_ == "compound" and t.i < child.i] + [child]
            noun = phrase_of(span, banned, canon)
            if noun and len(noun.split()) <= 2 and noun.split()[-1] not in GENERIC_NOUNS:
                out.add(f"{part} {noun}")
    return out


_VOWELS = set("aeiou")


def _gerund(verb: str) -> str:
    """The -ing form of a verb lemma: "book" -> "booking", "change" -> "changing", "ship" -> "shipping".

    Example:
        >>> [_gerund(v) for v in ("book", "change", "ship", "die", "see")]
        ['booking', 'changing', 'shipping', 'dying', 'seeing']
    """
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    if (len(verb) <= 4 and verb[-1] not in _VOWELS | set("wxy") and verb[-2] in _VOWELS
            and verb[-3] not in _VOWELS):
        return verb + verb[-1] + "ing"
    return verb + "ing"


# A topic about doing something ("can't book a flight online", "rebook"), named by the activity
# ("Booking problems") when that activity, as the corpus writes it ("booking"), is the topic's
# first c-TF-IDF keyword and this share of its comments use the verb.
GERUND_SHARE = 0.2


def _add_gerunds(by_topic: dict[int, list[set[str]]], gerunds: dict[int, list[set[str]]],
                 texts_by_topic: dict[int, list[str]], keywords: dict[int, list[str]]) -> None:
    """Add a topic's leading activity ("booking") to its comments' phrases, in place."""
    for t, docs in by_topic.items():
        first = (keywords.get(t) or [""])[0]
        if not first.endswith("ing") or " " in first or first in STOP_WORDS:
            continue
        stem = _stem(first)
        verbs = gerunds.get(t, [])
        # "rebook" is booking too.
        using = [i for i, v in enumerate(verbs) if any(_stem(g).endswith(stem) for g in v)]
        if len(using) >= GERUND_SHARE * max(len(docs), 1):
            for i in using:
                docs[i].add(first)


# Endings that make a noun of a verb ("activation", "delivery", "payment", "refusal").
_NOMINAL_ENDINGS = ("ion", "ment", "al", "y", "ance", "ence", "ery")


def _activity(label: str, keywords: Sequence[str], verbs: Sequence[set[str]], nouns: Counter,
              n_keywords: int = PAIR_KEYWORDS, texts: Sequence[str] = ()) -> str | None:
    """A label for a topic whose phrase another topic already has, from what its comments do with
    the thing: the first of its leading keywords that GERUND_SHARE of its comments use as a verb,
    as the noun the corpus makes of it ("new card" + "activate" -> "new card activation", "card" +
    "delivered" -> "card delivery"), else as a gerund ("cancelling transaction"). None when no
    keyword is such a verb. ``n_keywords``: how many leading keywords are read. The noun comes
    first when ``texts`` write it so and never the other way ("withdrawal fee", not "fee withdrawal").

    Example:
        >>> _activity("new card", ["activate", "card"], [{"activating"}] * 3, Counter({"activation": 2}))
        'new card activation'
        >>> _activity("transaction", ["cancel"], [{"canceling"}, set()], Counter())
        'canceling transaction'
    """
    own = {f for w in label.split() for f in _forms(w)}
    for kw in keywords[:n_keywords]:
        base = _base(kw)
        # Not a verb the label already names ("withdrawing" beside "cash withdrawals").
        if (" " in kw or kw in STOP_WORDS or _forms(kw) & own or len(base) < 3
                or any(w.startswith(base) for w in label.split())):
            continue
        using = sum(any(_forms(g) & _forms(kw) for g in v) for v in verbs)
        if using < max(1, GERUND_SHARE * len(verbs)):
            continue
        # Never a noun the label already says ("cash withdrawal withdrawals").
        made = sorted((n for n in nouns if n.startswith(base) and n != kw and n.endswith(_NOMINAL_ENDINGS)
                       and n not in GENERIC_NOUNS and not _forms(n) & own and n.rstrip("s") not in label.split()),
                      key=lambda n: (-nouns[n], n))
        if made:
            before, after = f"{made[0]} {label}", f"{label} {made[0]}"
            written = written_pairs(texts, [before, after], 1) if " " not in label else frozenset()
            return before if before in written and after not in written else after
        gerund = next((g for v in verbs for g in sorted(v) if _forms(g) & _forms(kw)), _gerund(base))
        return f"{gerund} {label}"
    return None


def candidate_phrases(
    texts: Sequence[str], banned: frozenset[str], nlp=None, canon: dict[str, str] | None = None,
    forms_out: list[Counter] | None = None, verbs_out: list[set[str]] | None = None,
) -> list[set[str]]:
    """The set of candidate phrases in each text (noun chunks, nouns, and participle + noun
    phrases from verbs: "my card was declined" -> "declined card"; nouns only without a parser).

    ``forms_out``, when given, receives per text a Counter of (noun lemma, written form) pairs
    (the lemma itself for a singular), so a label can say "Login crashes" when people write so;
    ``verbs_out`` per text the gerunds of its content verbs ("can't book" -> "booking").
    """
    from insights.nlp import load_parser

    nlp = nlp or load_parser()
    canon = canon or {}
    out: list[set[str]] = []
    # Words the tagger reads as adjectives in front of a noun ("the giveaway end", "giveaway
    # entry"): per text, and how the corpus tags each word, to keep those it mostly uses as nouns.
    modifiers: list[set[str]] = []
    tags: dict[str, Counter] = {}
    for doc in nlp.pipe([_for_parser(t) for t in texts], batch_size=128):
        phrases: set[str] = set()
        parsed = doc.has_annotation("DEP")
        spans = list(doc.noun_chunks) if parsed else []
        mods: set[str] = set()
        for span in spans:
            p = phrase_of(span, banned, canon)
            if p:
                phrases.add(p)
            mods.update(t.lower_ for t in span if t.pos_ == "ADJ" and t.i < span.root.i and t.tag_ == "JJ")
        modifiers.append(mods)
        forms: Counter = Counter()
        for tok in doc:  # single nouns too: "refund" inside "get a refund for it"
            if tok.pos_ in ("NOUN", "ADJ"):
                tags.setdefault(tok.lower_, Counter())[tok.pos_] += 1
            if tok.pos_ == "NOUN":
                p = phrase_of([tok], banned, canon)
                if p:
                    phrases.add(p)
                    forms[(p, tok.text.lower() if tok.tag_ == "NNS" else p)] += 1
        if parsed:
            phrases |= _event_phrases(doc, banned, canon)
        out.append(phrases)
        if forms_out is not None:
            forms_out.append(forms)
        if verbs_out is not None:
            verbs_out.append({_gerund(tok.lemma_.lower()) for tok in doc if tok.pos_ == "VERB"
                              and _WORD.match(tok.lemma_) and len(tok.lemma_) >= 3
                              and tok.lemma_.lower() not in STOP_WORDS and tok.lemma_.lower() not in banned})
    # A modifier the corpus mostly writes as a noun is one here too: the tagger's guess on a
    # lower-case word before a noun ("giveaway entry") is often wrong, and without it a topic's
    # subject is no candidate at all.
    nouns = {w for w, c in tags.items() if c["NOUN"] >= NOUN_TAGS and c["NOUN"] >= NOUN_SHARE * (c["NOUN"] + c["ADJ"])}
    for phrases, mods in zip(out, modifiers):
        for word in mods & nouns:
            p = phrase_of_word(word, banned, canon)
            if p:
                phrases.add(p)
    return out


# A word tagged as an adjective before a noun counts as a noun when the corpus tags it so at least
# NOUN_TAGS times and in this share of its uses as a noun or an adjective ("giveaway": 2 of 4;
# "dark", "rude", "worst": 1 in 25 or fewer).
NOUN_TAGS = 2
NOUN_SHARE = 0.3


def phrase_of_word(word: str, banned: frozenset[str], canon: dict[str, str] | None = None) -> str | None:
    """A single noun as :func:`phrase_of` would clean it ("giveaway"), or None (also for a
    generic noun, which is never a label alone)."""
    lemma = _label_word(word, word, banned, canon or {})
    return None if lemma is None or lemma in GENERIC_NOUNS else lemma


def _label_word(text: str, lemma: str, banned: frozenset[str], canon: dict[str, str]) -> str | None:
    """The word (its canonical lemma) as a label writes it, or None for noise: not a word, one
    letter, banned (handles, the input's own names) or a stop word."""
    lemma = canon.get(text) or canon.get(lemma, lemma)
    if not _WORD.match(lemma) or len(lemma) < 2 or lemma in banned or text in banned:
        return None
    if lemma in STOP_WORDS or text in STOP_WORDS:
        return None
    return lemma


def _for_parser(text: str) -> str:
    # Keep the case (it helps the tagger) but drop what strip_noise drops.
    cleaned = _strip_keep_case(text)
    return cleaned[:1].upper() + cleaned[1:] if cleaned else cleaned


def _strip_keep_case(text: str) -> str:
    low = strip_noise(text)
    # strip_noise lower-cases; rebuild the cased text word by word where the words line up.
    cased = [w for w in re.sub(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|@\w+|#", " ", str(text)).split()]
    return " ".join(cased) if " ".join(cased).lower() == low else low


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
        # Keywords are surface words, phrases are lemmas: "crashes" counts for "crash", "paired"
        # for "pairing".
        kw = {_stem(w) for w in " ".join(keywords.get(t, [])[:10]).split()}
        rows = []
        for p, f in c.items():
            if (f < 2 and n_t >= 5) or p in GENERIC_NOUNS:
                continue
            tf = f / n_t
            idf = math.log(1 + avg_docs / total[p])
            words = p.split()
            boost = 1 + KEYWORD_BOOST * sum(_stem(w) in kw for w in words) / len(words)
            # Two-word phrases read better than one word and are rarer by nature: a small nudge.
            length = 1.0 if len(words) == 1 else 1.15
            rows.append((p, tf * idf * boost * length))
        rows.sort(key=lambda r: (-r[1], r[0]))
        scored[t] = rows
    return scored


def _stem(word: str) -> str:
    """A crude stem for matching keywords to phrase words: "crashes", "crash" -> "crash"."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _base(word: str) -> str:
    """A word without its inflection, for matching forms: "crashes", "crashed", "crash" -> "crash";
    "fades", "faded", "fading", "fade" -> "fad" (a dropped final e, so "fade" meets "fading")."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


@functools.lru_cache(maxsize=1 << 16)
def _forms(word: str) -> frozenset[str]:
    """``_base`` of a word, and without a doubled last consonant ("cancelling" -> "cancel",
    "stopped" -> "stop"), which may also be the word's own ("filled" -> "fill")."""
    # Cached: lessons and compare test the same words against many comments (2.8 million
    # calls for 100,000 comments).
    base = _base(word)
    undoubled = base[:-1] if len(base) > 3 and base[-1] == base[-2] and base[-1] not in _VOWELS else base
    return frozenset((base, undoubled))


def words_used(words: Iterable[str], text: str) -> int:
    """How many of ``words`` a text uses, a word meeting its inflections ("crash" ~ "crashed",
    "fade" ~ "fades"), never a longer word it begins ("mode" is not "modern", "car" not "card").

    The one measure of "does this comment talk about this subject" shared by compare's quotes
    (the topic's keywords and label words) and lessons' quotes (the lesson's subject words).

    Example:
        >>> words_used({"crash", "login"}, "It crashed at the login screen"), words_used({"mode"}, "modern UI")
        (2, 0)
    """
    tokens = text_forms(text)
    return sum(bool(_forms(w.lower()) & tokens) for w in set(words))


def text_forms(text: str) -> set[str]:
    """The word forms of a text that ``words_used`` matches against, for callers that test many
    words against one text: ``uses(word, text_forms(text))``.

    Example:
        >>> uses("delay", text_forms("Flights delayed again"))
        True
    """
    return {f for t in _TOKEN.findall(str(text).lower()) for f in _forms(t)}


def stem(word: str) -> str:
    """A lower-case word without its inflection, the form :func:`word_forms` starts from:
    "crashes", "crashed", "crashing" -> "crash". For grouping words, not for display.

    Example:
        >>> stem("Crashing"), stem("fades")
        ('crash', 'fad')
    """
    return _base(word.lower())


def word_forms(word: str) -> frozenset[str]:
    """The forms of ``word`` that meet a text's :func:`text_forms` when the text uses it.

    Example:
        >>> sorted(word_forms("Cancelling"))
        ['cancel', 'cancell']
    """
    return _forms(word.lower())


def uses(word: str, forms: set[str]) -> bool:
    """Whether a text whose ``text_forms`` are ``forms`` uses ``word`` in any inflection."""
    return bool(_forms(word.lower()) & forms)


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / len(wa | wb)


def mmr(scored: list[tuple[str, float]], n: int = 3, lam: float = MMR_LAMBDA, pool: int = 25) -> list[tuple[str, float]]:
    """Maximal marginal relevance over candidate phrases: relevant, and unlike those already chosen.

    Example:
        >>> [p for p, _ in mmr([("lost bag", 1.0), ("bag", 0.9), ("delay", 0.8)], 2)]
        ['lost bag', 'delay']
    """
    cands = scored[:pool]
    if not cands:
        return []
    top = cands[0][1] or 1.0
    chosen = [cands[0]]
    rest = cands[1:]
    while rest and len(chosen) < n:
        gains = [lam * s / top - (1 - lam) * max(_overlap(p, c) for c, _ in chosen) for p, s in rest]
        i = int(np.argmax(gains))  # first best: candidates are already in a stable order
        chosen.append(rest.pop(i))
    return chosen


def written_pairs(texts: Sequence[str], pairs: Sequence[str], min_count: int = 2) -> frozenset[str]:
    """The two-word ``pairs`` that ``texts`` write as is, side by side, at least ``min_count`` times.

    Example:
        >>> sorted(written_pairs(["my phone number", "phone number?", "cash at the atm"] * 2, ["phone number", "cash atm"]))
        ['phone number']
    """
    wanted = set(pairs)
    if not wanted:
        return frozenset()
    counts: Counter = Counter()
    for text in texts:
        toks = _TOKEN.findall(strip_noise(text))
        counts.update({f"{a} {b}" for a, b in zip(toks, toks[1:])} & wanted)
    return frozenset(p for p, n in counts.items() if n >= min_count)


def _best_phrase(scored: list[tuple[str, float]], keywords: list[str], written: frozenset[str] | None = None) -> str:
    best, best_score = scored[0]
    if len(best.split()) == 1:
        # One word says little ("Bag"); a phrase around it says what about it ("Lost bag").
        # ... also around another form of the word: "delayed flight" for "delay".
        longer = [p for p, sc in scored[1:30] if sc >= 0.25 * best_score and len(p.split()) > 1
                  and any(w == best or _forms(w) & _forms(best) for w in p.split())]
        # A c-TF-IDF bigram only when it reads as a noun phrase: its words are used in the topic's
        # noun phrases and it ends on a head noun ("lost bag", not "does bundle" / "white doesnt").
        # A generic noun heads a phrase well enough ("phone number"), though never a label alone.
        words = {w for p, _ in scored for w in p.split()}
        heads = {p.split()[-1] for p, _ in scored} | (GENERIC_NOUNS - TIME_UNITS - _VAGUE)
        # ... and people write it as such: c-TF-IDF pairs words across dropped stop words
        # ("cash at the ATM" -> "cash atm", "crew for the flight" -> "crew flight").
        bigrams = [k for k in keywords[:10] if len(set(k.split())) == 2 and best in k.split()
                   and k.split()[0] in words and k.split()[-1] in heads and (written is None or k in written)]
        waits = [k for k in keywords[:10] if len(k.split()) == 2 and k.split()[0] == best
                 and k.split()[1] in TIME_UNITS and (best in _DURATIONS or best.endswith("ing"))]
        if longer:
            best = longer[0]
        elif waits:
            # "hold hours" is how long people are on hold: "hold time".
            best = f"{best} time"
        elif bigrams:
            best = bigrams[0]
    return best


def _is_state(word: str) -> bool:
    """Whether a modifier says what state a thing is in ("lost", "delayed", "stolen", "pending",
    "wrong"), so two of them share a head noun ("lost or delayed bag"); a noun ("card") does not."""
    return word in _EVENT_WORDS or word.endswith(("ed", "en", "ing"))


def compose(first: str, second: str | None) -> str:
    """One phrase, or two that complete each other: "lost bag" + "delayed bag" -> "lost or delayed bag".

    Example:
        >>> compose("lost bag", "delayed bag"), compose("seat", "legroom"), compose("pending payment", "card payment")
        ('lost or delayed bag', 'seat and legroom', 'pending payment')
    """
    if not second:
        return first
    a, b = first.split(), second.split()
    if len(a) == len(b) == 2 and a[1] == b[1] and a[0] != b[0]:
        # "lost or delayed bag": two states of one thing; "pending or card payment" is no reading.
        return f"{a[0]} or {b[0]} {a[1]}" if _is_state(a[0]) and _is_state(b[0]) else first
    if len(a) == len(b) == 1 and a != b:
        return f"{first} and {second}"
    return first


def _share(docs: Sequence[set[str]], phrase: str) -> float:
    return sum(phrase in d for d in docs) / max(len(docs), 1)


def _together(docs: Sequence[set[str]], a: str, b: str) -> float:
    """How often two phrases appear in the same comment (Jaccard of the comments using them)."""
    with_a = {i for i, d in enumerate(docs) if a in d}
    with_b = {i for i, d in enumerate(docs) if b in d}
    return len(with_a & with_b) / max(len(with_a | with_b), 1)


def pick_label(scored: list[tuple[str, float]], keywords: list[str], docs: Sequence[set[str]] = (),
               written: frozenset[str] | None = None) -> str:
    """The best phrase (a longer phrase around the best word when close), with a second
    phrase from MMR when both are strong and read as one label ("Seats and legroom").

    Two different subjects are joined only when comments raise them separately: a phrase
    that mostly comes with the first ("shipping" ... "to Canada") is its context, not a
    second subject."""
    if not scored:
        return MISC_LABEL
    best = _best_phrase(scored, keywords, written)
    best_score = dict(scored).get(best, scored[0][1])
    rest = [(p, s) for p, s in scored if p != best and not set(p.split()) & set(best.split())
            or (p != best and len(p.split()) == len(best.split()) == 2 and p.split()[1] == best.split()[1])]
    second = None
    picked = mmr([(best, best_score)] + rest, 2)
    if len(picked) == 2:
        p, s = picked[1]
        same_head = len(p.split()) == len(best.split()) == 2 and p.split()[1] == best.split()[1]
        # Two subjects only when the second is nearly as strong: else the label overstates it.
        # ... and each of the two must be what a fair share of the topic's comments talk about.
        share = _share(docs, p) if docs else 1.0
        need = PAIR_SHARE / 2 if same_head else PAIR_SHARE
        enough = share >= need and (not docs or _share(docs, best) >= need)
        # A second subject is one of the topic's leading c-TF-IDF keywords (counted over all its
        # comments, where the phrases come from its most central ones only: "Email and response"
        # named a topic whose keywords run email, website, address...), and never a second
        # spelling of the first ("Crypto and cryptocurrency").
        leading = {_stem(w) for k in keywords[:PAIR_KEYWORDS] for w in k.split()}
        keyed = same_head or not keywords or all(_stem(w) in leading for w in p.split())
        spelling = not same_head and _spellings(p, best)
        if (s >= (0.5 if same_head else 0.8) * best_score and enough and keyed and not spelling
                and (same_head or _together(docs, best, p) < 0.1)):
            second = p
    if second is None and len(best.split()) == 1:
        # The topic's two first c-TF-IDF keywords (counted over all its comments, not only the
        # central ones read here) are two single nouns the comments raise separately: both are
        # its subject ("Email and website": people write about one or the other).
        first_two = [k for k in keywords[:2] if " " not in k]
        other = [w for w in first_two if _stem(w) != _stem(best)]
        cand = next((p for p, _ in rest if len(p.split()) == 1 and other and _stem(p) == _stem(other[0])), None)
        # Not two spellings of one thing ("ny" / "nyc", "site" / "website").
        if (len(first_two) == 2 and _stem(best) in {_stem(w) for w in first_two} and cand
                and not _spellings(cand, best)
                and _share(docs, cand) >= PAIR_SHARE / 2 and _together(docs, best, cand) < 0.1):
            second = cand
    label = compose(best, second)
    return label[:1].upper() + label[1:]


def _spellings(a: str, b: str) -> bool:
    """Whether one word is the other with letters before or after it: two spellings of one
    thing ("crypto" / "cryptocurrency", "ny" / "nyc", "site" / "website"), never two subjects.

    Example:
        >>> _spellings("website", "site"), _spellings("nyc", "ny"), _spellings("email", "website")
        (True, True, False)
    """
    return a.startswith(b) or b.startswith(a) or a.endswith(b) or b.endswith(a)


def _title(form: str) -> bool:
    return form[:1].isupper() and form[1:].islower()


def _written_as_name(phrase: str, texts: Sequence[str]) -> bool:
    """Whether most uses of ``phrase`` in ``texts`` capitalise every word ("Destination Dragons")."""
    words = phrase.split()
    if len(words) < 2:
        return False
    pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
    found = [m.group(0) for t in texts for m in pattern.finditer(str(t))]
    return bool(found) and sum(all(_title(w) or w.isupper() for w in f.split()) for f in found) >= 0.5 * len(found)


def _case(label: str, casing: dict[str, str], texts: Sequence[str] = ()) -> str:
    """The corpus's spelling of each word ("NYC", "HomeKit"); a Title-case form only when the
    whole phrase is a name ("Destination Dragons", "Canada"): "Flight Booking" written so by
    a template in the data is no name, so the label says "Flight booking".

    Example:
        >>> _case("flight booking", {"booking": "Booking"}), _case("destination dragons",
        ...     {"destination": "Destination", "dragons": "Dragons"})
        ('Flight booking', 'Destination Dragons')
    """
    plain = label.split()
    content = [w for w in plain if w not in ("and", "or")]
    name = bool(content) and (all(_title(casing.get(w.lower(), "")) for w in content)
                              or _written_as_name(" ".join(content), texts))
    words = []
    for w in plain:
        form = casing.get(w.lower(), w) if w not in ("and", "or") else w
        words.append(w if _title(form) and not name else form)
    if words:
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def _coverage(phrase_sets: list[set[str]], label: str) -> float:
    """Share of a topic's comments whose phrases use a word of the label."""
    if not phrase_sets:
        return 0.0
    heads = {w for w in label.lower().replace(" and ", " ").replace(" or ", " ").split()}
    heads |= {h[:-1] for h in heads if h.endswith("s")}  # "hold hours" (a c-TF-IDF bigram) vs "hour"
    hits = sum(1 for s in phrase_sets if any(h in p.split() for p in s for h in heads))
    return hits / len(phrase_sets)


def _label_coverage(phrase_sets: list[set[str]], texts: Sequence[str], label: str) -> float:
    """Share of a topic's comments that use the label: by their phrases or their words, whichever
    finds more ("Pairing problems" counts "won't pair")."""
    return max(_coverage(phrase_sets, label), _text_coverage(texts, label))


def _text_coverage(texts: Sequence[str], label: str) -> float:
    """Share of a topic's comments that use a word of the label, in any inflection."""
    words = set(label.lower().split()) - {"and", "or"}
    return sum(words_used(words, t) > 0 for t in texts) / max(len(texts), 1)


def make_labels(
    texts_by_topic: dict[int, list[str]],
    keywords: dict[int, list[str]],
    banned: frozenset[str],
    nlp=None,
    phrases_out: dict[int, list[set[str]]] | None = None,
) -> dict[int, str]:
    """One readable, distinct label per topic.

    ``phrases_out``, when given, receives each topic's candidate phrase sets (for naming themes).

    Example:
        >>> make_labels({0: ["My bag was lost", "Lost bag again"]}, {0: ["bag"]}, frozenset())  # doctest: +SKIP
        {0: 'Lost bag'}
    """
    flat = [t for texts in texts_by_topic.values() for t in texts]
    canon = canonical_words(flat)
    casing = corpus_casing(flat)
    forms: list[Counter] = []
    verbs: list[set[str]] = []
    phrase_sets = candidate_phrases(flat, banned, nlp=nlp, canon=canon, forms_out=forms, verbs_out=verbs) if flat else []
    by_topic: dict[int, list[set[str]]] = {}
    forms_by_topic: dict[int, Counter] = {}
    gerunds: dict[int, list[set[str]]] = {}
    i = 0
    for t, texts in texts_by_topic.items():
        by_topic[t] = phrase_sets[i : i + len(texts)]
        forms_by_topic[t] = sum(forms[i : i + len(texts)], Counter())
        gerunds[t] = verbs[i : i + len(texts)]
        i += len(texts)
    if phrases_out is not None:
        phrases_out.update(by_topic)
    _add_gerunds(by_topic, gerunds, texts_by_topic, keywords)
    nouns = Counter(p for d in phrase_sets for p in d if " " not in p)
    verb_docs = Counter(g for v in verbs for g in v)
    # What the people of a topic do, besides its keywords ("link" in "how do I link my card").
    acts = {t: keywords.get(t, [])[:APART_KEYWORDS] + _own_verbs(gerunds[t], verb_docs, len(verbs)) for t in by_topic}
    spread = Counter(p for docs in by_topic.values() for p in set().union(*docs))
    common = {p for p, n in spread.items() if n > len(by_topic) / 2}
    scored = score_phrases(by_topic, keywords)
    baseline = problem_share(flat)
    written = written_pairs(flat, [k for kws in keywords.values() for k in kws[:10] if len(k.split()) == 2])

    def dress(t: int, phrase: str) -> str:
        """A phrase as topic ``t``'s label: its plural, the corpus's casing, "problems" if due."""
        label = _case(_plural(phrase, forms_by_topic[t]), casing, texts_by_topic[t])
        return _as_problem(label, texts_by_topic[t], baseline)

    def apart_from(t: int, raw: str, others: Sequence[int]) -> list[str | None]:
        """What could tell topic ``t`` (label ``raw``) apart from ``others``, best first: what its
        people do with the thing, then the word it uses and they do not (joined with "and" only
        beside another topic; alone, only as a compound its comments write)."""
        return [
            _activity(raw.lower(), acts[t], gerunds[t], nouns, len(acts[t]), texts_by_topic[t]) if others else None,
            _apart(raw.lower(), scored.get(t, []), by_topic, t, others, texts_by_topic[t], bool(others),
                   keywords.get(t, [])),
        ]

    labels: dict[int, str] = {}
    raws: dict[int, str] = {}
    copied: dict[int, str] = {}
    used: set[str] = set()
    picked: set[str] = set()
    tops = [rows[0][1] for rows in scored.values() if rows]
    typical_top = float(np.median(tops)) if tops else 0.0  # no topic with a phrase (emoji only)
    for t in sorted(texts_by_topic):
        label = pick_label(scored.get(t, []), keywords.get(t, []), by_topic[t], written)
        cov = _label_coverage(by_topic[t], texts_by_topic[t], label)
        top = scored[t][0][1] if scored.get(t) else 0.0
        # No phrase of its own: its best phrase is far weaker than other topics' best phrases.
        weak = len(scored) >= 4 and top < WEAK_TOPIC * typical_top
        if label != MISC_LABEL and len(by_topic[t]) >= 20 and (cov < MIN_COVERAGE or weak):
            label = _widely_used(scored.get(t, []), by_topic[t], texts_by_topic[t], picked) or MISC_LABEL
        elif label != MISC_LABEL and " " not in label and cov < WIDE_SHARE:
            # A word few of its comments use ("Food", "Friend") is no subject: a phrase a fair share
            # of them use, else what they do with the thing most of them name ("Adding money").
            alt = _widely_used(scored.get(t, []), by_topic[t], texts_by_topic[t], picked | common)
            if not alt:
                most = max(scored.get(t, []), key=lambda r: (_share(by_topic[t], r[0]), r[1]), default=None)
                if most and _share(by_topic[t], most[0]) >= MOST_SHARE:
                    alt = _activity(most[0], keywords.get(t, []), gerunds[t], nouns, APART_KEYWORDS, texts_by_topic[t])
            label = (alt[:1].upper() + alt[1:]) if alt and alt.lower() not in picked else label
        if label == MISC_LABEL and thanks_share(texts_by_topic[t]) >= THANKS_SHARE:
            # No subject, one act: people thanking ("thanks for the quick reply!").
            label = THANKS_LABEL
        if label != MISC_LABEL and label.lower() in picked:
            # Same phrase as a bigger topic: this topic's best phrase no label uses yet, when a
            # fair share of its comments use it ("Card delivery" beside "New card").
            # What its comments do with the thing comes first ("Cancelled flight rebooking"
            # beside "Cancelled flights"): another phrase alone ("Hold") hides the subject.
            act = _activity(label.lower(), keywords.get(t, []), gerunds[t], nouns)
            alt = act if act and act not in picked else next(
                (p for p, _ in scored.get(t, [])[1:] if p not in picked and _share(by_topic[t], p) >= ALT_SHARE), None)
            label = (alt[:1].upper() + alt[1:]) if alt else label
        picked.add(label.lower())
        raw = label
        if label != MISC_LABEL:
            label = dress(t, label)
        else:
            label = _case(label, casing)
        line = copied_line(texts_by_topic[t], banned)
        label = line or label
        if line:
            copied[t] = line
        if label.lower() in used and label != MISC_LABEL:
            # Still the same words: say what people do with the thing, when that sets it apart
            # ("New card activation", "Card delivery" beside "New card", "Card").
            # ... else the word that sets it apart from the topic whose label it has ("Delay and wait").
            same = [u for u in labels if labels[u].lower() == label.lower()]
            act = next(filter(None, apart_from(t, raw, same)), None)
            if act:
                label = dress(t, act)
        if label.lower() in used and label == MISC_LABEL:
            # A second topic without a subject: its leading c-TF-IDF keywords (counted over all of
            # its comments) tell it apart, not a phrase a comment or two use ("Other chatter (bed)").
            alt = ", ".join(_distinct_words(keywords.get(t, []), 2))
            label = f"{label} ({alt})" if alt else f"{label} ({t})"
        elif label.lower() in used:
            # Still the same words: name the difference with the next distinct phrase.
            alt = next((p for p, _ in scored.get(t, [])[1:] if p not in label.lower()), None)
            # Never a c-TF-IDF pair of one word twice ("place place").
            alt = alt or next((w for w in keywords.get(t, []) if w not in label.lower()
                               and len(set(w.split())) == len(w.split())), None)
            label = f"{label} ({alt})" if alt else f"{label} ({t})"
        used.add(label.lower())
        labels[t] = label
        raws[t] = raw
    for t in sorted(labels):
        # Two labels that are one word in two forms ("ATM" / "ATMs", "Delay" / "Delayed flight"):
        # a reader cannot tell the topics apart. The vaguer label (or the smaller topic's, when
        # both say the same) says what sets its topic apart from the other.
        others = [u for u in labels if u != t and _vaguer(labels[t], labels[u], t > u)]
        # A word most topics use ("Airline" among airline tweets) names none of them: it takes the
        # word its comments write beside it, when there is one ("Airline experience").
        vague = raws[t].lower() in common
        if not (others or vague) or is_catch_all(labels[t]) or labels[t] in (THANKS_LABEL, copied.get(t)):
            continue
        for alt in filter(None, apart_from(t, raws[t], others)):
            new = dress(t, alt)
            # The new label may hold another's words ("ATM acceptance" beside "ATM"), never the reverse.
            if not any(_vaguer(new, labels[u], True) for u in labels if u != t):
                labels[t] = new
                break
    return labels


# A label that two topics would share in two forms is told apart by what its comments do with the
# thing among this many leading keywords (more than PAIR_KEYWORDS: "ATMs" people ask which accept
# their card; "accept" is the 6th keyword) ...
APART_KEYWORDS = 10
# ... or by a phrase this share of its comments use, and at most half as many of the other topic's.
APART_SHARE = 0.1


def _own_verbs(verbs: Sequence[set[str]], verb_docs: Counter, n_docs: int) -> list[str]:
    """The gerunds of verbs MOST_SHARE of a topic's comments use, and at least three times as
    often as all comments do ("linking" where every comment asks how to link a card), most used first.

    Example:
        >>> _own_verbs([{"linking"}, {"linking", "having"}], Counter({"linking": 2, "having": 9}), 20)
        ['linking']
    """
    counts = Counter(g for v in verbs for g in v)
    n = max(len(verbs), 1)
    return [g for g, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            if k >= MOST_SHARE * n and k / n >= 3 * verb_docs[g] / max(n_docs, 1) and g not in _LIGHT_VERBS]


# Verbs that say how a thing is or that someone wants or asks, not what is done with it: "my card
# is not working" is no "working card", "can I use it" no "using card".
_LIGHT_VERBS = frozenset(_gerund(v) for v in """
    work use go come get give take make let seem look show happen try say tell ask need want know think
    mean see find keep put like feel help
    """.split())


def _subject(label: str) -> list[str]:
    """The words that say what a label is about: not "and", "or", nor a "problems" it was given."""
    return [w for w in re.findall(r"[a-z]+", label.lower()) if w not in ("and", "or", "problems")]


def _vaguer(label: str, other: str, ties: bool) -> bool:
    """Whether every word of ``label`` is a word of ``other`` in some form ("ATM" in "ATM machines",
    "Delay" in "Delayed flight"), so a reader cannot tell the two apart. ``ties``: whether the
    same words in both ("ATM" / "ATMs") count.

    Example:
        >>> _vaguer("Delay", "Delayed flights", False), _vaguer("ATM", "ATMs", True), _vaguer("Lost bags", "Bags", False)
        (True, True, False)
    """
    mine, theirs = _subject(label), _subject(other)
    if not mine or not theirs or is_catch_all(other):
        return False
    inside = all(any(_forms(w) & _forms(v) for v in theirs) for w in mine)
    same = inside and all(any(_forms(v) & _forms(w) for w in mine) for v in theirs)
    return inside and (ties or not same)


def _apart(label: str, scored: list[tuple[str, float]], by_topic: dict[int, list[set[str]]], t: int,
           others: Sequence[int], texts: Sequence[str] = (), joined: bool = True,
           keywords: Sequence[str] = ()) -> str | None:
    """``label`` with the best-scoring word of topic ``t`` that :data:`APART_SHARE` of its comments
    use and each of the ``others`` at most half as often: as one compound when ``texts`` write the
    two side by side ("phone" + "call" -> "phone call", "charge" + "transfer" -> "transfer charge"),
    else joined ("delay" + "wait" -> "delay and wait" beside "Delayed flights") when ``joined`` and
    the word is among the topic's first PAIR_KEYWORDS ``keywords`` (when given), as a second subject
    of :func:`pick_label` is ("Dinner and meal" named a topic whose 6th keyword is "meal"); None
    when there is none.

    Example:
        >>> by_topic = {0: [{"delay", "wait"}, {"delay"}] * 3, 1: [{"delayed flight", "delay"}] * 6}
        >>> _apart("delay", [("delay", 1.0), ("wait", 0.5)], by_topic, 0, [1])
        'delay and wait'
        >>> _apart("delay", [("delay", 1.0), ("wait", 0.5)], by_topic, 0, [1], ["the delay wait", "a delay"])
        'delay wait'
    """
    if " " in label:
        return None
    own = _forms(label)
    docs = by_topic[t]
    top = scored[0][1] if scored else 0.0
    for p, score in scored[:WIDE_CANDIDATES]:
        # Not a word of the same root ("dinner and dining"): the first three letters tell.
        if " " in p or p in GENERIC_NOUNS or _forms(p) & own or _spellings(p, label) or p[:3] == label[:3]:
            continue
        # A word most topics use ("card" among banking's) scores far below the topic's best phrase.
        share = _share(docs, p)
        if score >= 0.25 * top and share >= APART_SHARE and all(_share(by_topic[u], p) <= share / 2 for u in others):
            pairs = [f"{label} {p}", f"{label} {p}s", f"{p} {label}", f"{p} {label}s"]
            written = written_pairs(texts, pairs, 1)
            if written:
                compound = max(written, key=lambda w: (sum(w in strip_noise(x) for x in texts), w))
                return compound[:-1] if compound.endswith("s") and compound[:-1] in pairs else compound
            leading = {_stem(w) for k in keywords[:PAIR_KEYWORDS] for w in k.split()}
            return f"{label} and {p}" if joined and (not keywords or _stem(p) in leading) else None
    return None


def _widely_used(scored: list[tuple[str, float]], docs: list[set[str]], texts: Sequence[str],
                 taken: set[str]) -> str | None:
    """Among a topic's first :data:`WIDE_CANDIDATES` phrases, the best-scoring one that at least
    :data:`WIDE_SHARE` of its comments use (and no other topic's label took), capitalised; None
    when there is none, and the topic is a catch-all.

    Example:
        >>> docs = [{"phone"}, {"phone", "volume"}, {"phone"}, {"hold"}, {"hold"}, {"hold"}]
        >>> _widely_used([("volume", 0.3), ("phone", 0.2)], docs, ["x"] * 6, set())
        'Phone'
        >>> _widely_used([("volume", 0.3)], docs, ["x"] * 6, set()) is None
        True
    """
    for phrase, _ in scored[:WIDE_CANDIDATES]:
        if phrase in taken or phrase in GENERIC_NOUNS:
            continue
        if _label_coverage(docs, texts, phrase) >= WIDE_SHARE:
            return phrase[:1].upper() + phrase[1:]
    return None


def _distinct_words(keywords: Sequence[str], n: int) -> list[str]:
    """The first ``n`` keywords that share no word with one taken before ("highly", "highly
    recommended", "recommended" -> "highly", "recommended").

    Example:
        >>> _distinct_words(["highly", "highly recommended", "recommended", "enjoy"], 2)
        ['highly', 'recommended']
    """
    out: list[str] = []
    seen: set[str] = set()
    for k in keywords:
        # Two spellings of one word ("canceled", "cancelled") are one; a generic noun ("month",
        # "problems") tells no topic apart.
        forms = {f for w in k.split() for f in _forms(w)}
        if forms & seen or len(set(k.split())) < len(k.split()) or all(w in GENERIC_NOUNS or _stem(w) in GENERIC_NOUNS for w in k.split()):
            continue
        out.append(k)
        seen |= forms
        if len(out) == n:
            break
    return out


# A plural head reads as people write it ("Login crashes", "Delayed flights") when this share
# of the head's uses in the topic are plural; mass nouns ("Lost luggage") never are.
PLURAL_SHARE = 0.4
PLURAL_EVENT_SHARE = 0.1
_EVENT_WORDS = frozenset("lost stolen broken stuck missing late wrong".split())


def _plural(label: str, forms: Counter) -> str:
    """The label with its head noun in the plural when the topic's comments mostly write it so.

    Example:
        >>> _plural("Login crash", Counter({("crash", "crashes"): 3, ("crash", "crash"): 2}))
        'Login crashes'
        >>> _plural("Delayed flight", Counter({("flight", "flights"): 2, ("flight", "flight"): 9}))
        'Delayed flights'
    """
    words = label.split()
    head = words[-1].lower()
    uses = {form: n for (lemma, form), n in forms.items() if lemma == head}
    total = sum(uses.values())
    plurals = sorted(((n, f) for f, n in uses.items() if f != head and _WORD.match(f)), reverse=True)
    # A kind of event names a category, so it counts ("Delayed flights" though each person writes
    # "my flight") as soon as the corpus uses the plural at all.
    event = len(words) >= 2 and (words[0].lower() in _EVENT_WORDS or words[0].lower().endswith("ed"))
    need = PLURAL_EVENT_SHARE if event else PLURAL_SHARE
    if total >= 3 and plurals and sum(n for n, _ in plurals) >= need * total:
        words[-1] = plurals[0][1]
    return " ".join(words)


# What people write when something does not work, in any domain. A topic whose comments say
# so far more often than the corpus does is named as a problem ("Website problems").
_PROBLEM = re.compile(
    r"\b(?:problems?|issues?|errors?|bugs?|buggy|broken|crash\w*|fail\w*|glitch\w*|outages?|unable|"
    r"(?:(?:does|did|do|is|was|wo|ca|could|would|have|has)n'?t|wont|cant|can ?not|doesnt|didnt|havent|not) "
    r"(?:work|load|let|open|accept|pair|connect|sync|charge|turn on|log ?in|sign ?in|book|get|receive|arrive|"
    r"show|find|help|respond|answer|reply)\w*|"
    r"(?:keeps?|kept) (?:crashing|freezing|failing)|freez\w*|froze|stuck|wrong|missing|down again|is down|"
    r"was down|never (?:arrived|received|came|showed|got)|no (?:response|reply|answer|one)|frustrat\w*|"
    r"unacceptable)\b"
)
# A topic is a problem when this share of its comments report one, and at least PROBLEM_LIFT
# times the share over all topics (in a corpus of complaints, not every topic is "X problems").
PROBLEM_SHARE = 0.35
PROBLEM_LIFT = 2.0
# Label words that already say what went wrong: the label is a problem phrase as it stands.
_PROBLEM_WORDS = re.compile(r"^(?:problem|issue|error|bug|crash|failure|outage|complaint|fault|delay)\w*$|\w+ed$|"
                            r"^(?:lost|stolen|broken|stuck|wrong|missing|late|slow|rude)$")


# A topic most of whose comments repeat one line of this many words (a retweeted post, a meme, a
# chain message) is named by that line: "Our fleet's on fleek" says more than "Fleet".
COPIED_SHARE = 0.75
COPIED_WORDS = range(4, 9)


def copied_line(texts: Sequence[str], banned: frozenset[str] = frozenset()) -> str | None:
    """The line of 4 to 8 words that COPIED_SHARE of ``texts`` repeat, as most of them write it
    (the longest such line); None when they repeat none.

    Example:
        >>> copied_line(["RT: Our fleet's on fleek", "lol our fleet's on fleek", "Our fleet's on fleek. no", "ok"])
        "Our fleet's on fleek"
        >>> copied_line(["my bag is lost", "lost my bag again", "where is my bag"]) is None
        True
    """
    if len(texts) < 3:
        return None
    counts: Counter = Counter()
    for text in texts:
        toks = _TOKEN.findall(strip_noise(text))
        counts.update({" ".join(toks[i : i + n]) for n in COPIED_WORDS for i in range(len(toks) - n + 1)})
    common = [g for g, c in counts.items() if c >= COPIED_SHARE * len(texts)
              and not set(g.split()) & banned and len(set(g.split()) - STOP_WORDS) >= 2]
    if not common:
        return None
    line = max(common, key=lambda g: (len(g.split()), counts[g], g))
    pattern = re.compile(r"\b" + r"\W+".join(map(re.escape, line.split())) + r"\b", re.IGNORECASE)
    written = Counter(m.group(0) for t in texts for m in pattern.finditer(str(t)))
    form = max(written.items(), key=lambda kv: (kv[1], kv[0]))[0] if written else line
    return form[:1].upper() + form[1:]


# Comments with no subject of their own that thank, in any domain: a topic where most of them do
# is named so rather than "Other chatter".
_THANKS = re.compile(r"\b(?:thanks?|thx|ty|appreciated?|appreciates|appreciating|appreciation|grateful|"
                     r"cheers|kudos)\b")
THANKS_SHARE = 0.5
THANKS_LABEL = "Thanks"


def thanks_share(texts: Sequence[str]) -> float:
    """Share of ``texts`` that thank ("thank you!", "much appreciated").

    Example:
        >>> thanks_share(["Thank you so much!", "appreciate the quick reply", "where is my bag"])
        0.6666666666666666
    """
    return sum(bool(_THANKS.search(strip_noise(t))) for t in texts) / max(len(texts), 1)


def problem_share(texts: Sequence[str]) -> float:
    """Share of ``texts`` that report something not working ("can't book", "keeps crashing")."""
    return sum(bool(_PROBLEM.search(strip_noise(t))) for t in texts) / max(len(texts), 1)


def _as_problem(label: str, texts: Sequence[str], baseline: float = 0.0) -> str:
    """"Website" -> "Website problems" when most of the topic's comments report a problem.

    ``baseline`` is the share over all topics' comments: the topic must report problems
    ``PROBLEM_LIFT`` times as often.

    Example:
        >>> _as_problem("Website", ["the website is down", "website keeps crashing", "nice website"])
        'Website problems'
        >>> _as_problem("Delayed flights", ["flight delayed", "delayed again", "late"])
        'Delayed flights'
    """
    if not texts or any(_PROBLEM_WORDS.match(w) for w in label.lower().split()):
        return label
    share = problem_share(texts)
    if share >= PROBLEM_SHARE and share >= PROBLEM_LIFT * baseline:
        return f"{label} problems"
    return label


def theme_labels(
    theme_of: np.ndarray, phrases_by_topic: dict[int, list[set[str]]], topic_labels: list[str]
) -> list[str]:
    """A name per theme from what its topics share: the phrase most specific to the theme.

    A theme of one topic takes the topic's label; when no phrase is shared by the theme's
    topics, it is named after its two largest topics ("A & B").
    """
    names: list[str] = []
    n_themes = int(theme_of.max()) + 1 if len(theme_of) else 0
    grouped = {g: [s for t in np.flatnonzero(theme_of == g) for s in phrases_by_topic.get(int(t), [])]
               for g in range(n_themes)}
    scored = score_phrases(grouped, {})
    for g in range(n_themes):
        members = [int(t) for t in np.flatnonzero(theme_of == g)]
        if len(members) == 1:
            names.append(topic_labels[members[0]])
            continue
        # Shared: used in at least half of the theme's topics (and two of them), and by a
        # good share of its comments; a word every topic happens to use ("app") is no name.
        need = max(2, math.ceil(len(members) / 2))
        docs = grouped[g]
        shared = [(p, s) for p, s in scored.get(g, [])[:30]
                  if sum(any(p in d for d in phrases_by_topic.get(t, [])) for t in members) >= need
                  and sum(p in d for d in docs) >= THEME_COVERAGE * max(len(docs), 1)]
        if shared:
            best = _best_phrase(shared, [])
            names.append(best[:1].upper() + best[1:])
        else:
            named = [topic_labels[t] for t in members if not topic_labels[t].startswith(MISC_LABEL)]
            names.append(" & ".join((named or [topic_labels[t] for t in members])[:2]))
    return names


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
