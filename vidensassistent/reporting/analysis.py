"""From stored events to what a content editor needs to know.

A conversation is cut into turns: one user message and everything the assistant
did until the next one. A turn's outcome is read from the responses the
assistant gave (`utter_action` of each bot event), so it is the outcome the
user saw: an answer (`utter_faq/<topic>`), "Mente du …?", a decline, or
Rasa's fallback. Confidences come from the response selector ranking that the
NLU stored with the user message.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Dict, Iterable, List, Optional, Sequence, Text, Tuple

from vidensassistent.integration.privacy import redact
from vidensassistent.knowledge import (
    COMMENT_SLOT,
    FEEDBACK_SLOT,
    HELPFUL,
    NOT_HELPFUL,
    FeedbackSettings,
    Thresholds,
    answer_topic,
    topic_ranking,
)
from vidensassistent.reporting.store import StoredEvent

ANSWERED = "answered"
CLARIFY = "clarify"
OUT_OF_SCOPE = "out_of_scope"
NOT_COVERED = "not_covered"
FALLBACK = "fallback"
OTHER = "other"

# What the user saw, in the report's words (Danish UI text).
OUTCOME_LABELS: Dict[Text, Text] = {
    ANSWERED: "Besvaret",
    CLARIFY: "Mente du …?",
    OUT_OF_SCOPE: "Uden for notatet",
    NOT_COVERED: "Ikke i notatet (kontakt, paragraf, årstal, straf, holdning)",
    FALLBACK: "Ikke forstået (fallback)",
}
UNANSWERED = (FALLBACK, CLARIFY, OUT_OF_SCOPE, NOT_COVERED)
QUESTION_OUTCOMES = (ANSWERED,) + UNANSWERED

FALLBACK_RESPONSES = ("utter_default",)
FALLBACK_ACTIONS = ("action_default_fallback",)
NLU_FALLBACK = "nlu_fallback"


def outcome_of(responses: Sequence[Text], actions: Sequence[Text]) -> Tuple[Text, Optional[Text]]:
    """(outcome, answered topic id) of one turn."""
    for response in responses:
        topic = answer_topic(response)
        if topic:
            return ANSWERED, topic
    if "utter_did_you_mean" in responses:
        return CLARIFY, None
    if any(r.startswith("utter_not_covered_") for r in responses):
        return NOT_COVERED, None
    if "utter_out_of_scope" in responses:
        return OUT_OF_SCOPE, None
    if any(r in FALLBACK_RESPONSES for r in responses) or any(a in FALLBACK_ACTIONS for a in actions):
        return FALLBACK, None
    return OTHER, None


@dataclass
class Turn:
    sender_id: Text
    index: int
    timestamp: float
    text: Text
    intent: Optional[Text]
    ranking: List[Tuple[Text, float]]
    scope_similarity: Optional[float]
    actions: List[Text] = field(default_factory=list)
    responses: List[Text] = field(default_factory=list)
    # Last value of each slot set during the turn.
    slots: Dict[Text, Any] = field(default_factory=dict)
    # Ratings stored during the turn (values of the `feedback` slot).
    ratings: List[Dict[Text, Any]] = field(default_factory=list)
    outcome: Text = OTHER
    topic: Optional[Text] = None

    @property
    def via_button(self) -> bool:
        return self.text.startswith("/")

    @property
    def is_question(self) -> bool:
        return not self.via_button and self.outcome in QUESTION_OUTCOMES

    @property
    def confidence(self) -> Optional[float]:
        return self.ranking[0][1] if self.ranking else None

    @property
    def margin(self) -> Optional[float]:
        if not self.ranking:
            return None
        return self.ranking[0][1] - (self.ranking[1][1] if len(self.ranking) > 1 else 0.0)


def _ranking(parse_data: Dict[Text, Any]) -> List[Tuple[Text, float]]:
    ranked = []
    for entry in topic_ranking(parse_data):
        topic = answer_topic(f"utter_{entry.get('intent_response_key', '')}")
        if topic:
            ranked.append((topic, float(entry.get("confidence") or 0.0)))
    return ranked


def _new_turn(event: StoredEvent, index: int) -> Turn:
    data = event.data
    parse = data.get("parse_data") or {}
    return Turn(
        sender_id=event.sender_id,
        index=index,
        timestamp=event.timestamp,
        text=(data.get("text") or parse.get("text") or "").strip(),
        intent=(parse.get("intent") or {}).get("name"),
        ranking=_ranking(parse),
        scope_similarity=(parse.get("scope") or {}).get("similarity"),
    )


def _add_to_turn(turn: Turn, event: StoredEvent) -> None:
    """What the assistant did after the user's message: actions, responses, slots, ratings."""
    data = event.data
    if event.kind == "action":
        name = data.get("name")
        if name and name != "action_listen":
            turn.actions.append(name)
    elif event.kind == "bot":
        response = (data.get("metadata") or {}).get("utter_action")
        if response:
            turn.responses.append(response)
    elif event.kind == "slot":
        name, value = data.get("name"), data.get("value")
        turn.slots[name] = value
        if name == FEEDBACK_SLOT and isinstance(value, dict) and value.get("rating"):
            turn.ratings.append(value)


