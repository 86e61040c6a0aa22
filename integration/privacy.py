"""Find and replace CPR numbers, phone numbers and e-mail addresses in free text.

Caseworkers paste case details; Datatilsynet expects data minimisation, so these
are replaced by a placeholder before a message reaches NLU, the tracker store or
a log. The patterns err on the side of redacting:

- CPR: any 6+4 digits (DDMMYY-SSSS, DDMMYYSSSS, DDMMYY SSSS, also DD.MM.YY-SSSS
  and DD MM YY SSSS). No date or modulus-11 check (dropped in 2007), so a
  mistyped CPR number is caught too.
- Phone: Danish 8-digit numbers (12345678, 12 34 56 78, 1234 5678, 12-34-56-78),
  optionally with +45/0045, and international numbers written with a leading +.
- E-mail: anything shaped like name@domain.tld.

Text is NFKC-normalised first and Unicode digits count as digits, so full-width
digits are caught as well. Two years with a space ("2009 2010") are not a phone number.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any, Dict, Text, Tuple

CPR = "cpr"
PHONE = "phone"
EMAIL = "email"

PLACEHOLDERS: Dict[Text, Text] = {
    CPR: "[CPR-nummer]",
    PHONE: "[telefonnummer]",
    EMAIL: "[e-mailadresse]",
}

_EMAIL_RE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")

_CPR_RE = re.compile(
    r"(?<!\d)"
    r"\d{2}(?P<date_sep>[ .\-/]?)\d{2}(?P=date_sep)\d{2}"  # DDMMYY, DD.MM.YY, DD MM YY
    r"[ \t]*[-\u2010-\u2015\u2212]?[ \t]*"  # dash (any kind) and/or spaces
    r"\d{4}"
    r"(?!\d)"
)

_PHONE_RE = re.compile(
    r"(?<![\d+])"
    r"(?:"
    # Danish: optional country code, then 8 digits in the usual groupings.
    r"(?:(?:\+|00)[ ]?45[ \-]?)?(?:\d{8}|\d{2}(?P<pair_sep>[ \-])\d{2}(?P=pair_sep)\d{2}(?P=pair_sep)\d{2}"
    # 1234 5678, but not a pair of years ("2009 2010").
    r"|(?!(?:19|20)\d\d (?:19|20)\d\d(?!\d))\d{4}[ ]\d{4})"
    r"|"
    # International: + or 00, country code and 6-14 more digits, spaces allowed.
    r"(?:\+|00)\d{1,3}(?:[ \-]?\d){6,14}"
    r")"
    r"(?!\d)"
)

# Order matters: e-mail first (an address may contain digits), then CPR, then phone.
_PATTERNS = ((EMAIL, _EMAIL_RE), (CPR, _CPR_RE), (PHONE, _PHONE_RE))


def redact(text: Text) -> Tuple[Text, Counter]:
    """Replace every CPR number, phone number and e-mail address in `text`.

    Returns the redacted text and how many of each kind were replaced.
    """
    found: Counter = Counter()
    # NFKC folds full-width digits and dashes into ASCII, so they are caught too.
    text = unicodedata.normalize("NFKC", text)
    for kind, pattern in _PATTERNS:
        text, count = pattern.subn(PLACEHOLDERS[kind], text)
        if count:
            found[kind] += count
    return text, found


def redact_value(value: Any, found: Counter | None = None) -> Any:
    """Redact every string inside a JSON-like value (dicts, lists, strings)."""
    found = found if found is not None else Counter()
    if isinstance(value, str):
        text, count = redact(value)
        found.update(count)
        return text
    if isinstance(value, dict):
        return {redact_value(str(k), found): redact_value(v, found) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(v, found) for v in value]
    return value


def contains_personal_data(text: Text) -> bool:
    return any(pattern.search(text) for _, pattern in _PATTERNS)
