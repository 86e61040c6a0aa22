"""The knowledge content is complete and consistent across its files.

Every topic in data/knowledge/topics.yml must have an answer, enough training
examples and enough held-out questions; every answer must name its source.
"""
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from actions.knowledge import load_knowledge
from tooling.heldout import OUT_OF_SCOPE, load_heldout

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = load_knowledge()
MIN_TRAINING_EXAMPLES = 20
MIN_HELDOUT = 5
MIN_HELDOUT_OUT_OF_SCOPE = 40


def _yaml_files(folder):
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / folder).glob("*.yml"))]


def _responses():
    merged = {}
    for doc in _yaml_files("data/nlu/responses"):
        for name, variants in doc["responses"].items():
            assert name not in merged, f"{name} defined twice"
            merged[name] = variants
    return merged


def _training_examples():
    counts = Counter()
    lines = []
    for path in (ROOT / "data/nlu").rglob("*.yml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in doc.get("nlu", []):
            if "intent" in block:
                examples = [e[2:].strip() for e in block["examples"].splitlines() if e.startswith("- ")]
                counts[block["intent"]] += len(examples)
                lines += [(block["intent"], e) for e in examples]
    return counts, lines


RESPONSES = _responses()
COUNTS, LINES = _training_examples()
HELDOUT = load_heldout()
TUNING = load_heldout(ROOT / "tests" / "tuning")


@pytest.mark.parametrize("topic", sorted(KNOWLEDGE.topics))
def test_every_topic_has_an_answer_naming_its_section(topic):
    section = KNOWLEDGE.topics[topic].section
    variants = RESPONSES[f"utter_faq/{topic}"]
    for variant in variants:
        text = variant["text"].strip()
        assert text.endswith(f"Kilde: Vidensnotatet, afsnittet '{section}'"), text[-120:]
        sentences = re.split(r"(?<=[.!?])\s+", text.rsplit("Kilde:", 1)[0].strip())
        assert 2 <= len(sentences) <= 8, f"{topic}: {len(sentences)} sentences"


def test_no_answer_without_a_topic():
    assert {name.split("/", 1)[1] for name in RESPONSES} == set(KNOWLEDGE.topics)


@pytest.mark.parametrize("topic", sorted(KNOWLEDGE.topics))
def test_every_topic_has_enough_training_examples(topic):
    assert COUNTS[f"faq/{topic}"] >= MIN_TRAINING_EXAMPLES


def test_related_topics_exist():
    for topic in KNOWLEDGE.topics.values():
        assert 1 <= len(topic.related) <= 3
        assert set(topic.related) <= set(KNOWLEDGE.topics), topic.id
        assert topic.area in KNOWLEDGE.areas


def test_heldout_covers_every_topic_and_out_of_scope():
    per_topic = Counter(q.topic for q in HELDOUT)
    for topic in KNOWLEDGE.topics:
        assert per_topic[topic] >= MIN_HELDOUT, topic
    assert per_topic[OUT_OF_SCOPE] >= MIN_HELDOUT_OUT_OF_SCOPE
    assert set(per_topic) <= set(KNOWLEDGE.topics) | {OUT_OF_SCOPE}


def test_heldout_and_tuning_questions_are_never_trained_on():
    def norm(text):
        return re.sub(r"[^\wæøå]+", " ", text.lower()).strip()

    trained = {norm(text) for _, text in LINES}
    leaked = [q.text for q in HELDOUT + TUNING if norm(q.text) in trained]
    assert leaked == []


def test_dated_figures_are_flagged():
    # Answers quoting figures or the tax threshold must say the fact may have changed.
    for name, variants in RESPONSES.items():
        text = variants[0]["text"]
        if re.search(r"\d[\d.]* ?(%|kr)|\b\d\.\d{3}\b", text):
            assert "Bemærk:" in text, name


def test_no_training_question_of_a_topic_is_declined_as_not_covered():
    # A not-covered pattern is checked before the classifier; one that matches a
    # question the note does answer would decline it (e.g. "telefonregning").
    declined = [
        (intent, text, rule.id)
        for intent, text in LINES
        if intent.startswith("faq/")
        for rule in [KNOWLEDGE.not_covered_rule(text)]
        if rule is not None
    ]
    assert declined == []
