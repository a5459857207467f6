"""`intent_text`: the requested or broken thing as a short normalised phrase, from spaCy's parse.

Dependency patterns, not keywords: a request is read off its request verb and
that verb's object ("please add a dark mode!!" -> "add dark mode", "I wish it
had offline maps" -> "add offline maps"); a complaint off its problem predicate,
its subject and a "when" clause ("app crashes every time I open the camera" ->
"app crashes when opening camera").

A phrase must name something: one made only of time words, people, pronouns, generic
nouns ("thing", "feature", "app") or empty modifiers ("more", "new") is "" ("adding my vote",
"it's been 12 days"), so it neither heads a group in requests.csv nor joins one by accident;
nor does a complaint phrase of only proper names ("at PHX", "in Denver").

"add" leads only a thing to add: a "get" of going somewhere keeps its verb ("get me off this
plane" -> "get off plane"), a person's own need is got ("I need a refund" -> "get refund"), and
an attempt or occasion ("every time I try to add a photo it freezes"), an "add" of saying, a
wish for the author's own act ("I'd love to help") or a "no X" beside an ask for help asks for
nothing.

Speed (the stage's main cost is parsing the carrier sentences): spaCy's lemmatizer pass is
replaced by a per-process cache of the same lemmas, and phrases are memoised per process by
(sentence, intent). None of this changes a phrase. Parallelism is the engine's: the phrases
are extracted inside :func:`~insights.intents.score.score_chunk`, which it maps over
partitions of the rows (worker processes or Dask workers).

Example:
    >>> nlp = load_spacy()  # doctest: +SKIP
    >>> request_phrase(nlp("please add a dark mode!!"))  # doctest: +SKIP
    'add dark mode'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from insights import schema as S
from insights.intents.identifiers import PLACEHOLDERS, after_id_noun, is_identifier
from insights.intents.memo import BatchMemo

MAX_WORDS = 8


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Verbs that ask for something new; "have/get/need/want/include" of a missing thing read as "add".
_REQUEST_VERBS = _set(
    "add include implement support allow bring make give offer provide create enable "
    "introduce integrate put let show remove change improve increase reduce update release "
    "develop extend consider"
)
_AS_ADD = _set("have get need want include see like love wish implement introduce put miss lack")
# Verbs whose own object is the requested thing ("needs an undo button"); "like" / "love" only
# request through a clause ("would love to see X"), their object is what is liked.
_OBJECT_IS_REQUEST = _set("have get need want include implement introduce miss lack")
_PROBLEM_VERBS = _set(
    "crash freeze hang lag fail stop close drain break lose delay cancel overheat disconnect "
    "reset charge kill eat keep buffer glitch die quit restart delete corrupt wait hate suck "
    "ruin force overcharge strand flicker blink buzz leak rattle stutter jam malfunction "
    "misbehave brick"
)
_PROBLEM_WORDS = _set(
    "slow broken bug buggy error glitch laggy useless late delayed rude lost missing damaged "
    "terrible horrible awful worst problem issue crash ads cancelled canceled unusable blank "
    "black frozen stuck expensive hold waste annoying bad poor disappointed delay wait refund "
    "offline overpriced pricey wobbly dead faulty defective unresponsive confusing complicated "
    "noisy loud blurry inaccurate wrong outdated unstable unreliable"
)
_FILLER = _set(
    "please pls plz kindly just really also maybe actually definitely seriously totally even "
    "still very so too literally again guys u lol lmao haha omg tbh btw imo imho smh wtf"
)
_EVALUATIVE = _set(
    "good great nice cool awesome bad terrible horrible awful amazing excellent best worst "
    "thanks thank thx"
)
_PROBLEM_OBJECT_DEPS = _set("dobj obj prt prep acomp xcomp attr dative")
_CUT_DEPS = {"relcl", "advcl", "conj", "parataxis", "appos", "npadvmod"}
_PRONOUNS = _set(
    "i me we us you it this that they them he she u there something what mine yours ours theirs"
)


_CLOCK_WORDS = _set("am pm a.m. p.m.")


def _code_prefix(t) -> bool:
    return t.is_alpha and t.text.isupper() and 2 <= len(t.text) <= 3


def _code_number(t) -> bool:
    return t.text.isdigit() and len(t.text) >= 3


def _numbered_thing(t, before, after) -> bool:
    """A bare number of 3+ digits that stands for a numbered thing, its noun left out: the subject
    of a verb ("4603 has been delayed", "611 delayed": a number is not delayed, a flight is) or
    the modifier of a singular noun it cannot count ("858 delay"; "100 passengers", "2000
    characters" count). Not an amount of money ("$300 voucher", "150 bucks", "400%"), a
    duration ("200 minute wait"), the name of a kind ("1883 error", "800 number"), nor a number
    after a noun ("error 923 message": the error's code)."""
    if not _code_number(t):
        return False
    if before is not None and (before.tag_ == "$" or before.pos_ in ("NOUN", "PROPN")):
        return False
    if after is not None and (after.tag_ == "$" or after.text == "%" or after.lower_ in _MONEY_WORDS):
        return False
    if t.dep_ in ("nsubj", "nsubjpass"):
        return True
    head = t.head
    return (
        t.dep_ in ("nummod", "compound")
        and head.i > t.i
        and head.tag_ == "NN"
        and head.lower_ not in _WHEN  # "200 minute wait": a duration
        and head.lower_ not in _NAMED_BY_NUMBER  # "1883 error", "800 number"
    )


# Nouns a number names a kind of, not one case of: "1883 error", "800 number", "3.1 version".
_NAMED_BY_NUMBER = _set(
    "error code number version model series edition update build release firmware level mode "
    "plan tier generation gen"
)


def _identifier(t) -> bool:
    """Is the token an identifier (see :mod:`insights.intents.identifiers`)? With the parse
    at hand, a number after a numbering noun ("flight 769", "order # 12") is one unless it
    counts a later noun ("booking 3 seats", "flight 2 hours late"); a placeholder of the clean
    stage ("[phone]") and a clock time with its "pm" are too."""
    # Not spaCy's like_url: it takes "ok.freezes" and "mb.try" for addresses.
    if t.like_email or is_identifier(t.text):
        return True
    doc = t.doc
    before = doc[t.i - 1] if t.i > 0 else None
    after = doc[t.i + 1] if t.i + 1 < len(doc) else None
    if t.lower_ in PLACEHOLDERS and before is not None and before.text == "[":
        return after is not None and after.text == "]"
    if t.lower_ in _CLOCK_WORDS and before is not None and any(c.isdigit() for c in before.text):
        return True  # "12 pm", "10:30 am": a time
    if _code_prefix(t) and after is not None and _code_number(after):
        return True  # "UA 1032": a code written in two words
    if not any(c.isdigit() for c in t.text):
        # A preposition whose only object is an identifier goes with it ("until 7:55").
        objects = [c for c in t.children if c.dep_ == "pobj"]
        return (
            t.dep_ == "prep"
            and len(objects) == len(list(t.children)) > 0
            and all(
                (o.lower_ in _CLOCK_WORDS or any(x.isdigit() for x in o.text)) and _identifier(o)
                for o in objects
            )
        )
    if after is not None and after.lower_ in _CLOCK_WORDS:
        return True
    if before is not None and _code_prefix(before) and _code_number(t):
        return True
    if _numbered_thing(t, before, after):
        return True
    if t.dep_ == "nummod" and t.head.i > t.i and t.head.pos_ == "NOUN":
        return False  # it counts what follows (not "flight 1316 FLL": a place)
    return after_id_noun([w.lower_ for w in doc[: t.i + 1]], t.i)


def _words(tokens) -> list[str]:
    out = []
    for t in tokens:
        if _identifier(t):  # "order LM-20417", "flight 769": one case, not the thing
            continue
        text = (
            t.lower_ if t.pos_ != "PRON" or t.lower_ not in ("my", "your", "our", "their") else ""
        )
        text = re.sub(r"[^\w'+#./-]", "", text).strip("'.-/")
        if not re.search(r"\w", text):  # "+" of "google home + alexa"
            continue
        if text and text not in _FILLER and text not in ("us", "me", "them"):
            out.append(text + _PARTICLE if t.dep_ == "prt" else text)
    return out


def _is_time_prep(token) -> bool:
    """ "for a week", "in 2024", "since september": a preposition that says when, not what."""
    return token.dep_ == "prep" and any(
        g.dep_ == "pobj" and (g.lower_ in _WHEN or g.like_num) for g in token.children
    )


def _object_tokens(head) -> list:
    """Tokens of head's subtree minus determiners, fillers and trailing clauses."""
    keep = []
    banned = set()
    for child in head.subtree:
        if child is head:
            continue
        if child.dep_ in _CUT_DEPS and child.head is not None and child.i > head.i:
            banned.update(t.i for t in child.subtree)
        elif _is_time_prep(child):
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
_DANGLING = _set(
    "like and or but with to for of at in on by from as than the a an my your our so both either "
    "very really just until till til since after before around"
)


# A phrase stops where a wh-clause starts: "too expensive for what it is" -> "too expensive".
_CLAUSE_STARTS = _set("what which who whom whose whatever")


# Marks a verb particle in _words' output ("log in", "turn on"): a phrase may end on one.
_PARTICLE = "\u2063"


def _finish(words: list[str]) -> str:
    # Words not read through _words (lemmas, price parts): codes only, as a number's
    # separators are gone here ("50,000" is "50000").
    words = [w for w in words if w and not (is_identifier(w) and not w.isdigit())]
    cut = next((i for i, w in enumerate(words) if i > 0 and w in _CLAUSE_STARTS), None)
    words = words[:cut][:MAX_WORDS]
    while len(words) > 1 and words[-1] in _DANGLING:
        words.pop()
    text = " ".join(words).replace(_PARTICLE, "")
    return re.sub(r"\s+", " ", text).strip()


# Nouns that name no thing one could add or fix ("it's the one thing", "adding my vote").
_GENERIC_NOUNS = _set(
    "thing things one ones stuff vote votes time times way bit lot part sense "
    "feature features option options request requests ask wish idea ideas suggestion "
    "issue issues problem problems same kind sort type "
    # the product itself, or its rating: "lack of features in this app", "add 5 stars"
    "app apps application game games program software update updates work star stars rating"
)
# Words that say when or how long, not what ("it's been 12 days", "since tuesday").
_WHEN = _set(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday weekend "
    "today tonight tomorrow yesterday morning evening afternoon week weeks month months year years "
    "day days night nights hour hours hr hrs minute minutes min mins second seconds ages forever "
    "now soon later ago"
)
# Modifiers that leave a phrase naming nothing on their own ("add more", "add new update").
_EMPTY_MODIFIERS = _set(
    "new more better other some certain few many any all every each lot lots whole last next "
    "this that these those own only same different good great nice cool awesome "
    "lack lacking missing miss make do get have go basic extra additional little much overall "
    "ok okay fine simple"
)
# People are who a request is for, not what it asks for ("get my wife home", "add crew").
_PEOPLE = _set(
    "wife husband partner kid kids son daughter mom dad mother father family friend friends "
    "people person passenger passengers crew staff agent agents team guy guys someone anyone "
    "everyone everybody somebody customer customers baby babies child children "
    "man men woman women lady ladies gentleman gentlemen boy boys girl girls "
    "i me we us you he him she her they them"
)


def _naming(token) -> bool:
    return not (
        token.lower_ in _PRONOUNS
        or token.lower_ in _GENERIC_NOUNS
        or token.lower_ in _WHEN
        or token.lower_ in _PEOPLE
        or token.lower_ in _EMPTY_MODIFIERS
        or token.is_stop
        or token.is_punct
        or token.like_num
    )


def _no_det(token) -> bool:
    """ "no" as a determiner: "no dark mode", "no bags"."""
    return token.lower_ == "no" and token.dep_ == "det"


def _thing_like(chunk) -> bool:
    """A noun chunk that can name a feature or a problem: a noun root that is not a pronoun,
    a person, a date or duration ("since september", "12 days"), or a generic word on its own
    ("the feature", but "a sound option" names one)."""
    root = chunk.root
    if root.pos_ not in ("NOUN", "PROPN") or root.ent_type_ in ("DATE", "TIME", "PERSON"):
        return False
    if root.lower_ in _PRONOUNS or root.lower_ in _WHEN or root.lower_ in _PEOPLE:
        return False
    return _naming(root) or any(_naming(t) and t.pos_ in ("NOUN", "PROPN") for t in chunk)


# Adjectives of how good or bad a thing is (not what kind it is: "black", "offline" are kinds).
_JUDGING = _EVALUATIVE | _set(
    "poor slow buggy laggy useless unreliable unstable inaccurate confusing complicated annoying "
    "insufficient fantastic perfect superb brilliant lovely beautiful decent mediocre lousy crappy"
)


def _judged(chunk) -> bool:
    """The chunk says how good or bad a thing is ("awesome browsing speed", "poor performance"):
    a thing that is there, not one asked for."""
    return any(t.dep_ == "amod" and t.lower_ in _JUDGING for t in chunk)


def _fallback(span, words_too: bool = True, absent_too: bool = True) -> str:
    """The longest content noun chunk naming a thing, else (``words_too``: a request) the
    nouns that name something; "" when nothing in the sentence names a thing. A request reads
    no chunk that judges its thing ("awesome browsing speed"), nor (not ``absent_too``) one
    that says it is missing ("no bags" beside "please help!")."""
    chunks = [
        c
        for c in getattr(span, "noun_chunks", [])
        if _thing_like(c)
        and not (words_too and _judged(c))
        and (absent_too or not any(_no_det(t) for t in c))
    ]
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
    if not words_too:
        return ""
    return _finish(
        _words(
            [
                t
                for t in span
                if _naming(t)
                # nouns and their modifiers: a verb or an adverb left over names no thing
                # ("good but expecting more")
                and (t.pos_ == "NOUN" or (t.pos_ == "ADJ" and t.dep_ in ("amod", "pobj", "dobj")))
                and t.lower_ not in _JUDGING
                and t.ent_type_ not in ("DATE", "TIME", "PERSON")
                and not _judged(list(t.children))
                and (
                    absent_too
                    or not any(_no_det(c) for c in t.children)
                )
            ]
        )
    )


def _phrase_tokens(head) -> list:
    """``head`` with its kept modifiers (see :func:`_object_tokens`), in order."""
    return sorted(set(_object_tokens(head) + [head]), key=lambda x: x.i)


# Nouns of asking for or adding a thing, and of its kind: the thing is their "of" object ("the
# implementation of some type of widget would make this perfect" -> "widget").
_ADDING_NOUNS = _set(
    "addition implementation inclusion introduction integration type kind sort"
)


def _subject_tokens(verb) -> list:
    """The content noun subject of ``verb`` with its left modifiers ("dark mode" of "dark mode
    would make this app perfect"); [] for a pronoun, a person or no subject."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN"):
            if child.lower_ in _PRONOUNS or child.lower_ in _PEOPLE:
                return []
            while child.lemma_.lower() in _ADDING_NOUNS:
                objs = [
                    o
                    for p in child.children
                    if p.dep_ == "prep" and p.lower_ == "of"
                    for o in p.children
                    if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN")
                ]
                if not objs:
                    break
                child = objs[0]
            return [t for t in _phrase_tokens(child) if t.i <= child.i]
    return []


def _able(verb):
    """ "be able to X" -> X (the verb), else None."""
    for child in verb.children:
        if child.dep_ == "acomp" and child.lower_ in ("able", "possible"):
            inner = [c for c in child.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
            if inner:
                return inner[0]
    return None


# A "get" / "have" with these is a phrasal verb about people or situations, not asking for a
# thing ("get your act together", "get me home", "have it done").
_PHRASAL = _set("together home back off out away through thru done fixed over")
# Where a "get" goes: "get home", "get me off this plane", "get through to someone".
_DIRECTIONS = _set("home back off out away through thru into onto to from across there")


def _motion(verb) -> bool:
    """A "get" of going somewhere or setting something going ("get home", "get me off this
    plane", "get the line moving"): the verb is the ask, not a thing to add."""
    if verb.lemma_.lower() != "get":
        return False
    return any(
        (c.dep_ in ("prt", "advmod", "prep", "acomp", "oprd") and c.lower_ in _DIRECTIONS)
        or (c.dep_ in ("ccomp", "xcomp", "oprd") and c.tag_ == "VBG")
        for c in verb.children
        if c.i > verb.i
    )


def _says(verb) -> bool:
    """ "add" with a clause of its own for object ("I should add the staff were great"): a verb
    of saying, nothing to add."""
    return not any(c.dep_ in ("dobj", "obj") for c in verb.children) and any(
        c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        for c in verb.children
    )


# Who a "need" / "want" / "get" is for when the author or another person is its subject.
_OWN = _set("i he she")


def _own_need(verb) -> bool:
    """ "I need a refund", "he needs a raise", "can I get an update": a person's own need, led
    by "get", not a thing to add to the product ("it needs an undo button", "we need a dark
    mode", "you need a chat")."""
    if verb.lemma_.lower() not in ("need", "want", "get"):
        return False
    subject = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subject and verb.dep_ == "xcomp":
        subject = [c for c in verb.head.children if c.dep_ == "nsubj"]
    if any(
        c.dep_ in ("dative", "dobj") and c.lower_ in ("me", "us", "him", "her")
        for c in verb.children
    ):
        return True  # "get me the seats we paid for"
    if not subject:
        return False
    who = subject[0]
    return who.lower_ in _OWN or (who.pos_ != "PRON" and who.lower_ in _PEOPLE)


def _motion_phrase(verb) -> str:
    """ "get home", "get off plane": the verb with where it goes, the people it takes left out."""
    words = [
        w for w in _words(_complements(verb)) if w not in _WHEN and w not in ("sometime", "asap")
    ]
    return _named(_finish(["get"] + words))


# Marks of a clause that tells when something happens, not what is asked for: "every time I
# add a photo it freezes", "while adding a card".
_REPORTING_MARKS = _set("when whenever everytime time after while")


def _reported(verb) -> bool:
    """Is the verb an attempt or an occasion rather than an ask? Under "try to" / "attempt to"
    ("I try to add a photo and it freezes"), or in a clause marked "when" / "every time"."""
    node = verb
    while True:
        marks = {c.lower_ for c in node.children if c.dep_ in ("mark", "advmod", "npadvmod")}
        if node.dep_ == "advcl" and marks & _REPORTING_MARKS:
            return True
        head = node.head
        if head is node or node.dep_ not in ("xcomp", "conj", "ccomp", "advcl"):
            return False
        if node.dep_ == "xcomp" and head.lemma_.lower() in ("try", "attempt"):
            # "I try to add", "... or try to add": an attempt; "please try to add", "you
            # should try to add": an ask
            subject = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subject:
                return subject[0].lower_ not in ("you", "u")
            return not (head.dep_ == "ROOT" and head.tag_ == "VB")
        node = head


def _named(phrase: str) -> str:
    return phrase if _names_something(phrase) else ""


def _copula_thing(span, asks_help: bool = False) -> str:
    """ "the only thing missing is a dark mode", "my only ask is X", "X is missing": the thing
    the copula names, when its other side is a generic word ("thing", "feature", "ask")."""
    for t in span:
        if t.lemma_.lower() != "be":
            continue
        subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        attr = [
            c
            for c in t.children
            if c.dep_ in ("attr", "acomp") and c.pos_ in ("NOUN", "PROPN", "ADJ")
        ]
        if (
            subj
            and attr
            and subj[0].lower_ in _GENERIC_NOUNS
            and subj[0].lower_ not in _PROBLEM_WORDS  # "my only problem is the ads": a complaint
            and attr[0].pos_ != "ADJ"
        ):
            return _named(_finish(["add"] + _words(_phrase_tokens(attr[0]))))
        if subj and attr and attr[0].lower_ in ("missing", "lacking", "needed"):
            if subj[0].lower_ not in _PRONOUNS and subj[0].lower_ not in _GENERIC_NOUNS:
                return _named(_finish(["add"] + _words(_phrase_tokens(subj[0]))))
    for t in span:  # "the lack of an undo button", "lack of memory functions"
        if t.lower_ == "lack" and t.pos_ == "NOUN":
            for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"):
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                if objs and not _judged(_phrase_tokens(objs[0])):  # "lack of poor service"
                    lead = "improve" if _quality(objs[0]) else "add"
                    phrase = _named(_finish([lead] + _words(_phrase_tokens(objs[0]))))
                    if phrase:
                        return phrase
    # "still no dark mode?", "no dark mode in 2024 is wild": an ask, unless the sentence asks
    # for something else outright ("please help! no bags, no way to get through"): then it
    # tells what went missing, not what to add (``asks_help``: :func:`_imperative_ask`).
    if asks_help:
        return ""
    for t in span:
        if _no_det(t) and t.head.pos_ in ("NOUN", "PROPN"):
            phrase = _named(_finish(["add"] + _words(_phrase_tokens(t.head))))
            if phrase:
                return phrase
    return ""


def _quality(noun) -> bool:
    """A bare noun of how well the thing works ("stability", "responsiveness", "performance",
    "accuracy"): lacking it is improved, not added ("lack of stability" -> "improve stability")."""
    return (
        bool(re.search(r"(ity|ness|ance|ence|acy)$", noun.lower_))
        and len(noun.lower_) > 6
        # of the whole thing, not a feature ("ability to view lists", "back button functionality")
        and not any(c.dep_ != "det" for c in noun.children)
    )


def _negated(verb) -> bool:
    """A "not" / "n't" on the verb, or a "no longer" in a clause with a subject or an auxiliary
    ("the app no longer opens", "I no longer need it", "to no longer have"); a bare "no longer
    freezing" says a problem ended."""
    return any(
        c.dep_ == "neg"
        or (
            c.lower_ == "longer"
            and any(g.dep_ == "neg" for g in c.children)
            and any(d.dep_ in ("nsubj", "nsubjpass", "aux", "csubj") for d in verb.children)
        )
        for c in verb.children
    )


def _imperative_ask(verb) -> bool:
    """A bare imperative that asks for something other than a thing ("please help!", "fix
    this"): a base-form root verb without a subject, not a verb of wanting a thing."""
    return (
        verb.dep_ == "ROOT"
        and verb.tag_ == "VB"
        and verb.lemma_.lower() not in _AS_ADD
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children)
    )


def _how_about(span) -> str:
    """ "how about a phone number to call?", "what about an update": the thing after "about"."""
    for t in span:
        if t.lower_ != "about" or t.i == 0 or t.doc[t.i - 1].lower_ not in ("how", "what"):
            continue
        after = [x for x in span if x.i > t.i and x.pos_ in ("NOUN", "PROPN")]
        if not after:
            return ""
        head = after[0]
        while head.head.i > t.i and head.head.pos_ in ("NOUN", "PROPN") and head.dep_ == "compound":
            head = head.head
        tokens = [x for x in _phrase_tokens(head) if x.i > t.i]
        return _named(_finish(["add"] + _words(tokens)))
    return ""


def _elliptical(span) -> bool:
    """May the request be read off a bare noun phrase? Yes for verbless or copular sentences
    ("dark mode pls", "a widget would be amazing"), modal wishes ("would buy it in wood") and
    explicit markers ("+1 for X", "feature request: X"); no for a full clause about something
    else ("why should I tell your crew how to do their job?")."""
    if any(t.lower_ in _ASK_MARKERS for t in span):
        return True
    for root in (t for t in span if t.dep_ == "ROOT"):
        if root.lemma_.lower() in _AS_ADD and any(
            c.dep_ in ("xcomp", "ccomp")
            and c.pos_ in ("VERB", "AUX")
            and c.lemma_.lower() not in _AS_ADD
            for c in root.children
        ):
            continue  # "I would love to say the same": what is wished is the author's own act
        if root.pos_ not in ("VERB", "AUX") or root.lemma_.lower() in _AS_ADD:
            return True
        if any(c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in root.children):
            return True
    # "X, that's my only ask": the thing stands outside a copula about a generic word.
    if any(
        t.lemma_.lower() == "be"
        and any(c.lower_ in _GENERIC_NOUNS and c.dep_ in ("attr", "nsubj") for c in t.children)
        for t in span
    ):
        return True
    # "a widget would be amazing", "is dark mode coming?", "if dark mode is on the roadmap";
    # not a plain statement of how a thing is ("the seats are terrible").
    return any(
        t.lemma_.lower() in _ARRIVING and _subject_tokens(t) and not _stated(t)
        for t in span
        if t.pos_ in ("VERB", "AUX")
    )


def _stated(verb) -> bool:
    """A plain "X is Y": a copula without a modal, a condition or a question."""
    if verb.lemma_.lower() != "be":
        return False
    if any(
        c.dep_ in ("aux", "mark") and c.lower_ in ("would", "'d", "could", "will", "if", "whether")
        for c in verb.children
    ):
        return False
    if any(c.tag_ in ("WRB", "WP") for c in verb.children):
        return False  # "where is the dark mode": a question without its mark
    return not any(t.text == "?" for t in verb.doc[verb.i :])


_ARRIVING = _set("be come happen arrive land plan")


_POINTERS = _set("it this that these those them one ones")
_ASK_MARKERS = _set("please pls plz plss pleaseee +1 request when soon asap")


def request_phrase(span) -> str:
    """The requested thing, led by a verb: "add dark mode", "allow export to pdf".

    Read off, in order: the innermost request verb and its object ("would be nice if you could
    add X" -> "add X"; a causative "X would make this app perfect" -> "add X"); a verb of need or
    wish and its object or clause ("I wish it had X", "miss being able to X" -> "X ...");
    a copula whose other side is generic ("only thing missing is X", "the lack of X"); else the
    longest noun phrase naming a thing, if the sentence is elliptical ("dark mode pls"). A
    candidate that names nothing ("adding my vote", "make it make sense") gives way to the next;
    "" when none names anything.

    Example:
        >>> request_phrase(load_spacy()("I wish it had offline maps"))  # doctest: +SKIP
        'add offline maps'
    """
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT"]
    # A verb of asking read as no ask (tried, said, not needed): the sentence is about that,
    # and a noun elsewhere in it is not the request ("every time I try to add a photo ...").
    declined = False
    for t in sorted(verbs, key=lambda t: -t.i):
        lemma = t.lemma_.lower()
        if lemma not in _REQUEST_VERBS:
            continue
        if _reported(t) or (lemma == "add" and _says(t)):
            declined = True  # "I should add the staff were great": "add" of saying
            continue
        if lemma == "make":
            enabled = [  # "make it possible to export" -> "export"
                d
                for d in t.subtree
                if d.dep_ in ("xcomp", "advcl")
                and d.pos_ == "VERB"
                and d.head.lower_ in ("possible", "easier", "easy")
            ]
            if enabled:
                phrase = _named(
                    _finish([enabled[0].lemma_.lower()] + _words(_complements(enabled[0])))
                )
                if phrase:
                    return phrase
            # Causative with a result: the subject is what is asked for ("dark mode would
            # make this app perfect", "HomeKit support would make this an instant buy").
            result = [
                c
                for c in t.children
                if c.dep_ in ("ccomp", "oprd", "xcomp") and c.pos_ in ("ADJ", "NOUN")
            ]
            subject = _subject_tokens(t)
            if result and subject:
                phrase = _named(_finish(["add"] + _words(subject)))
                if phrase:
                    return phrase
        if lemma in ("add", "include") and not any(c.dep_ in ("dobj", "obj") for c in t.children):
            # "photo comments should add in the next version": the subject is what is added.
            subject = _subject_tokens(t)
            phrase = _named(_finish(["add"] + _words(subject))) if subject else ""
            if phrase:
                return phrase
        objs = _complements(t)
        if objs:
            phrase = _named(_finish([lemma] + _words(objs)))
            if phrase:
                return phrase
    refers = False  # "we should get these": the thing is only pointed at
    for t in sorted(verbs, key=lambda t: t.i):
        lemma = t.lemma_.lower()
        if lemma not in _AS_ADD:
            continue
        if _reported(t):
            declined = True
            continue
        if _motion(t):
            phrase = _motion_phrase(t)
            if phrase:
                return phrase
            continue
        refers = refers or any(
            c.dep_ in ("dobj", "obj") and c.lower_ in _POINTERS for c in t.children
        )
        if any(
            c.lower_ in _PHRASAL and c.dep_ in ("prt", "advmod", "acomp", "oprd")
            for c in t.children
        ):
            # "get your act together": an idiom, its noun is no thing
            declined = declined or lemma in ("get", "have")
            continue
        # "need to be able to X" / "wish I could X": follow the clause to its own verb.
        xcomp = [
            c for c in t.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")
        ]
        objs = [
            c
            for c in t.children
            if c.dep_ in ("dobj", "obj", "attr", "nsubj")
            and c.lower_ not in _PRONOUNS
            and c.lower_ not in _PEOPLE
            and c.i > t.i
            and lemma in _OBJECT_IS_REQUEST
        ]
        negated = _negated(t)
        if objs and negated and (
            lemma in ("need", "want")
            or any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        ):
            declined = True  # "I don't need more than one screen", "I chose to not have X"
            continue
        if (
            objs
            and lemma in ("have", "get")
            and xcomp
            and xcomp[0].i > objs[0].i
            and xcomp[0].tag_ == "VB"
        ):
            objs = []  # causative: "have your staff finish the repair" asks for the repair
        if objs:
            lead = "get" if _own_need(t) else "add"
            phrase = _named(_finish([lead] + _words(_phrase_tokens(objs[0]))))
            if phrase:
                return phrase
        if (
            lemma in ("like", "love")
            and any(c.dep_ == "nsubj" for c in t.children)
            and not any(
                c.dep_ == "aux" and c.lower_ in ("would", "'d", "d", "wd") for c in t.children
            )
        ):
            continue  # "I love it when I can X": what is liked, not a wish ("I'd love to X")
        if xcomp and _motion(xcomp[0]):  # "would really like to get home"
            phrase = _motion_phrase(xcomp[0])
            if phrase:
                return phrase
        if xcomp:
            inner = xcomp[0]
            able = _able(inner) if inner.lemma_.lower() == "be" else None
            if able is not None:  # "needs to be able to hold more pics" -> "hold more pics"
                inner = able
            objs = _complements(inner)
            if inner.lemma_.lower() == "be" and objs:
                phrase = _named(_finish(["make"] + _words(objs)))
            elif objs:
                inner_lemma = inner.lemma_.lower()
                phrase = _named(
                    _finish(["add" if inner_lemma in _AS_ADD else inner_lemma] + _words(objs))
                )
            else:
                phrase = ""
            if phrase:
                return phrase
    for t in verbs:  # "should be able to rotate the game" -> "rotate game"
        able = _able(t) if t.lemma_.lower() == "be" else None
        if able is not None:
            phrase = _named(_finish([able.lemma_.lower()] + _words(_complements(able))))
            if phrase:
                return phrase
    asks_help = any(_imperative_ask(t) for t in span)
    phrase = _how_about(span) or _copula_thing(span, asks_help)
    if phrase:
        return phrase
    if refers or declined or not _elliptical(span):
        return ""
    phrase = _fallback(span, absent_too=not asks_help)
    if not phrase or not any(t.pos_ in ("NOUN", "PROPN", "VERB") for t in span):
        return ""  # "Yes please!": a request with nothing named in it
    return _named(_finish(["add"] + phrase.split()) if not phrase.startswith("add ") else phrase)


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
        if child.dep_ == "csubj":
            # An activity as the subject: "login with google fails", "topping up my card is not
            # working"; the verb with the thing it acts on, not a lone "trying" or "what's".
            things = [
                x
                for c in child.children
                if c.dep_ in ("dobj", "prep", "prt")
                for x in c.subtree
                if x.dep_ not in ("det", "punct", "poss")
            ]
            # ... right before its predicate (a far, mis-parsed "csubj" is no subject)
            # and short: a gerund or bare verb ("paid for ...", "worried the weather ..." are
            # mis-parsed clauses of their own)
            clause = list(child.subtree)
            near = clause[-1].i >= pred.i - 3 and len(clause) <= 6
            if near and child.tag_ in ("VBG", "VB") and any(x.pos_ in ("NOUN", "PROPN") for x in things):
                return _words(sorted([child] + things, key=lambda x: x.i))[:4]
            continue
        # not a relative pronoun ("which is now delayed"): it stands for a noun elsewhere
        if (
            child.dep_ in ("nsubj", "nsubjpass")
            and child.lower_ not in _PRONOUNS
            and child.tag_ not in ("WDT", "WP", "WP$")
        ):
            toks = [
                t
                for t in child.subtree
                if t.dep_ not in ("det", "punct", "relcl", "acl") and t.i <= child.i
            ]
            return _words(toks)[-3:]
    return []


def complaint_phrase(span) -> str:
    """The broken thing: "app crashes when opening camera", "cannot log in", "flight delayed".

    Read off, in order: a problem verb or a negated one with its subject, short objects and a
    "when" clause (not a negated verb of knowing or caring, "don't know why", nor a negated
    imperative, "don't let it happen again"); an excess ("cable is way too short") or a negated
    quality ("not impressed"); a problem word with its subject or modifiers ("app is so slow",
    "too many ads"); else the noun phrase naming a thing. "" when the phrase would name nothing
    but time, people or generic words ("it's been 12 days", "same issue").

    Example:
        >>> complaint_phrase(load_spacy()("app crashes every time I open the camera"))  # doctest: +SKIP
        'app crashes when opening camera'
    """
    phrase = _price_phrase(span) or _complaint_phrase(span)
    return phrase if _names_something(phrase, lead=False, proper=_proper_words(span)) else ""


def _proper_words(span) -> frozenset[str]:
    """Words the sentence uses only as proper nouns: places, airport codes, people, brands. A
    complaint phrase of nothing else names no problem ("tpa", "phx sky harbor"). (A request's
    may: "add english", "add spotify".)"""
    proper = {t.lower_ for t in span if _proper(t)}
    return frozenset(proper - {t.lower_ for t in span if t.pos_ != "PROPN"})


def _proper(token) -> bool:
    """A proper noun that names a place, a person or a brand, not a thing: not a problem word
    written with a capital ("Late Flight"), not a capital a sentence's first word has anyway
    ("Pizza was cold"), and an all-capitals word only where a code stands ("at PHX", "to TPA"),
    not with a determiner or as subject or object ("the ATM ate my card", "my PIN")."""
    if token.pos_ != "PROPN" or token.lower_ in _PROBLEM_WORDS:
        return False
    if token.lemma_.lower() in _PROBLEM_VERBS or token.is_sent_start:
        return False
    if any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("a", "an", "some", "another"))
        for c in token.children
    ):
        return False  # "a Visa", "my Payment": a thing written with a capital
    if token.text.isupper() and len(token.text) > 1:
        return token.dep_ not in ("nsubj", "nsubjpass", "dobj", "obj") and not any(
            c.dep_ in ("det", "poss") for c in token.children
        )
    return True


