"""Deterministic cues in a message: safety (minor, coercion), a referral request,
and words of the note's domain. Patterns live in data/knowledge/cues.yml.

Pure functions without Rasa imports: the NLU component (vidensassistent.components.cue_detector)
and the actions use the same code, and the tests call it directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Pattern, Text, Tuple

import yaml

from vidensassistent.settings import DATA_DIR

CUES_FILE = DATA_DIR / "knowledge" / "cues.yml"
ADULT_AGE = 18
MINOR = "minor"
COERCION = "coercion"
# Placeholders the redaction puts in place of CPR numbers, phones, e-mails, names and
# addresses (vidensassistent/integration/privacy.py, "[telefonnummer]", "[navn]"): their words must not
# steer anything. Any short bracketed word counts; users do not type brackets.
PLACEHOLDER_RE = re.compile(r"\[[A-ZÆØÅa-zæøå -]{2,30}\]")


@dataclass(frozen=True)
class Cues:
    """What the deterministic patterns found in one message."""

    safety: Tuple[Text, ...] = ()
    referral: bool = False
    # a question whether a named offer fits the citizen described
    eligibility: bool = False
    domain: bool = False
    # The matched words, for the logs and for tests that explain a miss.
    evidence: Dict[Text, Text] = field(default_factory=dict)

    def as_dict(self) -> Dict[Text, object]:
        return {
            "safety": list(self.safety),
            "referral": self.referral,
            "eligibility": self.eligibility,
            "domain": self.domain,
        }


@dataclass(frozen=True)
class CuePatterns:
    age_number_first: Tuple[Pattern[str], ...]
    age_subject_first: Tuple[Pattern[str], ...]
    age_exclude_before: Pattern[str]
    birth_year: Pattern[str]
    minor: Tuple[Pattern[str], ...]
    minor_weak: Tuple[Pattern[str], ...]
    minor_context_exclude: Pattern[str]
    minor_school: Tuple[Pattern[str], ...]
    paid_sex_context: Pattern[str]
    paid_sex_done: Pattern[str]
    minor_exclude: Pattern[str]
    coercion: Tuple[Pattern[str], ...]
    negation_before: Pattern[str]
    referral: Tuple[Pattern[str], ...]
    eligibility: Tuple[Pattern[str], ...]
    domain: Tuple[Pattern[str], ...]
    followup_generic: frozenset = frozenset()
    followup_why: frozenset = frozenset()
    followup_empty_question: frozenset = frozenset()
    followup_continuation: Tuple[Text, ...] = ()
    followup_offer_words: frozenset = frozenset()
    followup_offer_topics: frozenset = frozenset()
    followup_form_words: frozenset = frozenset()
    followup_form_topics: frozenset = frozenset()
    followup_list_items: Dict[Text, Tuple[Text, ...]] = field(default_factory=dict)
    followup_ordinals: Dict[Text, int] = field(default_factory=dict)


def _compile(patterns: List[Text]) -> Tuple[Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def parse_patterns(raw: Dict) -> CuePatterns:
    safety = raw["safety"]
    return CuePatterns(
        age_number_first=_compile(safety["age_number_first"]),
        age_subject_first=_compile(safety["age_subject_first"]),
        age_exclude_before=re.compile(safety["age_exclude_before"], re.IGNORECASE),
        birth_year=re.compile(safety["birth_year"], re.IGNORECASE),
        minor=_compile(safety["minor_patterns"]),
        minor_weak=_compile(safety["minor_weak_patterns"]),
        minor_context_exclude=re.compile(safety["minor_context_exclude"], re.IGNORECASE),
        minor_school=_compile(safety["minor_school_patterns"]),
        paid_sex_context=re.compile(safety["paid_sex_context"], re.IGNORECASE),
        paid_sex_done=re.compile(safety["paid_sex_done"], re.IGNORECASE),
        minor_exclude=re.compile(safety["minor_exclude"], re.IGNORECASE),
        coercion=_compile(safety["coercion_patterns"]),
        negation_before=re.compile(safety["negation_before"], re.IGNORECASE),
        referral=_compile(raw["referral"]["request_patterns"]),
        eligibility=_compile(raw["referral"]["eligibility_patterns"]),
        domain=_compile(raw["domain"]["patterns"]),
        followup_generic=frozenset(raw["followup"]["generic_words"]),
        followup_why=frozenset(raw["followup"]["why_words"]),
        followup_empty_question=frozenset(raw["followup"]["empty_question_words"]),
        followup_continuation=tuple(raw["followup"]["continuation_starts"]),
        followup_offer_words=frozenset(raw["followup"]["offer_words"]),
        followup_offer_topics=frozenset(raw["followup"]["offer_topics"]),
        followup_form_words=frozenset(raw["followup"]["form_words"]),
        followup_form_topics=frozenset(raw["followup"]["form_topics"]),
        followup_list_items={k: tuple(v) for k, v in raw["followup"]["list_items"].items()},
        followup_ordinals={str(k): int(v) for k, v in raw["followup"]["ordinals"].items()},
    )


@lru_cache(maxsize=4)
def load_patterns(path: Path = CUES_FILE) -> CuePatterns:
    with open(path, encoding="utf-8") as handle:
        return parse_patterns(yaml.safe_load(handle))


def is_generic_followup(text: Text, patterns: Optional[CuePatterns] = None) -> bool:
    """A message made only of question and pointing words ("kilde?", "hvorfor ikke?",
    "hvor mange?", "uddyb det"): it names no topic, so it asks about the answer before."""
    words = _words(text)
    generic = (patterns or load_patterns()).followup_generic
    return bool(words) and all(word in generic for word in words)


def starts_as_continuation(text: Text, patterns: Optional[CuePatterns] = None) -> bool:
    """The message opens like a follow-up ("og …", "hvad så med …", "gælder det også …")."""
    words = " ".join(_words(text))
    return any(
        words == start or words.startswith(start + " ")
        for start in (patterns or load_patterns()).followup_continuation
    )


def asks_why(text: Text, patterns: Optional[CuePatterns] = None) -> bool:
    """A follow-up asking why ("hvorfor ikke?", "why?"): followup.why_words."""
    return bool((patterns or load_patterns()).followup_why & set(_words(text)))


def _words(text: Text) -> List[Text]:
    return re.findall(r"\w+", strip_placeholders(text).lower())


def is_offer_followup(text: Text, context_topic: Text, patterns: Optional[CuePatterns] = None) -> bool:
    """After an answer on one of the four offers, a short message of question words and
    who/where/what words ("og mænd?", "også udlændinge?", "i aalborg?") asks whether the
    same offer covers them (the offer's answer names its target group and cities)."""
    patterns = patterns or load_patterns()
    return _short_followup(
        text, context_topic, patterns.followup_offer_topics, patterns.followup_offer_words, patterns
    )


def is_form_followup(text: Text, context_topic: Text, patterns: Optional[CuePatterns] = None) -> bool:
    """After an answer with figures for each form of prostitution (mental health, drugs,
    violence, …), a short message of question words and forms ("og dem på gaden?", "og på
    klinik?") asks for the same figures for that form, which that answer holds."""
    patterns = patterns or load_patterns()
    return _short_followup(
        text, context_topic, patterns.followup_form_topics, patterns.followup_form_words, patterns
    )


def list_item_followup(
    text: Text, context_topic: Text, patterns: Optional[CuePatterns] = None
) -> Optional[Text]:
    """After an answer that lists other topics (the four offers, the three drivers, …), a
    short message that points at one by its place ("fortæl mere om den første", "uddyb nr
    2", "og den sidste?") asks for that topic; None when it points at none. (Only short
    messages get here: actions.faq.logic.is_followup.)"""
    patterns = patterns or load_patterns()
    items = patterns.followup_list_items.get(context_topic)
    words = _words(text)
    if not items or not words:
        return None
    places = {patterns.followup_ordinals[w] for w in words if w in patterns.followup_ordinals}
    if len(places) != 1 or not all(
        w in patterns.followup_generic or w in patterns.followup_ordinals for w in words
    ):
        return None
    place = places.pop()
    if place > len(items):
        return None
    return items[-1] if place == -1 else items[place - 1]


def _short_followup(
    text: Text, context_topic: Text, topics: frozenset, words_allowed: frozenset, patterns: CuePatterns
) -> bool:
    """At most five words, each a generic follow-up word or one of `words_allowed`, after
    an answer on one of `topics`."""
    if context_topic not in topics:
        return False
    words = _words(text)
    allowed = patterns.followup_generic | words_allowed
    return bool(words) and len(words) <= 5 and all(word in allowed for word in words)


def strip_placeholders(text: Text) -> Text:
    return PLACEHOLDER_RE.sub(" ", text or "")


def _first(patterns: Tuple[Pattern[str], ...], text: Text) -> Optional[Text]:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return match.group(0)
    return None


def _first_affirmed(
    patterns: Tuple[Pattern[str], ...], text: Text, negation_before: Pattern[str]
) -> Optional[Text]:
    """The first match not negated just before it ("aldrig været tvunget")."""
    for pattern in patterns:
        for match in pattern.finditer(text):
            if not negation_before.search(text[: match.start()]):
                return match.group(0)
    return None


def _minor_birth_year(text: Text, patterns: CuePatterns, year: Optional[int]) -> Optional[Text]:
    born = patterns.birth_year.search(text)
    if not born:
        return None
    birth = int(next(g for g in born.groups() if g))
    if birth < 100:  # "f. 09": two digits are this century (the note's readers are adults)
        birth += 2000
    return born.group(0) if 0 <= (year or date.today().year) - birth < ADULT_AGE else None


def _minor_number_first(text: Text, patterns: CuePatterns) -> Optional[Text]:
    for pattern in patterns.age_number_first:
        for match in pattern.finditer(text):
            if int(match.group("age")) >= ADULT_AGE:
                continue
            if patterns.age_exclude_before.search(text[: match.start("age")]):
                continue
            return match.group(0)
    return None


def minor_age(text: Text, patterns: CuePatterns, year: Optional[int] = None) -> Optional[Text]:
    """An age under 18 written as a number ("16 år", "16-årig", "hun er 15", "født i
    2010"), not a duration ("i 17 år") or a past age ("som 17-årig")."""
    born = _minor_birth_year(text, patterns, year)
    if born:
        return born
    for pattern in patterns.age_subject_first:
        for match in pattern.finditer(text):
            if int(match.group("age")) < ADULT_AGE:
                return match.group(0)
    return _minor_number_first(text, patterns)


def detect(text: Text, patterns: Optional[CuePatterns] = None) -> Cues:
    """All cues of one message."""
    patterns = patterns or load_patterns()
    clean = strip_placeholders(text)
    evidence: Dict[Text, Text] = {}
    safety: List[Text] = []

    # " ; " (not a space) so an age pattern cannot run across the removed words
    about_child = patterns.minor_context_exclude.sub(" ; ", clean)
    minor = minor_age(about_child, patterns) or _first(patterns.minor, about_child)
    prevention = bool(patterns.minor_exclude.search(clean))
    if (
        minor is None
        and patterns.paid_sex_context.search(clean)
        and (not prevention or patterns.paid_sex_done.search(clean))
    ):
        minor = _first(patterns.minor_school, about_child)
    if minor is None and not prevention:
        minor = _first(patterns.minor_weak, about_child)
    if minor:
        safety.append(MINOR)
        evidence[MINOR] = minor
    coerced = _first_affirmed(patterns.coercion, clean, patterns.negation_before)
    if coerced:
        safety.append(COERCION)
        evidence[COERCION] = coerced
    referral = _first(patterns.referral, clean)
    if referral:
        evidence["referral"] = referral
    eligibility = _first(patterns.eligibility, clean)
    if eligibility:
        evidence["eligibility"] = eligibility
    # "som ikke sælger sex", "intet med prostitution at gøre": another group, not the note's
    domain = _first_affirmed(patterns.domain, clean, patterns.negation_before)
    if domain:
        evidence["domain"] = domain
    return Cues(
        safety=tuple(safety),
        referral=bool(referral),
        eligibility=bool(eligibility),
        domain=bool(domain),
        evidence=evidence,
    )


_ENGLISH_WORDS = frozenset(
    "the what which who where when why how is are does do did can could should would "
    "about many much of for to in on with and or a an it this that there their they "
    "she he her his municipality municipalities note social people women men sex work "
    "legal law any according workers prostitutes street problems common abuse level".split()
)
# Words that are everyday Danish too ("sex for penge", "men hvad", "her i kommunen",
# "en note") count half.
_SHARED_WORDS = frozenset("for sex men her social legal to is note".split())
_DANISH_WORDS = frozenset(
    "og er det at en et hvad hvor hvem hvordan hvilke hvilken der som jeg vi hun han "
    "ikke med til på af om kan skal må har hvis når".split()
)


def is_english(text: Text) -> bool:
    """A message written in English (the assistant answers in Danish, and says so)."""
    words = re.findall(r"[a-zæøå]+", (text or "").lower())
    english = sum((0.5 if w in _SHARED_WORDS else 1.0) for w in words if w in _ENGLISH_WORDS)
    danish = sum(w in _DANISH_WORDS for w in words)
    return english >= 2 and english > 2 * danish


# A question ends at "?"; what follows must itself be a question of a few words.
_QUESTION_END = re.compile(r"\?+\s+")
MIN_PART_WORDS = 3
MAX_PARTS = 2


def question_parts(text: Text) -> List[Text]:
    """The separate questions of a message with two questions in it ("Hvad er
    rufferi? Og skal hun betale skat?"); one question or a statement gives []."""
    pieces = [p.strip() for p in _QUESTION_END.split(strip_placeholders(text).strip()) if p.strip()]
    questions = [p for p in pieces if len(p.split()) >= MIN_PART_WORDS]
    if len(questions) < 2:
        return []
    # A case description before the questions belongs to the first one.
    return questions[-MAX_PARTS:]


# A case description is long; its question is the last sentence.
FOCUS_MIN_WORDS = 25
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def focus_question(text: Text) -> Optional[Text]:
    """The question at the end of a long case description ("En 29-årig kvinde …
    Er det ulovligt?"), or None for a short message or one without a final question."""
    clean = strip_placeholders(text).strip()
    if len(clean.split()) < FOCUS_MIN_WORDS or "?" not in clean:
        return None
    sentences = [s.strip() for s in _SENTENCE_END.split(clean) if s.strip()]
    questions = [i for i, s in enumerate(sentences) if "?" in s]
    if not questions:
        return None
    last = sentences[questions[-1]]
    if questions[-1] > 0 and _names_no_subject(last):
        # "… om det ser anderledes ud på klinik. Hvad siger notatet?": the sentence before
        last = f"{sentences[questions[-1] - 1]} {last}"
    return last if len(last.split()) >= MIN_PART_WORDS and last != clean else None


def _names_no_subject(question: Text, patterns: Optional[CuePatterns] = None) -> bool:
    patterns = patterns or load_patterns()
    empty = patterns.followup_generic | patterns.followup_empty_question
    return all(word in empty for word in _words(question))
