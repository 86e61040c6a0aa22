"""Feedback on answers as it is stored and read back: the slots the actions set
(actions/feedback) and the report reads (vidensassistent/reporting), and the
settings in data/knowledge/feedback.yml (buttons, comment length, chart) and
data/knowledge/thresholds.yml (when an answer counts as given with low confidence).

A rating is stored as a SlotSet event of the slot `feedback` (a small dict), the
comment as the slot `feedback_comment`; both land in the tracker store with the
rest of the conversation and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional, Text

import yaml

from vidensassistent.knowledge.thresholds import read_thresholds_file
from vidensassistent.knowledge.topics import KNOWLEDGE_DIR, RETRIEVAL_INTENT

# Slots (domain.yml, section "feedback").
FEEDBACK_SLOT = "feedback"
COMMENT_SLOT = "feedback_comment"

# Values of `rating` in the `feedback` slot.
HELPFUL = "helpful"
NOT_HELPFUL = "not_helpful"

ANSWER_PREFIX = f"utter_{RETRIEVAL_INTENT}/"


@dataclass(frozen=True)
class FeedbackSettings:
    helpful_label: Text
    not_helpful_label: Text
    max_buttons_per_answer: int
    comment_max_chars: int
    low_confidence_band: float
    low_margin_band: float
    chart_topics: int


def parse_settings(raw: Dict[Text, Any], thresholds_raw: Dict[Text, Any]) -> FeedbackSettings:
    low = thresholds_raw["report_low_confidence"]
    return FeedbackSettings(
        helpful_label=raw["buttons"]["helpful"],
        not_helpful_label=raw["buttons"]["not_helpful"],
        max_buttons_per_answer=int(raw["max_buttons_per_answer"]),
        comment_max_chars=int(raw["comment_max_chars"]),
        low_confidence_band=float(low["confidence_band"]),
        low_margin_band=float(low["margin_band"]),
        chart_topics=int(raw["chart_topics"]),
    )


@lru_cache(maxsize=1)
def load_settings(directory: Path = KNOWLEDGE_DIR) -> FeedbackSettings:
    with open(directory / "feedback.yml", encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return parse_settings(raw, read_thresholds_file(directory))


def answer_topic(response: Optional[Text]) -> Optional[Text]:
    """`utter_faq/reden` -> `reden`; None for any other response."""
    if response and response.startswith(ANSWER_PREFIX):
        return response[len(ANSWER_PREFIX) :]
    return None