# Words naming an amount of money ("129 dollars", "40 bucks"), beside currency symbols (tag "$").
_MONEY_WORDS = _set(
    "dollar dollars buck bucks euro euros pound pounds quid usd eur gbp "
    # the price itself is not the thing that costs too much ("the pricing", "my budget")
    "price prices pricing cost costs budget money value amount"
)


# Verbs that state a price or its change ("costs $40", "went up to $15", "charging $9 a month").
_PRICE_VERBS = _set("cost charge pay ask raise increase hike go jump double spend")


def _price_phrase(span) -> str:
    """A complaint that only names a price ("$129 for a desk lamp is wild", "sage edition at
    $199 is insane") is about the price: "desk lamp too expensive". "" when the sentence names
    a failure too ("paid $129 and it broke in a week": that is the complaint) or no amount.

    Example:
        >>> _price_phrase(load_spacy()("$129 for a desk lamp is wild"))  # doctest: +SKIP
        'desk lamp too expensive'
    """
    money = [
        t for t in span
        if t.like_num and any(n.tag_ == "$" or n.lower_ in _MONEY_WORDS for n in (t.nbor(-1) if t.i > 0 else t, t.nbor(1) if t.i + 1 < len(t.doc) else t))
    ]
    if not money:
        return ""
    # Only a sentence that does nothing but state or judge the price: any other verb says what
    # happened ("still waiting on my $45 refund", "I want my $200 back", "it broke").
    if any(
        (t.pos_ == "VERB" and t.lemma_.lower() not in _PRICE_VERBS) or t.dep_ == "neg" for t in span
    ):
        return ""
    # The amount itself (the number, its symbol, "129" of "$129") is not the thing; nor is what
    # the price is called ("is a joke", "is a rip-off") or a period ("a month").
    skip = {t.i for t in money} | {t.head.i for t in money if t.head.tag_ == "$"}
    # The thing priced: what the money is "for" ("$129 for a desk lamp"), else the subject
    # ("sage edition at $199 is insane"); a place or a detail ("pricing in canada is brutal")
    # is neither, and then the phrase is the price alone.
    priced = [
        c for t in span if t.lower_ == "for" and t.dep_ == "prep"
        for c in t.children if c.dep_ == "pobj"
    ] + [t for t in span if t.dep_ in ("nsubj", "nsubjpass")]
    things = [
        t for t in priced
        if t.pos_ in ("NOUN", "PROPN") and t.i not in skip and t.tag_ != "$"
        and t.lower_ not in _MONEY_WORDS and t.lower_ not in _WHEN and t.lower_ not in _PEOPLE
    ]
    if not things:
        return "too expensive"
    head = things[0]
    words = [c.lower_ for c in head.lefts if c.dep_ in ("compound", "amod") and c.i not in skip] + [head.lower_]
    return _finish(words + ["too", "expensive"])


