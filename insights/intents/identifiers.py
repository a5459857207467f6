"""Identifiers: the words of a phrase that name one case, not the thing asked for or broken.

"order LM-20417 never arrived" and "my order never arrived" complain about the same thing;
the order number, like a ticket or case number, a booking or confirmation code, a flight
number ("flight 1234", "UA1116"), an e-mail address, a phone number, a URL, an @handle or a
clock time ("delayed until 7:55"), tells one comment from another and so keeps it out of a
group and out of a title. Numbers that say what is broken or asked stay: "iOS 17", "version
3.1", "error 923", "galaxy s4", "2 hours", "5 stars", "1080p", "5ghz".

Two general rules, no list of known codes:

* shape: a long digit run (5+ digits: order, tracking, case and phone numbers); a token mixing
  letters and digits that is not a quantity with a unit ("2hrs", "1080p") nor a short model
  name (letters then at most 2 digits, "s21", "ios17"; 1 letter then 3, "a320"): "lm-20417",
  "ua1116" (4+ digits after letters, or 3+ after 2+ letters), "8q6mfd", "k5zyt9" (letters and
  digits alternating, 5+ characters); "#1234"; anything with "@"; a URL; a clock time;
  a placeholder the clean stage put for personal data ("[email]", "[phone]");
* context: any number or code right after a noun that numbers things ("order 12", "flight
  769", "case # 4453", "ticket no. 8"), unless the number counts a later noun ("booking 3
  seats", "flight 2 hours late": the caller, which has the parse, checks that).

Example:
    >>> strip_identifiers("order lm-20417 not arriving")
    'order not arriving'
    >>> strip_identifiers("crashes on galaxy s4 after 2 hours")
    'crashes on galaxy s4 after 2 hours'
"""

from __future__ import annotations

import re

# Nouns whose following number names one instance of them: "order 12", "flight 769".
ID_NOUNS = frozenset(
    "order orders ticket tickets case cases booking bookings reservation reservations "
    "confirmation conf ref reference tracking account acct invoice claim receipt transaction "
    "transactions id pnr locator record incident flight flights flt fl seat gate room "
    "membership member".split()
)
# Words between such a noun and its number: "order # 12", "case no. 4", "ticket number: 8".
ID_LINKS = frozenset("# no no. nr nr. num number numbers is was : - id".split())

# A placeholder the clean stage writes for redacted personal data ("[email]", "[phone]").
PLACEHOLDERS = frozenset("email phone redacted url".split())

_UNIT = (
    r"(?:st|nd|rd|th|s|k|m|b|x|p|d|h|hr|hrs|hour|hours|min|mins|minute|minutes|sec|secs|"
    r"day|days|wk|wks|yr|yrs|yo|mo|g|gb|mb|kb|tb|mah|mhz|ghz|hz|fps|mph|kph|kg|lb|lbs|oz|"
    r"mm|cm|km|ft|in|v|w|pc|pcs|pts)"
)
_QUANTITY = re.compile(rf"\$?\d+(?:[.,]\d+)?{_UNIT}\+?")
_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:am|pm)?|\d{1,4}(?:am|pm)|\d{1,2}(?:[.:]\d{2})?[ap]\.m\.?")
_URL = re.compile(r"(?:https?:|www\.|[\w-]+\.(?:com|net|org|io|co|ly|me|us|uk|de)(?:/|$))")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}")
_RUNS = re.compile(r"[^\W\d_]+|\d+")


def is_identifier(word: str) -> bool:
    """Does this one word (any case, punctuation around it allowed) have an identifier's shape?

    Example:
        >>> [is_identifier(w) for w in ("LM-20417", "UA1116", "8Q6MFD", "16866853", "#611")]
        [True, True, True, True, True]
        >>> [is_identifier(w) for w in ("s21", "iOS17", "a320", "3.1", "2hrs", "1080p", "2024")]
        [False, False, False, False, False, False, False]
    """
    w = word.lower().strip(",;!?()[]{}\"'")
    if not w or w.isalpha():  # most words: no digit, "@", "." or ":" to look at
        return False
    if w.startswith("@") or _EMAIL.fullmatch(w) or _URL.match(w) or _CLOCK.fullmatch(w):
        return True  # not "seti@home": a name
    parts = re.split(r"\.(?=[^\W\d_])", w)
    if len(parts) > 1:  # "z1.freezes": words run together at a full stop
        return all(is_identifier(p) for p in parts if p)
    if w.startswith("#") and any(c.isdigit() for c in w):
        # "#611", "#8Q6MFD": a numbered thing; "#1" ("the #1 pizza place") is a rank.
        return not re.fullmatch(r"#\d\.?", w)
    core = re.sub(r"[\W_]", "", w)
    runs = _RUNS.findall(core)
    digit_runs = [len(r) for r in runs if r.isdigit()]
    if not digit_runs:
        return False
    if len(digit_runs) == len(runs):  # digits only ("20417", "555-123-4567", "3.1")
        longest = max(len(r) for r in re.findall(r"\d+", w))
        return longest >= 5 or (sum(digit_runs) >= 7 and not re.search(r"[.,]", w))
    if _QUANTITY.fullmatch(w):
        return False  # "2hrs", "1080p", "5ghz", "3rd"
    if len(runs) >= 3:  # letters and digits alternate: "8q6mfd", "k5zyt9"; not "l8r", "mp3s"
        return len(core) >= 5
    if runs[0].isdigit():  # digits then letters: "4c", "2y", "65000pts"
        return len(runs[0]) >= 5
    letters, digits = len(runs[0]), len(runs[1])
    return digits >= 4 or (letters >= 2 and digits >= 3)  # "ua1116", "lm20417"; not "s21", "a320"


def strip_identifiers(phrase: str) -> str:
    """The phrase without identifier words (see the module docstring); "" if nothing else is left.

    Without a parse, the context rule keeps a number after a numbering noun only when the next
    word is a plural it could count ("flight 2 hours late", "booking 3 seats").

    Example:
        >>> strip_identifiers("delay on flight 1032 from denver"), strip_identifiers("call [phone]")
        ('delay on flight from denver', 'call')
    """
    words = phrase.split()
    out: list[str] = []
    for i, word in enumerate(words):
        bare = word.lower().strip("[]")
        if word.startswith("[") and word.endswith("]") and bare in PLACEHOLDERS:
            continue
        if is_identifier(word) or word == "#":
            continue
        if any(c.isdigit() for c in word) and after_id_noun([w.lower() for w in words], i):
            following = words[i + 1].lower() if i + 1 < len(words) else ""
            if not (following.isalpha() and following.endswith("s") and not following.endswith("ss")):
                continue
        out.append(word)
    return " ".join(out)


def after_id_noun(words: list[str], i: int) -> bool:
    """Does word ``i`` follow a noun that numbers things, across links ("order # 12")? ``words``
    lower-case.

    Example:
        >>> after_id_noun(["case", "no.", "4453"], 2), after_id_noun(["about", "4453"], 1)
        (True, False)
    """
    j = i - 1
    while j >= 0 and words[j] in ID_LINKS:
        j -= 1
    return j >= 0 and words[j] in ID_NOUNS
