"""How the report writes numbers, times, topics and questions (HTML page and CSV files alike)."""

from __future__ import annotations

from datetime import datetime
from typing import Optional, Text

from vidensassistent.knowledge import Knowledge
from vidensassistent.reporting.analysis import OUTCOME_LABELS, Rating, Turn, outcome_of


def number(value: Optional[float], digits: int = 2) -> Text:
    return "–" if value is None else f"{value:.{digits}f}".replace(".", ",")


def percent(part: int, whole: int) -> Text:
    return "–" if not whole else f"{round(100 * part / whole)} %"


def when(timestamp: Optional[float]) -> Text:
    return "–" if timestamp is None else datetime.fromtimestamp(timestamp).strftime("%d.%m.%Y %H:%M")


def period_label(start: datetime, period: Text) -> Text:
    if period == "hour":
        return start.strftime("%d.%m. kl. %H")
    if period == "day":
        return start.strftime("%d.%m.%Y")
    return f"uge {start.isocalendar()[1]} {start.isocalendar()[0]}"


def topic_title(knowledge: Knowledge, topic: Optional[Text]) -> Text:
    if not topic:
        return "–"
    return knowledge.topics[topic].title if topic in knowledge.topics else topic


def question_text(turn: Optional[Turn], knowledge: Knowledge) -> Text:
    if turn is None:
        return "–"
    if turn.via_button:
        shown = f"valgt med knap: {topic_title(knowledge, turn.topic)}" if turn.topic else "valgt med knap"
        return f"({shown})"
    return turn.text


def closest(turn: Turn, knowledge: Knowledge, rank: int) -> Text:
    if len(turn.ranking) <= rank:
        return "–"
    topic, confidence = turn.ranking[rank]
    return f"{topic_title(knowledge, topic)} ({number(confidence)})"


def rating_question(rating: Rating, knowledge: Knowledge) -> Text:
    if rating.asked is not None:
        return f"{rating.asked.text} (emnet derefter valgt med knap)"
    return question_text(rating.question, knowledge)


def rated_label(rating: Rating, knowledge: Knowledge) -> Text:
    """The rated reply: the answer's topic, or what the assistant said instead."""
    if rating.topic:
        return topic_title(knowledge, rating.topic)
    outcome, _ = outcome_of([rating.response] if rating.response else [], [])
    return OUTCOME_LABELS.get(outcome, "–")
