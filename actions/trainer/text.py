"""Text matching shared by the quiz and the guided tour (typed answers, "spring til …")."""

from __future__ import annotations

import re
from typing import Iterable, Text

# Users type Danish letters as ae/oe/aa, or leave them out, so both spellings match.
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"})


def normalize(text: Text) -> Text:
    """Lower-case, Danish letters spelled out, no thousands separators, punctuation to spaces."""
    text = (text or "").lower().translate(_DANISH)
    # thousands separators: "50.000" and "50 000" are both "50000"
    text = re.sub(r"(?<=\d)[. ](?=\d{3}(?!\d))", "", text)
    text = re.sub(r"[^\w§%]+", " ", text)
    return " ".join(text.split())


# Danish definite and plural endings: "definitionen", "initiativerne", "lovgivningen".
_ENDINGS = r"(?:en|et|n|ne|er|erne)?"


def contains_phrase(text: Text, phrase: Text) -> bool:
    """Whether `phrase` occurs in `text` as whole words, allowing a Danish ending (both normalized)."""
    needle = normalize(phrase)
    pattern = rf"(?<!\w){re.escape(needle)}{_ENDINGS}(?!\w)"
    return bool(needle) and re.search(pattern, normalize(text)) is not None


def contains_any(text: Text, phrases: Iterable[Text]) -> bool:
    return any(contains_phrase(text, phrase) for phrase in phrases)
