"""Find personal names and Danish street addresses in a message.

Caseworkers describe a citizen ("borgeren Mette Hansen, Vestergade 12, 2. tv.");
the names and addresses are replaced like CPR numbers (vidensassistent.integration.privacy)
before NLU, the tracker store or a log see the message.

Why not Presidio or a NER model: Presidio's recognizers for names rely on a
spaCy NER model (none for Danish can be installed here without a download at
run time, and the project's spaCy pipeline is a blank one), and its pattern and
deny-list recognizers are the same thing as the rules below. The rules are:

- Name lists: first names and surnames of Faker's locales (MIT licence, a
  maintained registry package): Danish, the Nordic and other European
  languages, English, and romanised Thai and Nigerian names; Cyrillic lists
  (Ukrainian, Russian, Bulgarian) are transliterated. Surnames also by their
  endings (-sen, -søn, -gaard, -ska, -escu, -enko, …).
- A name is a known first name followed by further name words ("Mette Hansen",
  "anne-marie jensen"), a single capitalised first name that is not a Danish
  word ("Kan Mette få hjælp?"), or any words after a strong cue ("hun hedder
  …", "navnet er …") and known name words after a weak one ("borgeren …").
- An address is a street (a word ending in -vej, -gade, -allé, …) with a house
  number, floor and side, and postcode; or a street after "bor på"/"adresse".
- Never redacted: the note's own names and the towns (data/knowledge/privacy.yml,
  Faker's Danish towns), and words that are ordinary Danish words (spaCy's
  Danish lemma table) unless they follow a first name or a cue.

The word lists are built once per process from installed packages, nothing
downloaded (vidensassistent.integration.names_lexicon).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import List, Optional, Set, Text, Tuple

from vidensassistent.integration.names_lexicon import Lexicon, _fold, lexicon

__all__ = ["ADDRESS", "NAME", "Lexicon", "lexicon", "redact_names"]

NAME = "name"
ADDRESS = "address"

# Words (letters, with inner hyphens and apostrophes), placeholders like
# [CPR-nummer], and numbers.
_TOKEN_RE = re.compile(r"\[[^\]\n]{1,40}\]|[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+[A-Za-z]?\b|\S")

PLACEHOLDER_NAME = "[navn]"
PLACEHOLDER_ADDRESS = "[adresse]"


class _Token:
    __slots__ = ("text", "start", "end", "sentence_start")

    def __init__(self, text: Text, start: int, end: int, sentence_start: bool) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.sentence_start = sentence_start

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def _tokens(text: Text) -> List[_Token]:
    tokens: List[_Token] = []
    sentence_start = True
    for match in _TOKEN_RE.finditer(text):
        word = match.group(0)
        tokens.append(_Token(word, match.start(), match.end(), sentence_start))
        if word in (".", "!", "?", ":", ";", '"', "(", "-", "–", "»", "«") or word.startswith("["):
            sentence_start = True
        elif word != ",":
            sentence_start = False
    return tokens


def _cue_at(tokens: List[_Token], i: int, cues: List[Tuple[Text, ...]]) -> int:
    """Length of a cue phrase that ends just before token i (0 if none)."""
    for cue in cues:
        n = len(cue)
        if i - n < 0:
            continue
        words = [_fold(t.text) for t in tokens[i - n : i]]
        if tuple(words) == cue or (cue[-1].endswith(".") and tuple(words) == cue[:-1] + (cue[-1][:-1],)):
            return n
    return 0


def _find_names(tokens: List[_Token], lex: Lexicon, protected: Set[int]) -> List[Tuple[int, int]]:
    """Token index ranges [i, j) that are personal names."""
    spans: List[Tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].is_word or i in protected or not _starts_name(tokens, i, lex, protected):
            i += 1
            continue
        j = _name_end(tokens, i, lex, protected)
        spans.append((i, j))
        i = j
    return spans


def _starts_name(tokens: List[_Token], i: int, lex: Lexicon, protected: Set[int]) -> bool:
    """Whether word token i begins a personal name."""
    token = tokens[i]
    word = token.text
    # "hr. Knudsen": the "." is a token of its own.
    cue_end = i - 1 if i >= 1 and tokens[i - 1].text == "." else i
    strong = _cue_at(tokens, i, lex.strong_cues) or _cue_at(tokens, cue_end, lex.strong_cues)
    weak = _cue_at(tokens, i, lex.weak_cues)
    if strong and (lex.is_name_word(word) or token.capitalised or not lex.is_common(word)):
        return True
    if weak and lex.is_name_word(word) and (token.capitalised or word.lower() not in lex.ambiguous):
        return not lex.is_common(word) or _next_is_name(tokens, i, lex, protected)
    if (
        _unknown_capitalised(token, lex)
        and _next_is_name(tokens, i, lex, protected)
        and (not token.sentence_start or lex.is_last(tokens[i + 1].text) or weak)
        and not (token.sentence_start and _fold(word) in lex.english_function_words)
    ):
        return True  # "Precious Okonkwo", "Siriporn Chaiyaporn": two unknown capitalised words
    if lex.is_first(word) and _fold(word) not in lex.protected_words:
        if _next_is_name(tokens, i, lex, protected):
            return True
        ambiguous = _fold(word) in lex.ambiguous or lex.is_common(word)
        return token.capitalised and not ambiguous and not (token.sentence_start and _fold(word) in lex.towns)
    return False


def _name_end(tokens: List[_Token], start: int, lex: Lexicon, protected: Set[int]) -> int:
    """End (exclusive) of the name that starts at token `start`: at most four words."""
    j = start + 1
    while j < len(tokens) and j - start < 4 and j not in protected:
        nxt = tokens[j]
        if not nxt.is_word:
            break
        if lex.is_name_word(nxt.text) and (
            nxt.capitalised or not lex.is_common(nxt.text) or lex.is_last(nxt.text)
        ):
            j += 1
        elif nxt.capitalised and not lex.is_common(nxt.text) and _fold(nxt.text) not in lex.towns:
            j += 1
        else:
            break
    return j


def _unknown_capitalised(token: _Token, lex: Lexicon) -> bool:
    folded = _fold(token.text)
    return (
        token.capitalised
        and len(folded) > 1
        and not lex.is_common(token.text)
        and folded not in lex.towns
        and folded not in lex.protected_words
        and not _ACRONYM.search(token.text)
    )


_ACRONYM = re.compile(r"[A-ZÆØÅ]{2}")


def _next_is_name(tokens: List[_Token], i: int, lex: Lexicon, protected: Set[int]) -> bool:
    """Token i+1 is a surname or middle name (so token i starts a full name)."""
    j = i + 1
    if j >= len(tokens) or j in protected or not tokens[j].is_word:
        return False
    nxt = tokens[j]
    if lex.is_last(nxt.text):
        return nxt.capitalised or _fold(nxt.text) not in lex.ambiguous or tokens[i].capitalised
    if nxt.capitalised and lex.is_first(nxt.text) and not lex.is_common(nxt.text):
        return True
    if (
        nxt.capitalised
        and tokens[i].capitalised
        and not lex.is_common(nxt.text)
        and _fold(nxt.text) not in lex.towns
        and not _ACRONYM.search(nxt.text)
    ):
        # Two capitalised words: a name unless both are English ("Housing First").
        return not (_fold(tokens[i].text) in lex.english and _fold(nxt.text) in lex.english)
    return False


_FLOOR_RE = re.compile(
    r"\s*,?\s*(?:(?:st|kl|k|stuen|kælder(?:en)?|\d{1,2})\s*\.?\s*(?:sal\s*\.?)?\s*,?\s*"
    r"(?:(?:th|tv|mf|t\.h|t\.v)\b\.?|(?:til\s+)?(?:højre|venstre))?|(?:th|tv|mf)\b\.?)",
    re.IGNORECASE,
)
# The postcode after an address; the town after it stays (the referral needs it).
_POSTCODE_RE = re.compile(r"\s*,?\s*(?:DK-?)?\d{4}\b")
_NUMBER_RE = re.compile(r"\s*(?:nr\.?\s*)?\d{1,4}\s?[A-Za-z]?\b")


def _find_addresses(text: Text, tokens: List[_Token], lex: Lexicon) -> List[Tuple[int, int]]:
    """Character ranges of street addresses."""
    spans: List[Tuple[int, int]] = []
    for i, token in enumerate(tokens):
        after_capitalised = i > 0 and tokens[i - 1].is_word and tokens[i - 1].capitalised
        if not token.is_word or not lex.is_street(token.text, after_capitalised):
            continue
        if (
            _fold(token.text) in lex.danish
            and not token.capitalised
            and not _NUMBER_RE.match(text, token.end)
        ):
            continue  # "haven", "marken": ordinary words unless a house number follows
        # Street names of several words: "Gammel Kongevej", "H C Andersens Boulevard".
        start_index = i
        while (
            start_index > 0
            and tokens[start_index - 1].is_word
            and tokens[start_index - 1].capitalised
            and not tokens[start_index - 1].sentence_start
            and i - start_index < 3
        ):
            start_index -= 1
        start = tokens[start_index].start
        end = token.end
        number = _NUMBER_RE.match(text, end)
        if number:
            end = number.end()
            floor = _FLOOR_RE.match(text, end)
            if floor and floor.group(0).strip(" ,"):
                end = floor.end()
            postcode = _POSTCODE_RE.match(text, end)
            if postcode:
                end = postcode.end()
        elif not _cue_at(tokens, start_index, lex.address_cues) or not token.capitalised:
            continue
        spans.append((start, end))
    return spans


def _find_postcodes(text: Text, lex: Lexicon) -> List[Tuple[int, int]]:
    """ "8000 Aarhus C" on its own: the postcode is part of an address, the town is not."""
    spans = []
    for match in re.finditer(r"(?<![\d.,])(?:DK-?)?([1-9]\d{3})\s+([A-ZÆØÅ][^\W\d_]+)", text):
        if _fold(match.group(2)) in lex.towns:
            spans.append((match.start(), match.start(1) + 4))
    return spans


def redact_names(text: Text, found: Optional[Counter] = None) -> Text:
    """Replace personal names with [navn] and addresses with [adresse]."""
    found = found if found is not None else Counter()
    if not any(ch.isalpha() for ch in text):
        return text
    lex = lexicon()
    tokens = _tokens(text)
    protected_chars = [m.span() for pattern in lex.protected for m in pattern.finditer(text)]
    protected = {
        k for k, t in enumerate(tokens) if any(s <= t.start and t.end <= e for s, e in protected_chars)
    }
    replacements: List[Tuple[int, int, Text, Text]] = []
    for start, end in _find_addresses(text, tokens, lex):
        replacements.append((start, end, PLACEHOLDER_ADDRESS, ADDRESS))
    for start, end in _find_postcodes(text, lex):
        replacements.append((start, end, "[postnummer]", ADDRESS))
    for i, j in _find_names(tokens, lex, protected):
        replacements.append((tokens[i].start, tokens[j - 1].end, PLACEHOLDER_NAME, NAME))
    # Longest first, then drop overlaps; replace from the end so offsets stay valid.
    replacements.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    kept: List[Tuple[int, int, Text, Text]] = []
    for item in replacements:
        if kept and item[0] < kept[-1][1]:
            continue
        kept.append(item)
    for start, end, placeholder, kind in reversed(kept):
        text = text[:start] + placeholder + text[end:]
        found[kind] += 1
    return text
