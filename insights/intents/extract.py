"""`intent_text`: the requested or broken thing as a short normalised phrase, from spaCy's parse.

Dependency patterns, not keywords: a request is read off its request verb and
that verb's object ("please add a dark mode!!" -> "add dark mode", "I wish it
had offline maps" -> "add offline maps"); a complaint off its problem predicate,
its subject and a "when" clause ("app crashes every time I open the camera" ->
"app crashes when opening camera").

Example:
    >>> nlp = load_spacy()  # doctest: +SKIP
    >>> request_phrase(nlp("please add a dark mode!!"))  # doctest: +SKIP
    'add dark mode'
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Sequence

from insights import schema as S

MAX_WORDS = 8


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Verbs that ask for something new; "have/get/need/want/include" of a missing thing read as "add".
_REQUEST_VERBS = _set(
    "add include implement support allow bring make give offer provide create enable "
    "introduce integrate put let show remove change improve increase reduce update release "
    "develop extend consider"
)
_AS_ADD = _set("have get need want include see like love wish implement introduce put")
# Verbs whose own object is the requested thing ("needs an undo button"); "like" / "love" only
# request through a clause ("would love to see X"), their object is what is liked.
_OBJECT_IS_REQUEST = _set("have get need want include implement introduce")
_PROBLEM_VERBS = _set(
    "crash freeze hang lag fail stop close drain break lose delay cancel overheat disconnect "
    "reset charge kill eat keep buffer glitch die quit restart delete corrupt wait hate suck "
    "ruin force overcharge strand"
)
_PROBLEM_WORDS = _set(
    "slow broken bug buggy error glitch laggy useless late delayed rude lost missing damaged "
    "terrible horrible awful worst problem issue crash ads cancelled canceled unusable blank "
    "black frozen stuck expensive hold waste annoying bad poor disappointed delay wait refund"
)
_FILLER = _set(
    "please pls plz kindly just really also maybe actually definitely seriously totally even "
    "still very so too literally again guys u"
)
_EVALUATIVE = _set("good great nice cool awesome bad terrible amazing excellent best worst")
_PROBLEM_OBJECT_DEPS = _set("dobj obj prt prep acomp xcomp attr dative")
_CUT_DEPS = {"relcl", "advcl", "conj", "parataxis", "appos", "npadvmod"}
_PRONOUNS = _set("i me we us you it this that they them he she u there something what")


def _words(tokens) -> list[str]:
    out = []
    for t in tokens:
        text = (
            t.lower_ if t.pos_ != "PRON" or t.lower_ not in ("my", "your", "our", "their") else ""
        )
        text = re.sub(r"[^\w'+#./-]", "", text).strip("'.-/")
        if text and text not in _FILLER and text not in ("us", "me", "them"):
            out.append(text)
    return out


def _object_tokens(head) -> list:
    """Tokens of head's subtree minus determiners, fillers and trailing clauses."""
    keep = []
    banned = set()
    for child in head.subtree:
        if child is head:
            continue
        if child.dep_ in _CUT_DEPS and child.head is not None and child.i > head.i:
            banned.update(t.i for t in child.subtree)
    for t in head.subtree:
        if (
            t.i in banned
            or t.dep_ in ("det", "punct", "intj", "cc", "predet")
            or t.like_url
            or t.like_email
        ):
            continue
        if t.dep_ == "poss" and t.lower_ in ("my", "your", "our", "their", "its"):
            continue
        keep.append(t)
    return keep


def _complements(verb) -> list:
    """The object side of a verb: direct object, particle, attribute, prepositional and clausal complements."""
    tokens = []
    for child in verb.children:
        if child.i < verb.i and child.dep_ != "prt":
            continue
        if child.dep_ in (
            "dobj",
            "obj",
            "attr",
            "prt",
            "dative",
            "oprd",
            "acomp",
            "prep",
            "xcomp",
            "ccomp",
            "pobj",
            "npadvmod",
            "advmod",
        ):
            if child.dep_ == "advmod" and child.lower_ in _FILLER:
                continue
            tokens.extend(_object_tokens(child))
            tokens.append(child)
    return sorted(set(tokens), key=lambda t: t.i)


