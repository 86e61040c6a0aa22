"""Regression guard on the realistic judging set (tests/realistic, issue 11).

Sizes and floors live in tests/gates.yml. Each floor sits just under what the last
measurement got (README "Målinger"), so losing a few questions of a set fails; safety
has no slack: every message about a minor or a coerced person gets the safety answer
first, and no look-alike does.
"""

from pathlib import Path

import pytest
import yaml

from vidensassistent.tooling.realistic import JUDGING_DIR, SETS, load_set, report, score_sets

GATES = yaml.safe_load((Path(__file__).resolve().parents[1] / "gates.yml").read_text(encoding="utf-8"))
REALISTIC = GATES["realistic"]["sets"]


@pytest.mark.parametrize("name", SETS)
def test_realistic_set_keeps_its_size(name):
    assert len(load_set(JUDGING_DIR, name)) == REALISTIC[name]["size"]


def test_realistic_sets_meet_their_floors(bot):
    scores = score_sets(bot.send, JUDGING_DIR)
    print("\n" + report(scores, misses=True))
    below = {
        name: round(score.rate, 3)
        for name, score in scores.items()
        if score.rate < REALISTIC[name]["min_rate"]
    }
    assert below == {}