def split_turns(events: Iterable[StoredEvent]) -> List[Turn]:
    turns: List[Turn] = []
    for event in events:
        if event.kind == "user":
            turns.append(_new_turn(event, len(turns)))
        elif turns:  # events before the first message (the session start) belong to no turn
            _add_to_turn(turns[-1], event)
    for turn in turns:
        turn.outcome, turn.topic = outcome_of(turn.responses, turn.actions)
    return turns


@dataclass
class Unanswered:
    turn: Turn
    # The topic the user picked on a "Mente du …?" button in the next turn.
    chosen_topic: Optional[Text] = None


@dataclass
class Rating:
    sender_id: Text
    timestamp: float
    rating: Text
    topic: Optional[Text]
    response: Optional[Text]
    question: Optional[Turn]
    comment: Optional[Text]
    # For an answer picked on a "Mente du …?" button: the question that was asked.
    asked: Optional[Turn] = None


@dataclass
class Report:
    conversations: int
    turns: List[Turn]
    questions: List[Turn]
    unanswered: List[Unanswered]
    low_confidence: List[Turn]
    ratings: List[Rating]
    # (period start, topic id) -> number of answers given
    topic_periods: Dict[Tuple[datetime, Text], int]
    period: Text  # "hour", "day" or "week"
    low_confidence_below: float
    low_margin_below: float
    first: Optional[float]
    last: Optional[float]

    @property
    def answered(self) -> List[Turn]:
        return [t for t in self.questions if t.outcome == ANSWERED]

    def count(self, outcome: Text) -> int:
        return sum(1 for t in self.questions if t.outcome == outcome)

    @property
    def helpful(self) -> List[Rating]:
        return [r for r in self.ratings if r.rating == HELPFUL]

    @property
    def not_helpful(self) -> List[Rating]:
        return [r for r in self.ratings if r.rating == NOT_HELPFUL]

    @property
    def comments(self) -> List[Rating]:
        return [r for r in self.not_helpful if r.comment]

    def topic_totals(self) -> Counter:
        totals: Counter = Counter()
        for (_, topic), count in self.topic_periods.items():
            totals[topic] += count
        return totals

    def periods(self) -> List[datetime]:
        """Every period from the first answer to the last, empty ones included."""
        starts = sorted({start for start, _ in self.topic_periods})
        if not starts:
            return []
        periods = [starts[0]]
        while periods[-1] < starts[-1]:
            periods.append(next_period(periods[-1], self.period))
        return periods


def is_low_confidence(turn: Turn, confidence_below: float, margin_below: float) -> bool:
    if turn.outcome != ANSWERED or turn.via_button or turn.confidence is None:
        return False
    return turn.confidence < confidence_below or (turn.margin or 0.0) < margin_below


def _ratings(turns: List[Turn]) -> List[Rating]:
    """Ratings of one conversation; the latest rating of an answer wins."""
    by_answer: Dict[Any, Rating] = {}
    for position, turn in enumerate(turns):
        for value in turn.ratings:
            response = value.get("response")
            rated = next(
                (t for t in reversed(turns[:position]) if response and response in t.responses), None
            )
            if rated is None and position > 0:
                rated = turns[position - 1]  # a reply without a response name: the message before
            asked = None
            if rated is not None and rated.via_button and rated.index > 0:
                before = turns[rated.index - 1]  # e.g. the question behind a "Mente du …?" pick
                asked = before if not before.via_button and before.outcome == CLARIFY else None
            comment = None
            if value.get("rating") == NOT_HELPFUL and position + 1 < len(turns):
                text = turns[position + 1].slots.get(COMMENT_SLOT)
                comment = text.strip() if isinstance(text, str) and text.strip() else None
            key = (rated.index if rated else ("turn", position), response)
            by_answer[key] = Rating(
                sender_id=turn.sender_id,
                timestamp=turn.timestamp,
                rating=value.get("rating"),
                topic=value.get("topic"),
                response=response,
                question=rated,
                asked=asked,
                comment=redact(comment)[0] if comment else None,
            )
    return list(by_answer.values())


