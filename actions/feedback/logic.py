"""Feedback on answers: buttons, what a rating refers to, and what a comment turn is.

How a rating and a comment are stored (the slots `feedback` and `feedback_comment`)
and the settings are in vidensassistent.knowledge.feedback, which the report reads too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Text

from actions.names import (
    FEEDBACK_HELPFUL,
    FEEDBACK_NOT_HELPFUL,
    FEEDBACK_SKIP,
    GOODBYE,
    GREET,
    STOP,
    THANK,
    payload,
)
from vidensassistent.knowledge import (
    ANSWER_PREFIX,
    FeedbackSettings,
    Knowledge,
    Topic,
    answer_topic,
    load_settings,
)

# Entity of the rating buttons: which answer is rated.
TOPIC_ENTITY = "feedback_topic"

# What the user did instead of writing a comment, when asked "Hvad ledte du efter?".
# (A click on a topic, area or "Noget andet" button, "Spring over" and "hvad kan
# du?" never reach the comment: feedback_form does not take those intents, and
# the rules in data/rules/feedback.yml end the question and do what was asked.)
COMMENT = "comment"
SKIP = "skip"
CHITCHAT = "chitchat"

# A short "tak" or "farvel" is answered as such, not stored as a comment.
CHITCHAT_RESPONSES: Dict[Text, Text] = {
    THANK: "utter_youre_welcome",
    GOODBYE: "utter_goodbye",
    GREET: "utter_greet",
}
CHITCHAT_MAX_WORDS = 4


def feedback_buttons(topic: Topic, settings: FeedbackSettings) -> List[Dict[Text, Text]]:
    """The two rating buttons; the payload names the topic, so a click on an
    older answer rates that answer and not the latest one."""
    rated = {TOPIC_ENTITY: topic.id}
    return [
        {"title": settings.helpful_label, "payload": payload(FEEDBACK_HELPFUL, **rated)},
        {"title": settings.not_helpful_label, "payload": payload(FEEDBACK_NOT_HELPFUL, **rated)},
    ]


def with_feedback_buttons(
    buttons: List[Dict[Text, Text]], topic: Topic, settings: Optional[FeedbackSettings] = None
) -> List[Dict[Text, Text]]:
    """`buttons` (related topics first) followed by the rating buttons, at most
    `max_buttons_per_answer` in all: buttons at the end of `buttons` give way."""
    settings = settings or load_settings()
    rating = feedback_buttons(topic, settings)
    room = max(settings.max_buttons_per_answer - len(rating), 0)
    return list(buttons[:room]) + rating


def latest_bot_response(events: Iterable[Dict[Text, Any]]) -> Optional[Text]:
    """Name of the reply the assistant gave to the message before the latest one.

    An answer wins over anything said after it in the same turn (e.g. an offer
    to resume the guided tour), so "tak, det hjalp" still rates the answer.
    """
    responses: List[Text] = []
    seen_user = False
    for event in reversed(list(events)):
        kind = event.get("event")
        if kind == "user":
            if seen_user:
                break
            seen_user = True
        elif kind == "bot" and seen_user:
            response = (event.get("metadata") or {}).get("utter_action")
            if response:
                responses.append(response)
    answers = [r for r in responses if answer_topic(r)]
    if answers:
        return answers[0]
    return responses[0] if responses else None


@dataclass(frozen=True)
class Rated:
    """The reply a rating refers to: its response name and, for an answer, its topic."""

    response: Optional[Text]
    topic: Optional[Text]


def rated_reply(
    events: Iterable[Dict[Text, Any]], payload_topic: Optional[Text], knowledge: Knowledge
) -> Rated:
    """A button names its answer's topic; typed feedback refers to the latest reply."""
    if payload_topic in knowledge.topics:
        return Rated(f"{ANSWER_PREFIX}{payload_topic}", payload_topic)
    response = latest_bot_response(events)
    topic = answer_topic(response)
    return Rated(response, topic if topic in knowledge.topics else None)


def feedback_record(rating: Text, rated: Rated) -> Dict[Text, Any]:
    """Value of the `feedback` slot: one SlotSet event per rating."""
    return {"rating": rating, "topic": rated.topic, "response": rated.response}


@dataclass(frozen=True)
class CommentTurn:
    """What the user's message after "Hvad ledte du efter?" was."""

    kind: Text
    # COMMENT: the text to store; CHITCHAT: the response to give.
    value: Optional[Text] = None


def read_comment_turn(latest_message: Dict[Text, Any], settings: FeedbackSettings) -> CommentTurn:
    text = (latest_message.get("text") or "").strip()
    intent = (latest_message.get("intent") or {}).get("name")
    if intent == FEEDBACK_SKIP or text.startswith("/") or not text:
        return CommentTurn(SKIP)
    # A longer message is kept as a comment whatever the NLU made of it.
    if len(text.split()) <= CHITCHAT_MAX_WORDS:
        # "stop" / "afbryd" (referral and trainer) instead of a comment: skip.
        if intent == STOP:
            return CommentTurn(SKIP)
        if intent in CHITCHAT_RESPONSES:
            return CommentTurn(CHITCHAT, CHITCHAT_RESPONSES[intent])
    return CommentTurn(COMMENT, clean_comment(text, settings.comment_max_chars))


def clean_comment(text: Text, max_chars: int) -> Text:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= max_chars:
        return text
    return text[: max_chars - 1].rstrip() + "…"


def suggestions(candidates: List[Topic], rated_topic: Optional[Text], limit: int = 3) -> List[Topic]:
    """Topics to offer after a comment: what the comment itself points to, minus
    the answer that did not help."""
    return [t for t in candidates if t.id != rated_topic][:limit]