# A phrase cut at MAX_WORDS (or at a clause boundary) must not end on a word that leads
# into something else ("let schedule slow fade out at bedtime like").
_DANGLING = _set("like and or but with to for of at in on by from as than the a an my your our so")


def _finish(words: list[str]) -> str:
    words = [w for w in words if w][:MAX_WORDS]
    while len(words) > 1 and words[-1] in _DANGLING:
        words.pop()
    text = " ".join(words)
    return re.sub(r"\s+", " ", text).strip()


# Nouns that name no thing one could add or fix ("it's the one thing", "adding my vote").
_GENERIC_NOUNS = _set("thing things one ones stuff vote votes time times way bit lot part")


def _thing_like(chunk) -> bool:
    """A noun chunk that can name a feature or a problem: a noun root that is not a date
    ("since september", "this year"), a generic word, or an interjection read as a noun."""
    root = chunk.root
    return (
        root.lower_ not in _PRONOUNS
        and root.lower_ not in _GENERIC_NOUNS
        and root.pos_ in ("NOUN", "PROPN")
        and root.ent_type_ not in ("DATE", "TIME", "PERSON")
    )


def _fallback(span) -> str:
    """The longest content noun chunk naming a thing, else the first content words (no
    interjections, dates or people); "" when nothing in the sentence names a thing."""
    chunks = [c for c in getattr(span, "noun_chunks", []) if _thing_like(c)]
    if chunks:
        best = max(chunks, key=lambda c: (len([t for t in c if not t.is_stop]), -c.start))
        # Keep the chunk's core: drop evaluative adjectives and anything before a conjunction.
        tokens = [t for t in best if t.dep_ not in ("det", "punct") and t.pos_ not in ("CCONJ",)]
        cut = max(
            (i for i, t in enumerate(tokens) if t.dep_ == "cc" or t.lower_ in ("but", "and")),
            default=-1,
        )
        tokens = [t for t in tokens[cut + 1 :] if t.lower_ not in _EVALUATIVE]
        return _finish(_words(tokens))
    return _finish(_words([
        t for t in span
        if not t.is_punct and not t.is_stop and t.pos_ not in ("INTJ", "NUM", "PROPN", "PRON")
        and t.ent_type_ not in ("DATE", "TIME", "PERSON")
    ]))


def request_phrase(span) -> str:
    """The requested thing, led by a verb: "add dark mode", "allow export to pdf".

    Example:
        >>> request_phrase(load_spacy()("I wish it had offline maps"))  # doctest: +SKIP
        'add offline maps'
    """
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT"]
    # The innermost request verb wins ("would be nice if you could add X" -> "add X").
    for t in sorted(verbs, key=lambda t: -t.i):
        lemma = t.lemma_.lower()
        if lemma in _REQUEST_VERBS:
            if lemma == "make":  # "make it possible to export" -> "export"
                enabled = [
                    d
                    for d in t.subtree
                    if d.dep_ in ("xcomp", "advcl")
                    and d.pos_ == "VERB"
                    and d.head.lower_ in ("possible", "easier", "easy")
                ]
                if enabled:
                    return _finish([enabled[0].lemma_.lower()] + _words(_complements(enabled[0])))
            objs = _complements(t)
            if objs:
                return _finish([lemma] + _words(objs))
    for t in sorted(verbs, key=lambda t: t.i):
        if t.lemma_.lower() in _AS_ADD:
            # "need to be able to X" / "wish I could X": follow the clause to its own verb.
            xcomp = [
                c for c in t.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")
            ]
            objs = [
                c
                for c in t.children
                if c.dep_ in ("dobj", "obj", "attr", "nsubj")
                and c.lower_ not in _PRONOUNS
                and c.i > t.i
                and t.lemma_.lower() in _OBJECT_IS_REQUEST
            ]
            if objs:
                tokens = sorted(set(_object_tokens(objs[0]) + [objs[0]]), key=lambda x: x.i)
                return _finish(["add"] + _words(tokens))
            if xcomp:
                inner = xcomp[0]
                objs = _complements(inner)
                if inner.lemma_.lower() in ("be",) and objs:
                    return _finish(["make"] + _words(objs))
                if objs:
                    lemma = inner.lemma_.lower()
                    return _finish(["add" if lemma in _AS_ADD else lemma] + _words(objs))
    phrase = _fallback(span)
    if not phrase or not any(t.pos_ in ("NOUN", "PROPN", "VERB") for t in span):
        return ""  # "Yes please!": a request with nothing named in it
    return _finish(["add"] + phrase.split()) if not phrase.startswith("add ") else phrase


