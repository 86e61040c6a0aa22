"""The word lists behind vidensassistent.integration.names, built once per process.

Faker's first names and surnames (24 Latin-alphabet locales, 3 transliterated Cyrillic
ones), Faker's Danish towns and countries, spaCy's Danish and English word forms
(spacy-lookups-data), and the project's own additions in data/knowledge/privacy.yml.
Everything comes from installed packages; nothing is downloaded.
"""

from __future__ import annotations

import functools
import gzip
import importlib
import importlib.util
import json
import re
import unicodedata
from pathlib import Path
from typing import Callable, FrozenSet, Iterable, List, Sequence, Set, Text, Tuple

import yaml

from vidensassistent.settings import DATA_DIR

KNOWLEDGE = DATA_DIR / "knowledge" / "privacy.yml"

# Faker locales whose names are in the Latin alphabet (or transliterated below).
_LATIN_LOCALES = (
    "da_DK",
    "no_NO",
    "sv_SE",
    "fi_FI",
    "de_DE",
    "nl_NL",
    "en_GB",
    "en_US",
    "fr_FR",
    "es_ES",
    "it_IT",
    "pt_BR",
    "pl_PL",
    "cs_CZ",
    "sk_SK",
    "hr_HR",
    "hu_HU",
    "ro_RO",
    "lt_LT",
    "tr_TR",
    "en_TH",
    "en_NG",
    "yo_NG",
    "en_IN",
)
_CYRILLIC_LOCALES = ("uk_UA", "ru_RU", "bg_BG")
_CYRILLIC = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщъьюяыэё",
        [
            "a",
            "b",
            "v",
            "h",
            "g",
            "d",
            "e",
            "ye",
            "zh",
            "z",
            "y",
            "i",
            "yi",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "",
            "yu",
            "ya",
            "y",
            "e",
            "yo",
        ],
    )
)
# Surname endings in the languages caseworkers meet most (Danish, Polish, Romanian,
# Ukrainian, Baltic, Balkan, Swedish).
_SURNAME_ENDING = re.compile(
    r"(?:sen|søn|ssen|sson|gaard|gård|ska|ski|sky|cka|cki|owa|ová|escu|eanu|enko|chuk|czuk"
    r"|ovic|ović|evic|ević|ova|eva|ienė|aitė|ytė|auskas|evičius|ovich|ovna|dottir|dóttir)$"
)


def _fold(word: Text) -> Text:
    return unicodedata.normalize("NFC", word).casefold().replace("’", "'")


def _transliterate(name: Text) -> Text:
    return "".join(_CYRILLIC.get(ch, ch) for ch in name.lower())


class Lexicon:
    """The word lists, built once per process."""

    def __init__(self) -> None:
        config = yaml.safe_load(KNOWLEDGE.read_text(encoding="utf-8"))
        first, last = _faker_names()
        first |= {_fold(n) for n in config.get("extra_first_names") or []}
        address = importlib.import_module("faker.providers.address.da_DK").Provider
        # Faker's Danish towns and the note's (Aarhus, Kbh, …), for "8000 Aarhus C".
        self.towns: FrozenSet[Text] = frozenset(
            {_fold(t) for t in address.cities} | {"aarhus", "århus", "københavn", "kbh", "odense", "aalborg"}
        )
        danish = _danish_words()
        # Name words that are also ordinary Danish words ("hans", "bo", "per", "skov"):
        # they count only next to another name word or after a cue.
        self.ambiguous: FrozenSet[Text] = frozenset(w for w in first | last if w in danish)
        self.first: FrozenSet[Text] = frozenset(first)
        self.last: FrozenSet[Text] = frozenset(last)
        # Capitalised words that are Danish words are not taken for a surname
        # after a first name unless they are known surnames.
        self.danish = danish
        self.english = _english_words()
        self.english_function_words = _english_stop_words()
        self.protected = _protected_patterns(list(config["protected"]) + sorted(_countries()))
        self.protected_words = frozenset(_fold(w) for p in config["protected"] for w in p.split())
        self.strong_cues = _phrases(config["cues"]["strong"])
        self.weak_cues = _phrases(config["cues"]["weak"])
        self.address_cues = _phrases(config["address_cues"])
        suffixes = sorted(set(config["street_suffixes"]), key=len, reverse=True)
        self.street_words = frozenset(_fold(w) for w in suffixes)
        self.street_re = re.compile(r"(?:" + "|".join(map(re.escape, suffixes)) + r")$")

    def is_first(self, word: Text) -> bool:
        return all(part in self.first for part in _fold(word).split("-"))

    def is_last(self, word: Text) -> bool:
        folded = _fold(word)
        if all(part in self.last for part in folded.split("-")):
            return True
        return word[:1].isupper() and bool(_SURNAME_ENDING.search(folded)) and folded not in self.danish

    def is_name_word(self, word: Text) -> bool:
        return self.is_first(word) or self.is_last(word)

    def is_common(self, word: Text) -> bool:
        return _fold(word) in self.danish

    def is_street(self, word: Text, after_capitalised: bool = False) -> bool:
        folded = _fold(word)
        if after_capitalised and word[:1].isupper() and folded in self.street_words:
            return True  # "Nørre Allé", "Frederiksberg Allé", "H.C. Andersens Boulevard"
        return len(folded) > 4 and bool(self.street_re.search(folded))


