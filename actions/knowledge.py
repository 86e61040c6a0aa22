"""Read access to the topic metadata in data/knowledge/topics.yml."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Text

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TOPICS_FILE = Path(
    os.environ.get("VIDEN_TOPICS_FILE", PROJECT_ROOT / "data" / "knowledge" / "topics.yml")
)
RETRIEVAL_INTENT = "faq"


@dataclass(frozen=True)
class Topic:
    id: Text
    title: Text
    area: Text
    section: Text
    related: List[Text]

    @property
    def utter_action(self) -> Text:
        return f"utter_{RETRIEVAL_INTENT}/{self.id}"


@dataclass(frozen=True)
class Knowledge:
    areas: Dict[Text, Text]
    topics: Dict[Text, Topic]

    def topics_in_area(self, area: Text) -> List[Topic]:
        return [t for t in self.topics.values() if t.area == area]

    def topic_for_key(self, intent_response_key: Text) -> Topic | None:
        """Topic for a retrieval key such as `faq/definition`."""
        prefix = f"{RETRIEVAL_INTENT}/"
        if not intent_response_key or not intent_response_key.startswith(prefix):
            return None
        return self.topics.get(intent_response_key[len(prefix):])


def parse_knowledge(raw: Dict) -> Knowledge:
    topics = {
        topic_id: Topic(
            id=topic_id,
            title=entry["title"],
            area=entry["area"],
            section=entry["section"],
            related=list(entry.get("related", [])),
        )
        for topic_id, entry in raw["topics"].items()
    }
    return Knowledge(areas=dict(raw["areas"]), topics=topics)


@lru_cache(maxsize=1)
def load_knowledge(path: Path = TOPICS_FILE) -> Knowledge:
    with open(path, encoding="utf-8") as handle:
        return parse_knowledge(yaml.safe_load(handle))
