"""Topic and area buttons (intents sent directly, bypassing NLU); other features
offer topics with them too."""

from __future__ import annotations

from typing import Dict, Iterable, List, Text

from actions.names import AREA_ENTITY, CHOOSE_AREA, SOMETHING_ELSE, payload, topic_payload
from vidensassistent.knowledge import Knowledge, Topic

Button = Dict[Text, Text]

# Label of the escape button under "Mente du …?" (Danish UI text).
SOMETHING_ELSE_LABEL = "Noget andet"


def topic_button(topic: Topic) -> Button:
    return {"title": topic.title, "payload": topic_payload(topic.id)}


def topic_buttons(topics: Iterable[Topic]) -> List[Button]:
    return [topic_button(t) for t in topics]


def area_buttons(knowledge: Knowledge) -> List[Button]:
    return [
        {"title": title, "payload": payload(CHOOSE_AREA, **{AREA_ENTITY: area})}
        for area, title in knowledge.areas.items()
    ]


def something_else_button() -> Button:
    return {"title": SOMETHING_ELSE_LABEL, "payload": payload(SOMETHING_ELSE)}
