"""Coverage of the whole note (issue 11, item 8): which FAQ answer holds each fact.

`python -m vidensassistent.tooling.coverage` (`make coverage`) prints, section by section of the
note, every fact listed in data/knowledge/coverage.yml, the topic meant to answer
it and whether that topic's answer text (utter_faq/<topic>) holds it, then the
number of facts no answer holds. It exits with 1 when a fact is not held, a
section of the note is missing or a topic is unknown, so it can gate a build.

A fact is held when every one of its evidence strings occurs in the answer,
compared case-insensitively with runs of whitespace folded to one space.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Text, Tuple

import yaml

from vidensassistent.settings import ROOT

COVERAGE_FILE = ROOT / "data" / "knowledge" / "coverage.yml"
TOUR_FILE = ROOT / "data" / "knowledge" / "tour.yml"
TOPICS_FILE = ROOT / "data" / "knowledge" / "topics.yml"
RESPONSES_DIR = ROOT / "data" / "nlu" / "responses"
ANSWER_PREFIX = "utter_faq/"


@dataclass(frozen=True)
class Fact:
    section: Text
    text: Text
    topic: Text
    evidence: Tuple[Text, ...]


@dataclass(frozen=True)
class Section:
    heading: Text
    facts: Tuple[Fact, ...]


@dataclass(frozen=True)
class Check:
    fact: Fact
    missing: Tuple[Text, ...]  # evidence strings the topic's answer lacks
    held_elsewhere: Tuple[Text, ...]  # other topics whose answers hold all the evidence

    @property
    def held(self) -> bool:
        return not self.missing


def _yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_coverage(path: Path = COVERAGE_FILE) -> List[Section]:
    sections = []
    for entry in _yaml(path)["sections"]:
        heading = entry["heading"]
        facts = []
        for item in entry.get("facts") or []:
            evidence = item["evidence"]
            evidence = (evidence,) if isinstance(evidence, str) else tuple(evidence)
            facts.append(Fact(heading, item["fact"], item["topic"], evidence))
        sections.append(Section(heading, tuple(facts)))
    return sections


def note_headings(path: Path = TOUR_FILE) -> List[Text]:
    """The note's sections in order, as the guided tour names them (its `heading`)."""
    return [section["heading"] for section in _yaml(path)["sections"]]


def topic_ids(path: Path = TOPICS_FILE) -> List[Text]:
    return list(_yaml(path)["topics"])


def load_answers(directory: Path = RESPONSES_DIR) -> Dict[Text, Text]:
    """Topic id -> the text of its answer (all variants joined)."""
    answers: Dict[Text, List[Text]] = {}
    for path in sorted(directory.glob("*.yml")):
        for name, variants in (_yaml(path).get("responses") or {}).items():
            if name.startswith(ANSWER_PREFIX):
                answers.setdefault(name[len(ANSWER_PREFIX) :], []).extend(v["text"] for v in variants)
    return {topic: "\n".join(texts) for topic, texts in answers.items()}


def fold(text: Text) -> Text:
    return re.sub(r"\s+", " ", text).strip().casefold()


def missing_evidence(answer: Text, evidence: Sequence[Text]) -> Tuple[Text, ...]:
    folded = fold(answer)
    return tuple(e for e in evidence if fold(e) not in folded)


def check(fact: Fact, answers: Dict[Text, Text]) -> Check:
    missing = missing_evidence(answers.get(fact.topic, ""), fact.evidence)
    elsewhere: Tuple[Text, ...] = ()
    if missing:
        elsewhere = tuple(
            topic
            for topic, answer in sorted(answers.items())
            if topic != fact.topic and not missing_evidence(answer, fact.evidence)
        )
    return Check(fact, missing, elsewhere)


def problems(sections: List[Section], headings: List[Text], topics: Sequence[Text]) -> List[Text]:
    """What makes the coverage file itself wrong: sections or topics that do not exist or are missing."""
    listed = [section.heading for section in sections]
    found = [f"afsnittet '{h}' mangler i coverage.yml" for h in headings if h not in listed]
    found += [f"'{h}' er ikke et afsnit i notatet (tour.yml)" for h in listed if h not in headings]
    found += [f"'{h}' står flere gange i coverage.yml" for h in sorted(set(listed)) if listed.count(h) > 1]
    found += [f"afsnittet '{s.heading}' har ingen fakta" for s in sections if not s.facts]
    found += [
        f"ukendt emne '{fact.topic}' ({s.heading}: {fact.text})"
        for s in sections
        for fact in s.facts
        if fact.topic not in topics
    ]
    return found


FACT_WIDTH = 72
TOPIC_WIDTH = 22


def _rows(result: Check) -> List[Text]:
    lines = textwrap.wrap(result.fact.text, FACT_WIDTH) or [""]
    status = "ja" if result.held else "NEJ"
    rows = [f"  {lines[0]:<{FACT_WIDTH}}  {result.fact.topic:<{TOPIC_WIDTH}}  {status}"]
    rows += [f"  {line}" for line in lines[1:]]
    if not result.held:
        rows.append(f"      mangler i svaret: {', '.join(repr(e) for e in result.missing)}")
        if result.held_elsewhere:
            rows.append(f"      findes i svaret på: {', '.join(result.held_elsewhere)}")
    return rows


def report(sections: List[Section], answers: Dict[Text, Text], file_problems: List[Text]) -> Tuple[Text, int]:
    """The plain-text table and the number of facts no answer holds."""
    out: List[Text] = []
    not_held = 0
    for section in sections:
        results = [check(fact, answers) for fact in section.facts]
        missing = sum(not r.held for r in results)
        not_held += missing
        out.append(f"{section.heading} ({len(results)} fakta, {missing} ikke i svaret)")
        out.append(f"  {'Fakta':<{FACT_WIDTH}}  {'Emne':<{TOPIC_WIDTH}}  Svaret har det")
        for result in results:
            out.extend(_rows(result))
        out.append("")
    total = sum(len(s.facts) for s in sections)
    out.append(f"I alt {total} fakta i {len(sections)} afsnit.")
    out.append(f"Fakta, som emnets svar ikke har: {not_held}.")
    out.extend(f"Fejl: {problem}" for problem in file_problems)
    return "\n".join(out), not_held


def main(argv: Optional[Sequence[Text]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=COVERAGE_FILE, help="the coverage file")
    args = parser.parse_args(argv)
    sections = load_coverage(args.file)
    file_problems = problems(sections, note_headings(), topic_ids())
    text, not_held = report(sections, load_answers(), file_problems)
    print(text)
    return 1 if not_held or file_problems else 0


if __name__ == "__main__":
    sys.exit(main())
