"""Quiz of trainer mode: question bank, selection, typed answers, scoring, summary.

The questions live in data/knowledge/quiz.yml. Conversation state is kept in
plain slot values (lists of ids and [id, correct] pairs) so the action server
stays stateless; `QuizState` converts between those values and this module.
"""

from __future__ import annotations

import difflib
import hashlib
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Text, Tuple

import yaml

from actions.trainer.text import contains_any, normalize
from vidensassistent.knowledge import KNOWLEDGE_DIR

LETTERS = "ABCD"
# A typed text that is this close to exactly one option counts as that option (typos).
FUZZY_CUTOFF = 0.8
# A typed fragment this long (or any number, "41 %") that occurs in exactly one
# option counts as that option.
MIN_FRAGMENT = 4

CHOICE = "choice"
STOP = "stop"
INVALID = "invalid"
# Starts like a question ("hvad er …", "fortæl om …"): not matched against the options
# by fragment or similarity, so "hvad er klinikprostitution?" never picks that option.
QUESTION = "question"
# A typed text counts as an attempt at an option (never as a question) when more
# than this share of its longer words are words of one option ("ledelse og kompetencer").
RESEMBLES_SHARE = 0.5


@dataclass(frozen=True)
class Question:
    id: Text
    area: Text
    section: Text
    text: Text
    options: Tuple[Text, ...]
    correct: int
    explanation: Text

    def letter(self, index: int) -> Text:
        return LETTERS[index]

    @property
    def correct_option(self) -> Text:
        return self.options[self.correct]

    @property
    def letters(self) -> Text:
        return LETTERS[: len(self.options)]


@dataclass(frozen=True)
class QuizBank:
    questions: Dict[Text, Question]
    area_keywords: Dict[Text, List[Text]]
    stop_words: List[Text]
    labels: Dict[Text, Text]
    default_length: int = 10
    question_words: Tuple[Text, ...] = ()

    def in_area(self, area: Optional[Text]) -> List[Question]:
        return [q for q in self.questions.values() if area is None or q.area == area]


@dataclass(frozen=True)
class Answer:
    kind: Text
    index: Optional[int] = None


def parse_quiz(raw: Dict[Text, Any]) -> QuizBank:
    questions = {}
    for entry in raw["questions"]:
        options = tuple(entry["options"])
        letter = str(entry["correct"]).strip().upper()
        if letter not in LETTERS[: len(options)]:
            raise ValueError(f"quiz question {entry['id']}: correct option {letter!r} is not an option")
        if entry["id"] in questions:
            raise ValueError(f"quiz question {entry['id']} defined twice")
        questions[entry["id"]] = Question(
            id=entry["id"],
            area=entry["area"],
            section=entry["section"],
            text=entry["question"],
            options=options,
            correct=LETTERS.index(letter),
            explanation=entry["explanation"],
        )
    return QuizBank(
        questions=questions,
        area_keywords={area: list(words) for area, words in raw.get("area_keywords", {}).items()},
        stop_words=list(raw.get("stop_words", [])),
        labels=dict(raw.get("labels", {})),
        default_length=int(raw.get("settings", {}).get("default_length", 10)),
        question_words=tuple(normalize(word) for word in raw.get("question_words", [])),
    )


@lru_cache(maxsize=1)
def load_quiz(path: Path = KNOWLEDGE_DIR / "quiz.yml") -> QuizBank:
    with open(path, encoding="utf-8") as handle:
        return parse_quiz(yaml.safe_load(handle))


def area_from_text(text: Text, bank: QuizBank) -> Optional[Text]:
    """The area a request such as "quiz om lovgivning" asks for, or None for the whole note."""
    for area, words in bank.area_keywords.items():
        if contains_any(text, words):
            return area
    return None


