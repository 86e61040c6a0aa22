"""Choose the answer thresholds (data/knowledge/thresholds.yml) on the tuning set.

Parses every question of a question set once with the trained model (in
process, no servers), then replays actions.faq.logic.decide with a grid of
thresholds and prints answer accuracy and out-of-scope rejection for each.
Use the tuning set (tests/tuning) to choose; report the held-out set
(tests/heldout) with `make bench` only afterwards.

    python -m benchmarks.tune_thresholds [--model models/vidensassistent.tar.gz] [--set tests/tuning]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
from pathlib import Path
from typing import Dict, List, Tuple

from actions.faq.logic import ANSWER, CLARIFY, decide
from vidensassistent.knowledge import DEFAULT_THRESHOLDS, Thresholds, load_knowledge
from vidensassistent.settings import ROOT
from vidensassistent.tooling.heldout import OUT_OF_SCOPE, Question, Score, load_heldout

GRID = {
    "answer_min_confidence": [0.2, 0.25, 0.3, 0.35, 0.45],
    "answer_min_margin": [0.0, 0.05, 0.1],
    "scope_min_similarity": [0.0, 0.86, 0.87, 0.88, 0.89, 0.90],
}


async def parse_all(model: Path, questions: List[Question]) -> List[Dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(q.text) for q in questions]


def outcome(parse_data: Dict, thresholds: Thresholds) -> str:
    intent = parse_data.get("intent", {}).get("name")
    if intent not in ("faq", "nlu_fallback", "out_of_scope"):
        return intent or "none"
    decision = decide(parse_data, load_knowledge(), thresholds=thresholds)
    if decision.kind == ANSWER:
        return decision.topics[0].id
    return CLARIFY if decision.kind == CLARIFY else OUT_OF_SCOPE


def score(questions: List[Question], parsed: List[Dict], thresholds: Thresholds) -> Score:
    result = Score()
    for question, parse_data in zip(questions, parsed):
        result.add(question, outcome(parse_data, thresholds))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "vidensassistent.tar.gz"))
    parser.add_argument("--set", default=str(ROOT / "tests" / "tuning"))
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--misses", action="store_true", help="list misses at the current defaults")
    args = parser.parse_args()
    questions = load_heldout(Path(args.set))
    parsed = asyncio.run(parse_all(Path(args.model), questions))

    rows: List[Tuple[float, Score, Thresholds]] = []
    for values in itertools.product(*GRID.values()):
        thresholds = Thresholds(**{**DEFAULT_THRESHOLDS.__dict__, **dict(zip(GRID, values))})
        result = score(questions, parsed, thresholds)
        # Equal weight to answering right and to declining what the note lacks.
        rows.append((result.accuracy + result.rejection, result, thresholds))
    rows.sort(key=lambda row: -row[0])
    current = score(questions, parsed, DEFAULT_THRESHOLDS)
    print(f"{args.set}: {len(questions)} questions")
    print(
        f"current defaults: accuracy {current.accuracy:.3f} rejection {current.rejection:.3f}"
        f" clarified {current.in_scope_clarified}"
    )
    if args.misses:
        for question, parse_data in zip(questions, parsed):
            got = outcome(parse_data, DEFAULT_THRESHOLDS)
            if got != question.topic:
                similarity = (parse_data.get("scope") or {}).get("similarity")
                print(f"  {question.topic:>22} -> {got:<22} sim={similarity} {question.text}")
    for _, result, thresholds in rows[: args.top]:
        chosen = {k: getattr(thresholds, k) for k in GRID}
        print(
            f"accuracy {result.accuracy:.3f} rejection {result.rejection:.3f}"
            f" clarified {result.in_scope_clarified:3d}  {chosen}"
        )


if __name__ == "__main__":
    main()
