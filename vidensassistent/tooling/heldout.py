"""The held-out question set and how a bot reply is scored against it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Text, Tuple

import yaml

from vidensassistent.settings import ROOT

HELDOUT_DIR = ROOT / "tests" / "heldout"
RESPONSES_DIR = ROOT / "data" / "nlu" / "responses"
KNOWLEDGE_DIR = ROOT / "data" / "knowledge"
OUT_OF_SCOPE = "out_of_scope"
CLARIFY = "clarify"
SAFETY = "safety"


@dataclass(frozen=True)
class Question:
    topic: Text
    text: Text


def load_heldout(directory: Path = HELDOUT_DIR) -> List[Question]:
    questions = []
    for path in sorted(directory.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["heldout"]:
            questions.append(Question(entry["topic"], entry["text"]))
    return questions


def load_answer_texts(directory: Path = RESPONSES_DIR) -> Dict[Text, Text]:
    """Map each answer text to its topic id (from `utter_faq/<topic>`)."""
    texts = {}
    for path in sorted(directory.glob("*.yml")):
        for name, variants in yaml.safe_load(path.read_text(encoding="utf-8"))["responses"].items():
            topic = name.split("/", 1)[1]
            for variant in variants:
                texts[variant["text"].strip()] = topic
    return texts


@lru_cache(maxsize=1)
def safety_starts() -> Tuple[Text, ...]:
    referral = yaml.safe_load((KNOWLEDGE_DIR / "referral.yml").read_text(encoding="utf-8"))
    return tuple(" ".join(referral["not_prostitution"][k].split())[:40] for k in ("minor", "coercion"))


def classify_reply(messages: Iterable[Dict], answers: Dict[Text, Text]) -> Optional[Text]:
    """What the user got: a topic id, CLARIFY, OUT_OF_SCOPE, or None (anything else).

    The safety answer (a minor or a coerced person: not prostitution by the
    definition, the criminal code, the note describes no procedure) is the note's
    answer on what is not prostitution; to a question the note cannot answer
    ("the penalty for buying sex from a minor") it is a decline that says so."""
    starts = safety_starts()
    for message in messages:
        text = (message.get("text") or "").strip()
        if text in answers:
            return answers[text]
        if any(" ".join(text.split()).startswith(s) for s in starts):
            return SAFETY
        if text.startswith("Jeg er ikke helt sikker"):
            return CLARIFY
        if text.startswith("Det ligger uden for") or text.startswith("Det svarer vidensnotatet ikke"):
            return OUT_OF_SCOPE
    return None


@dataclass
class Score:
    in_scope_total: int = 0
    in_scope_correct: int = 0
    in_scope_clarified: int = 0
    out_total: int = 0
    out_rejected: int = 0

    @property
    def accuracy(self) -> float:
        return self.in_scope_correct / self.in_scope_total if self.in_scope_total else 0.0

    @property
    def rejection(self) -> float:
        return self.out_rejected / self.out_total if self.out_total else 0.0

    def add(self, question: Question, got: Optional[Text]) -> None:
        if question.topic == OUT_OF_SCOPE:
            self.out_total += 1
            # A "Mente du …?" is not a confident wrong answer, but neither is it a
            # rejection: only a plain "outside what I know" counts.
            self.out_rejected += got in (OUT_OF_SCOPE, SAFETY)
        else:
            self.in_scope_total += 1
            self.in_scope_correct += got == question.topic or (
                got == SAFETY and question.topic == "not_prostitution"
            )
            self.in_scope_clarified += got == CLARIFY
