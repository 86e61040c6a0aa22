"""Regression guard: held-out questions must keep being answered right.

The floors sit a few points under what `make bench` measured (see README);
they catch a regression, they are not the goal.
"""
from tooling.heldout import Score, classify_reply, load_answer_texts, load_heldout

ANSWER_ACCURACY_FLOOR = 0.93
OUT_OF_SCOPE_REJECTION_FLOOR = 0.90


def test_heldout_answer_accuracy_and_rejection(bot):
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
    assert score.accuracy >= ANSWER_ACCURACY_FLOOR
    assert score.rejection >= OUT_OF_SCOPE_REJECTION_FLOOR
