"""Topics and areas (data/knowledge/topics.yml) and what the note never covers (not_covered.yml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Text

import yaml

from vidensassistent.settings import env

KNOWLEDGE_DIR = Path(env("VIDEN_KNOWLEDGE_DIR"))
RETRIEVAL_INTENT = "faq"


@dataclass(frozen=True)
class Topic:
    id: Text
    title: Text
    area: Text
    section: Text
    related: List[Text]
    # The topic that answers "hvorfor?" right after this one, when another does.
    why: Optional[Text] = None

    @property
    def utter_action(self) -> Text:
        return f"utter_{RETRIEVAL_INTENT}/{self.id}"


@dataclass(frozen=True)
class NotCoveredRule:
    """A kind of question the note never answers (data/knowledge/not_covered.yml)."""

    id: Text
    pattern: "re.Pattern[str]"
    response: Text
    related: List[Text]


@dataclass(frozen=True)
class Knowledge:
    areas: Dict[Text, Text]
    topics: Dict[Text, Topic]
    not_covered: List[NotCoveredRule] = field(default_factory=list)

    def not_covered_rule(self, text: Text) -> NotCoveredRule | None:
        return next((r for r in self.not_covered if r.pattern.search(text or "")), None)

    def topics_in_area(self, area: Text) -> List[Topic]:
        return [t for t in self.topics.values() if t.area == area]

    def topic_for_key(self, intent_response_key: Text) -> Topic | None:
        """Topic for a retrieval key such as `faq/definition`."""
        prefix = f"{RETRIEVAL_INTENT}/"
        if not intent_response_key or not intent_response_key.startswith(prefix):
            return None
        return self.topics.get(intent_response_key[len(prefix) :])


def parse_knowledge(raw: Dict, not_covered: Dict | None = None) -> Knowledge:
    topics = {
        topic_id: Topic(
            id=topic_id,
            title=entry["title"],
            area=entry["area"],
            section=entry["section"],
            related=list(entry.get("related", [])),
            why=entry.get("why"),
        )
        for topic_id, entry in raw["topics"].items()
    }
    rules = [
        NotCoveredRule(
            id=rule["id"],
            pattern=re.compile(rule["pattern"], re.IGNORECASE),
            response=rule["response"],
            related=list(rule.get("related", [])),
        )
        for rule in (not_covered or {}).get("kinds", [])
    ]
    return Knowledge(areas=dict(raw["areas"]), topics=topics, not_covered=rules)


def _read_yaml(path: Path) -> Dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def load_knowledge(directory: Path = KNOWLEDGE_DIR) -> Knowledge:
    return parse_knowledge(_read_yaml(directory / "topics.yml"), _read_yaml(directory / "not_covered.yml"))
