"""Guided tour of trainer mode: the note section by section (data/knowledge/tour.yml).

The position in the tour is a plain index kept in a slot; `move` says where a
command ("næste", "tilbage", "spring til …", "fortsæt", "stop") leads from there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml

from actions.trainer.text import contains_any
from vidensassistent.knowledge import KNOWLEDGE_DIR

START = "start"
NEXT = "next"
BACK = "back"
JUMP = "jump"
RESUME = "resume"
STOP = "stop"


@dataclass(frozen=True)
class TourSection:
    id: Text
    title: Text
    heading: Text
    keywords: List[Text]
    summary: Text


@dataclass(frozen=True)
class Tour:
    sections: List[TourSection]
    labels: Dict[Text, Text]

    @property
    def headings(self) -> List[Text]:
        return [section.heading for section in self.sections]

    def title_of(self, heading: Text) -> Text:
        """How a heading of the note is shown ("Viden til gavn" is "Forord: Viden til gavn")."""
        return next((s.title for s in self.sections if s.heading == heading), heading)

    def index_of(self, section_id: Optional[Text]) -> Optional[int]:
        return next((i for i, s in enumerate(self.sections) if s.id == section_id), None)

    def find(self, text: Text) -> Optional[int]:
        """The section a typed request names ("spring til økonomi", "afsnit 5"), if exactly one."""
        matches = [
            i for i, s in enumerate(self.sections) if contains_any(text, [s.title, s.heading, *s.keywords])
        ]
        if len(matches) == 1:
            return matches[0]
        number = re.fullmatch(r"\D*?(\d{1,2})\D*", text or "")
        if not matches and number and 1 <= int(number.group(1)) <= len(self.sections):
            return int(number.group(1)) - 1
        return None


@dataclass(frozen=True)
class Step:
    """Where a command leads: show section `position`, ask which section, or end."""

    position: Optional[int]
    # The user stopped the tour.
    stopped: bool = False
    # "Næste" on the last section: the whole note has been shown.
    finished: bool = False
    # "Spring til …" without a recognisable section: show the list of sections.
    choose: bool = False
    # The command needs a tour in progress, and there is none.
    not_running: bool = False


def parse_tour(raw: Dict[Text, Any]) -> Tour:
    sections = [
        TourSection(
            id=entry["id"],
            title=entry["title"],
            heading=entry["heading"],
            keywords=list(entry.get("keywords", [])),
            summary=" ".join(entry["summary"].split()),
        )
        for entry in raw["sections"]
    ]
    ids = [s.id for s in sections]
    if len(set(ids)) != len(ids):
        raise ValueError("tour section ids must be unique")
    return Tour(sections=sections, labels=dict(raw.get("labels", {})))


@lru_cache(maxsize=1)
def load_tour(path: Path = KNOWLEDGE_DIR / "tour.yml") -> Tour:
    with open(path, encoding="utf-8") as handle:
        return parse_tour(yaml.safe_load(handle))


def move(
    tour: Tour,
    command: Text,
    position: Optional[int],
    target: Optional[Text] = None,
    text: Text = "",
) -> Step:
    """Next step of the tour from `position` (None: no tour in progress).

    `target` is a section id from a button, `text` the typed message (for "spring
    til økonomi"). "Spring til …" and "gennemgå notatet" also start a tour.
    """
    last = len(tour.sections) - 1
    if command == START:
        return Step(0)
    if command == JUMP:
        index = tour.index_of(target)
        if index is None:
            index = tour.find(text)
        return Step(index) if index is not None else Step(position, choose=True)
    if position is None:
        return Step(None, not_running=True)
    if command == NEXT:
        return Step(None, finished=True) if position >= last else Step(position + 1)
    if command == BACK:
        return Step(max(position - 1, 0))
    if command == RESUME:
        return Step(min(position, last))
    if command == STOP:
        return Step(None, stopped=True)
    raise ValueError(f"unknown tour command {command!r}")
