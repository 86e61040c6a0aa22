"""Button payloads shared by the actions (intents sent directly, bypassing NLU)."""
from __future__ import annotations

import json
from typing import Dict, Iterable, List, Text

from vidensassistent.knowledge import Knowledge, Topic

# Label of the escape button under "Mente du …?" (Danish UI text).
SOMETHING_ELSE_LABEL = "Noget andet"


def topic_button(topic: Topic) -> Dict[Text, Text]:
    return {"title": topic.title, "payload": f"/choose_topic{json.dumps({'topic': topic.id})}"}


def topic_buttons(topics: Iterable[Topic]) -> List[Dict[Text, Text]]:
    return [topic_button(t) for t in topics]


def area_buttons(knowledge: Knowledge) -> List[Dict[Text, Text]]:
    return [
        {"title": title, "payload": f"/choose_area{json.dumps({'area': area})}"}
        for area, title in knowledge.areas.items()
    ]


def something_else_button() -> Dict[Text, Text]:
    return {"title": SOMETHING_ELSE_LABEL, "payload": "/something_else"}