def _gerund(token) -> str:
    if token.tag_ == "VBG":
        return token.lower_
    lemma = token.lemma_.lower()
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")) and len(lemma) > 2:
        return lemma[:-1] + "ing"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", lemma) and len(lemma) <= 4:
        return lemma + lemma[-1] + "ing"
    return lemma + "ing"


def _when_clause(pred) -> list[str]:
    """ "every time I open the camera" / "when I log in" -> ["when", "opening", "camera"]."""
    for child in pred.children:
        candidates = [child] + [c for c in child.children if c.dep_ in ("relcl", "advcl", "acl")]
        for clause in candidates:
            if clause.pos_ not in ("VERB",) or clause.i < pred.i:
                continue
            marks = {c.lower_ for c in clause.children if c.dep_ in ("mark", "advmod")} | {
                child.lower_
            }
            timed = marks & {"when", "whenever", "time", "after", "while", "if", "once", "since"}
            if not timed:
                continue
            lead = "after" if "after" in marks else "since" if "since" in marks else "when"
            objs = [t for t in _complements(clause) if t.dep_ != "advmod"]
            return [lead, _gerund(clause)] + _words(objs)
    return []


def _subject(pred) -> list[str]:
    for child in pred.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in _PRONOUNS:
            toks = [
                t
                for t in child.subtree
                if t.dep_ not in ("det", "punct", "relcl", "acl") and t.i <= child.i
            ]
            return _words(toks)[-3:]
    return []