def quiz_seed(conversation_id: Text, quiz_number: int) -> int:
    """The random seed of one quiz: fixed by the conversation and how many quizzes it had.

    A quiz is thus reproducible (the same conversation id gives the same questions in the
    same order), while different conversations, and each new quiz in one, get other draws.
    """
    digest = hashlib.sha256(f"{conversation_id}/{quiz_number}".encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big")


def select_questions(
    bank: QuizBank,
    area: Optional[Text] = None,
    count: Optional[int] = None,
    seen: Iterable[Text] = (),
    rng: Optional[random.Random] = None,
) -> List[Text]:
    """Question ids for one quiz: no repeats, spread over areas, unseen questions first.

    Without an area the questions are dealt round-robin from the areas in random
    order, so ten questions cover all seven areas. Questions already `seen` earlier
    in the conversation are only used when the unseen ones run out.
    """
    rng = rng or random.Random()
    count = bank.default_length if count is None else count
    seen = set(seen)
    pool = bank.in_area(area)
    fresh = [q for q in pool if q.id not in seen]
    used = [q for q in pool if q.id in seen]
    ordered = _spread(fresh, rng) + _spread(used, rng)
    return [q.id for q in ordered[:count]]


def _spread(questions: Sequence[Question], rng: random.Random) -> List[Question]:
    by_area: Dict[Text, List[Question]] = {}
    for question in questions:
        by_area.setdefault(question.area, []).append(question)
    for group in by_area.values():
        rng.shuffle(group)
    areas = list(by_area)
    rng.shuffle(areas)
    dealt: List[Question] = []
    while any(by_area.values()):
        for area in areas:
            if by_area[area]:
                dealt.append(by_area[area].pop())
    return dealt


_PREFIX = r"(?:(?:svar(?:et)?(?: er)?|det er|det maa vaere|jeg siger|jeg tror|mulighed|option|nummer|nr)\s+)*"
_LETTER_ANSWER = re.compile(rf"^{_PREFIX}([a-d])$")
_NUMBER_ANSWER = re.compile(rf"^{_PREFIX}([1-4])$")


def interpret_answer(text: Text, question: Question, bank: QuizBank) -> Answer:
    """What a typed (or button) reply means: an option, stop, or not an answer."""
    typed = normalize(text)
    if not typed:
        return Answer(INVALID)
    if typed in {normalize(word) for word in bank.stop_words}:
        return Answer(STOP)

    for pattern in (_LETTER_ANSWER, _NUMBER_ANSWER):
        match = pattern.match(typed)
        if match:
            mark = match.group(1)
            index = int(mark) - 1 if mark.isdigit() else LETTERS.lower().index(mark)
            return Answer(CHOICE, index) if index < len(question.options) else Answer(INVALID)

    options = [normalize(option) for option in question.options]
    if typed in options:
        return Answer(CHOICE, options.index(typed))
    if looks_like_question(typed, bank):
        return Answer(QUESTION)
    return _partial_answer(typed, options)


def _partial_answer(typed: Text, options: List[Text]) -> Answer:
    """A fragment of exactly one option, or a typo close to exactly one (both normalized)."""
    if any(ch.isdigit() for ch in typed):
        # numbers as whole words: "41" is in "41 %", not in "141"
        containing = [i for i, option in enumerate(options) if re.search(rf"\b{re.escape(typed)}\b", option)]
    elif len(typed) >= MIN_FRAGMENT:
        # text anywhere: "klinik" picks "klinikprostitution"
        containing = [i for i, option in enumerate(options) if typed in option]
    else:
        containing = []
    if len(containing) == 1:
        return Answer(CHOICE, containing[0])
    close = difflib.get_close_matches(typed, options, n=2, cutoff=FUZZY_CUTOFF)
    if len(close) == 1:
        return Answer(CHOICE, options.index(close[0]))
    return Answer(INVALID)


def looks_like_question(text: Text, bank: QuizBank) -> bool:
    """Whether the text opens with a question word of quiz.yml ("hvad", "hvorfor", "fortæl")."""
    words = normalize(text).split()
    return bool(words) and words[0] in bank.question_words


def resembles_option(text: Text, question: Question) -> bool:
    """Whether most of the text's longer words are words of one option: a garbled
    answer, which must not be taken as a question (its answer could give the option away)."""
    typed = [word for word in normalize(text).split() if len(word) >= MIN_FRAGMENT]
    if not typed:
        return False
    for option in question.options:
        words = set(normalize(option).split())
        if sum(word in words for word in typed) / len(typed) > RESEMBLES_SHARE:
            return True
    return False


@dataclass
class QuizState:
    """The quiz in progress, as stored in the conversation's slots."""

    question_ids: List[Text] = field(default_factory=list)
    # One [question id, answered correctly] pair per answered question, in order.
    results: List[List[Any]] = field(default_factory=list)

    @classmethod
    def from_slots(
        cls, question_ids: Optional[List[Text]], results: Optional[List[List[Any]]]
    ) -> "QuizState":
        return cls(list(question_ids or []), [list(pair) for pair in results or []])

    @property
    def position(self) -> int:
        return len(self.results)

    @property
    def finished(self) -> bool:
        return self.position >= len(self.question_ids)

    def current(self, bank: QuizBank) -> Optional[Question]:
        if self.finished:
            return None
        return bank.questions.get(self.question_ids[self.position])

    def record(self, question: Question, index: int) -> bool:
        correct = index == question.correct
        self.results.append([question.id, correct])
        return correct

    @property
    def score(self) -> int:
        return sum(1 for _, correct in self.results if correct)


@dataclass(frozen=True)
class Summary:
    score: int
    answered: int
    total: int
    stopped: bool
    # Headings of the note behind the wrong answers, in the note's order.
    sections_to_reread: List[Text]


def summarize(state: QuizState, bank: QuizBank, section_order: Sequence[Text] = ()) -> Summary:
    wrong_sections = []
    for question_id, correct in state.results:
        question = bank.questions.get(question_id)
        if question and not correct and question.section not in wrong_sections:
            wrong_sections.append(question.section)
    rank = {heading: i for i, heading in enumerate(section_order)}
    wrong_sections.sort(key=lambda heading: rank.get(heading, len(rank)))
    return Summary(
        score=state.score,
        answered=state.position,
        total=len(state.question_ids),
        stopped=not state.finished,
        sections_to_reread=wrong_sections,
    )


def options_text(question: Question) -> Text:
    """The options as lines "A: …" for channels that show no buttons."""
    return "\n".join(f"{question.letter(i)}: {option}" for i, option in enumerate(question.options))