# Negated, these say what the author does not know or mind, not what is broken.
_MENTAL = _set(
    "know understand think believe care mind matter seem guess remember mean wait "
    "recommend like love want blame"
)


def _bare(verb) -> bool:
    """A bare imperative without an object ("STOP", "#fail"): it tells someone what to do, not
    what broke. "won't stop", "it stops", "keeps stopping", "I want to cancel my order",
    "please delete my account" say what broke or what is asked."""
    return verb.tag_ == "VB" and verb.dep_ == "ROOT" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "neg", "dobj", "obj")  # "delete my account" is asked
        or (c.dep_ == "aux" and c.tag_ == "MD")
        or c.tag_ == "VBG"  # "stop yelling at passengers": the yelling is the complaint
        for c in verb.children
    )


def _imperative(verb) -> bool:
    """ "don't let it happen again": a negated verb without a subject, led by "do"."""
    return not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children) and any(
        c.dep_ == "aux" and c.lower_ == "do" for c in verb.children
    )


def _vague_object(verb) -> bool:
    """The verb has an object and it names nothing ("see any of them", "use it")."""
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    return bool(objs) and all(o.pos_ in ("PRON", "DET") or o.lower_ in ("any", "anything", "one") for o in objs)


def _complaint_phrase(span) -> str:
    not_a_problem = False  # the only negation said "don't know" / "can't wait"
    for t in span:
        lemma = t.lemma_.lower()
        if lemma == "unable":  # "unable to locate my bag" -> "cannot locate bag"
            inner = [x for x in t.children if x.dep_ == "xcomp" and x.pos_ == "VERB"]
            if inner:
                words = _words(_complements(inner[0]))[:4]
                return _finish(["cannot", inner[0].lemma_.lower()] + words)
        negated = _negated(t) and t.pos_ in ("VERB", "AUX")
        is_problem_verb = t.pos_ == "VERB" and lemma in _PROBLEM_VERBS and not _bare(t)
        if not (negated or is_problem_verb or lemma == "take"):
            continue
        if negated and (lemma in _MENTAL or (_imperative(t) and not is_problem_verb)):
            not_a_problem = True  # "don't know why", "can't wait", "don't let it happen again"
            continue
        if negated and not is_problem_verb and _vague_object(t) and any(
            x.pos_ == "VERB" and x.lemma_.lower() in _PROBLEM_VERBS for x in span if x.i != t.i
        ):
            continue  # "can't see any of them because the app crashes": the crash is the problem
        able = _able(t) if negated else None

        if able is not None:  # "i'm not able to log in" -> "cannot log in"
            return _finish(["cannot", able.lemma_.lower()] + _words(_complements(able))[:4])
        if negated and t.pos_ == "AUX" and lemma != "do":
            continue
        if lemma == "keep":  # "keeps crashing": the problem is the clause
            inner = [c for c in t.children if c.dep_ == "xcomp"]
            if not negated and not any(  # "keeps crashing", "keeps getting declined"
                c.tag_ == "VBG" or any(g.dep_ == "auxpass" for g in c.children) for c in inner
            ):
                continue  # "keep people informed", "pay to keep it": no repeated failure
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
            if _is_time_prep(c):  # "stuck for a week": when, not what
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
    # An excess or a missing quality: "cable is way too short", "too expensive", "not impressed".
    for t in span:
        if t.pos_ != "ADJ" or t.dep_ not in ("acomp", "ROOT", "attr", "oprd"):
            continue
        marks = {c.lower_ for c in t.children if c.dep_ in ("advmod", "neg")}
        # "too bright"; "why is the app so bright?" asks the same
        if "too" in marks or ("so" in marks and any(x.lower_ == "why" for x in span)):
            subject = _subject(t.head if t.dep_ != "ROOT" else t)
            return _finish(subject + ["too", t.lower_])
        if marks & {"not", "n't", "never"} and t.lower_ not in _PROBLEM_WORDS:
            return _finish(_subject(t.head if t.dep_ != "ROOT" else t) + ["not", t.lower_])
    # Adjective or noun problems: "app is so slow", "too many ads", "my flight is delayed".
    for t in span:
        if t.i + 1 < len(t.doc) and t.nbor(1).text == "-":
            continue  # "late-night reading": part of a compound modifier
        if any(c.dep_ == "neg" for c in t.children):
            continue  # "can't wait", "not slow at all"
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
                # a state the noun's preposition says ("on hold"), not the bare noun
                on = t.head if t.dep_ == "pobj" and t.head.lower_ == "on" else None
                state = (
                    ["on"]
                    if on is not None
                    and not left[:-1]
                    and t.lower_ not in _GENERIC_NOUNS
                    # "been on hold", "40 minutes on hold"; not "info on delays"
                    and (
                        on.dep_ == "ROOT"
                        or on.head.pos_ in ("VERB", "AUX")
                        or on.head.lower_ in _WHEN
                    )
                    else []
                )
                # "crash when opening settings": the noun's when-clause says where it breaks
                when = [] if right else _when_clause(t)
                return _finish(state + _words(left) + _words(right)[:4] + when)
            if t.pos_ in ("ADJ", "VERB"):
                head = t.head if t.dep_ == "amod" else t
                timed = {
                    x.i
                    for c in head.children
                    if _is_time_prep(c) or c.dep_ in _CUT_DEPS or c.dep_ == "cc"
                    for x in c.subtree
                }
                return _finish(
                    _subject(head)
                    + _words(
                        [
                            x
                            for x in head.subtree
                            if x.dep_ not in ("det", "punct") and x.i >= t.i and x.i not in timed
                        ][:4]
                    )
                )
    if not_a_problem:
        return ""
    # Something missing: "no reply", "stuck with no bag", "3 weeks and no shipping update".
    for t in span:
        if _no_det(t) and t.head.pos_ in ("NOUN", "PROPN"):
            phrase = _finish(["no"] + _words(_phrase_tokens(t.head)))
            if _names_something(phrase):
                return phrase
    return _fallback(span, words_too=False)