def complaint_phrase(span) -> str:
    """The broken thing: "app crashes when opening camera", "cannot log in", "flight delayed".

    Example:
        >>> complaint_phrase(load_spacy()("app crashes every time I open the camera"))  # doctest: +SKIP
        'app crashes when opening camera'
    """
    for t in span:
        lemma = t.lemma_.lower()
        negated = any(c.dep_ == "neg" for c in t.children) and t.pos_ in ("VERB", "AUX")
        is_problem_verb = t.pos_ == "VERB" and lemma in _PROBLEM_VERBS
        if not (negated or is_problem_verb or lemma == "take"):
            continue
        if lemma == "keep":  # "keeps crashing": the problem is the clause
            inner = [c for c in t.children if c.dep_ == "xcomp"]
            words = (
                _subject(t)
                + ["keeps"]
                + ([inner[0].lower_] + _words(_complements(inner[0])) if inner else [])
            )
            return _finish(words + _when_clause(t))
        if lemma == "be" and negated:
            continue
        if lemma == "take" and any(c.lower_ in ("forever", "ages") for c in t.children):
            # "takes forever to load" -> "takes forever to load"
            inner = [c for c in t.children if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB"]
            return _finish(
                _subject(t) + ["takes forever"] + (["to", inner[0].lemma_.lower()] if inner else [])
            )
        if not (negated or is_problem_verb) or lemma in ("take",):
            continue
        if negated:
            aux = [
                c
                for c in t.children
                if c.dep_ in ("aux",) and c.lemma_.lower() in ("can", "could", "will", "would")
            ]
            can = aux and aux[0].lemma_.lower() in ("can", "could")
            # "won't play" -> "not playing": no subject-verb agreement to get wrong.
            head_words = ["cannot", t.lemma_.lower()] if can else ["not", _gerund(t)]
        else:
            head_words = [t.lower_]
        when = _when_clause(t)
        # Keep short objects only ("crashes on startup", "cannot send messages"); clauses and
        # long tails are context, not the thing that is broken.
        objs = []
        for c in t.children:
            if c.i < t.i or c.dep_ not in _PROBLEM_OBJECT_DEPS:
                continue
            if c.lemma_.lower() in ("time", "day", "while", "minute", "second"):  # "all the time"
                continue
            sub = [
                x
                for x in _object_tokens(c) + [c]
                if x.pos_ not in ("X", "PART") and x.dep_ != "neg"
            ]
            if len(sub) <= 4:
                objs.extend(sub)
        objs = sorted(set(objs), key=lambda x: x.i)
        return _finish(_subject(t) + head_words + _words(objs)[:4] + when)
    # Adjective or noun problems: "app is so slow", "too many ads", "my flight is delayed".
    for t in span:
        if t.lemma_.lower() in _PROBLEM_WORDS or t.lower_ in _PROBLEM_WORDS:
            if t.dep_ in ("acomp", "attr", "ROOT") and t.head.lemma_.lower() == "be":
                return _finish(_subject(t.head) + [t.lower_])
            if t.pos_ in ("NOUN", "PROPN"):
                # "too many ads", "connection error on login": the noun with its modifiers and
                # its first prepositional phrase.
                left = [
                    x
                    for x in t.subtree
                    if x.dep_ not in ("det", "punct", "relcl", "acl") and x.i <= t.i
                ]
                preps = [x for x in t.children if x.dep_ == "prep"]
                right = list(preps[0].subtree) if preps else []
                return _finish(_words(left) + _words(right)[:4])
            if t.pos_ in ("ADJ", "VERB"):
                head = t.head if t.dep_ == "amod" else t
                return _finish(
                    _subject(head)
                    + _words(
                        [x for x in head.subtree if x.dep_ not in ("det", "punct") and x.i >= t.i][
                            :4
                        ]
                    )
                )
    return _fallback(span)


# Words that say when, not what: a phrase made only of them names nothing ("add september").
_WHEN = _set(
    "january february march april may june july august september october november december "
    "today tomorrow yesterday week weeks month months year years day days night ages forever"
)


def _names_something(phrase: str) -> bool:
    words = phrase.split()[1:]  # after the leading verb ("add", "fix", ...)
    return any(w not in _WHEN and w not in _GENERIC_NOUNS for w in words) if words else bool(phrase)


def _lemmatize(docs, lemmatizer):
    """Lemmas for docs parsed without the lemmatizer, each distinct (word, tag, morphology) once.

    spaCy's rule lemmatizer caches only part of its work (base forms are recomputed per
    token) and was a sixth of parsing time; the result depends on nothing but these three
    attributes, so a dictionary gives every token the same lemma it would have given.
    """
    cache = lemmatizer.__dict__.setdefault("_insights_cache", {})
    for doc in docs:
        for token in doc:
            if token.lemma:  # set by the attribute ruler's exceptions ("n't" -> "not")
                continue
            key = (token.orth, token.pos, token.morph.key)
            lemma = cache.get(key)
            if lemma is None:
                lemma = cache[key] = doc.vocab.strings.add(lemmatizer.lemmatize(token)[0])
            token.lemma = lemma
        yield doc


# Phrases already extracted in this process, by (prepared sentence, intent): the same carrier
# sentence in another partition, or a retry on a whole comment seen before, is not parsed again.
_MEMO: dict[tuple[str, str], str] = {}
_MEMO_LIMIT = 200_000
# Parsing is the stage's main cost and spaCy's small model uses one core: from this many
# sentences on, forked processes parse shares of them (each forked child starts with the
# loaded model; below this, forking costs more than it saves).
PARALLEL_MIN = 2000
MAX_PROCESSES = 4


def _extract(keys: Sequence[tuple[str, str]], nlp, batch_size: int) -> list[str]:
    """The phrase of each (prepared sentence, intent), parsed in one pass."""
    texts = [k[0] for k in keys]
    if "lemmatizer" in nlp.pipe_names and nlp.get_pipe("lemmatizer").mode == "rule":
        docs = _lemmatize(
            nlp.pipe(texts, batch_size=batch_size, disable=["lemmatizer"]),
            nlp.get_pipe("lemmatizer"),
        )
    else:
        docs = nlp.pipe(texts, batch_size=batch_size)
    out = []
    for key, doc in zip(keys, docs):
        phrase = request_phrase(doc) if key[1] == S.REQUEST else complaint_phrase(doc)
        out.append(phrase if key[1] != S.REQUEST or _names_something(phrase) else "")
    return out


_FORKED_NLP = None  # the pipeline a forked child parses with (inherited, never pickled)


def _extract_in_child(keys: list[tuple[str, str]], batch_size: int) -> list[str]:
    return _extract(keys, _FORKED_NLP, batch_size)


def _processes(n: int, processes: int | None) -> int:
    if processes is not None:
        return max(1, processes)
    if n < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if multiprocessing.current_process().daemon:  # a Dask worker: it is the parallelism
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(MAX_PROCESSES, cores or 1, n // (PARALLEL_MIN // 2)))


def _extract_parallel(
    keys: list[tuple[str, str]], nlp, batch_size: int, processes: int
) -> list[str]:
    """:func:`_extract` with contiguous shares parsed by forked children, this process taking
    the first: the same phrases (each sentence is parsed on its own), in the same order."""
    global _FORKED_NLP
    bounds = [round(len(keys) * j / processes) for j in range(processes + 1)]
    shares = [keys[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    _FORKED_NLP = nlp
    try:
        with multiprocessing.get_context("fork").Pool(processes - 1) as pool:
            pending = [pool.apply_async(_extract_in_child, (share, batch_size)) for share in shares[1:]]
            out = _extract(shares[0], nlp, batch_size)
            for job in pending:
                out.extend(job.get())
    finally:
        _FORKED_NLP = None
    return out


def intent_phrases(
    sentences: Sequence[str],
    intents: Sequence[str],
    nlp=None,
    batch_size: int = 256,
    processes: int | None = None,
) -> list[str]:
    """One phrase per sentence: a request phrase, a complaint phrase, or "" for other intents.

    Args:
        sentences: the sentence that carries the intent, one per comment.
        intents: ``"request"``, ``"complaint"`` or anything else (gives "").
        nlp: a spaCy pipeline; None loads :func:`insights.intents.parse.intent_nlp`.
        batch_size: sentences per spaCy batch.
        processes: processes that parse (forked, each with its share of the sentences);
            None uses up to one per core (at most 4) from 2,000 distinct sentences on, and
            one inside a daemon process such as a Dask worker. The phrases do not depend on it.

    Example:
        >>> intent_phrases(["please add a dark mode!!"], ["request"])  # doctest: +SKIP
        ['add dark mode']
    """
    out = [""] * len(sentences)
    todo = [
        i
        for i, intent in enumerate(intents)
        if intent in (S.REQUEST, S.COMPLAINT) and sentences[i].strip()
    ]
    if not todo:
        return out
    memo = _MEMO if nlp is None else {}  # another pipeline may parse differently
    if nlp is None:
        from insights.intents.parse import intent_nlp

        nlp = intent_nlp()
    keys = [(_prepare(sentences[i]), intents[i]) for i in todo]
    known = {k: memo[k] for k in dict.fromkeys(keys) if k in memo}
    parse = [k for k in dict.fromkeys(keys) if k not in known]
    if parse:
        n_proc = _processes(len(parse), processes)
        if n_proc > 1:
            phrases = _extract_parallel(parse, nlp, batch_size, n_proc)
        else:
            phrases = _extract(parse, nlp, batch_size)
        known.update(zip(parse, phrases))
        if len(memo) + len(parse) > _MEMO_LIMIT:
            memo.clear()
        memo.update(zip(parse, phrases))
    for i, key in zip(todo, keys):
        out[i] = known[key]
    return out


def _prepare(sentence: str) -> str:
    # The parser reads lower-case, de-shouted text with repeated punctuation collapsed more reliably.
    text = re.sub(r"([!?.])\1+", r"\1", sentence.strip())
    text = re.sub(r"^\W+", "", text)
    return text.lower() if text.isupper() else text
