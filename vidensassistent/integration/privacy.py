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
from typing import Any, Dict, List, Optional, Set, Text, Tuple

CPR = "cpr"
PHONE = "phone"
EMAIL = "email"
NAME = "name"  # vidensassistent.integration.names
ADDRESS = "address"  # vidensassistent.integration.names

PLACEHOLDERS: Dict[Text, Text] = {
    CPR: "[CPR-nummer]",
    PHONE: "[telefonnummer]",
    EMAIL: "[e-mailadresse]",
    NAME: "[navn]",
    ADDRESS: "[adresse]",
}

# An e-mail address, also spelled to dodge a filter: "navn (at) kommune.dk",
# "navn [at] kommune.dk", "navn @ kommune.dk", "navn snabel-a kommune.dk".
_AT = r"(?:\s*@\s*|\s*[(\[{<]\s*(?:at|snabel-?a|@)\s*[)\]}>]\s*|\s+snabel-?a\s+)"
_DOT = r"(?:\.|\s*[(\[{<]\s*(?:dot|punktum)\s*[)\]}>]\s*)"
_EMAIL_RE = re.compile(
    r"[\w.!#$%&'*+/=?^`{|}~-]+" + _AT + r"[\w-]+(?:" + _DOT + r"[\w-]+)*" + _DOT + r"[^\W\d_]{2,}",
    re.IGNORECASE,
)

# Separators people put between digit groups: space, dot, slash, underscore and
# every kind of dash (with or without spaces around it).
_SEP = r"(?:[ \t]*[-_\u2010-\u2015\u2212][ \t]*|[ \t._/])"

# A run of digit groups. Whether a run is a CPR number, a phone number or
# something harmless (a year range, a date, an amount, a time) is decided by
# `_classify_digits` from its groups, not by the regex.
_DIGIT_RUN_RE = re.compile(
    r"(?<![\w+])(?<!\d[.,])"  # not the tail of a word, a decimal or an international number
    r"\d+(?:" + _SEP + r"\d+)*"
    r"(?![\w]|[.,]\d)"
)

_PHONE_INTERNATIONAL_RE = re.compile(
    r"(?<![\w+])"
    # Danish with country code: +45 / 0045 / (+45), then 8 digits in any grouping.
    r"(?:(?:\(?(?:\+|00)[ ]?45\)?[ \-]?)(?:\d" + _SEP + r"?){7}\d"
    r"|"
    # International: + or 00, country code and 6-14 more digits, spaces allowed.
    r"(?:\+|00)\d{1,3}(?:[ \-]?\d){6,14})"
    r"(?!\d)"
)

_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _classify_digits(run: Text) -> Optional[Text]:
    """CPR, PHONE or None for one run of digit groups (see _DIGIT_RUN_RE)."""
    groups = re.findall(r"\d+", run)
    seps = re.findall(r"\D+", run)
    digits = "".join(groups)
    sizes = [len(g) for g in groups]
    kinds = {sep.strip() or " " for sep in seps}
    # Thousands separators: 1.000.000, 12.345.678 (amounts, never redacted).
    if "." in kinds and len(groups) > 1 and all(size == 3 for size in sizes[1:]) and sizes[0] <= 3:
        return None
    if len(digits) == 10:
        # Years listed or a range ("2009 2010 11") are not CPR numbers; anything
        # else with ten digits is treated as one (mistyped CPR numbers too).
        if len(groups) >= 2 and all(_YEAR.match(g) for g in groups[:2]):
            return None
        return CPR
    if len(digits) == 12 and sizes == [2, 2, 4, 4]:
        return CPR  # DD.MM.ÅÅÅÅ-SSSS
    if len(digits) == 8:
        return _classify_eight_digits(groups, sizes, kinds)
    if len(digits) == 9 and sizes == [2, 2, 2, 3]:
        return PHONE  # "12 34 56 789": a phone number with one digit too many
    return None


def _classify_eight_digits(groups: List[Text], sizes: List[int], kinds: Set[Text]) -> Optional[Text]:
    """PHONE, unless two years ("2009 2010", "2013-2014"), a date ("01.01.2013",
    "2013-01-01") or two times ("10.30-12.30")."""
    if len(groups) == 2 and all(_YEAR.match(g) for g in groups):
        return None
    if sizes == [2, 2, 4] and len(kinds) == 1 and kinds != {" "}:
        return None
    if sizes == [4, 2, 2] and len(kinds) == 1 and _YEAR.match(groups[0]):
        return None
    # Two times use two kinds of separator; a phone number one.
    if len(kinds) > 1 and sizes == [2, 2, 2, 2]:
        return None
    return PHONE


def _replace_digit_runs(text: Text, found: Counter) -> Text:
    def replace(match: "re.Match[str]") -> Text:
        run = match.group(0)
        kind = _classify_digits(run)
        if kind is None:
            return run
        found[kind] += 1
        return PLACEHOLDERS[kind]

    return _DIGIT_RUN_RE.sub(replace, text)


# E-mail first (an address may contain digits), then numbers with a country
# code, then every other run of digits.
_PATTERNS = ((EMAIL, _EMAIL_RE), (PHONE, _PHONE_INTERNATIONAL_RE))


def redact(text: Text, names: bool = True) -> Tuple[Text, Counter]:
    """Replace every CPR number, phone number and e-mail address in `text`,
    and (unless `names` is False) personal names and street addresses.

    Returns the redacted text and how many of each kind were replaced.
    """
    found: Counter = Counter()
    # NFKC folds full-width digits and dashes into ASCII, so they are caught too.
    text = unicodedata.normalize("NFKC", text)
    for kind, pattern in _PATTERNS:
        text, count = pattern.subn(PLACEHOLDERS[kind], text)
        if count:
            found[kind] += count
    text = _replace_digit_runs(text, found)
    if names:
        from vidensassistent.integration.names import redact_names

        text = redact_names(text, found)
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
    return bool(redact(text)[1])