def _faker_names() -> Tuple[Set[Text], Set[Text]]:
    """First names and surnames of Faker's person providers (Cyrillic transliterated)."""
    first: Set[Text] = set()
    last: Set[Text] = set()
    for locale in _LATIN_LOCALES + _CYRILLIC_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        convert = _transliterate if locale in _CYRILLIC_LOCALES else (lambda n: n)
        for attribute in dir(provider):
            target = (
                first
                if attribute.startswith("first_names")
                else (last if attribute.startswith("last_names") else None)
            )
            values = getattr(provider, attribute)
            if isinstance(values, dict):
                values = list(values)
            if target is None or not isinstance(values, (list, tuple)):
                continue
            target.update(_name_parts(values, convert))
    return first, last


def _name_parts(values: Iterable[object], convert: Callable[[Text], Text]) -> Iterable[Text]:
    for value in values:
        for part in re.split(r"[\s]+", str(value)):
            part = _fold(convert(part)).strip(".")
            if len(part) >= 2 and part.replace("-", "").replace("'", "").isalpha():
                yield part


def _countries() -> Set[Text]:
    """Countries (Danish and English spellings) are places, not people: "New Zealand"."""
    countries: Set[Text] = set()
    for locale in ("da_DK", "en_US"):
        countries |= set(importlib.import_module(f"faker.providers.address.{locale}").Provider.countries)
    return countries


def _protected_patterns(phrases: Sequence[Text]) -> List["re.Pattern[str]"]:
    return [
        re.compile(
            r"(?<![\w\[])" + r"\s+".join(map(re.escape, p.split())) + r"s?(?![\w\]])(?!\s*\d)", re.IGNORECASE
        )
        for p in sorted(phrases, key=len, reverse=True)
    ]


def _phrases(items: Sequence[Text]) -> List[Tuple[Text, ...]]:
    return sorted({tuple(_fold(w) for w in item.split()) for item in items}, key=len, reverse=True)


class _WordSet:
    """Membership of ~550,000 Danish word forms in 4 MB: sorted 64-bit hashes.

    (A Python set of the strings took 135 MB in every Rasa process.)
    """

    def __init__(self, words: Iterable[Text]) -> None:
        import numpy as np

        self._np = np
        self._hashes = np.unique(np.fromiter(map(_hash64, words), dtype=np.uint64))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        key = self._np.uint64(_hash64(word))
        index = int(self._np.searchsorted(self._hashes, key))
        return index < len(self._hashes) and self._hashes[index] == key


def _hash64(word: Text) -> int:
    # Python's string hash: fast, and the same for building and looking up in one process.
    return hash(word) & 0xFFFFFFFFFFFFFFFF


def _english_words() -> _WordSet:
    """English word forms (spacy-lookups-data): "Housing First" is not a person."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return _WordSet(re.findall(r'"([^"\\]*)"', _fold(handle.read())))


def _english_stop_words() -> FrozenSet[Text]:
    """English function words (spaCy's stop words): "Our foster child …" opens no name."""
    stop = Path(importlib.util.find_spec("spacy").origin).parent / "lang" / "en" / "stop_words.py"
    return frozenset(_fold(w) for w in re.findall(r"[^\W\d_]+", stop.read_text(encoding="utf-8")))


def _danish_words() -> _WordSet:
    """Danish word forms: spaCy's lemma lookup table (spacy-lookups-data) and stop words."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "da_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        raw = handle.read()
    stop = Path(importlib.util.find_spec("spacy").origin).parent / "lang" / "da" / "stop_words.py"

    # Every string of the JSON object, keys and values alike; folded all at once.
    raw = _fold(raw)
    words = re.findall(r'"([^"\\]*)"', raw)
    words += [_fold(json.loads(f'"{w}"')) for w in re.findall(r'"((?:[^"\\]|\\.)*\\(?:[^"\\]|\\.)*)"', raw)]
    words += [_fold(w) for w in re.findall(r"[^\W\d_]+", stop.read_text(encoding="utf-8"))]
    return _WordSet(words)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()
