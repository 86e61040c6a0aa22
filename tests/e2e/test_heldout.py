"""Regression guard: held-out questions must keep being answered right.

The floors (tests/gates.yml) sit two questions under the last measurement; they catch a
regression, they are not the goal.
"""

from pathlib import Path

import yaml

from vidensassistent.tooling.heldout import Score, classify_reply, load_answer_texts, load_heldout

GATES = yaml.safe_load((Path(__file__).resolve().parents[1] / "gates.yml").read_text(encoding="utf-8"))


def test_heldout_answer_accuracy_and_rejection(bot):
    gate = GATES["held-out"]
    answers = load_answer_texts()
    score = Score()
    misses = []
    for i, question in enumerate(load_heldout()):
        got = classify_reply(bot.send(f"heldout-{i}", question.text), answers)
        score.add(question, got)
        if got != question.topic:
            misses.append(f"{question.topic:>22} -> {got}: {question.text}")
    print(
        f"\nheld-out answer accuracy {score.accuracy:.1%} ({score.in_scope_correct}/{score.in_scope_total}),"
        f" clarified {score.in_scope_clarified}, out-of-scope rejection {score.rejection:.1%}"
        f" ({score.out_rejected}/{score.out_total})"
    )
    print("\n".join(misses))
    assert (score.in_scope_total, score.out_total) == (gate["in_scope"], gate["out_of_scope"])
    assert score.in_scope_correct >= gate["min_correct"], "\n".join(misses)
    assert score.out_rejected >= gate["min_rejected"], "\n".join(misses)