def _names_something(phrase: str, lead: bool = True, proper: frozenset[str] = frozenset()) -> bool:
    """Does the phrase name a thing, beyond its leading verb (``lead``), time words, generic
    nouns, empty modifiers, numbers and the sentence's ``proper`` names? "add september", "add
    more update", "8 days" do not."""
    words = phrase.split()[1:] if lead else phrase.split()
    if lead and not words:
        return False  # a verb alone ("add") names nothing
    return any(
        w not in _WHEN
        and w not in _GENERIC_NOUNS
        and w not in _EMPTY_MODIFIERS
        and w not in _PEOPLE
        and w not in _PRONOUNS
        and w not in _EVALUATIVE
        and w not in proper
        and not (len(w) == 1 and w.isalpha())  # "w/", "'s": a letter names nothing
        and not re.fullmatch(r"[\d.,:%$#+-]+(st|nd|rd|th|s|k|h|x)?", w)
        for w in words
    )


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
_MEMO = BatchMemo()
_MEMO_LIMIT = 200_000


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


def intent_phrases(
    sentences: Sequence[str],
    intents: Sequence[str],
    nlp=None,
    batch_size: int = 256,
) -> list[str]:
    """One phrase per sentence: a request phrase, a complaint phrase, or "" for other intents.

    Args:
        sentences: the sentence that carries the intent, one per comment.
        intents: ``"request"``, ``"complaint"`` or anything else (gives "").
        nlp: a spaCy pipeline; None loads :func:`insights.intents.parse.intent_nlp`.
        batch_size: sentences per spaCy batch.

    It parses in this process: parallelism belongs to the engine, which maps
    :func:`~insights.intents.score.score_chunk` (and so this) over partitions of the rows.

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
    memo = _MEMO if nlp is None else BatchMemo()  # another pipeline may parse differently
    if nlp is None:
        from insights.intents.parse import intent_nlp

        nlp = intent_nlp()
    keys = [(_prepare(sentences[i]), intents[i]) for i in todo]
    phrases = memo.lookup(keys, lambda parse: _extract(parse, nlp, batch_size), limit=_MEMO_LIMIT)
    for i, phrase in zip(todo, phrases):
        out[i] = phrase
    return out


# A kind label in front of the report ("Bug: ...", "[Feature request] ...", "Suggestion - ..."),
# as issue trackers and feedback forms write them: it says what kind of comment this is (the
# classifier reads it), not what is asked for or broken.
_KIND_LABEL = re.compile(
    r"^\s*(\[\s*)?(bug( report)?|feature( request)?|request|suggestion|idea|issue|problem|"
    r"enhancement|proposal|fr|improvement|defect)\s*(\]\s*[:\-\u2013]?|[:\-\u2013])\s*(?=\w)",
    re.IGNORECASE,
)


def _prepare(sentence: str) -> str:
    # The parser reads lower-case, de-shouted text with repeated punctuation collapsed more reliably.
    text = re.sub(r"([!?.])\1+", r"\1", sentence.strip())
    text = _KIND_LABEL.sub("", text)
    text = re.sub(r"^[^\w$€£¥]+", "", text)  # a leading currency sign is part of a price
    return text.lower() if text.isupper() else text
