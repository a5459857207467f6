"""Personal data redaction: emails, phone numbers and secrets in URL query strings.

Redaction runs on the original text (for ``display_text``, which reports quote)
and again on the normalised text, so neither carries personal data unless the
user asks to keep it.
"""

from __future__ import annotations

import re

EMAIL_TOKEN = "[email]"
PHONE_TOKEN = "[phone]"
SECRET_TOKEN = "[redacted]"

# Query-string parameters that carry credentials or session identifiers.
_SECRET_PARAMS = (
    r"access_token|refresh_token|id_token|auth_token|token|api_key|apikey|api-key|key|secret|"
    r"client_secret|password|passwd|pwd|pass|auth|authorization|session|sessionid|session_id|sid|"
    r"sig|signature|code|otp"
)
_URL = r"(?:https?://|www\.)[^\s<>\"']+"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
# A phone number: optional +country code, optional (area), then 2-5 digit groups
# joined by a space, dot or dash; or one unbroken run of 10-14 digits after a '+'
# or standing alone. Digit counts are checked in code (see `_is_phone`).
_PHONE = (
    r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,6}(?:[\s.-]\d{2,6}){1,4}"
    r"|\+?\d{10,14}"
)
_PII = re.compile(
    rf"(?P<url>{_URL})|(?P<email>{_EMAIL})|(?<![\w+/=.,-])(?P<phone>{_PHONE})(?![\w/=-]|[.,]\d)"
)
_HINT = re.compile(r"[\d@?&#]")
_TWO_DIGITS = re.compile(r"\d\d")
_EMAIL_START = re.compile(r"[A-Za-z0-9._%+-]@")
_QUERY_SECRET = re.compile(rf"([?&#;](?:{_SECRET_PARAMS})=)[^&#\s]+", re.IGNORECASE)


def _is_phone(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    if not 9 <= digits <= 15:
        return False
    if candidate.startswith("+") or "(" in candidate:
        return True
    groups = re.split(r"[\s.-]", candidate)
    # "1 000 000 000" and "2.000.000" are counts with thousands separators, not phones.
    # (A date or a score like "2014-2015" already has too few digits.)
    return not (len(groups) > 1 and all(len(g) == 3 for g in groups[1:]))


def _replace(match: re.Match[str]) -> str:
    kind = match.lastgroup
    text = match.group(0)
    if kind == "url":
        return _QUERY_SECRET.sub(lambda m: m.group(1) + SECRET_TOKEN, text)
    if kind == "email":
        return EMAIL_TOKEN
    return PHONE_TOKEN if _is_phone(text) else text


def redact_personal_data(text: str) -> str:
    """Replace emails, phone numbers and URL query secrets with placeholders.

    Example:
        >>> redact_personal_data("mail me at ann@example.com or call +1 415 555 0100")
        'mail me at [email] or call [phone]'
        >>> redact_personal_data("see https://x.io/a?token=abc123&page=2")
        'see https://x.io/a?token=[redacted]&page=2'
    """
    if not text or _HINT.search(text) is None or not _may_match(text):
        return text
    return _PII.sub(_replace, text)


def _may_match(text: str) -> bool:
    """False when no alternative of ``_PII`` can match: a URL starts with http or www.,
    an email has an address character before its '@', a phone number has two digits in a row."""
    return (
        "http" in text or "www." in text or ("@" in text and _EMAIL_START.search(text) is not None)
        or _TWO_DIGITS.search(text) is not None
    )


def has_phone_number(text: str) -> bool:
    """Whether the text contains something shaped like a phone number."""
    return any(m.lastgroup == "phone" and _is_phone(m.group(0)) for m in _PII.finditer(text))
