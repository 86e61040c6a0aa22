"""The test stories' messages are not training lines, so `make test-stories` (run with --e2e,
which sends every `user:` text through the trained NLU) checks that the NLU generalises."""

from pathlib import Path

import yaml

from vidensassistent.tooling import leakage

STORIES = Path(__file__).resolve().parents[1] / "stories"


def story_messages():
    """Every typed `user:` text of tests/stories (button payloads "/intent{...}" excluded)."""
    lines = []
    for path in sorted(STORIES.glob("*.yml")):
        for story in yaml.safe_load(path.read_text(encoding="utf-8")).get("stories", []):
            for step in story["steps"]:
                text = str(step.get("user", "")).strip()
                if text and not text.startswith("/"):
                    lines.append(leakage.Line(text, step.get("intent", ""), f"{path.name}: {story['story']}"))
    return lines


def test_the_stories_have_typed_messages():
    assert len(story_messages()) >= 40


def test_no_story_message_is_a_training_line():
    hits = leakage.exact_matches(story_messages(), leakage.training_lines())
    assert hits == [], "story messages that are training lines:\n" + leakage.describe(hits)
