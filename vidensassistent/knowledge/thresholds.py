"""Thresholds of the answer decision, read from data/knowledge/thresholds.yml.

Used by actions/faq (the decision), the report (answers given with low confidence)
and benchmarks/tune_thresholds.py (which replays the decision with other values).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Text

import yaml

from vidensassistent.knowledge.topics import KNOWLEDGE_DIR

THRESHOLDS_FILE = "thresholds.yml"


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs on the joint topic probability from the KnowledgeClassifier; what each
    one means is written beside its value in data/knowledge/thresholds.yml."""

    answer_min_confidence: float
    answer_min_margin: float
    answer_clear_lead_min_confidence: float
    answer_clear_lead_ratio: float
    clarify_min_confidence: float
    domain_clarify_min_confidence: float
    domain_question_min_words: int
    candidate_min_confidence: float
    scope_min_similarity: float
    followup_max_words: int
    followup_new_question_confidence: float
    followup_context_boost: float
    followup_continue_max_words: int
    followup_continue_min_confidence: float
    part_min_confidence: float
    focus_min_confidence: float


def read_thresholds_file(directory: Path = KNOWLEDGE_DIR) -> Dict[Text, Any]:
    with open(directory / THRESHOLDS_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def parse_thresholds(answer: Dict[Text, Any]) -> Thresholds:
    """The `answer` block; a missing or unknown name is an error, not a silent default."""
    names = {f.name: f.type for f in fields(Thresholds)}
    if set(answer) != set(names):
        raise ValueError(f"{THRESHOLDS_FILE}: `answer` must set exactly {sorted(names)}")
    return Thresholds(**{name: (int if names[name] == "int" else float)(answer[name]) for name in names})


@lru_cache(maxsize=1)
def load_thresholds(directory: Path = KNOWLEDGE_DIR) -> Thresholds:
    return parse_thresholds(read_thresholds_file(directory)["answer"])


def nlu_fallback_threshold(directory: Path = KNOWLEDGE_DIR) -> float:
    """The intent confidence below which Rasa's FallbackClassifier gives nlu_fallback
    (config.yml repeats it)."""
    return float(read_thresholds_file(directory)["nlu_fallback"])


DEFAULT_THRESHOLDS = load_thresholds()