def period_of(span_seconds: float) -> Text:
    if span_seconds <= 2 * 86400:
        return "hour"
    if span_seconds <= 92 * 86400:
        return "day"
    return "week"


def period_start(timestamp: float, period: Text) -> datetime:
    moment = datetime.fromtimestamp(timestamp)
    if period == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "day":
        return day
    return day - timedelta(days=day.weekday())


def next_period(start: datetime, period: Text) -> datetime:
    if period == "hour":
        return start + timedelta(hours=1)
    days = 1 if period == "day" else 7
    following = start.date() + timedelta(days=days)
    return datetime(following.year, following.month, following.day)


def _unanswered(turns: List[Turn]) -> List[Unanswered]:
    """Questions without an answer, with the topic picked on "Mente du …?" in the next turn."""
    unanswered = []
    for position, turn in enumerate(turns):
        if not (turn.is_question and turn.outcome in UNANSWERED):
            continue
        following = turns[position + 1] if position + 1 < len(turns) else None
        chosen = None
        if turn.outcome == CLARIFY and following and following.via_button and following.outcome == ANSWERED:
            chosen = following.topic
        unanswered.append(Unanswered(turn, chosen))
    return unanswered


def _time_frame(turns: List[Turn]) -> Tuple[Optional[float], Optional[float], Text]:
    """First and last message, and the chart's period (hour, day or week) for that span."""
    stamps = [t.timestamp for t in turns]
    if not stamps:
        return None, None, period_of(0.0)
    first, last = min(stamps), max(stamps)
    return first, last, period_of(last - first)


def analyse(
    conversations: Dict[Text, List[StoredEvent]],
    thresholds: Thresholds,
    settings: FeedbackSettings,
) -> Report:
    all_turns: List[Turn] = []
    unanswered: List[Unanswered] = []
    ratings: List[Rating] = []
    for events in conversations.values():
        turns = split_turns(events)
        for turn in turns:
            turn.text = redact(turn.text)[0]  # the channel redacts; older data may not be
        unanswered += _unanswered(turns)
        ratings += _ratings(turns)
        all_turns += turns

    questions = [t for t in all_turns if t.is_question]
    confidence_below = thresholds.answer_min_confidence + settings.low_confidence_band
    margin_below = thresholds.answer_min_margin + settings.low_margin_band
    low = [t for t in questions if is_low_confidence(t, confidence_below, margin_below)]
    first, last, period = _time_frame(all_turns)
    topic_periods = Counter(
        (period_start(t.timestamp, period), t.topic) for t in all_turns if t.outcome == ANSWERED and t.topic
    )
    return Report(
        conversations=sum(1 for events in conversations.values() if any(e.kind == "user" for e in events)),
        turns=all_turns,
        questions=sorted(questions, key=lambda t: t.timestamp),
        unanswered=sorted(unanswered, key=lambda u: u.turn.timestamp),
        low_confidence=sorted(low, key=lambda t: t.confidence or 0.0),
        ratings=sorted(ratings, key=lambda r: r.timestamp),
        topic_periods=dict(topic_periods),
        period=period,
        low_confidence_below=confidence_below,
        low_margin_below=margin_below,
        first=first,
        last=last,
    )


def nice_ceiling(value: float, ticks: int = 4) -> float:
    """A round axis maximum >= value whose `ticks` steps are round whole numbers."""
    if value <= 0:
        return float(ticks)
    need = value / ticks
    power = 10 ** max(math.floor(math.log10(need)), 0)
    steps = (1, 2, 3, 4, 5, 10) if power == 1 else (1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10)
    step = next(s * power for s in steps if s * power >= need)
    return float(step * ticks)
